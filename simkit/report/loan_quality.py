"""The quality of the loans a branch approved, measured as Agarwal & Ben-David (2018) measure it.

Agarwal & Ben-David ("Loan prospecting and the loss of soft information", *Journal of
Financial Economics* 129:608-628) compare loan officers before and after a switch to
volume pay by the share of applications approved, the number and amount of loans
originated and the default rate of the approved loans within 12 months of origination.
``loan_quality`` computes the same numbers from a run's ``loan_applications`` table:

* ``loans.applications``: files read; ``loans.approval_share``: approved / read;
* ``loans.originated``, ``loans.originated_amount``: loans approved and their ¥ amount;
* ``loans.originated_bad``: approved loans whose borrower was a bad risk (``bad_risk``: what a
  full investigation would have found), so that ``loans.originated_bad / loans.originated`` is
  the bad share of what a manager lets through, summed over any months as a ratio of sums;
* ``loans.followed_12m``: approved loans the run follows for 12 months or more (made at
  least 12 months before the run's end), and ``loans.default_rate_12m``: the share of them
  that missed a payment (the model's default: ``simkit.bank.loans.Loan.defaulted``, the
  month a loan first fell overdue) within 12 months of origination. Loans made later
  cannot show a 12-month default yet and are left out of both, rather than counted as
  good; with none, the rate is missing (NaN).

``loan_quality_by_period`` gives the same numbers for each period's files (the
origination period's vintage of loans).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocabulary import PERIOD_MONTHS

__all__ = ["loan_quality", "loan_quality_by_period", "DEFAULT_WINDOW", "METRICS"]

#: (source) Agarwal & Ben-David (2018, JFE 129:608-628) measure defaults within 12 months of origination
DEFAULT_WINDOW = 12
METRICS = ("loans.applications", "loans.approval_share", "loans.originated", "loans.originated_amount",
           "loans.originated_bad", "loans.followed_12m", "loans.default_rate_12m")


def _run_months(results) -> int:
    """Months the run covers: its periods times the months in one (one period without periods)."""
    horizon = results.scenario.horizon
    return (horizon.periods or 1) * PERIOD_MONTHS[horizon.period]


def _quality(files: pd.DataFrame, months: int, run_months: int) -> dict[str, float]:
    """The ``METRICS`` of the files in ``files`` (rows of ``loan_applications``)."""
    approved = files[files["approved"].astype(bool)]
    start = approved["period"].to_numpy(dtype="int64") * months
    followed = start + DEFAULT_WINDOW <= run_months
    default = approved["defaulted_month"].astype("float64").to_numpy()  # −1: never; NaN: none recorded
    early = (default >= 0) & (default - start < DEFAULT_WINDOW)
    n_files, n_followed = len(files), int(followed.sum())
    return {"loans.applications": float(n_files),
            "loans.approval_share": len(approved) / n_files if n_files else np.nan,
            "loans.originated": float(len(approved)),
            "loans.originated_amount": float(approved["amount"].astype("float64").sum()),
            "loans.originated_bad": float(approved["bad_risk"].astype("int64").sum()),
            "loans.followed_12m": float(n_followed),
            "loans.default_rate_12m": float(early[followed].sum()) / n_followed if n_followed else np.nan}


def loan_quality(results) -> dict[str, float]:
    """``METRICS`` over every loan file of ``results`` (a ``simkit.Results``): one value each
    for the whole run (the module docstring says what each is)."""
    months = PERIOD_MONTHS[results.scenario.horizon.period]
    return _quality(results.loan_applications, months, _run_months(results))


def loan_quality_by_period(results) -> pd.DataFrame:
    """``METRICS`` of each period's loan files (the loans originated in that period), one
    row per period of the run with columns ``period`` and the metrics; a period without files
    has 0 applications and missing shares."""
    files = results.loan_applications
    months, run_months = PERIOD_MONTHS[results.scenario.horizon.period], _run_months(results)
    periods = range(results.scenario.horizon.periods or 1)
    groups = dict(tuple(files.groupby("period", sort=True))) if len(files) else {}
    rows = [{"period": p, **_quality(groups.get(p, files.iloc[:0]), months, run_months)} for p in periods]
    return pd.DataFrame(rows, columns=["period", *METRICS]).astype({"period": "int64"})
