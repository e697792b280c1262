"""Any scenario within the schema's bounds is refused cleanly or runs to a clean end.

Hypothesis generates overrides of the numeric fields that reach the simulation loop —
service means and cvs, patience, arrival rates, staff choices and learnable ranges, learning
settings, loan settings, pay amounts — at and next to each field's bounds (read from the
pydantic models' own constraints), at extreme but allowed values and in between. Each
scenario must either be refused with a ``ScenarioError``, or run a short horizon
(one day for branch fields; two monthly periods of a small scheme scenario for pay,
learning and loan fields) within a time bound with no NaN or infinity in any output table
— or stop with ``NonFiniteError``. Any other exception, or a run past the bound, fails.

Fixed seed (``derandomize``), so the examples are the same on every run.
"""
from __future__ import annotations

import math
import signal
from contextlib import contextmanager

import annotated_types as at
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

import simkit
from simkit.errors import NonFiniteError
from simkit.scenario import ScenarioError, load_scenario, with_overrides

from helpers import SCENARIOS

BRANCH = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {"horizon.days": 1})
# a small scheme scenario: the customer managers' profit pay reads their loans and deposits, staff
# learn and foresee what their habits pay; ten arrivals an hour keep two months of branch short
SCHEME = with_overrides(load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"),
                        {"horizon.periods": 2, "arrivals.hourly": 10.0})
RUN_SECONDS = {"branch": 30, "scheme": 60}  # far above a clean run (under 1 s and 5 s here): a hang fails

DIST = ("lognormal", "gamma", "exponential", "deterministic")
BRANCH_FIELDS = ["needs.cash_deposit.channels.teller.mean", "needs.cash_deposit.channels.teller.cv",
                 "needs.cash_withdrawal_small.channels.self_service.mean",
                 "needs.cash_withdrawal_small.channels.self_service.cv",
                 "customers.patience.mean_minutes", "customers.patience.cv", "arrivals.hourly",
                 "staff.choices.teller.pace", "staff.choices.teller.pitch", "staff.choices.lobby_manager.diversion",
                 "staff.teller_work.rework.mean", "staff.teller_work.pitch.cv", "staff.lobby_work.triage.mean",
                 "staff.manager_work.referral.cv"]
SCHEME_FIELDS = ["behaviour.learning.rate", "behaviour.learning.exploration", "behaviour.learning.halflife",
                 "behaviour.learning.discount", "behaviour.learning.trace", "behaviour.learning.memory",
                 "behaviour.learning.prior_loan_years", "behaviour.learning.foresight.customer_manager",
                 "behaviour.choices.customer_manager.screening.lo", "behaviour.choices.customer_manager.screening.hi",
                 "behaviour.choices.customer_manager.screening.cost", "behaviour.choices.teller.pace.lo",
                 "behaviour.choices.teller.pace.hi", "behaviour.choices.customer_manager.strictness.hi",
                 "bank.loans.term_months", "bank.loans.write_off_months", "bank.loans.substandard_after",
                 "bank.loans.loss_after", "bank.loans.amount_mean", "bank.loans.amount_cv", "bank.loans.pd_bad",
                 "bank.loans.pd_good", "bank.loans.rate", "bank.loans.recovery_base", "bank.deposits.mean_portfolio",
                 "bank.operating_cost", "pay.customer_manager.components.0.base",
                 "pay.customer_manager.components.1.pay_per_10k", "pay.customer_manager.components.1.floor",
                 "pay.customer_manager.components.1.settle_every", "pay.customer_manager.components.1.advance_share"]


def _owner(sc, path: str):
    """The model holding the last field of ``path``, and the field's name."""
    *parents, name = path.split(".")
    node = sc
    for key in parents:
        node = node[int(key)] if isinstance(node, (list, tuple)) else node[key] if isinstance(node, dict) \
            else getattr(node, key)
    return node, name


def _bounds(sc, path: str) -> tuple[float, float, bool, bool]:
    """(low, high, low open, high open) of a numeric field from its model's constraints;
    an unbounded side is ±1.7e308 (near the largest double)."""
    if path == "arrivals.hourly":  # a union (one rate, or a rate per hour): any rate above 0 is tried
        return 0.0, 1.7e308, True, False
    owner, name = _owner(sc, path)
    lo, hi, lo_open, hi_open = -math.inf, math.inf, False, False
    for m in type(owner).model_fields[name].metadata:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo, lo_open = m.gt, True
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi, hi_open = m.lt, True
    return max(lo, -1.7e308), min(hi, 1.7e308), lo_open, hi_open


def _values(sc, path: str):
    """Values at and next to the bounds, extreme but allowed ones, and values in between."""
    current = getattr(*_owner(sc, path))
    current = current if isinstance(current, (int, float)) else 10.0  # a rate per hour given as a table
    lo, hi, lo_open, hi_open = _bounds(sc, path)
    if isinstance(current, int) and not isinstance(current, bool):
        lo_i, hi_i = int(lo) + lo_open, min(int(hi) - hi_open, 10**6)  # an unbounded count: a million is extreme
        return st.sampled_from([lo_i, lo_i + 1, hi_i - 1, hi_i, current]) | st.integers(lo_i, hi_i)
    low = math.nextafter(lo, math.inf) if lo_open else lo
    high = math.nextafter(hi, -math.inf) if hi_open else hi
    extremes = [v for v in (low, high, low + 1e-9, high - 1e-9 * abs(high), 1e-300, 1e-6, 1e6, 1e12, 1e300, -1e300,
                            current * 10, current / 10) if low <= v <= high]
    return st.sampled_from(extremes) | st.floats(low, high, allow_nan=False, allow_infinity=False)


