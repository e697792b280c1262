"""The labour market and the wage rules in the period loop (simkit.behaviour.labour,
simkit.pay.wage_rules). Off (the defaults) the loop's results are those of the shipped
scenarios' digests (tests/test_results_identity.py); on, payslips are never below the minimum
wage, deductions are capped, and every quit is followed by a hire made from the offers.
"""
from __future__ import annotations

import pytest

from simkit.pay import wage_rules
from simkit.scenario import load_scenario, with_overrides
from simkit.simulation import Simulation

from helpers import SCENARIOS

pytestmark = pytest.mark.slow

SEED = 3
HEAVY_FINES = SCENARIOS / "schemes" / "teller_heavy_fines.yaml"


def test_off_heavy_fines_still_make_tellers_quit_by_the_old_rule():
    """Heavy fines make tellers quit after three months below ¥3,500: five periods replace some,
    each recorded as one hire from one draw (no market)."""
    sim = Simulation(with_overrides(load_scenario(HEAVY_FINES), {"horizon.periods": 5}), seed=SEED).run()
    quits = sum(row["quit"] for row in sim.staff_rows)
    filled = [hire for tenure in sim.tenure.values() for hire in tenure.vacancies]
    assert quits > 0, "no quit: the test would not see hiring"
    assert len(filled) == quits and all(hire.applicants == 1 for hire in filled)
    assert min(row["pay"] for row in sim.staff_rows) < 0, "heavy fines no longer push a payslip below 0 without the rules"


def test_on_payslips_keep_the_minimum_and_vacancies_are_filled_by_offers():
    scenario = with_overrides(load_scenario(HEAVY_FINES), {
        "horizon.periods": 4, "pay.rules.enabled": True, "behaviour.turnover.market.enabled": True,
        # tellers leave often, so a short run sees several vacancies filled
        "behaviour.turnover.market.base_quit.teller": 0.15})
    sim = Simulation(scenario, seed=SEED).run()
    pays = [row["pay"] for row in sim.staff_rows]
    assert min(pays) >= scenario.pay.rules.minimum_wage - 1e-6
    lines = {row["line"] for row in sim.payslip_rows}
    assert wage_rules.CAP_LINE.format(share=0.2) in lines  # ¥80 a fine against a ¥1,800 base
    quits = sum(row["quit"] for row in sim.staff_rows)
    filled = [hire for tenure in sim.tenure.values() for hire in tenure.vacancies]
    assert quits > 0 and len(filled) == quits
    assert all(hire.applicants >= 1 and hire.vacancy_months == hire.applicants / 4.0 for hire in filled)
