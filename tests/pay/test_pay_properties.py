"""Properties of the pay layer that hold for every scheme and every set of indicators.

* a payslip's total is the sum of its paid lines; held-back pay is listed on the line
  (``PayLine.held``) but not paid, so it is not in the total;
* deferred pay is conserved over periods: what was earned is paid, still held, or
  forfeited by a person who quit (``PayLedger.forfeit``);
* ``pay_period`` is pure: the same inputs give the same payslips, and the inputs are
  not changed;
* a bad scheme in a scenario file is a ``ScenarioError`` naming the field.
"""
from __future__ import annotations

import copy
import math
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simkit.pay import PayLedger, PayScheme, pay_period
from simkit.pay.payslip import KINDS
from simkit.scenario import ScenarioError, load_scenario

from helpers import SCENARIOS

PRODUCTS = ("wealth", "fund", "insurance", "credit_card", "online_banking")  # baseline.yaml's products
money = st.floats(0, 5000, allow_nan=False)
rate = st.floats(0, 5, allow_nan=False)
share = st.floats(0, 1, allow_nan=False)


# --------------------------------------------------------------------------- valid schemes
@st.composite
def weights(draw, n):
    """n non-negative weights summing to 1 (as a scorecard needs)."""
    raw = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n).filter(any))
    return [x / sum(raw) for x in raw]


@st.composite
def targets(draw, n, points):
    names = ["responsibility_profit", "deposit_net_increase", "satisfaction", "complaints", "npl_share",
             "transactions", "loan_interest_income"]
    return [{"indicator": draw(st.sampled_from(names)), "target": draw(st.floats(-1e6, 1e6, allow_nan=False)),
             "points": p, "lower_is_better": draw(st.booleans()),
             **({"times": "interest_collection_ratio"} if draw(st.booleans()) else {})} for p in points[:n]]


@st.composite
def scorecard(draw):
    w = draw(weights(4))
    persp = {}
    for name, wt in zip(("financial", "customer", "internal_process", "learning_growth"), w):
        n = draw(st.integers(1, 3))
        persp[name] = {"weight": wt, "targets": draw(targets(n, draw(weights(n))))}
    return {"kind": "scorecard", "pool": draw(money), "cap": draw(st.floats(0, 2)), **persp}


product_map = st.dictionaries(st.sampled_from(PRODUCTS), rate, max_size=3)
component = st.one_of(
    st.fixed_dictionaries({"kind": st.just("piece_rate"), "per_transaction": rate, "fine_per_error": money,
                           "fine_per_complaint": money}),
    st.fixed_dictionaries({"kind": st.just("commission"), "per_unit": product_map, "quotas": product_map,
                           "share_of_fee": st.dictionaries(st.sampled_from(PRODUCTS), share, max_size=2),
                           "quota_deduction": money, "proportional": st.booleans()}),
    st.fixed_dictionaries({"kind": st.just("deposit_only"), "rate": st.floats(0, 0.001),
                           "indicator": st.sampled_from(["deposit_balance_avg", "deposit_balance_end",
                                                         "deposit_net_increase"])}),
    st.fixed_dictionaries({"kind": st.just("quota_scoring"), "yuan_per_point": money, "cap": st.floats(0, 2)}),
    st.fixed_dictionaries({"kind": st.just("responsibility_profit"), "pay_per_10k": money,
                           "advance_share": share, "settle_every": st.integers(1, 12)}),
    st.fixed_dictionaries({"kind": st.just("portfolio_target"),
                           "mode": st.sampled_from(["absolute", "adjusted", "progress"]), "pool": money,
                           "elasticity": st.floats(0, 2), "increment_rate": st.floats(0, 0.01)}),
    scorecard(),
    st.fixed_dictionaries({"kind": st.just("monthly_annual"), "monthly_share": share, "annual_pool": money}),
    st.fixed_dictionaries({"kind": st.just("team"), "rate": rate,
                           "rule": st.sampled_from(["equal", "by_contribution"])}),
)
schemes = st.builds(
    lambda fixed, comps: PayScheme.model_validate({"components": ([fixed] if fixed else []) + comps}),
    st.one_of(st.none(), st.fixed_dictionaries({"kind": st.just("fixed"), "base": money, "position": money})),
    st.lists(component, max_size=4))

