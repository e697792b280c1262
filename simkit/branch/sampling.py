"""Service-time samplers compiled from ``simkit.scenario.models.Dist``.

Each customer carries two standard draws made when they arrive (an exponential ``e`` and
a normal ``z``): their *work content*. A sampler turns them into minutes for the channel
the customer ends up in. So the same customer brings the same amount of work whatever
the lobby manager decides, which keeps scheme comparisons on common random numbers.

Each compiled sampler is checked once, at the most extreme draws a run can meet (it is
monotone in each draw): a distribution whose minutes would be NaN, infinite or negative
there raises ``simkit.errors.NonFiniteError`` before the run starts, instead of
leaving SimPy to schedule a NaN (customers silently never served). Nothing is checked per
customer.
"""
from __future__ import annotations

import math
from typing import Callable

from ..errors import NonFiniteError
from ..limits import MAX_GAMMA_CV
from ..scenario.errors import Problem, ScenarioError
from .rng import Draws

Sampler = Callable[[float, float], float]

# (stated reason) the largest standard draws a run can meet: a standard normal beyond ±9, or a
# standard exponential beyond 45, has a chance below 3e-19 a draw (under 1e-9 in a billion draws)
Z_MAX, E_MAX = 9.0, 45.0
# Wilson-Hilferty's cube-of-a-normal gamma quantile is accurate for shape k = 1/cv² >= 0.5
# (Wilson & Hilferty 1931, PNAS 17:684-688; its error grows fast below): cv up to √2, the
# bound validation applies too
GAMMA_CV_MAX = MAX_GAMMA_CV


def compile_dist(dist, where: str = "") -> Sampler:
    """Return ``f(e, z) -> minutes`` with the distribution's mean (and cv).

    ``where`` names the distribution in errors (its field path, e.g.
    ``needs.cash_deposit.channels.teller``). Raises ``ScenarioError`` for a gamma
    outside the range its approximation is accurate in, and ``NonFiniteError`` for
    a sampler that would give NaN, infinite or negative minutes at the extreme draws."""
    sampler = _compile(dist, where)
    _check_extremes(sampler, dist, where)
    return sampler


def _check_extremes(sampler: Sampler, dist, where: str) -> None:
    """Raise ``NonFiniteError`` if ``sampler`` gives NaN, infinite or negative minutes
    at the extreme draws (``Z_MAX``, ``E_MAX``; every sampler is monotone in each draw)."""
    for e in (0.0, E_MAX):
        for z in (-Z_MAX, 0.0, Z_MAX):
            try:
                minutes = sampler(e, z)
            except OverflowError:  # math.exp past the largest double
                minutes = math.inf
            if not (math.isfinite(minutes) and minutes >= 0.0):
                name = where or f"a {dist.dist} duration"
                raise NonFiniteError(f"{name} (mean {dist.mean:g}, cv {dist.cv:g}): minutes at a draw of "
                                     f"e={e:g}, z={z:g}", minutes,
                                     "its mean or cv is too large for a double; a service takes minutes to hours")


def _compile(dist, where: str) -> Sampler:
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
        if not 0.0 < cv <= GAMMA_CV_MAX:  # also refuses a NaN cv
            raise ScenarioError([Problem(
                "scenario", where or "dist", repr(cv),
                f"a gamma duration is drawn by the Wilson-Hilferty approximation, accurate only for a cv above 0 "
                f"and up to √2 = {GAMMA_CV_MAX:.4f} (shape 1/cv² >= 0.5); allowed: a cv up to {GAMMA_CV_MAX:.4f}, "
                "or dist: lognormal for a wider spread")])
        if cv * cv == 0.0:  # cv below about 1.5e-162: an infinite shape, every draw is the mean
            return lambda e, z: mean
        k = 1.0 / (cv * cv)
        c = 1.0 / (9.0 * k)
        return lambda e, z: mean * max(1.0 - c + z * math.sqrt(c), 1e-9) ** 3
    raise ValueError(f"unknown distribution {dist.dist!r}")


def fresh(sampler: Sampler, d: Draws) -> float:
    """A new, independent duration from ``sampler`` using the stream ``d``."""
    return sampler(d.expo(), d.normal())
