"""A trainee plays the lobby manager (``simkit.branch.practice.PracticeSession``): deciding what
the model would gives the model's run; any decisions keep every customer in one place; sending
everyone to the counter makes waits longer than the model's triage; bad calls are refused."""
from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simkit.branch import Branch, BranchPlan
from simkit.branch.decisions import Decision, Handle, InvalidDecision, Moves, Pitch, Retain
from simkit.branch.practice import PracticeError, PracticeSession
from simkit.scenario import load_scenario, with_overrides
from simkit.scenario.clock import clock_to_minutes
from simkit.vocabulary import TICKET_CLASSES

from helpers import SCENARIOS, t_interval

PLANS = {name: BranchPlan.compile(load_scenario(SCENARIOS / name), days=1)
         for name in ("baseline.yaml", "vip_heavy.yaml", "no_lobby_manager.yaml")}
BASE = PLANS["baseline.yaml"]
#: the baseline with a lobby manager who looks for someone to sell to all the time and patrols a queue of
#: more than two: many pitch and patrol situations
PLANS["selling"] = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.choices.lobby_manager.selling": 1.0, "branch.second_triage.threshold": 2}), days=1)
#: the baseline with complaint handling and retention on (docs/processes.md), the model taking up half
#: the complaints and trying to keep half the customers about to give up, and half the large withdrawals
#: and account openings without the ID card: complaint and retention situations, and triages offering to
#: send a customer home
PLANS["processes"] = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.lobby_work.complaint_handling.enabled": True, "staff.choices.lobby_manager.handling": 0.5,
    "staff.lobby_work.retention.enabled": True, "staff.choices.lobby_manager.retention": 0.5,
    "needs.cash_withdrawal_large.without_id": 0.5, "needs.account_opening.without_id": 0.5}), days=1)


def _as_the_model(session):
    """Decide every situation of the window as the model would; how many there were."""
    n = 0
    while (situation := session.next_situation()) is not None:
        session.decide(session.model.decide(situation))
        n += 1
    return n


def _to_the_counter(session, situation):
    """Everyone greeted to a counter window, nobody moved on a patrol; pitches as the model would."""
    if situation.kind == "patrol":
        return Moves()
    if situation.kind == "pitch":
        return session.model.decide(situation)
    counters = [c for c in situation.options if c in TICKET_CLASSES]
    return Decision("ordinary" if "ordinary" in counters else (counters or list(situation.options))[0])


def _first(session, kind):
    """Decide as the model until a situation of ``kind`` is waiting; that situation."""
    while (situation := session.next_situation()).kind != kind:
        session.decide(session.model.decide(situation))
    return situation


# ----------------------------------------------------------------- (a) the model's choices, the model's run
@pytest.mark.parametrize("name, start, end", [("baseline.yaml", "10:00", 645.0), ("selling", "09:00", 600.0)])
def test_deciding_as_the_model_gives_the_models_run_in_a_window(name, start, end):
    session = PracticeSession(PLANS[name], start=start, minutes=end - clock_to_minutes(start), seed=5)
    kinds = []
    while (situation := session.next_situation()) is not None:
        kinds.append(situation.kind)
        session.decide(session.model.decide(situation))
    result = session.finish()
    reference = Branch(session.plan, seed=5)
    reference.env.run(until=result.end)
    assert result.rows == reference.log.rows and result.activity == reference.log.activity
    assert (result.start, result.end) == (clock_to_minutes(start), end)
    assert result.kpis["model_decisions"] == 0 and result.kpis["trainee_decisions"] == len(kinds)
    assert {"triage", "patrol"} <= set(kinds) and (name != "selling" or "pitch" in kinds)


def test_deciding_as_the_model_all_day_gives_branch_run():
    session = PracticeSession(BASE, start="00:00", minutes=1440, seed=9)
    _as_the_model(session)
    result = session.finish()
    assert result.rows == Branch(session.plan, seed=9).run().log.rows


