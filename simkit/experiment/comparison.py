"""Comparisons: several variants of a branch, each run over the same replication seeds.

A *comparison* runs K variants (pay schemes, settings, whole scenarios) N times each.
Replication ``r`` of every variant runs with the same seed, so every variant meets the same
customers and the same draws of staff (common random numbers, ``.seeds``). The
difference between two variants within one replication is then free of most of the luck
both share, and a paired interval over the replications' differences is much narrower
than two separate intervals (Law & Kelton, *Simulation Modeling and Analysis*, §10.2.1,
"paired-t confidence interval").

``compare_variants`` runs every (variant, replication) on an executor (``serial``,
``processes`` or ``dask``: the numbers are the same on each), reports progress, stops when
a cancel flag is set, and returns one ``Comparison``: what each replication of each
variant gave, with its tidy per-replication table, means and intervals per variant, and
paired differences against a reference variant.

>>> from simkit.experiment import Work, compare_variants, spawned_seeds
>>> from simkit.scenario import load_scenario
>>> variants = {name: load_scenario(f"scenarios/schemes/{name}.yaml")
...             for name in ("fixed_pay", "teller_piece_rate")}                      # doctest: +SKIP
>>> cmp = compare_variants(variants, spawned_seeds(2026, 5), Work(logs=("staff_periods",)),
...                        executor="processes", progress=True)                      # doctest: +SKIP
>>> cmp.per_replication()           # one row per variant and replication, one column per KPI
>>> cmp.means()                     # mean and interval of every KPI, per variant
>>> cmp.differences("fixed_pay")    # every other variant minus fixed_pay, paired by replication
>>> cmp.staff_periods               # the kept table of every run, stacked (columns variant, replication)

``compare_schemes`` is the same for pay schemes put on one base scenario (a table
column ``scheme`` instead of ``variant``).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from ..arguments import ArgumentError, check_run
from ..errors import SimkitError
from ..measure import contributions, fairness
from ..report.schemes import mean_ci, paired_diff
from ..results import Results
from ..simulation import Simulation
from .executors import make_executor
from .runner import kept_sweep
from .seeds import as_data, as_sequence, replication_seeds
from .spec import Sweep
from .tasks import LOG_TABLES, Task, run_task, task_id

__all__ = ["Comparison", "Work", "Cancelled", "compare_variants", "compare_schemes", "stored_comparison", "comparison_tasks",
           "spawned_seeds", "run_cancellable", "results_of"]

#: the tables a comparison can stack: a run's summary and the full tables it kept
TABLES = ("summary", *LOG_TABLES)
SCHEME_TABLES = ("staff_periods", "bank_periods", "payslips")  # what compare_schemes keeps unless told


class Cancelled(SimkitError):
    """The comparison was cancelled (its cancel flag was set): raised between runs, and
    within one simulated month for work done in this process (``run_cancellable``)."""


def _is_set(cancel) -> bool:
    """Whether ``cancel`` (None, a ``threading.Event`` or a function of no arguments) says stop."""
    if cancel is None:
        return False
    return bool(cancel.is_set() if hasattr(cancel, "is_set") else cancel())


class _MonthHook:
    """What ``Simulation.run`` calls after each month (a tqdm-like ``update``): the place a
    cancel takes effect, so a cancelled run stops within one simulated month."""

    def __init__(self, cancel):
        self.cancel = cancel

    def update(self, _n=1):
        if _is_set(self.cancel):
            raise Cancelled("the comparison was cancelled")


def _seed(seed):
    """A whole-number seed as it is; seed data (``{"entropy", "spawn_key"}``) as a SeedSequence."""
    return as_sequence(seed) if isinstance(seed, Mapping) else seed


def run_cancellable(scenario, seed, days: int | None = None, cancel=None) -> Results:
    """``simkit.run(scenario, days, seed)`` in this process, stopping (``Cancelled``)
    within one simulated month of ``cancel`` being set; the same results otherwise."""
    if _is_set(cancel):
        raise Cancelled("the comparison was cancelled")
    seed = scenario.seed if seed is None else _seed(seed)
    check_run(scenario, days, seed)
    simulation = Simulation(scenario, seed=seed, days=days)
    simulation.run(progress=None if cancel is None else _MonthHook(cancel))
    return Results(scenario, seed, simulation.days, branch=simulation.branch, sim=simulation)


def results_of(task: Task, cancel=None) -> Results:
    """The full ``simkit.Results`` of one task, in this process (a ``Work`` function
    for explorers that draw from every table of a run)."""
    return run_cancellable(task.scenario, task.seed, task.days, cancel)


@dataclass(frozen=True)
class Work:
    """What each replication of each variant does: ``fn(task)`` returns its result.

    The default, ``simkit.experiment.tasks.run_task``, gives ``{"summary": tidy
    summary, <table>: the full table}`` for every table named in ``logs``, on any executor.
    Another ``fn`` must be picklable to run in worker processes (a module-level function, or
    ``functools.partial`` of one); ``results_of`` keeps whole Results, in this process.
    ``days`` is handed to ``simkit.run`` for scenarios without assessment periods."""

    fn: Callable = run_task
    logs: tuple = ()
    days: int | None = None


def spawned_seeds(seed: int, replications: int) -> list[dict]:
    """The seeds of ``replications`` replications as data: children of ``SeedSequence(seed)``
    (``simkit.experiment.seeds.replication_seeds``), as sweeps and ``replicate`` use."""
    return [as_data(s) for s in replication_seeds(seed, replications)]


def comparison_tasks(variants: Mapping, seeds: Sequence, work: Work = Work()) -> list[Task]:
    """One task per variant and replication, variant by variant: task ``point`` is the
    variant's position, ``replication`` the seed's."""
    return [Task(task_id(scenario, seed, work.days), point, r, scenario, seed, work.days, tuple(work.logs))
            for point, scenario in enumerate(variants.values()) for r, seed in enumerate(seeds)]


class _Progress:
    """Progress as the caller wants it: ``True`` a tqdm bar, a function ``(done, total)``,
    an object with tqdm's ``update(n)``, or nothing (``None``/``False``)."""

    def __init__(self, progress, total: int, desc: str):
        self.total, self.done, self.bar, self.own = total, 0, None, progress is True
        self.call = progress if callable(progress) and not hasattr(progress, "update") else None
        if progress is True:
            from tqdm.auto import tqdm
            self.bar = tqdm(total=total, unit="run", desc=desc, dynamic_ncols=True, smoothing=0.1)
        elif hasattr(progress, "update"):
            self.bar = progress

    def step(self) -> None:
        self.done += 1
        if self.call is not None:
            self.call(self.done, self.total)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        """Close the bar this object opened (a bar handed in stays the caller's)."""
        if self.own:
            self.bar.close()


