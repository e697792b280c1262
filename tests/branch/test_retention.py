"""Customer retention (挽留客户, seed 002's syllabus): the lobby manager's habit ``retention`` and the
trainee's ``Retain`` answer to a ``RetentionSituation``; the decision interface's refusals for it and
for a complaint handled without calming the customer (``Handle(True, calm=False)``: its effects are
tested in test_complaint_handling.py).

Known answers on a tiny branch with customers given in advance (a try takes the lobby manager's
time; a customer kept waits on and is served, or gives up for good when their patience runs out
again; one who will not stay leaves at once; nobody free, habit 0 or the process off: they leave
as before), the settings' refusals, the practice session's parity (a trainee who answers as the
model would gets the model's run with retention on), and the effect as a paired statistical test:
with the same seeds, fewer customers give up waiting when the lobby manager tries to keep them.
"""
from __future__ import annotations

import copy

import pytest

from simkit.branch import Branch, BranchPlan
from simkit.branch.decisions import (
    ComplaintSituation,
    Handle,
    InvalidDecision,
    Retain,
    RetentionSituation,
    check_decision,
)
from simkit.branch.practice import PracticeSession
from simkit.branch.visitors import Visitor
from simkit.scenario import ScenarioError, load_scenario, scenario_from_dict, with_overrides

from helpers import ONE_WINDOW, SCENARIOS, t_interval

RETAIN = 2.0  # minutes of one try to keep a customer in the tiny branch (deterministic)


def _tiny() -> dict:
    """``helpers.ONE_WINDOW`` with a lobby manager (1-minute greetings), retention on with a
    2-minute try that always keeps the customer, who then waits on for 3 times their patience."""
    spec = copy.deepcopy(ONE_WINDOW)
    spec["branch"]["lobby_managers"] = 1
    spec["staff"]["choices"]["lobby_manager"] = {"diversion": 0.0, "referral": 0.0, "selling": 0.0, "retention": 1.0}
    spec["staff"]["lobby_work"] = {"triage": {"dist": "deterministic", "mean": 1.0},
                                   "retention": {"enabled": True, "stay": 1.0, "more_patience": 3.0,
                                                 "retain": {"dist": "deterministic", "mean": RETAIN}}}
    return spec


TINY = scenario_from_dict(_tiny())


def _run(changes=None, busy: bool = False) -> Branch:
    """Customer 0 walks in at 600 with no hurry, is greeted till 601 and served 601-606; customer 1
    walks in at 601.5, is greeted till 602.5 and gives up after 2 minutes in the queue, at 604.5,
    when the lobby manager is free, or, with ``busy``, greeting customer 2 (604-605)."""
    scenario = with_overrides(TINY, changes) if changes else TINY
    visitors = [Visitor(600.0, "mass", "deposit", "lively", patience=1.0e6),
                Visitor(601.5, "mass", "deposit", "lively", patience=2.0)]
    visitors += [Visitor(604.0, "mass", "deposit", "lively", patience=1.0e6)] if busy else []
    return Branch(BranchPlan.compile(scenario), seed=1, visitors=visitors).run()


def _retained(branch) -> list[tuple]:
    return [row for row in branch.log.activity if row[2] == "retain"]


def _reneges(branch) -> list[tuple]:
    return [(row[0], row[1]) for row in branch.log.rows if row[2] == "renege"]


def test_a_customer_kept_waits_on_and_is_served():
    """Customer 1 gets up at 604.5; the lobby manager talks to them for 2 minutes and they wait on
    (3 × 2 more minutes, to 610.5): the window calls them at 606."""
    branch = _run()
    kept = branch.customers[1]
    assert _retained(branch) == [("L1", "lobby_manager", "retain", 604.5, 604.5 + RETAIN, 1)]
    assert (kept.retained, kept.outcome, kept.start, kept.wait) == (True, "served", 606.0, 606.0 - 602.5)
    assert _reneges(branch) == []


def test_a_customer_kept_gives_up_for_good_when_their_patience_runs_out_again():
    """Waiting on for half their patience (1 minute, to 605.5), they leave then, not asked again."""
    branch = _run({"staff.lobby_work.retention.more_patience": 0.5})
    assert _reneges(branch) == [(605.5, 1)] and len(_retained(branch)) == 1
    assert (branch.customers[1].retained, branch.customers[1].outcome) == (True, "reneged")


