"""Habits at the end of a range: the linear scale lets effort pull them back; the logit scale does not.

The problems of ``test_learning.py``: one choice ``z`` in [0, 1] (teller pace 0.8-1.6), effort
cost ``C z²``, pay ``B + P z`` plus ¥50-sd luck, 200 people for three years. Here they start at
the top of the range, ``z = 0.99``. With pay that does not respond (``P = 0``) the best habit
is the least effort, ``z = 0``; with ``P = 1,600`` it is ``z* = P / 2C = 0.4``.

On the logit scale a unit of ``θ`` moves a choice at ``z = 0.99`` about 25 times less than
mid-range, and the widening that makes up for it stops at 3 (``space.WIDEN``): pay and effort
slopes in ``θ`` all but vanish there, and people stay near the top of a range that pays
them less than it costs. On the linear scale (``behaviour.learning.scale: linear``) slopes
keep their size up to the end, and they come down.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from simkit.arguments import ArgumentError
from simkit.behaviour.learning import Learner
from simkit.behaviour.space import ChoiceSpace
from simkit.scenario.models import ChoiceRange, Learning, TellerChoices

C = 2000.0  # ¥ a month at full pace (the default teller pace cost)
TOP = TellerChoices(pace=0.8 + 0.8 * 0.99, pitch=0.0)  # z = 0.99
PEOPLE, PERIODS = 200, 36
RANGES = {"pace": ChoiceRange(lo=0.8, hi=1.6, cost=C), "pitch": ChoiceRange(lo=0.0, hi=1.0, cost=0.0, learn=False)}


def _z(choices) -> float:
    return (choices.pace - 0.8) / 0.8


def final_z(scale: str, pay_per_z: float, seed: int, noise: float = 50.0, start=TOP) -> float:
    """One person's policy (as z) after ``PERIODS`` periods."""
    space = ChoiceSpace("teller", RANGES, [], learn_push=False, scale=scale)
    world = np.random.default_rng([seed, 0])
    learner = Learner(space, start, Learning(enabled=True, scale=scale), np.random.default_rng([seed, 1]))
    for _ in range(PERIODS):
        played = _z(learner.propose(start))
        assert 0.0 <= played <= 1.0, f"a trial left the range: z = {played}"
        learner.update(3000.0 + pay_per_z * played + noise * world.standard_normal(), 21)
    return _z(learner.mean_choices(start))


def _mean_ci(x: np.ndarray, level: float = 0.99) -> tuple[float, float]:
    half = norm.ppf(0.5 + level / 2) * x.std(ddof=1) / np.sqrt(len(x))  # 200 people: normal quantile
    return x.mean() - half, x.mean() + half


@pytest.fixture(scope="module")
def finals():
    return {(scale, pay): np.array([final_z(scale, pay, s) for s in range(PEOPLE)])
            for scale in ("logit", "linear") for pay in (0.0, 1600.0)}


def test_linear_scale_effort_pulls_a_habit_off_an_end_that_pays_nothing(finals):
    """Flat pay. With no luck at all, pay never varies, nothing is believed about it, and the
    policy follows the effort slope alone: a known path, the same for every seed. Luck moves
    what a person believes, but oddly (the believed slope changes sign with the luck), and on
    the linear scale the step is linear in θ inside the range and the trials do not depend on
    θ: so a person's path with some luck and their path with the mirror image of that luck
    average to the luckless path, to rounding. From z = 0.9 (where no step reaches the end)
    that holds for every seed; from the very top (z = 0.99) a lucky step past the end stops
    there, which can only lower the average. Either way the habit comes far down."""
    near = TellerChoices(pace=0.8 + 0.8 * 0.9, pitch=0.0)
    for start in (near, TOP):
        luckless = final_z("linear", 0.0, seed=0, noise=0.0, start=start)
        assert final_z("linear", 0.0, seed=7, noise=0.0, start=start) == luckless, "without luck the path depends on the seed"
        for seed in range(20):
            pair = (final_z("linear", 0.0, seed, 50.0, start) + final_z("linear", 0.0, seed, -50.0, start)) / 2
            if start is near:
                assert pair == pytest.approx(luckless, abs=1e-12), f"seed {seed}: {pair} against {luckless}"
            else:
                assert pair <= luckless + 1e-12, f"seed {seed}: {pair} above the luckless {luckless}"
        assert luckless < _z(start) / 2, f"effort alone brings z from {_z(start):.2f} only to {luckless:.3f}"
    lo, hi = _mean_ci(finals[("linear", 0.0)])
    assert hi < 0.99 / 2, f"from 0.99 with luck: mean z in [{lo:.4f}, {hi:.4f}]"


def test_linear_scale_brings_a_habit_down_towards_the_optimum(finals):
    """Pay ``P = 1,600`` (z* = 0.4), start at the top. After three years the linear-scale
    learners have come down further than the logit-scale ones (99 % intervals apart), and pay
    holds them above where flat pay leaves them."""
    linear, logit, flat = (_mean_ci(finals[key]) for key in (("linear", 1600.0), ("logit", 1600.0), ("linear", 0.0)))
    assert linear[1] < logit[0], f"linear {linear} not below logit {logit}"
    assert linear[0] > flat[1], f"linear with pay {linear} not above linear with flat pay {flat}"


def test_logit_scale_keeps_habits_near_the_top(finals):
    """What the linear scale is for: on the logit scale, with pay whose best habit is z = 0.4,
    the mean z after three years is still above 0.7 (99 % interval)."""
    lo, hi = _mean_ci(finals[("logit", 1600.0)])
    assert lo > 0.7, f"logit scale: mean z in [{lo:.3f}, {hi:.3f}]"


def test_linear_scale_round_trips_and_stays_in_range():
    """Encoding a choice and decoding it gives it back; θ past an end decodes to that end and
    ``project`` brings it back to [0, 4]; the effort slope at the top is the cost's slope in z
    over 4, not 0."""
    space = ChoiceSpace("teller", RANGES, [], learn_push=False, scale="linear")
    theta = space.encode(TOP)
    assert space.decode(theta, TOP).pace == pytest.approx(TOP.pace, rel=1e-12)
    assert space.decode(np.array([9.0]), TOP).pace == 1.6 and space.decode(np.array([-9.0]), TOP).pace == 0.8
    assert space.project(np.array([9.0]))[0] == 4.0 and space.project(np.array([-1.0]))[0] == 0.0
    assert space.effort_gradient(np.array([4.0]))[0] == pytest.approx(2.0 * C / 4.0)


def test_unknown_scale_is_refused():
    with pytest.raises(ArgumentError, match="scale"):
        ChoiceSpace("teller", RANGES, [], learn_push=False, scale="cubic")
