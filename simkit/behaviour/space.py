"""Choices as a vector the learning rule can move, and their effort cost.

Each learnable choice of a role (``behaviour.choices`` in the scenario) lives in a range
``[lo, hi]``; the learner works on a parameter ``θ`` on one of two scales
(``behaviour.learning.scale``):

* ``logit``: ``θ`` unbounded, ``x = lo + (hi - lo) · sigmoid(θ)``, so no step can leave the
  range. Near an end a unit of ``θ`` moves the choice little; trials and steps are widened to
  make up for it (``ChoiceSpace.widening``), at most ``WIDEN`` times, so a choice that
  reaches an end moves on ever more slowly: the effort slope in ``θ`` vanishes there with
  the sigmoid's, and a habit can stay at an end that pays nothing for it.
* ``linear``: ``θ = 4 z`` on ``[0, 4]`` (``z``, the share of the range), so one unit moves a
  choice as far as one logit unit does mid-range; a trial past an end plays the end, and a
  step past it stops there (``ChoiceSpace.project``). Pay and effort slopes keep their
  size at the ends: a habit at an end that pays nothing for it is pulled back by its effort
  cost.

Product push weights are ``exp(θ)``, one per product. Nothing here knows any pay scheme.

Effort cost. With ``z_i = (x_i - lo_i)/(hi_i - lo_i)`` and ``c_i`` the cost of choice ``i`` at
the top of its range::

    cost = (1 - ρ) · Σ c_i z_i²  +  ρ · (Σ √c_i z_i)²

``ρ = 0``: separate costs, effort on one task leaves the others' marginal cost alone.
``ρ = 1``: Holmström & Milgrom's (1991, JLEO 7:24-52) cost of *total* effort ``C(t₁ + t₂)``:
tasks draw on the same time and attention, so pushing one makes every other dearer at the
margin. That is what lets a bonus on a measured task crowd out an unpaid one (their central
result), with no link between the two tasks in the branch itself. Either way, one choice
alone at the top of its range (the others at their least) costs exactly ``c_i``.
"""
from __future__ import annotations

import math

import numpy as np

from ..arguments import ArgumentError
from ..errors import NonFiniteError
from .guards import HINT

WIDEN = 3.0  # at most this many times the mid-range trial spread (in θ) near a range's ends
SCALES = ("logit", "linear")  # how θ maps onto a choice's range (the module docstring)
QUARTER = 4.0  # linear θ runs over [0, 4]: mid-range, the sigmoid moves a quarter of the range per logit unit


def widen(z):
    """``1 / (4 z (1 − z))``, at most ``WIDEN``: how much less one unit of ``θ`` moves a
    choice sitting at share ``z`` of its range than in the middle (see
    ``ChoiceSpace.widening``)."""
    return 1.0 / np.maximum(4.0 * z * (1.0 - z), 1.0 / WIDEN)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