def test_a_customer_who_will_not_stay_leaves_at_once_and_the_try_still_takes_its_time():
    branch = _run({"staff.lobby_work.retention.stay": 0.0})
    assert _reneges(branch) == [(604.5, 1)] and _retained(branch) == [("L1", "lobby_manager", "retain", 604.5, 606.5, 1)]
    assert not branch.customers[1].retained


@pytest.mark.parametrize("changes", [{"staff.choices.lobby_manager.retention": 0.0},
                                     {"staff.lobby_work.retention.enabled": False}])
def test_a_habit_of_zero_or_the_process_off_lets_them_go_as_before(changes):
    branch = _run(changes)
    assert _reneges(branch) == [(604.5, 1)] and _retained(branch) == []


def test_nobody_free_lets_them_go():
    """Giving up at 604.5 while the lobby manager greets customer 2 (604-605): nobody asks."""
    branch = _run(busy=True)
    assert _reneges(branch) == [(604.5, 1)] and _retained(branch) == []


# ----------------------------------------------------------------- the decision interface
SEEN = dict(now=604.5, clock="10:04", lobby_manager="L1", customer=1, segment="mass", need="deposit", comm="lively",
            ticket="ordinary", waited=2.0, ahead=0, queues={"ordinary": 1}, waits={"ordinary": 2.0}, machines={})


def test_a_retention_takes_a_retain_and_refusals_name_the_field():
    situation = RetentionSituation(**SEEN)
    assert check_decision(situation, Retain(True)) == Retain(True) and check_decision(situation, Retain()).retain is False
    with pytest.raises(InvalidDecision, match="^decision: a retention situation needs a Retain, got Handle$"):
        check_decision(situation, Handle(True))
    with pytest.raises(InvalidDecision, match=r"^decision.retain: True \(try to keep the customer\) or False "
                                              r"\(let them go\), got 'yes'$"):
        check_decision(situation, Retain("yes"))


def test_a_complaint_handled_without_calming_must_be_taken_up():
    seen = {k: v for k, v in SEEN.items() if k not in ("ticket", "ahead")}
    situation = ComplaintSituation(**seen, errors=0, outcome="served")
    assert check_decision(situation, Handle(True, calm=False)).calm is False
    with pytest.raises(InvalidDecision, match=r"^decision.calm: only a complaint taken up \(handle=True\)"):
        check_decision(situation, Handle(False, calm=False))
    with pytest.raises(InvalidDecision, match=r"^decision.calm: True \(calm the customer first\) or False .*, got 1$"):
        check_decision(situation, Handle(True, calm=1))
    with pytest.raises(InvalidDecision, match="^decision: a complaint situation needs a Handle, got Retain$"):
        check_decision(situation, Retain(True))


@pytest.mark.parametrize("field, value, said", [
    ("staff.lobby_work.retention.stay", 1.5, "must be a probability between 0 and 1"),
    ("staff.lobby_work.retention.more_patience", 0, "must be a number > 0"),
    ("staff.lobby_work.retention.enabled", "maybe", "must be true or false"),
    ("staff.lobby_work.retention.retian", 1, "unknown field 'retian'; did you mean 'retain'?"),
    ("staff.lobby_work.complaint_handling.churn_rise", -1, "must be a number between 0 and 100"),
    ("staff.lobby_work.complaint_handling.repeat_rise", 101, "must be a number between 0 and 100"),
    ("staff.choices.lobby_manager.retention", 2, "must be a probability between 0 and 1"),
])
def test_bad_settings_are_refused_naming_the_field(field, value, said):
    with pytest.raises(ScenarioError, match=f"{field.replace('.', '[.]')}: {said}"):
        with_overrides(TINY, {field: value})


# ----------------------------------------------------------------- practice
BASE = load_scenario(SCENARIOS / "baseline.yaml")
PLAN = BranchPlan.compile(with_overrides(BASE, {"staff.lobby_work.retention.enabled": True,
                                                "staff.choices.lobby_manager.retention": 0.5}), days=1)


