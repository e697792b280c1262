"""Upper bounds on every size and every number in a scenario, and the estimate of a run's customers.

A scenario is refused at validation, in well under a second, when a number would make a
run exhaust time or memory: a horizon of 10**18 days, ten million windows, an arrival rate
that would bring billions of customers. Each bound is far above any real branch (so no
honest scenario meets it) and states its reason. The same bounds apply to ``days=`` /
``--days`` given on the command line or to ``simkit.run``.

Single numbers (money, rates, durations, learning steps, ...) get a ceiling wherever an
overflow or an absurd result waits: a fine of ¥1e300, a prior of 1e308 loan-years, a gamma
cv its sampler cannot follow. ``models`` and ``simkit.pay.schemes`` use these numbers in their
field bounds, so this module imports only the leaf ``simkit.vocabulary``: every layer can
read it without an import circle.
"""
from __future__ import annotations

import math

from .vocabulary import PERIOD_MONTHS

# (stated reason) numpy's SeedSequence hashes a seed into a pool of four 32-bit words and
# draws every stream from that pool: a seed of more than 128 bits gives no more distinct streams
MAX_SEED_BITS = 128
MAX_SEED = 2 ** MAX_SEED_BITS - 1

# (stated reason) a horizon of at most 30 years: a whole career at one branch, and ten times
# the longest run the project ships (36 months, benchmarks/bench_incentives.py)
MAX_YEARS = 30
MAX_DAYS = math.ceil(MAX_YEARS * 365.25)  # 10,958 days
MAX_MONTHS = MAX_YEARS * 12  # 360 monthly assessment periods (or 120 quarters, ...)
DAYS_PER_MONTH = 365.25 / 12  # mean Gregorian month, for estimates only

# (stated reason) the largest Chinese bank halls have a few tens of counters and machines;
# the project's large branch has 13 windows, 2 lobby managers and 5 customer managers
MAX_WINDOWS = 100  # per window type
MAX_MACHINES = 100
MAX_LOBBY_MANAGERS = 20
MAX_CUSTOMER_MANAGERS = 100
MAX_TELLERS = MAX_WINDOWS * 3  # one teller per window, three window types

# (stated reason) a day factor multiplies an ordinary day's traffic; the busiest days of the
# defaults (month end x1.6, pay days x1.2, after seed 002) are under twice an ordinary one,
# so 10x is a typo
MAX_DAY_FACTOR = 10.0
# (stated reason) and a day with under a hundredth of an ordinary day's traffic is a closed day
# (closed_weekdays); smaller factors multiplied together underflow a rate to 0
MIN_DAY_FACTOR = 0.01
# (stated reason) a positive hourly rate below one customer in a million hours brings nobody
# over the longest horizon (30 years are 263,000 hours); tinier rates underflow to 0 a minute
MIN_HOURLY_RATE = 1e-6

# (stated reason) customers over the whole horizon. Measured on the baseline (one core):
# about 2 kB of memory and 30 µs per customer, so 5 million is about 10 GB and 3 minutes;
# 30 years of the baseline branch (440 a day) is 4.8 million
MAX_CUSTOMERS = 5_000_000

# Loans: each month of a loan's life is a column of the loan outlook (simkit.bank.outlook).
# (stated reason) 30 years is the longest term of a Chinese personal housing loan (个人住房贷款
# 期限最长30年), longer than any loan a branch books; a loan overdue 10 years and not yet
# written off is a typo (the default writes off after 24 months)
MAX_LOAN_TERM_MONTHS = 360
MAX_OVERDUE_MONTHS = 120

# (stated reason) minimum gaps between recurring events: below them a day holds millions of
# events (a patrol every nanosecond) without any real branch behaving so
MIN_PATROL_MINUTES = 1.0  # second triage: a lobby manager cannot walk the queue more than once a minute
MIN_SELL_GAP_MINUTES = 1.0  # a selling round in the waiting area takes minutes
MIN_MTBF_MINUTES = 10.0  # a machine failing every few minutes is out of order: set machines: 0
MIN_VISIT_MINUTES = 5.0  # an outside visit includes getting there (seed 002: up to 9 a day)


