"""The one learning rule: every member of staff, every scheme.

Each person keeps a *policy*: a mean ``θ`` over their choices (see ``.space``). Every
period they play choices near it, ``θ + d_t`` with ``d_t = σ ω(θ) ε_t`` and ``ε ~ N(0, I)``
from their own seeded stream (``ω``: ``.space.ChoiceSpace.widening``, 1 mid-range).

**What a person knows.** Their effort cost ``c(θ)`` and its slope, exactly (their own body
and time); their own pay scheme — the formula the payslip prints, the assessment rules
published to them; their own payslips, ledger of pay held back and indicators; their own
reading of each loan file; and the branch's loan record. Never a borrower's hidden quality,
never a colleague's pay.

**What they believe a habit pays** is the sum of two slopes (¥ a period per logit unit):

    b_t = m_t · max(0, 1 − 4 v_t / m_t²)   learned from realised pay (``SlopeBelief``)
    f_t = ∂ E[discounted pay | θ] / ∂θ     worked out from their scheme (``.foresight``)
    θ  += α_t · ω(θ)² · (b_t + w f_t − ∇c(θ)) / c̄      w: the role's foresight, 0 to 1
    α_t = α_0 · h / (h + tenure)            c̄: the role's effort scale (¥)

``b_t`` is what their own payslips show: an instrumental-variable slope of pay (calendar taken
out: ``Expectation``) on the trials ``d``, with the eligibility trace
``z_t = γλ z_{t-1} + d_t`` as the instrument (REINFORCE's credit, Williams 1992; Sutton &
Barto 2018, ch. 12-13), weighed by memory ``μ`` a period, believed only as far as it stands
about two standard errors clear of luck (positive-part James-Stein, Efron & Morris 1973).
Pay held back and settled later counts as pay of the periods that earned it
(``.deferred``), and so does pay a loan approved months ago moves (``PayLine.traced``).

``f_t`` is what they can work out: the expected, discounted pay of their habits, computed by
running the real pay code on expected indicators (``simkit.contract``). It is exactly 0
for every habit their pay does not read through an outcome they can foresee — every habit of
a teller or lobby manager, and a customer manager's under deposit-only pay or a salary.
``w = 0`` is the rule before foresight, bit for bit (tests/behaviour/
test_foresight_identity.py): a manager's own 30 files and one bad loan a month then show them
too little, within years, of what a credit habit pays (``simkit.experiment.learnability``).

Behaviour still comes only from pay and effort (docs/design.md rule 1): what foresight changes is
what a person knows about their own pay. How the rule came to be this way, and the limits
measured on the way: ``docs/learning.md``.
"""
from __future__ import annotations

from collections import deque

import numpy as np

from .deferred import BEFORE_HIRE, HISTORY, Deferrals
from .guards import check, check_scalar

MAX_STEP = 1.0  # logit units per period: no single month turns a person's habits upside down
# a pay effect is acted on only as far as it stands clear of noise by about two standard errors
# (belief = b · max(0, 1 − CLEAR · var/b²)); with 1, the plain positive-part James-Stein rule, pay
# that is pure ¥5,000-sd luck still raised effort on average (tests/behaviour/test_learning.py)
CLEAR = 4.0
# weight of the newest period in what a person expects (about the last three to six periods); not
# the scenario's learning.memory, which is how long evidence about a choice is kept (SlopeBelief)
NEWEST = 0.3


class Expectation:
    """What a person expects to be paid: an exponentially weighted least-squares line in the
    number of working days of the period. Under a salary the line is flat; under piece rates a
    23-day month pays more than a 20-day one, and the person learns that from their own payslips
    rather than mistaking the calendar for the effect of what they just tried."""

    __slots__ = ("m", "use_days")

    def __init__(self, use_days: bool):
        self.m = None  # running means of 1, x, y, x², xy
        self.use_days = use_days

    def predict(self, days: float) -> float:
        _, mx, my, mxx, mxy = self.m
        var = mxx - mx * mx
        slope = (mxy - mx * my) / var if self.use_days and var > 1e-9 else 0.0
        return my + slope * (days - mx)

    def surprise(self, pay: float, days: float) -> float:
        """Pay minus what was expected (0 the first time); then the line takes this pay in."""
        obs = np.array([1.0, days, pay, days * days, days * pay])
        if self.m is None:
            self.m = obs
            return 0.0
        miss = pay - self.predict(days)
        self.m = (1 - NEWEST) * self.m + NEWEST * obs
        return miss

    def observe(self, pay: float, days: float) -> float:
        """Pay as if the period had the usual number of working days: the usual pay plus
        ``surprise``. This is what a person learns from — a regression on
        their trials finds its own baseline, so it is not pulled by last months' trials as the
        surprise is."""
        usual = pay if self.m is None else self.m[2]
        return usual + self.surprise(pay, days)


