"""The numbers behind every panel: replications of both sides, summarised.

A run's ``simkit.results.Results`` is large (every event of every day); the
dashboard keeps a small ``RepSummary`` per replication and the full results of the
first replication of each side only (for the replay). Everything here is plain Python
and pandas, tested without a browser.

Every interval the dashboard shows comes from ``simkit.report.intervals``, told what
kind of quantity it is (``KPI_KINDS``, ``choice_kind``): a share (service level,
NPL ratio, a choice between 0 and 1) never gets a bound outside [0, 1], a positive
quantity (waits, fee income, sales) never a negative bound, a money total may be any
sign. Because both sides run the same seeds (common random numbers), the difference
B − A gets a *paired* interval (``simkit.report.intervals.difference``), narrower
than comparing two intervals by eye; ``simkit.report.intervals.verdict`` says what
it may be called: *clear* only when its interval excludes zero and it is at least the
KPI's minimal meaningful difference (``simkit.report.meaningful``), *small* when the
interval excludes zero below that size, *none* when both sides are zero throughout.

Both sides run through ``simkit.experiment.compare_variants`` (the sides are its two
variants, the seeds ``Inputs.seeds``), in this process (a worker pool started from a Voila
kernel hung in the browser tests, and at a busy machine's load gained no time:
scripts/lesson_check.py): a run can be cancelled between simulated months (``Cancelled``).
``Estimator`` says how long a run will take: from its size (simulations × months × customer
volume) at a prior rate, refined from every simulation measured.
"""
from __future__ import annotations

import ctypes
import gc
import inspect
import io
import json
import time
from dataclasses import asdict, dataclass, field
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..experiment.comparison import (
    Cancelled,  # noqa: F401 - app.py catches it from here
    Work,
    compare_variants,
    run_cancellable,
)
from ..experiment.tasks import run_kpis
from ..report.figures import queue_profile
from ..report.intervals import clear, difference, interval, kind_of, verdict
from ..report.meaningful import minimal
from ..results import TABLES, Results
from ..vocabulary import TICKET_CLASSES
from .i18n import tr
from .inputs import ROLES, Inputs, _branch, build_scenario

LEVEL = 0.95  # (default) the conventional two-sided 95 % interval
try:  # the C library the interpreter runs on: glibc (Linux) has malloc_trim, others do not
    _MALLOC_TRIM = ctypes.CDLL(None).malloc_trim
except (AttributeError, OSError, TypeError):
    _MALLOC_TRIM = None

#: KPIs shown in the table, in order, and how to format them
KPIS = {
    "wait_mean": "f1", "wait_p90": "f1", "served_within_10": "pct", "balked_rate": "pct", "reneged_rate": "pct",
    "diversion_rate": "pct", "error_rate": "pct", "complaint_rate": "pct", "satisfaction_mean": "f2",
    "sales": "int", "fee_income": "yuan", "utilisation_teller": "pct",
    "bank_profit": "yuan", "npl_ratio": "pct", "staff_pay": "yuan", "deposits_lost": "yuan",
}
COUNTER_QUEUES = TICKET_CLASSES  # the counter windows' queues
#: what each KPI is, for its interval, by ``simkit.report.intervals.kind_of``: shares stay
#: in [0, 1], positive quantities at or above 0, money totals (profit, pay: fines can push pay
#: below zero) any sign. Tested to be what the KPIs are.
KPI_KINDS = {name: kind_of(name) for name in KPIS}
#: what the chart bands are
QUEUE_KIND = kind_of("customers_waiting")
WAIT_KIND = kind_of("wait")


@dataclass
class RepSummary:
    """What the panels need from one replication."""

    seed: int
    kpis: dict
    queue: pd.DataFrame  # minute, length (customers waiting at the counter, mean over open days)
    waits: dict  # segment -> mean wait (min) of customers who were called
    choices: pd.DataFrame  # role, period, choice, value (mean over the role's staff)
    pay: pd.DataFrame  # role, kind, amount (¥ per person per period)
    bank: pd.DataFrame  # period, profit, npl_ratio
    #: role, months (person-months paid), negative (of them below zero), lowest (¥): pay below
    #: zero is real under heavy fines (seed 002: fines are paid out of pocket) and must show
    pay_months: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["role", "months", "negative",
                                                                                   "lowest"]))


