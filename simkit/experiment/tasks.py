"""One task = one scenario run with one seed; what it returns; how it is identified.

A task is plain, picklable data (a frozen scenario, a seed as numbers, which tables to
keep), so the same ``run_task`` runs in this process, in a worker process or on a
Dask worker and returns the same numbers bit for bit: nothing in it depends on where it
runs, and every random draw comes from the task's seed (docs/design.md rule 2).

A task's **summary** is one tidy table, one row per observation::

    task  point  replication  scope  period  role      metric           value
    3fa…  0      2            run    <NA>    <NA>      wait_mean        8.37
    3fa…  0      2            bank   0       <NA>      npl_ratio        0.012
    3fa…  0      2            staff  0       teller    choice.pace      1.04

* ``scope="run"``: ``Results.kpis`` of the whole run (the headline KPIs);
* ``scope="bank"``: for multi-period runs (``horizon.periods``), each period's row of
  ``Results.bank_periods`` (balances, NPL ratio, profit, ...);
* ``scope="staff"``: for multi-period runs, the mean over the people in each role of each
  numeric column of ``Results.staff_periods`` (choices, KPIs, pay, utility; ``quit``
  becomes the share who quit).
* approved-loan quality for multi-period runs (``simkit.report.loan_quality``: approval
  share, loans originated and their amount, the default rate of approved loans within 12
  months), metrics ``loans.*``: scope ``run`` over the whole run, scope ``bank`` for the
  loans originated in each period.

Undefined values (NaN, e.g. lobby-manager utilisation in a branch without one) are left
out rather than stored as rows: tidy data has no row for an observation that does not
exist, and confidence intervals then count only the replications that have the value.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..api import run
from ..arguments import check_run
from ..measure.raw import kpis_from_records
from ..report.loan_quality import loan_quality, loan_quality_by_period
from ..results import Results
from ..scenario import scenario_json
from ..simulation import Simulation
from .seeds import as_sequence

__all__ = ["Task", "task_id", "stack", "run_task", "run_task_encoded", "summarise_results", "LOG_TABLES",
           "SUMMARY_COLUMNS", "encode", "decode"]

#: the full tables a task can keep besides its summary (see simkit.results.TABLES)
LOG_TABLES = ("customers", "events", "staff_activity", "queue", "staff_periods", "bank_periods", "payslips",
              "loan_applications")
SUMMARY_COLUMNS = ["task", "point", "replication", "scope", "period", "role", "metric", "value"]
_ID_CHARS = 16  # 64 bits of SHA-256: collisions are out of reach for any realistic sweep


@dataclass(frozen=True)
class Task:
    """Run ``scenario`` with ``seed`` (``{"entropy": S, "spawn_key": [r]}``) and keep its
    summary plus the full tables named in ``logs``."""

    id: str
    point: int
    replication: int
    scenario: object = field(repr=False)  # a frozen simkit.scenario.Scenario
    seed: dict = field(default_factory=dict)
    days: int | None = None
    logs: tuple = ()


def _json(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=True)


def task_id(scenario, seed: dict, days: int | None, scenario_text: str | None = None) -> str:
    """A stable id: a hash of everything that determines the task's numbers — the fully
    resolved scenario, the seed and the day count. The same sweep file gives the same ids
    on every run, which is what makes resuming safe; change anything and the id changes.

    ``scenario_text`` is ``scenario_json`` of ``scenario`` when the caller has it
    already (a sweep computes it once per point, not once per replication); the id is the
    same either way: the hash of ``{"days": ..., "scenario": ..., "seed": ...}`` as
    canonical JSON, written out here key by key in that (sorted) order."""
    text = scenario_json(scenario) if scenario_text is None else scenario_text
    payload = f'{{"days":{_json(days)},"scenario":{text},"seed":{_json(seed)}}}'
    return hashlib.sha256(payload.encode()).hexdigest()[:_ID_CHARS]


# ------------------------------------------------------------------------------ summary
def _tidy(df: pd.DataFrame, scope: str, id_cols: list[str]) -> pd.DataFrame:
    """Wide numeric table -> long (scope, period, role, metric, value), NaN dropped."""
    long = df.melt(id_vars=id_cols, var_name="metric", value_name="value")
    long = long[long["value"].notna()]
    long.insert(0, "scope", scope)
    return long


def run_kpis(results, fast: bool | None = None) -> dict:
    """``Results.kpis`` of ``results``; ``fast`` (the default when the run's raw records
    are at hand) computes them from the customers and the event log directly
    (``simkit.measure.raw.kpis_from_records``, the same numbers bit for bit) instead of building
    the ``customers``, ``events`` and ``staff_activity`` tables first. Results loaded from
    disk have no raw records and always take the table path."""
    branch = getattr(results, "_branch", None)
    if fast is False or branch is None:
        if fast:
            raise ValueError("fast=True needs a run's raw records (a Results from simkit.run, not loaded)")
        return results.kpis()
    opening = results.scenario.branch  # its opening hours
    days_open = sum(d.is_open for d in branch.days)  # = results.days_open, without rebuilding the calendar
    return kpis_from_records(branch.customers, branch.log.rows, branch.log.activity, results.days, days_open,
                             opening.close_minute - opening.open_minute)


def summarise_results(results, fast: bool | None = None) -> pd.DataFrame:
    """The tidy summary of one ``simkit.Results`` (without task/point/replication).

    ``fast`` as in ``run_kpis``: the default reads the run-scope KPIs straight from the
    run's raw records; ``fast=False`` takes the tidy-table path (``Results.kpis``).
    Both give identical frames (tests/experiment/test_fast_summary.py)."""
    return _summarise(results, fast)


def _summarise(results, fast: bool | None = None, task: Task | None = None) -> pd.DataFrame:
    """``summarise_results``, with ``task``'s id, point and replication in front if given."""
    metrics, values = _run_metrics(results, fast)
    if not results.scenario.horizon.periods:
        # the frame the general path below gives, built in one go: no concat, no NaN to drop
        n = len(metrics)
        ids = {} if task is None else _ids(task, n)
        return _frame({**ids, "scope": ["run"] * n, "period": [None] * n, "role": [None] * n, "metric": metrics,
                       "value": values})
    parts = [pd.DataFrame({"scope": "run", "metric": metrics, "value": values})]
    bank = results.bank_periods
    parts.append(_tidy(bank.astype({c: float for c in bank.columns if c != "period"}), "bank", ["period"]))
    staff = results.staff_periods
    numeric = [c for c in staff.columns if c not in ("period", "role")
               and (pd.api.types.is_numeric_dtype(staff[c]) or pd.api.types.is_bool_dtype(staff[c]))]
    # one column a block after astype: consolidated (copy) before reset_index inserts two more, which
    # pandas otherwise warns about on stderr beyond a hundred blocks (a notebook's output would change)
    means = staff[["period", "role", *numeric]].astype({c: float for c in numeric}) \
        .groupby(["period", "role"], sort=True).mean().copy().reset_index()
    parts.append(_tidy(means, "staff", ["period", "role"]))
    parts.extend(_loan_parts(results))
    out = pd.concat(parts, ignore_index=True)
    out = out[out["value"].notna()]
    out["period"] = out["period"].astype("Int64") if "period" in out else pd.array([pd.NA] * len(out), "Int64")
    if "role" not in out:
        out["role"] = np.nan
    # pandas' default text dtype (missing = NaN): comparisons such as role == "teller" are
    # plain True/False, so masks combine with & and | without NA surprises
    out["role"] = out["role"].astype("str")
    out["value"] = out["value"].astype("float64")
    out = out[["scope", "period", "role", "metric", "value"]].reset_index(drop=True)
    return out if task is None else pd.concat([_frame(_ids(task, len(out))), out], axis=1)


