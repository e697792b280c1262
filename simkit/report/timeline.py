"""A Gantt timeline of what each member of staff did over a day.

Built from ``Results.staff_activity`` (one row per interval: staff, role, activity, start,
end). Two functions, so a notebook can show the table and the picture of the same thing:

>>> tl = day_timeline(res, day=0)     # tidy table with clock hours   # doctest: +SKIP
>>> staff_gantt(res, day=0)           # one bar row per person         # doctest: +SKIP
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

#: row order on the chart: the lobby first (where a visit starts), machines last
ROLE_ORDER = ("lobby_manager", "teller", "customer_manager", "machine")
#: fixed colours so the same activity looks the same in every notebook
ACTIVITY_COLOURS = {
    "serve": "#4C72B0", "triage": "#55A868", "second_triage": "#8172B3", "sell": "#DD8452",
    "lunch": "#BBBBBB", "outside": "#937860", "down": "#C44E52",
}


def day_timeline(res, day: int = 0, roles=ROLE_ORDER) -> pd.DataFrame:
    """Intervals of ``day`` (0-based) as clock hours, one row per interval, sorted by staff.

    Columns: staff, role, activity, start_h, end_h, minutes, customer. Intervals that run past
    midnight are clipped to the day.
    """
    a = res.staff_activity
    lo, hi = day * 1440.0, (day + 1) * 1440.0
    d = a[(a["end"] > lo) & (a["start"] < hi) & a["role"].isin(list(roles))].copy()
    d["start_h"] = (d["start"].clip(lower=lo) - lo) / 60.0
    d["end_h"] = (d["end"].clip(upper=hi) - lo) / 60.0
    d["minutes"] = (d["end_h"] - d["start_h"]) * 60.0
    rank = {r: i for i, r in enumerate(roles)}
    d["_r"] = d["role"].astype(str).map(rank)
    d = d.sort_values(["_r", "staff", "start_h"], kind="stable")
    cols = ["staff", "role", "activity", "start_h", "end_h", "minutes", "customer"]
    out = d[cols].reset_index(drop=True)
    for c in ("staff", "role", "activity"):
        out[c] = out[c].astype(str)
    return out


def staff_gantt(res, day: int = 0, roles=ROLE_ORDER, ax=None, hours: tuple[float, float] | None = None):
    """One horizontal row per member of staff, coloured bars for what they did; returns the ax."""
    tl = day_timeline(res, day, roles)
    people = list(dict.fromkeys(tl["staff"]))
    ax = ax or plt.subplots(figsize=(10, 0.45 * len(people) + 1.5))[1]
    for i, person in enumerate(people):
        rows = tl[tl["staff"] == person]
        for act, g in rows.groupby("activity", sort=True):
            ax.broken_barh(list(zip(g["start_h"], g["end_h"] - g["start_h"])), (i - 0.38, 0.76),
                           facecolors=ACTIVITY_COLOURS.get(act, "#999999"), linewidth=0)
    ax.set_yticks(range(len(people)), people)
    ax.invert_yaxis()
    b = res.scenario.branch
    ax.set_xlim(*(hours or (b.open_minute / 60.0, b.close_minute / 60.0 + 0.5)))
    seen = [a for a in ACTIVITY_COLOURS if a in set(tl["activity"])]
    ax.legend(handles=[Patch(color=ACTIVITY_COLOURS[a], label=a) for a in seen], ncol=len(seen),
              loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    ax.set(xlabel="clock time (hour)", title=f"{res.scenario.name}: what each member of staff did (day {day + 1})")
    return ax


def activity_shares(res, day: int | None = None) -> pd.DataFrame:
    """Minutes per person and activity (all days, or one): the table behind the Gantt chart."""
    a = res.staff_activity if day is None else day_timeline(res, day)
    a = a.assign(staff=a["staff"].astype(str), activity=a["activity"].astype(str))
    return a.pivot_table(index="staff", columns="activity", values="minutes", aggfunc="sum", fill_value=0.0)
