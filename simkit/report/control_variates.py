"""A paired difference sharpened by control variates: the interval for E[b − a] over seeds.

Two schemes run on the same seeds give per-seed differences ``d_i = b_i − a_i`` (common random
numbers). Part of each ``d_i`` is luck that can be measured: a quantity ``c_i`` (one or more)
whose difference between the arms has a mean known to be zero, such as the surprise in the
loan files' quality, ``Σ (bad − P(bad))`` over every file read, which has mean zero in each arm
whatever the arm did before (Wald's identity: whether a file exists is settled before its
quality is drawn). Regressing ``d`` on ``c`` and removing the fitted part removes that luck:

    d̂_cv = d̄ − β̂ᵀ c̄,    β̂ = the least-squares slope of d on c (with an intercept),

which is the intercept of the regression ``d_i = θ + βᵀ(c_i − 0) + e_i``: an unbiased estimate
of θ = E[d] when (d, c) are jointly normal, and with q controls over n seeds its interval is

    d̂_cv ± t_{n−q−1} · s_e · sqrt(1/n + c̄ᵀ (Cᵀ C)⁻¹ c̄),  C the centred controls,
    s_e² = Σ e_i² / (n − q − 1),

the control-variate interval of Lavenberg & Welch (1981) as set out by Nelson, "Control variate
remedies", Operations Research 38(6), 1990, and Law & Kelton, *Simulation Modeling and
Analysis*, chapter 11 (variance-reduction techniques: control variates). Its width shrinks
with the squared correlation ``R²`` of d and c by ``sqrt(1 − R²)`` but pays for each control in
degrees of freedom (``t_{n−q−1}`` against ``t_{n−1}``, and the ``c̄`` term), which is why few
controls and strong ones are worth it with few seeds.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from ..errors import SimkitError

__all__ = ["ControlVariateError", "controlled_difference"]


class ControlVariateError(SimkitError, ValueError):
    """Per-seed values that cannot give a control-variate interval (shapes, too few seeds)."""


def _paired(a, b, controls) -> tuple[np.ndarray, np.ndarray]:
    """The per-seed differences ``b − a`` and the controls as an (n, q) array, checked."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    c = np.asarray(controls, dtype=float)
    c = c.reshape(len(c), -1) if c.ndim < 2 else c
    if a.shape != b.shape or c.shape[0] != len(a):
        raise ControlVariateError(f"controlled_difference: a, b and controls need one value per seed "
                                  f"(got {len(a)}, {len(b)} and {c.shape[0]})")
    if not (np.isfinite(a).all() and np.isfinite(b).all() and np.isfinite(c).all()):
        raise ControlVariateError("controlled_difference: a, b and controls must be finite numbers")
    if len(a) < c.shape[1] + 2:
        raise ControlVariateError(f"controlled_difference: {c.shape[1]} control(s) need at least "
                                  f"{c.shape[1] + 2} seeds (got {len(a)})")
    return b - a, c


def controlled_difference(a, b, controls, level: float = 0.95) -> tuple[float, float, float, np.ndarray]:
    """(estimate, low, high, slopes) of E[b − a] with ``a[i]``, ``b[i]`` run on seed i and
    ``controls[i]`` (one number or a row of q numbers) the seed's difference in quantities whose
    mean is known to be zero (see the module docstring). ``slopes`` are the fitted β̂; with
    controls that carry no information the estimate is near the plain paired mean and the
    interval a little wider (q degrees of freedom fewer)."""
    if not 0.0 < level < 1.0:
        raise ControlVariateError(f"controlled_difference: level must lie strictly between 0 and 1 (got {level})")
    d, c = _paired(a, b, controls)
    n, q = c.shape
    centred = c - c.mean(axis=0)
    gram = centred.T @ centred
    if np.linalg.matrix_rank(gram) < q:  # a control with no spread (identical in both arms) says nothing
        raise ControlVariateError("controlled_difference: a control does not vary over the seeds (or two "
                                  "controls move together); leave it out")
    beta = np.linalg.solve(gram, centred.T @ (d - d.mean()))
    mean_c = c.mean(axis=0)
    estimate = float(d.mean() - beta @ mean_c)
    resid = d - d.mean() - centred @ beta
    dof = n - q - 1
    s2 = float(resid @ resid) / dof
    half = float(stats.t.ppf((1 + level) / 2, dof)) * math.sqrt(s2 * (1.0 / n + float(mean_c @ np.linalg.solve(gram, mean_c))))
    return estimate, estimate - half, estimate + half, beta
