"""Customers without the ID card their business needs (``needs.<need>.without_id``, off by default).

Asked at the lobby manager's greeting, a customer's missing card is found at the door: the model's
lobby manager sends them home for it (the ``home`` channel), and they leave unserved, not annoyed,
without waiting, and come back with the card on the next open day. Sent to the counter instead, or
never greeted, they wait, the teller turns them away (no transaction) and they leave annoyed, to come
back the same way. One draw per visit, at the greeting or else at the teller's call; at 0 nothing is
drawn. Known answers on a tiny branch with customers given in advance, then the baseline."""
from __future__ import annotations

import copy

import pytest

from simkit.branch import Branch, BranchPlan
from simkit.branch.decisions import HOME, Decision, InvalidDecision, check_decision
from simkit.branch.visitors import Visitor
from simkit.scenario import load_scenario, scenario_from_dict, with_overrides

from helpers import ONE_WINDOW, SCENARIOS

LARGE = 9.0  # minutes of a large withdrawal in the tiny branch (deterministic)


def _tiny() -> dict:
    """``helpers.ONE_WINDOW`` (open round the clock) over Monday and Tuesday with a lobby manager who
    greets in 1 minute and diverts, refers and sells nothing, and a large withdrawal nobody brings
    the ID card for on a first visit (``without_id`` 1)."""
    spec = copy.deepcopy(ONE_WINDOW)
    spec["horizon"] = {"days": 2, "start_date": "2026-11-02"}
    spec["branch"]["lobby_managers"] = 1
    spec["customers"]["segments"]["mass"]["needs"] = {"deposit": 0.5, "withdrawal_large": 0.5}
    spec["needs"]["withdrawal_large"] = {"channels": {"teller": {"dist": "deterministic", "mean": LARGE}},
                                         "without_id": 1.0}
    spec["staff"]["choices"]["lobby_manager"] = {"diversion": 0.0, "referral": 0.0, "selling": 0.0}
    spec["staff"]["lobby_work"] = {"triage": {"dist": "deterministic", "mean": 1.0}}
    return spec


TINY = scenario_from_dict(_tiny())
#: a deposit at 598 (greeted until 599, served 599 to 604), a large withdrawal at 600 (greeted until 601)
VISITORS = [Visitor(598.0, "mass", "deposit", "lively"), Visitor(600.0, "mass", "withdrawal_large", "lively")]


class ToTheCounter:
    """A lobby manager who gives every greeted customer an ordinary ticket, and notes what they saw."""

    def __init__(self):
        self.seen = []

    def decide(self, situation):
        self.seen.append(situation)
        return Decision("ordinary")


def _run(decider=None) -> Branch:
    branch = Branch(BranchPlan.compile(TINY), seed=1, visitors=VISITORS)
    branch.lobby.decider = decider
    return branch.run()


def _trace(branch, cid) -> list[tuple]:
    return [(t, kind, place) for t, c, kind, place, _s, _v in branch.log.rows if c == cid]


def test_a_customer_the_greeting_finds_without_id_is_sent_home_and_comes_back_with_it():
    branch = _run()
    _deposit, first, later = branch.customers
    assert _trace(branch, first.id) == [(600.0, "arrive", "door"), (601.0, "leave", "unserved")]
    assert (first.wait, first.annoyed, first.will_return) == (0.0, False, True)
    assert {c.id: c.id_missing for c in branch.customers if c.id_missing is not None} == {1: True}
    # the next open day at the same clock time, with the card: greeted, queued, served
    assert (later.visit, later.return_of, later.need) == (2, first.id, "withdrawal_large")
    assert _trace(branch, later.id) == [(2040.0, "arrive", "door"), (2041.0, "ticket", "ordinary"),
                                        (2041.0, "call", "ordinary"), (2041.0 + LARGE, "done", "teller"),
                                        (2041.0 + LARGE, "leave", "served")]
    assert branch.rs["identity"]._ui == 1  # one draw, at the greeting; none for the return visit


def test_one_sent_to_the_counter_waits_and_is_turned_away_annoyed():
    decider = ToTheCounter()
    branch = _run(decider)
    _deposit, first, later = branch.customers
    deposit_seen, large_seen = decider.seen[:2]
    assert (deposit_seen.no_id, HOME in deposit_seen.options) == (False, False)
    assert (large_seen.no_id, large_seen.options) == (True, ("ordinary", HOME))
    # waits behind the deposit (601 to 604), then a greeting's minute at the window, no transaction
    assert _trace(branch, first.id) == [(600.0, "arrive", "door"), (601.0, "ticket", "ordinary"),
                                        (604.0, "call", "ordinary"), (605.0, "done", "teller"),
                                        (605.0, "leave", "unserved")]
    assert [row[5] for row in branch.log.rows if row[1] == first.id and row[2] == "done"] == [-1.0]
    assert (first.wait, first.annoyed, first.will_return) == (3.0, True, True)
    assert (later.visit, later.arrive, later.outcome) == (2, 2040.0, "served")
    assert branch.rs["identity"]._ui == 1  # drawn at the greeting, remembered at the call
    with pytest.raises(InvalidDecision, match="'home' is not open to customer 0 .*allowed: ordinary"):
        check_decision(deposit_seen, Decision(HOME))


def _branch(share: float, days: int = 2) -> Branch:
    scenario = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {"needs.cash_withdrawal_large.without_id": share})
    return Branch(BranchPlan.compile(scenario, days=days), seed=7).run()


def test_everyone_without_id_is_sent_home_at_the_door_or_turned_away_at_the_counter():
    """With ``without_id`` 1 every first visit for a large withdrawal lacks the card: those greeted are
    sent home (no wait, not annoyed), those nobody greeted are turned away when called; all come back
    with the card on day two. One draw per customer asked."""
    branch = _branch(1.0)
    large = [c for c in branch.customers if c.need == "cash_withdrawal_large"]
    first = [c for c in large if c.visit == 1 and c.outcome != "inside"]
    turned = {cid for _t, cid, kind, place, _s, value in branch.log.rows if kind == "done" and place == "teller"
              and value == -1.0}
    home = [c for c in first if c.triaged]
    called = {c.id for c in first if c.channel == "teller" and c.start == c.start}  # called to a window
    assert home and called and called == turned and not {c.id for c in home} & called
    assert all(c.outcome == "unserved" and c.wait == 0.0 and not c.annoyed and c.will_return for c in home)
    assert all(c.outcome == "unserved" and c.annoyed and c.will_return for c in first if c.id in called)
    asked = {c.id: c.id_missing for c in branch.customers if c.id_missing is not None}
    assert set(asked) == {c.id for c in home} | called and all(asked.values())
    day_one = [c for c in first if c.day == 0 and (c.triaged or c.id in called)]
    returns = {c.return_of: c for c in large if c.visit == 2}
    assert day_one and all(c.id in returns for c in day_one)  # back on day two, card in hand
    assert all(r.outcome != "unserved" for r in returns.values())


def test_off_by_default_nothing_is_drawn():
    branch = _branch(0.0, days=1)
    assert branch.rs["identity"]._ui == 0 and not branch.rs["identity"]._u
    assert all(c.id_missing is None for c in branch.customers)
    assert not any(kind == "done" and place == "teller" and value == -1.0
                   for _t, _c, kind, place, _s, value in branch.log.rows)