def _loan_parts(results) -> list[pd.DataFrame]:
    """The approved-loan quality rows (``simkit.report.loan_quality``): scope ``run`` for the
    whole run, scope ``bank`` for the loans originated in each period; NaN left out."""
    whole = loan_quality(results)
    return [pd.DataFrame({"scope": "run", "metric": list(whole), "value": list(whole.values())}),
            _tidy(loan_quality_by_period(results), "bank", ["period"])]


def _run_metrics(results, fast: bool | None = None) -> tuple[list, np.ndarray]:
    """The run-scope rows: the KPIs' names and values, NaN left out (no such observation)."""
    kpis = run_kpis(results, fast)  # looked up at call time (benchmarks/bench_experiment.py swaps it)
    metrics = [k for k, v in kpis.items() if v == v]
    return metrics, np.array([kpis[k] for k in metrics], float)


def _ids(task: Task, n: int) -> dict:
    return {"task": [task.id] * n, "point": np.full(n, task.point), "replication": np.full(n, task.replication)}


_DTYPES = {"task": "str", "point": "int64", "replication": "int64", "scope": "str", "period": "Int64", "role": "str",
           "metric": "str", "value": "float64"}


def _frame(columns: dict) -> pd.DataFrame:
    """A summary frame from plain columns, each straight into its dtype (None: missing)."""
    return pd.DataFrame({name: pd.array(col, dtype=_DTYPES[name]) if _DTYPES[name] in ("str", "Int64") else
                         np.asarray(col, dtype=_DTYPES[name]) for name, col in columns.items()})


