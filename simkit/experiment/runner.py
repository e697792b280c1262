"""Running experiments: ``run_sweep`` (into a result store) and ``replicate`` (in memory).

Both hand tasks to an executor and file each result under its task the moment it
arrives, so finishing order never matters and the outcome is the same on every executor.
A progress bar (``tqdm.auto``: a text bar in a terminal, a widget in a notebook) counts
tasks and estimates the time left. Ctrl-C stops the executor at once and raises
``SweepInterrupted``; every task finished before it is already safely on disk.
"""
from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import pandas as pd

from ..api import _as_scenario
from ..arguments import (
    MAX_REPS,
    ArgumentError,
    check_count,
    check_executor,
    check_flag,
    check_logs,
    check_max_tasks,
    check_out,
    check_progress,
    check_run,
    check_work,
    printable,
)
from ..errors import StoreError
from ..limits import expected_customers
from .executors import make_executor
from .seeds import as_data, replication_seeds
from .spec import MAX_TASKS, Sweep, load_sweep
from .store import ResultStore
from .summary import confidence_intervals, period_means
from .tasks import LOG_TABLES, Task, run_task, run_task_encoded, stack, task_id

__all__ = ["run_sweep", "kept_sweep", "sweep_key", "SweepResult", "SweepInterrupted", "replicate", "Replications"]


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep: ``done`` of ``total`` tasks are stored; resume finishes the rest."""

    def __init__(self, out, done: int, total: int):
        super().__init__(f"interrupted: {done} of {total} tasks are stored in {out}; run again with --resume "
                         f"(resume=True) to compute the other {total - done}")
        self.out, self.done, self.total = out, done, total


class SweepResult:
    """A sweep's folder, read back: tidy ``summary``, ``ci``, ``logs``."""

    def __init__(self, store: ResultStore):
        self.store = store
        self.out = store.dir

    @property
    def summary(self) -> pd.DataFrame:
        """One row per task and metric (see ``simkit.experiment.tasks``), with the
        swept parameters as columns."""
        return self.store.summary()

    def ci(self, level: float = 0.95, mean_of: int | str | None = None) -> pd.DataFrame:
        """Mean and confidence interval per point and metric (in each metric's range:
        ``.summary.confidence_intervals``); bank and staff
        metrics per period, or with ``mean_of="all"`` (or a number K) each replication's
        mean over all its periods (its last K) first (``.summary.period_means``)."""
        return confidence_intervals(_period_summary(self.summary, mean_of).drop(columns=["task"]), level)

    def logs(self, table: str) -> pd.DataFrame:
        return self.store.logs(table)

    def __repr__(self) -> str:
        return f"SweepResult({str(self.out)!r}: {len(self.store.finished_ids())} of {len(self.store.task_rows())} tasks)"


def _period_summary(summary: pd.DataFrame, mean_of: int | str | None) -> pd.DataFrame:
    if mean_of is None:
        return summary
    if mean_of != "all" and not (isinstance(mean_of, int) and not isinstance(mean_of, bool) and mean_of >= 1):
        raise ArgumentError("mean_of", None, mean_of, "allowed: None, 'all' or a whole number of periods >= 1")
    return period_means(summary, None if mean_of == "all" else mean_of)


def _progress(total: int, initial: int, desc: str, enabled: bool):
    from tqdm.auto import tqdm
    return tqdm(total=total, initial=initial, unit="task", desc=printable(desc), disable=not enabled,
                dynamic_ncols=True, smoothing=0.1)  # the ETA follows recent tasks, but not only the last one