def horizon_days(sc, days: int | None = None) -> float:
    """Days the run covers: ``days`` (an override), the periods' calendar span, or horizon.days."""
    h = sc.horizon
    if h.periods is not None:
        return h.periods * PERIOD_MONTHS[h.period] * DAYS_PER_MONTH
    return h.days if days is None else days


def customers_per_day(sc) -> float:
    """Expected arrivals on a mean day: the hourly profile over opening hours, times the
    mean weekday (closed days count 0), day-of-month and month-end factors."""
    arr = sc.arrivals
    week = [0.0 if d in arr.closed_weekdays else f for d, f in enumerate(arr.weekday)]
    dom = 1.0 + sum(f - 1.0 for f in arr.day_of_month.values()) / DAYS_PER_MONTH
    end = 1.0 + arr.month_end.last_days * (arr.month_end.factor - 1.0) / DAYS_PER_MONTH
    return _ordinary_day(sc) * (sum(week) / 7.0) * dom * end


def _ordinary_day(sc) -> float:
    """Customers in one ordinary opening day: each hour's rate times the open part of it."""
    o, c = sc.branch.open_minute, sc.branch.close_minute
    hourly = sc.arrivals.hourly
    if not isinstance(hourly, dict):  # one rate in every opening hour
        hourly = {h: hourly for h in range(o // 60, (c + 59) // 60)}
    return sum(rate * max(0, min(h * 60 + 60, c) - max(h * 60, o)) / 60.0 for h, rate in hourly.items())


def expected_customers(sc, days: int | None = None) -> float:
    """Expected customers over the run (``inf`` if the numbers overflow)."""
    n = customers_per_day(sc) * horizon_days(sc, days)
    return n if math.isfinite(n) else math.inf


def customer_problem(sc, days: int | None = None) -> tuple[str, str] | None:
    """(what is wrong, what is allowed) if the run would bring more than ``MAX_CUSTOMERS``
    customers, else None."""
    n = expected_customers(sc, days)
    if n <= MAX_CUSTOMERS:
        return None
    per_day = customers_per_day(sc)
    most = math.floor(MAX_CUSTOMERS / per_day) if math.isfinite(per_day) else 0
    fit = f"at this rate at most {most:,} days" if most >= 1 else "at this rate not even one day"
    return (f"the run would bring about {n:,.3g} customers ({per_day:,.3g} a day over {horizon_days(sc, days):,.0f} days)",
            f"at most {MAX_CUSTOMERS:,} customers over the horizon (about 10 GB of tables), {fit}; "
            f"shorten the horizon or lower the arrival rates")


# ----------------------------------------------------------------------------- values
# Upper bounds on single numbers, where an overflow or an absurd result waits. Each is far
# above any real branch, so no honest scenario meets it.

# (stated reason) text is shown on screens and saved with every result; a name is a line
# and a description a few paragraphs. 200 / 20,000 characters is ten times the longest the
# project ships; a 2.7 MB name would be saved and then refused when the results are loaded
MAX_NAME_CHARS = 200  # scenario name, labels, ids, need and product names
MAX_TEXT_CHARS = 20_000  # scenario description

# (stated reason) money, in ¥. Pay: a Chinese bank teller earns a few thousand yuan a month
# and the best-paid bank chairmen under a million a year (the 2015 pay cap on state bank
# executives, 限薪令), so ¥10 million is above any one pay item, fine, pool or effort cost
# of a month or a year. Balances: ICBC, the largest bank in the world, held about ¥30 trillion
# of deposits in 2023 (annual report); a single branch's book, portfolio, loan, target,
# deposit or profit floor of ¥1 trillion is far above any, and products of it with rates and
# counts stay far from overflow
MAX_PAY_YUAN = 10_000_000.0
MAX_BALANCE_YUAN = 1e12
# (stated reason) a rate in ¥ per ¥ (a deposit bonus, a reward on the increment): paying more
# than the whole amount each period is a typo; pay per ¥10,000 of profit likewise at ¥10,000
MAX_YUAN_PER_YUAN = 1.0
MAX_PAY_PER_10K = 10_000.0

# (stated reason) the coefficient of variation of a duration or an amount. Brown et al. (2005,
# JASA 100:36-50) measured service-time CVs near 1; at cv 5 a lognormal's median is a fifth of
# its mean and one draw in a thousand is 50 times the mean. Larger values only produce
# draws of 0 and of days for one customer (at cv 1e154 the variance overflows to NaN).
MAX_CV = 5.0
# the gamma sampler (simkit.branch.sampling: Wilson-Hilferty) is accurate for shape
# k = 1/cv**2 >= 0.5 only, i.e. cv <= sqrt(2); above it its mean falls far below the stated one
# (cv 10 turns a 9-minute mean into 0.04 minutes)
MAX_GAMMA_CV = math.sqrt(2.0)

# (stated reason) durations in minutes. One service, talk, patrol, visit or walk of the queue
# longer than a whole day (1,440 minutes) is no branch's; a machine repair longer than a month
# means the machine is gone (set machines: 0); failures rarer than once over the longest
# horizon mean it never fails
MAX_TASK_MINUTES = 24 * 60.0
MAX_REPAIR_MINUTES = 31 * 24 * 60.0
MAX_MTBF_MINUTES = MAX_DAYS * 24 * 60.0

# (stated reason) a factor that multiplies a default (a segment's patience, balking or
# complaint factor, a communication type's, a person's speed, accuracy or selling): 1 is
# average; 100 times (or a hundredth) is no kind of person
MAX_FACTOR = 100.0
MIN_ABILITY = 1.0 / MAX_FACTOR
# (stated reason) an inherited portfolio in multiples of the bank's mean: a thousand means are
# a ¥20 billion book at the default mean, beyond any one customer manager's
MAX_PORTFOLIO_MULTIPLE = 1000.0
# (stated reason) a relative weight (a product's, a push): a million to one already means
# only that product; larger sums overflow
MAX_WEIGHT = 1e6

# (stated reason) people in one queue or talked to in one patrol: no hall holds 10,000
MAX_QUEUE = 10_000

# (stated reason) logistic coefficients (complaint probability): 50 logit units move a chance
# from 2e-22 to 1 - 2e-22, so a larger one means nothing, and exp() of a larger negative
# intercept overflows
MAX_LOGIT = 50.0
# (stated reason) satisfaction is on a 0..10 scale: no penalty exceeds the whole scale
SATISFACTION_SCALE = 10.0

# (stated reason) errors grow with pace ** elasticity; pace is at most 2, so 10 already makes
# double speed 1,024 times as error-prone (the default is 2: four times)
MAX_PACE_ERROR_ELASTICITY = 10.0

# (stated reason) a full check of one transaction re-counts its cash and re-reads its voucher
# (seed 002: a bundle of 100 notes counts in 30 s); an hour on one transaction is an audit, not a check
MAX_CHECK_MINUTES = 60.0

# (stated reason) new hires' ability spread (lognormal sd): at 1 the fastest in a hundred
# works ten times as fast as the slowest; exp() of a larger one soon overflows
MAX_ABILITY_SD = 1.0
# (stated reason) a loan file's signal noise, in units of (pd_bad - pd_good): at 100 gaps a
# file says nothing; larger adds nothing
MAX_SIGNAL_NOISE = 100.0

# Learning (simkit.behaviour.learning). (stated reason) trials are spread by exploration x up
# to WIDEN (3) x a normal draw, in logit units: at 10 a trial sits at an end of its range
# almost always, so more explores nothing, and 3 x 10 x 8 sd stays far below the 709 where
# exp() overflows
MAX_EXPLORATION = 10.0
# (stated reason) the step size: every step is clipped at MAX_STEP logit units, so a rate of
# 100 already takes the full clipped step on any evidence; above it the gain overflows
MAX_LEARNING_RATE = 100.0
# (stated reason) tenure, in periods, at which learning steps halve: beyond the longest
# horizon they never do
MAX_HALFLIFE = float(MAX_MONTHS)
# (stated reason) training's weight in loan-years per band of a file's reading: a branch books
# a few hundred loans a year, so 1,000 loan-years is a prior its record never moves within the
# longest horizon; larger ones overflow the belief's months to infinity
MAX_PRIOR_LOAN_YEARS = 1000.0

# Pay schemes. (stated reason) an assessment table of seed 003 is out of 100 points; 1,000
# points on one line or one breach is ten whole tables
MAX_POINTS = 1000.0
# (stated reason) completion counts up to ``cap``: 120-150 % in the seeds; 100 (10,000 %) is a typo
MAX_COMPLETION_CAP = 100.0
# (stated reason) grade coefficients on the annual rating run 0.5-1.2 in the seed; 10 is a typo
MAX_COEFFICIENT = 10.0
# (stated reason) a target in portfolio_target's 'adjusted' mode is portfolio ** elasticity:
# 1 is proportional, 3 already makes a book twice the mean carry eight times its target
MAX_ELASTICITY = 3.0
# (stated reason) a monthly growth target of 1,000 % is no bank's
MAX_GROWTH_TARGET = 10.0
# (stated reason) a settlement less often than the longest horizon (360 periods) never comes
MAX_SETTLE_PERIODS = MAX_MONTHS
# (stated reason) units to sell in a period: more than the customers the longest run brings
MAX_UNITS = float(MAX_CUSTOMERS)

# Labour market (simkit.behaviour.labour). (stated reason) the quit hazard's steepness per unit
# of relative shortfall below the outside option: at 1,000 it climbs from a tenth to nine tenths
# of its rise within half a percent of the outside option, a step in all but name; steeper adds nothing
MAX_QUIT_STEEPNESS = 1000.0
# (stated reason) the outside option rises as ability ** elasticity: 1 is pay proportional to
# ability, 3 already pays someone twice as able eight times as much; beyond it no labour market
MAX_ABILITY_ELASTICITY = 3.0
# (stated reason) offers made for one vacant post before the bank takes the candidate who likes
# the post most: 1,000 offers are decades at one a week
MAX_APPLICANTS = 1000
# (stated reason) offers a branch can make for one post in a month: 1,000 is more than one every
# working hour of the month
MAX_APPLICANTS_PER_MONTH = 1000.0
# (stated reason) and at least one offer in eight years (0.01 a month): fewer leaves a post empty
# for longer than the longest horizon, and the vacancy's months would overflow towards infinity
MIN_APPLICANTS_PER_MONTH = 0.01

# Loan demand and the inherited loan book (simkit.bank.loans, docs/loans.md). (stated reason)
# a customer manager reads at most a few dozen loan files a day; 1,000 a month is more than 30
# every day of the month, and the burn-in of an inherited book reads this many for every month
# of a loan's life, so a larger number only makes the run slow
MAX_LOAN_FILES_PER_MONTH = 1000.0
# (stated reason) the log-slope of loan size in strictness: at 5 the most lenient manager lends
# e**5 (about 150) times what the strictest does; no branch's loans differ by more
MAX_LOAN_SIZE_SLOPE = 5.0
# (stated reason) the elasticity of default risk in loan size: at 5 a loan twice the size is 32
# times as likely to default; beyond that the size of a loan, not its borrower, decides everything
MAX_LOAN_SIZE_RISK = 5.0
