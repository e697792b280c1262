"""A sweep's summaries as a readable table: each mean with its confidence interval.

``select`` picks the rows to show (scope, period, metrics, role); ``format_table``
lays them out — metrics down, points across (``mean [low, high] (n)``) when there are few
points, one row per point and metric otherwise. The intervals are those of
``simkit.experiment.summary.confidence_intervals``, which stay inside each metric's
range and need not be symmetric about the mean, so a cell shows both ends rather than a
"± half-width" (which would again suggest a negative wait or a share above 100 %).
"""
from __future__ import annotations

import fnmatch
import math

import pandas as pd

__all__ = ["select", "format_table", "point_labels"]

_WIDE_MAX_POINTS = 6  # more columns than this do not fit a terminal


def select(ci: pd.DataFrame, scope: str = "run", period: str = "last", metrics=(), role: str | None = None):
    """Rows of a confidence-interval table: ``scope`` run|bank|staff|all; ``period``
    last|all|<number> (bank and staff rows); ``metrics`` glob patterns; ``role`` for staff."""
    out = ci if scope == "all" else ci[ci["scope"] == scope]
    if scope != "run" and period != "all" and out["period"].notna().any():
        if period == "last":
            last = out["period"].max()
            out = out[out["period"].isna() | (out["period"] == last)]
        else:
            out = out[out["period"].isna() | (out["period"] == int(period))]
    if metrics:
        out = out[[any(fnmatch.fnmatchcase(m, p) for p in metrics) for m in out["metric"]]]
    if role:
        out = out[out["role"] == role]
    return out


def point_labels(params: pd.DataFrame) -> dict[int, str]:
    """'per_transaction=1.5, ordinary=4' for each point (last part of each dotted path,
    the full path where last parts would clash)."""
    keys = [c for c in params.columns if c != "point"]
    tails = [k.split(".")[-1] for k in keys]
    names = [t if tails.count(t) == 1 else k for k, t in zip(keys, tails)]
    if not keys:
        return {int(p): f"point {int(p)}" for p in params["point"]}
    return {int(row["point"]): ", ".join(f"{n}={row[k]}" for n, k in zip(names, keys))
            for _, row in params.iterrows()}


def _cell(mean, low, high, n) -> str:
    if not math.isfinite(mean):
        return "—"
    if n < 2 or not math.isfinite(high):
        return f"{mean:.4g} (n={n})"
    return f"{mean:.4g} [{low:.4g}, {high:.4g}] (n={n})"


def _metric_label(row, periods: str | None = None) -> str:
    label = row["metric"]
    if row["scope"] != "run":
        when = periods or ("" if pd.isna(row["period"]) else int(row["period"]))
        label = f"{row['scope']}[{when}{'' if pd.isna(row['role']) else ', ' + row['role']}] {label}"
    return label


def format_table(ci: pd.DataFrame, params: pd.DataFrame, long: bool = False, periods: str | None = None) -> str:
    """Text table of ``ci`` (rows from ``select``); ``periods`` labels bank and staff rows
    that are means over periods (``simkit.experiment.summary.period_means``)."""
    if ci.empty:
        return "(no rows: no finished task has these metrics)"
    labels = point_labels(params)
    rows = ci.assign(label=[_metric_label(r, periods) for _, r in ci.iterrows()],
                     cell=[_cell(m, lo, hi, n) for m, lo, hi, n in
                           zip(ci["mean"], ci["ci_low"], ci["ci_high"], ci["n"])])
    if not long and rows["point"].nunique() <= _WIDE_MAX_POINTS:
        wide = rows.pivot(index="label", columns="point", values="cell")
        wide = wide.loc[list(dict.fromkeys(rows["label"]))]
        wide.columns = [labels.get(int(p), str(p)) for p in wide.columns]
        return wide.rename_axis(index=None).fillna("—").to_string()
    keys = [c for c in params.columns if c != "point"]
    table = rows[["point", *keys, "label", "n", "mean", "ci_low", "ci_high"]].rename(columns={"label": "metric"})
    return table.to_string(index=False, float_format=lambda x: f"{x:.4g}")
