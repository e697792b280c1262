"""One payslip per scheme, checked line by line against arithmetic written out by hand.

Each test builds its scheme the way a scenario file does (``PayScheme.model_validate`` of
the dict a YAML ``pay:`` section holds), feeds hand-picked indicators and compares every
payslip line and the total with sums worked out in the comments from the seed rules:

* seed 002 — tellers: pay tied to transactions handled, every error slip and complaint
  deducted, sales quotas pushed down to tellers with each missed quota deducted;
* seed 003 — the customer-manager job description: ``completion % × standard points``,
  interest income scored as ``completion × (collected ÷ due) × standard points``,
  −5 / −2 / −10 points per rule breach;
* seed 001 — responsibility profit × pay rate per ¥10,000, monthly advance and half-yearly
  settlement; "differential rent" targets; the balanced scorecard; 60 % monthly tiers and
  40 % annual rating with grade coefficients; team assessment.

Numbers marked *(scenario)* are those of the shipped file in scenarios/schemes/.
"""
from __future__ import annotations

import pytest

from simkit.pay import PayLedger, PayScheme, pay_period
from simkit.scenario import load_scenario

from helpers import SCENARIOS


def pay(scheme: dict, kpis: dict, period: int = 0, ledger: PayLedger | None = None, person: str = "X"):
    """(payslip, new ledger) of one person paid under ``scheme`` for one period."""
    slips, ledger = pay_period({person: PayScheme.model_validate(scheme)}, {person: kpis}, period,
                               ledger or PayLedger())
    return slips[person], ledger


def lines(slip) -> dict[str, float]:
    out: dict[str, float] = {}
    for ln in slip.lines:
        assert ln.name not in out, f"two lines named {ln.name!r}"
        out[ln.name] = ln.amount
    return out


def check(slip, expected_lines: dict[str, float], expected_total: float):
    """Every line, no line missing or extra, and the total."""
    assert lines(slip) == pytest.approx(expected_lines, abs=1e-6)
    assert slip.total == pytest.approx(expected_total, abs=1e-6)


# --------------------------------------------------------------------------- 1. fixed
def test_fixed_pay_ignores_performance():
    scheme = {"components": [{"kind": "fixed", "base": 3000, "position": 800}]}
    busy = {"transactions": 2500, "errors": 9, "complaints": 4, "sales.fund": 12, "responsibility_profit": 9e5}
    for kpis in ({}, busy):
        slip, _ = pay(scheme, kpis)
        check(slip, {"base salary": 3000, "position salary": 800}, 3000 + 800)


# --------------------------------------------------------------------------- 2. piece rate + fines
def test_piece_rate_with_fines_per_error_and_complaint():
    # scenarios/schemes/teller_piece_rate_fines.yaml (scenario): ¥2,000 + ¥500, ¥1.50 per
    # transaction, ¥40 per error slip, ¥10 per complaint (seed 002: each is deducted)
    scheme = {"components": [{"kind": "fixed", "base": 2000, "position": 500},
                             {"kind": "piece_rate", "per_transaction": 1.5, "fine_per_error": 40,
                              "fine_per_complaint": 10}]}
    slip, _ = pay(scheme, {"transactions": 1412, "errors": 3, "complaints": 2, "sales.fund": 5})
    check(slip, {"base salary": 2000, "position salary": 500,
                 "piece rate": 1412 * 1.5,          # = 2,118
                 "error fines": -3 * 40,            # = −120
                 "complaint fines": -2 * 10},       # = −20
          2000 + 500 + 2118 - 120 - 20)             # = 4,478
    assert slip.deductions == pytest.approx(-140)