# counts, balances, shares and fee income cannot be negative; changes and profit can
NON_NEGATIVE_KPIS = ["transactions", "errors", "complaints", "satisfaction", "deposit_balance_avg",
                     "deposit_balance_end", "loan_interest_income", "interest_collection_ratio", "portfolio_start",
                     "npl_share", "breaches_post_maturity", "breaches_other", "breaches_qualitative2"] \
    + [f"sales.{p}" for p in PRODUCTS] + [f"sales_amount.{p}" for p in PRODUCTS]
SIGNED_KPIS = ["deposit_net_increase", "deposit_avg_increase", "deposit_growth", "loan_net_increase",
               "responsibility_profit"]
kpi_dicts = st.builds(lambda a, b: {**a, **b},
                      st.dictionaries(st.sampled_from(NON_NEGATIVE_KPIS), st.floats(0, 1e7), max_size=10),
                      st.dictionaries(st.sampled_from(SIGNED_KPIS), st.floats(-1e7, 1e7), max_size=4))
people = ("A", "B", "C")


@st.composite
def a_period(draw):
    """(schemes by person, kpis by person, period, ledger after some earlier periods)."""
    shared = draw(schemes)   # A and B share one scheme object: one team
    by_person = {"A": shared, "B": shared, "C": draw(schemes)}
    ledger = PayLedger()
    for p in range(draw(st.integers(0, 7))):   # build up held pay over a few periods
        _, ledger = pay_period(by_person, {x: draw(kpi_dicts) for x in people}, p, ledger)
    period = draw(st.integers(0, 40))
    return by_person, {x: draw(kpi_dicts) for x in people}, period, ledger


# --------------------------------------------------------------------------- totals
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(a_period())
def test_total_is_the_sum_of_the_paid_lines(case):
    by_person, kpis, period, ledger = case
    slips, _ = pay_period(by_person, kpis, period, ledger)
    for person, slip in slips.items():
        amounts = [ln.amount for ln in slip.lines]
        assert all(math.isfinite(a) for a in amounts)
        assert slip.total == pytest.approx(math.fsum(amounts), rel=1e-12, abs=1e-6)
        assert slip.total == pytest.approx(sum(slip.by_kind().values()), rel=1e-12, abs=1e-6)
        assert slip.total == pytest.approx(sum(r["amount"] for r in slip.to_rows()), rel=1e-12, abs=1e-6)  # = results tables
        # held-back pay is recorded on its line and not part of the total; negative only where a
        # loss month takes from a responsibility-profit settlement (seed 001: settled on the half-year)
        assert all(ln.held >= 0 or ln.name == "responsibility profit pay" for ln in slip.lines)
        assert slip.held == pytest.approx(math.fsum(ln.held for ln in slip.lines), rel=1e-12, abs=1e-6)
        assert all(ln.kind in KINDS for ln in slip.lines)
        assert all(ln.amount <= 0 for ln in slip.lines if ln.kind == "deduction")
        assert slip.person == person and slip.period == period
        assert f"¥{slip.total:>12,.2f}" in str(slip).splitlines()[-1]


# --------------------------------------------------------------------------- conservation
@settings(max_examples=150, deadline=None, derandomize=True)
@given(pay_per_10k=st.floats(0, 2000), advance=share, settle_every=st.integers(1, 12),
       months=st.lists(st.tuples(st.floats(-2e5, 5e5, allow_nan=False), st.booleans()), min_size=1, max_size=30))
