"""The numbers behind every panel: replications of both sides, summarised.

A run's :class:`~simkit.results.Results` is large (every event of every day); the
dashboard keeps a small :class:`RepSummary` per replication and the full results of the
first replication of each side only (for the replay). Everything here is plain Python
and pandas, tested without a browser.

Confidence intervals are Student-t intervals over replications (independent seeds), the
usual choice for a handful of independent runs (Law, *Simulation Modeling and Analysis*,
5th ed., §9.4.1). Because both sides run the same seeds (common random numbers), the
difference B − A gets a *paired* interval, narrower than comparing two intervals by eye.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .inputs import ROLES, Inputs, build_scenario

LEVEL = 0.95  # (default) the conventional two-sided 95 % interval

#: KPIs shown in the table, in order, and how to format them
KPIS = {
    "wait_mean": "f1", "wait_p90": "f1", "served_within_10": "pct", "balked_rate": "pct", "reneged_rate": "pct",
    "diversion_rate": "pct", "error_rate": "pct", "complaint_rate": "pct", "satisfaction_mean": "f2",
    "sales": "int", "fee_income": "yuan", "utilisation_teller": "pct",
    "bank_profit": "yuan", "npl_ratio": "pct", "staff_pay": "yuan", "deposits_lost": "yuan",
}
COUNTER_QUEUES = ("green", "vip", "corporate", "ordinary")


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


@dataclass
class SideResult:
    scenario: object
    reps: list[RepSummary]
    first: object = None  # full Results of the first replication (for the replay)


@dataclass
class Comparison:
    inputs: Inputs
    sides: dict[str, SideResult] = field(default_factory=dict)


def run_kpis(res) -> dict:
    """The KPIs the dashboard shows for one run: ``Results.kpis()`` plus the bank's books
    over the whole run (profit summed over periods, NPL ratio at the end)."""
    k = dict(res.kpis())
    bp = res.bank_periods
    k["bank_profit"] = float(bp["profit"].sum())
    k["npl_ratio"] = float(bp["npl_ratio"].iloc[-1])
    k["staff_pay"] = float(bp["staff_pay"].sum())
    return {name: k[name] for name in KPIS}


def summarise(res) -> RepSummary:
    from ..report.figures import queue_profile

    prof = queue_profile(res, COUNTER_QUEUES)
    queue = prof.groupby("minute", as_index=False)["length"].sum() if len(prof) else pd.DataFrame(
        {"minute": [], "length": []})
    c = res.customers
    called = c[c["start"].notna()]
    waits = called.groupby("segment", observed=True)["wait"].mean().to_dict()
    sp = res.staff_periods
    cols = [col for col in sp.columns if col.startswith("choice.")]
    choices = (sp.melt(id_vars=["role", "period"], value_vars=cols, var_name="choice", value_name="value")
               .dropna(subset=["value"]).groupby(["role", "period", "choice"], as_index=False)["value"].mean())
    choices["choice"] = choices["choice"].str.removeprefix("choice.")
    paycols = [col for col in sp.columns if col.startswith("pay.")]
    pay = (sp.melt(id_vars=["role"], value_vars=paycols, var_name="kind", value_name="amount")
           .fillna({"amount": 0.0}).groupby(["role", "kind"], as_index=False)["amount"].mean())
    pay["kind"] = pay["kind"].str.removeprefix("pay.")
    bank = res.bank_periods[["period", "profit", "npl_ratio"]].copy()
    return RepSummary(res.seed, run_kpis(res), queue, {str(k): float(v) for k, v in waits.items()},
                      choices, pay, bank)


def run_side(scenario, seeds, progress=None) -> SideResult:
    """Every replication of one side; ``progress`` (if given) is called after each run."""
    import simkit

    out = SideResult(scenario, [])
    for i, seed in enumerate(seeds):
        res = simkit.run(scenario, seed=seed)
        out.reps.append(summarise(res))
        if i == 0:
            out.first = res
        if progress is not None:
            progress()
    return out


def run_comparison(inputs: Inputs, progress=None) -> Comparison:
    """Both sides, the same seeds. Raises :class:`~simkit.scenario.ScenarioError` for an
    impossible combination (the app shows its message)."""
    scenarios = {w: build_scenario(inputs, w) for w in ("A", "B")}  # validate both before running either
    comp = Comparison(inputs)
    for which, sc in scenarios.items():
        comp.sides[which] = run_side(sc, inputs.seeds(), progress)
    return comp


# ------------------------------------------------------------------ intervals
def mean_ci(x, level: float = LEVEL) -> tuple[float, float, float]:
    """(mean, low, high): Student-t interval; NaN bounds for fewer than two values."""
    x = np.asarray([v for v in x if v == v], dtype=float)
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    m = float(x.mean())
    if len(x) < 2:
        return m, math.nan, math.nan
    half = float(stats.t.ppf((1 + level) / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return m, m - half, m + half


def kpi_summary(comp: Comparison) -> pd.DataFrame:
    """One row per KPI: mean and CI of each side, and the paired difference B − A."""
    rows = []
    a, b = comp.sides["A"].reps, comp.sides["B"].reps
    for name in KPIS:
        xa = [r.kpis[name] for r in a]
        xb = [r.kpis[name] for r in b]
        row = {"kpi": name}
        for side, x in (("A", xa), ("B", xb)):
            row[side], row[f"{side}_lo"], row[f"{side}_hi"] = mean_ci(x)
        row["diff"], row["diff_lo"], row["diff_hi"] = mean_ci([y - x for x, y in zip(xa, xb)])
        rows.append(row)
    return pd.DataFrame(rows)


def queue_summary(side: SideResult) -> pd.DataFrame:
    """minute, mean, lo, hi of customers waiting at the counter across replications."""
    q = pd.concat([r.queue.assign(rep=i) for i, r in enumerate(side.reps)])
    return _ci_frame(q, ["minute"], "length")


def waits_summary(side: SideResult) -> pd.DataFrame:
    w = pd.DataFrame([{"segment": s, "wait": v, "rep": i} for i, r in enumerate(side.reps) for s, v in r.waits.items()])
    return _ci_frame(w, ["segment"], "wait")


def choices_summary(side: SideResult) -> pd.DataFrame:
    c = pd.concat([r.choices.assign(rep=i) for i, r in enumerate(side.reps)])
    return _ci_frame(c, ["role", "choice", "period"], "value")


def bank_summary(side: SideResult) -> pd.DataFrame:
    b = pd.concat([r.bank.assign(rep=i) for i, r in enumerate(side.reps)])
    long = b.melt(id_vars=["period", "rep"], value_vars=["profit", "npl_ratio"], var_name="measure")
    return _ci_frame(long, ["measure", "period"], "value")


def pay_summary(side: SideResult) -> pd.DataFrame:
    """role, kind, mean ¥ per person per period (averaged over replications)."""
    p = pd.concat([r.pay.assign(rep=i) for i, r in enumerate(side.reps)])
    return p.groupby(["role", "kind"], as_index=False)["amount"].mean()


def sample_payslips(res) -> pd.DataFrame:
    """The last period's payslip of the first person in each role (first replication)."""
    sp, slips = res.staff_periods, res.payslips
    last = int(sp["period"].max())
    out = []
    for role in ROLES:
        people = sp[(sp["role"] == role) & (sp["period"] == last)]["person"]
        if len(people):
            person = people.iloc[0]
            lines = slips[(slips["person"] == person) & (slips["period"] == last)]
            out.append(lines.assign(role=role))
    return pd.concat(out, ignore_index=True) if out else slips.iloc[0:0].assign(role=[])


def _ci_frame(df: pd.DataFrame, keys: list[str], col: str) -> pd.DataFrame:
    rows = []
    for key, g in df.groupby(keys, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        m, lo, hi = mean_ci(g[col].to_numpy())
        rows.append({**dict(zip(keys, key)), "mean": m, "lo": lo, "hi": hi})
    return pd.DataFrame(rows, columns=[*keys, "mean", "lo", "hi"])
