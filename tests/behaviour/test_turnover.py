"""The quitting rule on its own: months, not periods, and the seed's turnover."""
from __future__ import annotations

import pytest

from simkit.behaviour.turnover import Tenure
from simkit.scenario.models import Turnover

CFG = Turnover()  # outside options ¥3,500 a month for tellers, patience 3 months


def test_nobody_quits_before_patience_runs_out():
    t = Tenure()
    assert not any(t.quits(3000.0, 3500.0, CFG, u=0.0) for _ in range(CFG.patience - 1))
    assert t.quits(3000.0, 3500.0, CFG, u=0.0)


def test_one_good_month_resets_patience():
    t = Tenure()
    for _ in range(CFG.patience - 1):
        t.quits(3000.0, 3500.0, CFG, u=0.0)
    assert not t.quits(3600.0, 3500.0, CFG, u=0.0)
    assert t.below == 0


@pytest.mark.parametrize("utility,below", [(3 * 3400.0, True), (3 * 3600.0, False)])
def test_a_quarter_is_compared_with_three_months_of_the_outside_option(utility, below):
    t = Tenure()
    t.quits(utility, 3500.0, CFG, u=1.0, months=3)
    assert (t.below == 3) is below


def test_a_quarter_below_is_as_likely_to_end_in_quitting_as_three_months_below():
    """After patience is used up, the chance of leaving over a quarter is that of leaving in
    one of three months: 1 − (1 − q)³ (the draw ``u`` is compared with it)."""
    p3 = 1.0 - (1.0 - CFG.quit_prob) ** 3
    for u, expect in ((p3 - 1e-9, True), (p3 + 1e-9, False)):
        t = Tenure()
        t.below = CFG.patience  # already dissatisfied
        assert t.quits(3 * 3000.0, 3500.0, CFG, u=u, months=3) is expect


def test_default_turnover_is_the_seed_figure():
    """Seed 002: teller turnover of 20-30 % a year where pressure and fines are high. A teller
    kept below the outside option leaves within a year with probability 1 − (1 − q)¹²."""
    assert 0.20 <= 1.0 - (1.0 - CFG.quit_prob) ** 12 <= 0.30