@dataclass
class SideResult:
    """One side (A or B): its scenario, a summary of every replication, and the full
    Results of the first replication (for the replay)."""

    scenario: object
    reps: list[RepSummary]
    first: object = None


@dataclass
class RunResult:
    """What one press of Run produced: the inputs, and side ``"A"`` and ``"B"``."""

    inputs: Inputs
    sides: dict[str, SideResult] = field(default_factory=dict)




def panel_kpis(results) -> dict:
    """The KPIs the dashboard shows for one run: the run's KPIs
    (``simkit.experiment.tasks.run_kpis``) plus the bank's books over the whole run
    (profit summed over periods, NPL ratio at the end)."""
    kpis = dict(run_kpis(results))
    bank = results.bank_periods
    kpis["bank_profit"] = float(bank["profit"].sum())
    kpis["npl_ratio"] = float(bank["npl_ratio"].iloc[-1])
    kpis["staff_pay"] = float(bank["staff_pay"].sum())
    return {name: kpis[name] for name in KPIS}


def summarise(results) -> RepSummary:
    """What the panels keep of one replication (``RepSummary``)."""
    profile = queue_profile(results, COUNTER_QUEUES)
    queue = profile.groupby("minute", as_index=False)["length"].sum() if len(profile) else pd.DataFrame(
        {"minute": [], "length": []})
    customers = results.customers
    called = customers[customers["start"].notna()]
    waits = called.groupby("segment", observed=True)["wait"].mean().to_dict()
    staff = results.staff_periods
    cols = [col for col in staff.columns if col.startswith("choice.")]
    choices = (staff.melt(id_vars=["role", "period"], value_vars=cols, var_name="choice", value_name="value")
               .dropna(subset=["value"]).groupby(["role", "period", "choice"], as_index=False)["value"].mean())
    choices["choice"] = choices["choice"].str.removeprefix("choice.")
    paycols = [col for col in staff.columns if col.startswith("pay.")]
    pay = (staff.melt(id_vars=["role"], value_vars=paycols, var_name="kind", value_name="amount")
           .fillna({"amount": 0.0}).groupby(["role", "kind"], as_index=False)["amount"].mean())
    pay["kind"] = pay["kind"].str.removeprefix("pay.")
    bank = results.bank_periods[["period", "profit", "npl_ratio"]].copy()
    months = (staff.groupby("role", as_index=False)["pay"]
              .agg(months="size", negative=lambda x: int((x < 0).sum()), lowest="min"))
    return RepSummary(results.seed, panel_kpis(results), queue, {str(k): float(v) for k, v in waits.items()},
                      choices, pay, bank, months)


def run_one(scenario, seed: int, cancel=None):
    """``simkit.run(scenario, seed=seed)`` that stops (``Cancelled``) within a month of
    ``cancel.is_set()``; the same results otherwise (tested against ``simkit.run``)."""
    return run_cancellable(scenario, seed, cancel=cancel)


def _summarised_run(task, cancel=None, progress=None) -> tuple:
    """One replication for the panels: (its ``RepSummary``, its full Results if it is
    replication 0, else None); ``progress(seconds)`` after it."""
    started = time.perf_counter()
    results = run_one(task.scenario, task.seed, cancel)
    summary = summarise(results)
    if progress is not None:
        progress(time.perf_counter() - started)
    return summary, tables_only(results) if task.replication == 0 else None


def tables_only(results) -> Results:
    """``results`` as ``simkit.results.load`` gives them: its tables (the same DataFrames, so
    the same numbers) without the simulation's own objects (every customer, the raw event
    log, the staff's learning state). The replay and the payslips read tables only, and the
    page keeps these results for as long as it shows them: with the objects, the default Run
    (4 months, 5 replications) holds about 120 MB more (measured in one Python process;
    docs/dashboard.md, "In a classroom")."""
    return Results(results.scenario, results.seed, results.days,
                   tables={name: getattr(results, name) for name in TABLES})


