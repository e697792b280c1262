"""The branch's rules as exact event traces: tiny branches, fixed service times, customers
walking in at known minutes (``simkit.branch.visitors.Visitor``), every event asserted.

Each test is executable documentation of one rule; its docstring states the rule. Nothing
random decides anything here: service times are ``deterministic``, errors, pitches, lunch,
machine breakdowns and the second triage are off, and a visitor's patience is exact. A trace
row is ``(minute, customer, event kind, place, staff)`` as ``simkit.branch.log`` writes it.
"""
from __future__ import annotations

import math

import pytest

from simkit.arguments import ArgumentError
from simkit.branch import Branch, BranchPlan
from simkit.branch.visitors import Visitor
from simkit.scenario import scenario_from_dict, with_overrides

from helpers import ONE_WINDOW

SEED = 1  # any seed gives the same traces: no random draw below changes what happens

#: one ordinary window open round the clock, 5-minute deposits (``helpers.ONE_WINDOW``)
TINY = scenario_from_dict(ONE_WINDOW)


def mass(minute: float, patience: float = math.inf) -> Visitor:
    return Visitor(minute, "mass", "deposit", "lively", patience)


def vip(minute: float) -> Visitor:
    return Visitor(minute, "vip", "deposit", "lively")


def trace(visitors, changes=None) -> tuple[list[tuple], Branch]:
    """Run one day of ``TINY`` (with dotted-path ``changes``) for ``visitors``; return the
    event rows without their value column, and the branch."""
    scenario = with_overrides(TINY, changes) if changes else TINY
    branch = Branch(BranchPlan.compile(scenario, days=1), seed=SEED, visitors=visitors).run()
    return [row[:5] for row in branch.log.rows], branch


def test_one_window_serves_in_order_of_arrival():
    """One window calls tickets first come, first served; a service takes its full time, and
    the window calls the next ticket the moment it finishes."""
    rows, _ = trace([mass(0), mass(1), mass(2)])
    assert rows == [
        (0, 0, "arrive", "door", ""), (0, 0, "ticket", "ordinary", ""), (0, 0, "call", "ordinary", "T1"),
        (1, 1, "arrive", "door", ""), (1, 1, "ticket", "ordinary", ""),
        (2, 2, "arrive", "door", ""), (2, 2, "ticket", "ordinary", ""),
        (5, 0, "done", "teller", "T1"), (5, 0, "leave", "served", ""), (5, 1, "call", "ordinary", "T1"),
        (10, 1, "done", "teller", "T1"), (10, 1, "leave", "served", ""), (10, 2, "call", "ordinary", "T1"),
        (15, 2, "done", "teller", "T1"), (15, 2, "leave", "served", ""),
    ]


def test_two_windows_serve_in_parallel_and_the_first_free_one_calls():
    """No ticket waits while a window that calls it is idle: with both windows free the first
    one calls, with the first busy the second calls; a waiting ticket goes to whichever window
    finishes first."""
    rows, _ = trace([mass(0), mass(1), mass(2)], {"branch.windows.ordinary": 2})
    assert rows == [
        (0, 0, "arrive", "door", ""), (0, 0, "ticket", "ordinary", ""), (0, 0, "call", "ordinary", "T1"),
        (1, 1, "arrive", "door", ""), (1, 1, "ticket", "ordinary", ""), (1, 1, "call", "ordinary", "T2"),
        (2, 2, "arrive", "door", ""), (2, 2, "ticket", "ordinary", ""),
        (5, 0, "done", "teller", "T1"), (5, 0, "leave", "served", ""), (5, 2, "call", "ordinary", "T1"),
        (6, 1, "done", "teller", "T2"), (6, 1, "leave", "served", ""),
        (10, 2, "done", "teller", "T1"), (10, 2, "leave", "served", ""),
    ]


def test_the_vip_window_calls_vip_tickets_first_without_preempting():
    """叫号 priority: the VIP window calls VIP tickets before ordinary ones, even ones taken
    earlier, and ordinary tickets when no VIP waits; a VIP who arrives during a service waits
    for it to end (non-preemptive)."""
    rows, _ = trace([mass(0), mass(1), vip(2)],
                    {"branch.windows": {"vip": 1}, "branch.calling": {"vip": ["vip", "ordinary"]},
                     "customers.segments": {"mass": {"share": 0.5, "needs": {"deposit": 1.0}},
                                            "vip": {"share": 0.5, "ticket": "vip", "needs": {"deposit": 1.0}}}})
    assert rows == [
        (0, 0, "arrive", "door", ""), (0, 0, "ticket", "ordinary", ""), (0, 0, "call", "ordinary", "T1"),
        (1, 1, "arrive", "door", ""), (1, 1, "ticket", "ordinary", ""),
        (2, 2, "arrive", "door", ""), (2, 2, "ticket", "vip", ""),
        (5, 0, "done", "teller", "T1"), (5, 0, "leave", "served", ""), (5, 2, "call", "vip", "T1"),
        (10, 2, "done", "teller", "T1"), (10, 2, "leave", "served", ""), (10, 1, "call", "ordinary", "T1"),
        (15, 1, "done", "teller", "T1"), (15, 1, "leave", "served", ""),
    ]