# --------------------------------------------------------------------------- 3. commissions + quotas
def test_sales_commissions_and_quota_deductions():
    # scenarios/schemes/teller_sales_quota.yaml (scenario): ¥ per unit sold by product and
    # monthly quotas wealth 3, fund 3, online banking 6, ¥400 off per quota missed (seed 002)
    scheme = {"components": [
        {"kind": "fixed", "base": 3000, "position": 1000},
        {"kind": "commission", "per_unit": {"wealth": 40, "fund": 25, "insurance": 30, "credit_card": 15,
                                            "online_banking": 5},
         "quotas": {"wealth": 3, "fund": 3, "online_banking": 6}, "quota_deduction": 400}]}
    sold = {"sales.wealth": 4, "sales.fund": 1, "sales.insurance": 2, "sales.online_banking": 6}  # no cards
    slip, _ = pay(scheme, sold)
    check(slip, {"base salary": 3000, "position salary": 1000,
                 "commission wealth": 4 * 40, "commission fund": 1 * 25, "commission insurance": 2 * 30,
                 "commission credit_card": 0 * 15, "commission online_banking": 6 * 5,
                 "quota fund": -400},   # 1 of 3 funds: missed; wealth 4 ≥ 3 and online banking 6 ≥ 6 are met
          3000 + 1000 + (160 + 25 + 60 + 0 + 30) - 400)   # = 3,875

    # the proportional variant deducts per missing unit, and a share of the fee can be paid too
    scheme2 = {"components": [{"kind": "commission", "share_of_fee": {"wealth": 0.1}, "quotas": {"wealth": 5},
                               "quota_deduction": 150, "proportional": True}]}
    slip2, _ = pay(scheme2, {"sales.wealth": 2, "sales_amount.wealth": 2500})
    check(slip2, {"commission wealth fees": 0.1 * 2500, "quota wealth": -(5 - 2) * 150}, 250 - 450)


# --------------------------------------------------------------------------- 4. deposit-only
def test_deposit_only_pays_on_deposits_alone():
    # scenarios/schemes/cm_deposit_only.yaml (scenario): 0.0002 × average deposits (唯存款论)
    scheme = {"components": [{"kind": "fixed", "base": 3000, "position": 1500},
                             {"kind": "deposit_only", "rate": 0.0002, "indicator": "deposit_balance_avg"}]}
    good = {"deposit_balance_avg": 23_456_789, "deposit_balance_end": 25_000_000, "npl_share": 0.0}
    risky = dict(good, npl_share=0.35, loans_loss=4_000_000, complaints=30, loan_interest_income=0)
    expected = {"base salary": 3000, "position salary": 1500, "deposit bonus": 23_456_789 * 0.0002}  # = 4,691.36
    for kpis in (good, risky):   # risk and service do not move pay: the seeds' criticism
        slip, _ = pay(scheme, kpis)
        check(slip, expected, 3000 + 1500 + 4691.3578)


# --------------------------------------------------------------------------- 5. quota scoring (seed 003)
def test_quota_completion_scoring_with_point_deductions():
    # scenarios/schemes/cm_quota_scoring.yaml uses the defaults: seed 003's deposit targets
    # (net increase ¥1,000,000 for 30 pts, monthly-average increase ¥600,000 for 20 pts),
    # loan net increase ¥1,000,000 for 20 pts, interest income ¥30,000 for 30 pts scored as
    # completion × collected ÷ due; completion capped at 120 %; ¥60 a point.
    scheme = {"components": [{"kind": "fixed", "base": 3000, "position": 1500}, {"kind": "quota_scoring"}]}
    kpis = {"deposit_net_increase": 800_000,      # 80 % × 30 pts          = 24 pts
            "deposit_avg_increase": 900_000,      # 150 %, capped 120 % × 20 = 24 pts
            "loan_net_increase": -200_000,        # negative: 0 %           =  0 pts
            "loan_interest_income": 27_000,       # 90 % × 0.95 collected × 30 = 25.65 pts
            "interest_collection_ratio": 0.95,
            "breaches_post_maturity": 1,          # −5 pts each (seed 003)
            "breaches_other": 2,                  # −2 pts each
            "breaches_qualitative2": 1}           # −10 pts each
    slip, _ = pay(scheme, kpis)
    check(slip, {"base salary": 3000, "position salary": 1500,
                 "score deposit_net_increase": 24 * 60,      # 1,440
                 "score deposit_avg_increase": 24 * 60,      # 1,440
                 "score loan_net_increase": 0.0,
                 "score loan_interest_income": 25.65 * 60,   # 1,539
                 "deduction breaches_post_maturity": -5 * 60,
                 "deduction breaches_other": -2 * 2 * 60,
                 "deduction breaches_qualitative2": -10 * 60},
          3000 + 1500 + (24 + 24 + 0 + 25.65 - 5 - 4 - 10) * 60)   # 54.65 pts → 7,779


