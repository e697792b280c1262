"""Effort cost shared between tasks (Holmström & Milgrom 1991): the arithmetic, and what it
does to a learner paid on one task only.

    cost = (1 - ρ) Σ c_i z_i² + ρ (Σ √c_i z_i)²
"""
from __future__ import annotations

import numpy as np
import pytest

from simkit.behaviour.learning import Learner
from simkit.behaviour.space import ChoiceSpace
from simkit.scenario.models import ChoiceRange, Learning, TellerChoices

RANGES = {"pace": ChoiceRange(lo=0.8, hi=1.6, cost=2000.0), "pitch": ChoiceRange(lo=0.0, hi=1.0, cost=1500.0)}


def space(rho: float, ranges=RANGES) -> ChoiceSpace:
    return ChoiceSpace("teller", ranges, [], learn_push=False, substitution=rho)


def test_hand_computed_cost():
    """pace 1.2 (z = 0.5), pitch 0.5 (z = 0.5), ρ = 0.5:
    separate part 2000·0.25 + 1500·0.25 = 875; shared part (√2000·0.5 + √1500·0.5)² = 0.25·(2000
    + 1500 + 2√(3·10⁶)) = 1741.03; cost = 0.5·875 + 0.5·1741.03 = 1308.01."""
    got = space(0.5).effort(TellerChoices(pace=1.2, pitch=0.5))
    assert got == pytest.approx(0.5 * 875.0 + 0.5 * 0.25 * (3500.0 + 2 * np.sqrt(3e6)), rel=1e-12)
    assert got == pytest.approx(1308.01, abs=0.01)


@pytest.mark.parametrize("rho", [0.0, 0.5, 1.0])
def test_one_task_alone_at_the_top_costs_its_stated_cost(rho):
    assert space(rho).effort(TellerChoices(pace=1.6, pitch=0.0)) == pytest.approx(2000.0)
    assert space(rho).effort(TellerChoices(pace=0.8, pitch=1.0)) == pytest.approx(1500.0)


@pytest.mark.parametrize("rho", [0.0, 0.3, 1.0])
def test_gradient_matches_finite_differences(rho):
    """Including a choice that is not learned: it still shares the effort budget."""
    ranges = dict(RANGES, pitch=ChoiceRange(lo=0.0, hi=1.0, cost=1500.0, learn=False))
    sp, start = space(rho, ranges), TellerChoices(pace=1.1, pitch=0.7)
    theta = sp.encode(start)
    h = 1e-6
    num = (sp.effort(sp.decode(theta + h, start)) - sp.effort(sp.decode(theta - h, start))) / (2 * h)
    assert sp.effort_gradient(theta, sp.fixed_root(start))[0] == pytest.approx(num, rel=1e-6)


def test_substitutes_make_one_task_dearer_as_the_other_grows():
    """ρ > 0: the marginal cost of pitching rises with pace; ρ = 0: it does not."""
    def marginal_pitch(rho, pace):
        sp = space(rho)
        return sp.effort_gradient(sp.encode(TellerChoices(pace=pace, pitch=0.3)))[1]
    assert marginal_pitch(0.5, 1.4) > marginal_pitch(0.5, 1.0)
    assert marginal_pitch(0.0, 1.4) == pytest.approx(marginal_pitch(0.0, 1.0), rel=1e-12)


def _final_pitch(seed: int, rho: float, pay_per_pace_z: float, periods: int = 36) -> float:
    """One teller paid ``pay_per_pace_z`` ¥ per unit of pace z (nothing for pitching)."""
    sp, start = space(rho), TellerChoices(pace=1.0, pitch=0.3)
    world = np.random.default_rng([seed, 0])
    learner = Learner(sp, start, Learning(enabled=True), np.random.default_rng([seed, 1]))
    for _ in range(periods):
        played = learner.propose(start)
        learner.update(3000.0 + pay_per_pace_z * (played.pace - 0.8) / 0.8 + 50.0 * world.standard_normal(), 21)
    return learner.mean_choices(start).pitch


def test_paying_for_one_task_crowds_out_the_unpaid_one():
    """Holmström & Milgrom's prediction, from the learning rule alone: with shared effort
    (ρ = 0.5), tellers paid for pace end with less pitching than unpaid ones (paired over 100
    seeds, 95 % interval below 0); with separate costs (ρ = 0) the interval covers 0."""
    def interval(rho):
        d = np.array([_final_pitch(s, rho, 3000.0) - _final_pitch(s, rho, 0.0) for s in range(100)])
        half = 1.98 * d.std(ddof=1) / np.sqrt(len(d))  # t quantile, 99 degrees of freedom
        return d.mean() - half, d.mean() + half
    lo, hi = interval(0.5)
    assert hi < 0, f"pitch(paid pace) − pitch(unpaid) in [{lo:.4f}, {hi:.4f}] with ρ = 0.5"
    lo0, hi0 = interval(0.0)
    assert lo0 < 0 < hi0, f"[{lo0:.4f}, {hi0:.4f}] with ρ = 0: separate costs should not crowd out"