def test_a_customer_balks_at_a_queue_and_one_reneges_when_patience_runs_out():
    """Balking is decided once, on reading the queue display at the ticket machine: with
    ``free_below: 0`` and ``per_person: 1`` anyone who sees a ticket waiting leaves at once.
    A customer who takes a ticket gives up exactly ``patience`` minutes after taking it if
    no window has called them; the one in service is never affected."""
    changes = {"customers.balking": {"enabled": True, "free_below": 0, "per_person": 1.0},
               "needs.deposit.channels.teller.mean": 10.0}
    rows, branch = trace([mass(0), mass(1, patience=3.0), mass(2)], changes)
    assert rows == [
        (0, 0, "arrive", "door", ""), (0, 0, "ticket", "ordinary", ""), (0, 0, "call", "ordinary", "T1"),
        (1, 1, "arrive", "door", ""), (1, 1, "ticket", "ordinary", ""),
        (2, 2, "arrive", "door", ""), (2, 2, "balk", "ordinary", ""), (2, 2, "leave", "balked", ""),
        (4, 1, "renege", "ordinary", ""), (4, 1, "leave", "reneged", ""),
        (10, 0, "done", "teller", "T1"), (10, 0, "leave", "served", ""),
    ]
    balk = next(row for row in branch.log.rows if row[2] == "balk")
    assert balk[5] == 1.0  # the value of a balk is the queue the customer saw: one ticket
    assert [c.wait for c in branch.customers] == [0.0, 3.0, 0.0]


def test_a_free_lobby_manager_triages_to_a_machine_and_a_busy_one_is_bypassed():
    """A customer who walks in while the lobby manager is free is triaged (``triage`` minutes)
    and, offered a machine they accept, queues at the machines; one who walks in while the
    lobby manager is busy takes a counter ticket by themselves at once."""
    changes = {"branch.lobby_managers": 1,
               "branch.self_service": {"machines": 1, "mtbf_minutes": 1e7},  # P(a breakdown in the day) 0.014 %
               "customers.segments.mass": {"share": 1.0, "needs": {"deposit": 1.0}, "accepts_self_service": 1.0,
                                           "self_service_unprompted": 0.0, "self_service_failure": 0.0},
               "needs.deposit.channels.self_service": {"dist": "deterministic", "mean": 2.0},
               "staff.lobby_work.triage": {"dist": "deterministic", "mean": 1.0},
               "staff.choices.lobby_manager": {"diversion": 1.0, "referral": 0.0, "selling": 0.0}}
    rows, branch = trace([mass(0), mass(0.5), mass(4)], changes)
    assert rows == [
        (0, 0, "arrive", "door", ""),
        (0.5, 1, "arrive", "door", ""), (0.5, 1, "ticket", "ordinary", ""), (0.5, 1, "call", "ordinary", "T1"),
        (1, 0, "ticket", "self_service", ""), (1, 0, "call", "self_service", "S1"),
        (3, 0, "done", "self_service", "S1"), (3, 0, "leave", "served", ""),
        (4, 2, "arrive", "door", ""),
        (5, 2, "ticket", "self_service", ""), (5, 2, "call", "self_service", "S1"),
        (5.5, 1, "done", "teller", "T1"), (5.5, 1, "leave", "served", ""),
        (7, 2, "done", "self_service", "S1"), (7, 2, "leave", "served", ""),
    ]
    lobby = [row for row in branch.log.activity if row[1] == "lobby_manager"]
    assert lobby == [("L1", "lobby_manager", "triage", 0, 1, 0), ("L1", "lobby_manager", "triage", 4, 5, 2)]
    assert [(c.triaged, c.diverted) for c in branch.customers] == [(True, True), (False, False), (True, True)]


@pytest.mark.parametrize("visitor,field", [(Visitor(0, "student", "deposit", "lively"), "segment"),
                                           (Visitor(0, "mass", "deposit", "lively", patience=-1.0), "patience")])
def test_a_visitor_the_scenario_cannot_have_is_refused_by_name(visitor, field):
    with pytest.raises(ArgumentError, match=rf"visitors\[1\]\.{field}"):
        Branch(BranchPlan.compile(TINY, days=1), seed=SEED, visitors=[mass(0), visitor])
