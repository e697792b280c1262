"""A number that turns NaN or infinite inside a run stops it with NonFiniteError.

Where numbers enter the loop — the loan belief, each learning step, foreseen slopes, the
choices handed to the branch, the service-time samplers, the rows of the output tables — a
non-finite value raises ``simkit.errors.NonFiniteError`` naming the person, the period
and the quantity, instead of hanging the SimPy loop or writing NaN into a table. Scenarios
with values that validation refuses are built with ``model_copy`` (no validation), as a
hand-edited scenario object would be, and run through ``simkit.simulation.Simulation``.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pytest

from simkit.bank.outlook import life
from simkit.behaviour.beliefs import LoanBelief
from simkit.behaviour.foresight import slope
from simkit.behaviour.learning import Learner
from simkit.behaviour.space import ChoiceSpace
from simkit.branch.sampling import E_MAX, GAMMA_CV_MAX, Z_MAX, compile_dist
from simkit.errors import NonFiniteError
from simkit.scenario import ScenarioError, load_scenario, with_overrides
from simkit.scenario.models import ChoiceRange, Dist, Learning, TellerChoices
from simkit.simulation import Simulation

from helpers import SCENARIOS

SPACE = ChoiceSpace("teller", {"pace": ChoiceRange(lo=0.8, hi=1.6, cost=2000.0),
                               "pitch": ChoiceRange(lo=0.0, hi=1.0, cost=500.0)}, [], learn_push=False)
START = TellerChoices(pace=1.0, pitch=0.2)
SECONDS = 10.0  # the bound: a hostile run stops well within this


def forced(obj, path: str, value):
    """``obj`` with the dotted ``path`` set to ``value`` by ``model_copy``: no validation."""
    head, _, rest = path.partition(".")
    if isinstance(obj, dict):
        return {**obj, head: forced(obj[head], rest, value) if rest else value}
    return obj.model_copy(update={head: forced(getattr(obj, head), rest, value) if rest else value})


def _scheme(periods: int = 2):
    return with_overrides(load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"),
                          {"horizon.periods": periods})


def _stops(sc) -> NonFiniteError:
    t = time.perf_counter()
    with pytest.raises(NonFiniteError) as caught:
        Simulation(sc).run()
    assert time.perf_counter() - t < SECONDS
    return caught.value


# ---------------------------------------------------------------- beliefs and learning
def test_a_loan_belief_that_overflows_is_refused_at_hiring():
    with pytest.raises(NonFiniteError, match="prior_loan_years") as caught:
        LoanBelief(0.02, 0.4, 1.0e308)
    assert "loan belief at hiring" in caught.value.where and math.isinf(caught.value.value)
    LoanBelief(0.02, 0.4, 1.0e300)  # large but finite: the belief is the prior's rate


def test_a_run_with_a_huge_prior_stops_naming_the_belief():
    err = _stops(forced(_scheme(), "behaviour.learning.prior_loan_years", 1.0e308))
    assert "loan belief" in err.where


def _learner(who: str = "teller T1 (post T1), period 3") -> Learner:
    learner = Learner(SPACE, START, Learning(enabled=True), np.random.default_rng(1))
    learner.who = who
    return learner


def test_non_finite_pay_stops_learning_naming_the_person_and_period():
    learner = _learner()
    learner.propose(START)
    with pytest.raises(NonFiniteError, match=r"teller T1 \(post T1\), period 3: pay learned from"):
        learner.update(math.nan, 21)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflow being tested
def test_a_belief_that_overflows_stops_the_learning_step():
    """Pay of ¥1e300 is finite, but its squares in the slope belief are not: the step that
    would carry the NaN into the policy stops instead."""
    learner = _learner()
    with pytest.raises(NonFiniteError, match=r"period 3: pay slope believed from payslips .*: pace"):
        for t in range(12):
            learner.propose(START)
            learner.update(1.0e300 * (t % 2), 21)


def test_a_nan_foreseen_slope_stops_the_step():
    learner = _learner()
    learner.foreseen = np.array([math.nan, 0.0])
    with pytest.raises(NonFiniteError, match="learning step .*: pace"):
        for _ in range(6):  # the first step comes once the slope belief has three periods of evidence
            learner.propose(START)
            learner.update(3000.0, 21)
    assert learner.slope.ready() and np.isfinite(learner.theta).all()  # the NaN never reached the policy


def test_foreseen_slopes_are_checked_by_choice():
    def value(choices):
        return math.nan if choices.pitch > START.pitch else 0.0
    value.reads = ("pitch",)
    with pytest.raises(NonFiniteError, match="M2 .*foreseen pay slope.*: pitch"):
        slope(SPACE, SPACE.encode(START), START, value, "customer_manager M2 (post M2), period 5")


def test_choices_handed_to_the_branch_are_finite():
    with pytest.raises(NonFiniteError, match="T1: choice pace"):
        SPACE.decode(np.array([math.nan, 0.0]), START, "T1")
    wide = ChoiceSpace("teller", {"pace": ChoiceRange(lo=-1.0e308, hi=1.0e308)}, [], learn_push=False)
    with pytest.raises(NonFiniteError, match="a teller: choice pace"):
        wide.decode(np.array([0.0]), START)
    # far below the range's logit the sigmoid is 0: the bottom of the range, not an OverflowError
    assert SPACE.decode(np.array([-1.0e6, 1.0e6]), START).pace == 0.8


# ---------------------------------------------------------------- samplers
@pytest.mark.parametrize("dist", [Dist.model_construct(dist="lognormal", mean=5.0, cv=1.0e200),
                                  Dist.model_construct(dist="lognormal", mean=1.0e307, cv=0.5),
                                  Dist.model_construct(dist="exponential", mean=1.0e307, cv=1.0)])
def test_a_sampler_that_would_give_non_finite_minutes_is_refused_when_compiled(dist):
    with pytest.raises(NonFiniteError, match="needs.x.channels.teller"):
        compile_dist(dist, "needs.x.channels.teller")


def test_a_run_with_nan_service_times_stops_before_it_starts():
    """Lognormal service with a huge cv gave NaN minutes: the run exited 0 with most customers
    never served. Now it stops before the first customer."""
    sc = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {"horizon.days": 1})
    _stops(forced(sc, "needs.cash_deposit.channels.teller.cv", 1.0e200))


def test_the_gamma_sampler_refuses_outside_its_accurate_range():
    with pytest.raises(ScenarioError, match="Wilson-Hilferty"):
        compile_dist(Dist.model_construct(dist="gamma", mean=9.0, cv=10.0), "needs.x.channels.teller")
    with pytest.raises(ScenarioError, match="needs.x"):
        compile_dist(Dist.model_construct(dist="gamma", mean=9.0, cv=math.nan), "needs.x")
    compile_dist(Dist.model_construct(dist="gamma", mean=9.0, cv=GAMMA_CV_MAX))  # the edge is allowed
    # a cv whose square underflows: an infinite shape, the mean every time (not a division by zero)
    assert compile_dist(Dist.model_construct(dist="gamma", mean=9.0, cv=5e-324))(1.0, Z_MAX) == 9.0


@pytest.mark.parametrize("cv", [0.05, 0.6, 1.0, GAMMA_CV_MAX])
def test_the_gamma_sampler_is_unchanged_inside_its_range(cv):
    """Bit for bit the Wilson-Hilferty formula, at draws across and beyond the usual range."""
    mean = 9.0
    sampler = compile_dist(Dist.model_construct(dist="gamma", mean=mean, cv=cv))
    c = 1.0 / (9.0 * (1.0 / (cv * cv)))
    for z in np.linspace(-Z_MAX, Z_MAX, 37).tolist():
        assert sampler(E_MAX, z) == mean * max(1.0 - c + z * math.sqrt(c), 1e-9) ** 3


# ---------------------------------------------------------------- output tables
def test_an_overflowing_book_stops_at_the_period_boundary():
    err = _stops(forced(_scheme(), "bank.deposits.mean_portfolio", 1.0e308))
    assert err.where.startswith("the bank's books, period 0")


def test_the_loan_outlook_runs_at_a_write_off_after_one_month():
    """write_off_months 1 (within 1-120) used to raise IndexError on every run with foresight."""
    cfg = _scheme().bank.loans.model_copy(update={"write_off_months": 1})
    out = life(cfg, [0.3], 0.05)
    assert (out["repaid"].sum() + out["written_off"].sum()) == pytest.approx(1.0)
