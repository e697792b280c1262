"""The random streams' draws deliver what their parameters say."""
import math

import numpy as np
from scipy import stats

from simkit.branch.rng import pareto_scale, streams


def test_a_capped_pareto_draw_keeps_its_stated_mean():
    """200,000 draws of ``pareto_mean(100_000)`` (alpha 1.161, capped at 40 × the mean): the
    stated mean lies inside the draws' 99.9 % Student-t interval (the cap makes the variance
    finite, so the interval is valid), and no draw exceeds the cap."""
    d = streams(1)["managers"]
    x = np.array([d.pareto_mean(100_000.0) for _ in range(200_000)])
    half = stats.t.ppf(0.9995, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    assert abs(x.mean() - 100_000.0) < half, (x.mean(), half)
    assert x.max() <= 40 * 100_000.0


def test_the_pareto_scale_solves_the_capped_mean():
    """``pareto_scale`` solves u (1 + (1 − (u/cap)^(α−1))/(α − 1)) = 1, and tends to the
    uncapped (α − 1)/α as the cap grows."""
    a = 1.161
    for cap in (10.0, 40.0, 1e3):
        u = pareto_scale(a, cap)
        assert abs(u * (1 + (1 - (u / cap) ** (a - 1)) / (a - 1)) - 1.0) < 1e-12
    assert pareto_scale(a, 40.0) > (a - 1) / a  # the cap takes from the tail: a larger scale keeps the mean
    assert abs(pareto_scale(a, 1e12) - (a - 1) / a) < 0.01
