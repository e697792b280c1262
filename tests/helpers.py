"""Shared test helpers: paths and confidence intervals."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def t_interval(x, level: float = 0.99) -> tuple[float, float]:
    """Student-t confidence interval for the mean of independent (batch) observations."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    half = stats.t.ppf((1 + level) / 2, n - 1) * x.std(ddof=1) / math.sqrt(n)
    return float(x.mean() - half), float(x.mean() + half)


def paired_interval(a: dict, b: dict, key: str, level: float = 0.95):
    """Student-t interval of the mean of ``a[seed][key] - b[seed][key]`` over shared seeds."""
    seeds = sorted(set(a) & set(b))
    return t_interval([a[s][key] - b[s][key] for s in seeds], level)
