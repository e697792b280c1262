"""Pay-scheme explorers for notebooks 04 (tellers), 05 (customer managers) and 07 (designing
a scheme).

Each explorer is a ``simkit.widgets.core.Explorer``: sliders for the scheme's
parameters, a Run button, and tabs that refresh. Everything it does is a plain function at
module level, so tests and notebooks can call it without a browser:

* ``*_components(values)``  control values -> the role's pay components (the YAML ``pay:``
  section as Python data); a scheme is only ever changed through the scenario, so the
  branch never learns which scheme is in force (docs/design.md rule 1);
* ``run_*(base, values, progress)``  runs ``values["months"]`` monthly assessment periods
  with learning, once per replication, and returns a ``PayRun``;
* ``by_period`` / ``tail_kpis`` / ``*_figure`` / ``payslip_text``  what the tabs show.

>>> from simkit.widgets.pay import teller_explorer
>>> ex = teller_explorer("../scenarios/schemes/fixed_pay.yaml")   # doctest: +SKIP
>>> ex.set(per_transaction=1.5, fine_per_error=40).run(); ex       # doctest: +SKIP
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from ..scenario import load_scenario, shipped_dir
from .core import Explorer, checkbox, dropdown, float_slider, int_slider, simulate

__all__ = ["PayRun", "run_scheme", "readable", "by_period", "tail_kpis", "trajectory_figure", "payslip_text",
           "loan_book_figure", "tradeoff_table", "manager_overrides",
           "teller_components", "run_tellers", "teller_explorer", "TELLER_DEFAULTS",
           "manager_components", "run_managers", "manager_explorer", "MANAGER_SCHEMES", "MANAGER_DEFAULTS",
           "MANAGER_FILES", "shipped_components",
           "scorecard_component", "scorecard_weights", "run_scorecard", "scorecard_explorer", "SCORECARD_DEFAULTS"]

TAIL = 3  # months at the end of a run that summaries average over: where learning has got to


# ------------------------------------------------------------------------ shared parts
@dataclass
class PayRun:
    """The tables of one explorer run, stacked over replications (column ``replication``)."""

    staff_periods: pd.DataFrame
    bank_periods: pd.DataFrame
    payslips: pd.DataFrame
    kpis: pd.DataFrame  # one row per replication: the run's headline KPIs (waits, ...)
    months: int
    settings: dict


def run_scheme(base, overrides: dict, months: int, replications: int, progress=None, seed0: int = 1) -> PayRun:
    """Run ``base`` with ``overrides`` for ``months`` monthly periods, ``replications`` times
    (seeds ``seed0, seed0+1, ...``: the same customers for every setting)."""
    if months < 1 or replications < 1:
        raise ValueError(f"months ({months}) and replications ({replications}) must be at least 1")
    over = {**overrides, "horizon.periods": int(months), "horizon.period": "month"}
    runs = simulate(base, over, seeds=range(seed0, seed0 + int(replications)), progress=progress)

    def stack(name):
        return pd.concat([getattr(r, name).assign(replication=i) for i, r in enumerate(runs)], ignore_index=True)

    kpis = pd.DataFrame([{"replication": i, **r.kpis()} for i, r in enumerate(runs)])
    return PayRun(stack("staff_periods"), stack("bank_periods"), stack("payslips"), kpis, int(months),
                  dict(overrides))


def by_period(staff_periods: pd.DataFrame, role: str, columns: dict[str, str]) -> pd.DataFrame:
    """Mean over the people of ``role`` and over replications, per period, of each column
    (``{label: staff_periods column}``); long format, ready for seaborn."""
    rows = staff_periods[staff_periods["role"] == role]
    wide = rows.groupby("period")[list(columns.values())].mean().rename(columns={v: k for k, v in columns.items()})
    return wide.reset_index().melt(id_vars="period", var_name="measure", value_name="value")


def trajectory_figure(long: pd.DataFrame, title: str):
    """One small panel per measure: how it moved month by month as staff learned."""
    measures = list(dict.fromkeys(long["measure"]))
    fig, axes = plt.subplots(1, len(measures), figsize=(3.2 * len(measures), 2.8), squeeze=False)
    for ax, m in zip(axes[0], measures):
        sns.lineplot(data=long[long["measure"] == m], x="period", y="value", marker="o", ax=ax, seed=0)
        ax.set(title=m, xlabel="month", ylabel="")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def payslip_text(payslips: pd.DataFrame, person: str, period: int | None = None, replication: int = 0) -> str:
    """One payslip, every line with the arithmetic that produced it (last period by
    default). ``person`` is a person (``M1.2``) or a post (``M1``: whoever held it)."""
    who = payslips["person"] == person
    if "post" in payslips:
        who |= payslips["post"] == person
    slip = payslips[who & (payslips["replication"] == replication)]
    if slip.empty:
        return f"(no payslip for {person})"
    period = int(slip["period"].max()) if period is None else period
    slip = slip[slip["period"] == period]
    if slip.empty:
        return f"(no payslip for {person} in month {period + 1})"
    person = str(slip["person"].iloc[0])
    width = max(slip["line"].str.len().max(), 5)
    rows = [f"Payslip — {person}, month {period + 1}"]
    for _, line in slip.iterrows():
        held = f"  (held back ¥{line['held']:,.2f})" if line["held"] else ""
        rows.append(f"  {line['line']:<{width}}  ¥{line['amount']:>11,.2f}   {line['formula']}{held}")
    rows.append(f"  {'total':<{width}}  ¥{slip['amount'].sum():>11,.2f}")
    return "\n".join(rows)


def _tail(staff_periods: pd.DataFrame, role: str, tail: int = TAIL) -> pd.DataFrame:
    rows = staff_periods[staff_periods["role"] == role]
    return rows[rows["period"] > rows["period"].max() - tail]


def tail_kpis(run: PayRun, role: str, tail: int = TAIL) -> pd.DataFrame:
    """Where learning has got to: means over the last ``tail`` months of the role's
    choices, indicators, pay and turnover (one column, rows named in plain words)."""
    recent = _tail(run.staff_periods, role, tail)
    trials = run.staff_periods[run.staff_periods["role"] == role]
    # a choice held fixed (its trials never vary: e.g. care unless switched on) is not "learned"
    out = {f"{c.split('.', 1)[1]} (learned)": recent[c].mean() for c in recent.columns
           if c.startswith("policy.") and recent[c].notna().any()
           and trials.get("choice." + c.split(".", 1)[1], recent[c]).nunique() > 1}
    out["pay ¥/month"] = recent["pay"].mean()
    out["effort cost ¥/month"] = recent["effort"].mean()
    out["utility ¥/month"] = recent["utility"].mean()
    role_rows = run.staff_periods[run.staff_periods["role"] == role]
    out["quits over the run (per replication)"] = role_rows["quit"].sum() / role_rows["replication"].nunique()
    if role == "teller":
        # an indicator a person never scored in a month is missing (NaN) in staff_periods: count it as 0
        indicators = {c: recent[f"kpi.{c}"].fillna(0.0) if f"kpi.{c}" in recent else pd.Series(0.0, index=recent.index)
             for c in ("transactions", "errors", "complaints", "sales")}
        transactions = indicators["transactions"].sum()
        out["transactions per teller-month"] = indicators["transactions"].mean()
        out["error rate"] = indicators["errors"].sum() / transactions if transactions else float("nan")
        out["complaints per teller-month"] = indicators["complaints"].mean()
        out["sales per teller-month"] = indicators["sales"].mean()
        out["mean wait (min, whole run)"] = run.kpis["wait_mean"].mean()
    if role == "customer_manager":
        bank = run.bank_periods[run.bank_periods["period"] > run.bank_periods["period"].max() - tail]
        out["new loans ¥/month (branch)"] = bank["new_loans"].mean()
        out["NPL ratio (branch)"] = bank["npl_ratio"].mean()
        out["provisions ¥/month (branch)"] = bank["provisions"].mean()
        out["profit ¥/month (branch)"] = bank["profit"].mean()
        out["customer satisfaction (0-10)"] = recent["kpi.satisfaction"].mean() if "kpi.satisfaction" in recent else float("nan")
    return pd.DataFrame({"value": pd.Series(out, dtype=float)})


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """Values as text: yuan amounts with thousands separators, shares and choices with 3
    decimals (a KPI table mixes ¥ millions with ratios, which pandas would print in
    scientific notation)."""
    def fmt(x):
        return "–" if pd.isna(x) else f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3f}"
    return table.apply(lambda col: col.map(fmt))


def _common_controls(months: int, replications: int, max_months: int = 24) -> dict:
    return {"months": int_slider("months (assessment periods)", 1, max_months, months),
            "replications": int_slider("replications (seeds)", 1, 5, replications)}


# ------------------------------------------------------------------------------ tellers
#: the explorer's starting values: a fixed-pay branch (seed 002's county-branch teller)
TELLER_DEFAULTS = {"base": 2000.0, "position": 500.0, "per_transaction": 1.5, "fine_per_error": 0.0,
                   "fine_per_complaint": 0.0, "commission": 0.0, "quota": 0, "quota_deduction": 0.0}
QUOTA_PRODUCTS = ("wealth", "fund", "online_banking")  # seed 002: wealth, fund and online-banking quotas


def teller_components(v: dict) -> list[dict]:
    """The teller's pay components for control values ``v`` (keys of ``TELLER_DEFAULTS``):
    fixed pay; a piece rate with fines if any of them is set; commissions and quotas if set."""
    comps = [{"kind": "fixed", "base": float(v["base"]), "position": float(v["position"])}]
    if v["per_transaction"] or v["fine_per_error"] or v["fine_per_complaint"]:
        comps.append({"kind": "piece_rate", "per_transaction": float(v["per_transaction"]),
                      "fine_per_error": float(v["fine_per_error"]),
                      "fine_per_complaint": float(v["fine_per_complaint"])})
    if v["commission"] or (v["quota"] and v["quota_deduction"]):
        comm = {"kind": "commission", "per_unit": {p: float(v["commission"]) for p in QUOTA_PRODUCTS}}
        if v["quota"] and v["quota_deduction"]:
            comm.update(quotas={p: float(v["quota"]) for p in QUOTA_PRODUCTS},
                        quota_deduction=float(v["quota_deduction"]))
        comps.append(comm)
    return comps


def run_tellers(base, v: dict, progress=None) -> PayRun:
    return run_scheme(base, {"pay.teller.components": teller_components(v)}, v["months"], v["replications"],
                      progress)


TELLER_MEASURES = {"pace (learned)": "policy.pace", "pitch (learned)": "policy.pitch",
                   "errors / month": "kpi.errors", "complaints / month": "kpi.complaints", "pay ¥": "pay"}


def teller_explorer(base, months: int = 6, replications: int = 1, **values) -> Explorer:
    """Tellers' (柜员) pay: fixed pay, piece rate (计件工资), fines (罚款/扣款) and sales quotas
    (营销任务). ``base`` is a multi-period scenario whose tellers learn (e.g.
    ``scenarios/schemes/fixed_pay.yaml``); ``values`` override ``TELLER_DEFAULTS``."""
    v = {**TELLER_DEFAULTS, **values}
    controls = {
        "base": float_slider("base salary ¥", 0, 4000, v["base"], 100),
        "position": float_slider("position salary ¥", 0, 2000, v["position"], 100),
        "per_transaction": float_slider("¥ per transaction (计件)", 0, 4, v["per_transaction"], 0.1),
        "fine_per_error": float_slider("fine per error ¥ (差错)", 0, 200, v["fine_per_error"], 5),
        "fine_per_complaint": float_slider("fine per complaint ¥ (投诉)", 0, 500, v["fine_per_complaint"], 10),
        "commission": float_slider("commission per sale ¥", 0, 60, v["commission"], 5),
        "quota": int_slider("quota: units per product", 0, 10, int(v["quota"])),
        "quota_deduction": float_slider("deduction per missed quota ¥", 0, 800, v["quota_deduction"], 50),
        **_common_controls(months, replications),
    }
    return Explorer(controls, lambda vals, progress: run_tellers(base, vals, progress), {
        "behaviour": lambda r: trajectory_figure(by_period(r.staff_periods, "teller", TELLER_MEASURES),
                                                 "Tellers, mean of all tellers and replications"),
        "KPIs": lambda r: readable(tail_kpis(r, "teller")),
        "payslip": lambda r: payslip_text(r.payslips, "T1"),
    }, title="Tellers and their pay (柜员薪酬)")


# ------------------------------------------------------------------- customer managers
#: the shipped scheme files: every rate the explorer shows is read from them, never typed here
SCHEMES = shipped_dir() / "schemes"
MANAGER_FILES = {"deposit only (唯存款论)": "cm_deposit_only", "loan volume": "cm_loan_volume",
                 "quota scoring (seed 003)": "cm_quota_scoring",
                 "responsibility profit (责任利润)": "cm_responsibility_profit"}
MANAGER_SCHEMES = ("fixed pay", *MANAGER_FILES)
MANAGER_DEFAULTS = {"scheme": "responsibility profit (责任利润)", "base": 3000.0, "position": 1500.0,
                    "strength": 1.0, "provisions": True}
#: the one rate of each performance component that "strength" scales
STRENGTH_FIELD = {"deposit_only": "rate", "quota_scoring": "yuan_per_point", "responsibility_profit": "pay_per_10k"}


@lru_cache(maxsize=None)
def shipped_components(scheme: str, folder: str = str(SCHEMES)) -> tuple[dict, ...]:
    """The customer managers' performance components of ``scheme``'s shipped file (fixed
    pay left out), as the YAML ``pay:`` section would write them."""
    scenario = load_scenario(Path(folder) / f"{MANAGER_FILES[scheme]}.yaml")
    return tuple(c.model_dump(mode="python") for c in scenario.pay.customer_manager.components if c.kind != "fixed")


def manager_components(v: dict) -> list[dict]:
    """Customer managers' components: fixed pay from the sliders plus the chosen scheme's
    components as its shipped file has them (``scenarios/schemes/cm_*.yaml``), each
    performance rate scaled by ``strength`` (1 = the shipped file's rate)."""
    k = float(v["strength"])
    comps = [{"kind": "fixed", "base": float(v["base"]), "position": float(v["position"])}]
    scheme = v["scheme"]
    if scheme not in MANAGER_SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; allowed: {', '.join(MANAGER_SCHEMES)}")
    if scheme == "fixed pay":
        return comps
    for c in shipped_components(scheme):
        c = copy.deepcopy(c)  # the cached file is never changed
        if c["kind"] in STRENGTH_FIELD:
            c[STRENGTH_FIELD[c["kind"]]] = c[STRENGTH_FIELD[c["kind"]]] * k
        comps.append(c)
    return comps


def manager_overrides(v: dict) -> dict:
    over = {"pay.customer_manager.components": manager_components(v)}
    if not v["provisions"]:  # the books then carry no loan-loss provisions at all (seed 001's 30/50/100 %)
        over.update({"bank.loans.provision_substandard": 0.0, "bank.loans.provision_doubtful": 0.0,
                     "bank.loans.provision_loss": 0.0})
    return over


def run_managers(base, v: dict, progress=None) -> PayRun:
    return run_scheme(base, manager_overrides(v), v["months"], v["replications"], progress)


MANAGER_MEASURES = {"time outside (learned)": "policy.outside", "screening (learned)": "policy.screening",
                    "strictness (learned)": "policy.strictness", "monitoring (learned)": "policy.monitoring",
                    "pay ¥": "pay"}


def loan_book_figure(run: PayRun):
    """New loans and the non-performing-loan ratio (不良贷款率) month by month."""
    b = run.bank_periods
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.8))
    sns.lineplot(data=b, x="period", y=b["new_loans"] / 1e6, marker="o", ax=axes[0], seed=0)
    axes[0].set(title="new loans", xlabel="month", ylabel="¥ million")
    sns.lineplot(data=b, x="period", y=b["npl_ratio"] * 100, marker="o", ax=axes[1], color="C3", seed=0)
    axes[1].set(title="NPL ratio", xlabel="month", ylabel="% of loans")  # figures: no CJK font assumed
    fig.tight_layout()
    return fig