class SlopeBelief:
    """What a person believes each choice does to their pay (¥ a period per logit unit).

    Per choice, a weighted instrumental-variable line of pay ``y`` (calendar taken out:
    ``Expectation.observe``) on the trial ``d``, with the eligibility
    trace ``z`` as the instrument, an intercept, and weights that fade by ``memory`` a period:
    ``b = S_zy / S_zd`` (centred weighted sums). Pay that follows this period's trial is
    credited in full; pay that follows a trial ``k`` periods back, by ``(γλ)^k`` — the credit
    REINFORCE with a trace gives, without its noise. The variance of ``b`` is
    ``σ_e² Σ w² (z − z̄)² / S_zd²``, with the other choices' effects and luck in the residual
    ``e = y − ȳ − b (d − d̄)``. The slope is then shrunk toward zero by the positive-part
    James-Stein factor, asking for about two standard errors: ``max(0, 1 − CLEAR·var/b²)``
    with ``CLEAR`` = 4 (Efron & Morris 1973, *JASA* 68:117-130): evidence that noise explains
    as well as a real effect moves nothing. Until there are more than two effective periods
    of evidence, nothing moves.

    Why not the mean of one-trial estimates ``(pay − expected) · z / σ²``: those carry the
    trial's own square (``g d² / σ²`` spreads √2 g even with no luck at all), and the
    expectation, which follows recent pay, is pulled by last months' trials, which the trace
    still holds responsible; both hid a real effect for years.
    """

    __slots__ = ("memory", "y0", "w", "w2", "y", "yy", "z", "d", "zy", "zd", "dy", "dd", "w2z", "w2zz", "past")

    def __init__(self, size: int, memory: float):
        self.memory, self.y0 = memory, None
        self.past: deque[list] = deque(maxlen=HISTORY)  # [z, d, y] of recent periods, newest last
        self.w = self.w2 = self.y = self.yy = 0.0  # Σw, Σw², Σwy, Σwy²
        self.z, self.d, self.zy, self.zd, self.dy, self.dd = (np.zeros(size) for _ in range(6))  # Σw·(z, d, zy, zd, dy, d²)
        self.w2z, self.w2zz = np.zeros(size), np.zeros(size)  # Σw²z, Σw²z²

    def add(self, z: np.ndarray, d: np.ndarray, y: float) -> None:
        if self.y0 is None:
            self.y0 = y  # sums of squares are taken about the first pay, for precision
        y -= self.y0
        f, f2 = self.memory, self.memory ** 2
        self.w, self.w2, self.y, self.yy = f * self.w + 1.0, f2 * self.w2 + 1.0, f * self.y + y, f * self.yy + y * y
        self.z, self.d = f * self.z + z, f * self.d + d
        self.zy, self.zd, self.dy, self.dd = f * self.zy + z * y, f * self.zd + z * d, f * self.dy + d * y, f * self.dd + d * d
        self.w2z, self.w2zz = f2 * self.w2z + z, f2 * self.w2zz + z * z
        self.past.append([z, d, y])

    def credit(self, ago: int, amount: float) -> None:
        """Add ``amount`` to the pay of the period ``ago`` periods back (pay it earned that
        arrived only now: ``.deferred``), as if it had been paid then."""
        if not 0 <= ago < len(self.past):
            return
        z, d, y = self.past[-1 - ago]
        w = self.memory ** ago  # that period's weight in the sums now
        self.y += w * amount
        self.yy += w * ((y + amount) ** 2 - y * y)
        self.zy, self.dy = self.zy + w * amount * z, self.dy + w * amount * d
        self.past[-1 - ago][2] = y + amount

    def periods(self) -> float:
        """Effective number of periods of evidence (``(Σw)² / Σw²``)."""
        return self.w * self.w / self.w2 if self.w2 else 0.0

    def ready(self) -> bool:
        """More than two effective periods of evidence: a slope and its variance can be told."""
        return self.periods() > 2.0 + 1e-9

    def estimate(self) -> tuple[np.ndarray, np.ndarray]:
        """(slope, its variance) per choice, before shrinking; variance ``inf`` while there are
        two effective periods of evidence or fewer."""
        if not self.ready():
            return np.zeros_like(self.z), np.full_like(self.z, np.inf)
        n = self.periods()
        zbar, dbar, ybar = self.z / self.w, self.d / self.w, self.y / self.w
        szd = self.zd - self.z * dbar
        szd = np.where(np.abs(szd) > 1e-12, szd, 1e-12)
        b = (self.zy - self.z * ybar) / szd
        syy, sdy, sdd = self.yy - self.y * ybar, self.dy - self.d * ybar, self.dd - self.d * dbar
        resid = np.maximum(syy - 2.0 * b * sdy + b * b * sdd, 0.0) / self.w * n / (n - 2.0)
        return b, resid * (self.w2zz - 2.0 * zbar * self.w2z + zbar * zbar * self.w2) / (szd * szd)

    def belief(self) -> np.ndarray:
        b, var = self.estimate()
        return np.maximum(0.0, 1.0 - CLEAR * var / np.maximum(b * b, 1e-300)) * b


