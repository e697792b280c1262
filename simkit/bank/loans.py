"""The loan book: applications, hidden borrower quality, screening, approval, defaults
months later, the five-category classification (五级分类) and provisions.

Borrower quality is hidden. A customer manager's *screening* (depth of the credit
investigation) narrows the noise on the signal they see; their *strictness* sets how
likely a borrower may be to be bad before they refuse (see :func:`cutoff`). Bad borrowers
default with a high annual probability, but only months later — so a scheme that pays for
volume now shows its cost in the non-performing-loan ratio some periods later, as the seeds
complain.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

CLASSES = ("normal", "special_mention", "substandard", "doubtful", "loss")


@dataclass(slots=True)
class Loan:
    """One approved loan: who made it, its amount, hidden default probability, term and collateral,
    and its state as it ages month by month (:meth:`category` gives its five-category class)."""

    cm: str
    amount: float
    pd: float  # annual default probability: hidden from everyone in the bank
    start: int  # period of origination (months)
    term: int
    secured: bool
    overdue: int = 0  # months overdue; 0 = performing
    state: str = "open"  # open | repaid | written_off
    defaulted: int = -1  # month it first fell overdue (-1: never)
    profit: float = 0.0  # ¥ interest collected − funding cost − loan loss so far (Books._vintages)
    reading: float = 0.0  # the manager's reading of the file when approved (:func:`risk`): on the record

    def category(self, cfg) -> str:
        o = self.overdue
        if o >= cfg.loss_after:
            return "loss"
        if o >= cfg.doubtful_after:
            return "doubtful"
        if o >= cfg.substandard_after:
            return "substandard"
        if o >= cfg.special_mention_after:
            return "special_mention"
        return "normal"

    def reserve(self, cfg) -> float:
        """¥ provision its category carries now (seed 001's 30 / 50 / 100 %)."""
        return self.amount * provision_rate(self.category(cfg), cfg)


def provision_rate(cat: str, cfg) -> float:
    """Seed 001: loan loss = substandard × 30 % + doubtful × 50 % + loss × 100 %."""
    return {"substandard": cfg.provision_substandard, "doubtful": cfg.provision_doubtful,
            "loss": cfg.provision_loss}.get(cat, 0.0)


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1.0 - 1e-9)
    return math.log(p / (1.0 - p))


def noise(cfg, screening: float) -> float:
    """Sd of the signal a manager sees, in units of ``pd_bad - pd_good``: wide with no
    investigation (``noise_unscreened``), narrow with a full one (``noise_screened``).

    An investigation is a set of checks (income certificate, credit report, site visit,
    collateral appraisal, bank statements: seed 003), each an independent reading of the
    borrower, and the precisions (1/sd²) of independent Normal readings add (DeGroot 1970,
    *Optimal Statistical Decisions*, §9.5). So *precision* is linear in the share of the
    checks done, ``1/σ² = (1 − s)/σ₀² + s/σ₁²``, and the first checks tell the most: half an
    investigation already narrows the sd from 1.2 to 0.21 gap units. (The sd itself used to be
    linear in ``s``, which made the first checks worth the least and the last ones the most:
    screening paid only when nearly complete, so no manager who tried a little more or less
    of it could see it pay, and the starting habits (0.6) left an NPL ratio of 6 % at 21
    months, against about 2 % now and 1.6 % for Chinese commercial banks in 2023, NFRA.)"""
    t0, t1 = cfg.noise_unscreened ** -2, cfg.noise_screened ** -2
    return (t0 + (t1 - t0) * screening) ** -0.5


def cutoff(cfg, screening: float, strictness: float) -> float:
    """The signal (in gap units, 0 = a good borrower's pd, 1 = a bad one's) at which the
    manager refuses.

    The manager reads the file as a Bayesian who knows the base rate of bad applicants
    (``bad_share``, learned over years of lending): they refuse when the chance that the
    applicant is bad, given the signal, exceeds ``1 - strictness``. With a Normal signal of
    sd ``σ`` around 0 or 1 the log-odds of "bad" are ``logit(bad_share) + (x - ½)/σ²``, so
    the refusal line is ``x* = ½ + σ² (logit(1 - strictness) - logit(bad_share))``.

    Why a posterior and not a fixed line on the raw signal: a shallow investigation
    ("only an income certificate", seeds 001/003) tells the manager little, so nearly every
    file looks like the average applicant — and the average applicant is approved. Skipping
    the investigation therefore *raises* approvals, which is what makes volume-paid managers
    skip it; deep screening finds the reasons to refuse. (A fixed line on a noisy signal
    did the opposite: noise pushed good files over the line, so screening raised approvals.)
    """
    sd = noise(cfg, screening)
    return 0.5 + sd * sd * (_logit(1.0 - strictness) - _logit(cfg.bad_share))