def test_model_stretches_between_decisions_give_the_models_run():
    session = PracticeSession(PLANS["vip_heavy.yaml"], start="09:30", minutes=60, seed=3)
    for _ in range(6):
        situation = session.next_situation()
        session.decide(session.model.decide(situation))
        session.let_model_decide(4.0)
        session.next_situation()
        session.let_model_decide(2.5)  # a waiting situation goes to the model too
    result = session.finish()
    reference = Branch(session.plan, seed=3)
    reference.env.run(until=result.end)
    assert result.rows == reference.log.rows
    assert result.kpis["trainee_decisions"] == 6 and result.kpis["model_decisions"] > 6


def test_a_session_runs_on_the_date_asked_for():
    monday = PracticeSession(BASE, start="10:00", minutes=30, date="2026-11-02", seed=1)
    assert monday.plan.days[0].date.isoformat() == "2026-11-02" and len(monday.plan.days) == 1
    assert monday.next_situation() is not None
    # closed on Sundays: on Sunday 2026-11-08 nobody comes and there is nothing to decide
    sundays_off = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"),
                                                    {"arrivals.closed_weekdays": [6]}), days=1)
    shut = PracticeSession(sundays_off, start="10:00", minutes=30, date="2026-11-08", seed=1)
    assert shut.next_situation() is None and shut.finish().kpis["arrived"] == 0


# ----------------------------------------------------------------- (b) conservation under any decisions
def check_conservation(branch):
    """Every customer's events follow door -> lobby -> queue -> service -> ... -> gone, each leaves
    at most once and exactly once unless still inside (tests/branch/test_conservation.py's machine)."""
    after = {"arrive": ({None}, "lobby"), "ticket": ({"lobby"}, "queue"), "balk": ({"lobby"}, "lobby"),
             "call": ({"queue"}, "service"), "renege": ({"queue"}, "lobby"), "reroute": ({"queue"}, "lobby"),
             "done": ({"service"}, "lobby"), "leave": ({"lobby"}, "gone")}
    state, left = defaultdict(lambda: None), defaultdict(int)
    for t, cid, kind, *_ in branch.log.rows:
        if kind not in after or cid < 0:
            continue
        allowed, state_after = after[kind]
        assert state[cid] in allowed, f"customer {cid}: {kind!r} at t={t:.2f} while in {state[cid]!r}"
        state[cid] = state_after
        left[cid] += kind == "leave"
    for c in branch.customers:
        if c.outcome == "inside":
            assert left[c.id] == 0 and state[c.id] in ("lobby", "queue", "service")
        else:
            assert left[c.id] == 1 and state[c.id] == "gone" and c.wait >= 0.0
    assert len(state) == len(branch.customers)


#: what the trainee does next: decide the next ``repeat`` situations (an option by index, a referral
#: or not), give the model a stretch, or try a refused decision and then go on
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("pick"), st.integers(0, 30), st.booleans(), st.integers(1, 40)),
    st.tuples(st.just("model"), st.floats(0.1, 20.0)),
    st.tuples(st.just("wrong"), st.sampled_from(["nowhere", "vip_lounge"]), st.booleans()),
), min_size=1, max_size=30)


def _pick(situation, index: int, refer: bool):
    """A valid decision chosen by ``index``: an option, the first few candidates, one candidate or nobody;
    a complaint left alone, taken up or taken up without calming; a customer let go or kept."""
    if situation.kind == "triage":
        return Decision(situation.options[index % len(situation.options)], refer=refer)
    if situation.kind == "complaint":
        return (Handle(False), Handle(True), Handle(True, calm=False))[index % 3]
    if situation.kind == "retention":
        return Retain(index % 2 == 1)
    ids = [w.customer for w in situation.candidates]
    if situation.kind == "patrol":
        return Moves(tuple(ids[:index % (min(len(ids), situation.max_moves) + 1)]))
    return Pitch(None if index % (len(ids) + 1) == len(ids) else ids[index % (len(ids) + 1)])


