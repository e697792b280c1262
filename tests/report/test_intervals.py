"""simkit.report.intervals: coverage by simulation, bounds always in range, known answers.

Coverage tests draw 2,000 sets of replications from a known distribution with a fixed seed
and count how often the interval holds the true mean. An exact 95 % interval covers a
Binomial(2000, 0.95) number of times; the test accepts the central 99 % of that
distribution (about 93.7 %-96.3 %), so a method whose real coverage is 95 % fails it only
1 time in 100 — and, the seeds being fixed, the result is the same on every run.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from simkit.report.intervals import (KINDS, bounds, clear, describe, difference, fisher_interval, interval, kind_of,
                                     wilson)

N = 2000
LO_BAND, HI_BAND = (stats.binom.ppf(q, N, 0.95) / N for q in (0.005, 0.995))


def coverage(draw, kind, truth, n, seed, **kw) -> float:
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(N):
        _, lo, hi = interval(draw(rng, n), kind, **kw)
        hits += lo <= truth <= hi
    return hits / N


def test_band_is_the_binomial_99_percent_band():
    assert 0.936 < LO_BAND < 0.939 and 0.961 < HI_BAND < 0.964


@pytest.mark.parametrize("label, draw, kind, truth, n, kw", [
    ("normal", lambda r, n: r.normal(3.0, 2.0, n), "real", 3.0, 5, {}),
    # a replication's share = a binomial proportion of its customers
    ("share 10 %", lambda r, n: r.binomial(400, 0.1, n) / 400, "share", 0.1, 5, {}),
    ("share 2 % (near 0)", lambda r, n: r.binomial(300, 0.02, n) / 300, "share", 0.02, 5, {}),
    ("percent 90 % (near 100)", lambda r, n: 100 * r.binomial(200, 0.9, n) / 200, "share", 90.0, 4, {"scale": 100}),
    # a replication's mean wait = the mean of 30 exponential waits
    ("mean wait", lambda r, n: r.exponential(5.0, (n, 30)).mean(axis=1), "positive", 5.0, 5, {}),
])
def test_coverage(label, draw, kind, truth, n, kw):
    c = coverage(draw, kind, truth, n, seed=sum(map(ord, label)), **kw)  # a fixed seed per case
    assert LO_BAND <= c <= HI_BAND, f"{label}: coverage {c:.3f} outside [{LO_BAND:.3f}, {HI_BAND:.3f}]"


def _correlations(rng, n, m=50, rho=0.6):
    a = rng.standard_normal((n, m))
    b = rho * a + math.sqrt(1 - rho * rho) * rng.standard_normal((n, m))
    a, b = a - a.mean(1, keepdims=True), b - b.mean(1, keepdims=True)
    return (a * b).sum(1) / np.sqrt((a * a).sum(1) * (b * b).sum(1))


def test_coverage_correlation():
    # E[r] of a sample correlation of m pairs ≈ ρ (1 − (1 − ρ²) / (2m)) (Fisher 1915); the
    # approximation's error (~4e-4 here) is far below the intervals' half-width (~0.03)
    truth = 0.6 * (1 - (1 - 0.36) / 100)
    c = coverage(_correlations, "correlation", truth, 8, seed=7)
    assert LO_BAND <= c <= HI_BAND


def test_coverage_paired_difference_of_shares():
    rng = np.random.default_rng(8)
    hits = 0
    for _ in range(N):
        a = rng.binomial(300, 0.3, 5) / 300
        b = np.clip(a + rng.normal(0.05, 0.03, 5), 0, 1)  # common random numbers: b moves with a
        _, lo, hi = difference(a, b, "share")
        hits += lo <= 0.05 <= hi
    assert LO_BAND <= hits / N <= HI_BAND


def test_skewed_positive_covers_better_than_symmetric_t():
    """The reason for the log scale: for right-skewed replications (lognormal, σ = 1) the
    t interval misses the mean far more than 5 % of the time; the log-scale one less so."""
    rng = np.random.default_rng(11)
    truth = math.exp(0.5)
    ours = tee = 0
    for _ in range(N):
        x = rng.lognormal(0.0, 1.0, 5)
        _, lo, hi = interval(x, "positive")
        _, tlo, thi = interval(x, "real")
        ours += lo <= truth <= hi
        tee += tlo <= truth <= thi
    assert ours / N > tee / N + 0.03


# ------------------------------------------------------------------ ranges (hypothesis)
_unit = st.floats(0.0, 1.0, allow_nan=False)
_levels = st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99, 0.999])


@given(st.lists(_unit, min_size=1, max_size=12), _levels)
def test_share_bounds_inside_0_1(xs, level):
    m, lo, hi = interval(xs, "share", level)
    if len(xs) > 1:
        assert 0.0 <= lo <= m + 1e-12 and m - 1e-12 <= hi <= 1.0


@given(st.lists(st.floats(0.0, 100.0), min_size=2, max_size=12), _levels)
def test_percent_bounds_inside_0_100(xs, level):
    m, lo, hi = interval(xs, "share", level, scale=100)
    assert 0.0 <= lo <= m + 1e-9 and m - 1e-9 <= hi <= 100.0


@given(st.lists(st.floats(0.0, 1e7), min_size=2, max_size=12), _levels)
def test_positive_bounds_non_negative(xs, level):
    m, lo, hi = interval(xs, "positive", level)
    assert 0.0 <= lo <= m * (1 + 1e-12) and hi >= m * (1 - 1e-12)


@given(st.lists(st.floats(-1.0, 1.0), min_size=2, max_size=12), _levels)
def test_correlation_bounds_inside_pm1(xs, level):
    m, lo, hi = interval(xs, "correlation", level)
    assert -1.0 <= lo <= m + 1e-12 and m - 1e-12 <= hi <= 1.0


@given(st.lists(st.tuples(_unit, _unit), min_size=2, max_size=12), _levels)
def test_share_difference_inside_pm1(pairs, level):
    a, b = zip(*pairs)
    m, lo, hi = difference(a, b, "share", level)
    assert -1.0 <= lo <= m <= hi <= 1.0


@given(st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=2, max_size=12))
def test_correlation_difference_inside_pm2(pairs):
    a, b = zip(*pairs)
    m, lo, hi = difference(a, b, "correlation")
    assert -2.0 <= lo <= m <= hi <= 2.0


_NUM = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")


def _numbers(text):
    return [float(t.replace(",", "").replace("−", "-")) for t in _NUM.findall(text)]


@given(st.lists(_unit, min_size=2, max_size=6), st.sampled_from([0, 1, 2]))
def test_describe_never_prints_an_impossible_share(xs, digits):
    text = describe(*interval(xs, "share"), kind="share", unit="%", digits=digits)
    nums = _numbers(text)
    assert len(nums) == 3 and all(0.0 <= v <= 100.0 for v in nums), text
    assert "-0" not in text


@given(st.lists(st.floats(-1, 1), min_size=2, max_size=6))
def test_describe_never_prints_an_impossible_correlation(xs):
    text = describe(*interval(xs, "correlation"), kind="correlation", digits=2)
    assert all(-1.0 <= v <= 1.0 for v in _numbers(text)), text


def test_describe_clamps_bounds_given_from_elsewhere():
    """A raw t interval from another source is shown without its impossible part."""
    assert describe(0.754, 0.059, 1.449, "share", "%") == "75.4 % [5.9, 100.0]"
    assert describe(0.01, -0.02, 0.04, "share", "%") == "1.0 % [0.0, 4.0]"
    assert describe(0.3, -1.27, 0.9, "correlation", digits=2) == "0.30 [-1.00, 0.90]"
    assert describe(120.0, -35.0, 275.0, "positive", "¥", digits=0) == "¥120 [0, 275]"
    assert describe(-0.4, -1.7, 0.9, "share", "%", diff=True) == "-40.0 % [-100.0, 90.0]"


def test_describe_formats():
    assert describe(1234.5, 1100.0, 1380.0, "positive", "¥") == "¥1,234 [1,100, 1,380]"  # round half to even
    assert describe(4.2, math.nan, math.nan, "positive", "min") == "4.2 min"
    assert describe(math.nan, math.nan, math.nan) == "–"
    assert describe(-0.0004, -0.001, 0.0, "real", digits=2) == "0.00 [0.00, 0.00]"
    assert describe(75.4, 52.0, 90.1, "share", "%", scale=100) == "75.4 % [52.0, 90.1]"


# ------------------------------------------------------------------------ known answers
def test_fisher_z_by_hand():
    # r = 0.2, 0.4, 0.6: mean 0.4, s = 0.2, se = 0.2 / √3 = 0.1154701; t(0.975, 2) = 4.3026527;
    # z = atanh 0.4 = 0.4236489; half-width on z = t · se / (1 − 0.4²) = 0.5914614
    # -> tanh(−0.1678125) = −0.1662547, tanh(1.0151103) = 0.7678674
    m, lo, hi = interval([0.2, 0.4, 0.6], "correlation")
    assert m == pytest.approx(0.4)
    assert lo == pytest.approx(-0.1662547, abs=1e-6) and hi == pytest.approx(0.7678674, abs=1e-6)


def test_fisher_interval_one_correlation_by_hand():
    # r = 0.5 of 28 pairs: z = 0.5493061 ± 1.959964 / 5 = ± 0.3919928 -> tanh(0.1573133) = 0.1560284,
    # tanh(0.9412989) = 0.7358185
    r, lo, hi = fisher_interval(0.5, 28)
    assert (lo, hi) == pytest.approx((0.1560284, 0.7358185), abs=1e-6)


def test_real_is_student_t_by_hand():
    # 1, 2, 3, 4: mean 2.5, s = 1.2909944, se = 0.6454972, t(0.975, 3) = 3.1824463 -> ± 2.0542603
    assert interval([1, 2, 3, 4]) == pytest.approx((2.5, 0.4457397, 4.5542603), abs=1e-6)


def test_share_and_positive_by_hand():
    # shares 0.70, 0.81: mean 0.755, se = 0.055, t(0.975, 1) = 12.7062047; logit 0.755 = 1.1254595,
    # half-width 12.7062047 · 0.055 / (0.755 · 0.245) = 3.7780309 -> expit: 0.0658307, 0.9926340
    assert interval([0.70, 0.81], "share") == pytest.approx((0.755, 0.0658307, 0.9926340), abs=1e-6)
    # waits 4, 6: mean 5, se = 1, log 5 ± 12.7062047 / 5 -> 5·e^∓2.5412409 = 0.3938430, 63.477078
    m, lo, hi = interval([4, 6], "positive")
    assert m == 5.0 and (lo, hi) == pytest.approx((0.3938430, 63.477078), rel=1e-6)


def test_the_dashboards_impossible_interval_becomes_possible():
    """Issue 23: 75.4 [5.9, 144.9] % at 2 replications (a raw t interval)."""
    x = [0.754 - 0.0547, 0.754 + 0.0547]
    _, tlo, thi = interval(x, "real")
    assert thi > 1.4  # the old interval
    m, lo, hi = interval(x, "share")
    assert 0 < lo < m < hi < 1


def test_difference_is_paired_t_clipped():
    a, b = [0.1, 0.2, 0.3], [0.5, 0.9, 0.2]
    m, lo, hi = difference(a, b, "share")
    d = np.subtract(b, a)
    half = stats.t.ppf(0.975, 2) * d.std(ddof=1) / math.sqrt(3)
    assert m == pytest.approx(d.mean()) and lo == pytest.approx(d.mean() - half) and hi == 1.0
    assert difference(a, b, "real")[2] == pytest.approx(d.mean() + half)


def test_edge_cases():
    assert interval([0.0, 0.0, 0.0], "share") == (0.0, 0.0, 0.0)  # no spread: the point
    assert interval([0.0, 0.0, 0.3], "share")[1] > 0.0
    assert interval([0.0, 0.0, 5.0], "positive")[1] > 0.0
    m, lo, hi = interval([7.0], "positive")
    assert m == 7.0 and math.isnan(lo) and math.isnan(hi)
    assert all(math.isnan(v) for v in interval([], "share"))
    assert interval([0.2, math.nan, 0.4], "share")[0] == pytest.approx(0.3)  # NaN runs left out
    assert interval([1.0, 1.0], "correlation") == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="scale=100"):
        interval([50.0, 60.0], "share")
    with pytest.raises(ValueError, match="positive"):
        interval([-1.0, 2.0], "positive")
    with pytest.raises(ValueError, match="kind"):
        interval([1.0, 2.0], "ratio")
    with pytest.raises(ValueError, match="as many"):
        difference([1.0, 2.0], [1.0], "real")


def test_clear():
    assert clear(0.1, 0.3) and clear(-0.3, -0.1)
    assert not clear(-0.1, 0.3) and not clear(0.0, 0.3) and not clear(math.nan, math.nan)


def test_wilson_by_hand_and_at_zero():
    # 0 of 20: upper = (z²/n) / (1 + z²/n) = 0.1920729 / 1.1920729 = 0.1611252 (z = 1.959964)
    p, lo, hi = wilson(0, 20)
    assert p == 0.0 and lo == 0.0 and hi == pytest.approx(0.161125, abs=1e-5)
    assert 0 < wilson(5, 20)[1] < 0.25 < wilson(5, 20)[2] < 1


def test_bounds_of_each_kind():
    assert bounds("share") == (0.0, 1.0) and bounds("share", 100, diff=True) == (-100, 100)
    assert bounds("correlation", diff=True) == (-2.0, 2.0)
    assert bounds("positive") == (0.0, math.inf) and bounds("positive", diff=True) == (-math.inf, math.inf)
    assert set(KINDS) == {"real", "share", "positive", "correlation"}


# ----------------------------------------------------------------------------- kind_of
@pytest.mark.parametrize("name, kind", [
    # simkit.measure.headline.HEADLINE
    ("wait_mean", "positive"), ("served_within_10", "share"), ("complaint_rate", "share"),
    ("error_rate", "share"), ("sales", "positive"), ("teller_pace", "positive"), ("teller_pitch", "share"),
    ("cm_screening", "share"), ("new_loans", "positive"), ("npl_ratio", "share"), ("deposits", "positive"),
    ("profit", "real"), ("staff_pay", "real"), ("effort", "positive"), ("quits", "positive"),
    ("gini_teller", "share"), ("gini_customer_manager", "share"),
    # the dashboard's KPIs and Results.kpis()
    ("wait_p90", "positive"), ("balked_rate", "share"), ("reneged_rate", "share"), ("diversion_rate", "share"),
    ("satisfaction_mean", "positive"), ("fee_income", "positive"), ("utilisation_teller", "share"),
    ("bank_profit", "real"), ("deposits_lost", "positive"), ("service_level", "share"),
    # staff_periods / bank_periods columns
    ("pay", "real"), ("utility", "real"), ("kpi.npl_share", "share"), ("kpi.deposit_net_increase", "real"),
    ("kpi.deposit_growth", "real"), ("choice.strictness", "share"), ("policy.pace", "positive"),
    ("kpi.referrals", "positive"), ("kpi.fee_income", "positive"), ("loan_losses", "positive"),
    ("kpi.responsibility_profit", "real"), ("provisions", "real"), ("provisions ¥", "real"), ("reserve", "positive"), ("selling", "positive"), ("choice.selling", "share"),
    # fairness and correlations
    ("rank_corr_pay_contribution", "correlation"), ("gini_pay", "share"), ("portfolio_r2", "share"),
    # the notebooks' readable labels
    ("NPL ratio", "share"), ("Gini of pay", "share"), ("rank corr. pay ~ contribution", "correlation"),
    ("share explained by portfolio (R²)", "share"), ("pay gap richest − poorest book ¥", "real"),
    ("new loans ¥", "positive"), ("manager pay ¥", "real"), ("approved (%)", "share"),
    ("annualised turnover (% of posts a year)", "positive"), ("something unknown", "real"),
])
def test_kind_of(name, kind):
    assert kind_of(name) == kind


def test_every_headline_number_has_a_kind_that_fits_its_unit():
    from simkit.measure.headline import HEADLINE

    for name, unit, _ in HEADLINE:
        k = kind_of(name)
        assert (k == "share") == (unit in ("%", "0-1")), (name, unit, k)
