"""The loan book: applications, hidden borrower quality, screening, approval, defaults
months later, the five-category classification (五级分类) and provisions.

Borrower quality is hidden. A customer manager's *screening* (depth of the credit
investigation) narrows the noise on the signal they see; their *strictness* sets how
likely a borrower may be to be bad before they refuse (see ``cutoff``). Bad borrowers
default with a high annual probability, but only months later — so a scheme that pays for
volume now shows its cost in the non-performing-loan ratio some periods later, as the seeds
complain.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..branch.rng import Draws

CLASSES = ("normal", "special_mention", "substandard", "doubtful", "loss")


@dataclass(slots=True)
class Loan:
    """One approved loan: who made it, its amount, hidden default probability, term and collateral,
    and its state as it ages month by month (``category`` gives its five-category class)."""

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
    reading: float = 0.0  # the manager's reading of the file when approved (``risk``): on the record
    risk_scale: float = 1.0  # what its size did to the borrower's default probability (``risk_scale``)

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
    investigation already narrows the sd from 1.2 to 0.21 gap units. (An sd linear in ``s``
    would make the first checks worth the least and the last ones the most: screening would
    pay only when nearly complete, and no manager who tried a little more or less of it could
    see it pay; docs/history.md.)"""
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

    A good file's signal is ``N(0, σ²)``, a bad one's ``N(1, σ²)`` (σ = ``noise``); a file
    is approved below ``cutoff`` ``x*``. So ``P(approve | good) = Φ(x*/σ)`` and
    ``P(approve | bad) = Φ((x* − 1)/σ)``. Returns the share of applications approved, the
    share of approved loans that are bad risks, and the approved book's expected annual
    default rate. ``decide`` draws from exactly these odds (tests/bank/test_books.py);
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
    ``cutoff`` refuses above ``1 − strictness``."""
    sd = noise(cfg, screening)
    t = _logit(cfg.bad_share) + (signal - 0.5) / (sd * sd)
    return 1.0 / (1.0 + math.exp(-t)) if t > -700 else 0.0


class Decision(NamedTuple):
    """The outcome of one loan application (``decide``): the loan's terms if approved, whether
    approving broke the bank's rule, the manager's reading of the file and the applicant's hidden quality."""

    terms: tuple | None  # (amount, annual pd, secured), or None if refused
    breach: bool  # approved against the bank's rule (signal above the midpoint: seed 003, -2 points)
    risk: float  # the manager's reading of the file (``risk``)
    bad: bool  # the applicant's hidden quality: known to no one in the bank
    scale: float = 1.0  # the loan's ``risk_scale``: its pd is the borrower's times this


def decide(cfg, rs, screening: float, strictness: float, bad_share: float | None = None,
           size: float = 1.0) -> Decision:
    """One application, read and decided (random draws in a fixed order: quality, signal,
    then amount and collateral if approved).

    ``bad_share``: the chance this applicant is a bad risk, when it is not the bank's base rate
    (a marginal applicant drawn in by a lenient manager: ``LoanDemand``); the manager
    still reads the file against the base rate they know. ``size``: the loan's amount relative
    to the bank's mean (``loan_size``), which scales the borrower's default probability by
    ``risk_scale``."""
    bad = rs.uniform() < (cfg.bad_share if bad_share is None else bad_share)
    scale = risk_scale(cfg.demand, size)
    pd = min(1.0, (cfg.pd_bad if bad else cfg.pd_good) * scale)
    x = (1.0 if bad else 0.0) + noise(cfg, screening) * rs.normal()  # the signal, in gap units
    read = risk(cfg, screening, x)
    if x >= cutoff(cfg, screening, strictness):
        return Decision(None, False, read, bad)
    s2 = math.log1p(cfg.amount_cv ** 2)
    amount = cfg.amount_mean * math.exp(-s2 / 2 + math.sqrt(s2) * rs.normal()) * size
    secured = rs.uniform() < cfg.collateral_base + cfg.collateral_screening * screening
    # the bank's rule: refuse a file whose signal is above the midpoint; approving one anyway is a breach (seed 003: -2 points)
    return Decision((amount, pd, secured), x > 0.5, read, bad, scale)


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


# ---------------------------------------------------------------------- demand that answers (docs/loans.md)
def loan_size(demand, strictness: float) -> float:
    """A loan's amount relative to the bank's mean at a manager's ``strictness``:
    ``exp(size_slope × (size_reference − strictness))`` with demand on, 1 with it off.

    Agarwal & Ben-David (2018) find volume-paid officers lent 15 % more per loan (they talked
    applicants into larger amounts). Strictness carries that margin here: it is a choice every
    manager already makes, so loan size adds no dimension to what a manager learns, and a
    lenient manager both approves more files and lends more on each."""
    if not demand.enabled:
        return 1.0
    return math.exp(demand.size_slope * (demand.size_reference - strictness))


