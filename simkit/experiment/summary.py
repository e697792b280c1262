"""Means and confidence intervals across replications.

Replications are independent runs (seeds spawned from one SeedSequence), so for each
metric the replication values x_1..x_n are i.i.d.; a run's average over hundreds of
customers is close to normal (central limit theorem), which is what the Student-t interval

    mean ± t_{(1+level)/2, n-1} · s / √n

assumes (Law & Kelton, *Simulation Modeling and Analysis*, §9.4.1, "fixed-sample-size
procedure"). That interval is symmetric, so with few replications, or a mean near a bound,
it reaches impossible values: a balking rate above 100 %, a negative waiting time.
``confidence_intervals`` therefore takes each metric's interval from
``simkit.report.intervals.interval`` with the metric's kind
(``simkit.report.intervals.kind_of``: ``share`` for rates, shares, service levels and
utilisations, ``positive`` for times, counts and amounts, ``real`` for pay, profit and
anything unknown): the same t interval on the logit or log scale, mapped back, so both ends
stay inside the range and the centre is still the arithmetic mean; for ``real`` metrics it
*is* the Student-t interval. A metric whose stored values leave its kind's range (a kind
guessed wrong from the name) falls back to ``real`` (``simkit.report.intervals.fits``).
``t_interval`` is the plain Student-t interval, for quantities of any sign.
With one replication there is no interval (NaN): run at least two.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..report.intervals import difference, fits, interval, kind_of, verdict
from ..report.meaningful import minimal

__all__ = ["confidence_intervals", "metric_kinds", "period_means", "t_interval", "paired_differences"]

_NOT_KEYS = {"task", "replication", "value"}


def t_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) of the Student-t interval for the mean of ``values``."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    mean = float(x.mean()) if n else float("nan")
    if n < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf((1 + level) / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def metric_kinds(summary: pd.DataFrame) -> dict[str, str]:
    """The interval kind of each metric of a tidy summary: ``kind_of`` its name, or
    ``real`` when a stored value lies outside that kind's range (``fits``)."""
    kinds = {}
    for metric, values in summary.groupby("metric", sort=False)["value"]:
        kind = kind_of(metric)
        kinds[metric] = kind if kind == "real" or fits(values.to_numpy(), kind) else "real"
    return kinds


def confidence_intervals(summary: pd.DataFrame, level: float = 0.95, by: list[str] | None = None) -> pd.DataFrame:
    """Collapse a tidy summary over replications: one row per point and metric with
    ``n``, ``mean``, ``std``, ``ci_low``, ``ci_high`` (a ``level`` interval that stays in the
    metric's range: ``simkit.report.intervals.interval`` with the kind of
    ``metric_kinds``, in ``attrs["kinds"]``; Student-t for ``real`` metrics).

    ``by`` defaults to every column but ``task``, ``replication`` and ``value`` (so point,
    the swept parameters, scope, period, role and metric)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (got {level})")
    by = by or [c for c in summary.columns if c not in _NOT_KEYS]
    kinds = metric_kinds(summary)
    groups = summary.groupby(by, dropna=False, sort=False)["value"]
    out = groups.agg(n="count", mean="mean", std="std").reset_index()
    metric = out["metric"] if "metric" in out else pd.Series("", index=out.index)
    bounds = [interval(values.to_numpy(), kinds.get(m, "real"), level)
              for m, (_, values) in zip(metric, groups)]
    if bounds:
        # the centre is the arithmetic mean of the same values (``interval`` gives it with its bounds)
        out["mean"], out["ci_low"], out["ci_high"] = (np.array(col, float) for col in zip(*bounds))
    else:
        out["ci_low"], out["ci_high"] = np.array([], float), np.array([], float)
    out.attrs["level"] = level
    out.attrs["kinds"] = kinds
    return out


def period_means(summary: pd.DataFrame, last: int | None = None) -> pd.DataFrame:
    """Each run's mean over its periods of every bank and staff metric (over its ``last``
    periods, or all of them): one row per task and metric, ``period`` empty.

    A multi-period run's last month is a poor summary of a habit's worth when pay comes in
    lumps (a half-yearly settlement, a provision), and a mean over replications of each run's
    period mean keeps the replications as the independent units the interval needs
    (``confidence_intervals`` then averages over them as usual). Run rows, one per run
    already, are kept as they are."""
    periodic = summary[summary["scope"].isin(["bank", "staff"]) & summary["period"].notna()]
    if last is not None:
        if last < 1:
            raise ValueError(f"last must be a whole number of periods >= 1 (got {last})")
        end = periodic.groupby("task")["period"].transform("max")
        periodic = periodic[periodic["period"] > end - last]
    keys = [c for c in summary.columns if c not in ("period", "value")]
    out = periodic.groupby(keys, dropna=False, sort=False)["value"].mean().reset_index()
    out["period"] = pd.Series(pd.NA, index=out.index, dtype=summary["period"].dtype)
    return pd.concat([summary[summary["scope"] == "run"], out[list(summary.columns)]], ignore_index=True)


_PAIR_KEYS = ["scope", "period", "role", "metric"]


def paired_differences(a: pd.DataFrame, b: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """``b − a`` for every metric two arms' tidy summaries share, paired by replication.

    ``a`` and ``b`` are per-seed summaries (``replication``, ``scope``, ``period``, ``role``,
    ``metric``, ``value``; e.g. two points of a sweep, whose replication ``r`` ran with the
    same seed: common random numbers, ``simkit.experiment.seeds``). For each metric the
    replications present in both arms are paired and the mean difference gets a paired-t
    interval (Law & Kelton, *Simulation Modeling and Analysis*, §10.2.1) clipped to the
    range a difference of the metric's kind can take (``simkit.report.intervals.difference``:
    the plain Student t for ``real`` metrics). Returns one row per scope, period, role and
    metric: ``n`` pairs, ``mean``, ``ci_low``, ``ci_high``, ``minimal`` (the metric's
    minimal meaningful difference, ``simkit.report.meaningful``; NaN when none is
    registered), ``verdict`` (``simkit.report.intervals.verdict``: clear, small, unclear or
    none) and ``clear`` (the verdict is "clear": the interval excludes 0 and the difference
    is at least ``minimal``). With fewer than two pairs the bounds are NaN."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (got {level})")
    keys = [k for k in _PAIR_KEYS if k in a.columns and k in b.columns]
    pairs = a[[*keys, "replication", "value"]].merge(b[[*keys, "replication", "value"]], on=[*keys, "replication"],
                                                    suffixes=("_a", "_b"))
    kinds = metric_kinds(pd.concat([a[["metric", "value"]], b[["metric", "value"]]], ignore_index=True))
    rows = []
    for key, group in pairs.groupby(keys, dropna=False, sort=False):
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,)))
        m, lo, hi = difference(group["value_a"], group["value_b"], kinds.get(row.get("metric"), "real"), level)
        size = minimal(str(row.get("metric")))
        said = verdict(m, lo, hi, minimal=size, arms=(group["value_a"], group["value_b"]))
        rows.append({**row, "n": len(group), "mean": m, "ci_low": lo, "ci_high": hi, "minimal": size,
                     "verdict": said, "clear": said == "clear"})
    out = pd.DataFrame(rows, columns=[*keys, "n", "mean", "ci_low", "ci_high", "minimal", "verdict", "clear"])
    out.attrs["level"] = level
    return out
