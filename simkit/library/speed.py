"""How fast pay acts: the month by which half of each effect shows, read from the library.

Field evidence moves within months (Agarwal & Ben-David 2018: loan officers' approvals changed
in the first months of volume pay; Lazear 2000: Safelite's output rose in the first months
after the switch), so the speed of the model's effects is part of how far it can be trusted.
For each effect of ``simkit.library.findings.EFFECTS`` shown by the library:

* ``D(t)``: the mean over replications of the paired monthly difference (scheme − reference
  in month ``t``; a ratio metric as each month's ratio of the two sums);
* the *final* effect: the mean of ``D`` over the effect's last months (its ``tail``);
* ``S(t)``: the trailing three-month mean of ``D`` (months ``t-2 .. t``), so that one noisy
  month neither reaches nor leaves the half on its own, and ``S(t)`` uses no later month;
* **months to half**: the first month from which ``S`` stays at least half the final effect,
  on the final effect's side, to the end of the run.

A fairness measure (taken once over the last months) has no monthly path and is left out.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .findings import EFFECTS, effects_table
from .read import series
from .spec import LIBRARY

__all__ = ["SMOOTHING", "monthly_difference", "months_to_half", "speed_table"]

#: months in the trailing mean: a quarter, the shortest span a branch's monthly reports are
#: read over (stated reason), and short beside the 24-36 months of a run
SMOOTHING = 3


def _monthly(experiment: str, metric: str, role: str | None, library: Path) -> pd.Series:
    """Each (arm, replication, period)'s value of ``metric``; ``"A/B"``: the month's ratio."""
    def values(name: str) -> pd.Series:
        rows = series(experiment, name, role=role, library=library)
        return rows.set_index(["arm", "replication", "period"])["value"]
    if "/" in metric:
        top, bottom = metric.split("/", 1)
        return (values(top) / values(bottom)).replace([np.inf, -np.inf], np.nan)
    return values(metric)


def monthly_difference(experiment: str, scheme: str, reference: str, metric: str, role: str | None = None,
                       library: Path = LIBRARY) -> pd.Series:
    """``D(t)``: the mean over replications of scheme − reference in each month (index: month,
    1-based)."""
    values = _monthly(experiment, metric, role, library)
    paired = values.loc[scheme] - values.loc[reference]  # aligned on (replication, period)
    by_month = paired.groupby(level="period").mean()
    by_month.index = by_month.index.astype(int) + 1
    return by_month.sort_index()


def months_to_half(difference: pd.Series, final: float) -> int | None:
    """The first month from which the trailing mean of ``difference`` stays at least half of
    ``final`` on ``final``'s side (None: it never does, or ``final`` is 0)."""
    if not np.isfinite(final) or final == 0:
        return None
    smoothed = difference.rolling(SMOOTHING, min_periods=1).mean() * np.sign(final)
    beyond = (smoothed >= abs(final) / 2).to_numpy()
    if not beyond[-1]:
        return None
    last_short = np.flatnonzero(~beyond)
    return int(difference.index[last_short[-1] + 1] if len(last_short) else difference.index[0])


def speed_table(names=None, library: Path = LIBRARY) -> pd.DataFrame:
    """One row per effect the library shows (``shown == "yes"``) and that has a monthly path:
    its months in the run, the final effect (mean of ``D`` over its last months) and the months
    to half of it."""
    shown = effects_table(names, library=library).set_index("effect")["shown"]
    rows = []
    for name, experiment, scheme, reference, metric, role, tail, _sign in EFFECTS:
        if name not in shown.index or shown[name] != "yes":
            continue
        difference = monthly_difference(experiment, scheme, reference, metric, role, library)
        if difference.empty:  # a fairness measure: no months
            continue
        final = float(difference.iloc[-tail:].mean())
        rows.append({"effect": name, "months in run": int(difference.index[-1]), "final": final,
                     "months to half": months_to_half(difference, final)})
    return pd.DataFrame(rows)
