"""One set of scheme runs shared by every behaviour test: their stored summaries
(``scheme_runs.STORE``, checked by test_scheme_runs_truth.py), or fresh runs with
``SIMKIT_SCHEME_RUNS=run`` (about half an hour on two cores)."""
import os

import pytest

from scheme_runs import StaleStore, run_all, stored_runs


@pytest.fixture(scope="session")
def arms():
    if os.environ.get("SIMKIT_SCHEME_RUNS") == "run":
        return run_all()
    try:
        return stored_runs()
    except StaleStore as error:
        pytest.fail(str(error), pytrace=False)