def _wrong(situation, name: str, as_triage: bool):
    """A decision the situation refuses: a channel not open, a customer not a candidate, a complaint left
    alone uncalmed, an answer that is not true or false, the wrong kind."""
    if situation.kind == "triage":
        return Decision(name) if as_triage else Pitch()
    if situation.kind == "complaint":
        return Handle(False, calm=False) if as_triage else Retain(True)
    if situation.kind == "retention":
        return Retain(name) if as_triage else Handle(True)
    if situation.kind == "patrol":
        return Moves((-1,)) if as_triage else Decision(name)
    return Pitch(-1) if as_triage else Moves()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(PLANS)), seed=st.integers(0, 2**32 - 1),
       start=st.sampled_from(["08:50", "10:00", "11:15", "16:30"]), minutes=st.floats(20.0, 90.0), actions=ACTIONS)
def test_every_customer_ends_once_whatever_the_trainee_decides(name, seed, start, minutes, actions):
    session = PracticeSession(PLANS[name], start=start, minutes=minutes, seed=seed)
    for action in actions:
        situation = session.next_situation()
        if situation is None:
            break
        if action[0] == "pick":
            for index in range(action[1], action[1] + action[3]):
                event(f"{situation.kind}: pick")  # shown by --hypothesis-show-statistics
                session.decide(_pick(situation, index, action[2]))
                if (situation := session.next_situation()) is None:
                    break
        elif action[0] == "model":
            session.let_model_decide(action[1])
        else:
            event(f"{situation.kind}: wrong")
            with pytest.raises(InvalidDecision):
                session.decide(_wrong(situation, action[1], action[2]))
    result = session.finish()
    check_conservation(session.branch)
    kpis = result.kpis
    assert kpis["arrived"] == sum(kpis[o] for o in ("served", "balked", "reneged", "unserved", "inside"))
    assert kpis["arrived"] == 0 or kpis["mean_wait"] >= 0.0


@pytest.mark.parametrize("name, start, minutes", [("selling", "09:00", 180), ("vip_heavy.yaml", "09:00", 180),
                                                  ("processes", "10:00", 240)])
def test_random_decisions_all_morning_keep_every_customer_in_one_place(name, start, minutes):
    chooser = random.Random(7)  # the trainee's choices; the branch's own streams are untouched
    session = PracticeSession(PLANS[name], start=start, minutes=minutes, seed=7)
    kinds = Counter()
    while (situation := session.next_situation()) is not None:
        kinds[situation.kind] += 1
        kinds["home"] += situation.kind == "triage" and "home" in situation.options
        if chooser.random() < 0.05:
            session.let_model_decide(chooser.uniform(1.0, 10.0))
        else:
            session.decide(_pick(situation, chooser.randrange(30), chooser.random() < 0.3))
    result = session.finish()
    check_conservation(session.branch)
    assert kinds["triage"] > 20 and (name != "selling" or min(kinds["patrol"], kinds["pitch"]) > 3)
    assert name != "processes" or min(kinds["complaint"], kinds["retention"], kinds["home"]) > 0
    assert result.kpis["arrived"] == sum(result.kpis[o] for o in ("served", "balked", "reneged", "unserved", "inside"))


# ----------------------------------------------------------------- (c) everyone to the counter waits longer
SEEDS = range(40)  # paired runs, one busy morning hour each: well under a minute


@pytest.mark.statistical
def test_sending_everyone_to_the_counter_makes_waits_longer_than_the_models_triage():
    differences = []
    for seed in SEEDS:
        model = PracticeSession(BASE, start="10:00", minutes=60, seed=seed).finish()
        trainee = PracticeSession(BASE, start="10:00", minutes=60, seed=seed)  # the same customers (streams)
        while (situation := trainee.next_situation()) is not None:
            trainee.decide(_to_the_counter(trainee, situation))
        differences.append(trainee.finish().kpis["mean_wait"] - model.kpis["mean_wait"])
    low, high = t_interval(differences, level=0.99)
    assert low > 0.0, f"99 % interval of the paired difference in mean wait: [{low:.2f}, {high:.2f}] minutes"