def manager_explorer(base, months: int = 12, replications: int = 1, **values) -> Explorer:
    """Customer managers' (客户经理) pay: deposit-only, loan-volume and quota-completion
    scoring against responsibility profit after provisions. ``base``: a multi-period scenario
    with learning (e.g. ``scenarios/schemes/fixed_pay.yaml``)."""
    v = {**MANAGER_DEFAULTS, **values}
    controls = {
        "scheme": dropdown("scheme", list(MANAGER_SCHEMES), v["scheme"]),
        "base": float_slider("base salary ¥", 0, 6000, v["base"], 100),
        "position": float_slider("position salary ¥", 0, 3000, v["position"], 100),
        "strength": float_slider("performance pay × (1 = shipped file)", 0, 3, v["strength"], 0.1),
        "provisions": checkbox("charge loan-loss provisions (30/50/100 %)", v["provisions"]),
        **_common_controls(months, replications, max_months=36),
    }
    return Explorer(controls, lambda vals, progress: run_managers(base, vals, progress), {
        "behaviour": lambda r: trajectory_figure(by_period(r.staff_periods, "customer_manager", MANAGER_MEASURES),
                                                 "Customer managers, mean of all and of replications"),
        "loan book": loan_book_figure,
        "KPIs": lambda r: readable(tail_kpis(r, "customer_manager")),
        "payslip": lambda r: payslip_text(r.payslips, "M1"),
    }, title="Customer managers and their pay (客户经理绩效考核)")


