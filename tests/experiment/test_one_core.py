"""Worker processes only where more than one core is usable: with one core the
``processes`` executor runs serially (the numbers are the same on every executor:
test_executors.test_identical_to_serial)."""
from __future__ import annotations

import pytest

from simkit.experiment import executors
from simkit.experiment.executors import Processes, Serial, make_executor


@pytest.mark.parametrize("workers", [None, 1, 2])
def test_one_core_runs_serially(monkeypatch, workers):
    monkeypatch.setattr(executors, "cores", lambda: 1)
    assert isinstance(make_executor("processes", workers), Serial)


def test_two_cores_start_a_pool(monkeypatch):
    monkeypatch.setattr(executors, "cores", lambda: 2)
    with make_executor("processes", 2) as pool:
        assert isinstance(pool, Processes) and pool.workers == 2
