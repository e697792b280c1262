"""Means and Student-t confidence intervals across replications.

Replications are independent runs (seeds spawned from one SeedSequence), so for each
metric the replication values x_1..x_n are i.i.d. and the interval

    mean ± t_{(1+level)/2, n-1} · s / √n

covers the true expected value with probability ``level`` when the x_i are close to
normal — which per-run averages over hundreds of customers are (central limit theorem);
Law & Kelton, *Simulation Modeling and Analysis*, §9.4.1 ("fixed-sample-size procedure").
With one replication there is no interval (NaN): run at least two.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["confidence_intervals", "period_means", "t_interval"]

_NOT_KEYS = {"task", "replication", "value"}


def t_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) of the Student-t interval for the mean of ``values``."""
    from scipy import stats

    x = np.asarray(values, dtype=float)
    n = len(x)
    mean = float(x.mean()) if n else float("nan")
    if n < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf((1 + level) / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def confidence_intervals(summary: pd.DataFrame, level: float = 0.95, by: list[str] | None = None) -> pd.DataFrame:
    """Collapse a tidy summary over replications: one row per point and metric with
    ``n``, ``mean``, ``std``, ``ci_low``, ``ci_high`` (Student-t, ``level``).

    ``by`` defaults to every column but ``task``, ``replication`` and ``value`` (so point,
    the swept parameters, scope, period, role and metric)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (got {level})")
    from scipy import stats

    by = by or [c for c in summary.columns if c not in _NOT_KEYS]
    g = summary.groupby(by, dropna=False, sort=False)["value"]
    out = g.agg(n="count", mean="mean", std="std").reset_index()
    t = stats.t.ppf((1 + level) / 2, np.maximum(out["n"].to_numpy() - 1, 1))
    half = np.where(out["n"] >= 2, t * out["std"].to_numpy() / np.sqrt(out["n"].to_numpy()), np.nan)
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    out.attrs["level"] = level
    return out


def period_means(summary: pd.DataFrame, last: int | None = None) -> pd.DataFrame:
    """Each run's mean over its periods of every bank and staff metric (over its ``last``
    periods, or all of them): one row per task and metric, ``period`` empty.

    A multi-period run's last month is a poor summary of a habit's worth when pay comes in
    lumps (a half-yearly settlement, a provision), and a mean over replications of each run's
    period mean keeps the replications as the independent units the interval needs
    (:func:`confidence_intervals` then averages over them as usual). Run rows, one per run
    already, are kept as they are."""
    per = summary[summary["scope"].isin(["bank", "staff"]) & summary["period"].notna()]
    if last is not None:
        if last < 1:
            raise ValueError(f"last must be a whole number of periods >= 1 (got {last})")
        end = per.groupby("task")["period"].transform("max")
        per = per[per["period"] > end - last]
    keys = [c for c in summary.columns if c not in ("period", "value")]
    out = per.groupby(keys, dropna=False, sort=False)["value"].mean().reset_index()
    out["period"] = pd.Series(pd.NA, index=out.index, dtype=summary["period"].dtype)
    return pd.concat([summary[summary["scope"] == "run"], out[list(summary.columns)]], ignore_index=True)