# --------------------------------------------------------------------------- 6. responsibility profit
def test_responsibility_profit_advance_and_half_yearly_settlement():
    # scenarios/schemes/cm_responsibility_profit.yaml (scenario): ¥800 of pay per ¥10,000 of
    # responsibility profit (seed 001: 每万元责任利润的工资含量), 60 % of a month's profit pay
    # advanced, the half-year settled on the half-year's profit (seed 001: 每月预发一部分, 半年考核兑现)
    scheme = {"components": [{"kind": "fixed", "base": 3000, "position": 1500},
                             {"kind": "responsibility_profit", "pay_per_10k": 800, "advance_share": 0.6,
                              "settle_every": 6}]}
    profit = [80_000, 50_000, -20_000, 100_000, 0, 60_000, 40_000]
    # profit × 800 / 10,000 = 8 % of profit:   6,400  4,000  −1,600  8,000  0  4,800  3,200
    advance = [3840.0, 2400.0, 0.0, 4800.0, 0.0, 2880.0, 1920.0]   # 60 % of it when positive
    held = [2560.0, 1600.0, -1600.0, 3200.0, 0.0, 1920.0, 1280.0]  # the rest; the loss month takes from it
    ledger = PayLedger()
    for period, p in enumerate(profit):
        slip, ledger = pay(scheme, {"responsibility_profit": p}, period, ledger)
        expected = {"base salary": 3000, "position salary": 1500, "responsibility profit pay": advance[period]}
        if period == 5:   # the half-year: 8 % of ¥270,000 = 21,600, less 13,920 advanced = 7,680
            expected["settlement"] = 7680.0
        check(slip, expected, sum(expected.values()))
        assert slip.held == pytest.approx(held[period])
    assert slip.total == pytest.approx(3000 + 1500 + 1920)         # month 7 starts a new half year
    assert ledger.owed("X") == pytest.approx(1280.0)               # month 7's 40 % is held again


def test_a_losing_half_year_takes_back_what_was_advanced():
    """Seed 001's settlement is on the half-year's profit: ¥50,000, −¥200,000, ¥30,000 and
    three empty months make −¥120,000, which pays nothing (no negative performance pay), so the
    ¥2,400 + ¥1,440 advanced is taken back at settlement (多退少补)."""
    scheme = {"components": [{"kind": "responsibility_profit", "pay_per_10k": 800, "advance_share": 0.6,
                              "settle_every": 6}]}
    ledger, paid = PayLedger(), []
    for period, p in enumerate([50_000, -200_000, 30_000, 0, 0, 0]):
        slip, ledger = pay(scheme, {"responsibility_profit": p}, period, ledger)
        paid.append(slip.total)
    assert paid == pytest.approx([2400.0, 0.0, 1440.0, 0.0, 0.0, -3840.0])
    assert sum(paid) == 0.0 and ledger.owed("X") == 0.0


def test_responsibility_profit_pay_is_traced_to_the_loans_behind_it():
    """The manager's loan ledger splits this month's loan profit by the month each loan was
    approved; the payslip traces that much of the pay (advanced and held) back to those
    months: 8 % of each vintage's profit."""
    scheme = {"components": [{"kind": "responsibility_profit", "pay_per_10k": 800}]}
    # month 9: loans approved in month 3 lost ¥50,000 (a provision), month 7's earned ¥4,000,
    # this month's ¥1,000 (its own: not traced); deposits and fees made the rest of ¥95,000
    vintages = ((3, -50_000.0), (7, 4_000.0), (9, 1_000.0))
    slip, _ = pay(scheme, {"responsibility_profit": 95_000, "loan_profit_by_vintage": vintages}, period=9)
    assert slip.traced() == pytest.approx({6: -50_000 * 0.08, 2: 4_000 * 0.08})   # = −4,000 and 320
    assert slip.total + slip.held == pytest.approx(95_000 * 0.08)                  # = 7,600 earned in all


