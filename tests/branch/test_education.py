"""Customer education at the machines (客户教育, seed 002's syllabus): the lobby manager's habit
``education`` and the trainee's ``Decision.teach``.

Known answers on a tiny branch with customers given in advance (a teaching takes the lobby
manager's time, a taught customer comes back taught, a teaching only goes with a machine), and
the effect as a paired statistical test: with the same seeds, a lobby manager who teaches
raises the share of returning customers' visits done at the machines.
"""
from __future__ import annotations

import copy

import pytest

from simkit.branch import Branch, BranchPlan
from simkit.branch.decisions import Decision, InvalidDecision, check_decision
from simkit.branch.practice import PracticeSession
from simkit.branch.visitors import Visitor
from simkit.scenario import load_scenario, scenario_from_dict, with_overrides

from helpers import ONE_WINDOW, SCENARIOS, t_interval

TEACH = 5.0  # minutes of one teaching in the tiny branch (deterministic)
TRIAGE = 1.0  # minutes of one greeting (deterministic)


def _tiny() -> dict:
    """``helpers.ONE_WINDOW`` with a lobby manager, one machine that never fails, a query done at
    the counter or the machine (3 minutes there), customers who always accept a machine when
    offered and never go to one by themselves, and customer education on with a revisit next day."""
    spec = copy.deepcopy(ONE_WINDOW)
    spec["horizon"] = {"days": 3, "start_date": "2026-11-02"}  # Monday to Wednesday: all open
    spec["branch"].update(lobby_managers=1, self_service={"machines": 1, "mtbf_minutes": 1.0e6})
    spec["customers"]["segments"]["mass"].update(needs={"query": 1.0}, accepts_self_service=1.0,
                                                 self_service_unprompted=0.0, self_service_failure=0.0)
    spec["needs"] = {"query": {"channels": {"teller": {"dist": "deterministic", "mean": 5.0},
                                            "self_service": {"dist": "deterministic", "mean": 3.0}}}}
    spec["staff"]["choices"]["lobby_manager"] = {"diversion": 1.0, "referral": 0.0, "selling": 0.0, "education": 1.0}
    spec["staff"]["lobby_work"] = {"triage": {"dist": "deterministic", "mean": TRIAGE},
                                   "education": {"enabled": True, "revisit_days": 1,
                                                 "teach": {"dist": "deterministic", "mean": TEACH}}}
    return spec


TINY = scenario_from_dict(_tiny())


def _run(visitors, changes=None) -> Branch:
    scenario = with_overrides(TINY, changes) if changes else TINY
    return Branch(BranchPlan.compile(scenario), seed=1, visitors=visitors).run()


def _query(minute: float) -> Visitor:
    return Visitor(minute, "mass", "query", "lively")


def test_a_teaching_keeps_the_lobby_manager_busy_for_its_minutes():
    """The first customer is greeted (1 minute) and taught (5 minutes, logged as ``teach``); the
    second, walking in while the lobby manager teaches, takes a ticket by themselves."""
    branch = _run([_query(600.0), _query(603.0)])
    teach = [row for row in branch.log.activity if row[2] == "teach"]
    assert teach == [("L1", "lobby_manager", "teach", 600.0 + TRIAGE, 600.0 + TRIAGE + TEACH, 0)]
    first, second = branch.customers[0], branch.customers[1]
    assert (first.triaged, first.taught, first.channel) == (True, True, "self_service")
    assert (second.triaged, second.taught, second.channel) == (False, False, "teller")


def test_a_taught_customer_comes_back_taught_and_is_not_taught_again():
    """With education on, a customer sent to a machine on a first visit comes back with the same
    business ``revisit_days`` later at the same clock time; they are still taught and the model's
    lobby manager does not teach them twice. The customer who went to the counter does not come back."""
    branch = _run([_query(600.0), _query(603.0)])
    later = [c for c in branch.customers if c.visit > 1]
    assert [(c.return_of, c.arrive, c.taught, c.channel) for c in later] == [(0, 1440.0 + 600.0, True, "self_service")]
    assert len([row for row in branch.log.activity if row[2] == "teach"]) == 1


def test_a_habit_of_zero_teaches_nobody_and_off_brings_nobody_back():
    branch = _run([_query(600.0)], {"staff.choices.lobby_manager.education": 0.0})
    assert not branch.customers[0].taught and not [row for row in branch.log.activity if row[2] == "teach"]
    assert [c.visit for c in branch.customers] == [1, 2]  # untaught, but education on: still a later visit
    branch = _run([_query(600.0)], {"staff.lobby_work.education.enabled": False})
    assert [c.visit for c in branch.customers] == [1]