def _until_cancelled(tasks: list[Task], cancel):
    for task in tasks:
        if _is_set(cancel):
            raise Cancelled("the comparison was cancelled")
        yield task


def _run(tasks: list[Task], fn: Callable, executor, progress: _Progress, cancel) -> dict:
    """``{(point, replication): fn(task)}`` of every task, as the executor delivers them."""
    out: dict[tuple[int, int], object] = {}
    started = make_executor(executor) if isinstance(executor, str) else contextlib.nullcontext(executor)
    with started as pool:
        try:
            for task, result in pool.map_unordered(fn, _until_cancelled(tasks, cancel)):
                out[(task.point, task.replication)] = result
                progress.step()
        except (KeyboardInterrupt, Cancelled):
            pool.abort()
            raise
        finally:
            progress.close()
    return out


def compare_variants(variants: Mapping, seeds: Sequence, work: Work = Work(), *, executor="serial",
                     progress=None, cancel=None) -> Comparison:
    """Run every variant (``{name: Scenario}``) once per seed and collect the results.

    ``seeds``: one per replication, the same for every variant (``spawned_seeds``, or
    whole numbers). ``executor``: ``"serial"``, ``"processes"``, ``"dask"`` or an executor
    already started (``simkit.experiment.make_executor``, e.g. with a number of
    workers). ``progress``: ``True`` for a bar, or a function ``(done, total)``. ``cancel``:
    a ``threading.Event`` (or a function) checked between runs; setting it raises
    ``Cancelled``."""
    names, seeds = tuple(variants), tuple(seeds)
    if not names:
        raise ArgumentError("variants", "one or more named scenarios", variants)
    if not seeds:
        raise ArgumentError("seeds", "one or more seeds (one per replication)", seeds)
    if work.fn is run_task and not all(isinstance(seed, Mapping) for seed in seeds):
        raise ArgumentError("seeds", "seed data from spawned_seeds() (whole numbers only for work in this "
                                     "process, such as results_of)", seeds)
    tasks = comparison_tasks(variants, seeds, work)
    results = _run(tasks, work.fn, executor, _Progress(progress, len(tasks), " vs ".join(names)), cancel)
    per_variant = {name: tuple(results[(p, r)] for r in range(len(seeds))) for p, name in enumerate(names)}
    return Comparison(names, seeds, dict(variants), per_variant)


