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

import os
from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from .measure.headline import HEADLINE, headline

TABLES = ("customers", "staff_periods", "bank_periods")


@dataclass
class Comparison:
    names: list[str]
    runs: pd.DataFrame  # one row per scenario × replication, one column per headline number
    level: float

    def table(self) -> pd.DataFrame:
        """Rows: headline numbers; columns: ``mean [low, high]`` per scenario and per difference.

        Intervals come from :mod:`simkit.report.intervals`, so each respects its number's
        range (a share stays in 0-100 %, an NPL ratio is never negative, pay may be). A
        difference whose interval excludes 0 is marked ``*``."""
        from .report.intervals import difference, interval

        base = self.names[0]
        out = {}
        for name in self.names:
            g = self.runs[self.runs["scenario"] == name].sort_values("replication")
            out[name] = {m: _cell(*interval(g[m], kind, self.level, scale=sc), kind=kind, scale=sc)
                         for m, kind, sc in _kinds(self.runs)}
        a = self.runs[self.runs["scenario"] == base].sort_values("replication").reset_index(drop=True)
        for name in self.names[1:]:
            b = self.runs[self.runs["scenario"] == name].sort_values("replication").reset_index(drop=True)
            out[f"{name} − {base}"] = {m: _cell(*difference(a[m], b[m], kind, self.level, scale=sc), kind=kind,
                                                scale=sc, diff=True) for m, kind, sc in _kinds(self.runs)}
        df = pd.DataFrame(out)
        df.insert(0, "unit", [u for _, u, _ in HEADLINE])
        df.index.name = f"mean [{self.level:.0%} CI]" + (" (* differs from 0)" if len(self.names) > 1 else "")
        return df


def _kinds(runs: pd.DataFrame):
    """(headline name, interval kind, scale) for every row of the table: the unit says which
    numbers are percentages (scale 100) and which are 0-1; the rest go by name. A number
    whose runs leave that range (a Gini of pay that fines made negative can exceed 1) gets
    the Student t that assumes nothing."""
    from .report.intervals import fits, kind_of

    for name, unit, _ in HEADLINE:
        kind, scale = {"%": ("share", 100.0), "0-1": ("share", 1.0)}.get(unit, (kind_of(name), 1.0))
        yield (name, kind, scale) if fits(runs[name], kind, scale) else (name, "real", 1.0)


def _cell(mean, lo, hi, kind="real", scale=1.0, diff=False) -> str:
    from .report.intervals import clear, describe

    text = describe(mean, lo, hi, kind, digits=None, scale=scale, diff=diff)
    return text + " *" if diff and clear(lo, hi) else text


def compare(scenarios, reps: int = 5, seed: int | None = None, last: int | None = None, level: float = 0.95,
            executor: str = "processes", workers: int | None = None, progress: bool = False) -> Comparison:
    """Run every scenario ``reps`` times and collect their headline numbers."""
    from .experiment import replicate

    scs = _checked(scenarios, reps=reps, seed=seed, last=last, level=level, executor=executor, workers=workers)
    seed = scs[0].seed if seed is None else seed
    rows = []
    for sc in scs:
        rp = replicate(sc, reps, seed=seed, logs=TABLES, executor=executor, workers=workers, progress=progress)
        periods = sc.horizon.periods or 1
        k = last if last is not None else max(1, periods // 4)
        for r in range(reps):
            one = SimpleNamespace(scenario=sc, **{t: _rep(getattr(rp, t), r) for t in TABLES})
            rows.append({"scenario": sc.name, "replication": r, **headline(one, last=min(k, periods))})
    return Comparison([sc.name for sc in scs], pd.DataFrame(rows), level)


def _checked(scenarios, *, reps, seed, last, level, executor, workers) -> list:
    """The scenarios, loaded, once every argument is known to be good (raises ArgumentError):
    a mistake is caught before the first replication runs, not after the last."""
    from . import arguments as a
    from .api import _as_scenario
    from .experiment.executors import EXECUTORS

    a.check_reps(reps)
    a.check_level(level)
    if last is not None:
        a.check_last(last)
    if seed is not None:
        a.check_seed(seed)
    a.check_choice("executor", executor, EXECUTORS)
    if workers is not None:
        a.check_workers(workers)
    listed = None if isinstance(scenarios, (str, bytes, os.PathLike)) else _listed(scenarios)
    if not listed:
        raise a.ArgumentError("scenarios", "a list of one or more scenarios (paths or Scenario objects)", scenarios)
    scenarios = listed
    scs = [_as_scenario(s) for s in scenarios]
    named: dict[str, int] = {}
    for i, sc in enumerate(scs):
        if sc.name in named:
            raise a.ArgumentError("scenarios", "scenarios with different names (set name: in each file)",
                                  sc.name, f"{_shown(scenarios[named[sc.name]])} and {_shown(scenarios[i])} are "
                                           f"both named {sc.name!r}")
        named[sc.name] = i
    return scs


def _listed(scenarios) -> list | None:
    try:
        return list(scenarios)
    except TypeError:  # not iterable
        return None


def _shown(scenario) -> str:
    return str(scenario) if not hasattr(scenario, "name") else f"the scenario {scenario.name!r}"


def _rep(df: pd.DataFrame, r: int) -> pd.DataFrame:
    return df[df["replication"] == r].drop(columns="replication").reset_index(drop=True)
