"""Shared fixtures of the dashboard tests: small runs, made once per session."""
from __future__ import annotations

import pytest

import simkit
from helpers import SCENARIOS

#: one month, two replications: the smallest comparison with a confidence interval
SMALL = dict(periods=1, replications=2, seed=7)


@pytest.fixture(scope="session")
def day_results():
    """One day of the baseline branch (seed 3): the replay's raw material."""
    return simkit.run(SCENARIOS / "baseline.yaml", days=1, seed=3)


@pytest.fixture(scope="session")
def small_app():
    """A dashboard that has run once with :data:`SMALL` inputs (no browser)."""
    from simkit.dashboard.app import Dashboard
    from simkit.dashboard.inputs import Inputs, Side

    d = Dashboard("en", Inputs(b=Side(teller="teller_piece_rate"), **SMALL))
    d.run()
    return d