# ----------------------------------------------------------------- (d) refused calls
def test_an_invalid_decision_names_the_options_and_the_session_goes_on():
    session = PracticeSession(BASE, start="10:00", minutes=45, seed=5)
    situation = _first(session, "triage")
    with pytest.raises(InvalidDecision, match="allowed: " + ", ".join(situation.options)) as caught:
        session.decide(Decision("nowhere"))
    assert "\n" not in str(caught.value)
    with pytest.raises(InvalidDecision, match="a triage situation needs a Decision, got str"):
        session.decide("ordinary")
    with pytest.raises(InvalidDecision, match="diverted"):
        session.decide(Decision("ordinary", diverted=True))
    assert session.next_situation() == situation  # still waiting, nothing changed
    session.decide(session.model.decide(situation))
    _as_the_model(session)
    result = session.finish()
    reference = Branch(session.plan, seed=5)
    reference.env.run(until=result.end)
    assert result.rows == reference.log.rows  # the refused attempts left no trace


def test_patrol_and_pitch_decisions_outside_the_candidates_are_refused():
    session = PracticeSession(PLANS["selling"], start="10:00", minutes=120, seed=5)
    patrol = _first(session, "patrol")
    ids = [w.customer for w in patrol.candidates]
    with pytest.raises(InvalidDecision, match=f"allowed: {', '.join(map(str, ids))}$"):
        session.decide(Moves((-1,)))
    with pytest.raises(InvalidDecision, match=f"at most {patrol.max_moves} different candidates"):
        session.decide(Moves((ids[0], ids[0])))
    with pytest.raises(InvalidDecision, match="a patrol situation needs a Moves, got Decision"):
        session.decide(Decision("ordinary"))
    session.decide(Moves(tuple(ids[:1])))
    assert session.branch.customers[ids[0]].diverted and session.branch.customers[ids[0]].ticket == "self_service"
    pitch = _first(session, "pitch")
    with pytest.raises(InvalidDecision, match="is not a candidate of this pitch"):
        session.decide(Pitch(-1))
    session.decide(Pitch(pitch.candidates[0].customer))
    session.finish()
    assert session.branch.customers[pitch.candidates[0].customer].pitched >= 1
    check_conservation(session.branch)


def test_calls_out_of_turn_are_refused():
    session = PracticeSession(BASE, start="10:00", minutes=30, seed=1)
    with pytest.raises(PracticeError, match="no decision is waiting"):
        session.decide(Decision("ordinary"))
    session.next_situation()
    for bad in (0, -1.0, math.nan, math.inf, True, "5"):
        with pytest.raises(PracticeError, match="let_model_decide: minutes"):
            session.let_model_decide(bad)
    result = session.finish()
    assert session.finish() is result
    for call in (session.next_situation, lambda: session.decide(Decision("ordinary")),
                 lambda: session.let_model_decide(5.0)):
        with pytest.raises(PracticeError, match="the session is finished"):
            call()


@pytest.mark.parametrize("start, minutes, date, field", [
    ("25:00", 30, None, "start"), ("9am", 30, None, "start"), (600, 30, None, "start"),
    ("10:00", 0, None, "minutes"), ("10:00", -5, None, "minutes"), ("23:30", 31, None, "minutes"),
    ("10:00", True, None, "minutes"), ("10:00", "30", None, "minutes"),
    ("10:00", 30, "2026-13-01", "date"), ("10:00", 30, 20261102, "date"),
])
def test_a_bad_window_is_refused_naming_the_argument(start, minutes, date, field):
    with pytest.raises(PracticeError, match=f"^{field}: "):
        PracticeSession(BASE, start=start, minutes=minutes, date=date)
