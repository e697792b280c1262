"""Shared test helpers: paths, confidence intervals, the scripts tests drive."""
from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def load_script(folder: str, name: str):
    """The script ``ROOT/folder/name.py`` (``scripts/``, ``benchmarks/``) as a module, for a test to call."""
    spec = importlib.util.spec_from_file_location(name, ROOT / folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


#: a branch small enough to trace by hand: one ordinary window open round the clock, 5-minute
#: deposits, no lobby manager, no machines, nobody balks or comes back after an error; complaints
#: so unlikely (logit -50: p = 2e-22) that none is ever drawn (tests/branch/test_traces.py,
#: test_care.py)
ONE_WINDOW = {
    "name": "one window",
    "horizon": {"days": 1, "start_date": "2026-11-02"},
    "branch": {"open": "00:00", "close": "24:00", "windows": {"ordinary": 1}, "calling": {"ordinary": ["ordinary"]},
               "lobby_managers": 0, "customer_managers": 0, "self_service": {"machines": 0},
               "lunch": {"enabled": False}, "second_triage": {"enabled": False}, "green_channel": False},
    "arrivals": {"hourly": 1.0},  # any rate: the visitors replace the random arrivals
    "customers": {
        "segments": {"mass": {"share": 1.0, "needs": {"deposit": 1.0}}},
        "comm_types": {"lively": {"share": 1.0}},
        "balking": {"enabled": False}, "churn": {"enabled": False}, "return_after_error": 0,
        "complaints": {"base_logit": -50.0, "per_wait_minute": 0.0, "reneged": 0.0}},
    "needs": {"deposit": {"channels": {"teller": {"dist": "deterministic", "mean": 5.0}}}},
    "products": {},
    "staff": {"choices": {"teller": {"pace": 1.0, "pitch": 0.0}}, "teller_work": {"error_prob": 0.0}},
}