def run_sweep(sweep, out, *, executor: str = "processes", workers: int | None = None, address: str | None = None,
              resume: bool = False, progress: bool = True, log=None, max_tasks: int | None = MAX_TASKS) -> SweepResult:
    """Run every task of ``sweep`` (a ``Sweep`` or a sweep file path) into the folder ``out``.

    Why so many parameters: they are the options of ``simkit sweep``, keyword-only and each
    with a default (as ``pandas.read_csv``), so a notebook states only what it changes.
    Bad arguments raise ``simkit.ArgumentError`` before anything starts.

    Parameters:
        ``sweep``: a ``Sweep``, or the path of a sweep file. ``out``: the result folder.
        ``executor``: ``"serial"``, ``"processes"`` (``workers`` processes, default every core) or
        ``"dask"`` (the scheduler at ``address``, or a LocalCluster of ``workers`` processes).
        ``resume``: reopen ``out`` and compute only the tasks without a sound result file.
        ``progress``: show a bar counting tasks. ``log``: where messages go (damaged files
        found, what is left to do; default stderr). ``max_tasks``: the size limit when
        ``sweep`` is a path (``load_sweep``); a ``Sweep`` was counted and checked
        when it was built.
    """
    check_flag(resume, "resume")
    check_progress(progress)
    _check_sweep_arguments(out, executor, workers, address, max_tasks)
    sweep = sweep if isinstance(sweep, Sweep) else load_sweep(sweep, max_tasks=max_tasks, progress=progress)
    log = log or sys.stderr
    # the executor starts first: if it cannot (no scheduler at that address), the folder
    # is left as it was instead of holding a manifest of a sweep that never ran
    with make_executor(executor, workers, address) as pool:
        store = ResultStore.open(out, sweep, resume=resume)
        try:
            tasks = sweep.tasks()
            todo = [t for t in tasks if not store.finished(t)]
            for w in store.warnings:
                print(w, file=log)
            if resume:
                print(f"resuming {store.dir}: {len(tasks) - len(todo)} of {len(tasks)} tasks already done", file=log)
            _run_tasks(pool, store, tasks, todo, _progress(len(tasks), len(tasks) - len(todo), sweep.name,
                                                         progress and bool(todo)))
        finally:
            store.close()
    return SweepResult(store)


def sweep_key(sweep: Sweep) -> str:
    """A short name for everything that decides a sweep's numbers: a hash of every task id (each
    the hash of a resolved scenario, a seed and a day count) and the tables kept."""
    return hashlib.sha256(" ".join([*(t.id for t in sweep.tasks()), *sweep.logs]).encode()).hexdigest()[:16]


def kept_sweep(sweep, store: str | os.PathLike, *, executor: str = "processes",
               workers: int | None = None) -> SweepResult:
    """``sweep`` (a ``Sweep`` or a sweep file path) kept in ``store/<sweep_key>``: run there
    the first time (``run_sweep``), read back every later time without starting an executor.
    A task missing (an interrupted run) or damaged is computed again, and said on stderr. One
    folder holds one sweep; a changed sweep runs into a folder of its own.

    A kept task is what the code gave when it ran: a change of the model that keeps the
    scenarios leaves it in place, so whoever keeps runs re-runs one and compares (the
    notebooks': tests/notebooks/test_stored_runs.py)."""
    if isinstance(store, bool) or not isinstance(store, (str, os.PathLike)) or not str(store).strip():
        raise ArgumentError("store", "a folder (a path) where the runs are kept", store)
    sweep = sweep if isinstance(sweep, Sweep) else load_sweep(sweep)
    folder = Path(store) / sweep_key(sweep)
    tables = ("summary", *sweep.logs)
    try:  # every task there and sound
        found = ResultStore.read(folder)
        for task in sweep.tasks():
            found.task_tables(task.id, tables)
        return SweepResult(found)
    except StoreError:  # no folder yet, or a task missing or damaged
        pass
    check_out(store, "store")  # only now: reading needs no right to write
    log = io.StringIO()
    run_sweep(sweep, folder, executor=executor, workers=workers, resume=folder.exists(), progress=False, log=log)
    for line in log.getvalue().splitlines():  # a damaged file moved aside is news; "resuming" is not
        if not line.startswith("resuming "):
            print(line, file=sys.stderr)
    return SweepResult(ResultStore.read(folder))


def _check_sweep_arguments(out, executor, workers, address, max_tasks) -> None:
    """What ``simkit sweep`` checks too, with the same messages (simkit.arguments), before
    the sweep file is read."""
    check_executor(executor, workers, address)
    if max_tasks is not None:
        check_max_tasks(max_tasks)
    check_out(out)


def _run_tasks(pool, store, tasks, todo, bar) -> None:
    """Hand ``todo`` to the executor ``pool`` and file each result as it arrives."""
    done = len(tasks) - len(todo)
    try:
        for task, encoded in pool.map_unordered(run_task_encoded, todo):
            store.write(task, encoded)
            done += 1
            bar.update(1)
    except KeyboardInterrupt:
        pool.abort()
        raise SweepInterrupted(store.dir, done, len(tasks)) from None
    finally:
        bar.close()


