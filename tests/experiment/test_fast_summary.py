"""A summary-only sweep reads its KPIs from the run's raw records (issue 22, item 13): the
numbers must be identical, bit for bit, to what the tidy-table path gives, in every
column of the summary, on single-day, multi-day and multi-period runs."""
from __future__ import annotations

import pandas as pd
import pytest

from simkit.api import run
from simkit.experiment import ResultStore, load_sweep, run_sweep
from simkit.experiment.seeds import as_sequence
from simkit.experiment.tasks import (SUMMARY_COLUMNS, Task, encode, run_kpis, run_task, run_task_encoded,
                                     scenario_json, simulate, summarise_results, task_id)
from simkit.scenario import load_scenario, with_overrides
from simkit.results import load

from experiment.conftest import PIECE_RATE_MONTHS
from helpers import SCENARIOS

#: 2 points x 2 replications of the full baseline branch (lobby, desks, machines), 3 days
BASELINE_DAYS = """
    name: baseline_windows
    scenario: SCENARIOS/baseline.yaml
    set: {horizon.days: 3}
    grid: {branch.windows.ordinary: [2, 4]}
    replications: 2
    seed: 31
"""

#: a nearly empty branch: some runs have no customer at all (every KPI NaN or 0)
QUIET = """
    name: quiet
    scenario: SCENARIOS/mmc.yaml
    set: {horizon.days: 1}
    grid: {arrivals.hourly: [0.01, 0.5]}
    replications: 2
    seed: 4
"""


def _tidy_path(task) -> pd.DataFrame:
    res = run(task.scenario, days=task.days, seed=as_sequence(task.seed))
    return summarise_results(res, fast=False)


@pytest.mark.parametrize("text", [BASELINE_DAYS, PIECE_RATE_MONTHS, QUIET], ids=["baseline", "two_months", "quiet"])
def test_stored_summaries_equal_the_tidy_table_path(text, make_sweep, tmp_path):
    sweep = load_sweep(make_sweep(text))
    assert len(sweep.points) == 2 and sweep.replications == 2
    stored = run_sweep(sweep, tmp_path / "out", executor="serial", progress=False).summary
    assert list(stored.columns[:3]) == ["task", "point", "replication"]
    for task in sweep.tasks():
        got = stored[stored["task"] == task.id][SUMMARY_COLUMNS[3:]].reset_index(drop=True)
        want = _tidy_path(task)
        assert len(want) > 0 and list(got.columns) == list(want.columns)
        for col in want.columns:  # every column: same dtype, same values, exactly
            pd.testing.assert_series_equal(got[col], want[col], check_exact=True, obj=f"{task.id} {col}")
        assert set(got.loc[got["scope"] == "run", "metric"]) >= {"customers", "wait_mean", "utilisation_teller"} \
            or got.loc[got["metric"] == "customers", "value"].iloc[0] == 0


def test_fast_kpis_equal_results_kpis_key_by_key():
    res = run(SCENARIOS / "baseline.yaml", days=2, seed=8)
    fast, tidy = run_kpis(res, fast=True), res.kpis()
    assert list(fast) == list(tidy)
    for k, v in tidy.items():
        assert type(fast[k]) is type(v) and (fast[k] == v or (v != v and fast[k] != fast[k])), k


def test_the_fast_path_builds_no_tidy_table():
    res = run(SCENARIOS / "baseline.yaml", days=1, seed=2)
    summarise_results(res)
    assert not {"customers", "events", "staff_activity"} & set(vars(res)), "a tidy table was built"
    summarise_results(res, fast=False)
    assert {"customers", "events", "staff_activity"} <= set(vars(res))


def test_loaded_results_take_the_table_path(tmp_path):
    res = run(SCENARIOS / "mmc.yaml", days=1, seed=2)
    back = load(res.save(tmp_path / "r"))
    pd.testing.assert_frame_equal(summarise_results(back), summarise_results(res), check_exact=True)
    with pytest.raises(ValueError, match="raw records"):
        run_kpis(back, fast=True)


def test_task_ids_from_cached_scenario_text_are_the_same(mmc_sweep):
    sweep = load_sweep(mmc_sweep)
    for t in sweep.tasks():
        assert t.id == task_id(t.scenario, t.seed, t.days) == task_id(t.scenario, t.seed, t.days,
                                                                      scenario_text=scenario_json(t.scenario))


def test_a_whole_sweep_folder_equals_the_tidy_path(mmc_sweep, tmp_path):
    """Every row of a sweep folder, task and point columns included, equals the tidy path's."""
    sweep = load_sweep(mmc_sweep)
    out = tmp_path / "out"
    run_sweep(sweep, out, executor="serial", progress=False)
    fresh = ResultStore.read(out).summary()
    tidy = pd.concat([_tidy_path(t).assign(task=t.id, point=t.point, replication=t.replication)
                      for t in sweep.tasks()], ignore_index=True)[fresh.columns.drop(sweep.parameters)]
    pd.testing.assert_frame_equal(fresh.drop(columns=sweep.parameters).astype(tidy.dtypes.to_dict()), tidy,
                                  check_exact=True)


def _task(scenario, days, logs=(), r=3):
    seed = {"entropy": 9, "spawn_key": [r]}
    return Task(task_id(scenario, seed, days), 1, r, scenario, seed, days, tuple(logs))


@pytest.mark.parametrize("learning", [False, True])
def test_a_summary_only_task_stops_after_the_branch_with_the_same_run(learning):
    """A days-run whose task keeps no period table skips what follows the SimPy loop (the
    period's indicators, books, pay, learning): the branch's records, and so the summary,
    are those of simkit.run, with learners proposing choices (learning on) or not."""
    sc = with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {"behaviour.learning.enabled": learning})
    task = _task(sc, 2)
    full = run(sc, days=2, seed=as_sequence(task.seed))
    lean = simulate(task)
    assert lean._sim.staff_rows == [] and full._sim.staff_rows != []  # it did stop after the branch
    assert lean._branch.log.rows == full._branch.log.rows and lean._branch.log.activity == full._branch.log.activity
    pd.testing.assert_frame_equal(lean.customers, full.customers, check_exact=True)
    pd.testing.assert_frame_equal(summarise_results(lean), summarise_results(full, fast=False), check_exact=True)
    # a task that keeps a table made after the loop runs the whole of simkit.run
    assert simulate(_task(sc, 2, logs=("staff_periods",)))._sim.staff_rows != []


@pytest.mark.parametrize("case", ["baseline", "quiet", "months"])
def test_encoded_summary_is_the_encoded_frame_byte_for_byte(case):
    """run_task_encoded writes a run's summary straight to Arrow (no DataFrame): the Parquet
    bytes are those of encode() of run_task's summary frame (so decode() gives the same
    frame, dtypes and pandas metadata included)."""
    if case == "months":
        sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "teller_piece_rate.yaml"),
                            {"horizon.periods": 1, "arrivals.closed_weekdays": [1, 2, 3, 4, 5, 6]})
        task = _task(sc, None, logs=("bank_periods",))
    else:
        sc = load_scenario(SCENARIOS / ("baseline.yaml" if case == "baseline" else "mmc.yaml"))
        sc = sc if case == "baseline" else with_overrides(sc, {"arrivals.hourly": 0.01})
        task = _task(sc, 1, logs=("customers",))
    frames, encoded = run_task(task), run_task_encoded(task)
    assert set(encoded) == set(frames) == {"summary", *task.logs}
    for name, df in frames.items():
        assert encoded[name] == encode(df, task.id, name), name
