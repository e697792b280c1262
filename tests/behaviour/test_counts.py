"""What tellers work out their habits pay from their counts (simkit.counts), against closed forms.

A teller with ``T`` transactions in ``busy`` minutes, paid ``r`` a transaction: at pace ``p'``
instead of ``p`` (no errors, no pitches) a transaction takes ``τ p / p'``, so
``T' = T (1 + u (p'/p − 1))`` with ``u`` their busy share, and this period's pay moves by
``r (T' − T)``. The foreseen slope (``foresight.slope``: central differences of ±0.1 in θ) is
then exactly ``r T u (p(θ + 0.1) − p(θ − 0.1)) / (0.2 p)``, which the tests compute by hand.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from simkit.behaviour.foresight import STEP, slope
from simkit.behaviour.space import ChoiceSpace
from simkit.contract import PayTerms
from simkit.counts import CountOutlook, LobbyCounts, TellerCounts
from simkit.pay import PayLedger, PayScheme
from simkit.scenario import load_scenario, with_overrides
from simkit.scenario.models import ChoiceRange, LobbyChoices, TellerChoices, TellerWork
from simkit.simulation import Simulation

from helpers import SCENARIOS

RANGES = {"pace": ChoiceRange(lo=0.8, hi=1.6, cost=2000.0), "pitch": ChoiceRange(lo=0.0, hi=1.0, cost=300.0)}
SPACE = ChoiceSpace("teller", RANGES, [], learn_push=False)
PLAYED = TellerChoices(pace=1.0, pitch=0.0)
KPIS = {"transactions": 1200.0, "errors": 0.0, "pitches": 0.0}
RATE = 2.0


def _scheme(*components) -> PayScheme:
    return PayScheme.model_validate({"components": [{"kind": "fixed", "base": 3000.0}, *components]})


def _terms(schemes: dict, kpis: dict) -> PayTerms:
    return PayTerms(bank=None, months=1, period=0, schemes=schemes, kpis=kpis, ledger=PayLedger(), belief=None,
                    table=None, discount=0.97)


def _slope(scheme, kpis=KPIS, busy=9600.0, available=9600.0, played=PLAYED, work=None):
    counts = TellerCounts(kpis, played, busy, available, work or TellerWork())
    value = CountOutlook(_terms({"T1": scheme}, {"T1": kpis}), "T1", "teller", counts)
    return slope(SPACE, SPACE.encode(played), played, value)


def _pace_step(played=PLAYED) -> float:
    """p(θ + STEP) − p(θ − STEP) on the logit scale, at the played pace."""
    theta = SPACE.encode(played)
    up, down = theta.copy(), theta.copy()
    up[0] += STEP
    down[0] -= STEP
    return SPACE.decode(up, played).pace - SPACE.decode(down, played).pace


def test_a_salary_foresees_nothing():
    assert np.all(_slope(_scheme()) == 0.0)


@pytest.mark.parametrize("busy_share", [1.0, 0.5, 0.1])
def test_piece_rate_pace_slope_is_rate_times_transactions_times_busy_share(busy_share):
    got = _slope(_scheme({"kind": "piece_rate", "per_transaction": RATE}), busy=9600.0 * busy_share)
    want = RATE * KPIS["transactions"] * busy_share * _pace_step() / (2 * STEP * PLAYED.pace)
    assert got[0] == pytest.approx(want, rel=1e-9)
    assert got[1] == 0.0, "no pitch was tried: no rate to scale, no slope"


def test_fines_on_errors_take_off_what_faster_errors_cost():
    """With errors ``E`` whose rate grows as pace² and no rework time (so τ is base work only),
    pace ``p'`` brings ``T' = T p'/p`` and ``E' = E (T'/T)(p'/p)²``: pay ``r T' − f E'``."""
    fine, errors = 50.0, 24.0
    kpis = {**KPIS, "errors": errors}
    work = TellerWork(rework={"dist": "deterministic", "mean": 1e-9})
    got = _slope(_scheme({"kind": "piece_rate", "per_transaction": RATE, "fine_per_error": fine}), kpis=kpis, work=work)
    theta = SPACE.encode(PLAYED)
    pay = []
    for h in (STEP, -STEP):
        p = SPACE.decode(theta + np.array([h, 0.0]), PLAYED).pace
        pay.append(RATE * KPIS["transactions"] * p - fine * errors * p ** 3)  # pace 1 played
    assert got[0] == pytest.approx((pay[0] - pay[1]) / (2 * STEP), rel=1e-6)
    assert got[0] < _slope(_scheme({"kind": "piece_rate", "per_transaction": RATE}), kpis=kpis, work=work)[0]


def test_a_sales_commission_foresees_pitching_and_team_pay_shares_the_pace():
    """Pitching: sales scale with pitches, so a commission's slope in the pitch share is
    positive (and pitching's minutes cost a few transactions under a piece rate). Team pay:
    a pool of ``r`` a transaction shared equally by five foresees a fifth of the pace slope."""
    played = TellerChoices(pace=1.0, pitch=0.2)
    kpis = {**KPIS, "pitches": 60.0, "sales": 6.0, "sales.fund": 6.0, "sales_amount": 300.0, "fee_income": 300.0}
    commission = _scheme({"kind": "commission", "per_unit": {"fund": 50.0}})
    assert _slope(commission, kpis=kpis, played=played)[1] > 0
    team = PayScheme.model_validate({"components": [{"kind": "fixed"}, {"kind": "team", "rate": RATE}]})
    posts = [f"T{i}" for i in range(1, 6)]
    counts = TellerCounts(KPIS, PLAYED, 9600.0, 9600.0, TellerWork())
    shared = slope(SPACE, SPACE.encode(PLAYED), PLAYED,
                   CountOutlook(_terms(dict.fromkeys(posts, team), dict.fromkeys(posts, KPIS)), "T1", "teller", counts))
    alone = _slope(_scheme({"kind": "piece_rate", "per_transaction": RATE}))
    assert shared[0] == pytest.approx(alone[0] / 5, rel=1e-9)


def test_lobby_counts_scale_with_their_choices():
    played = LobbyChoices(diversion=0.5, referral=0.5, selling=0.2)
    kpis = {"diverted": 300.0, "referrals": 20.0, "sales": 10.0}
    counts = LobbyCounts(kpis, played)(played.model_copy(update={"diversion": 1.0, "selling": 0.1}))
    assert (counts["diverted"], counts["referrals"], counts["sales"]) == (600.0, 20.0, 5.0)


@pytest.mark.slow
def test_in_the_loop_tellers_foresee_a_piece_rate_and_not_a_salary():
    """Two months with ``foresee_counts`` on: under the piece rate every teller's foreseen pace
    slope is positive; under fixed pay every one is exactly 0. Off, no foreseen column."""
    rows = {}
    for name in ("teller_piece_rate", "fixed_pay"):
        scenario = with_overrides(load_scenario(SCENARIOS / "schemes" / f"{name}.yaml"),
                                  {"horizon.periods": 2, "behaviour.learning.foresee_counts": True})
        rows[name] = [r for r in Simulation(scenario, seed=3).run().staff_rows if r["role"] == "teller"]
    assert all(r["foreseen.pace"] > 0 for r in rows["teller_piece_rate"])
    assert all(r["foreseen.pace"] == 0.0 for r in rows["fixed_pay"])
    off = Simulation(with_overrides(load_scenario(SCENARIOS / "schemes" / "teller_piece_rate.yaml"),
                                    {"horizon.periods": 1}), seed=3).run().staff_rows
    assert not any(key.startswith("foreseen.") for r in off if r["role"] == "teller" for key in r)
    assert math.isfinite(sum(r["foreseen.pace"] for r in rows["teller_piece_rate"]))


CARE_RANGES = {**RANGES, "care": ChoiceRange(lo=0.0, hi=1.0, cost=1000.0)}
CARE_SPACE = ChoiceSpace("teller", CARE_RANGES, [], learn_push=False)


@pytest.mark.parametrize(("rate", "fine"), [(0.0, 40.0), (RATE, 40.0), (RATE, 0.0)])
def test_care_slope_is_the_fines_a_check_saves_less_the_transactions_it_costs(rate, fine):
    """Care ``c`` (played) → ``c'``, a fine ``f`` an error, a piece rate ``r``, no rework time and
    no pitches, so a transaction takes ``τ = busy/T``, of which ``c k`` checking (``k`` check
    minutes): ``τ' = τ + (c' − c) k``, ``T' = T (1 + u (τ/τ' − 1))`` and the errors left after
    checking ``E' = E (T'/T) (1 − cut c')/(1 − cut c)``; pay moves by ``r (T' − T) − f (E' − E)``.
    Its slope in ``c'`` at ``c`` is ``f E cut / (1 − cut c) − (r T − f E) u k / τ``: the fines a
    check saves less the lost transactions, each worth its rate less the fines it would carry,
    times ``dc/dθ = (hi − lo) z (1 − z)`` per logit unit. The test computes both by hand."""
    errors, busy, available = 30.0, 9600.0, 12000.0
    transactions, cut, check = KPIS["transactions"], 0.8, 1.5
    kpis = {**KPIS, "errors": errors}
    work = TellerWork(rework={"dist": "deterministic", "mean": 1e-9}, care_error_cut=cut, check_minutes=check)
    played = TellerChoices(pace=1.0, pitch=0.0, care=0.5)
    scheme = _scheme({"kind": "piece_rate", "per_transaction": rate, "fine_per_error": fine})
    counts = TellerCounts(kpis, played, busy, available, work)
    value = CountOutlook(_terms({"T1": scheme}, {"T1": kpis}), "T1", "teller", counts)
    theta = CARE_SPACE.encode(played)
    got = slope(CARE_SPACE, theta, played, value)
    tau, share = busy / transactions, busy / available
    pay = []
    for h in (STEP, -STEP):
        care = CARE_SPACE.decode(theta + np.array([0.0, 0.0, h]), played).care
        served = 1.0 + share * (tau / (tau + (care - played.care) * check) - 1.0)
        left = errors * served * (1.0 - cut * care) / (1.0 - cut * played.care)
        pay.append(rate * transactions * served - fine * left)
    assert got[2] == pytest.approx((pay[0] - pay[1]) / (2 * STEP), rel=1e-6)
    dcare = 1.0 * 0.5 * 0.5  # (hi − lo) z (1 − z) at z = 0.5
    want = (fine * errors * cut / (1.0 - cut * played.care) - (rate * transactions - fine * errors) * share * check / tau)
    # central differences of ±0.1 in θ match the derivative to O(STEP²): well within 1 %
    assert got[2] == pytest.approx(want * dcare, rel=1e-2)
    # a ¥40 fine on 30 errors saves ¥1,600 a month per unit of care; the ¥2 piece rate loses 1,200 × 0.8
    # × 1.5 / 8 = 180 transactions' worth (¥360 less the fines they carry): a piece rate alone pays to skip checks
    assert (got[2] > 0) == (fine > 0)


def test_care_held_at_zero_foresees_the_same_counts_as_without_it():
    """At care 0 either side the care terms are exact zeros and ones: the counts are those of
    the pace and pitch rule, float for float."""
    kpis = {**KPIS, "errors": 24.0, "pitches": 60.0, "sales": 6.0}
    played = TellerChoices(pace=1.0, pitch=0.2)
    counts = TellerCounts(kpis, played, 9000.0, 9600.0, TellerWork())
    tried = played.model_copy(update={"pace": 1.3, "pitch": 0.4})
    minutes = 9000.0 / 1200.0
    rework, pitch = 24.0 * 4.0 / 1200.0, 60.0 * 3.5 / 1200.0
    new_minutes = max(minutes - rework - pitch, 0.0) * 1.0 / 1.3 + rework * 1.3 ** 2.0 + pitch * (0.4 / 0.2)
    served = 1.0 + min(9000.0 / 9600.0, 1.0) * (minutes / new_minutes - 1.0)
    got = counts(tried)
    assert got["transactions"] == 1200.0 * served
    assert got["errors"] == 24.0 * served * 1.3 ** 2.0
