"""The expected life of a loan and of a month's files, against simulation.

``simkit.bank.outlook.life`` is the chain ``simkit.bank.loans.month_step`` draws from,
as probabilities; ``simkit.bank.outlook.cohort`` what a month's files bring in
expectation. Each is checked against the mean of many simulated lives (files) drawn by the
bank's own code. Tolerances: each comparison is a mean of independent lives, so it must lie
within z standard errors of the expectation, with z the Bonferroni bound for a family error
of 0.1 % over all the comparisons of the test (a correct model fails one in a thousand runs
of the suite at most; a chain off by a month or a rate is off by tens of standard errors).
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from simkit.bank.loans import Loan, decide, file_odds, month_step
from simkit.bank.outlook import LifeTable, cohort, life, life_months
from simkit.scenario.models import Loans, ManagerChoices

CFG = Loans()
LIVES = 20_000
MONITORING = 0.4
CURE = CFG.recovery_base + CFG.recovery_monitoring * MONITORING * MONITORING  # visited, then the extra chance
CHECK_MONTHS = (0, 3, 6, 11, 12, 15, 20, 30, 36)
H_GOOD, H_BAD = (1 - (1 - x) ** (1 / 12) for x in (CFG.pd_good, CFG.pd_bad))


def truth(r):
    """The annual default rate of files read at ``r``: a bad risk with chance ``r`` (the reading
    is calibrated: test_loan_files.py), so the monthly hazard is the mixture of the two types'."""
    return 1 - (1 - ((1 - r) * H_GOOD + r * H_BAD)) ** 12


def _simulate(pd: float, seed: int) -> dict[str, np.ndarray]:
    """Mean and sd over LIVES simulated lives of a ¥1 loan, month by month."""
    rs = np.random.default_rng(seed)
    months = life_months(CFG)
    keys = ("collected", "written_off", "unvisited", "matured", "on_time", "open", "overdue3")
    sums = {k: np.zeros(months) for k in keys}
    sq = {k: np.zeros(months) for k in keys}
    for _ in range(LIVES):
        loan = Loan("M", 1.0, pd, 0, CFG.term_months, False)
        for t in range(months):
            if loan.state != "open":
                break
            f = month_step(loan, CFG, rs, MONITORING, t)
            row = {"collected": f["collected"], "written_off": f["written_off"], "unvisited": f["unvisited"],
                   "matured": f["matured"], "on_time": f["on_time"], "open": float(loan.state == "open"),
                   "overdue3": float(loan.state == "open" and loan.overdue >= CFG.substandard_after)}
            for k, v in row.items():
                sums[k][t] += v
                sq[k][t] += v * v
    mean = {k: v / LIVES for k, v in sums.items()}
    sd = {k: np.sqrt(np.maximum(sq[k] / LIVES - mean[k] ** 2, 0.0)) for k in keys}
    return mean, sd


@pytest.mark.parametrize("pd", [CFG.pd_bad, 0.1])
def test_expected_life_is_the_mean_of_simulated_lives(pd):
    mean, sd = _simulate(pd, seed=7)
    want = life(CFG, [pd], CURE)
    expect = {"collected": want["collected"][0], "written_off": want["written_off"][0],
              "unvisited": want["overdue"][0] * (1 - MONITORING), "matured": want["matured"][0],
              "on_time": want["on_time"][0], "open": want["loan_balance_end"][0],
              "overdue3": (want["loans_substandard"][0] + want["loans_doubtful"][0] + want["loans_loss"][0])}
    checks = [(k, t) for k in expect for t in CHECK_MONTHS] + [(k, "total") for k in expect]
    z = stats.norm.ppf(1 - 0.001 / (2 * len(checks)))
    bad = []
    for k, t in checks:
        if t == "total":  # lifetime sums: the sd of a sum of a life's months is at most the sum of their sds
            m, e, se = mean[k].sum(), expect[k].sum(), sd[k].sum() / np.sqrt(LIVES)
        else:
            m, e, se = mean[k][t], expect[k][t], sd[k][t] / np.sqrt(LIVES)
        if abs(m - e) > z * se + 1e-12:
            bad.append((k, t, round(m, 5), round(e, 5), round(se, 6)))
    assert not bad, f"simulated mean vs expected life beyond {z:.1f} standard errors: {bad}"


