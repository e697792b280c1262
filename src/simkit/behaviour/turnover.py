"""Quitting and hiring: who works in the branch changes with what the job is worth.

A person compares their utility (pay − effort) with the outside option for their role.
After ``patience`` periods in a row below it, they quit with probability ``quit_prob``
each period; held-back pay is forfeited. A new hire takes the post with abilities drawn
around 1 (lognormal), the role's starting choices and a fresh learner. So a scheme changes
*who* works in the branch as well as how hard (Lazear 2000, "Performance pay and
productivity", AER 90:1346-1361: half of Safelite's gain was selection).
"""
from __future__ import annotations

import math

from ..scenario.models import Ability


class Tenure:
    __slots__ = ("below", "hires")

    def __init__(self):
        self.below = 0
        self.hires = 0

    def quits(self, utility: float, outside: float, cfg, u: float) -> bool:
        self.below = self.below + 1 if utility < outside else 0
        return self.below >= cfg.patience and u < cfg.quit_prob


def new_hire_ability(old: Ability, cfg, rng) -> Ability:
    """Abilities of a new hire: lognormal around 1; connections and portfolio stay with the post."""
    s = cfg.ability_sd
    draw = lambda: math.exp(s * rng.standard_normal() - s * s / 2)  # noqa: E731  mean 1
    return old.model_copy(update={"speed": draw(), "accuracy": draw(), "selling": draw(), "connections": 0.0})