class ChoiceSpace:
    """The learnable dimensions of one role: ``encode`` choices into ``θ``, ``decode`` back, the
    effort cost and its slope, on the ``scale`` the module docstring describes."""

    def __init__(self, role: str, ranges: dict, products: list[str], learn_push: bool,
                 substitution: float = 0.0, scale: str = "logit"):
        if scale not in SCALES:
            raise ArgumentError("scale", f"one of {', '.join(SCALES)}", scale)
        self.role = role
        self.rho = substitution
        self.linear = scale == "linear"
        self.dims = [(name, r) for name, r in ranges.items() if r.learn]
        self.fixed = {name: r for name, r in ranges.items() if not r.learn}
        self.products = list(products) if learn_push else []
        # costs at the top of each range, learned choices first (the order of θ), then the fixed ones
        self._all = self.dims + list(self.fixed.items())
        self._cost = np.array([r.cost for _, r in self._all])
        self._root = np.sqrt(self._cost)
        self.size = len(self.dims) + len(self.products)
        self.labels = [name for name, _ in self.dims] + [f"push.{p}" for p in self.products]  # θ's entries
        # ¥ a month: the mean full-effort cost of the learned choices, the unit of a learning step
        costs = [r.cost for _, r in self.dims if r.cost > 0]
        self.effort_scale = float(np.mean(costs)) if costs else 1000.0

    def encode(self, choices) -> np.ndarray:
        if self.linear:
            theta = [QUARTER * min(max((getattr(choices, n) - r.lo) / (r.hi - r.lo), 0.0), 1.0) for n, r in self.dims]
        else:
            theta = [_logit((getattr(choices, n) - r.lo) / (r.hi - r.lo)) for n, r in self.dims]
        theta += [math.log(choices.push.get(p, 1.0)) for p in self.products]
        return np.array(theta, dtype=float)

    def decode(self, theta: np.ndarray, template, who: str = ""):
        """Choices (same type as ``template``) for parameters ``theta``.

        Every choice handed on is finite: a NaN or infinite one (a range too wide for a
        double, a push weight ``exp(θ)`` past 1.8e308) raises ``NonFiniteError``
        naming ``who`` (the person and period; default: the role) and the choice, since the
        branch would hang on it. ``θ`` far below -709 gives the bottom of the range (the
        sigmoid is 0 to double precision there) instead of an overflow."""
        upd = {}
        for (name, r), t in zip(self.dims, theta[: len(self.dims)]):
            if self.linear:
                upd[name] = r.lo + (r.hi - r.lo) * min(max(t / QUARTER, 0.0), 1.0)
            else:
                try:
                    upd[name] = r.lo + (r.hi - r.lo) / (1.0 + math.exp(-t))
                except OverflowError:  # exp(-t) past the largest double: the sigmoid is 0
                    upd[name] = r.lo
            if not math.isfinite(upd[name]):
                raise NonFiniteError(f"{who or 'a ' + self.role}: choice {name}", upd[name], HINT)
        if self.products:
            try:
                upd["push"] = {p: math.exp(t) for p, t in zip(self.products, theta[len(self.dims):])}
            except OverflowError:
                raise NonFiniteError(f"{who or 'a ' + self.role}: a push weight", math.inf, HINT) from None
            if not all(map(math.isfinite, upd["push"].values())):
                raise NonFiniteError(f"{who or 'a ' + self.role}: a push weight", math.nan, HINT)
        return template.model_copy(update=upd)

    def widening(self, theta: np.ndarray) -> np.ndarray:
        """``1 / (4 z (1 − z))`` per dimension, at most ``WIDEN`` (push weights: 1): how much
        less one unit of ``θ`` moves a choice where it sits than in the middle of its range.

        The learning rule scales trials by it and steps by its square (a gradient step in θ
        shrinks with the sigmoid's slope squared), so both are about the same share of the
        range wherever the choice sits; ``.learning`` says why. The cap keeps the logit's
        protection at the very ends."""
        out = np.ones(self.size)
        n = len(self.dims)
        if not self.linear:  # linear θ moves a choice equally far everywhere
            out[:n] = widen(1.0 / (1.0 + np.exp(-theta[:n])))
        return out

    def project(self, theta: np.ndarray) -> np.ndarray:
        """``θ`` with every learned choice brought inside its range (linear scale: ``[0, 4]``);
        on the logit scale every ``θ`` is inside, and ``theta`` itself is returned."""
        if not self.linear:
            return theta
        out = theta.copy()
        n = len(self.dims)
        out[:n] = np.clip(out[:n], 0.0, QUARTER)
        return out

    def _z(self, choices, dims) -> np.ndarray:
        return np.array([max(0.0, (getattr(choices, n) - r.lo) / (r.hi - r.lo)) for n, r in dims])

    def fixed_root(self, choices) -> float:
        """``Σ √c_i z_i`` over the choices that are not learned (they enter the shared term)."""
        n = len(self.dims)
        return float(self._root[n:] @ self._z(choices, self._all[n:])) if self.fixed else 0.0

    def effort(self, choices) -> float:
        """¥ a month of effort (see the module docstring)."""
        z = self._z(choices, self._all)
        return float((1.0 - self.rho) * (self._cost @ (z * z)) + self.rho * (self._root @ z) ** 2)

    def effort_gradient(self, theta: np.ndarray, fixed_root: float = 0.0) -> np.ndarray:
        """Slope of ``effort`` in ``θ`` (¥ a month per logit unit); push weights cost nothing.
        ``fixed_root``: ``fixed_root`` of the person's unlearned choices."""
        n = len(self.dims)
        g = np.zeros(self.size)
        c, root = self._cost[:n], self._root[:n]
        if self.linear:
            z = np.clip(theta[:n] / QUARTER, 0.0, 1.0)
            shared = root @ z + fixed_root
            g[:n] = (2.0 * (1.0 - self.rho) * c * z + 2.0 * self.rho * root * shared) / QUARTER  # dz/dθ = 1/4
            return g
        z = 1.0 / (1.0 + np.exp(-theta[:n]))
        shared = root @ z + fixed_root
        g[:n] = (2.0 * (1.0 - self.rho) * c * z + 2.0 * self.rho * root * shared) * z * (1.0 - z)  # z = sigmoid(θ)
        return g

    def clip(self, choices):
        """Bring hand-set starting choices inside their ranges."""
        upd = {n: min(max(getattr(choices, n), r.lo), r.hi) for n, r in self._all}
        return choices.model_copy(update=upd)