class Learner:
    """One person's learning (the rule in this module's docstring): ``propose`` gives the
    choices to play next period, ``read`` learns from that period's payslip."""

    __slots__ = ("space", "theta", "z", "d", "tenure", "settings", "rng", "months", "expect", "fixed_root", "slope",
                 "deferrals", "foreseen", "who")

    def __init__(self, space, choices, settings, rng: np.random.Generator, period_months: int = 1):
        self.space, self.settings, self.rng, self.months = space, settings, rng, period_months
        self.theta = space.encode(choices)
        self.z = np.zeros(space.size)
        self.d = np.zeros(space.size)
        self.tenure = 0
        self.expect = Expectation(settings.per_day)
        self.slope = SlopeBelief(space.size, settings.memory ** period_months)
        self.fixed_root = space.fixed_root(choices)  # unlearned choices still share the effort budget
        self.deferrals = Deferrals()
        self.foreseen = None  # this period's foreseen pay slope (``.foresight``), weighed; None: none
        self.who = f"a {space.role}"  # the person and period, for errors (the simulation names them)

    def _decay(self) -> float:
        return self.settings.halflife / (self.settings.halflife + self.tenure)

    def propose(self, template):
        """The choices to play next period (a trial around the current mean).

        Trials keep their spread for life; what shrinks with tenure is how far one period's
        experience moves a habit (shrinking the trials too would not settle habits: the
        slope estimate's noise grows as the trials shrink)."""
        self.d = self.settings.exploration * self.space.widening(self.theta) * self.rng.standard_normal(self.space.size)
        trial = self.theta + self.d
        check(trial, self.space.labels, f"{self.who}: trial choice (logit units)")
        return self.space.decode(trial, template, self.who)

    def mean_choices(self, template):
        return self.space.decode(self.theta, template, self.who)

    def read(self, slip, days: float, foreseen: np.ndarray | None = None) -> None:
        """Learn from this period's payslip (``days``: working days in the period), and, if
        given, from what they work out their habits pay (``foreseen``: ¥ a period per logit
        unit, already weighed by their foresight; ``.foresight``).

        Pay held back counts as pay of the period that earned it, at face value, as the
        payslip shows it; when it is settled (``.deferred.Deferrals`` says which
        periods a settlement pays for) each period's share replaces what it showed held
        back, discounted by ``γ`` a period for the wait. So half-yearly profit pay is
        learned from month by month, and an annual rating nobody could see coming is
        credited to the months of the year when it is announced. Settlement of work
        before this person was hired is not theirs to learn from. Pay the payslip traces
        to earlier periods' work (a loan's interest or provision, by the month it was
        approved) is moved to those periods, discounted the same way."""
        shares = self.deferrals.trace(slip)
        held = self.deferrals.held
        gamma = self.settings.discount ** self.months
        own = slip.total + slip.held - sum(shares.values())
        later = {ago: gamma ** ago * s - held[-1 - ago] for ago, s in shares.items() if ago != BEFORE_HIRE}
        for ago, amount in slip.traced().items():  # pay this period's records trace to earlier work
            own -= amount
            later[ago] = later.get(ago, 0.0) + gamma ** ago * amount
        self.foreseen = foreseen
        self.update(own + later.pop(0, 0.0), days, later)

    def update(self, pay: float, days: float, earlier: dict[int, float] | None = None) -> None:
        """Learn from the pay earned this period; ``earlier``: ``{periods ago: ¥}`` to add to
        the pay of earlier periods (corrections from settlements: ``read``)."""
        check_scalar(pay, f"{self.who}: pay learned from (¥)")
        gamma = self.settings.discount ** self.months
        self.z = gamma * self.settings.trace * self.z + self.d
        self.slope.add(self.z, self.d, self.expect.observe(pay, days))
        for ago, amount in (earlier or {}).items():
            self.slope.credit(ago, amount)
        if self.slope.ready():  # a new hire first sees what the job pays before easing off
            self._step()
        self.tenure += 1

    def _step(self) -> None:
        effort = self.space.effort_gradient(self.theta, self.fixed_root) * self.months
        unit = self.space.effort_scale * self.months
        gain = self.settings.rate * self._decay() * self.space.widening(self.theta) ** 2
        belief = self.slope.belief()
        check(belief, self.space.labels, f"{self.who}: pay slope believed from payslips (¥ a period per logit unit)")
        if self.foreseen is not None:
            belief = belief + self.foreseen
        step = gain * (belief - effort) / unit
        check(step, self.space.labels, f"{self.who}: learning step (logit units)")  # NaN passes np.clip
        self.theta = self.space.project(self.theta + np.clip(step, -MAX_STEP, MAX_STEP))
