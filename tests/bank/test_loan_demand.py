"""Loan demand that answers the customer manager (``bank.loans.demand``).

The books are driven directly, month by month, with the same walk-in files for every
condition of a seed (Poisson, 31.5 a manager a month, from a stream of their own) and habits
held fixed. Comparisons are paired by seed (20 seeds) with a Student-t interval on the
per-seed differences; each claim is that the interval excludes 0 on the predicted side.
Measured as Agarwal & Ben-David (2018, JFE 129(3)) measure them: applications, approvals
(count of new loans), ¥ lent, and the share of approved loans in default within 12 months.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simkit.bank import Activity, Books
from simkit.bank.loans import loan_size, poisson, updated_reputation
from simkit.bank.outlook import LifeTable, cohort
from simkit.branch.rng import Draws
from simkit.scenario import ScenarioError, load_scenario, with_overrides
from simkit.scenario.models import Ability, Bank, LoanDemand, ManagerChoices, ManagerWork

from helpers import SCENARIOS

pytestmark = pytest.mark.slow

POSTS = ("M1", "M2")
SEEDS = range(1, 21)  # 20 seeds: a t interval on 19 degrees of freedom
VISIT = ManagerWork().visit_minutes
FILES = 31.5  # walk-in files a manager a month (bank.loans.book.files_per_month: the baseline branch's)
ON = Bank(loans={"demand": {"enabled": True}})
OFF = Bank()
# a month of prospecting at the starting habit: 30 % of an 8-hour day, 30 days
PROSPECTING = 0.3 * 8 * 60 * 30


def drive(bank: Bank, seed: int, habits: ManagerChoices, months: int = 12, outside: float = 0.0) -> Books:
    """Books after ``months`` monthly periods fed the seed's walk-in files and ``outside``
    minutes of prospecting a manager a month, every manager with ``habits``."""
    books = Books(bank, {post: Ability() for post in POSTS}, Draws(np.random.default_rng(seed)), 1, VISIT)
    branch = np.random.default_rng([seed, 7])
    choices = {post: habits for post in POSTS}
    for _ in range(months):
        files = [(post, habits.screening) for post in POSTS for _ in range(branch.poisson(FILES))]
        act = Activity(applications=files, outside_minutes=dict.fromkeys(POSTS, outside) if outside else {})
        books.close_period(act, choices, {post: Ability() for post in POSTS})
    return books


def measures(books: Books, months: int = 12) -> dict[str, float]:
    """Agarwal & Ben-David's measures over the files of the first ``months`` months:
    applications, approvals (new loans), ¥ lent, the bad share among applicants, and the share
    of approved loans that fell overdue within 12 months of approval (observed in full when the
    books ran ``months`` + 12 months)."""
    files = [f for f in books.files if f[0] < months]
    loans = [f[6] for f in files if f[6] is not None]
    within = [0 <= ln.defaulted - ln.start < 12 for ln in loans]
    return {"applications": len(files), "approvals": len(loans), "lent": sum(ln.amount for ln in loans),
            "bad_share": float(np.mean([f[5] for f in files])), "default_12m": float(np.mean(within))}


def paired(measure: str, a: list[dict], b: list[dict]) -> tuple[float, float, float]:
    """Mean of b − a over seeds and its 95 % Student-t interval."""
    diff = np.array([y[measure] - x[measure] for x, y in zip(a, b, strict=True)])
    half = stats.t.ppf(0.975, len(diff) - 1) * stats.sem(diff)
    return float(diff.mean()), float(diff.mean() - half), float(diff.mean() + half)


# Leniency is the share of files approved, what the market sees. With the starting investigation
# (screening 0.6) nearly every file is read right and strictness moves approvals little (0.80
# at 0.2 and at 0.8: loans.file_odds); with a shallow one (0.1, "only an income certificate")
# it moves them from 0.72 (strictness 0.8) to 0.90 (0.2). So the lenient and strict managers
# here investigate little, as volume-paid officers do (Agarwal & Ben-David: soft information lost).
STARTING = ManagerChoices()
LENIENT, STRICT = ManagerChoices(screening=0.1, strictness=0.2), ManagerChoices(screening=0.1, strictness=0.8)


def test_applications_rise_with_leniency_and_fall_with_strictness():
    strict, lenient = ([measures(drive(ON, seed, habits)) for seed in SEEDS] for habits in (STRICT, LENIENT))
    mean, low, _ = paired("applications", strict, lenient)
    assert low > 0.0, (mean, low)


def test_applications_rise_with_prospecting():
    idle, out = ([measures(drive(ON, seed, STARTING, outside=minutes)) for seed in SEEDS]
                 for minutes in (0.0, PROSPECTING))
    mean, low, _ = paired("applications", idle, out)
    assert low > 0.0, (mean, low)


def test_without_demand_the_files_do_not_answer_leniency():
    """Demand off: the same walk-in files whatever the habit (a known answer, exact)."""
    for seed in SEEDS[:5]:
        assert measures(drive(OFF, seed, STRICT))["applications"] == measures(drive(OFF, seed, LENIENT))["applications"]


def test_leniency_lends_more_in_count_and_yuan_to_worse_applicants():
    """Agarwal & Ben-David's measures, lenient (screening 0.1, strictness 0.2) against the
    starting habits (0.6, 0.5): more new loans, more ¥ lent, a worse applicant pool, and more approved loans in
    default within 12 months (24 months run, so the first 12 months' loans are seen 12 months)."""
    start, lenient = ([measures(drive(ON, seed, habits, months=24)) for seed in SEEDS] for habits in (STARTING, LENIENT))
    for measure in ("approvals", "lent", "bad_share", "default_12m"):
        mean, low, _ = paired(measure, start, lenient)
        assert low > 0.0, (measure, mean, low)


def test_marginal_applicants_are_worse_than_ordinary_ones():
    """With demand on, the applicant pool's bad share is above the ordinary 20 % (binomial
    interval over all files of 20 seeds) and below the marginal applicants' 50 %."""
    files = [f for seed in SEEDS for f in drive(ON, seed, LENIENT).files]
    share, n = np.mean([f[5] for f in files]), len(files)
    half = 1.96 * math.sqrt(share * (1.0 - share) / n)
    assert ON.loans.bad_share < share - half and share + half < ON.loans.demand.marginal_bad_share


def test_demand_with_nothing_to_answer_is_demand_off():
    """On with no marginal pool and no size slope, the books are bit for bit those with demand
    off: marginal applicants come from a stream of their own, so the ordinary files' draws stay."""
    nothing = Bank(loans={"demand": {"enabled": True, "marginal_pool": 0.0, "size_slope": 0.0}})
    for seed in SEEDS[:3]:
        a, b = drive(OFF, seed, STARTING), drive(nothing, seed, STARTING)
        assert [(f[0], f[1], f[4], f[5], f[6] and f[6].amount) for f in a.files] == \
               [(f[0], f[1], f[4], f[5], f[6] and f[6].amount) for f in b.files]


def test_loan_size_follows_strictness():
    on, off = LoanDemand(enabled=True), LoanDemand()
    assert loan_size(on, on.size_reference) == 1.0
    assert loan_size(on, 0.0) == pytest.approx(1.15, abs=1e-3)  # Agarwal & Ben-David: +15 % loan size
    assert loan_size(on, 0.2) > loan_size(on, 0.5) > loan_size(on, 0.8)
    assert loan_size(off, 0.0) == loan_size(off, 1.0) == 1.0


def test_reputation_is_a_smoothed_approval_rate():
    demand = LoanDemand(enabled=True, reputation_months=6.0)
    assert updated_reputation(demand, 0.8, 10, 10, 1) == pytest.approx(0.8 + 0.2 / 6.0)
    assert updated_reputation(demand, 0.8, 0, 10, 3) == pytest.approx(0.8 * (5.0 / 6.0) ** 3)
    assert updated_reputation(demand, 0.8, 0, 0, 1) == 0.8  # no files: the market learns nothing
    assert updated_reputation(LoanDemand(reputation_months=1.0), 0.8, 3, 4, 1) == 0.75


def test_poisson_counts_have_their_mean():
    rs, mean, n = Draws(np.random.default_rng(9)), 4.0, 20_000
    draws = [poisson(rs, mean) for _ in range(n)]
    assert abs(np.mean(draws) - mean) < 2.576 * math.sqrt(mean / n)  # 99 % interval
    assert poisson(rs, 0.0) == 0


@pytest.mark.parametrize(("field", "value"), [("marginal_pool", -1.0), ("marginal_bad_share", 1.5),
                                              ("reputation_months", 0.5), ("size_slope", 50.0),
                                              ("enabled", "yes")])
def test_bad_demand_settings_are_refused_naming_the_field(field, value):
    scenario = load_scenario(SCENARIOS / "baseline.yaml")
    with pytest.raises(ScenarioError, match=f"bank.loans.demand.{field}"):
        with_overrides(scenario, {f"bank.loans.demand.{field}": value})


def test_foresight_lends_what_the_loan_size_says():
    """A manager who knows their contract foresees the size margin too: with demand on, the
    files of a cohort read at strictness q lend ``loan_size(q)`` times what they lend with it
    off, in every period's balance and flow (``simkit.bank.outlook.cohort``); the counts of
    approvals do not change."""
    lenient = ManagerChoices(screening=0.3, strictness=0.2)
    on, off = (cohort(bank.loans, 1, FILES, lenient, lambda r: 0.02 + 0.38 * r, LifeTable(bank.loans, 0.2))
               for bank in (ON, OFF))
    factor = loan_size(ON.loans.demand, lenient.strictness)
    assert factor > 1.0
    np.testing.assert_allclose(on["loans_approved"], factor * off["loans_approved"], rtol=1e-12)
    np.testing.assert_allclose(on["loan_balance_end"], factor * off["loan_balance_end"], rtol=1e-12)
    np.testing.assert_array_equal(on["approvals"], off["approvals"])


def test_larger_loans_default_as_their_scaled_risk_says():
    """With ``size_risk`` 2, the most lenient manager's loans (strictness 0: 1.15 times the mean
    size) carry their borrower's default probability times 1.15² = 1.32. A loan's 12 monthly
    hazards add up to its annual probability, so the approved loans that fall overdue within
    12 months number Σ pd in expectation, a sum of independent Bernoullis: the count lies within
    its 99 % interval of Σ pd, and outside that of the unscaled Σ pd / 1.32."""
    bank, habits = Bank(loans={"demand": {"enabled": True, "size_risk": 2.0}}), ManagerChoices(screening=0.1,
                                                                                              strictness=0.0)
    loans = [f[6] for seed in SEEDS for f in drive(bank, seed, habits, months=24).files if f[0] < 12 and f[6]]
    scale = loan_size(bank.loans.demand, 0.0) ** 2
    assert all(ln.risk_scale == scale for ln in loans)
    pds = np.array([ln.pd for ln in loans])
    observed = sum(0 <= ln.defaulted - ln.start < 12 for ln in loans)
    for expected, inside in ((pds.sum(), True), ((pds / scale).sum(), False)):
        half = 2.576 * math.sqrt(float((pds * (1.0 - pds)).sum()))
        print(f"observed {observed}, expected {expected:.1f} ± {half:.1f}")
        assert (abs(observed - expected) < half) == inside, (observed, expected, half)
