"""Foresight with a plug-in scheme: a teller who works out what their habits pay
(``behaviour.learning.foresee_counts``, simkit.counts) does it with the real pay code,
``pay_period`` on their own counts with their colleagues' as they were, so any registered
component is foreseen through its ``lines``. A component that ranks against colleagues needs
their indicators in that view: ``simkit.pay.pay_pool`` names whose."""
from __future__ import annotations

import math

import pytest

import simkit
from simkit.pay import PayLedger, PayScheme, pay_period, pay_pool
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS


def _foreseen_pace(arm: str) -> list[float]:
    scenario = with_overrides(load_scenario(SCENARIOS / "schemes" / f"{arm}.yaml"),
                              {"horizon.periods": 2, "behaviour.learning.foresee_counts": True})
    staff = simkit.run(scenario, seed=3).staff_periods
    return staff.loc[staff["role"] == "teller", "foreseen.pace"].tolist()


@pytest.mark.parametrize("arm", ["teller_tournament", "teller_relative_pay"])
def test_a_plug_in_scheme_runs_with_foresight_on(arm):
    pace = _foreseen_pace(arm)
    assert len(pace) == 10 and all(math.isfinite(x) for x in pace)  # five tellers, two months


def test_a_tournament_is_foreseen_against_colleagues():
    # measured with own_pay_view built on pay_pool: mean |foreseen pace slope| ¥2,250 (tournament), ¥282
    # (relative pay), against ¥347 for the piece rate; with a view of the teller alone, exactly 0
    assert any(x != 0.0 for x in _foreseen_pace("teller_tournament"))


def test_own_pay_alone_moves_with_own_output_once_peers_are_in_the_view():
    # what foresight computes: one teller's pay for other counts of their own, the colleagues' as they were
    tellers = PayScheme.model_validate({"components": [{"kind": "tournament", "prizes": [300, 100]}]})
    schemes = {p: tellers for p in ("A", "B", "C")}
    others = {"B": {"transactions": 50}, "C": {"transactions": 70}}
    view = {p: schemes[p] for p in pay_pool(schemes, "A")}
    pays = []
    for own in (40, 60, 80):
        slips, _ = pay_period(view, {**others, "A": {"transactions": own}}, 0, PayLedger())
        pays.append(slips["A"].total)
    assert pays == [0.0, 100.0, 300.0]  # third, second, first