# --------------------------------------------------------------------------- 7. portfolio targets
def test_portfolio_targets_absolute_adjusted_and_progress():
    # seed 001 "differential rent": a rich inherited portfolio gets a higher target. Pool
    # ¥5,000 at 100 %, completion capped at 150 %, target ¥20M for the mean portfolio ¥20M.
    def comp(mode, **kw):
        return {"components": [{"kind": "portfolio_target", "mode": mode, "indicator": "deposit_balance_avg",
                                "pool": 5000, **kw}]}
    rich = {"deposit_balance_avg": 30e6, "portfolio_start": 40e6, "deposit_growth": 0.004}
    poor = {"deposit_balance_avg": 12e6, "portfolio_start": 10e6, "deposit_growth": 0.015}

    # absolute: one ¥20M target for everyone — rich 30/20 = 150 %, poor 12/20 = 60 %
    check(pay(comp("absolute"), rich)[0], {"target completion": 1.5 * 5000}, 7500)
    check(pay(comp("absolute"), poor)[0], {"target completion": 0.6 * 5000}, 3000)

    # adjusted: target = 20M × portfolio / 20M, and the distance from it is counted on the
    # common ¥20M scale (the rent is removed, not rescaled):
    # rich: target 40M, 1 + (30M − 40M) / 20M = 50 %; poor: target 10M, 1 + (12M − 10M) / 20M = 110 %,
    # plus the increment above target, ¥0.001 per ¥: (12M − 10M) × 0.001 = ¥2,000
    check(pay(comp("adjusted"), rich)[0], {"target completion": 0.5 * 5000}, 2500)
    check(pay(comp("adjusted", increment_rate=0.001), poor)[0],
          {"target completion": 1.1 * 5000, "increment above target": 2_000_000 * 0.001}, 5500 + 2000)
    # the same ¥2M above one's own target pays the same whatever the book: rich at 42M
    check(pay(comp("adjusted"), dict(rich, deposit_balance_avg=42e6))[0], {"target completion": 1.1 * 5000}, 5500)
    # runoff 1 % a month (the inherited book's expected attrition), period 5 (months 0-based),
    # mid-period 5.5 months: target = 10M × 0.99 ** 5.5 = 9,462,231; poor at 12M:
    # 1 + (12M − 9,462,231) / 20M = 112.69 % → ¥5,634.44
    slip, _ = pay(comp("adjusted", runoff=0.01), poor, period=5)
    expected = (1 + (12e6 - 10e6 * 0.99 ** 5.5) / 20e6) * 5000
    assert round(expected, 2) == 5634.44
    check(slip, {"target completion": expected}, expected)
    # elasticity 0.5: target = 20M × (80M / 20M) ** 0.5 = 40M; 1 + (30M − 40M) / 20M = 50 %
    check(pay(comp("adjusted", elasticity=0.5), dict(rich, portfolio_start=80e6))[0],
          {"target completion": 0.5 * 5000}, 2500)

    # progress: growth of one's own book over 1 % a month — rich 0.4 % → 40 %, poor 1.5 % → 150 %
    check(pay(comp("progress", growth_target=0.01), rich)[0], {"progress": 0.4 * 5000}, 2000)
    check(pay(comp("progress", growth_target=0.01), poor)[0], {"progress": 1.5 * 5000}, 7500)


