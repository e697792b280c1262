"""Complaint handling (投诉处理, seed 002's syllabus): the lobby manager's habit ``handling`` and the
trainee's ``Handle`` answer to a ``ComplaintSituation``.

Known answers on tiny branches with customers given in advance (a complaint taken up takes the
lobby manager's time, removes churn and repeat complaints at a cut of 1; taken up without calming
the customer first, ``Handle(True, calm=False)``, it makes both certain at a rise of 1), the practice
session's parity (a trainee who answers as the model would gets the model's run), and the effects as
paired statistical tests: with the same seeds, fewer complainants move money away when the lobby
manager takes complaints up, and more when they take them up without calming the customer first than
when they leave them alone.
"""
from __future__ import annotations

import copy

import pytest

from simkit.branch import Branch, BranchPlan
from simkit.branch.decisions import Handle, InvalidDecision, ModelLobbyDecider
from simkit.branch.practice import PracticeSession
from simkit.branch.visitors import Visitor
from simkit.scenario import load_scenario, scenario_from_dict, with_overrides

from helpers import ONE_WINDOW, SCENARIOS, t_interval

HANDLE = 10.0  # minutes of one complaint taken up in the tiny branch (deterministic)
REWORK = 3.0  # minutes to redo the erroneous transaction (deterministic)


def _tiny() -> dict:
    """``helpers.ONE_WINDOW`` with a lobby manager, every transaction an error that brings the
    customer back the next open day, every visit ending in a complaint, every complainant of the
    mass segment moving money away unless soothed, and complaint handling on with cuts of 1."""
    spec = copy.deepcopy(ONE_WINDOW)
    spec["horizon"] = {"days": 2, "start_date": "2026-11-02"}  # Monday and Tuesday: both open
    spec["branch"]["lobby_managers"] = 1
    spec["customers"].update(return_after_error=1.0,
                             churn={"enabled": True, "segments": ["mass"], "probability": 1.0})
    spec["customers"]["complaints"]["base_logit"] = 50.0  # p = 1 to double precision
    spec["staff"]["teller_work"].update(error_prob=1.0, rework={"dist": "deterministic", "mean": REWORK})
    spec["staff"]["choices"]["lobby_manager"] = {"diversion": 0.0, "referral": 0.0, "selling": 0.0, "handling": 1.0}
    spec["staff"]["lobby_work"] = {"triage": {"dist": "deterministic", "mean": 1.0},
                                   "complaint_handling": {"enabled": True, "churn_cut": 1.0, "repeat_cut": 1.0,
                                                          "handle": {"dist": "deterministic", "mean": HANDLE}}}
    return spec


TINY = scenario_from_dict(_tiny())


def _run(changes=None) -> Branch:
    scenario = with_overrides(TINY, changes) if changes else TINY
    return Branch(BranchPlan.compile(scenario), seed=1, visitors=[Visitor(600.0, "mass", "deposit", "lively")]).run()


def test_a_complaint_taken_up_takes_the_lobby_managers_time_and_keeps_the_customer():
    """The customer is greeted (1 minute), served with an error (5 minutes and 3 to redo it) and
    complains at 609;
    the lobby manager takes it up for 10 minutes, so the customer, soothed, does not move money away
    and does not complain on their return the next day."""
    branch = _run()
    first, later = branch.customers
    assert [row for row in branch.log.activity if row[2] == "complaint"] == [
        ("L1", "lobby_manager", "complaint", 609.0, 609.0 + HANDLE, 0)]
    assert (first.complained, first.soothed, first.churned) == (True, True, 0.0)
    assert (later.return_of, later.soothed, later.complained) == (0, True, False)


def test_a_complaint_left_alone_churns_and_comes_again():
    branch = _run({"staff.choices.lobby_manager.handling": 0.0})
    first, later = branch.customers
    assert not [row for row in branch.log.activity if row[2] == "complaint"]
    assert first.complained and not first.soothed and first.churned > 0.0
    assert later.complained and later.churned > 0.0


def test_off_decides_churn_at_the_departure_as_before():
    """With the process off, the churn row comes before the leave row, in the departure itself."""
    branch = _run({"staff.lobby_work.complaint_handling.enabled": False})
    kinds = [row[2] for row in branch.log.rows if row[1] == 0]
    assert kinds[-2:] == ["churn", "leave"]


