"""The rota (``branch.rota``): five days on and two off a week, staggered, with relief colleagues
at the counter and in the lobby and a customer manager's desk shut on their day off.

Known answers: over whole weeks each person's days worked are the open days less
``days_off`` a week; on a day off the holder's id appears in no row of the branch and a
relief id works their post; a shut desk calls nobody that day; every customer still ends once;
and with the rota off nothing changes (tests/test_results_identity.py)."""
from __future__ import annotations

import datetime as dt

import pydantic
import pytest

import simkit
from simkit.branch import Branch
from simkit.branch.calendar import DAY, days_off, horizon_ends
from simkit.scenario import load_scenario, with_overrides
from simkit.scenario.models import Rota
from simkit.vocabulary import RELIEF

from helpers import SCENARIOS

WEEKS = 4
DAYS = 7 * WEEKS


@pytest.fixture(scope="module")
def branch():
    scenario = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {"branch.rota.enabled": True})
    return Branch.from_scenario(scenario, seed=5, days=DAYS).run()


def _day_of(t: float) -> int:
    return int(t // DAY)


def _weekday(branch, day: int) -> int:
    return branch.days[day].date.weekday()


def test_days_off_are_consecutive_and_staggered():
    rota = Rota(enabled=True, days_off=2)
    offs = [days_off(rota, i) for i in range(3)]
    assert offs[0] == {5, 6} and offs[1] == {0, 1} and offs[2] == {2, 3}  # Sat-Sun, Mon-Tue, Wed-Thu
    assert not (offs[0] & offs[1]) and not (offs[1] & offs[2]) and not (offs[0] & offs[2])
    assert days_off(Rota(enabled=True, days_off=1), 4) == {(5 + 4) % 7}


def test_a_holder_works_nothing_on_their_days_off(branch):
    people = {m.id: m for m in branch.staff}
    index = {}
    for m in branch.staff:
        index[m.id] = sum(1 for other in branch.staff[:branch.staff.index(m)] if other.role == m.role)
    rota = branch.layout.rota
    for t, _cid, kind, _place, staff, _value in branch.log.rows:
        if staff in people and kind not in ("churn",):
            assert _weekday(branch, _day_of(t)) not in days_off(rota, index[staff]), (staff, kind, t)
    for staff, _role, what, start, _end, _cid in branch.log.activity:
        if staff in people and what not in ("off",):
            assert _weekday(branch, _day_of(start)) not in days_off(rota, index[staff]), (staff, what, start)


def test_days_off_are_logged_once_a_day_off(branch):
    offs = {}
    for staff, _role, what, start, end, _cid in branch.log.activity:
        if what == "off":
            offs[staff] = offs.get(staff, 0) + 1
            assert end - start == pytest.approx(branch.layout.close_minute - branch.layout.open_minute)
    assert set(offs) == {m.id for m in branch.staff}
    assert set(offs.values()) == {2 * WEEKS}  # every day of this calendar is open


def test_relief_colleagues_work_the_counter_and_the_lobby(branch):
    workers = {row[4] for row in branch.log.rows}
    assert RELIEF["teller"] in workers and RELIEF["lobby_manager"] in workers
    assert RELIEF["customer_manager"] not in workers  # desks shut instead
    relief_days = {_weekday(branch, _day_of(t)) for t, _c, kind, _p, staff, _v in branch.log.rows
                   if staff == RELIEF["lobby_manager"] and kind in ("referral", "pitch", "sale", "reroute")}
    assert relief_days <= days_off(branch.layout.rota, 0)  # the one lobby manager is index 0


def test_a_shut_desk_calls_nobody(branch):
    desks = [m.id for m in branch.staff if m.role == "customer_manager"]
    for i, desk in enumerate(desks):
        off = days_off(branch.layout.rota, i)
        calls = [t for t, _c, kind, _p, staff, _v in branch.log.rows if kind == "call" and staff == desk]
        assert calls and all(_weekday(branch, _day_of(t)) not in off for t in calls)


def test_every_customer_still_ends_once(branch):
    assert all(c.outcome in ("served", "balked", "reneged", "unserved", "inside") for c in branch.customers)
    leaves = [row[1] for row in branch.log.rows if row[2] == "leave"]
    assert len(leaves) == len(set(leaves)) == sum(c.outcome != "inside" for c in branch.customers)


def test_days_worked_and_relief_pay_in_a_monthly_run():
    scenario = with_overrides(load_scenario(SCENARIOS / "schemes" / "teller_piece_rate.yaml"),
                              {"horizon.periods": 2, "branch.rota.enabled": True})
    results = simkit.run(scenario, seed=3)
    start = dt.date.fromisoformat(scenario.horizon.start_date)
    ends = horizon_ends(scenario.horizon)
    staff = results.staff_periods
    for period in (0, 1):
        dates = [start + dt.timedelta(days=d) for d in range(ends[period - 1] if period else 0, ends[period])]
        for role in ("teller", "lobby_manager", "customer_manager"):
            rows = staff[(staff["period"] == period) & (staff["role"] == role)]
            for index, worked in enumerate(rows["kpi.days_worked"]):
                off = days_off(scenario.branch.rota, index)
                assert worked == sum(d.weekday() not in off for d in dates), (role, index, period)
    bank = results.bank_periods
    assert (bank["relief_pay"] > 0).all()


@pytest.mark.parametrize("change, field", [
    ({"branch.rota.days_off": 0}, "days_off"),
    ({"branch.rota.days_off": 7}, "days_off"),
    ({"branch.rota.relief": {"customer_manager": True}}, "relief"),
])
def test_impossible_rotas_are_refused(change, field):
    with pytest.raises((simkit.SimkitError, pydantic.ValidationError)) as caught:
        with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), change)
    assert field in str(caught.value)
