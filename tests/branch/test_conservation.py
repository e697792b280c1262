"""Conservation (docs/design.md rule 3): every customer who arrives is, at every moment, in
exactly one place, and leaves exactly once — checked on random valid scenarios.

Each customer's events are replayed through a small state machine
(door -> lobby -> queue -> service -> lobby -> ... -> gone); any event that is impossible
in the current state, a second departure, or a missing one fails the test.
"""
from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simkit.branch import Branch, BranchPlan
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

BASE = load_scenario(SCENARIOS / "baseline.yaml")

# event kind -> (states it may happen in, state after); None = no change
TRANSITIONS = {
    "arrive": ({None}, "lobby"),
    "ticket": ({"lobby"}, "queue"),
    "balk": ({"lobby"}, "lobby"),
    "call": ({"queue"}, "service"),
    "renege": ({"queue"}, "lobby"),
    "reroute": ({"queue"}, "lobby"),
    "done": ({"service"}, "lobby"),
    "leave": ({"lobby"}, "gone"),
}
OUTCOMES = {"served", "balked", "reneged", "unserved", "inside"}


def check_conservation(branch):
    state = defaultdict(lambda: None)
    left = defaultdict(int)
    for t, cid, kind, place, staff, value in branch.log.rows:
        if kind not in TRANSITIONS or cid < 0:
            continue
        allowed, after = TRANSITIONS[kind]
        assert state[cid] in allowed, f"customer {cid}: {kind!r} at t={t:.2f} while in {state[cid]!r}"
        state[cid] = after
        if kind == "leave":
            left[cid] += 1
            assert place == branch.customers[cid].outcome
    for c in branch.customers:
        assert c.outcome in OUTCOMES
        if c.outcome == "inside":
            assert left[c.id] == 0 and state[c.id] in ("lobby", "queue", "service")
        else:
            assert left[c.id] == 1 and state[c.id] == "gone"
            assert c.end >= c.arrive and c.wait >= 0.0
    assert len(state) == len(branch.customers)  # nobody appears without arriving


scenario_changes = st.fixed_dictionaries({
    "branch.windows": st.fixed_dictionaries({"ordinary": st.integers(1, 4), "vip": st.integers(0, 2),
                                             "corporate": st.integers(0, 1)}),
    # ordinary windows call every class, so any mix of window types can serve everyone
    "branch.calling.ordinary": st.just(["green", "vip", "corporate", "ordinary"]),
    "branch.lobby_managers": st.integers(0, 2),
    "branch.customer_managers": st.integers(1, 3),
    "branch.self_service.machines": st.integers(0, 3),
    "branch.self_service.mtbf_minutes": st.sampled_from([60.0, 900.0]),
    "branch.lunch.enabled": st.booleans(),
    "branch.second_triage.enabled": st.booleans(),
    "branch.close": st.sampled_from(["16:00", "17:00", "23:59"]),
    "customers.patience.enabled": st.booleans(),
    "customers.patience.dist": st.sampled_from(["exponential", "lognormal"]),
    "customers.balking.enabled": st.booleans(),
    "customers.return_after_error": st.floats(0, 1),
    "staff.choices.teller.pace": st.floats(0.5, 2.0),
    "staff.choices.teller.pitch": st.floats(0, 1),
    "staff.teller_work.error_prob": st.floats(0, 0.5),
    "staff.choices.lobby_manager.selling": st.floats(0, 1),
    "staff.choices.lobby_manager.diversion": st.floats(0, 1),
    "staff.choices.lobby_manager.referral": st.floats(0, 1),
    "staff.choices.customer_manager.outside": st.floats(0, 0.9),
    "seed": st.integers(0, 2**32 - 1),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=scenario_changes, load=st.floats(0.3, 3.0), days=st.integers(1, 3))
def test_every_customer_is_in_one_place_and_leaves_once(changes, load, days):
    changes = dict(changes)
    hh, mm = map(int, changes["branch.close"].split(":"))
    open_hours = [h for h in range(9, 24) if h * 60 < hh * 60 + mm]
    changes["arrivals.hourly"] = {h: BASE.arrivals.hourly.get(h, 50.0) * load for h in open_hours}
    sc = with_overrides(BASE, changes)
    check_conservation(Branch(BranchPlan.compile(sc, days=days)).run())


def test_customers_still_inside_at_the_horizon_end_are_counted():
    # open until midnight with far more customers than windows: some are inside at the end
    sc = with_overrides(BASE, {"branch.close": "24:00", "arrivals.hourly": 120.0,
                               "customers.patience.enabled": False, "customers.balking.enabled": False})
    b = Branch(BranchPlan.compile(sc, days=1)).run()
    check_conservation(b)
    assert any(c.outcome == "inside" for c in b.customers)