def release_freed_memory() -> None:
    """Give the memory a finished run freed back to the operating system: a collection
    for the simulation's reference cycles, then glibc's ``malloc_trim`` (freed heap stays in
    the process otherwise; a classroom server runs a kernel per page). Does nothing where
    the C library has no ``malloc_trim`` (macOS, Windows, musl)."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _run_sides(scenarios: dict, seeds, progress=None, cancel=None) -> dict[str, SideResult]:
    """Every replication of every side, the same seeds on each, side by side in this process."""
    work = Work(partial(_summarised_run, cancel=cancel, progress=progress))
    cmp = compare_variants(scenarios, seeds, work, executor="serial", cancel=cancel)
    return {side: SideResult(cmp.scenarios[side], [summary for summary, _ in cmp.results[side]],
                             cmp.results[side][0][1]) for side in cmp.variants}


def run_side(scenario, seeds, progress=None, cancel=None) -> SideResult:
    """Every replication of one side; ``progress`` (if given) is called after each run with
    the seconds it took. ``cancel`` (a ``threading.Event``) stops it: ``Cancelled``."""
    return _run_sides({"A": scenario}, seeds, progress, cancel)["A"]


def run_comparison(inputs: Inputs, progress=None, cancel=None) -> RunResult:
    """Both sides, the same seeds. Raises ``simkit.scenario.ScenarioError`` for an
    impossible combination (the app shows its message) and ``Cancelled`` if
    ``cancel`` is set during the run."""
    scenarios = {w: build_scenario(inputs, w) for w in ("A", "B")}  # validate both before running either
    return RunResult(inputs, _run_sides(scenarios, inputs.seeds(), _with_arity(progress), cancel))


def _with_arity(progress):
    """Accept ``progress()`` callbacks as well as ``progress(seconds)``."""
    if progress is None:
        return None
    try:
        inspect.signature(progress).bind(0.0)
        return progress
    except TypeError:
        return lambda _secs: progress()


# ------------------------------------------------------------------ how long a run takes
#: (measured) wall seconds of a Run per simulated month of one simulation at the baseline
#: branch's customer volume, one simulation after the other as the page runs them, summaries
#: included: 0.50-0.57 s, mean 0.54, on the shared 2-core machine (load average about 4,
#: 2026-12-07) for the four lessons (``nice -n 5 .venv/bin/python scripts/lesson_check.py``:
#: 30 s for 60 units, 45 s for 80, 32 s for 60, 34 s for 60); the larger end, so a first
#: estimate errs long. The field margins cost no measurable extra. The wall time between
#: simulations measured in a run refines it (``Estimator.record``).
PRIOR_SECONDS_PER_UNIT = 0.55
#: how many units of evidence the prior is worth: after ~ten measured months the
#: measurements dominate (a shrinkage estimate, not a guess that never moves)
PRIOR_WEIGHT = 10.0


def daily_customers(branch: str, arrivals_factor: float = 1.0) -> float:
    """Customers expected on an ordinary day (sum of the branch file's hourly rates × volume)."""
    h = _branch(branch).arrivals.hourly
    per_day = sum(h.values()) if isinstance(h, dict) else float(h) * 8
    return per_day * float(arrivals_factor)


def run_units(inputs: Inputs) -> float:
    """The size of a Run, in baseline-branch months: simulations × months × the branch's
    customer volume relative to the baseline branch (time grows with the customers served)."""
    return 2 * inputs.replications * run_units_per_sim(inputs)


def run_units_per_sim(inputs: Inputs) -> float:
    return inputs.periods * daily_customers(inputs.branch, inputs.arrivals_factor) / daily_customers("baseline")


class Estimator:
    """Seconds a Run will take: its ``run_units`` × a rate in wall seconds per unit (with
    the machine's load). The rate starts at ``PRIOR_SECONDS_PER_UNIT`` and is refined by every simulation measured
    (``record``, given the wall time since the previous one ended):
    ``(prior × weight + measured seconds) / (weight + measured units)``."""

    def __init__(self, prior: float = PRIOR_SECONDS_PER_UNIT, weight: float = PRIOR_WEIGHT):
        self.prior, self.weight = float(prior), float(weight)
        self.seconds = 0.0
        self.units = 0.0
        self.measured = 0  # simulations measured

    @property
    def rate(self) -> float:
        return (self.prior * self.weight + self.seconds) / (self.weight + self.units)

    def record(self, units: float, seconds: float) -> None:
        self.seconds += float(seconds)
        self.units += float(units)
        self.measured += 1

    def estimate(self, inputs: Inputs) -> float:
        return run_units(inputs) * self.rate

    def remaining(self, inputs: Inputs, done: int) -> float:
        """Seconds left after ``done`` of the run's ``2 × replications`` simulations."""
        return max(0.0, (2 * inputs.replications - done) * run_units_per_sim(inputs) * self.rate)


# ------------------------------------------------------------------ intervals
def is_clear(lo: float, hi: float) -> bool:
    """Whether a difference's interval excludes zero (``simkit.report.intervals.clear``):
    the interval test alone; what the table calls a difference is ``kpi_summary``'s
    ``verdict``."""
    return lo == lo and hi == hi and bool(clear(lo, hi))


def choice_kind(role: str, choice: str) -> str:
    """A learned choice's kind (``choice.pace`` positive, the shares of time and chances
    shares), by ``simkit.report.intervals.kind_of``."""
    return kind_of(f"choice.{choice}")


def kpi_summary(comp: RunResult) -> pd.DataFrame:
    """One row per KPI: mean and CI of each side (``simkit.report.intervals.interval``),
    the paired difference B − A (``simkit.report.intervals.difference``: both sides
    ran the same seeds), the KPI's minimal meaningful difference (``minimal``,
    ``simkit.report.meaningful``), the difference's ``verdict``
    (``simkit.report.intervals.verdict``) and whether it is ``clear`` (the verdict is
    "clear": its interval excludes zero and it is at least ``minimal``)."""
    rows = []
    a, b = comp.sides["A"].reps, comp.sides["B"].reps
    for name in KPIS:
        kind = KPI_KINDS[name]
        values_a = [r.kpis[name] for r in a]
        values_b = [r.kpis[name] for r in b]
        row = {"kpi": name, "kind": kind}
        for side, x in (("A", values_a), ("B", values_b)):
            row[side], row[f"{side}_lo"], row[f"{side}_hi"] = interval(x, kind, LEVEL)
        row["diff"], row["diff_lo"], row["diff_hi"] = difference(values_a, values_b, kind, LEVEL)
        row["minimal"] = minimal(name)
        row["verdict"] = verdict(row["diff"], row["diff_lo"], row["diff_hi"], minimal=row["minimal"],
                                 arms=(values_a, values_b))
        row["clear"] = row["verdict"] == "clear"
        rows.append(row)
    return pd.DataFrame(rows)


def kpi_runs(comp: RunResult) -> pd.DataFrame:
    """Every replication's KPIs, long: side, seed, kpi, value (what the summary is made of)."""
    rows = [{"side": w, "seed": r.seed, "kpi": k, "value": float(r.kpis[k])}
            for w in ("A", "B") for r in comp.sides[w].reps for k in KPIS]
    return pd.DataFrame(rows, columns=["side", "seed", "kpi", "value"])


def inputs_record(inputs: Inputs) -> dict:
    """The inputs as plain data (for labels and downloads)."""
    d = asdict(inputs)
    d["seeds"] = inputs.seeds()
    return d


def downloads(comp: RunResult, lang: str = "en") -> dict[str, tuple[str, bytes]]:
    """The files a trainer can download: ``name -> (MIME type, bytes)``. CSVs carry the
    inputs in columns of their own, the Parquet file in its metadata, and ``inputs.json``
    on its own, so every number can be traced to what produced it. In Chinese the CSVs
    open with each KPI's Chinese name (column 指标) beside its code (column ``kpi``, kept
    so programs read both languages' files alike), and carry a byte-order mark, without
    which spreadsheet programs on Chinese Windows read UTF-8 as GBK and garble it."""
    rec = inputs_record(comp.inputs)
    label = json.dumps(rec, sort_keys=True)
    summary = _labelled(kpi_summary(comp).assign(inputs=label), lang)
    runs = _labelled(kpi_runs(comp).assign(inputs=label), lang)
    encoding = "utf-8-sig" if lang == "zh" else "utf-8"
    table = pa.Table.from_pandas(kpi_runs(comp), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"simkit.inputs": label.encode()})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return {"kpis_summary.csv": ("text/csv", summary.to_csv(index=False).encode(encoding)),
            "kpis_by_replication.csv": ("text/csv", runs.to_csv(index=False).encode(encoding)),
            "kpis_by_replication.parquet": ("application/vnd.apache.parquet", buf.getvalue()),
            "inputs.json": ("application/json", json.dumps(rec, indent=2, sort_keys=True).encode("utf-8"))}


