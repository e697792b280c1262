"""The learning rule on its own, against problems whose answer is known.

One choice ``z`` in [0, 1] (teller pace 0.8-1.6) with effort cost ``C z²`` and pay
``B + P z + noise``: utility is best at ``z* = P / 2C``. No branch is simulated, so these
run in about a second and pin down what the rule does, whatever the calibration of the
branch: climb towards the optimum when pay responds, drift to the least effort when it
does not, take smaller steps as tenure grows, and repeat itself exactly from a seed.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from simkit.behaviour.learning import Expectation, Learner, SlopeBelief
from simkit.behaviour.space import ChoiceSpace
from simkit.scenario.models import ChoiceRange, Learning, TellerChoices

C = 2000.0  # ¥ a month at full pace (the default teller pace cost)
START = TellerChoices(pace=1.0, pitch=0.0)  # z = 0.25
SPACE = ChoiceSpace("teller", {"pace": ChoiceRange(lo=0.8, hi=1.6, cost=C),
                               "pitch": ChoiceRange(lo=0.0, hi=1.0, cost=0.0, learn=False)}, [], learn_push=False)
PEOPLE, PERIODS = 200, 36


def _z(choices) -> float:
    return (choices.pace - 0.8) / 0.8


def path(seed: int, pay_per_z: float, noise: float = 50.0, periods: int = PERIODS, days=lambda t: 21,
         start: TellerChoices = START):
    """Policy (as z) after each period for one person."""
    world = np.random.default_rng([seed, 0])
    learner = Learner(SPACE, start, Learning(enabled=True), np.random.default_rng([seed, 1]))
    out = []
    for t in range(periods):
        played = _z(learner.propose(start))
        learner.update(3000.0 + pay_per_z * played + noise * world.standard_normal(), days(t))
        out.append(_z(learner.mean_choices(start)))
    return np.array(out)


def _mean_ci(x: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    half = norm.ppf(0.5 + level / 2) * x.std(ddof=1) / np.sqrt(len(x))  # hundreds of people: normal quantile
    return x.mean() - half, x.mean() + half


def test_pay_that_responds_pulls_effort_up_towards_the_optimum():
    """P = 1,600 ⇒ z* = 0.4 from a start of 0.25: after three years the people, on average,
    have moved up (95 % interval above the start) and not past the optimum."""
    final = np.array([path(s, 1600.0)[-1] for s in range(PEOPLE)])
    lo, hi = _mean_ci(final)
    assert lo > 0.25, f"mean z after {PERIODS} periods in [{lo:.3f}, {hi:.3f}]: did not climb from 0.25"
    assert hi < 0.4 + 0.05, f"mean z in [{lo:.3f}, {hi:.3f}]: overshot z* = 0.4"


def test_pay_that_trials_move_a_lot_is_believed_within_months():
    """A commission-like habit: pay rises ¥8,000 across the range (effort ¥2,000 at the top,
    so the top pays best), ¥100-sd luck, people starting at z = 0.06. Their widened trials
    (up to z ≈ 0.3) move a month's pay by thousands of yuan — the evidence itself, not a freak
    month. After six months the 95 % interval of the mean z is above 0.15: the habit has
    moved by more than a tenth of its range. (When pay more than three recent "usual
    surprises" from the expected was clipped, it was [0.099, 0.114], and [0.080, 0.090]
    after four months: the bigger what a trial earned, the more of it was cut.)"""
    z0 = 0.06
    start = TellerChoices(pace=0.8 + 0.8 * z0, pitch=0.0)
    final = np.array([path(s, 8000.0, noise=100.0, periods=6, start=start)[-1] for s in range(PEOPLE)])
    lo, hi = _mean_ci(final)
    assert lo > 0.15, f"mean z after 6 periods in [{lo:.3f}, {hi:.3f}]: the pay evidence was not believed"


def test_a_habit_near_the_end_of_its_range_still_climbs():
    """The same pay (z* = 0.4), ¥300-sd luck, people starting at z = 0.06, where the logit
    squeezes a trial of σ to about ±0.03: with trials and steps widened there
    (space.ChoiceSpace.widening) they climb (95 % interval of the mean after three years
    above the start; it was [0.104, 0.121] when written) and do not pass the optimum. With
    trials and steps the same in θ everywhere the interval was [0.059, 0.062]: stuck."""
    z0 = 0.06
    start = TellerChoices(pace=0.8 + 0.8 * z0, pitch=0.0)
    final = np.array([path(s, 1600.0, noise=300.0, start=start)[-1] for s in range(PEOPLE)])
    lo, hi = _mean_ci(final)
    assert lo > z0, f"mean z after {PERIODS} periods in [{lo:.3f}, {hi:.3f}]: did not climb from {z0}"
    assert hi < 0.4 + 0.05, f"mean z in [{lo:.3f}, {hi:.3f}]: overshot z* = 0.4"


def test_pay_that_does_not_respond_lets_effort_fall_deterministically():
    """Fixed pay: no surprise, so only effort moves the policy — down every period once
    there are more than two periods of evidence (a new hire first sees what the job pays),
    and the path does not depend on the person's trial draws."""
    a, b = path(1, 0.0, noise=0.0), path(2, 0.0, noise=0.0)
    assert a[0] == a[1] == pytest.approx(0.25)
    assert np.all(np.diff(a[1:]) < 0)
    assert np.array_equal(a, b)


