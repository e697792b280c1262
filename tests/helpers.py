"""Shared test helpers: paths and confidence intervals."""
from __future__ import annotations

import math
import re
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


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTE = re.compile(r"「([^」]{1,400})」|“([^”]{1,400})”|\"([^\"]{1,400})\"")


def quotations(text: str) -> list[str]:
    """Chinese quotations in ``text``: 「…」, “…” or "…" holding CJK, line breaks joined."""
    out = []
    for m in QUOTE.finditer(text):
        q = next(g for g in m.groups() if g is not None)
        if CJK.search(q) and "\n\n" not in q:
            out.append(re.sub(r"\s*\n\s*", "", q))
    return out
