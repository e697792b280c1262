"""The one learning rule: every member of staff, every scheme.

Each person keeps a *policy*: a mean ``θ`` over their choices (see :mod:`.space`). Every
period they play choices near it, ``θ + d_t`` with ``d_t = σ_t ε_t`` and ``ε ~ N(0, I)``
from their own seeded stream. Afterwards they know two things:

* how hard the period was — their **effort cost** ``c(θ)``. It is their own body and
  time, so they know it exactly, and its slope too (working faster tires you more);
* what they were **paid** (pay that actually fell due: deferred and annual parts when they
  are settled, loan-loss deductions when provisions are booked).

What they must learn from experience is how *pay* responds to their choices. They compare
this period's pay with what they expected and hold the choices they recently tried
responsible for the surprise (REINFORCE with a baseline, Williams 1992, *Machine Learning*
8:229-256, with an eligibility trace, Sutton & Barto 2018, ch. 12-13), then climb their
utility, pay minus effort:

    z_t = γλ z_{t-1} + d_t                         γ: discount per period, λ: trace decay
    ĝ_t = (pay_t − E_t[pay]) · z_t / σ_t²           a one-trial estimate of ∂pay/∂θ
    τ_t = min(1, c̄ σ_t / s_t)²                      trust: c̄ the role's effort scale (¥),
                                                    s the usual size of a surprise
    θ  += α_t · (τ_t ĝ_t − ∇c(θ)) / c̄
    α_t = α_0 · h / (h + tenure),   σ_t = σ_0

``E_t[pay]`` (:class:`Expectation`) is a running least-squares line of pay in the number of
working days: a 23-day month pays more than a 20-day one under piece rates, not under a
salary, and people learn which from their own payslips. Surprises beyond three usual
sizes are clipped (one freak month does not rewrite habits), and when one trial's slope
estimate is noisier than the effort scale a person trusts it less — by the square of the
ratio, so under very noisy pay habits drift with effort rather than with luck (with a linear
discount, each month's luck still moved a habit by about a full step, and habits wandered).

Why this rule, not the plain REINFORCE on ``pay − effort`` the first version used: that
mixed what a person knows exactly (effort) with what they must learn (pay), so under noisy
schemes the known part drowned in the noise and policies wandered. Splitting them is more
realistic and statistically better; with the shrinking steps policies settle.

The rule sees nothing a person could not know: not borrowers' hidden quality, not
colleagues' pay, not the scheme's formula — only their own trials, pay and effort.
"""
from __future__ import annotations

import numpy as np

MAX_STEP = 1.0  # logit units per period: no single month turns a person's habits upside down
MEMORY = 0.3  # weight of the newest period in what a person expects (about the last three to six periods)


class Expectation:
    """What a person expects to be paid: an exponentially weighted least-squares line in the
    number of working days of the period. Under a salary the line is flat; under piece rates a
    23-day month pays more than a 20-day one, and the person learns that from their own payslips
    rather than mistaking the calendar for the effect of what they just tried."""

    __slots__ = ("m", "spread", "use_days")

    def __init__(self, use_days: bool):
        self.m = None  # running means of 1, x, y, x², xy
        self.spread = None
        self.use_days = use_days

    def predict(self, days: float) -> float:
        _, mx, my, mxx, mxy = self.m
        var = mxx - mx * mx
        slope = (mxy - mx * my) / var if self.use_days and var > 1e-9 else 0.0
        return my + slope * (days - mx)

    def surprise(self, pay: float, days: float) -> float:
        """Pay minus what was expected, in units of the usual surprise, clipped to ±3, times that unit."""
        obs = np.array([1.0, days, pay, days * days, days * pay])
        if self.m is None:
            self.m, self.spread = obs, max(abs(pay) * 0.02, 1e-6)
            return 0.0
        miss = pay - self.predict(days)
        self.m = (1 - MEMORY) * self.m + MEMORY * obs
        out = max(-3.0, min(3.0, miss / self.spread)) * self.spread
        self.spread = (1 - MEMORY) * self.spread + MEMORY * max(abs(miss), 1e-6)
        return out


class Learner:
    __slots__ = ("space", "theta", "z", "d", "tenure", "cfg", "rng", "months", "expect", "fixed_root")

    def __init__(self, space, choices, cfg, rng: np.random.Generator, period_months: int = 1):
        self.space, self.cfg, self.rng, self.months = space, cfg, rng, period_months
        self.theta = space.encode(choices)
        self.z = np.zeros(space.size)
        self.d = np.zeros(space.size)
        self.tenure = 0
        self.expect = Expectation(cfg.per_day)
        self.fixed_root = space.fixed_root(choices)  # unlearned choices still share the effort budget

    def _decay(self) -> float:
        return self.cfg.halflife / (self.cfg.halflife + self.tenure)

    def propose(self, template):
        """The choices to play next period (a trial around the current mean).

        Trials keep their spread for life; what shrinks with tenure is how far one period's
        experience moves a habit (shrinking the trials too would not settle habits: the
        slope estimate's noise grows as the trials shrink)."""
        self.d = self.cfg.exploration * self.rng.standard_normal(self.space.size)
        return self.space.decode(self.theta + self.d, template)

    def mean_choices(self, template):
        return self.space.decode(self.theta, template)

    def update(self, pay: float, days: float) -> None:
        """Learn from the pay that fell due this period (``days``: working days in it)."""
        gamma = self.cfg.discount ** self.months
        self.z = gamma * self.cfg.trace * self.z + self.d
        sigma = self.cfg.exploration
        pay_slope = self.expect.surprise(pay, days) * self.z / sigma ** 2
        effort = self.space.effort_gradient(self.theta, self.fixed_root) * self.months
        # a person whose pay jumps about for no reason they can see trusts each month's surprise
        # less: by the squared ratio of the effort scale to the noise of one trial's slope
        unit = self.space.effort_scale * self.months
        trust = min(1.0, unit * sigma / max(self.expect.spread, 1e-9)) ** 2
        step = self.cfg.rate * self._decay() * (trust * pay_slope - effort) / unit
        self.theta = self.theta + np.clip(step, -MAX_STEP, MAX_STEP)
        self.tenure += 1
