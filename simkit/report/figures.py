"""Seaborn figures of a run. Each function takes ``simkit.results.Results`` and an
optional matplotlib ``ax`` and returns the ``ax``, so notebooks can compose them."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..branch.calendar import make_days
from ..vocabulary import TICKET_CLASSES

COUNTER_QUEUES = TICKET_CLASSES  # the counter windows' queues


def queue_profile(results, queues=COUNTER_QUEUES, step: float = 5.0) -> pd.DataFrame:
    """Mean number waiting at the counter by clock time, averaged over open days.

    The queue table holds the length after every change; it is sampled every ``step``
    minutes of every open day and averaged across days (a tidy frame: minute, queue, length).
    """
    opening = results.scenario.branch
    grid = np.arange(opening.open_minute, opening.close_minute + 60, step)
    queue = results.queue
    rows = []
    scenario = results.scenario
    open_days = [d for d in make_days(scenario.branch, scenario.arrivals, scenario.horizon.start_date, results.days)
                 if d.is_open]
    for name in queues:
        changes = queue[queue["queue"] == name]
        t, n = changes["t"].to_numpy(), changes["length"].to_numpy()
        if len(t) == 0:
            continue
        samples = []
        for d in open_days:
            at = d.index * 1440.0 + grid
            idx = np.searchsorted(t, at, side="right") - 1
            samples.append(np.where(idx >= 0, n[np.clip(idx, 0, None)], 0))
        rows.append(pd.DataFrame({"minute": grid, "queue": name, "length": np.mean(samples, axis=0)}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["minute", "queue", "length"])


def queue_over_day(results, ax=None):
    profile = queue_profile(results)
    profile["clock"] = profile["minute"] / 60.0
    ax = ax or plt.subplots(figsize=(8, 4))[1]
    sns.lineplot(data=profile, x="clock", y="length", hue="queue", ax=ax)
    ax.set(xlabel="clock time (hour)", ylabel="customers waiting (mean over days)",
           title=f"{results.scenario.name}: counter queues over the day")
    return ax


def waits_by_segment(results, ax=None):
    customers = results.customers
    customers = customers[customers["start"].notna()]
    ax = ax or plt.subplots(figsize=(8, 4))[1]
    order = [s for s in results.scenario.customers.segments if (customers["segment"] == s).any()]
    sns.boxplot(data=customers, x="segment", y="wait", order=order, ax=ax, showfliers=False)
    ax.set(xlabel="customer segment", ylabel="wait before service (min)", title=f"{results.scenario.name}: waits by segment")
    return ax