# ------------------------------------------------------------------------------ running
#: tables built from what a run does *after* the branch's days: the period's indicators,
#: the books, pay and learning (``simkit.simulation.Simulation.step`` after ``branch.run``)
_AFTER_THE_BRANCH = frozenset({"staff_periods", "bank_periods", "payslips", "loan_applications"})


def simulate(task: Task):
    """The task's ``simkit.Results``; like ``simkit.run(scenario, days, seed)``, but a
    run without assessment periods whose task keeps none of the tables in
    ``_AFTER_THE_BRANCH`` stops when the branch's last day ends.

    Its summary is the run's KPIs only (scope ``run``: customers, events and activity
    intervals), and nothing ``simkit.simulation.Simulation.step`` does after the
    SimPy loop — the period's indicators over every event row, closing the books, payslips,
    each person's learning step and record — can change them: those read the branch's
    records, never write them. Everything up to the end of the loop is ``step`` itself
    (the learners' proposals, then ``branch.run``), so the branch's random streams and the
    summary are the same, bit for bit (tests/experiment/test_fast_summary.py compares
    both paths), and a sweep's summary-only tasks skip the closing work."""
    scenario, seed = task.scenario, as_sequence(task.seed)
    if scenario.horizon.periods is not None or _AFTER_THE_BRANCH.intersection(task.logs):
        return run(scenario, days=task.days, seed=seed)
    check_run(scenario, task.days, seed)
    simulation = Simulation(scenario, seed=seed, days=task.days)
    assert len(simulation.ends) == 1, "a run without assessment periods is one period"
    simulation.play()  # Simulation.step, up to the end of the SimPy loop
    simulation.branch.run(until_day=simulation.ends[0])
    return Results(scenario, seed, simulation.days, branch=simulation.branch, sim=simulation)


def run_task(task: Task) -> dict[str, pd.DataFrame]:
    """Run one task: ``{"summary": tidy summary, <log table>: full table, ...}``."""
    results = simulate(task)
    with _no_gc():
        out = {"summary": _summarise(results, task=task)}
    for name in task.logs:
        out[name] = _log_table(results, task, name)
    return out


def run_task_encoded(task: Task) -> dict[str, bytes]:
    """``run_task`` with every table already encoded as Parquet bytes.

    Workers call this one: encoding is CPU work, so it is spread over the workers, and the
    parent process (which only writes bytes to disk) never holds more than the results
    that have arrived and not yet been written."""
    results = simulate(task)
    with _no_gc():
        if results.scenario.horizon.periods:
            out = {"summary": encode(_summarise(results, task=task), task.id, "summary")}
        else:  # run-scope rows only: straight to Arrow, no DataFrame in between
            out = {"summary": _encode_run_summary(task, *_run_metrics(results))}
    for name in task.logs:
        table = _log_table(results, task, name)
        with _no_gc():
            out[name] = encode(table, task.id, name)
    return out


def _log_table(results, task: Task, name: str) -> pd.DataFrame:
    table = getattr(results, name).copy()
    table.insert(0, "replication", np.int64(task.replication))
    table.insert(0, "point", np.int64(task.point))
    return table