def test_deferred_pay_is_conserved(pay_per_10k, advance, settle_every, months):
    """Over each settlement period a person completes, advances + settlement = max(Σ profit, 0)
    × rate (seed 001: settled on the period's profit, no negative pay); one who quits keeps
    what was advanced and loses what was held. What the payslips show held back, plus what
    the floor gave back to losing periods, adds up to the settlements and what is still held
    or was forfeited."""
    scheme = PayScheme.model_validate({"components": [
        {"kind": "fixed"}, {"kind": "monthly_annual"},   # the annual part keeps a running total in the ledger too
        {"kind": "responsibility_profit", "pay_per_10k": pay_per_10k, "advance_share": advance,
         "settle_every": settle_every}]})
    rate = pay_per_10k / 10_000
    ledger = PayLedger()
    due = paid = held_lines = settled = forfeited = floor_gave = 0.0
    cycle_profit = cycle_advanced = 0.0
    for period, (profit, quits) in enumerate(months):
        slips, ledger = pay_period({"M1": scheme}, {"M1": {"responsibility_profit": profit}}, period, ledger)
        slip = slips["M1"]
        paid += sum(ln.amount for ln in slip.lines if ln.name in ("responsibility profit pay", "settlement"))
        settled += sum(ln.amount for ln in slip.lines if ln.name == "settlement")
        held_lines += slip.held
        cycle_profit += profit
        cycle_advanced += max(profit, 0.0) * rate * advance
        if (period + 1) % settle_every == 0:
            due += max(cycle_profit, 0.0) * rate
            floor_gave += (max(cycle_profit, 0.0) - cycle_profit) * rate
            cycle_profit = cycle_advanced = 0.0
        if quits:   # as Simulation does: paid for the period, then the held pay is lost
            forfeited += ledger.forfeit("M1")
            assert ledger.owed("M1") == 0.0
            due += cycle_advanced
            cycle_profit = cycle_advanced = 0.0
    scale = max(1.0, sum(abs(p) for p, _ in months) * rate)
    assert paid == pytest.approx(due + cycle_advanced, abs=1e-9 * scale)
    assert held_lines + floor_gave == pytest.approx(settled + ledger.owed("M1") + forfeited, abs=1e-6 * scale)


# --------------------------------------------------------------------------- purity
@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(a_period())
def test_pay_period_is_pure(case):
    by_person, kpis, period, ledger = case
    kpis_before, held_before = copy.deepcopy(kpis), copy.deepcopy(ledger.held)
    dumps_before = {p: s.model_dump() for p, s in by_person.items()}
    slips1, ledger1 = pay_period(by_person, kpis, period, ledger)
    slips2, ledger2 = pay_period(by_person, kpis, period, ledger)
    assert slips1 == slips2 and ledger1.held == ledger2.held
    assert kpis == kpis_before and ledger.held == held_before
    assert {p: s.model_dump() for p, s in by_person.items()} == dumps_before
    assert ledger1 is not ledger and ledger1.held is not ledger.held


# --------------------------------------------------------------------------- bad input
def load_with_pay(pay_yaml: str):
    """load_scenario of a file that extends the shipped baseline and sets ``pay:``."""
    text = f"extends: {(SCENARIOS / 'baseline.yaml').resolve()}\npay:\n" + textwrap.indent(pay_yaml, "  ")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bad_pay.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError) as err:
            load_scenario(path)
    problems = err.value.problems
    assert problems and all(p.file.endswith("bad_pay.yaml") for p in problems)
    return problems


