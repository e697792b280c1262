"""Service-time samplers compiled from :class:`~simkit.scenario.models.Dist`.

Each customer carries two standard draws made when they arrive (an exponential ``e`` and
a normal ``z``): their *work content*. A sampler turns them into minutes for the channel
the customer ends up in. So the same customer brings the same amount of work whatever
the lobby manager decides, which keeps scheme comparisons on common random numbers.
"""
from __future__ import annotations

import math
from typing import Callable

from .rng import Draws

Sampler = Callable[[float, float], float]


def compile_dist(dist) -> Sampler:
    """Return ``f(e, z) -> minutes`` with the distribution's mean (and cv)."""
    mean, cv = dist.mean, dist.cv
    if dist.dist == "exponential":
        return lambda e, z: mean * e
    if dist.dist == "deterministic":
        return lambda e, z: mean
    if dist.dist == "lognormal":
        s2 = math.log1p(cv * cv)
        mu, s = math.log(mean) - s2 / 2.0, math.sqrt(s2)
        return lambda e, z: math.exp(mu + s * z)
    if dist.dist == "gamma":
        # Wilson-Hilferty: a gamma quantile from a normal one, accurate for shape >= 0.5
        k = 1.0 / (cv * cv)
        c = 1.0 / (9.0 * k)
        return lambda e, z: mean * max(1.0 - c + z * math.sqrt(c), 1e-9) ** 3
    raise ValueError(f"unknown distribution {dist.dist!r}")


def fresh(sampler: Sampler, d: Draws) -> float:
    """A new, independent duration from ``sampler`` using the stream ``d``."""
    return sampler(d.expo(), d.normal())
