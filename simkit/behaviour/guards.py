"""Finite-value checks where numbers enter a run's loop.

A NaN or an infinity that reaches a choice hangs or corrupts a run without a word: a NaN
pace gives NaN service times, which SimPy schedules nowhere, and every comparison with a
NaN is false, so a clip or a bound lets it through. So the numbers that carry one period
into the next — beliefs, learning steps, foreseen slopes, the choices handed to the branch,
pay — are checked where they are made, once a period (small arrays: microseconds), and a
non-finite one stops the run with ``simkit.errors.NonFiniteError`` naming the person,
the period and the quantity.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import NonFiniteError

#: what a non-finite learning quantity usually means (the scenario's bounds keep valid runs finite)
HINT = ("an extreme number in the scenario let it overflow; look for a huge value in behaviour.learning, "
        "behaviour.choices or the pay scheme")


def check(values, labels, where: str, hint: str = HINT) -> None:
    """Raise ``NonFiniteError`` naming the first of ``values`` (labelled ``labels``) that
    is NaN or infinite: ``where`` names the person, period and quantity."""
    values = np.asarray(values, dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise NonFiniteError(f"{where}: {labels[i]}", float(values.flat[i]), hint)


def check_scalar(value: float, where: str, hint: str = HINT) -> None:
    """``check`` for one number."""
    if not math.isfinite(value):
        raise NonFiniteError(where, value, hint)
