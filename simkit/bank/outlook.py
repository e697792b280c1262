"""What a customer manager can expect of the loans a month's files bring, in closed form.

Two pieces, both deterministic (no random draws):

* ``life`` — the expected life of a loan month by month: the same chain
  ``simkit.bank.loans.month_step`` draws from (performing → overdue 1, 2, … months →
  cured and repaid, or written off), as probabilities instead of draws. Per ¥1 lent it gives
  the interest due and collected, the balance still open and its five-category classes, the
  provisions they carry, the amount written off, and per loan the first missed payments,
  the maturities, on-time repayments and the months it is overdue. The mean of many simulated lives converges
  to it (tests/bank/test_outlook.py).
* ``cohort`` — what a period's ``n`` files, read with a habit of screening and
  strictness, bring in expectation, period by period: approvals, ¥ lent, rule breaches and
  the lives of the loans, for a default rate that the manager believes follows their own
  reading of a file (``pd_of_reading``; ``simkit.behaviour.beliefs.LoanBelief``).

What the manager is taken to know is what the refusal rule already uses — how deep an
investigation sharpens a file (``simkit.bank.loans.noise``), the share of bad
applicants — plus the bank's published rules (rate, term, classification, provisions,
write-off, collateral's recovery) and what they believe of default and cure rates. Never a
borrower's hidden quality.

The results are the plain numbers ``simkit.bank.books.cm_indicators`` turns into
indicators, so expected pay is computed by the real pay code (``simkit.contract``).
"""
from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from .loans import Loan, _logit, cutoff, loan_size, noise, provision_rate, risk_scale

#: the habits ``cohort`` reads: a value built on it depends on no other choice
READS = ("screening", "strictness", "monitoring")
#: ¥ flows and balances per ¥1 lent; counts per loan
FLOWS = ("due", "collected", "repaid", "written_off")
BALANCES = ("loan_balance_end", "loans_substandard", "loans_doubtful", "loans_loss", "reserve")  # at a month's end
AMOUNTS = FLOWS + BALANCES
COUNTS = ("matured", "on_time", "overdue", "defaults")
_NODES = 24  # Gauss-Legendre nodes per borrower type over the approved signals (smooth in the habits)
_U, _W = np.polynomial.legendre.leggauss(_NODES)
_U, _W = (_U + 1.0) / 2.0, _W / 2.0  # on (0, 1)


def write_off_after(loans) -> int:
    """Months overdue at which a loan not cured is written off, as the chain has it.

    ``simkit.bank.loans.month_step`` writes a loan off only in a month it starts
    overdue (the month it first misses a payment it is 1 month overdue and stays open), so
    ``write_off_months`` 1 acts as 2: the loan is written off the month after it fell
    overdue unless cured. Every other allowed value is the chain's own."""
    return max(loans.write_off_months, 2)


def life_months(loans) -> int:
    """The longest a loan can stay on the book: its term, then overdue until written off."""
    return loans.term_months + write_off_after(loans) + 1


def life(loans, pd, cure: float) -> dict[str, np.ndarray]:
    """Expected life of loans with annual default probabilities ``pd`` (array), each month
    (columns, month 0 = the month of approval). ``cure``: monthly chance an overdue loan is
    brought current and repaid. Rows: one per ``pd``."""
    pd = np.atleast_1d(np.asarray(pd, dtype=float))
    months, write_off = life_months(loans), write_off_after(loans)
    hazard = 1.0 - (1.0 - pd) ** (1.0 / 12.0)
    perf = np.ones_like(pd)  # chance the loan is open and performing at the start of the month
    od = np.zeros((pd.size, write_off))  # od[:, o]: open and o months overdue (o = 1 … write_off-1; column 0 unused)
    rates = np.array([_provision(loans, o) for o in range(write_off)])
    classes = {c: np.array([_category(loans, o) == c for o in range(write_off)], dtype=float)
               for c in ("substandard", "doubtful", "loss")}
    out = {k: np.zeros((pd.size, months)) for k in AMOUNTS + COUNTS}
    for t in range(months):
        overdue = od.sum(axis=1)
        out["due"][:, t] = (perf + overdue) * loans.rate / 12.0
        stay = perf * (1.0 - hazard)
        out["collected"][:, t] = stay * loans.rate / 12.0
        cured = od * cure
        mature = t + 1 >= loans.term_months
        out["overdue"][:, t] = overdue
        out["defaults"][:, t] = perf * hazard
        out["repaid"][:, t] = cured.sum(axis=1) + (stay if mature else 0.0)
        if mature:
            out["matured"][:, t] = stay + cured.sum(axis=1)
            out["on_time"][:, t] = stay
        nxt = np.zeros_like(od)
        nxt[:, 2:] = od[:, 1:-1] * (1.0 - cure)
        nxt[:, 1] = perf * hazard
        out["written_off"][:, t] = od[:, -1] * (1.0 - cure)
        perf, od = (np.zeros_like(perf) if mature else stay), nxt
        out["loan_balance_end"][:, t] = perf + od.sum(axis=1)
        out["reserve"][:, t] = od @ rates
        for c, mask in classes.items():
            out[f"loans_{c}"][:, t] = od @ mask
    return out


