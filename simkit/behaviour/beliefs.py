"""What staff believe about loans: how often a file that reads so risky defaults, and how
often an overdue loan is cured — learned from the branch's loan record, never from a
borrower's hidden quality.

A manager's reading of a file is the chance the applicant is a bad risk
(``simkit.bank.loans.risk``). Their belief is a monthly default hazard for each band of
readings, with a Gamma prior from professional training (a bad risk defaults at ``pd_bad`` a
year, a good one at ``pd_good``, so a file read at ``r`` is a bad risk with chance ``r``),
weighed as ``prior_loan_years`` of record per band. The branch's record adds each performing
loan-month and each first missed payment in the band of the loan's reading at approval:
Gamma–Poisson, so the belief is ``(prior events + defaults) / (prior months + months)``,
which converges to the true hazard of the band as the record grows (tests/behaviour/
test_beliefs.py). Between band centres the belief is interpolated linearly, so a habit that
moves readings a little moves expected default rates a little.

Cure is one Beta belief over overdue loan-months (branch-wide): a prior of a third of
non-performing loans cured within a year, updated by the cures the record shows.
"""
from __future__ import annotations

import numpy as np

from .guards import check

#: bands of a file's reading (the chance the applicant is a bad risk): fine where most
#: approved files read, coarse where few are approved
EDGES = np.array([0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.45, 0.65, 1.0])
CENTRES = (EDGES[:-1] + EDGES[1:]) / 2.0
# (stated reason) about a third of non-performing loans cured within a year, 1 - (1 - 0.033)^12
# = 33 %, weighed as two years of one overdue loan's months: the branch's record soon rules
CURE_PRIOR, CURE_PRIOR_MONTHS = 0.033, 24.0
#: each band's name in errors
BANDS = [f"files read {lo:g}-{hi:g}" for lo, hi in zip(EDGES[:-1], EDGES[1:])]


def annual(hazard):
    return 1.0 - (1.0 - np.asarray(hazard)) ** 12


def monthly(pd):
    return 1.0 - (1.0 - np.asarray(pd)) ** (1.0 / 12.0)


class LoanBelief:
    """Default hazard by band of reading, and the cure rate, from the observable record."""

    def __init__(self, pd_good: float, pd_bad: float, prior_loan_years: float):
        prior = (1.0 - CENTRES) * monthly(pd_good) + CENTRES * monthly(pd_bad)  # a bad risk with chance r
        self.months = np.full(CENTRES.size, 12.0 * prior_loan_years)  # prior months + record months
        self.events = prior * self.months  # prior events + defaults
        self.od_months, self.cured = CURE_PRIOR_MONTHS, CURE_PRIOR * CURE_PRIOR_MONTHS
        self.check("at hiring")

    def check(self, when: str) -> None:
        """Raise ``simkit.errors.NonFiniteError`` if the record or a believed rate is NaN
        or infinite (``when``: the period), naming the band: every foreseen slope is built on it."""
        where = f"the customer managers' loan belief {when}"
        hint = ("behaviour.learning.prior_loan_years or the loan record is too large for a double; "
                "a prior of a few decades of record is plenty")
        check(self.months, BANDS, f"{where}: months of record", hint)
        check(self.hazard(), BANDS, f"{where}: believed monthly default hazard", hint)
        check([self.cure()], ["all overdue loans"], f"{where}: believed monthly cure rate", hint)

    def observe(self, readings, months, defaults) -> None:
        """Add the record of performing loans: each one's reading at approval, its months
        performing and how many times it fell overdue (0 or 1) in them."""
        band = np.clip(np.searchsorted(EDGES, np.asarray(readings, dtype=float), side="right") - 1,
                       0, CENTRES.size - 1)
        self.months += np.bincount(band, weights=np.asarray(months, dtype=float), minlength=CENTRES.size)
        self.events += np.bincount(band, weights=np.asarray(defaults, dtype=float), minlength=CENTRES.size)

    def observe_overdue(self, months: float, cures: float) -> None:
        self.od_months += months
        self.cured += cures

    def hazard(self) -> np.ndarray:
        """Believed monthly default hazard of each band."""
        return self.events / self.months

    def pd(self, reading) -> np.ndarray:
        """Believed annual default rate of files with these readings."""
        return annual(np.interp(np.asarray(reading, dtype=float), CENTRES, self.hazard()))

    def cure(self) -> float:
        """Believed monthly chance an overdue loan is cured."""
        return float(self.cured / self.od_months)
