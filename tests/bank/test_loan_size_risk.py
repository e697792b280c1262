"""A larger loan is riskier (``bank.loans.demand.size_risk``): known answers, exact.

With loan demand on, a manager's strictness sets each loan's size (``loans.loan_size``) and the
size scales its borrower's annual default probability by ``size ** size_risk``
(``loans.risk_scale``). What must hold: the scale is what the formula says; a file is decided
on the very same draws whatever the scale, only the loan's default probability changes (capped
at 1); the record counts a month of a scaled loan as that many months, so the hazard learnt is
a borrower's at the mean size; and the manager's foresight sees the same scale the books apply.
"""
from __future__ import annotations

import numpy as np
import pytest

from simkit.bank.books import Observed
from simkit.bank.loans import Loan, decide, loan_size, risk_scale
from simkit.bank.outlook import LifeTable, cohort
from simkit.branch.rng import Draws
from simkit.scenario import ScenarioError, load_scenario, with_overrides
from simkit.scenario.models import Bank, LoanDemand, ManagerChoices

from helpers import SCENARIOS


def _bank(size_risk: float) -> Bank:
    return Bank(loans={"demand": {"enabled": True, "size_risk": size_risk}})


def test_risk_scale_is_the_size_to_the_power():
    assert risk_scale(LoanDemand(enabled=True), 1.15) == 1.0  # size_risk 0, the default: no change
    assert risk_scale(LoanDemand(enabled=True, size_risk=1.0), 1.15) == 1.15
    assert risk_scale(LoanDemand(enabled=True, size_risk=2.0), 1.15) == pytest.approx(1.3225, rel=1e-12)
    assert risk_scale(LoanDemand(enabled=True, size_risk=1.0), 0.9) == 0.9  # a smaller loan is safer


def test_a_file_is_decided_on_the_same_draws_and_only_its_risk_scales():
    """Strictness 0 lends ``loan_size(0)`` = 1.15 a loan; with ``size_risk`` 2 its default
    probability is the borrower's times 1.15² (capped at 1), every decision and amount equal."""
    plain, risky = _bank(0.0).loans, _bank(2.0).loans
    size = loan_size(risky.demand, 0.0)
    scale = size ** 2
    approved = 0
    for seed in range(200):
        a = decide(plain, Draws(np.random.default_rng(seed)), 0.2, 0.0, None, size)
        b = decide(risky, Draws(np.random.default_rng(seed)), 0.2, 0.0, None, size)
        assert (a.risk, a.bad, a.breach) == (b.risk, b.bad, b.breach)
        assert (a.terms is None) == (b.terms is None)
        if a.terms is not None:
            approved += 1
            assert b.terms[0] == a.terms[0] and b.terms[2] == a.terms[2]
            assert b.terms[1] == min(1.0, a.terms[1] * scale) and b.scale == scale and a.scale == 1.0
    assert approved > 100  # the check above met many loans
    capped = Bank(loans={"pd_bad": 0.9, "demand": {"enabled": True, "size_risk": 5.0}}).loans
    decisions = [decide(capped, Draws(np.random.default_rng(seed)), 0.0, 0.0, 0.9, 1.15) for seed in range(50)]
    assert max(d.terms[1] for d in decisions if d.terms) == 1.0  # 0.9 × 1.15⁵ = 1.81, capped


def test_the_record_counts_a_scaled_loan_month_as_that_many_months():
    seen = Observed()
    performing = Loan("M1", 1.0, 0.02, 0, 12, False, reading=0.1, risk_scale=1.3)
    overdue = Loan("M1", 1.0, 0.02, 0, 12, False, overdue=1, reading=0.4, risk_scale=0.8)  # fell overdue this month
    for loan in (performing, overdue):  # the record keys loans by identity: both stay alive
        seen.record(loan, was_overdue=False)
    assert seen.loans() == ([0.1, 0.4], [1.3, 0.8], [0, 1])


def test_foresight_sees_the_scale_the_books_apply():
    """``cohort`` with ``size_risk`` 1 is the cohort without it whose believed default rates
    are scaled by the same ``risk_scale``: the manager foresees what the books will do."""
    lenient = ManagerChoices(screening=0.3, strictness=0.1)
    risky, plain = _bank(1.0).loans, _bank(0.0).loans
    scale = risk_scale(risky.demand, loan_size(risky.demand, lenient.strictness))
    assert scale > 1.0

    def believed(reading):
        return 0.02 + 0.38 * reading

    table = LifeTable(plain, 0.2)
    got = cohort(risky, 1, 31.5, lenient, believed, table)
    want = cohort(plain, 1, 31.5, lenient, lambda reading: believed(reading) * scale, table)
    assert got.keys() == want.keys()
    for key in got:
        np.testing.assert_array_equal(got[key], want[key])
    assert got["defaults"].sum() > cohort(plain, 1, 31.5, lenient, believed, table)["defaults"].sum()


@pytest.mark.parametrize("value", [-0.5, 6.0, "big"])
def test_a_bad_size_risk_is_refused_naming_the_field(value):
    with pytest.raises(ScenarioError, match="bank.loans.demand.size_risk"):
        with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {"bank.loans.demand.size_risk": value})