# ------------------------------------------------------------------ balanced scorecard
PERSPECTIVES = ("financial", "customer", "internal_process", "learning_growth")
#: indicators of each perspective (as scenarios/schemes/cm_balanced_scorecard.yaml; seed 001
#: names the four perspectives, the indicators and targets are (default) choices stated there)
SCORECARD_TARGETS = {
    "financial": [{"indicator": "responsibility_profit", "target": 150_000.0, "points": 0.6},
                  {"indicator": "deposit_net_increase", "target": 1_000_000.0, "points": 0.4}],
    "customer": [{"indicator": "satisfaction", "target": 8.0, "points": 0.7},
                 {"indicator": "complaints", "target": 1.0, "points": 0.3, "lower_is_better": True}],
    "internal_process": [{"indicator": "npl_share", "target": 0.02, "points": 0.6, "lower_is_better": True},
                         {"indicator": "collateralised_share", "target": 0.6, "points": 0.4}],
    "learning_growth": [{"indicator": "transactions", "target": 60.0, "points": 1.0}],
}
SCORECARD_DEFAULTS = {"financial": 0.4, "customer": 0.3, "internal_process": 0.2, "learning_growth": 0.1,
                      "pool": 5000.0, "base": 3000.0, "position": 1500.0}


def scorecard_weights(v: dict) -> dict[str, float]:
    """The four slider values scaled to sum to 1 (so every slider position is a valid
    scorecard); all zero is refused with a clear message."""
    raw = {p: float(v[p]) for p in PERSPECTIVES}
    total = sum(raw.values())
    if total <= 0:
        raise ValueError("every perspective weight is 0; give at least one perspective a weight above 0")
    return {p: w / total for p, w in raw.items()}


