"""Quitting and hiring: who works in the branch changes with what the job is worth.

A person compares their utility (pay − effort, ¥ a month) with the outside option for their
role. After ``patience`` months in a row below it, they quit with probability ``quit_prob``
a month (``1 − (1 − quit_prob)^m`` over a period of ``m`` months); held-back pay is
forfeited. A new hire takes the post with abilities drawn around 1 (lognormal), the role's
starting choices and a fresh learner. So a scheme changes *who* works in the branch as well
as how hard (Lazear 2000, "Performance pay and productivity", AER 90:1346-1361: half of
Safelite's gain was selection).

With ``behaviour.turnover.market`` enabled, ``simkit.behaviour.labour`` replaces both
rules: a smooth quit hazard at an outside option that rises with ability, and applicants who
accept a post only if its scheme pays them enough for their ability.

Calibration (``behaviour.turnover`` in the scenario): a person kept below the outside
option quits within a year with probability ``1 − 0.975¹² ≈ 26 %``, seed 002's 20–30 %
yearly teller turnover in branches under pressure and fines. (Why not faster: at 50 % a
month a dissatisfied teller leaves within about four months, turnover reaches 120 % a year
under sales quotas and 300 % under heavy fines, and quota tellers are mostly new hires who
never learn the job's selling; docs/history.md.)
"""
from __future__ import annotations

import math

from ..scenario.models import Ability


class Tenure:
    """How long a post's holder has been below their outside option, and how many were hired."""

    __slots__ = ("below", "hires", "vacancies")

    def __init__(self):
        self.below = 0  # months in a row below the outside option
        self.hires = 0
        self.vacancies: list = []  # each hire's simkit.behaviour.labour.Hire: offers made, months vacant

    def quits(self, utility: float, outside: float, cfg, u: float, months: int = 1) -> bool:
        """Whether the holder quits after a period of ``months`` months with ``utility`` (¥ for
        the whole period; ``outside`` is ¥ a month); ``u`` is a uniform draw."""
        self.below = self.below + months if utility < outside * months else 0
        return self.below >= cfg.patience and u < 1.0 - (1.0 - cfg.quit_prob) ** months


def new_hire_ability(old: Ability, cfg, rng) -> Ability:
    """Abilities of a new hire: lognormal around 1; connections and portfolio stay with the post."""
    s = cfg.ability_sd
    draw = lambda: math.exp(s * rng.standard_normal() - s * s / 2)  # noqa: E731  mean 1
    return old.model_copy(update={"speed": draw(), "accuracy": draw(), "selling": draw(), "connections": 0.0})
