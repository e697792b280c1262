"""Pay held back and settled later is learned from as pay of the months that earned it.

A settlement (seed 001's half-yearly profit pay, an annual rating) is traced back to the
months it covers, each getting what its payslip showed held back (what that does not
account for shared equally)
(``simkit.behaviour.deferred.Deferrals``); in the learner's running regression each
share, discounted for the wait, replaces what that month's payslip showed held back
(``Learner.read``, ``SlopeBelief.credit``).
"""
from __future__ import annotations

import numpy as np
import pytest

from simkit.behaviour.deferred import BEFORE_HIRE, Deferrals
from simkit.behaviour.learning import Learner, SlopeBelief
from simkit.pay import PayLine, Payslip
from simkit.scenario.models import Learning

from behaviour.test_learning import DEFAULTS, KAPPA, PEOPLE, PERIODS, SPACE, START, _mean_ci, _z


def _slip(period, now=0.0, held=0.0, settled=0.0, covers=0):
    lines = [PayLine("base salary", "base", 3000.0, ""), PayLine("profit pay", "performance", now, "", held=held)]
    if settled:
        lines.append(PayLine("settlement", "settlement", settled, "", covers=covers))
    return Payslip("p", period, tuple(lines))


def test_settlement_is_traced_to_the_months_by_what_they_held_back():
    held = [100.0, 0.0, 250.0, 50.0, 400.0, 200.0]
    d = Deferrals()
    for t, h in enumerate(held[:-1]):
        assert d.trace(_slip(t, held=h)) == {}
    out = d.trace(_slip(5, held=held[-1], settled=sum(held), covers=6))
    assert out == {5 - t: h for t, h in enumerate(held) if h}  # 0 ago: this month's own share


def test_a_floor_that_cancels_a_losing_half_year_is_shared_equally():
    """Held ¥1,000, −¥4,000 (a loss month) and ¥600: −¥2,400 in all. The period as a whole
    paid nothing, so the settlement only took back the ¥1,000 advanced: the floor gave back
    ¥1,400 that no one month's payslip accounts for, shared equally over the three months."""
    d = Deferrals()
    d.trace(_slip(0, held=1000.0))
    d.trace(_slip(1, held=-4000.0))
    out = d.trace(_slip(2, held=600.0, settled=-1000.0, covers=3))
    each = (-1000.0 - (1000.0 - 4000.0 + 600.0)) / 3
    assert out == {2: 1000.0 + each, 1: -4000.0 + each, 0: 600.0 + each}
    assert sum(out.values()) == pytest.approx(-1000.0)


def test_a_rating_with_nothing_held_back_is_split_equally_and_not_before_hiring():
    """An annual rating (¥1,200) covering 12 months, paid to someone hired 4 months ago: ¥100
    for each of their 4 months; the other 8 months were someone else's work."""
    d = Deferrals()
    for t in range(3):
        d.trace(_slip(t))
    out = d.trace(_slip(3, settled=1200.0, covers=12))
    assert out == {0: 100.0, 1: 100.0, 2: 100.0, 3: 100.0, BEFORE_HIRE: 800.0}


def test_credit_later_equals_pay_then():
    """Adding ¥δ to the pay of the period two back gives the same regression as if it had been
    paid then (the sums are linear in pay; the squares are updated exactly)."""
    rng = np.random.default_rng(3)
    now, later = SlopeBelief(2, 0.85), SlopeBelief(2, 0.85)
    for t in range(10):
        z, d, y = rng.standard_normal(2), rng.standard_normal(2), 3000.0 + 500.0 * rng.standard_normal()
        now.add(z, d, y + (700.0 if t == 7 else 0.0))
        later.add(z, d, y)
    later.credit(2, 700.0)
    for a, b in zip(now.estimate(), later.estimate()):
        np.testing.assert_allclose(a, b, rtol=1e-9)


def _late_evidence(seed: int, lag: int, periods: int = 24) -> tuple[float, float]:
    """One person's (slope, standard error) after ``periods`` trials whose pay is ¥3,000 per
    unit of the trial at once and −¥2,000 per unit ``lag`` periods later, credited back to the
    trial's period (as a loan's provision is), with luck of ¥100 and ¥300: the slope to learn
    is ¥1,000."""
    rng = np.random.default_rng(seed)
    belief, z, trials = SlopeBelief(1, DEFAULTS.memory), np.zeros(1), []
    for t in range(periods):
        d = DEFAULTS.exploration * rng.standard_normal(1)
        z = KAPPA * z + d
        trials.append(d[0])
        belief.add(z, d, 5000.0 + 3000.0 * d[0] + 100.0 * rng.standard_normal())
        if t >= lag:
            belief.credit(lag, -2000.0 * trials[t - lag] + 300.0 * rng.standard_normal())
    b, var = belief.estimate()
    return b[0], float(np.sqrt(var[0]))


@pytest.mark.xfail(strict=True, reason=(
    "known limit of the running regression (issue 4's note): a period's pay-so-far mixes "
    "periods whose late pay has arrived with recent ones whose has not, so a late cost is "
    "learned only as far as it has arrived (means 1,276 / 2,138 / 2,681 for 1,000)"))
