"""Grumbling on the spot (抱怨) and formal complaints (投诉), told apart (``customers.complaints.formal_share``).

Whether a departing customer voices dissatisfaction is drawn as before, from the departure
stream; whether they make it formal is drawn from a stream of its own. So at any formal share
the same customers speak up as at share 1 (common random numbers): the grumbles at share
``f`` are exactly the complaints at share 1, customer for customer, and churn (which reads
whether a customer was mistreated) is unchanged. Of the grumbles, a share ``f`` become formal
complaints: a binomial count, checked with its 99.9 % interval.
"""
from __future__ import annotations

import pytest
from scipy import stats

from simkit.branch import Branch, BranchPlan
from simkit.measure.periods import PeriodLog, period_kpis
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

pytestmark = pytest.mark.slow

DAYS, SEED, SHARE = 10, 5, 0.3
#: complaints made common (about one customer in eight) so ten days give hundreds to count
LOUD = {"customers.complaints.base_logit": -2.0}


def run(formal_share: float) -> Branch:
    scenario = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"),
                              {**LOUD, "customers.complaints.formal_share": formal_share})
    return Branch(BranchPlan.compile(scenario, DAYS), seed=SEED).run()


@pytest.fixture(scope="module")
def branches():
    return {share: run(share) for share in (1.0, SHARE)}


def _customers(branch, kind: str) -> list[int]:
    return [row[1] for row in branch.log.rows if row[2] == kind]


def test_at_share_one_nobody_grumbles_and_every_voice_is_a_complaint(branches):
    branch = branches[1.0]
    assert not _customers(branch, "grumble")
    assert len(_customers(branch, "complaint")) == sum(c.complained for c in branch.customers) > 100


def test_the_same_customers_speak_up_and_churn_at_any_share(branches):
    loud, split = branches[1.0], branches[SHARE]
    assert _customers(split, "grumble") == _customers(loud, "complaint")
    assert [c.churned for c in split.customers] == [c.churned for c in loud.customers]
    assert [c.complained for c in split.customers] == [c.complained for c in loud.customers]


def test_a_share_of_the_grumbles_become_formal_complaints(branches):
    split = branches[SHARE]
    grumbles, formal = _customers(split, "grumble"), _customers(split, "complaint")
    assert set(formal) <= set(grumbles), "a formal complaint from someone who did not speak up"
    lo, hi = stats.binom.interval(0.999, len(grumbles), SHARE)
    assert lo <= len(formal) <= hi, f"{len(formal)} formal of {len(grumbles)}: outside [{lo:.0f}, {hi:.0f}] at {SHARE}"


def test_indicators_count_grumbles_and_formal_complaints_apart(branches):
    """The ``grumbles`` and ``complaints`` indicators count each kind of event naming a post;
    the bank's complaint count (what it reports and pays for) is the formal ones only."""
    split = branches[SHARE]
    posts = [m.id for m in split.staff]
    log = PeriodLog(split.log.rows, split.log.activity, split.customers)
    kpis, activity = period_kpis(log, posts, DAYS, dict.fromkeys(split.products, 0.0), 0.0)
    named = lambda kind: sum(1 for row in split.log.rows if row[2] == kind and row[4] in posts)  # noqa: E731
    assert sum(k.get("grumbles", 0) for k in kpis.values()) == named("grumble")
    assert sum(k.get("complaints", 0) for k in kpis.values()) == named("complaint") == activity.complaints