def compare_schemes(base, schemes: dict[str, dict], *, months: int, replications: int, seed: int,
                    workers: int | None = 2, executor: str = "processes", logs=SCHEME_TABLES,
                    store: str | os.PathLike | None = None) -> Comparison:
    """Run each scheme for ``months`` monthly periods, ``replications`` times with the same
    seeds; results stay in memory (or are kept in ``store``), in tables with a column ``scheme``.

    Why so many parameters: the call notebooks 04-06 make, every option named (keyword-only);
    how to run it (``workers``, ``executor``) and what to keep (``logs``) have defaults.
    A ``simkit.experiment.Sweep`` (one point per scheme) validates every scheme before
    anything runs.

    Parameters:
        ``base``: the base scenario (a Scenario or a path). ``schemes``: ``{label: overrides
        of base}``. ``months``: monthly periods of each run. ``replications``: runs per
        scheme, on seeds spawned from ``seed``. ``workers``, ``executor``: as in
        ``simkit.experiment.run_sweep`` (two processes by default). ``logs``: the full
        tables to keep (``SCHEME_TABLES`` by default). ``store``: a folder where the runs
        are kept (``stored_comparison``): the same comparison asked again is read back
        instead of run, and a changed one (another scheme, month count, replication count,
        seed or table) runs into a folder of its own."""
    labels = list(schemes)
    sweep = Sweep(base, points=[schemes[label] for label in labels], set={"horizon.periods": int(months)},
                  replications=replications, seed=seed, logs=list(logs))
    variants = {labels[p.index]: p.scenario for p in sweep.points}
    if store is not None:
        return replace(stored_comparison(sweep, variants, store, executor=executor, workers=workers), label="scheme")
    with make_executor(executor, workers, None) as pool:
        cmp = compare_variants(variants, spawned_seeds(sweep.seed, sweep.replications), Work(logs=tuple(sweep.logs)),
                               executor=pool)
    return replace(cmp, label="scheme")


def stored_comparison(sweep: Sweep, variants: Mapping, store: str | os.PathLike, *, executor: str = "processes",
                      workers: int | None = 2) -> Comparison:
    """The comparison of ``sweep`` (one point per variant, in the order of ``variants``), kept
    in the folder ``store`` by ``simkit.experiment.kept_sweep``: run the first time, read back
    after, table for table what the run gave."""
    found = kept_sweep(sweep, store, executor=executor, workers=workers).store
    tables = ("summary", *sweep.logs)
    results = {(t.point, t.replication): found.task_tables(t.id, tables) for t in sweep.tasks()}
    seeds = tuple(t.seed for t in sweep.tasks() if t.point == 0)
    per_variant = {name: tuple(results[(p, r)] for r in range(len(seeds))) for p, name in enumerate(variants)}
    return Comparison(tuple(variants), seeds, dict(variants), per_variant)


