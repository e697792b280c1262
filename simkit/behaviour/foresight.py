"""The contract-aware part of the learning rule: what a person can work out their habits pay.

A person knows their own pay scheme — the formula their payslip prints, the assessment rules
published to them — and can reason with it: "if I screen more, fewer of my loans go bad, and
the provisions my profit pay is charged with fall". Given ``value(choices)``, the expected,
discounted pay of playing ``choices`` this period (built by ``simkit.contract`` from the
person's own scheme, run by the real pay code on expected indicators), ``slope`` is its
slope in each learned choice, in the units the learning rule climbs in (¥ a period per logit
unit), by central differences. The rule adds it, weighed by the role's ``foresight``, to what
it believes from realised pay (``simkit.behaviour.learning.Learner.read``).

Nothing here knows a scheme or an outcome: a choice the value does not read (``value.reads``,
the names of the choices the outcome model uses) has a foreseen slope of exactly 0, and so
does every choice of a person whose pay reads no outcome they can foresee.
"""
from __future__ import annotations

import numpy as np

from .guards import check

STEP = 0.1  # logit units either side: a local slope, wide enough to stay clear of rounding


def slope(space, theta: np.ndarray, template, value, who: str = "") -> np.ndarray:
    """¥ a period per logit unit of each of ``space``'s dimensions, of ``value`` at ``theta``.
    A NaN or infinite slope raises ``simkit.errors.NonFiniteError`` naming ``who`` (the
    person and period) and the choice: the learning rule would carry it into every habit."""
    out = np.zeros(space.size)
    reads = set(getattr(value, "reads", ()))
    for i, (name, _) in enumerate(space.dims):
        if name not in reads:
            continue
        up, down = theta.copy(), theta.copy()
        up[i] += STEP
        down[i] -= STEP
        out[i] = (value(space.decode(up, template, who)) - value(space.decode(down, template, who))) / (2.0 * STEP)
    check(out, space.labels, f"{who or 'a ' + space.role}: foreseen pay slope (¥ a period per logit unit)")
    return out