# --------------------------------------------------------------------------- 8. balanced scorecard
def test_balanced_scorecard():
    # scenarios/schemes/cm_balanced_scorecard.yaml (scenario): four perspectives (seed 001:
    # financial, customer, internal process, learning & growth), weights 0.4/0.3/0.2/0.1,
    # completion capped at 120 %, pay = score × ¥5,000
    scheme = {"components": [
        {"kind": "fixed", "base": 3000, "position": 1500},
        {"kind": "scorecard", "pool": 5000,
         "financial": {"weight": 0.4, "targets": [
             {"indicator": "responsibility_profit", "target": 150000, "points": 0.6},
             {"indicator": "deposit_net_increase", "target": 1000000, "points": 0.4}]},
         "customer": {"weight": 0.3, "targets": [
             {"indicator": "satisfaction", "target": 8.0, "points": 0.7},
             {"indicator": "complaints", "target": 1, "points": 0.3, "lower_is_better": True}]},
         "internal_process": {"weight": 0.2, "targets": [
             {"indicator": "npl_share", "target": 0.02, "points": 0.6, "lower_is_better": True},
             {"indicator": "collateralised_share", "target": 0.6, "points": 0.4}]},
         "learning_growth": {"weight": 0.1, "targets": [
             {"indicator": "transactions", "target": 60, "points": 1.0}]}}]}
    kpis = {"responsibility_profit": 120_000,   # 80 %
            "deposit_net_increase": 1_500_000,  # 150 % → capped 120 %
            "satisfaction": 7.2,                # 90 %
            "complaints": 2,                    # lower is better: 1 / 2 = 50 %
            "npl_share": 0.025,                 # lower is better: 0.02 / 0.025 = 80 %
            "collateralised_share": 0.45,       # 75 %
            "transactions": 75}                 # 125 % → capped 120 %
    financial = 0.4 * (0.6 * 0.8 + 0.4 * 1.2)   # 0.384
    customer = 0.3 * (0.7 * 0.9 + 0.3 * 0.5)    # 0.234
    internal = 0.2 * (0.6 * 0.8 + 0.4 * 0.75)   # 0.156
    learning = 0.1 * (1.0 * 1.2)                # 0.120
    slip, _ = pay(scheme, kpis)
    check(slip, {"base salary": 3000, "position salary": 1500,
                 "scorecard financial": 1920, "scorecard customer": 1170,
                 "scorecard internal_process": 780, "scorecard learning_growth": 600},
          3000 + 1500 + 5000 * (financial + customer + internal + learning))   # = 8,970
    assert 5000 * financial == pytest.approx(1920) and 5000 * internal == pytest.approx(780)


# --------------------------------------------------------------------------- 9. monthly + annual
def test_monthly_tiers_and_annual_grade_with_deferred_settlement():
    # scenarios/schemes/cm_monthly_annual.yaml uses the defaults: monthly tiers of the month's
    # responsibility profit (≥0: ¥1,000, ≥20k: ¥3,000, ≥50k: ¥6,000) are the 60 % part (seed);
    # the 40 % part is ¥30,000 a year × the grade coefficient of the year's total profit
    # (A ≥600k ×1.2, B ≥300k ×1.0, C ≥100k ×0.8, otherwise D ×0.5), paid in month 12.
    scheme = {"components": [{"kind": "fixed", "base": 3000, "position": 1500},
                             {"kind": "monthly_annual", "indicator": "responsibility_profit"}]}
    years = {
        "B": ([10e3, 25e3, 60e3, 50e3, 19_999, -5e3, 30e3, 45e3, 70e3, 20e3, 15e3, 40e3],   # total 379,999
              [1000, 3000, 6000, 6000, 1000, 0, 3000, 3000, 6000, 3000, 1000, 3000], 30_000 * 1.0),
        "A": ([55e3] * 12, [6000] * 12, 30_000 * 1.2),                                      # total 660,000
        "D": ([-1e3] * 12, [0] * 12, 30_000 * 0.5),                      # total −12,000: below every grade
    }
    for grade, (profits, tiers, annual) in years.items():
        ledger = PayLedger()
        for month, (p, tier) in enumerate(zip(profits, tiers)):
            slip, ledger = pay(scheme, {"responsibility_profit": p}, month, ledger)
            expected = {"base salary": 3000, "position salary": 1500, "monthly tier": tier}
            if month == 11:
                expected["annual rating"] = annual
            check(slip, expected, sum(expected.values()))
            assert ledger.owed("X") == 0.0   # the running profit total is not money owed
        assert f"grade {grade}" in [ln for ln in slip.lines if ln.name == "annual rating"][0].formula

    # grades can be set in a scenario: two grades, a year of ¥240,000 reaches "good"
    custom = {"components": [{"kind": "monthly_annual", "annual_pool": 12_000, "grades": {
        "good": {"at_least": 200_000, "coefficient": 1.5}, "fair": {"at_least": 0, "coefficient": 1.0}}}]}
    ledger = PayLedger()
    for month in range(12):
        slip, ledger = pay(custom, {"responsibility_profit": 20_000}, month, ledger)
    check(slip, {"monthly tier": 3000, "annual rating": 12_000 * 1.5}, 3000 + 18_000)