def scorecard_component(v: dict) -> dict:
    w = scorecard_weights(v)
    comp = {"kind": "scorecard", "pool": float(v["pool"])}
    for p in PERSPECTIVES:
        comp[p] = {"weight": w[p], "targets": [dict(t) for t in SCORECARD_TARGETS[p]]}
    # rounding can leave the weights summing to 1 ± 1e-16; give the remainder to the largest
    big = max(PERSPECTIVES, key=lambda p: w[p])
    comp[big]["weight"] = 1.0 - sum(comp[p]["weight"] for p in PERSPECTIVES if p != big)
    return comp


def run_scorecard(base, v: dict, progress=None) -> PayRun:
    comps = [{"kind": "fixed", "base": float(v["base"]), "position": float(v["position"])}, scorecard_component(v)]
    return run_scheme(base, {"pay.customer_manager.components": comps}, v["months"], v["replications"], progress)


def tradeoff_table(run: PayRun, tail: int = TAIL) -> pd.DataFrame:
    """The four things a scheme trades off, over the last ``tail`` months: the bank's profit,
    its risk, the customers' experience and the staff's pay."""
    bank = run.bank_periods[run.bank_periods["period"] > run.bank_periods["period"].max() - tail]
    managers = _tail(run.staff_periods, "customer_manager", tail)
    return pd.DataFrame({"value": pd.Series({
        "profit ¥/month (branch)": bank["profit"].mean(),
        "NPL ratio (branch)": bank["npl_ratio"].mean(),
        "complaints / month (branch)": bank["complaints"].mean(),
        "managers' satisfaction score (0-10)": managers["kpi.satisfaction"].mean(),
        "managers' pay ¥/month": managers["pay"].mean(),
        "managers' time outside (learned)": managers["policy.outside"].mean(),
        "managers' screening (learned)": managers["policy.screening"].mean(),
    }, dtype=float)})


