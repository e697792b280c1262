"""One set of scheme runs shared by every behaviour test (they take minutes)."""
import pytest

from scheme_runs import run_all


@pytest.fixture(scope="session")
def arms():
    return run_all()