# --------------------------------------------------------------------------- 10. team pool
def test_team_pool_shared_equally_or_by_contribution():
    # scenarios/schemes/teller_team_pay.yaml (scenario): ¥1.50 per team transaction, shared equally
    def team(rule):
        return PayScheme.model_validate({"components": [{"kind": "fixed", "base": 2000, "position": 500},
                                                        {"kind": "team", "indicator": "transactions",
                                                         "rate": 1.5, "rule": rule}]})
    kpis = {"T1": {"transactions": 1000}, "T2": {"transactions": 1400}, "T3": {"transactions": 600}}
    pool = (1000 + 1400 + 600) * 1.5   # = 4,500
    expected_share = {"equal": {"T1": pool / 3, "T2": pool / 3, "T3": pool / 3},                  # 1,500 each
                      "by_contribution": {"T1": pool * 1000 / 3000, "T2": pool * 1400 / 3000,    # 1,500
                                          "T3": pool * 600 / 3000}}                               # 2,100 / 900
    for rule, shares in expected_share.items():
        scheme = team(rule)   # one scheme object for the role: the role's tellers are one team
        slips, _ = pay_period({p: scheme for p in kpis}, kpis, 0, PayLedger())
        for person, share in shares.items():
            check(slips[person], {"base salary": 2000, "position salary": 500, "team pool": share},
                  2000 + 500 + share)
        assert sum(s.by_kind()["team"] for s in slips.values()) == pytest.approx(pool)


# --------------------------------------------------------------------------- the shipped files
@pytest.mark.parametrize("name, role, scheme", [
    ("teller_piece_rate_fines", "teller", [{"kind": "fixed", "base": 2000, "position": 500},
                                           {"kind": "piece_rate", "per_transaction": 1.5, "fine_per_error": 40,
                                            "fine_per_complaint": 10}]),
    ("cm_deposit_only", "customer_manager", [{"kind": "fixed", "base": 3000, "position": 1500},
                                             {"kind": "deposit_only", "rate": 0.0002}]),
    ("cm_quota_scoring", "customer_manager", [{"kind": "fixed", "base": 3000, "position": 1500},
                                              {"kind": "quota_scoring"}]),
    ("cm_responsibility_profit", "customer_manager", [{"kind": "fixed", "base": 3000, "position": 1500},
                                                      {"kind": "responsibility_profit", "pay_per_10k": 800}]),
    ("cm_monthly_annual", "customer_manager", [{"kind": "fixed", "base": 3000, "position": 1500},
                                               {"kind": "monthly_annual"}]),
    ("teller_team_pay", "teller", [{"kind": "fixed", "base": 2000, "position": 500},
                                   {"kind": "team", "rate": 1.5, "rule": "equal"}]),
])
def test_the_tests_use_the_shipped_schemes(name, role, scheme):
    """The hand-worked examples above are the schemes users run, not look-alikes."""
    sc = load_scenario(SCENARIOS / "schemes" / f"{name}.yaml")
    assert sc.pay.of(role) == PayScheme.model_validate({"components": scheme})
