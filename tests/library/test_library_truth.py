"""The results library stays true: one task of every stored experiment, re-run, gives its rows.

The library (library/*.parquet) is what the notebooks and lessons show; it was computed by
``make results`` from the model as it was then. Here one task of each experiment — its second
arm (the first is the reference), replication 0 — runs again through the same reduction
(``simkit.library.condense``, with its people rows where the experiment keeps them), and its rows must equal the stored ones bit for bit. A model
change that alters results fails here until the library is regenerated (``make results``).
"""
from __future__ import annotations

import pandas as pd
import pytest

from simkit import library
from simkit.experiment.tasks import run_task
from simkit.library.spec import load_experiments

pytestmark = pytest.mark.slow

EXPERIMENTS = load_experiments()


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_one_task_of_the_experiment_gives_the_stored_rows(name):
    experiment = EXPERIMENTS[name]
    arm = experiment.arms[1]
    task = experiment.sweep(arm).tasks()[0]
    assert task.replication == 0
    stored = library.load(name)
    stored = stored[(stored["arm"] == arm) & (stored["replication"] == 0)].reset_index(drop=True)
    outputs = run_task(task)
    people = None
    if experiment.people_last:
        people = library.people_rows(outputs["staff_periods"], task.scenario, experiment.people_last)
    rerun = library.condense(outputs["summary"], arm, people)
    assert len(stored) == len(rerun), f"{name}/{arm}: {len(stored)} stored rows, {len(rerun)} now: run `make results`"
    for column in ("arm", "scope", "role", "metric"):
        rerun[column] = rerun[column].astype(object)
    pd.testing.assert_frame_equal(stored, rerun, check_dtype=False, check_exact=True,
                                  obj=f"library {name}/{arm} (if the model changed on purpose: make results)")
