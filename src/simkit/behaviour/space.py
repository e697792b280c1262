"""Choices as a vector the learning rule can move, and their effort cost.

Each learnable choice of a role (``behaviour.choices`` in the scenario) lives in a range
``[lo, hi]``; the learner works on an unbounded parameter ``θ`` with
``x = lo + (hi - lo) · sigmoid(θ)``, so no step can leave the range. Product push weights
are ``exp(θ)``, one per product. Nothing here knows any pay scheme.
"""
from __future__ import annotations

import math

import numpy as np


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


class ChoiceSpace:
    """The learnable dimensions of one role."""

    def __init__(self, role: str, ranges: dict, products: list[str], learn_push: bool):
        self.role = role
        self.dims = [(name, r) for name, r in ranges.items() if r.learn]
        self.fixed = {name: r for name, r in ranges.items() if not r.learn}
        self.products = list(products) if learn_push else []
        self.size = len(self.dims) + len(self.products)
        # ¥ a month: the mean full-effort cost of the learned choices, the unit of a learning step
        costs = [r.cost for _, r in self.dims if r.cost > 0]
        self.effort_scale = float(np.mean(costs)) if costs else 1000.0

    def encode(self, choices) -> np.ndarray:
        theta = [_logit((getattr(choices, n) - r.lo) / (r.hi - r.lo)) for n, r in self.dims]
        theta += [math.log(choices.push.get(p, 1.0)) for p in self.products]
        return np.array(theta, dtype=float)

    def decode(self, theta: np.ndarray, template):
        """Choices (same type as ``template``) for parameters ``theta``."""
        upd = {}
        for (name, r), t in zip(self.dims, theta[: len(self.dims)]):
            upd[name] = r.lo + (r.hi - r.lo) / (1.0 + math.exp(-t))
        if self.products:
            upd["push"] = {p: math.exp(t) for p, t in zip(self.products, theta[len(self.dims):])}
        return template.model_copy(update=upd)

    def effort(self, choices) -> float:
        """¥ a month of effort: ``cost · ((x - lo)/(hi - lo))²`` summed over choices."""
        total = 0.0
        for name, r in self.dims + list(self.fixed.items()):
            z = (getattr(choices, name) - r.lo) / (r.hi - r.lo)
            total += r.cost * max(0.0, z) ** 2
        return total

    def effort_gradient(self, theta: np.ndarray) -> np.ndarray:
        """Slope of :meth:`effort` in ``θ`` (¥ a month per logit unit); push weights cost nothing."""
        g = np.zeros(self.size)
        for i, ((_, r), t) in enumerate(zip(self.dims, theta[: len(self.dims)])):
            z = 1.0 / (1.0 + math.exp(-t))
            g[i] = 2.0 * r.cost * z * z * (1.0 - z)  # d/dθ cost·z², z = sigmoid(θ)
        return g

    def clip(self, choices):
        """Bring hand-set starting choices inside their ranges."""
        upd = {n: min(max(getattr(choices, n), r.lo), r.hi) for n, r in self.dims + list(self.fixed.items())}
        return choices.model_copy(update=upd)
