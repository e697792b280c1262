"""The lobby manager's decisions (triage, patrol, pitch) go through one interface
(``simkit.branch.decisions``): the model's own lobby manager asked through it gives the model's
run bit for bit, with the same random draws; another decider meets the same customers; a
decision that is not open is refused."""
from __future__ import annotations

import pytest

from simkit.branch import Branch, BranchPlan
from simkit.branch.decisions import (
    CUSTOMER_MANAGER,
    NO_SERVICE,
    Decision,
    InvalidDecision,
    ModelLobbyDecider,
    Moves,
    PatrolSituation,
    Pitch,
    PitchSituation,
    Situation,
    check_decision,
)
from simkit.errors import SimkitError
from simkit.scenario import load_scenario
from simkit.vocabulary import SELF_SERVICE, TICKET_CLASSES

from helpers import SCENARIOS


def _plan(name: str, days: int = 1) -> BranchPlan:
    return BranchPlan.compile(load_scenario(SCENARIOS / name), days=days)


class Recorder:
    """A decider that asks the model through the interface and keeps every situation it saw."""

    def __init__(self, branch):
        self.model = ModelLobbyDecider(branch)
        self.seen: list[tuple[Situation, Decision]] = []

    def decide(self, situation):
        decision = self.model.decide(situation)
        self.seen.append((situation, decision))
        return decision


class AllToCounter:
    """Every greeted customer to a counter window (an ordinary ticket where open, else the first
    counter class); nobody moved on a patrol, nobody approached with a product."""

    def decide(self, situation):
        if isinstance(situation, PatrolSituation):
            return Moves()
        if isinstance(situation, PitchSituation):
            return Pitch()
        counters = [c for c in situation.options if c in TICKET_CLASSES]
        pick = "ordinary" if "ordinary" in counters else (counters or list(situation.options))[0]
        return Decision(pick)


def _streams_state(branch):
    """Where every random stream of ``branch`` has got to: a draw more or less anywhere changes it."""
    return {name: (d._ui, d._ei, d._ni, d.gen.bit_generator.state["state"]["state"]) for name, d in branch.rs.items()}


@pytest.mark.parametrize("name", ["baseline.yaml", "vip_heavy.yaml", "large_branch.yaml", "month_end.yaml"])
def test_the_model_asked_through_the_interface_gives_the_models_run(name):
    plan = _plan(name)
    plain = Branch(plan, seed=11).run()
    asked = Branch(plan, seed=11)
    recorder = Recorder(asked)
    asked.lobby.decider = recorder
    asked.run()
    assert asked.log.rows == plain.log.rows
    assert asked.log.activity == plain.log.activity
    assert _streams_state(asked) == _streams_state(plain)  # no draw more or less on any stream
    kinds = [situation.kind for situation, _ in recorder.seen]
    assert kinds.count("triage") == sum(c.triaged for c in plain.customers) > 0
    rows = plain.log.rows
    assert kinds.count("pitch") == sum(kind == "pitch" and place == "lobby" for _, _, kind, place, *_ in rows)
    assert kinds.count("patrol") <= sum(lm == "second_triage" for _, _, lm, *_ in plain.log.activity)


def test_the_model_decides_only_among_the_options_and_the_situation_shows_the_floor():
    branch = Branch(_plan("baseline.yaml", days=2), seed=4)
    recorder = Recorder(branch)
    branch.lobby.decider = recorder
    branch.run()
    channels, moved, kinds = set(), 0, set()
    for situation, decision in recorder.seen:
        assert check_decision(situation, decision) is decision
        kinds.add(situation.kind)
        if situation.kind != "triage":
            ids = [w.customer for w in situation.candidates]
            assert len(ids) == len(set(ids)) > 0
            for seen in situation.candidates:
                customer = branch.customers[seen.customer]
                assert seen.need == customer.need and 0.0 <= seen.waited <= situation.now - customer.arrive
            if situation.kind == "patrol":
                assert all(branch.needs[w.need].ss and w.ticket == "ordinary" for w in situation.candidates)
                moved += len(decision.customers)
            continue
        channels.add(decision.channel)
        customer = branch.customers[situation.customer]
        assert situation.need == customer.need and situation.comm == customer.comm
        assert situation.segment == ("mass" if customer.segment == "potential_hv" else customer.segment)
        assert set(situation.queues) == set(situation.waits) == set(branch.queues.n)
        assert all(wait >= 0.0 for wait in situation.waits.values())
        assert all(situation.waits[cls] == 0.0 for cls, n in situation.queues.items() if n == 0)
        assert set(situation.machines) == {m.id for m in branch.machines}
    assert {SELF_SERVICE, "ordinary", CUSTOMER_MANAGER} <= channels
    assert kinds == {"triage", "patrol", "pitch"} and moved > 0
    # the baseline's machines break down (mtbf): some situation shows one down
    assert any(not up for situation, _ in recorder.seen for up in situation.machines.values())


def test_another_decider_meets_the_same_customers():
    plan = _plan("baseline.yaml")
    plain = Branch(plan, seed=8).run()
    counter = Branch(plan, seed=8)
    counter.lobby.decider = AllToCounter()
    counter.run()
    who = [(c.arrive, c.segment, c.need, c.comm, c.patience) for c in plain.customers if c.visit == 1]
    assert who == [(c.arrive, c.segment, c.need, c.comm, c.patience) for c in counter.customers if c.visit == 1]
    # only the model's queue patrols (second triage) still move customers to machines
    rerouted = {cid for _, cid, kind, *_ in counter.log.rows if kind == "reroute"}
    assert {c.id for c in counter.customers if c.diverted} <= rerouted
    rerouted = {cid for _, cid, kind, *_ in plain.log.rows if kind == "reroute"}
    assert any(c.diverted and c.id not in rerouted for c in plain.customers)


class Fixed:
    """A decider that always answers the same decision to a triage (the model's to the others)."""

    def __init__(self, branch, decision):
        self.model, self.decision = ModelLobbyDecider(branch), decision

    def decide(self, situation):
        return self.decision if situation.kind == "triage" else self.model.decide(situation)


@pytest.mark.parametrize("decision, words", [
    (Decision("vip_lounge"), "allowed: "),
    (Decision("ordinary", diverted=True), "only a customer sent to 'self_service'"),
    ("ordinary", "a triage situation needs a Decision, got str"),
    (Pitch(), "a triage situation needs a Decision, got Pitch"),
])
def test_a_decision_that_is_not_open_is_refused_naming_the_options(decision, words):
    branch = Branch(_plan("baseline.yaml"), seed=2)
    branch.lobby.decider = Fixed(branch, decision)
    with pytest.raises(InvalidDecision, match=words) as caught:
        branch.run()
    assert isinstance(caught.value, SimkitError)
    assert "\n" not in str(caught.value)


def test_options_follow_the_need_and_nothing_open_means_none():
    branch = Branch(_plan("baseline.yaml"), seed=1)
    lobby = branch.lobby
    seen = {}
    for need_name, need in branch.needs.items():
        customer = type("C", (), {"need": need_name, "segment": "mass"})()
        options = lobby.options(customer)
        seen[need_name] = options
        assert (SELF_SERVICE in options) == need.ss
        assert (CUSTOMER_MANAGER in options) == need.cm
        assert ("ordinary" in options) == need.teller
    assert any(len(o) > 2 for o in seen.values())
    for need in branch.needs.values():
        need.ss = need.teller = need.cm = False  # a branch where nothing serves any need
    assert lobby.options(type("C", (), {"need": next(iter(branch.needs)), "segment": "mass"})()) == (NO_SERVICE,)
