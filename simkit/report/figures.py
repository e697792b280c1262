"""Seaborn figures of a run. Each function takes :class:`~simkit.results.Results` and an
optional matplotlib ``ax`` and returns the ``ax``, so notebooks can compose them."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..branch.calendar import build_days

COUNTER_QUEUES = ("green", "vip", "corporate", "ordinary")


def queue_profile(res, queues=COUNTER_QUEUES, step: float = 5.0) -> pd.DataFrame:
    """Mean number waiting at the counter by clock time, averaged over open days.

    The queue table holds the length after every change; it is sampled every ``step``
    minutes of every open day and averaged across days (a tidy frame: minute, queue, length).
    """
    b = res.scenario.branch
    grid = np.arange(b.open_minute, b.close_minute + 60, step)
    q = res.queue
    rows = []
    open_days = [d for d in build_days(res.scenario, res.days) if d.is_open]
    for name in queues:
        g = q[q["queue"] == name]
        t, n = g["t"].to_numpy(), g["length"].to_numpy()
        if len(t) == 0:
            continue
        samples = []
        for d in open_days:
            at = d.index * 1440.0 + grid
            idx = np.searchsorted(t, at, side="right") - 1
            samples.append(np.where(idx >= 0, n[np.clip(idx, 0, None)], 0))
        rows.append(pd.DataFrame({"minute": grid, "queue": name, "length": np.mean(samples, axis=0)}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["minute", "queue", "length"])


def queue_over_day(res, ax=None):
    prof = queue_profile(res)
    prof["clock"] = prof["minute"] / 60.0
    ax = ax or plt.subplots(figsize=(8, 4))[1]
    sns.lineplot(data=prof, x="clock", y="length", hue="queue", ax=ax)
    ax.set(xlabel="clock time (hour)", ylabel="customers waiting (mean over days)",
           title=f"{res.scenario.name}: counter queues over the day")
    return ax


def waits_by_segment(res, ax=None):
    c = res.customers
    c = c[c["start"].notna()]
    ax = ax or plt.subplots(figsize=(8, 4))[1]
    order = [s for s in res.scenario.customers.segments if (c["segment"] == s).any()]
    sns.boxplot(data=c, x="segment", y="wait", order=order, ax=ax, showfliers=False)
    ax.set(xlabel="customer segment", ylabel="wait before service (min)", title=f"{res.scenario.name}: waits by segment")
    return ax
