"""The one learning rule: every member of staff, every scheme.

Each person keeps a *policy*: a mean ``θ`` over their choices (see :mod:`.space`). Every
period they try choices near it, ``θ + σ_t ε`` with ``ε ~ N(0, I)`` from their own seeded
stream, and afterwards see one number: their utility,

    u = pay actually received this period − effort cost of the choices they made.

They move the mean towards trials that did better than they expected (REINFORCE with a
baseline, Williams 1992, *Machine Learning* 8:229-256) and, because pay can arrive
months after the choice that earned it (loan losses, half-yearly settlement, annual
ratings), they hold recent trials responsible through an eligibility trace
(Sutton & Barto 2018, *Reinforcement Learning*, ch. 12-13):

    z_t = γλ z_{t-1} + ε_t                 (γ: the person's discount, λ: trace decay)
    A_t = (u_t − b_t) / s_t                (b: what they expected, s: running spread)
    θ  += α_t · A_t · z_t
    α_t = α_0 · h / (h + tenure),  σ_t = σ_0 · sqrt(h / (h + tenure))

What a person expects, ``b_t``, is a running mean of their recent utility. Utility is
judged per working day (``Learning.per_day``), so a 23-day month is not mistaken for a
success of whatever was just tried. (A trend-following expectation — Holt's smoothing —
was tried for pay on growing stocks and made policies wander: it extrapolates noise.)

Steps and trials shrink with tenure, so choices settle. The rule sees nothing a person
could not know: not borrowers' hidden quality, not colleagues' pay, not the scheme's
formula — only their own trials and their own utility.
"""
from __future__ import annotations

import math

import numpy as np


class Learner:
    __slots__ = ("space", "theta", "z", "eps", "base", "spread", "tenure", "cfg", "rng", "months")

    def __init__(self, space, choices, cfg, rng: np.random.Generator, period_months: int = 1):
        self.space, self.cfg, self.rng, self.months = space, cfg, rng, period_months
        self.theta = space.encode(choices)
        self.z = np.zeros(space.size)
        self.eps = np.zeros(space.size)
        self.base = None
        self.spread = None
        self.tenure = 0

    def _decay(self) -> float:
        return self.cfg.halflife / (self.cfg.halflife + self.tenure)

    def propose(self, template):
        """The choices to play next period (a trial around the current mean)."""
        self.eps = self.rng.standard_normal(self.space.size)
        sigma = self.cfg.exploration * math.sqrt(self._decay())
        return self.space.decode(self.theta + sigma * self.eps, template)

    def mean_choices(self, template):
        return self.space.decode(self.theta, template)

    def update(self, utility: float) -> None:
        """Learn from this period's utility (pay received minus effort)."""
        gamma = self.cfg.discount ** self.months
        self.z = gamma * self.cfg.trace * self.z + self.eps
        if self.base is None:
            self.base, self.spread = utility, max(abs(utility) * 0.05, 1e-6)
        adv = (utility - self.base) / self.spread
        self.theta = self.theta + self.cfg.rate * self._decay() * max(-3.0, min(3.0, adv)) * self.z
        # running expectation and spread: recent experience counts most
        self.spread = 0.8 * self.spread + 0.2 * max(abs(utility - self.base), 1e-6)
        self.base = 0.7 * self.base + 0.3 * utility
        self.tenure += 1