BASE = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"),
                      {"staff.lobby_work.complaint_handling.enabled": True, "staff.choices.lobby_manager.handling": 0.5})
PLAN = BranchPlan.compile(BASE, days=1)


def test_deciding_as_the_model_gives_the_models_run_with_complaints():
    """Every situation, complaints included, answered as the model would: the model's rows exactly."""
    session = PracticeSession(PLAN, start="10:00", minutes=240, seed=5)
    kinds = set()
    while (situation := session.next_situation()) is not None:
        kinds.add(situation.kind)
        session.decide(session.model.decide(situation))
    result = session.finish()
    reference = Branch(session.plan, seed=5)
    reference.env.run(until=result.end)
    assert "complaint" in kinds
    assert result.rows == reference.log.rows and result.activity == reference.log.activity


def test_a_trainee_who_takes_up_every_complaint_spends_the_time_on_it():
    session = PracticeSession(PLAN, start="10:00", minutes=240, seed=5)
    handled = []
    while (situation := session.next_situation()) is not None:
        if situation.kind == "complaint":
            with pytest.raises(InvalidDecision, match="a complaint situation needs a Handle"):
                session.decide(True)
            with pytest.raises(InvalidDecision, match="decision.handle: True .* or False .*, got 'yes'"):
                session.decide(Handle("yes"))
            session.decide(Handle(True))
            handled.append(situation.customer)
        else:
            session.decide(session.model.decide(situation))
    result = session.finish()
    rows = [row for row in result.activity if row[2] == "complaint"]
    assert handled and [row[5] for row in rows] == handled[:len(rows)]
    assert all(result.customers[cid].soothed for cid in handled)


# ----------------------------------------------------------------- the effect, paired
SEEDS = range(12)  # paired runs of two months each, about two seconds a pair
#: every complainant of the wealthy segments moves money away unless soothed (churn probability 1,
#: stated reason: the default 0.01 gives a handful of churns in two months, too few to see a halving)
STRESS = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"),
                        {"staff.lobby_work.complaint_handling.enabled": True, "customers.churn.probability": 1.0})


def churn_share_of_complainants(habit: float, seed: int) -> float:
    """The share of complainants in the churn segments who moved money away, 60 days of ``STRESS``
    with the lobby manager's ``handling`` habit at ``habit``."""
    scenario = with_overrides(STRESS, {"staff.choices.lobby_manager.handling": habit})
    branch = Branch(BranchPlan.compile(scenario, 60), seed=seed).run()
    wealthy = set(scenario.customers.churn.segments)
    complainants = [c for c in branch.customers if c.complained and c.segment in wealthy]
    return sum(c.churned > 0.0 for c in complainants) / len(complainants)


@pytest.mark.statistical
def test_taking_complaints_up_means_fewer_complainants_move_money_away():
    """Same seeds: a lobby manager who takes up every complaint made while they are free (habit 1)
    against one who leaves them all alone (habit 0)."""
    differences = [churn_share_of_complainants(1.0, seed) - churn_share_of_complainants(0.0, seed) for seed in SEEDS]
    low, high = t_interval(differences, level=0.99)
    assert high < 0.0, f"99 % interval of the paired difference in complainants' churn: [{low:.3f}, {high:.3f}]"


# ----------------------------------------------------------------- a complaint taken up without calming first
class Uncalmed(ModelLobbyDecider):
    """The model's lobby manager, except that they take up every complaint made while they are free
    without calming the customer first (the syllabus's 安抚 skipped)."""

    def handle(self, lm) -> Handle:
        return Handle(True, calm=False)


def _halves() -> dict:
    """``helpers.ONE_WINDOW`` over two open days with a lobby manager, every transaction an error that
    brings the customer back the next day, each visit ending in a complaint with chance 1/2 (logit 0),
    a complainant moving money away with chance 1/2, and complaint handling on with rises of 1: a
    complaint taken up without calming makes both certain."""
    spec = copy.deepcopy(ONE_WINDOW)
    spec["horizon"] = {"days": 2, "start_date": "2026-11-02"}
    spec["branch"]["lobby_managers"] = 1
    spec["customers"].update(return_after_error=1.0,
                             churn={"enabled": True, "segments": ["mass"], "probability": 0.5})
    spec["customers"]["complaints"]["base_logit"] = 0.0
    spec["staff"]["teller_work"].update(error_prob=1.0, rework={"dist": "deterministic", "mean": REWORK})
    spec["staff"]["choices"]["lobby_manager"] = {"diversion": 0.0, "referral": 0.0, "selling": 0.0, "handling": 0.0}
    spec["staff"]["lobby_work"] = {"complaint_handling": {"enabled": True, "churn_rise": 1.0, "repeat_rise": 1.0}}
    return spec


