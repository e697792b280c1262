"""Little's law on the full baseline branch.

Over a horizon that starts and ends with an empty branch, L = λW holds *exactly* as an
identity of areas (each customer contributes their sojourn to both sides; Little 1961,
Stidham 1974 sample-path form). So the tolerance here is floating-point rounding, and
what the test checks is the bookkeeping: the in-branch and queue-length series built from
the event log must integrate to exactly the sojourns and waits recorded per customer.
"""
from __future__ import annotations

import numpy as np
import pytest

import simkit
from simkit.measure import in_branch_series

from helpers import SCENARIOS


@pytest.fixture(scope="module")
def res():
    return simkit.run(SCENARIOS / "baseline.yaml", days=7)


def _area(t, level, end):
    return float(np.sum(level[:-1] * np.diff(t)) + level[-1] * (end - t[-1]))


def test_everyone_left_before_the_horizon_ended(res):
    assert (res.customers["outcome"] != "inside").all()


def test_littles_law_in_the_branch(res):
    c = res.customers
    horizon = res.days * 1440.0
    t, n = in_branch_series(c, horizon)
    L = _area(t, n, horizon) / horizon
    lam = len(c) / horizon
    W = c["sojourn"].mean()
    assert L == pytest.approx(lam * W, rel=1e-9)
    assert L > 0.5  # a real, busy branch, not an empty identity


def test_littles_law_in_the_queues(res):
    q = res.queue
    horizon = res.days * 1440.0
    area = 0.0
    for _, g in q.groupby("queue", observed=True):
        area += _area(g["t"].to_numpy(), g["length"].to_numpy(), horizon)
    assert area / horizon == pytest.approx(len(res.customers) / horizon * res.customers["wait"].mean(), rel=1e-9)
    assert (q["length"] >= 0).all()
