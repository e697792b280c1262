"""Goodness-of-fit figures for ``simkit fit``, one PNG per fitted quantity.

Each figure puts the data beside the fitted model: hourly rates with their intervals and
every day's own rate; day-of-month factors with intervals; per business type the service
times' histogram under the fitted lognormal density and a quantile-quantile plot; patience's
Kaplan-Meier curve with its band under the fitted survival curves. Figures are drawn on
``matplotlib.figure.Figure`` with the Agg canvas, so no screen and no pyplot state are needed.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from scipy import stats

__all__ = ["hourly_figure", "days_figure", "service_figure", "patience_figure"]

#: (stated reason) dots per inch: sharp on a laptop screen, a few tens of kB per figure
DPI = 110


def _save(figure: Figure, path: Path) -> Path:
    FigureCanvasAgg(figure)
    figure.savefig(path, dpi=DPI)
    return path


def hourly_figure(hourly: pd.DataFrame, counts: pd.DataFrame, exposure: pd.Series, path: Path) -> Path:
    """Fitted customers an hour with intervals, and each day's own rate scaled by its day factor (grey)."""
    figure = Figure(figsize=(7, 4), layout="constrained")
    ax = figure.add_subplot()
    day_total = counts.sum(axis=1)
    scaled = counts.div(day_total / day_total.mean(), axis=0).div(exposure, axis=1)
    for _, row in scaled.iterrows():
        ax.plot(hourly["hour"], row.to_numpy(), color="0.8", lw=0.8, zorder=1)
    errors = [hourly["rate"] - hourly["low"], hourly["high"] - hourly["rate"]]
    ax.errorbar(hourly["hour"], hourly["rate"], yerr=errors, fmt="o-", color="C0", capsize=3, zorder=2,
                label=f"fitted rate (dispersion {hourly['dispersion'].iloc[0]:.2f}; 1 = Poisson)")
    ax.set(xlabel="clock hour", ylabel="tickets an hour", title="Arrivals by hour of day (grey: each day)")
    ax.legend(loc="best", fontsize=8)
    return _save(figure, path)


def days_figure(days: pd.DataFrame, path: Path) -> Path:
    """Each day of the month's traffic factor with its interval; 1 is a day of average traffic."""
    figure = Figure(figsize=(7, 3.5), layout="constrained")
    ax = figure.add_subplot()
    errors = [days["factor"] - days["low"], days["high"] - days["factor"]]
    ax.errorbar(days["day_of_month"], days["factor"], yerr=errors, fmt="o", color="C1", capsize=3)
    ax.axhline(1.0, color="0.5", lw=0.8, ls="--")
    ax.set(xlabel="day of month", ylabel="traffic factor", title="Arrivals by day of month")
    return _save(figure, path)


def service_figure(minutes, fit: dict, need: str, path: Path) -> Path:
    """Service times of one business type: histogram under the fitted lognormal, and a Q-Q plot."""
    x = np.sort(np.asarray(minutes, dtype=float))
    model = stats.lognorm(s=fit["sigma"], scale=math.exp(fit["mu"]))
    figure = Figure(figsize=(8, 3.5), layout="constrained")
    left, right = figure.add_subplot(1, 2, 1), figure.add_subplot(1, 2, 2)
    left.hist(x, bins=min(60, max(10, len(x) // 20)), density=True, color="0.75")
    grid = np.linspace(0, np.quantile(x, 0.99), 300)
    left.plot(grid, model.pdf(grid), color="C0", label=f"lognormal mean {fit['mean']:.2f}, cv {fit['cv']:.2f}")
    left.set(xlabel="minutes", ylabel="density", title=f"Service: {need} (n = {fit['n']:,})")
    left.legend(fontsize=8)
    theory = model.ppf((np.arange(1, len(x) + 1) - 0.5) / len(x))
    right.plot(theory, x, ".", ms=3, color="C0")
    top = max(theory[-1], x[-1])
    right.plot([0, top], [0, top], color="0.5", lw=0.8)
    right.set(xlabel="fitted quantile (minutes)", ylabel="observed (minutes)", title=f"Q-Q (KS distance {fit['ks']:.3f})")
    return _save(figure, path)


def patience_figure(curve: pd.DataFrame, patience: dict, level: float, path: Path) -> Path:
    """Kaplan-Meier survival of patience with its band, under both fitted survival curves (the kept one solid)."""
    figure = Figure(figsize=(7, 4), layout="constrained")
    ax = figure.add_subplot()
    z = stats.norm.ppf((1 + level) / 2)
    ax.step(curve["t"], curve["survival"], where="post", color="k", label="Kaplan-Meier")
    ax.fill_between(curve["t"], curve["survival"] - z * curve["se"], curve["survival"] + z * curve["se"], step="post",
                    color="0.8", label=f"{level:.0%} band")
    grid = np.linspace(1e-3, max(curve["t"].max(), 1.0) * 1.05, 300)
    fits = patience["fits"]
    lognormal = stats.lognorm(s=fits["lognormal"]["sigma"], scale=math.exp(fits["lognormal"]["mu"]))
    for name, survival in (("lognormal", lognormal.sf(grid)), ("exponential", np.exp(-grid / fits["exponential"]["mean"]))):
        kept = name == patience["best"]["dist"]
        ax.plot(grid, survival, ls="-" if kept else "--", color="C0" if name == "lognormal" else "C3",
                label=f"{name} (mean {fits[name]['mean']:.1f} min, AIC {fits[name]['aic']:.1f}){' kept' if kept else ''}")
    ax.set(xlabel="minutes waited", ylabel="share still waiting", ylim=(0, 1.02),
           title=f"Patience ({patience['left']:,} left of {patience['n']:,} who waited)")
    ax.legend(fontsize=8)
    return _save(figure, path)