@dataclass(frozen=True, eq=False)
class Comparison:
    """K variants × N replications on common seeds: what ``compare_variants`` returns.

    ``variants`` are the names in order, ``seeds`` the seed of each replication (the same
    for every variant), ``scenarios`` each variant's resolved scenario and ``results`` each
    variant's per-replication results (what ``Work`` returned, replication 0 first).
    ``label`` names the variant column of every table (``variant``, or ``scheme``).

    Tables a run kept are attributes, stacked over variants and replications
    (``cmp.staff_periods``, ``cmp.summary``; empty when no run kept them)."""

    variants: tuple
    seeds: tuple
    scenarios: Mapping = field(repr=False)
    results: Mapping = field(repr=False)
    label: str = "variant"

    @cached_property
    def _stacked(self) -> dict:
        return {}

    def __getattr__(self, name: str):
        if name in TABLES:
            return self.table(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def schemes(self) -> list[str]:
        """The variants' names, as a list."""
        return list(self.variants)

    @property
    def replications(self) -> int:
        return len(self.seeds)

    @property
    def months(self) -> int | None:
        """Assessment periods of the (first) variant's horizon; None for a run of days."""
        periods = self.scenarios[self.variants[0]].horizon.periods
        return None if periods is None else int(periods)

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` of every run, stacked variant by variant and replication by
        replication, its first column the variant (ordered as given); the runs' ``point``
        and ``task`` ids are left out. Empty when no run kept it."""
        if name not in self._stacked:
            parts = [rep[name] for v in self.variants for rep in self.results[v]
                     if isinstance(rep, Mapping) and name in rep]
            if not parts:
                return pd.DataFrame()
            # consolidated (copy): decoded tables stack one block a column, and pandas warns on stderr
            # about an insert beyond a hundred blocks (a notebook's output would change)
            df = pd.concat(parts, ignore_index=True).copy()
            df.insert(0, self.label, pd.Categorical([self.variants[p] for p in df["point"]],
                                                    categories=list(self.variants), ordered=True))
            self._stacked[name] = df.drop(columns=["point", "task"], errors="ignore")
        return self._stacked[name]

    def per_replication(self) -> pd.DataFrame:
        """The tidy table: one row per variant and replication, one column per KPI of the
        run (the summary's ``run`` scope, or a result's ``kpis``)."""
        rows = [{self.label: v, "replication": r, **_kpis_of(rep)}
                for v in self.variants for r, rep in enumerate(self.results[v])]
        out = pd.DataFrame(rows)
        out[self.label] = pd.Categorical(out[self.label], categories=list(self.variants), ordered=True)
        return out

    def means(self, level: float = 0.95, kinds: dict | None = None) -> pd.DataFrame:
        """Mean and interval of every KPI per variant (``simkit.report.schemes.mean_ci``:
        each interval inside its KPI's range)."""
        return mean_ci(self.per_replication(), by=self.label, level=level, kinds=kinds)

    def differences(self, reference: str | None = None, level: float = 0.95, kinds: dict | None = None) -> pd.DataFrame:
        """Every other variant minus ``reference`` (default the first), paired by replication
        (``simkit.report.schemes.paired_diff``)."""
        reference = self.variants[0] if reference is None else reference
        if reference not in self.variants:
            raise ArgumentError("reference", f"one of the variants: {', '.join(map(str, self.variants))}", reference)
        return paired_diff(self.per_replication(), reference, by=self.label, level=level, kinds=kinds)

    def run_kpi(self, metric: str) -> pd.DataFrame:
        """One headline KPI (``Results.kpis()``, e.g. ``wait_mean``) per variant and replication."""
        summary = self.summary[(self.summary["scope"] == "run") & (self.summary["metric"] == metric)]
        return summary[[self.label, "replication", "value"]].rename(columns={"value": metric}).reset_index(drop=True)

    def contributions(self) -> pd.Series:
        """Each ``staff_periods`` row's true contribution in ¥ (``simkit.measure.fairness``:
        what the person added, valued with what the model knows and the scheme may not)."""
        parts = [contributions(group, self.scenarios[v]) for v, group in self.staff_periods.groupby(self.label, observed=True)]
        return pd.concat(parts).reindex(self.staff_periods.index)

    def fairness(self, last: int | None = None) -> pd.DataFrame:
        """Gini of pay, Spearman ρ of pay with true contribution and the share of pay
        explained by the inherited portfolio (``simkit.measure.fairness``), one row per
        variant, replication and role, over the ``last`` periods (all by default)."""
        rows = []
        for (v, rep), group in self.staff_periods.groupby([self.label, "replication"], observed=True, sort=True):
            rows.append(fairness(group, self.scenarios[v], last=last).reset_index().assign(**{self.label: v,
                                                                                          "replication": rep}))
        out = pd.concat(rows, ignore_index=True)
        out[self.label] = pd.Categorical(out[self.label], categories=list(self.variants), ordered=True)
        return out[[self.label, "replication", *[c for c in out.columns if c not in (self.label, "replication")]]]


def _kpis_of(result) -> dict:
    """The run KPIs of one replication's result: a task's summary (scope ``run``), a
    ``kpis`` dict, or ``Results.kpis()``."""
    if isinstance(result, Mapping) and "summary" in result:
        summary = result["summary"]
        run = summary[summary["scope"] == "run"]
        return dict(zip(run["metric"], run["value"]))
    kpis = getattr(result, "kpis", None)
    if kpis is None:
        raise TypeError(f"no KPIs in a result of type {type(result).__name__}")
    return dict(kpis() if callable(kpis) else kpis)