NON_NEGATIVE = [("fixed", "base"), ("fixed", "position"), ("piece_rate", "per_transaction"),
                ("piece_rate", "fine_per_error"), ("piece_rate", "fine_per_complaint"), ("deposit_only", "rate"),
                ("quota_scoring", "yuan_per_point"), ("quota_scoring", "per_post_maturity"),
                ("responsibility_profit", "pay_per_10k"), ("portfolio_target", "pool"),
                ("portfolio_target", "increment_rate"), ("monthly_annual", "annual_pool"), ("team", "rate"),
                ("commission", "quota_deduction")]


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.sampled_from(NON_NEGATIVE), st.floats(-1e6, -1e-3), st.sampled_from(["teller", "customer_manager"]))
def test_negative_rates_are_refused_naming_the_field(field, value, role):
    kind, name = field
    problems = load_with_pay(f"{role}:\n  components:\n    - {{kind: {kind}, {name}: {value!r}}}\n")
    assert [p.path for p in problems] == [f"pay.{role}.components.0.{name}"]
    assert "between 0 and" in problems[0].message  # a non-negative rate with its ceiling (simkit/limits.py)


@pytest.mark.parametrize("pay_yaml, path, words", [
    # scorecard perspective weights 0.5 + 0.3 + 0.2 + 0.1 = 1.1
    ("""customer_manager:
  components:
    - kind: scorecard
      financial: {weight: 0.5, targets: [{indicator: responsibility_profit, target: 1, points: 1.0}]}
      customer: {weight: 0.3, targets: [{indicator: satisfaction, target: 8, points: 1.0}]}
      internal_process: {weight: 0.2, targets: [{indicator: npl_share, target: 0.02, points: 1.0}]}
      learning_growth: {weight: 0.1, targets: [{indicator: transactions, target: 60, points: 1.0}]}
""", "pay.customer_manager.components.0", ["perspective weights sum to 1.1", "must sum to 1"]),
    # indicator weights within one perspective 0.6 + 0.6
    ("""customer_manager:
  components:
    - kind: scorecard
      financial: {weight: 0.4, targets: [{indicator: responsibility_profit, target: 1, points: 0.6},
                                         {indicator: deposit_net_increase, target: 1, points: 0.6}]}
      customer: {weight: 0.3, targets: [{indicator: satisfaction, target: 8, points: 1.0}]}
      internal_process: {weight: 0.2, targets: [{indicator: npl_share, target: 0.02, points: 1.0}]}
      learning_growth: {weight: 0.1, targets: [{indicator: transactions, target: 60, points: 1.0}]}
""", "pay.customer_manager.components.0.financial", ["sum to 1.2", "must sum to 1"]),
    ("teller:\n  components:\n    - {kind: piece_rate, indicator: transactionz}\n",
     "pay.teller.components.0", ["unknown indicator 'transactionz'", "transactions"]),
    ("customer_manager:\n  components:\n    - kind: quota_scoring\n"
     "      targets: [{indicator: deposit_growht, target: 0.01}]\n",
     "pay.customer_manager.components.0", ["unknown indicator 'deposit_growht'", "deposit_growth"]),
    ("customer_manager:\n  components:\n    - kind: quota_scoring\n"
     "      targets: [{indicator: loan_interest_income, target: 1, times: collection_ratio}]\n",
     "pay.customer_manager.components.0", ["unknown indicator 'collection_ratio'"]),
    ("lobby_manager:\n  components:\n    - {kind: commission, per_unit: {funds: 10}}\n",
     "pay.lobby_manager.components.0", ["unknown indicator 'sales.funds'", "fund"]),
    ("customer_manager:\n  components:\n    - {kind: monthly_annual, grades: {}}\n",
     "pay.customer_manager.components.0.grades", ["at least one grade"]),
    ("customer_manager:\n  components:\n    - {kind: responsibility_profit, advance_share: 1.5}\n",
     "pay.customer_manager.components.0.advance_share", ["1"]),
    ("teller:\n  components:\n    - {kind: fixed}\n    - {kind: fixed}\n",
     "pay.teller.components", ["at most one 'fixed'"]),
])
def test_bad_schemes_are_refused_naming_the_field(pay_yaml, path, words):
    problems = load_with_pay(pay_yaml)
    assert [p.path for p in problems] == [path], [str(p) for p in problems]
    for w in words:
        assert w in problems[0].message, str(problems[0])