def test_deciding_as_the_model_gives_the_models_run_with_retention():
    """Every situation, retentions included, answered as the model would: the model's rows exactly."""
    session = PracticeSession(PLAN, start="10:00", minutes=240, seed=5)
    kinds = []
    while (situation := session.next_situation()) is not None:
        kinds.append(situation.kind)
        session.decide(session.model.decide(situation))
    result = session.finish()
    reference = Branch(session.plan, seed=5)
    reference.env.run(until=result.end)
    assert kinds.count("retention") >= 3
    assert result.rows == reference.log.rows and result.activity == reference.log.activity


def test_a_trainee_who_tries_to_keep_everyone_spends_the_time_on_it():
    session = PracticeSession(PLAN, start="10:00", minutes=240, seed=5)
    tried = []
    while (situation := session.next_situation()) is not None:
        if situation.kind == "retention":
            assert situation.ahead >= 0 and situation.waited > 0.0
            with pytest.raises(InvalidDecision, match="decision.retain"):
                session.decide(Retain(1))
            session.decide(Retain(True))
            tried.append(situation.customer)
        else:
            session.decide(session.model.decide(situation))
    result = session.finish()
    rows = [row for row in result.activity if row[2] == "retain"]
    assert len(tried) >= 3 and [row[5] for row in rows] == tried[:len(rows)]
    kept = [result.customers[cid] for cid in tried if result.customers[cid].retained]
    # a customer kept who gives up after all does so after their patience and half of it again
    assert kept and all(c.outcome != "reneged" or c.end == pytest.approx(c.queued_t + 1.5 * c.patience) for c in kept)


# ----------------------------------------------------------------- the effects, paired
SEEDS = range(12)
DAYS = 30  # a month of the baseline: about 22 customers a day give up waiting
RETENTION = with_overrides(BASE, {"staff.lobby_work.retention.enabled": True})


def retention_figures(habit: float, seed: int, changes: dict | None = None) -> dict[str, float]:
    """``DAYS`` days of the baseline with retention on (and ``changes``) and the lobby manager's
    ``retention`` habit at ``habit``: customers who gave up waiting, who left on seeing the queue,
    both (walk-outs), tries a day, the lobby manager's minutes on them a day, the share of tries that
    kept the customer, the mean wait of served customers."""
    scenario = with_overrides(RETENTION, {**(changes or {}), "staff.choices.lobby_manager.retention": habit})
    branch = Branch(BranchPlan.compile(scenario, DAYS), seed=seed).run()
    outcomes = [c.outcome for c in branch.customers]
    tries = [row for row in branch.log.activity if row[2] == "retain"]
    served = [c.wait for c in branch.customers if c.outcome == "served"]
    return {"reneged": outcomes.count("reneged"), "balked": outcomes.count("balked"),
            "walkouts": outcomes.count("reneged") + outcomes.count("balked"),
            "tries_a_day": len(tries) / DAYS, "minutes_a_day": sum(row[4] - row[3] for row in tries) / DAYS,
            "kept_share": sum(c.retained for c in branch.customers) / len(tries) if tries else 0.0,
            "mean_wait": sum(served) / len(served)}


def _table(pairs: list[tuple[dict, dict]]) -> str:
    """Each figure: mean without, mean with, paired difference and its 99 % interval (for docs/processes.md)."""
    lines = []
    for name in pairs[0][0]:
        low, high = t_interval([b[name] - a[name] for a, b in pairs], level=0.99)
        lines.append(f"{name}: {sum(a[name] for a, _ in pairs) / len(pairs):.3f} -> "
                     f"{sum(b[name] for _, b in pairs) / len(pairs):.3f}, difference 99 % [{low:.3f}, {high:.3f}]")
    return "\n".join(lines)


@pytest.mark.statistical
def test_trying_to_keep_customers_means_fewer_give_up_waiting():
    """Same seeds: a lobby manager who tries to keep every customer about to give up while they are
    free (habit 1) against one who lets them all go (habit 0). Run with ``-s`` for every figure."""
    pairs = [(retention_figures(0.0, seed), retention_figures(1.0, seed)) for seed in SEEDS]
    print("\n" + _table(pairs))
    low, high = t_interval([b["reneged"] - a["reneged"] for a, b in pairs], level=0.99)
    assert high < 0.0, f"99 % interval of the paired difference in customers who gave up: [{low:.1f}, {high:.1f}]"
