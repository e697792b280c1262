"""Schemes side by side, with confidence intervals over replications.

    simkit compare scenarios/schemes/fixed_pay.yaml scenarios/schemes/teller_piece_rate.yaml --reps 5

Every scenario runs the same ``reps`` replications (seeds spawned from one
``SeedSequence``, so replication r of every scenario sees the same random stream: common
random numbers). Each run is reduced to the numbers of ``simkit.measure.headline.HEADLINE``
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

from . import arguments as a
from .api import _as_scenario
from .experiment import Comparison, Work, compare_variants, make_executor, spawned_seeds
from .experiment.tasks import stack
from .limits import expected_customers
from .measure.headline import HEADLINE, headline
from .report.intervals import describe, difference, fits, interval, kind_of, verdict
from .report.meaningful import minimal

TABLES = ("customers", "staff_periods", "bank_periods")


@dataclass
class Headlines:
    """The headline numbers of every scenario and replication of a comparison, and the table
    that reads them (what ``simkit compare`` prints)."""

    names: list[str]
    runs: pd.DataFrame  # one row per scenario × replication, one column per headline number
    level: float

    def table(self) -> pd.DataFrame:
        """Rows: headline numbers; columns: ``mean [low, high]`` per scenario and per difference.

        Intervals come from ``simkit.report.intervals``, so each respects its number's
        range (a share stays in 0-100 %, an NPL ratio is never negative, pay may be). A
        difference is marked by its verdict (``simkit.report.intervals.verdict``): ``*``
        when its interval excludes 0 and it is at least the number's minimal meaningful
        size (``simkit.report.meaningful``; the interval alone for a number without one),
        ``°`` when its interval excludes 0 but it is smaller than that."""
        base = self.names[0]
        out = {}
        for name in self.names:
            runs = self.runs[self.runs["scenario"] == name].sort_values("replication")
            out[name] = {m: _cell(*interval(runs[m], kind, self.level, scale=scale), kind=kind, scale=scale)
                         for m, kind, scale in _kinds(self.runs)}
        a = self.runs[self.runs["scenario"] == base].sort_values("replication").reset_index(drop=True)
        for name in self.names[1:]:
            b = self.runs[self.runs["scenario"] == name].sort_values("replication").reset_index(drop=True)
            out[f"{name} − {base}"] = {m: _diff_cell(a[m], b[m], m, kind, scale, self.level)
                                       for m, kind, scale in _kinds(self.runs)}
        df = pd.DataFrame(out)
        df.insert(0, "unit", [unit for _, unit, _ in HEADLINE])
        df.index.name = f"mean [{self.level:.0%} CI]" + (" (* differs from 0 by at least the minimal meaningful size; "
                                                         "° differs, by less)" if len(self.names) > 1 else "")
        return df


def _kinds(runs: pd.DataFrame):
    """(headline name, interval kind, scale) for every row of the table: the unit says which
    numbers are percentages (scale 100) and which are 0-1; the rest go by name. A number
    whose runs leave that range (a Gini of pay that fines made negative can exceed 1) gets
    the Student t that assumes nothing."""
    for name, unit, _ in HEADLINE:
        kind, scale = {"%": ("share", 100.0), "0-1": ("share", 1.0)}.get(unit, (kind_of(name), 1.0))
        yield (name, kind, scale) if fits(runs[name], kind, scale) else (name, "real", 1.0)


def _cell(mean, lo, hi, kind="real", scale=1.0, diff=False) -> str:
    return describe(mean, lo, hi, kind, digits=None, scale=scale, diff=diff)


#: the mark of a difference's verdict in the table (none: both arms zero, shown as 0 [0, 0])
_MARKS = {"clear": " *", "small": " °", "unclear": "", "none": ""}


def _diff_cell(a, b, name: str, kind: str, scale: float, level: float) -> str:
    """``b − a`` of headline number ``name``, paired, marked by its verdict (``_MARKS``)."""
    m, lo, hi = difference(a, b, kind, level, scale=scale)
    said = verdict(m, lo, hi, minimal=minimal(name, scale), arms=(a, b))
    return _cell(m, lo, hi, kind=kind, scale=scale, diff=True) + _MARKS[said]


def compare(scenarios, *, reps: int = 5, seed: int | None = None, last: int | None = None, level: float = 0.95,
            executor: str = "processes", workers: int | None = None, progress: bool = False) -> Headlines:
    """Run every scenario ``reps`` times (``simkit.experiment.compare_variants``, common
    seeds) and collect their headline numbers.

    Why so many parameters: they are the options of ``simkit compare``, keyword-only and
    each with a default, checked together before anything runs (``simkit.ArgumentError``).

    Parameters:
        ``scenarios``: a list of scenarios (paths or Scenario objects), each with its own
        name. ``reps``: replications of each. ``seed``: of the replications' seeds (default
        the first scenario's). ``last``: periods at the end of each run the headline numbers
        cover (default the final quarter of the horizon). ``level``: of the intervals.
        ``executor``, ``workers``: as in ``simkit.experiment.run_sweep``. ``progress``:
        a bar counting runs."""
    a.check_progress(progress)
    _check_options(reps=reps, seed=seed, last=last, level=level, executor=executor, workers=workers)
    loaded = _loaded(scenarios, reps)
    seed = loaded[0].seed if seed is None else seed
    with make_executor(executor, workers, None) as pool:
        cmp = compare_variants({scenario.name: scenario for scenario in loaded}, spawned_seeds(seed, reps),
                               Work(logs=TABLES), executor=pool, progress=progress)
    return Headlines([scenario.name for scenario in loaded], _headline_runs(cmp, last), level)


def _headline_runs(cmp: Comparison, last: int | None) -> pd.DataFrame:
    """One row per scenario and replication: its headline numbers over its last periods
    (``last``, default the final quarter of the horizon)."""
    rows = []
    for name in cmp.variants:
        scenario, reps = cmp.scenarios[name], cmp.results[name]
        tables = {t: stack([rep[t] for rep in reps]).drop(columns=["point"]) for t in TABLES}
        periods = scenario.horizon.periods or 1
        tail = last if last is not None else max(1, periods // 4)
        for r in range(len(reps)):
            one = SimpleNamespace(scenario=scenario, **{t: _rep(tables[t], r) for t in TABLES})
            rows.append({"scenario": name, "replication": r, **headline(one, last=min(tail, periods))})
    return pd.DataFrame(rows)


def _check_options(*, reps, seed, last, level, executor, workers) -> None:
    """Every option of ``compare`` but the scenarios, checked (raises ArgumentError) before
    the scenarios are loaded: a mistake is caught before the first replication runs, not
    after the last."""
    a.check_reps(reps)
    a.check_level(level)
    if last is not None:
        a.check_last(last)
    if seed is not None:
        a.check_seed(seed)
    a.check_executor(executor, workers)


def _loaded(scenarios, reps: int) -> list:
    """The scenarios, loaded, once they are known to have distinct names and ``reps`` runs of
    each are known to be allowed work (raises ArgumentError)."""
    listed = None if isinstance(scenarios, (str, bytes, os.PathLike)) else _listed(scenarios)
    if not listed:
        raise a.ArgumentError("scenarios", "a list of one or more scenarios (paths or Scenario objects)", scenarios)
    loaded = [_as_scenario(given) for given in listed]
    named: dict[str, int] = {}
    for i, scenario in enumerate(loaded):
        if scenario.name in named:
            raise a.ArgumentError("scenarios", "scenarios with different names (set name: in each file)",
                                  scenario.name, f"{_shown(listed[named[scenario.name]])} and {_shown(listed[i])} "
                                                 f"are both named '{a.printable(scenario.name)}'")
        named[scenario.name] = i
    a.check_work("reps", reps, reps * sum(expected_customers(scenario) for scenario in loaded),
                 f"{len(loaded):,} scenarios x {reps:,} replications")
    return loaded


def _listed(scenarios) -> list | None:
    try:
        return list(scenarios)
    except TypeError:  # not iterable
        return None


def _shown(scenario) -> str:
    return a.printable(scenario) if not hasattr(scenario, "name") else f"the scenario '{a.printable(scenario.name)}'"


def _rep(df: pd.DataFrame, r: int) -> pd.DataFrame:
    return df[df["replication"] == r].drop(columns="replication").reset_index(drop=True)
