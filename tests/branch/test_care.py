"""Care (``staff.choices.teller.care``) at the counter, against known answers.

A full check (care 1) adds ``teller_work.check_minutes`` to every transaction and prevents
``teller_work.care_error_cut`` of the errors: the error chance is
``error_prob × pace^elasticity / accuracy × (1 − cut × care)``. At care 0 nothing is added,
multiplied or drawn, so the branch runs exactly as one built without the care fields.
Branches here are one window open round the clock with fixed service times and customers
walking in at known minutes (``simkit.branch.visitors.Visitor``), as in ``test_traces``.
"""
from __future__ import annotations

import pytest
from scipy.stats import binom

from simkit.branch import Branch, BranchPlan
from simkit.branch.visitors import Visitor
from simkit.scenario import load_scenario, scenario_from_dict, with_overrides

from helpers import ONE_WINDOW, SCENARIOS

SEED = 11

#: ``helpers.ONE_WINDOW`` with a near-instant, fixed rework: an error adds 0.01 minutes
REWORK = {"staff.teller_work.rework": {"dist": "deterministic", "mean": 0.01}}


def _branch(changes: dict, visitors: list[Visitor]) -> Branch:
    scenario = with_overrides(scenario_from_dict(ONE_WINDOW), {**REWORK, **changes})
    return Branch(BranchPlan.compile(scenario, days=1), seed=SEED, visitors=visitors).run()


def _done_minutes(care: float, check: float) -> list[float]:
    visitors = [Visitor(60.0 * i, "mass", "deposit", "lively") for i in range(3)]
    branch = _branch({"staff.choices.teller.care": care, "staff.teller_work.check_minutes": check}, visitors)
    return [row[0] - 60.0 * row[1] for row in branch.log.rows if row[2] == "done"]


@pytest.mark.parametrize(("care", "check"), [(0.0, 1.5), (1.0, 1.5), (0.5, 1.5), (1.0, 0.0)])
def test_a_check_adds_care_times_check_minutes_to_each_service(care, check):
    """With no errors, a 5-minute deposit takes ``5 + care × check_minutes``, every time."""
    assert _done_minutes(care, check) == [5.0 + care * check] * 3


@pytest.mark.parametrize("care", [0.0, 0.5, 1.0])
def test_the_error_rate_is_error_prob_times_one_minus_cut_times_care(care):
    """12,000 transactions at error chance ``p = 0.2 × (1 − 0.8 care)``: the count of error
    slips lies in the binomial's central 99.9 % interval (one service every 0.1 minutes and a
    visitor every 0.11: nobody waits, so every visitor is one transaction)."""
    prob, cut, count = 0.2, 0.8, 12_000
    visitors = [Visitor(0.11 * i, "mass", "deposit", "lively") for i in range(count)]
    changes = {"needs.deposit.channels.teller.mean": 0.05, "staff.teller_work.check_minutes": 0.04,
               "staff.teller_work.error_prob": prob, "staff.teller_work.care_error_cut": cut,
               "staff.choices.teller.care": care}
    rows = _branch(changes, visitors).log.rows
    served = sum(1 for row in rows if row[2] == "done" and row[3] == "teller")
    errors = sum(1 for row in rows if row[2] == "error")
    assert served == count
    want = prob * (1.0 - cut * care)
    low, high = binom.interval(0.999, count, want)
    assert low <= errors <= high, f"{errors} errors in {count}; 99.9 % interval at p = {want:g}: [{low:g}, {high:g}]"


def test_care_zero_gives_the_event_log_of_a_branch_without_the_care_fields():
    """A real branch day (``baseline.yaml``, random arrivals, errors on): care 0 with unusual
    check minutes and error cut gives exactly the log (events, values, activity) of the same
    scenario with no care field given at all, since nothing is added or drawn at care 0."""
    plain = load_scenario(SCENARIOS / "baseline.yaml")
    assert "care" not in plain.staff.choices.teller.model_fields_set
    assert "check_minutes" not in plain.staff.teller_work.model_fields_set
    cared = with_overrides(plain, {"staff.choices.teller.care": 0.0, "staff.teller_work.check_minutes": 7.0,
                                   "staff.teller_work.care_error_cut": 0.3})
    logs = [Branch(BranchPlan.compile(scenario, days=1), seed=SEED).run().log for scenario in (plain, cared)]
    assert any(row[2] == "error" for row in logs[0].rows), "the day must have errors for the test to mean much"
    assert logs[0].rows == logs[1].rows
    assert logs[0].activity == logs[1].activity