def _labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` with a first column of its KPIs' names in ``lang`` (none in English: the
    codes are English words already)."""
    if lang == "en":
        return table
    return table.assign(**{tr("ui.kpi", lang): [tr(f"kpi.{k}", lang) for k in table["kpi"]]})[
        [tr("ui.kpi", lang), *table.columns]]


def queue_summary(side: SideResult) -> pd.DataFrame:
    """minute, mean, lo, hi of customers waiting at the counter across replications."""
    q = pd.concat([r.queue.assign(rep=i) for i, r in enumerate(side.reps)])
    return _ci_frame(q, ["minute"], "length", QUEUE_KIND)


def waits_summary(side: SideResult) -> pd.DataFrame:
    w = pd.DataFrame([{"segment": s, "wait": v, "rep": i} for i, r in enumerate(side.reps) for s, v in r.waits.items()])
    return _ci_frame(w, ["segment"], "wait", WAIT_KIND)


def choices_summary(side: SideResult) -> pd.DataFrame:
    c = pd.concat([r.choices.assign(rep=i) for i, r in enumerate(side.reps)])
    return _ci_frame(c, ["role", "choice", "period"], "value", lambda key: choice_kind(key[0], key[1]))


def bank_summary(side: SideResult) -> pd.DataFrame:
    b = pd.concat([r.bank.assign(rep=i) for i, r in enumerate(side.reps)])
    long = b.melt(id_vars=["period", "rep"], value_vars=["profit", "npl_ratio"], var_name="measure")
    return _ci_frame(long, ["measure", "period"], "value", lambda key: kind_of(key[0]))


def pay_summary(side: SideResult) -> pd.DataFrame:
    """role, kind, mean ¥ per person per period (averaged over replications)."""
    p = pd.concat([r.pay.assign(rep=i) for i, r in enumerate(side.reps)])
    return p.groupby(["role", "kind"], as_index=False)["amount"].mean()


def negative_pay(side: SideResult) -> pd.DataFrame:
    """Per role, over every replication: person-months paid, how many below zero, the lowest."""
    m = pd.concat([r.pay_months for r in side.reps], ignore_index=True)
    if m.empty:
        return pd.DataFrame(columns=["role", "months", "negative", "lowest"])
    return m.groupby("role", as_index=False).agg(months=("months", "sum"), negative=("negative", "sum"),
                                                 lowest=("lowest", "min"))


def lowest_payslip(results) -> pd.DataFrame:
    """The lowest month's payslip of the first replication if it is below zero (else empty):
    the case a trainer must see, flagged, not only averages that hide it."""
    staff = results.staff_periods
    if staff.empty or float(staff["pay"].min()) >= 0:
        return results.payslips.iloc[0:0].assign(role=[])
    row = staff.loc[staff["pay"].idxmin()]
    slips = results.payslips
    lines = slips[(slips["person"] == row["person"]) & (slips["period"] == row["period"])]
    return lines.assign(role=row["role"])


def sample_payslips(results) -> pd.DataFrame:
    """The last period's payslip of the first person in each role (first replication)."""
    staff, slips = results.staff_periods, results.payslips
    last = int(staff["period"].max())
    out = []
    for role in ROLES:
        people = staff[(staff["role"] == role) & (staff["period"] == last)]["person"]
        if len(people):
            person = people.iloc[0]
            lines = slips[(slips["person"] == person) & (slips["period"] == last)]
            out.append(lines.assign(role=role))
    return pd.concat(out, ignore_index=True) if out else slips.iloc[0:0].assign(role=[])


def _ci_frame(df: pd.DataFrame, keys: list[str], col: str, kind="real") -> pd.DataFrame:
    """Mean and interval of ``col`` per group, and the replications' own smallest and
    largest value (``data_lo``, ``data_hi``: what the charts' axes cover, ``svg.line_chart``);
    ``kind`` is a kind or ``fn(group key) -> kind``."""
    rows = []
    for key, group in df.groupby(keys, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        values = group[col].to_numpy(dtype=float)
        m, lo, hi = interval(values, kind(key) if callable(kind) else kind, LEVEL)
        finite = values[np.isfinite(values)]
        data_lo, data_hi = (float(finite.min()), float(finite.max())) if len(finite) else (np.nan, np.nan)
        rows.append({**dict(zip(keys, key)), "mean": m, "lo": lo, "hi": hi, "data_lo": data_lo, "data_hi": data_hi})
    return pd.DataFrame(rows, columns=[*keys, "mean", "lo", "hi", "data_lo", "data_hi"])