@contextlib.contextmanager
def _no_gc():
    """No cyclic garbage collection inside: summarising and encoding allocate little and
    briefly, and a full collection they happened to trigger would walk every object of the
    run just simulated (customers, log rows) for nothing; the next allocation after the
    block collects as usual."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# ------------------------------------------------------------------------------ encoding
def encode(df: pd.DataFrame, tid: str, name: str) -> bytes:
    """Parquet bytes with page checksums and the task id and row count in the metadata,
    so a damaged or misplaced file is recognised when read back (see ``decode``)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta.update({b"simkit.task": tid.encode(), b"simkit.table": name.encode(),
                 b"simkit.rows": str(len(df)).encode()})
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf, write_page_checksum=True)
    return buf.getvalue()


_RUN_SCHEMA = None  # the Arrow schema (pandas metadata included) of a run-scope-only summary


def _run_schema():
    """The schema ``pa.Table.from_pandas`` gives a run-scope-only summary frame (task, point,
    replication, scope, ``period`` and ``role`` all missing, metric, value), found once from a
    one-row frame built by ``_frame``; its pandas metadata does not depend on the values."""
    global _RUN_SCHEMA
    if _RUN_SCHEMA is None:
        one = _frame({"task": ["0"], "point": [0], "replication": [0], "scope": ["run"], "period": [None],
                      "role": [None], "metric": ["customers"], "value": [0.0]})
        _RUN_SCHEMA = pa.Table.from_pandas(one, preserve_index=False).schema
    return _RUN_SCHEMA


def _encode_run_summary(task: Task, metrics: list, values: np.ndarray) -> bytes:
    """``encode`` of the summary frame of a run without periods, built from its columns
    straight into Arrow: the same bytes, without the DataFrame and ``from_pandas``
    (tests/experiment/test_fast_summary.py compares the bytes; ``make bench-experiment``
    times a task)."""
    schema, n = _run_schema(), len(metrics)
    text = schema.field("task").type
    columns = [pa.array([task.id] * n, text), pa.array(np.full(n, task.point, np.int64)),
               pa.array(np.full(n, task.replication, np.int64)), pa.array(["run"] * n, text),
               pa.nulls(n, schema.field("period").type), pa.nulls(n, schema.field("role").type),
               pa.array(metrics, text), pa.array(values)]
    table = pa.Table.from_arrays(columns, schema=schema)
    meta = dict(schema.metadata or {})
    meta.update({b"simkit.task": task.id.encode(), b"simkit.table": b"summary", b"simkit.rows": str(n).encode()})
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf, write_page_checksum=True)
    return buf.getvalue()


def decode(source, tid: str | None = None, name: str | None = None) -> pd.DataFrame:
    """Read a table written by ``encode`` (a path or bytes), checking page checksums,
    the row count and, when given, the task id and table name. Raises ``ValueError``
    saying what is wrong if the file is truncated, corrupt or not the expected one."""
    src = pa.BufferReader(source) if isinstance(source, (bytes, bytearray)) else source
    try:
        table = pq.read_table(src, page_checksum_verification=True)
    except (OSError, pa.ArrowException) as e:
        raise ValueError(f"unreadable Parquet ({e})") from None
    meta = table.schema.metadata or {}
    for key, want in ((b"simkit.task", tid), (b"simkit.table", name)):
        if want is not None and meta.get(key, b"").decode() != want:
            raise ValueError(f"{key.decode()} is {meta.get(key, b'').decode()!r}, expected {want!r}")
    if meta.get(b"simkit.rows") is None or int(meta[b"simkit.rows"]) != table.num_rows:
        raise ValueError(f"{table.num_rows} rows, the writer recorded {meta.get(b'simkit.rows', b'?').decode()}")
    return table.to_pandas()


def stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate tables of several runs, keeping categorical columns categorical.

    ``pd.concat`` turns a categorical column into plain text when the runs' categories
    differ (server T5 exists in one run only); here the categories become the union, in
    order of first appearance, so a stacked table has the dtypes of a single run's."""
    out = pd.concat(frames, ignore_index=True)
    # a run where nobody sold insurance has no kpi.sales.insurance column: that is 0, not unknown
    kpi = [c for c in out.columns if c.startswith("kpi.")]
    out[kpi] = out[kpi].fillna(0.0)
    for col in frames[0].columns if frames else ():
        parts = [f[col] for f in frames if col in f]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts) and \
                not isinstance(out[col].dtype, pd.CategoricalDtype):
            cats = list(dict.fromkeys(c for p in parts for c in p.cat.categories))
            out[col] = pd.Categorical(out[col], categories=cats)
    return out
