"""Dose-response: the same scheme at rising strength, read from the library.

A pay effect that is real should grow with the dose: a larger fine per error should bring
fewer errors, a larger volume bonus more loans. The library's ``dose_*`` experiments run one
scheme at four strengths, each a doubling of the last (the fines start from none), on the same
replications. For each response here:

* each replication's value at each dose (``simkit.library.per_replication``: the mean over the
  last six months, or the months a response names, a ratio of sums for ``"A/B"``);
* each replication's least-squares slope of that value on the dose's step (0, 1, 2, 3: one
  step a doubling), and a Student-t interval of the slopes over the replications (paired by
  construction: every dose of a replication meets the same customers);
* the dose-response is **shown** when that interval excludes zero on the predicted side;
  ``steps`` says how many of the three steps move the mean in the predicted direction.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..report.intervals import interval
from .read import TAIL, per_replication
from .spec import LIBRARY

__all__ = ["RESPONSES", "dose_response"]

_FINES = ("dose_fines", ("fine_0", "teller_piece_rate_fines", "fine_80", "fine_160"), ("¥0", "¥40", "¥80", "¥160"))
_PIECE = ("dose_piece_rate", ("piece_0.75", "teller_piece_rate", "piece_3", "piece_6"),
          ("¥0.75", "¥1.5", "¥3", "¥6"))
_VOLUME = ("dose_loan_volume", ("volume_30", "cm_loan_volume", "volume_120", "volume_240"),
           ("¥30", "¥60", "¥120", "¥240"))

#: (response, (experiment, arms in dose order, dose labels), metric, role, predicted sign[, months
#: at the end: six unless given])
RESPONSES = [
    ("fine per error → errors per transaction", _FINES, "kpi.errors/kpi.transactions", "teller", -1),
    ("fine per error → care", _FINES, "policy.care", "teller", +1),
    ("piece rate → pace", _PIECE, "policy.pace", "teller", +1),
    ("piece rate → output per teller-day", _PIECE, "kpi.transactions/kpi.days_worked", "teller", +1),
    # selection (Lazear 2000): pay that rises with output keeps tellers it would otherwise lose;
    # quits are rare, so over the whole run
    ("piece rate → quits a teller-month", _PIECE, "quit", "teller", -1, 24),
    ("volume bonus → loans originated", _VOLUME, "loans.originated", None, +1),
    ("volume bonus → approval share", _VOLUME, "approvals/applications", None, +1),
    ("volume bonus → NPL ratio", _VOLUME, "npl_ratio", None, +1),
]


def _slopes(values: pd.DataFrame) -> np.ndarray:
    """Each row's (replication's) least-squares slope on the columns' steps 0, 1, 2, ..."""
    steps = np.arange(values.shape[1], dtype=float)
    centred = steps - steps.mean()
    return (values.to_numpy() - values.to_numpy().mean(axis=1, keepdims=True)) @ centred / (centred @ centred)


def dose_response(level: float = 0.95, library: Path = LIBRARY) -> pd.DataFrame:
    """One row per response of ``RESPONSES``: the mean at each dose, the mean slope per doubling
    with its interval, the steps in the predicted direction and whether it is shown."""
    rows = []
    for name, (experiment, arms, labels), metric, role, sign, *tail in RESPONSES:
        values, months = per_replication(experiment, metric, role=role, tail=tail[0] if tail else TAIL,
                                         library=library)
        table = pd.DataFrame({arm: values.loc[arm] for arm in arms}).dropna()
        mean, low, high = interval(_slopes(table), "real", level)
        means = table.mean()
        steps = int((np.sign(np.diff(means.to_numpy())) == sign).sum())
        shown = "yes" if (low > 0 if sign > 0 else high < 0) else (
            "opposite" if (low > 0 or high < 0) else "not distinguishable")
        rows.append({"response": name, "doses": " / ".join(labels), "months": f"{months[0]}–{months[1]}",
                     "n": len(table), "means": " / ".join(f"{v:.4g}" for v in means),
                     "slope per doubling": mean, "low": low, "high": high,
                     "steps in the predicted direction": f"{steps} of {len(arms) - 1}", "shown": shown})
    return pd.DataFrame(rows)