def scorecard_explorer(base, months: int = 6, replications: int = 1, **values) -> Explorer:
    """A balanced scorecard (平衡计分卡) for customer managers: four perspective weights
    (scaled to sum to 1), the pool paid at a full score, fixed pay."""
    v = {**SCORECARD_DEFAULTS, **values}
    controls = {
        "financial": float_slider("financial weight", 0, 1, v["financial"], 0.05),
        "customer": float_slider("customer weight", 0, 1, v["customer"], 0.05),
        "internal_process": float_slider("internal process weight", 0, 1, v["internal_process"], 0.05),
        "learning_growth": float_slider("learning & growth weight", 0, 1, v["learning_growth"], 0.05),
        "pool": float_slider("¥ at a full score", 0, 15000, v["pool"], 500),
        "base": float_slider("base salary ¥", 0, 6000, v["base"], 100),
        "position": float_slider("position salary ¥", 0, 3000, v["position"], 100),
        **_common_controls(months, replications, max_months=36),
    }
    return Explorer(controls, lambda vals, progress: run_scorecard(base, vals, progress), {
        "trade-offs": lambda r: readable(tradeoff_table(r)),
        "behaviour": lambda r: trajectory_figure(by_period(r.staff_periods, "customer_manager", MANAGER_MEASURES),
                                                 "Customer managers on the scorecard"),
        "loan book": loan_book_figure,
        "payslip": lambda r: payslip_text(r.payslips, "M1"),
    }, title="A balanced scorecard (平衡计分卡) for customer managers")
