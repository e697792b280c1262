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
    "lunch": "#BBBBBB", "outside": "#937860", "down": "#C44E52", "off": "#E5E5E5",
    "teach": "#DA8BC3", "complaint": "#CCB974", "retain": "#64B5CD",
}


def day_timeline(results, day: int = 0, roles=ROLE_ORDER) -> pd.DataFrame:
    """Intervals of ``day`` (0-based) as clock hours, one row per interval, sorted by staff.

    Columns: staff, role, activity, start_h, end_h, minutes, customer. Intervals that run past
    midnight are clipped to the day.
    """
    activity = results.staff_activity
    lo, hi = day * 1440.0, (day + 1) * 1440.0
    rows = activity[(activity["end"] > lo) & (activity["start"] < hi) & activity["role"].isin(list(roles))].copy()
    rows["start_h"] = (rows["start"].clip(lower=lo) - lo) / 60.0
    rows["end_h"] = (rows["end"].clip(upper=hi) - lo) / 60.0
    rows["minutes"] = (rows["end_h"] - rows["start_h"]) * 60.0
    rank = {r: i for i, r in enumerate(roles)}
    rows["_r"] = rows["role"].astype(str).map(rank)
    rows = rows.sort_values(["_r", "staff", "start_h"], kind="stable")
    cols = ["staff", "role", "activity", "start_h", "end_h", "minutes", "customer"]
    out = rows[cols].reset_index(drop=True)
    for c in ("staff", "role", "activity"):
        out[c] = out[c].astype(str)
    return out


def staff_gantt(results, day: int = 0, roles=ROLE_ORDER, ax=None, hours: tuple[float, float] | None = None):
    """One horizontal row per member of staff, coloured bars for what they did; returns the ax."""
    timeline = day_timeline(results, day, roles)
    people = list(dict.fromkeys(timeline["staff"]))
    ax = ax or plt.subplots(figsize=(10, 0.45 * len(people) + 1.5))[1]
    for i, person in enumerate(people):
        rows = timeline[timeline["staff"] == person]
        for activity, bars in rows.groupby("activity", sort=True):
            ax.broken_barh(list(zip(bars["start_h"], bars["end_h"] - bars["start_h"])), (i - 0.38, 0.76),
                           facecolors=ACTIVITY_COLOURS.get(activity, "#999999"), linewidth=0)
    ax.set_yticks(range(len(people)), people)
    ax.invert_yaxis()
    opening = results.scenario.branch
    ax.set_xlim(*(hours or (opening.open_minute / 60.0, opening.close_minute / 60.0 + 0.5)))
    seen = [a for a in ACTIVITY_COLOURS if a in set(timeline["activity"])]
    ax.legend(handles=[Patch(color=ACTIVITY_COLOURS[a], label=a) for a in seen], ncol=len(seen),
              loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    ax.set(xlabel="clock time (hour)", title=f"{results.scenario.name}: what each member of staff did (day {day + 1})")
    return ax


def activity_shares(results, day: int | None = None) -> pd.DataFrame:
    """Minutes per person and activity (all days, or one): the table behind the Gantt chart."""
    minutes = results.staff_activity if day is None else day_timeline(results, day)
    minutes = minutes.assign(staff=minutes["staff"].astype(str), activity=minutes["activity"].astype(str))
    return minutes.pivot_table(index="staff", columns="activity", values="minutes", aggfunc="sum", fill_value=0.0)