def _category(loans, overdue: int) -> str:
    return Loan("", 1.0, 0.0, 0, 1, False, overdue=overdue).category(loans)


def _provision(loans, overdue: int) -> float:
    return provision_rate(_category(loans, overdue), loans)


class LifeTable:
    """``life`` on a grid of default rates, interpolated (a period's lives are computed once)."""

    GRID = np.concatenate([np.linspace(0.0, 0.1, 21), np.linspace(0.12, 1.0, 45)])

    def __init__(self, loans, cure: float):
        self.table = life(loans, self.GRID, cure)

    def mean(self, pd: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
        """Σ weights · life(pd), month by month, by linear interpolation in ``pd``."""
        g = self.GRID
        j = np.clip(np.searchsorted(g, pd, side="right") - 1, 0, g.size - 2)
        f = np.clip((pd - g[j]) / (g[j + 1] - g[j]), 0.0, 1.0)
        wl, wr = weights * (1.0 - f), weights * f
        return {k: wl @ v[j] + wr @ v[j + 1] for k, v in self.table.items()}


def _approved_signals(loans, sd: float, x_star: float):
    """Nodes and masses of the signals of approved files (below ``x_star``), per borrower
    type, by quantile: smooth in ``sd`` and ``x_star``, so a slope in a habit is exact to
    the step, never a count of nodes that crossed a line."""
    xs, ms = [], []
    for mu, share in ((0.0, 1.0 - loans.bad_share), (1.0, loans.bad_share)):
        a = float(ndtr((x_star - mu) / sd))  # P(approve | type)
        xs.append(mu + sd * ndtri(np.clip(_U * a, 1e-300, 1.0)))
        ms.append(share * a * _W)
    return np.concatenate(xs), np.concatenate(ms)


def cohort(loans, months: int, n: float, choices, pd_of_reading, table: LifeTable) -> dict[str, np.ndarray]:
    """Expected plain numbers, period by period (``months`` a period; arrays over periods), of
    ``n`` files read with ``choices``: screening and strictness decide which are approved (and,
    with ``loans.demand`` on, how much each lends, ``loans.loan_size``, and so how risky each is,
    ``loans.risk_scale``); monitoring, how many of their overdue months go unvisited (a breach
    of the post-loan rules, seed 003). Period 0 has
    the approvals; every period, the loans' flows and the book they leave at its end. The
    marginal applicants a lenient manager's reputation draws in are not foreseen (docs/loans.md)."""
    s, q = choices.screening, choices.strictness
    sd, x_star = noise(loans, s), cutoff(loans, s, q)
    x, mass = _approved_signals(loans, sd, x_star)
    t = np.clip(_logit(loans.bad_share) + (x - 0.5) / (sd * sd), -700.0, 700.0)
    reading = 1.0 / (1.0 + np.exp(-t))
    size = loan_size(loans.demand, q)  # with demand on, leniency lends more a loan, at more risk
    lives = table.mean(np.clip(pd_of_reading(reading) * risk_scale(loans.demand, size), 0.0, 1.0), mass)
    breach = sum(share * max(0.0, float(ndtr((x_star - mu) / sd) - ndtr((0.5 - mu) / sd)))
                 for mu, share in ((0.0, 1.0 - loans.bad_share), (1.0, loans.bad_share)))
    secured = loans.collateral_base + loans.collateral_screening * s
    lent = n * loans.amount_mean * size
    starts = np.arange(0, life_months(loans), months)  # first month of each period
    ends = np.minimum(starts + months, life_months(loans)) - 1  # its last month
    out = {k: lent * np.add.reduceat(lives[k], starts) for k in FLOWS}
    out.update({k: n * np.add.reduceat(lives[k], starts) for k in COUNTS})
    out.update({k: lent * lives[k][ends] for k in BALANCES})
    out["unvisited"] = out.pop("overdue") * (1.0 - choices.monitoring)
    out["loss"] = out["written_off"] * (secured * loans.loss_given_default_secured + (1.0 - secured))
    out["secured"] = out["loan_balance_end"] * secured
    first = np.zeros(starts.size)
    first[0] = 1.0
    out.update(loans_approved=lent * float(mass.sum()) * first, approvals=n * float(mass.sum()) * first,
               breaches_other=n * breach * first)
    return out
