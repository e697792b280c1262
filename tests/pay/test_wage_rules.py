"""The wage rules on a payslip: 《工资支付暂行规定》第十六条's cap on deductions (20 % of the month's
wage) and the local minimum wage, each a payslip line with its arithmetic; off, pay unchanged.

Hand-worked cases: a teller on ¥3,000 base + ¥1,000 position + 1,200 transactions × ¥2 has a
wage of ¥6,400. With 10 errors × ¥160 = ¥1,600 deducted the cap (20 % × ¥6,400 = ¥1,280) leaves
¥5,120. On base ¥2,000 + position ¥500 alone (wage ¥2,500) with 30 errors × ¥160 = ¥4,800
deducted, the cap leaves ¥2,000, below Beijing's ¥2,540, so the slip is topped up to ¥2,540.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simkit.pay import PayLedger, PayLine, PayScheme, Payslip, pay_period
from simkit.pay.payslip import KINDS
from simkit.pay.wage_rules import CAP_LINE, FLOOR_LINE, WageRules, apply, apply_all, wage
from simkit.scenario import load_scenario

from helpers import SCENARIOS

ON = WageRules(enabled=True)  # ¥2,540 a month, deductions capped at 20 %
PERSON = "T1"


def slip_of(scheme: dict, kpis: dict) -> Payslip:
    slips, _ = pay_period({PERSON: PayScheme.model_validate(scheme)}, {PERSON: kpis}, 0, PayLedger())
    return slips[PERSON]


def fined(base: float, position: float, errors: float, fine: float, per_tx: float = 0.0, tx: float = 0.0) -> Payslip:
    return slip_of({"components": [{"kind": "fixed", "base": base, "position": position},
                                   {"kind": "piece_rate", "per_transaction": per_tx, "fine_per_error": fine}]},
                   {"transactions": tx, "errors": errors})


def named(slip: Payslip) -> dict[str, PayLine]:
    return {line.name: line for line in slip.lines}


def test_deductions_above_a_fifth_of_the_wage_are_capped_at_it():
    slip = fined(3000.0, 1000.0, errors=10, fine=160.0, per_tx=2.0, tx=1200)
    assert slip.total == pytest.approx(6400.0 - 1600.0)
    after = apply(slip, ON)
    cap = named(after)[CAP_LINE.format(share=0.2)]
    assert cap.kind == "deduction" and cap.amount == pytest.approx(1600.0 - 1280.0)
    assert after.total == pytest.approx(6400.0 - 1280.0)  # 80 % of the wage, above the minimum
    assert after.deductions == pytest.approx(-1280.0)
    assert "¥1,600.00 > 20% × ¥6,400.00 = ¥1,280.00: ¥320.00 not deducted" in cap.formula
    assert FLOOR_LINE not in named(after)


def test_what_is_left_below_the_minimum_wage_is_topped_up_to_it():
    slip = fined(2000.0, 500.0, errors=30, fine=160.0)
    assert slip.total == pytest.approx(2500.0 - 4800.0)  # −¥2,300 as the scheme alone pays it
    after = apply(slip, ON)
    lines = named(after)
    assert lines[CAP_LINE.format(share=0.2)].amount == pytest.approx(4800.0 - 500.0)
    floor = lines[FLOOR_LINE]
    assert floor.kind == "minimum" and floor.kind in KINDS
    assert floor.amount == pytest.approx(2540.0 - 2000.0)
    assert floor.formula == "¥2,540.00 × 1 month = ¥2,540.00 − ¥2,000.00 = ¥540.00"
    assert after.total == pytest.approx(2540.0, abs=1e-9)
    assert "topped up to the minimum wage" in str(after)


def test_a_quarter_is_held_to_three_months_of_the_minimum():
    slip = fined(3 * 2000.0, 3 * 500.0, errors=90, fine=160.0)
    assert apply(slip, ON, months=3).total == pytest.approx(3 * 2540.0, abs=1e-9)


def test_a_month_already_above_the_rules_is_left_as_it_is():
    slip = fined(3000.0, 1000.0, errors=2, fine=50.0)
    after = apply(slip, ON)
    assert after.lines == slip.lines and after.total == slip.total


def test_disabled_rules_return_the_slip_itself():
    slip = fined(2000.0, 500.0, errors=30, fine=160.0)
    assert apply(slip, WageRules()) is slip
    assert apply_all({PERSON: slip}, WageRules())[PERSON] is slip


def test_the_shipped_heavy_fines_scheme_keeps_the_rules_off_by_default():
    sc = load_scenario(str(SCENARIOS / "schemes" / "teller_heavy_fines.yaml"))
    assert sc.pay.rules == WageRules() and not sc.pay.rules.enabled


@pytest.mark.parametrize("field,value", [("minimum_wage", -1.0), ("deduction_cap", 1.5), ("enabled", "yes")])
def test_bad_rules_are_refused(field, value):
    with pytest.raises(ValidationError, match=field):
        WageRules.model_validate({field: value})


@settings(max_examples=200, deadline=None)
@given(base=st.floats(0.0, 20_000.0), errors=st.integers(0, 10_000), fine=st.floats(0.0, 5_000.0),
       minimum=st.floats(0.0, 5_000.0), cap=st.floats(0.0, 1.0), months=st.sampled_from([1, 3, 6, 12]))
def test_a_slip_after_the_rules_is_never_negative_and_as_the_regulation_says(base, errors, fine, minimum, cap, months):
    """Whatever the fines: deductions at most ``cap`` of the wage, and pay at least the minimum;
    where neither binds nothing changes; the result is the larger of the two floors."""
    rules = WageRules(enabled=True, minimum_wage=minimum, deduction_cap=cap)
    slip = fined(base, 0.0, errors=errors, fine=fine)
    after = apply(slip, rules, months)
    earned, deducted = wage(slip), -slip.deductions
    expect = max(earned - min(deducted, cap * earned), minimum * months)
    assert after.total >= 0.0
    assert after.total == pytest.approx(expect, rel=1e-12, abs=1e-6)
    assert -after.deductions <= cap * earned + 1e-6 * max(1.0, earned)
    assert after.person == slip.person and after.period == slip.period
