"""Upper bounds on every size in a scenario, and the estimate of a run's customers.

A scenario is refused at validation, in well under a second, when a number would make a
run exhaust time or memory: a horizon of 10**18 days, ten million windows, an arrival rate
that would bring billions of customers. Each bound is far above any real branch (so no
honest scenario meets it) and states its reason. The same bounds apply to ``days=`` /
``--days`` given on the command line or to :func:`simkit.run`.

``models`` uses these numbers in its field bounds, so this module imports nothing from simkit
when it is loaded.
"""
from __future__ import annotations

import math

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
MIN_VISIT_MINUTES = 5.0  # an outside visit includes getting there (seed 001: up to 9 a day)


def horizon_days(sc, days: int | None = None) -> float:
    """Days the run covers: ``days`` (an override), the periods' calendar span, or horizon.days."""
    h = sc.horizon
    if h.periods is not None:
        from .models import PERIOD_MONTHS  # at call time: models imports this module
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
    """(what is wrong, what is allowed) if the run would bring more than :data:`MAX_CUSTOMERS`
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