def test_a_loan_that_never_defaults_pays_its_term_and_is_repaid():
    out = life(CFG, [0.0], CURE)
    assert out["collected"][0].sum() == pytest.approx(CFG.rate / 12 * CFG.term_months)
    assert out["on_time"][0].sum() == pytest.approx(1.0)
    assert out["loan_balance_end"][0][CFG.term_months - 1] == 0.0
    assert out["reserve"][0].sum() == 0.0 and out["written_off"][0].sum() == 0.0


def _simulated_files(choices, files: int, seed: int):
    """Approvals, ¥ lent, breaches and the book's default rate of ``files`` files drawn by decide()."""
    rs = np.random.default_rng(seed)
    approved, lent, breaches, pds = 0, 0.0, 0, []
    for _ in range(files):
        d = decide(CFG, rs, choices.screening, choices.strictness)
        if d.terms is not None:
            approved += 1
            lent += d.terms[0]
            breaches += d.breach
            pds.append(d.terms[1])
    return approved, lent, breaches, np.mean(pds)


@pytest.mark.parametrize("screening,strictness", [(0.16, 0.5), (0.6, 0.5), (0.3, 0.2), (0.9, 0.9)])
def test_a_months_files_bring_what_simulated_files_bring(screening, strictness):
    """The cohort's approvals, ¥ lent and breaches against 40,000 files drawn by the bank's own
    decide(), and its default rate against file_odds (closed form, itself checked against
    decide() in test_books.py). The reading's belief here is the truth: a file read at r is a
    bad risk with chance r (the reading is calibrated: test_loan_files.py)."""
    choices = ManagerChoices(screening=screening, strictness=strictness, monitoring=MONITORING)
    files = 40_000
    got = cohort(CFG, 1, float(files), choices, truth, LifeTable(CFG, CURE))
    approved, lent, breaches, _ = _simulated_files(choices, files, seed=3)
    z = stats.norm.ppf(1 - 0.001 / 6)
    p = approved / files
    assert abs(got["approvals"][0] - approved) < z * np.sqrt(files * p * (1 - p)) + 1
    b = breaches / files
    assert abs(got["breaches_other"][0] - breaches) < z * np.sqrt(files * b * (1 - b)) + 1
    sd_amount = CFG.amount_mean * CFG.amount_cv * np.sqrt(approved) + CFG.amount_mean * np.sqrt(files * p * (1 - p))
    assert abs(got["loans_approved"][0] - lent) < z * sd_amount
    # the approved book's default rate: expected defaults in the first month over approvals
    odds = file_odds(CFG, screening, strictness)
    first = got["defaults"][0] / got["approvals"][0]
    # quadrature (24 Gauss-Legendre nodes a type) and the life table's interpolation in pd: 0.5 %
    assert first == pytest.approx((1 - odds["bad_in_book"]) * H_GOOD + odds["bad_in_book"] * H_BAD, rel=5e-3)


def test_more_screening_finds_the_bad_files():
    """What a careful manager expects: deeper screening refuses more bad risks, so fewer of
    the loans default, at about the same volume of good ones."""
    table = LifeTable(CFG, CURE)
    lax, careful = (cohort(CFG, 1, 30.0, ManagerChoices(screening=s, strictness=0.5), truth, table) for s in (0.12, 0.6))
    assert careful["defaults"].sum() / careful["approvals"][0] < 0.6 * lax["defaults"].sum() / lax["approvals"][0]
    assert careful["reserve"].max() < lax["reserve"].max()
