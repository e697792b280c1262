"""EventLog -> tidy pandas tables, once, after the simulation.

``customers``       one row per visit (a return visit after an error is a new row)
``events``          one row per logged event (see ``simkit.branch.log.EVENT_KINDS``)
``staff_activity``  one row per interval a member of staff spent on something
``queue``           one row per change of a queue's length: (t, queue, length)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..branch.customer import Customer

_EVENT_COLS = ("t", "customer", "kind", "place", "staff", "value")
_ACTIVITY_COLS = ("staff", "role", "activity", "start", "end", "customer")
_CATEGORIES = ("segment", "comm", "need", "channel", "ticket", "outcome", "sold", "lm", "server")


def customers_table(customers: list[Customer]) -> pd.DataFrame:
    cols = {name: [getattr(c, name) for c in customers] for name in Customer.COLUMNS}
    df = pd.DataFrame(cols)
    for c in _CATEGORIES:
        df[c] = df[c].astype("category")
    df["sojourn"] = df["end"] - df["arrive"]
    return df


def events_table(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows, columns=list(_EVENT_COLS)) if rows else pd.DataFrame(columns=list(_EVENT_COLS))
    for c in ("kind", "place", "staff"):
        df[c] = df[c].astype("category")
    return df


def activity_table(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows, columns=list(_ACTIVITY_COLS)) if rows else pd.DataFrame(columns=list(_ACTIVITY_COLS))
    df["minutes"] = df["end"] - df["start"]
    for c in ("staff", "role", "activity"):
        df[c] = df[c].astype("category")
    return df.sort_values(["start", "staff"], kind="stable").reset_index(drop=True)


#: how each event kind changes the length of the queue named in ``place``
_QUEUE_DELTA = {"ticket": 1, "call": -1, "renege": -1, "reroute": -1}


def queue_table(events: pd.DataFrame) -> pd.DataFrame:
    """Length of every queue after each change; derived from the events, not logged twice."""
    ev = events[events["kind"].isin(list(_QUEUE_DELTA))]
    delta = ev["kind"].map(_QUEUE_DELTA).astype(int).to_numpy()
    queue = ev["place"].astype(str).to_numpy()
    out = pd.DataFrame({"t": ev["t"].to_numpy(), "queue": queue, "delta": delta})
    out["length"] = out.groupby("queue", sort=False)["delta"].cumsum()
    out["queue"] = out["queue"].astype("category")
    return out.drop(columns="delta").reset_index(drop=True)


def in_branch_series(customers: pd.DataFrame, horizon_end: float) -> tuple[np.ndarray, np.ndarray]:
    """(times, number of customers in the branch just after each time)."""
    ends = customers["end"].fillna(horizon_end).to_numpy()
    t = np.concatenate([customers["arrive"].to_numpy(), ends])
    d = np.concatenate([np.ones(len(customers)), -np.ones(len(customers))])
    order = np.lexsort((-d, t))  # at equal times arrivals first: never negative
    return t[order], np.cumsum(d[order])