def test_noise_alone_does_not_create_effort():
    """Pay that is pure noise (sd ¥300) must not pull effort up: the mean policy ends below the start."""
    final = np.array([path(s, 0.0, noise=300.0)[-1] for s in range(PEOPLE)])
    assert _mean_ci(final)[1] < 0.25


def test_very_noisy_pay_does_not_make_habits_wander():
    """Pay with a ¥5,000 monthly sd and no link to the choice (lumpy bonuses, loan settlements):
    over periods 18-24 the mean |move| stays under 5 % of the range (the behaviour tests'
    settling tolerance) and effort does not rise on average."""
    paths = np.array([path(s, 0.0, noise=5000.0) for s in range(PEOPLE)])
    assert np.abs(paths[:, 23] - paths[:, 17]).mean() < 0.05
    assert _mean_ci(paths[:, -1])[1] < 0.25


def test_steps_shrink_with_tenure():
    """Mean |move| per period over the last six periods is below that over the first six."""
    moves = np.abs(np.diff(np.array([path(s, 1600.0) for s in range(PEOPLE)]), axis=1))
    early, late = moves[:, :6].mean(), moves[:, -6:].mean()
    assert late < early, (early, late)


def test_same_seed_same_path():
    assert np.array_equal(path(7, 1600.0), path(7, 1600.0))


@pytest.mark.parametrize("per_day", [True, False])
def test_expectation_learns_what_working_days_are_worth(per_day):
    """Piece-rate pay of ¥100 a working day: after a year of 20- to 23-day months, a person who
    reads pay per working day is no longer surprised by the calendar; one who expects the same
    pay every month is surprised by ±¥150."""
    e = Expectation(per_day)
    days = [20, 23, 21, 22, 23, 20, 21, 22, 22, 20, 23, 21] * 3
    surprises = [e.surprise(100.0 * d, d) for d in days]
    late = np.abs(surprises[-12:]).mean()
    assert (late < 5.0) if per_day else (late > 50.0), late


DEFAULTS = Learning()
KAPPA = DEFAULTS.discount * DEFAULTS.trace  # γλ: the trace's decay per monthly period


def _evidence(pay, periods: int = 24, seed: int = 0, size: int = 2, memory: float = DEFAULTS.memory) -> SlopeBelief:
    """Feed ``pay(d_now, d_before, rng)`` for ``periods`` trials (default spread σ, trace κ) to a SlopeBelief."""
    rng = np.random.default_rng(seed)
    belief, z, before = SlopeBelief(size, memory), np.zeros(size), np.zeros(size)
    for _ in range(periods):
        d = DEFAULTS.exploration * rng.standard_normal(size)
        z = KAPPA * z + d
        belief.add(z, d, pay(d, before, rng))
        before = d
    return belief


def test_belief_is_exact_when_pay_is_a_line_in_the_trial():
    """No luck: pay = 5,000 + 300·d is read back exactly, with zero variance (the trial's own
    square, which made one-trial estimates spread by √2·g, cancels in the instrumental-variable
    slope), and so believed in full."""
    ev = _evidence(lambda d, _, __: 5000.0 + 300.0 * d[0], size=1)
    b, var = ev.estimate()
    np.testing.assert_allclose(b, [300.0], rtol=1e-9)
    assert var[0] < 1e-12 * 300.0 ** 2
    np.testing.assert_allclose(ev.belief(), [300.0], rtol=1e-9)


def test_pay_a_period_late_is_credited_by_the_trace():
    """Pay that follows last period's trial (a deferred bonus) is estimated to respond by γλ·g
    on average, the credit REINFORCE with a trace gives: 95 % interval over 300 people with
    1,000 periods each and no forgetting. (A ratio of sums is biased by order 1/n: with a
    year's memory the mean is about 8 % low, with 200 periods 2 %; at 1,000 the bias is a
    fraction of the interval.)"""
    g = 300.0
    b = np.array([_evidence(lambda d, before, rng: 5000.0 + g * before[0] + 20.0 * rng.standard_normal(),
                            seed=s, size=1, memory=1.0, periods=1000).estimate()[0][0] for s in range(300)])
    half = 1.96 * b.std(ddof=1) / np.sqrt(len(b))
    assert abs(b.mean() - KAPPA * g) < half, (b.mean(), half, KAPPA * g)


def test_a_choice_pay_ignores_is_believed_to_do_nothing():
    """Pay responds to choice 0 only (¥300 per logit unit, a typical trial moves it ¥180) with
    ¥100-sd luck: over 200 people after two years, choice 0's belief is positive for nearly
    all, choice 1's is exactly zero for most, and its mean size is a small fraction of choice 0's."""
    b = np.array([_evidence(lambda d, _, rng: 5000.0 + 300.0 * d[0] + 100.0 * rng.standard_normal(),
                            seed=s).belief() for s in range(200)])
    assert (b[:, 0] > 0).mean() > 0.9
    assert (b[:, 1] == 0).mean() > 0.5
    assert np.abs(b[:, 1]).mean() < 0.2 * b[:, 0].mean()