HALVES = scenario_from_dict(_halves())


def _complainants(uncalmed: bool):
    """The first visits that ended in a complaint, and those complainants' returns, of 24 customers an
    hour apart (the lobby manager is free for each complaint); with ``uncalmed`` every complaint is
    taken up without calming the customer first, else every one is left alone (habit 0)."""
    branch = Branch(BranchPlan.compile(HALVES), seed=2,
                    visitors=[Visitor(30.0 + 60.0 * k, "mass", "deposit", "lively") for k in range(24)])
    if uncalmed:
        branch.lobby.model = Uncalmed(branch)
    branch.run()
    first = [c for c in branch.customers if c.visit == 1 and c.complained]
    returns = [c for c in branch.customers if c.visit == 2 and branch.customers[c.return_of].complained]
    return first, returns


def test_a_complaint_taken_up_without_calming_makes_churn_and_a_repeat_complaint_certain():
    """Each chance is 1/2 left alone; taken up without calming, raised by its rise of 1 to certain."""
    first, returns = _complainants(uncalmed=True)
    assert len(first) >= 6 and all(c.inflamed and not c.soothed and c.churned > 0.0 for c in first)
    assert len(returns) == len(first) and all(c.inflamed and c.complained for c in returns)


def test_left_alone_the_same_complainants_churn_and_complain_again_by_chance():
    first, returns = _complainants(uncalmed=False)
    assert len(first) >= 6 and not any(c.inflamed for c in first)
    assert 0 < sum(c.churned > 0.0 for c in first) < len(first)
    assert 0 < sum(c.complained for c in returns) < len(returns)


#: every complainant of the wealthy segments moves money away with chance 1/2 left alone (stated reason:
#: the default 0.01 gives a handful of churns in a month, too few to see a rise; 1/2 leaves room above),
#: and two lobby managers, so that most complaints meet a free one (with one, less than half do)
HALF_STRESS = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.lobby_work.complaint_handling.enabled": True, "staff.choices.lobby_manager.handling": 0.0,
    "customers.churn.probability": 0.5, "branch.lobby_managers": 2})
HALF_DAYS = 30


def uncalmed_churn_share(uncalmed: bool, seed: int) -> float:
    """The share of complainants in the churn segments who moved money away, ``HALF_DAYS`` days of
    ``HALF_STRESS``: every complaint made while the lobby manager is free taken up without calming the
    customer first (``uncalmed``), or every complaint left alone (the habit 0)."""
    branch = Branch(BranchPlan.compile(HALF_STRESS, HALF_DAYS), seed=seed)
    if uncalmed:
        branch.lobby.model = Uncalmed(branch)
    branch.run()
    wealthy = set(HALF_STRESS.customers.churn.segments)
    complainants = [c for c in branch.customers if c.complained and c.segment in wealthy]
    return sum(c.churned > 0.0 for c in complainants) / len(complainants)


@pytest.mark.statistical
def test_complaints_taken_up_without_calming_mean_more_complainants_move_money_than_left_alone():
    """Same seeds: lobby managers who take up every complaint made while one is free without calming
    the customer first, against lobby managers who leave every complaint alone. Run with ``-s`` for the figures."""
    alone = [uncalmed_churn_share(False, seed) for seed in SEEDS]
    uncalmed = [uncalmed_churn_share(True, seed) for seed in SEEDS]
    low, high = t_interval([b - a for a, b in zip(alone, uncalmed, strict=True)], level=0.99)
    print(f"\nshare of wealthy complainants who move money away: left alone {sum(alone) / len(alone):.3f}, "
          f"uncalmed {sum(uncalmed) / len(uncalmed):.3f}, paired difference 99 % [{low:.3f}, {high:.3f}]")
    assert low > 0.0, f"99 % interval of the paired difference in complainants' churn: [{low:.3f}, {high:.3f}]"