def _overrides(sc, fields, extra=None):
    chosen = st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)
    dicts = chosen.flatmap(lambda names: st.fixed_dictionaries({n: _values(sc, n) for n in names}))
    if extra is None:
        return dicts
    return st.tuples(dicts, extra).map(lambda pair: {**pair[0], **pair[1]})


@contextmanager
def _time_limit(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"the run took over {seconds} s: a hang")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


#: staff columns a period may lack: a pay line of a kind that period's payslip does not have
#: (a half-yearly settlement), a push weight (the simulation checks every number it writes)
SOMETIMES = ("pay.", "push.")
#: a customer still inside when the run ends (outcome "inside") has no end yet
UNFINISHED = {"first_ticket_t", "end", "satisfaction", "sojourn"}


def _finite_tables(res) -> None:
    """No NaN or infinity in any table, except where a value does not apply: ``start`` of a
    customer never served, the ticket and end of a visit still going on when the run ends, and
    the columns of another role's choices or foreseen slopes in the staff table (all NaN for
    every row of a role, or none), and pay lines a period's payslip does not have."""
    for name in ("customers", "events", "staff_periods", "bank_periods", "payslips"):
        table = getattr(res, name)
        numbers = table.select_dtypes("number")
        assert not np.isinf(numbers.to_numpy(dtype=float)).any(), (name, "inf")
        nan = numbers.isna()
        if name == "customers":
            unfinished = list(UNFINISHED.intersection(nan.columns))
            assert not nan.drop(columns=["start", *unfinished]).any().any(), (name, nan.sum()[nan.sum() > 0].to_dict())
            assert not (nan["start"] & (table["outcome"] == "served")).any(), (name, "start of a served customer")
            assert not (nan[unfinished].any(axis=1) & (table["outcome"] != "inside")).any(), (name, "end of a visit")
        elif name == "staff_periods":
            for role, rows in nan.groupby(table["role"]):
                mixed = [c for c in rows if rows[c].any() and not rows[c].all() and not c.startswith(SOMETIMES)]
                assert not mixed, (name, role, mixed)
        else:
            assert not nan.any().any(), (name, nan.sum()[nan.sum() > 0].to_dict())


def _check(base, overrides: dict, seconds: int) -> None:
    try:
        sc = with_overrides(base, overrides)
    except ScenarioError:
        event("refused")
        return  # a clean refusal
    try:
        with _time_limit(seconds):
            res = simkit.run(sc)
    except NonFiniteError as err:
        event(f"stopped: {err.where.split(':')[-1].strip()}")
        return  # a clean stop, naming the person, period and quantity
    event("ran")
    _finite_tables(res)


COMMON = settings(derandomize=True, deadline=None, database=None, print_blob=True,
                  phases=[Phase.explicit, Phase.generate, Phase.shrink],  # explaining a failure takes minutes
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@settings(COMMON, max_examples=100)
@given(overrides=_overrides(BRANCH, BRANCH_FIELDS,
                            st.fixed_dictionaries({"needs.cash_deposit.channels.teller.dist": st.sampled_from(DIST)})))
@example(overrides={"needs.cash_deposit.channels.teller.cv": 5e-324,  # its square underflows to 0
                    "needs.cash_deposit.channels.teller.dist": "gamma"})
@example(overrides={"arrivals.hourly": 5e-324,  # its rate a minute underflows to 0
                    "needs.cash_deposit.channels.teller.dist": "lognormal"})
def test_branch_fields_within_bounds_run_cleanly_or_are_refused(overrides):
    _check(BRANCH, overrides, RUN_SECONDS["branch"])


@pytest.mark.slow
@settings(COMMON, max_examples=30)
@given(overrides=_overrides(SCHEME, SCHEME_FIELDS))
# the shortest loan life the fields allow, through the loan outlook of every customer manager
@example(overrides={"bank.loans.write_off_months": 1, "bank.loans.special_mention_after": 1,
                    "bank.loans.substandard_after": 1, "bank.loans.doubtful_after": 1, "bank.loans.loss_after": 1})
def test_pay_learning_and_loan_fields_within_bounds_run_cleanly_or_are_refused(overrides):
    _check(SCHEME, overrides, RUN_SECONDS["scheme"])


def test_the_table_check_finds_a_nan():
    """The check itself: a NaN where a value applies is found."""
    class Fake:
        customers = pd.DataFrame({"start": [1.0], "wait": [math.nan], "outcome": ["served"]})
        events = staff_periods = bank_periods = payslips = pd.DataFrame({"x": [1.0]})
    with pytest.raises(AssertionError, match="customers"):
        _finite_tables(Fake())