def _normal_sf(x: float) -> float:
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def file_odds(cfg, screening: float, strictness: float) -> dict[str, float]:
    """What a manager's habits do to the files they approve, in closed form (no simulation).

    A good file's signal is ``N(0, σ²)``, a bad one's ``N(1, σ²)`` (σ = :func:`noise`); a file
    is approved below :func:`cutoff` ``x*``. So ``P(approve | good) = Φ(x*/σ)`` and
    ``P(approve | bad) = Φ((x* − 1)/σ)``. Returns the share of applications approved, the
    share of approved loans that are bad risks, and the approved book's expected annual
    default rate. :func:`decide` draws from exactly these odds (tests/bank/test_books.py);
    notebook 05 plots them to show why the first checks of an investigation matter most."""
    sd, x = noise(cfg, screening), cutoff(cfg, screening, strictness)
    good, bad = 1.0 - _normal_sf(x / sd), 1.0 - _normal_sf((x - 1.0) / sd)  # P(approve | quality)
    approved = (1.0 - cfg.bad_share) * good + cfg.bad_share * bad
    bad_in_book = cfg.bad_share * bad / approved if approved > 0 else 0.0
    return {"approved": approved, "bad_in_book": bad_in_book,
            "default_rate": (1.0 - bad_in_book) * cfg.pd_good + bad_in_book * cfg.pd_bad}


def risk(cfg, screening: float, signal: float) -> float:
    """The manager's reading of a file: the chance the applicant is a bad risk given the
    signal (in gap units), ``sigmoid(logit(bad_share) + (x − ½)/σ²)`` — the posterior
    :func:`cutoff` refuses above ``1 − strictness``."""
    sd = noise(cfg, screening)
    t = _logit(cfg.bad_share) + (signal - 0.5) / (sd * sd)
    return 1.0 / (1.0 + math.exp(-t)) if t > -700 else 0.0


class Decision(NamedTuple):
    """The outcome of one loan application (:func:`decide`): the loan's terms if approved, whether
    approving broke the bank's rule, the manager's reading of the file and the applicant's hidden quality."""

    terms: tuple | None  # (amount, annual pd, secured), or None if refused
    breach: bool  # approved against the bank's rule (signal above the midpoint: seed 003, -2 points)
    risk: float  # the manager's reading of the file (:func:`risk`)
    bad: bool  # the applicant's hidden quality: known to no one in the bank


def decide(cfg, rs, screening: float, strictness: float) -> Decision:
    """One application, read and decided (random draws in a fixed order: quality, signal,
    then amount and collateral if approved)."""
    bad = rs.uniform() < cfg.bad_share
    pd = cfg.pd_bad if bad else cfg.pd_good
    x = (1.0 if bad else 0.0) + noise(cfg, screening) * rs.normal()  # the signal, in gap units
    read = risk(cfg, screening, x)
    if x >= cutoff(cfg, screening, strictness):
        return Decision(None, False, read, bad)
    s2 = math.log1p(cfg.amount_cv ** 2)
    amount = cfg.amount_mean * math.exp(-s2 / 2 + math.sqrt(s2) * rs.normal())
    secured = rs.uniform() < cfg.collateral_base + cfg.collateral_screening * screening
    # the bank's rule: refuse a file whose signal is above the midpoint; approving one anyway is a breach (seed 003: -2 points)
    return Decision((amount, pd, secured), x > 0.5, read, bad)


def month_step(loan: Loan, cfg, rs, monitoring: float, period: int) -> dict:
    """Advance one loan by a month. Returns flows: interest due/collected, repaid, written off,
    whether it matured on time, and whether an overdue loan went unvisited (a breach)."""
    flows = {"due": loan.amount * cfg.rate / 12.0, "collected": 0.0, "repaid": 0.0, "written_off": 0.0,
             "loss": 0.0, "matured": 0, "on_time": 0, "unvisited": 0}
    if loan.overdue == 0:
        hazard = 1.0 - (1.0 - loan.pd) ** (1.0 / 12.0)
        if rs.uniform() < hazard:
            loan.overdue = 1
            if loan.defaulted < 0:
                loan.defaulted = period
            return flows
        flows["collected"] = flows["due"]
        if period - loan.start + 1 >= loan.term:
            loan.state, flows["repaid"], flows["matured"], flows["on_time"] = "repaid", loan.amount, 1, 1
        return flows
    visited = rs.uniform() < monitoring
    flows["unvisited"] = int(not visited)
    if rs.uniform() < cfg.recovery_base + cfg.recovery_monitoring * monitoring * visited:
        loan.state, flows["repaid"] = "repaid", loan.amount  # brought current and repaid (清收)
        if period - loan.start + 1 >= loan.term:
            flows["matured"] = 1
        return flows
    loan.overdue += 1
    if loan.overdue >= cfg.write_off_months:
        lgd = cfg.loss_given_default_secured if loan.secured else 1.0
        loan.state, flows["written_off"] = "written_off", loan.amount
        flows["loss"] = loan.amount * lgd
    return flows