def test_a_taught_customer_is_readier_for_a_machine_by_half_the_gap():
    branch = _run([])
    assert branch.taught_share(0.25) == pytest.approx(0.625)  # 0.25 + 0.5 × 0.75 (uptake 0.5)
    assert branch.taught_share(1.0) == 1.0


BASE_SCENARIO = load_scenario(SCENARIOS / "baseline.yaml")
BASE = BranchPlan.compile(BASE_SCENARIO, days=1)


def _teach_at_the_machines(session):
    """Decide every situation as the model would, but teach each customer sent to a machine."""
    taught = []
    while (situation := session.next_situation()) is not None:
        decision = session.model.decide(situation)
        if situation.kind == "triage" and decision.channel == "self_service":
            decision = Decision(decision.channel, refer=decision.refer, diverted=decision.diverted, teach=True)
            taught.append(situation.customer)
        session.decide(decision)
    return taught


def test_a_trainee_who_teaches_spends_the_lobby_managers_time_on_it():
    """Through the practice session: each customer the trainee teaches is taught, and the lobby
    manager's ``teach`` rows name exactly them, each as long as a teaching takes."""
    session = PracticeSession(BASE, start="10:00", minutes=60, seed=5)
    taught = _teach_at_the_machines(session)
    result = session.finish()
    rows = [row for row in result.activity if row[2] == "teach"]
    assert taught and [row[5] for row in rows] == taught[:len(rows)]
    assert all(result.customers[cid].taught for cid in taught)
    assert all(row[4] > row[3] for row in rows)


def test_a_trainee_may_teach_only_a_customer_sent_to_a_machine():
    session = PracticeSession(BASE, start="10:00", minutes=60, seed=5)
    situation = session.next_situation()
    while situation.kind != "triage" or "self_service" not in situation.options:
        session.decide(session.model.decide(situation))
        situation = session.next_situation()
    counter = next(option for option in situation.options if option != "self_service")
    with pytest.raises(InvalidDecision, match=f"decision.teach: only a customer sent to 'self_service' can be "
                                              f"taught the machines, not one sent to '{counter}'"):
        session.decide(Decision(counter, teach=True))
    assert session.next_situation() == situation  # refused: still waiting
    assert check_decision(situation, Decision("self_service", teach=True)).teach


def test_every_visit_ends_once_when_the_lobby_manager_teaches_everyone():
    """Conservation with teaching and later visits: every visit arrives once and leaves at most
    once, and the visits still inside at the end are exactly those that did not leave."""
    scenario = with_overrides(BASE_SCENARIO, {"staff.lobby_work.education.enabled": True,
                                              "staff.lobby_work.education.revisit_days": 1,
                                              "staff.choices.lobby_manager.education": 1.0})
    branch = Branch(BranchPlan.compile(scenario, 5), seed=3).run()
    arrived = [row[1] for row in branch.log.rows if row[2] == "arrive"]
    left = [row[1] for row in branch.log.rows if row[2] == "leave"]
    assert sorted(arrived) == list(range(len(branch.customers))) and len(set(left)) == len(left)
    assert {c.id for c in branch.customers if c.outcome == "inside"} == set(arrived) - set(left)
    assert any(c.visit > 1 and c.taught for c in branch.customers)


# ----------------------------------------------------------------- the effect, paired
SEEDS = range(12)  # paired runs of two months each, about two seconds a pair
DAYS = 60  # two months: every customer sent to a machine in the first month comes back in the run (revisit 30 days)
EDUCATION = with_overrides(BASE_SCENARIO, {"staff.lobby_work.education.enabled": True})


def machine_share_of_returns(habit: float, seed: int) -> float:
    """The share of returning customers' visits (visit 2 on) done at the machines, ``DAYS`` days of
    the baseline with customer education on and the lobby manager's ``education`` habit at ``habit``."""
    scenario = with_overrides(EDUCATION, {"staff.choices.lobby_manager.education": habit})
    branch = Branch(BranchPlan.compile(scenario, DAYS), seed=seed).run()
    later = [c for c in branch.customers if c.visit > 1 and c.outcome == "served"]
    return sum(c.channel == "self_service" for c in later) / len(later)


@pytest.mark.statistical
def test_teaching_at_the_machines_brings_more_self_service_on_later_visits():
    """Same seeds, same customers' arrivals: a lobby manager who teaches every customer they send
    to a machine (habit 1) against one who teaches nobody (habit 0)."""
    differences = [machine_share_of_returns(1.0, seed) - machine_share_of_returns(0.0, seed) for seed in SEEDS]
    low, high = t_interval(differences, level=0.99)
    assert low > 0.0, f"99 % interval of the paired difference in the machines' share: [{low:.3f}, {high:.3f}]"
