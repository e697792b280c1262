"""Schemes side by side, with confidence intervals over replications.

    simkit compare scenarios/schemes/fixed_pay.yaml scenarios/schemes/teller_piece_rate.yaml --reps 5

Every scenario runs the same ``reps`` replications (seeds spawned from one
``SeedSequence``, so replication r of every scenario sees the same random stream: common
random numbers). Each run is reduced to the numbers of :data:`simkit.measure.headline.HEADLINE`
over its last periods (``last``, default the final quarter of the horizon, once learning
has settled). The table shows each scenario's mean and Student-t interval, and the
difference of every other scenario from the first with a *paired* interval (differences
within a replication cancel the luck both runs share, so they are much tighter).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from .measure.headline import HEADLINE, headline

TABLES = ("customers", "staff_periods", "bank_periods")


@dataclass
class Comparison:
    names: list[str]
    runs: pd.DataFrame  # one row per scenario × replication, one column per headline number
    level: float

    def table(self) -> pd.DataFrame:
        """Rows: headline numbers; columns: ``mean [low, high]`` per scenario and per difference."""
        from .experiment.summary import t_interval

        base = self.names[0]
        out = {}
        for name in self.names:
            g = self.runs[self.runs["scenario"] == name].sort_values("replication")
            out[name] = {m: _cell(*t_interval(g[m], self.level)) for m, *_ in HEADLINE}
        a = self.runs[self.runs["scenario"] == base].sort_values("replication").reset_index(drop=True)
        for name in self.names[1:]:
            b = self.runs[self.runs["scenario"] == name].sort_values("replication").reset_index(drop=True)
            out[f"{name} − {base}"] = {m: _cell(*t_interval(b[m] - a[m], self.level)) for m, *_ in HEADLINE}
        df = pd.DataFrame(out)
        df.insert(0, "unit", [u for _, u, _ in HEADLINE])
        df.index.name = f"mean [{self.level:.0%} CI]"
        return df


def _cell(mean, lo, hi) -> str:
    if np.isnan(mean):
        return "–"
    if np.isnan(lo):
        return _num(mean)
    return f"{_num(mean)} [{_num(lo)}, {_num(hi)}]"


def _num(x: float) -> str:
    ax = abs(x)
    if ax >= 1e6:
        return f"{x / 1e6:.2f}M"
    if ax >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}" if ax < 10 else f"{x:.1f}"


def compare(scenarios, reps: int = 5, seed: int | None = None, last: int | None = None, level: float = 0.95,
            executor: str = "processes", workers: int | None = None, progress: bool = False) -> Comparison:
    """Run every scenario ``reps`` times and collect their headline numbers."""
    from .api import _as_scenario
    from .experiment import replicate

    if reps < 2:
        raise ValueError("compare needs at least 2 replications for an interval (reps >= 2)")
    scs = [_as_scenario(s) for s in scenarios]
    seed = scs[0].seed if seed is None else seed
    rows = []
    for sc in scs:
        rp = replicate(sc, reps, seed=seed, logs=TABLES, executor=executor, workers=workers, progress=progress)
        periods = sc.horizon.periods or 1
        k = last if last is not None else max(1, periods // 4)
        for r in range(reps):
            one = SimpleNamespace(scenario=sc, **{t: _rep(getattr(rp, t), r) for t in TABLES})
            rows.append({"scenario": sc.name, "replication": r, **headline(one, last=min(k, periods))})
    names = list(dict.fromkeys(sc.name for sc in scs))
    if len(names) < len(scs):
        raise ValueError("scenarios to compare need different names (set name: in each file)")
    return Comparison(names, pd.DataFrame(rows), level)


def _rep(df: pd.DataFrame, r: int) -> pd.DataFrame:
    return df[df["replication"] == r].drop(columns="replication").reset_index(drop=True)