# ------------------------------------------------------------------------------ replicate
class Replications:
    """``n`` replications of one scenario, in memory.

    Tables (``customers``, ``events``, ``staff_periods``, ``bank_periods``, ...) are the
    replications' tables stacked, with a ``replication`` column; ``summary`` is the
    tidy summary of every replication; ``ci`` gives mean and confidence interval per
    metric (in the metric's range: ``.summary.confidence_intervals``); ``kpis`` is one
    row per replication, one column per headline KPI."""

    def __init__(self, scenario, seeds: list[dict], summary: pd.DataFrame, tables: dict[str, pd.DataFrame]):
        self.scenario = scenario
        self.seeds = seeds
        self.summary = summary
        self._tables = tables

    def __getattr__(self, name):
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]
        if name in LOG_TABLES:
            raise AttributeError(f"table {name!r} was not kept; pass logs=[..., {name!r}] to replicate()")
        raise AttributeError(name)

    @property
    def kpis(self) -> pd.DataFrame:
        run = self.summary[self.summary["scope"] == "run"]
        wide = run.pivot(index="replication", columns="metric", values="value")
        return wide[list(dict.fromkeys(run["metric"]))].rename_axis(columns=None).reset_index()

    def ci(self, level: float = 0.95, scope: str | None = "run", mean_of: int | str | None = None) -> pd.DataFrame:
        """Mean and CI per metric (``scope=None`` for all scopes, else run/bank/staff); bank and
        staff metrics per period, or with ``mean_of="all"`` (or a number K) each replication's
        mean over all its periods (its last K) first (``.summary.period_means``)."""
        summary = _period_summary(self.summary, mean_of)
        summary = summary if scope is None else summary[summary["scope"] == scope]
        return confidence_intervals(summary.drop(columns=["task", "point"]), level)

    def __len__(self) -> int:
        return len(self.seeds)

    def __repr__(self) -> str:
        return f"Replications({self.scenario.name!r}, n={len(self)}, tables={list(self._tables)})"


def replicate(scenario, n: int, seed: int | None = None, *, days: int | None = None, logs=LOG_TABLES,
              executor: str = "serial", workers: int | None = None, address: str | None = None,
              progress: bool = False) -> Replications:
    """Run ``n`` independent replications of ``scenario`` (a Scenario or a path).

    Why so many parameters: what to run (``scenario``, ``n``, ``seed``) is positional; how
    (``days``, ``logs``, where and whether to show progress) is keyword-only with defaults,
    as ``run_sweep``. Results are the same on every executor. Bad arguments raise
    ``simkit.ArgumentError`` before anything runs, with the messages the command line
    gives: ``n`` from 1 to ``simkit.arguments.MAX_REPS``, and at most
    ``simkit.arguments.MAX_WORK`` expected customers over all ``n`` runs.

    Parameters:
        ``scenario``: a Scenario or a path. ``n``: replications; replication ``r`` uses
        ``SeedSequence(seed).spawn(n)[r]``. ``seed``: default the scenario's. ``days``: as
        in ``simkit.run``. ``logs``: the full tables to keep (default all; ``logs=()``
        keeps only the summaries, for many or long replications). ``executor``,
        ``workers``, ``address``: as in ``run_sweep``. ``progress``: show a bar.

    >>> reps = replicate("scenarios/mmc.yaml", n=10, seed=1, days=1)     # doctest: +SKIP
    >>> reps.ci().query("metric == 'wait_mean'")                         # doctest: +SKIP
    """
    scenario = _as_scenario(scenario)
    _check_replicate_arguments(scenario, n, seed, days, logs)
    check_executor(executor, workers, address)
    check_progress(progress)
    seeds = [as_data(s) for s in replication_seeds(scenario.seed if seed is None else seed, n)]
    tasks = [Task(task_id(scenario, s, days), 0, r, scenario, s, days, tuple(logs)) for r, s in enumerate(seeds)]
    results: dict[int, dict] = {}
    bar = _progress(n, 0, scenario.name, progress)
    try:
        with make_executor(executor, workers, address) as pool:
            try:
                for task, out in pool.map_unordered(run_task, tasks):
                    results[task.replication] = out
                    bar.update(1)
            except KeyboardInterrupt:
                pool.abort()
                raise
    finally:
        bar.close()
    ordered = [results[r] for r in range(n)]
    summary = pd.concat([o["summary"] for o in ordered], ignore_index=True)
    tables = {name: stack([o[name] for o in ordered]).drop(columns=["point"]) for name in logs}
    return Replications(scenario, seeds, summary, tables)


def _check_replicate_arguments(scenario, n, seed, days, logs) -> None:
    """``n`` (1 to ``simkit.arguments.MAX_REPS``), ``seed``, ``days`` and ``logs`` of
    ``replicate``, and the work they add up to (``simkit.arguments.check_work``)."""
    check_count("n", n, 1, MAX_REPS, "replications")
    check_run(scenario, days, seed)
    check_logs(logs, LOG_TABLES)
    check_work("n", n, n * expected_customers(scenario, days), f"{n:,} replications of '{printable(scenario.name)}'")