def risk_scale(demand, size: float) -> float:
    """What a loan's ``size`` (relative to the bank's mean: ``loan_size``) does to its borrower's
    annual default probability: ``size ** size_risk`` (1 with ``size_risk`` 0).

    The same borrower repays a larger loan out of the same income, so the debt-service burden,
    and with it the chance of missing a payment, rises with the amount. Without it a lenient
    manager's larger loans would be pure gain to any pay that counts profit: more interest on
    each at no more risk."""
    return size ** demand.size_risk


def starting_reputation(cfg, screening: float, strictness: float) -> float:
    """What the market takes a new manager's approval rate to be: the share of ordinary files
    their habits approve (``file_odds``), until their own record replaces it."""
    return file_odds(cfg, screening, strictness)["approved"]


def updated_reputation(demand, reputation: float, approvals: int, applications: int, months: int) -> float:
    """The reputation after a period of ``months`` months with ``approvals`` of ``applications``
    files approved: an exponentially smoothed approval rate whose weight on one month is
    ``1 / reputation_months`` (a mean memory of that many months). A period without files
    tells the market nothing and leaves it."""
    if not applications:
        return reputation
    weight = 1.0 - (1.0 - 1.0 / demand.reputation_months) ** months
    return reputation + weight * (approvals / applications - reputation)


def poisson(rs, mean: float) -> int:
    """A Poisson count with ``mean``: the arrivals of a unit-rate Poisson process before
    ``mean`` (unit exponential gaps summed), so it needs only the stream's exponential draws."""
    n, t = 0, rs.expo()
    while t < mean:
        n, t = n + 1, t + rs.expo()
    return n


def marginal_files(rs, demand, reputation: float, months: int) -> int:
    """Marginal applicants one manager draws in a period of ``months`` months: Poisson with mean
    ``marginal_pool × reputation × months``. Each would-be applicant applies when the chance of
    approval (what the market knows of the manager: their reputation) times what the loan is
    worth to them beats their cost of applying; with that cost spread evenly over its range the
    number who apply is proportional to the chance of approval."""
    return poisson(rs, demand.marginal_pool * reputation * months)


#: spawn keys of the books' side streams (``side_stream``): marginal applicants, the inherited book's burn-in
DEMAND_STREAM, BURN_IN_STREAM = 1, 2


def side_stream(rs, key: int) -> Draws:
    """A random stream of its own, derived from the seed of the books' stream ``rs`` (a
    ``simkit.branch.rng.Draws``) with ``key`` appended to its spawn key: what is drawn from
    it leaves every draw of ``rs`` where it was."""
    seq = rs.gen.bit_generator.seed_seq
    child = np.random.SeedSequence(seq.entropy, spawn_key=tuple(seq.spawn_key) + (key,))
    return Draws(np.random.Generator(np.random.PCG64(child)))


# ---------------------------------------------------------------------- the inherited book (docs/loans.md)
def burn_in_periods(cfg, months: int) -> int:
    """Periods of ``months`` months before month 0 the inherited book is run for: the longest a
    loan can stay open (its term, then overdue until written off: a write-off after 1 month
    acts as 2, see ``simkit.bank.outlook.write_off_after``, plus the month of approval),
    rounded up to whole periods. A loan made earlier than that is closed by month 0 whatever
    happened to it, so the book left is the one the law holds in steady state."""
    life = cfg.term_months + max(cfg.write_off_months, 2) + 1
    return -(-life // months)


def inherited_book(cfg, rs, habits: dict, months: int) -> tuple[list[Loan], dict[str, float]]:
    """The open loans each post holds at month 0 and its reputation then, from the model's own
    law run for ``burn_in_periods`` periods before month 0 on the stream ``rs``.

    ``habits``: post -> the choices the loans were made and followed up with. Each period
    (negative, ``months`` months long) a post reads Poisson(``book.files_per_month × months``)
    ordinary files, plus marginal ones with demand on, with ``decide``; then every open
    loan ages month by month with ``month_step`` — what ``Books.close_period`` does with
    the same period length. Under a steady habit the NPL ratio is therefore flat from month 1."""
    demand, book, loans = cfg.demand, cfg.book, []
    reputation = {post: starting_reputation(cfg, h.screening, h.strictness) for post, h in habits.items()}
    periods = burn_in_periods(cfg, months)
    for period in range(-periods, 0):
        first = period * months
        for post, h in habits.items():
            shares = [None] * poisson(rs, book.files_per_month * months)
            if demand.enabled:
                shares += [demand.marginal_bad_share] * marginal_files(rs, demand, reputation[post], months)
            approved = 0
            for bad_share in shares:
                d = decide(cfg, rs, h.screening, h.strictness, bad_share, loan_size(demand, h.strictness))
                if d.terms is not None:
                    amount, pd, secured = d.terms
                    loans.append(Loan(post, amount, pd, first, cfg.term_months, secured, reading=d.risk,
                                      risk_scale=d.scale))
                    approved += 1
            reputation[post] = updated_reputation(demand, reputation[post], approved, len(shares), months)
        for month in range(first, first + months):
            for loan in loans:
                if loan.state == "open":
                    month_step(loan, cfg, rs, habits[loan.cm].monitoring, month)
        loans = [loan for loan in loans if loan.state == "open"]
    return loans, reputation