@pytest.mark.parametrize("lag", [1, 6, 12])
def test_late_pay_is_learned_at_full_size_with_honest_errors(lag):
    """What the rule should do with pay that arrives ``lag`` periods late: over 400 people the
    slope averages ¥1,000 (99 % interval), and each person's 95 % interval covers ¥1,000 for
    92.2-97.8 % of them (the two-sided 99 % binomial band around 95 %). Measured on the
    current rule: means 1,276 / 2,138 / 2,681 at lags 1 / 6 / 12, covering ¥1,000 for 85 %,
    9 % and 0 % of people. A run-off-triangle estimator (each development age regressed on
    the periods old enough to have it) passes this test, but did not make responsibility-
    profit managers learn care in the branch and unsettled them (issue 4's note)."""
    runs = np.array([_late_evidence(s, lag) for s in range(400)])
    lo, hi = _mean_ci(runs[:, 0], level=0.99)
    assert lo < 1000.0 < hi, f"lag {lag}: mean slope in [{lo:.0f}, {hi:.0f}], should contain 1,000"
    cover = np.mean(np.abs(runs[:, 0] - 1000.0) < 1.96 * runs[:, 1])
    band = 2.576 * np.sqrt(0.95 * 0.05 / len(runs))
    assert abs(cover - 0.95) < band, f"lag {lag}: 95 % intervals cover 1,000 for {cover:.3f} of people"


def _deferred_path(seed: int, pay_per_z: float, noise: float = 50.0):
    """As test_learning.path, but 40 % of the performance pay is held back and settled every
    six periods (seed 001's 60 % monthly advance, half-yearly settlement)."""
    world = np.random.default_rng([seed, 0])
    learner = Learner(SPACE, START, Learning(enabled=True), np.random.default_rng([seed, 1]))
    held, out = 0.0, []
    for t in range(PERIODS):
        earned = pay_per_z * _z(learner.propose(START)) + noise * world.standard_normal()
        held += 0.4 * earned
        settled, held = (held, 0.0) if (t + 1) % 6 == 0 else (0.0, held)
        learner.read(_slip(t, now=0.6 * earned, held=0.4 * earned, settled=settled, covers=6), 21)
        out.append(_z(learner.mean_choices(START)))
    return np.array(out)


def test_pay_settled_half_yearly_still_pulls_effort_up_towards_the_optimum():
    """The case of test_learning's climbing test (P = 1,600 ⇒ z* = 0.4 from 0.25) with 40 % of
    the pay settled half-yearly: people still climb (95 % interval above the start) and do not
    pass the optimum. Learning from cash as it arrives, the settlement months' lumps would be
    held against that month's trial alone."""
    final = np.array([_deferred_path(s, 1600.0)[-1] for s in range(PEOPLE)])
    lo, hi = _mean_ci(final)
    assert lo > 0.25, f"mean z after {PERIODS} periods in [{lo:.3f}, {hi:.3f}]: did not climb from 0.25"
    assert hi < 0.4 + 0.05, f"mean z in [{lo:.3f}, {hi:.3f}]: overshot z* = 0.4"


def _late_path(seed: int, now_per_z: float, late_per_z: float, traced: bool, lag: int = 6):
    """Like a loan approval: a trial pays ``now_per_z · z`` at once and costs ``late_per_z · z``
    ``lag`` periods later (interest now, a provision months on). ``traced``: the payslip traces
    the late part back to the month that caused it, as a manager's loan ledger does
    (``PayLine.traced``); otherwise it arrives as unexplained pay of its own month."""
    world = np.random.default_rng([seed, 0])
    learner = Learner(SPACE, START, Learning(enabled=True), np.random.default_rng([seed, 1]))
    played = []
    for t in range(PERIODS):
        played.append(_z(learner.propose(START)))
        late = -late_per_z * played[t - lag] if t >= lag else 0.0
        line = PayLine("profit pay", "performance", now_per_z * played[t] + late + 50.0 * world.standard_normal(),
                       "", traced=((lag, late),) if traced and late else ())
        learner.read(Payslip("p", t, (PayLine("base salary", "base", 3000.0, ""), line)), 21)
    return _z(learner.mean_choices(START))


def test_a_cost_traced_back_to_the_month_that_caused_it_is_weighed_against_its_gain():
    """¥3,200 a period per unit of z at once, ¥1,920 six periods later: discounted (0.97⁶) the
    net is ¥1,600, whose optimum is z* = 0.4 (test_learning's climbing case). Traced back, people
    climb from 0.25 and stay short of 0.45. Left untraced, the late cost looks like luck and the
    immediate ¥3,200 (z* = 0.8) is what they follow: the same people (same seeds) end higher —
    the volume-chasing the seeds complain of (measured: 0.30 traced, 0.41 untraced)."""
    traced = np.array([_late_path(s, 3200.0, 1920.0, traced=True) for s in range(PEOPLE)])
    lo, hi = _mean_ci(traced)
    assert lo > 0.25 and hi < 0.4 + 0.05, f"traced: mean z in [{lo:.3f}, {hi:.3f}], expected in (0.25, 0.45)"
    blind = np.array([_late_path(s, 3200.0, 1920.0, traced=False) for s in range(PEOPLE)])
    lo, hi = _mean_ci(blind - traced)
    assert lo > 0, f"untraced minus traced: mean z difference in [{lo:.3f}, {hi:.3f}], expected above 0"
