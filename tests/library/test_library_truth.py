"""The results library stays true: one task of every stored experiment, re-run, gives its rows.

The library (library/*.parquet) is what the notebooks and lessons show; it was computed by
``make results`` from the model as it was then. Here one task of each experiment — its second
arm (the first is the reference), replication 0 — runs again through the same reduction
(``simkit.library.truth.rerun``), and its rows must equal the stored ones (every label exactly,
every value to ``RTOL``, 1e-9: the last bits differ between machines, ``simkit.library.truth``). A model
change that alters results fails here until the library is regenerated (``make results``); a
change that only renames the tasks (a new setting, off by default) is ``reidentify``'s.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from simkit.library.spec import load_experiments
from simkit.library.truth import RTOL, rerun, same_rows

pytestmark = pytest.mark.slow

EXPERIMENTS = load_experiments()


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_one_task_of_the_experiment_gives_the_stored_rows(name):
    stored, again = rerun(name)
    assert len(stored) == len(again), f"{name}: {len(stored)} stored rows, {len(again)} now: run `make results`"
    if not same_rows(stored, again):
        pd.testing.assert_frame_equal(stored, again, check_dtype=False, check_exact=False, rtol=RTOL,
                                      obj=f"library {name} (if the model changed on purpose: make results)")


BEFORE = Path(__file__).resolve().parents[2] / "docs" / "data" / "before"


def test_one_task_of_the_library_before_the_margins_gives_its_stored_rows():
    """docs/data/before/ (the shipped defaults, no field margins; benchmarks/speed.py): its
    cheapest experiment's task, teller_products' second arm at replication 0, run again. A metric
    measured since it was computed (loans.originated_bad) is allowed; every stored row must hold."""
    stored, again = rerun("teller_products", BEFORE)
    assert set(again["metric"]) - set(stored["metric"]) <= {"loans.originated_bad"}
    assert same_rows(stored, again, allow_new=True), "docs/data/before/ is not what the model gives: python benchmarks/speed.py --build"
