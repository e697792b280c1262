"""The results library: its experiments file, its reduction, its reader (no simulation here).

The stored library's agreement with the model is tests/library/test_library_truth.py.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simkit import library
from simkit.library.build import COLUMNS, condense, write_experiment
from simkit.library.spec import EXPERIMENTS_FILE, LIBRARY, LibraryError, load_experiments

from helpers import ROOT

MAX_BYTES = 20_000_000  # the library's budget in the repository (docs/library.md)
BEFORE = ROOT / "docs" / "data" / "before"  # the library's experiments before the field margins


def _write(tmp_path, text: str):
    path = tmp_path / "experiments.yaml"
    path.write_text(text)
    return path


GOOD = "x:\n  arms: [fixed_pay, teller_piece_rate]\n  periods: 3\n  replications: 3\n  seed: 1\n"


@pytest.mark.parametrize(("text", "words"), [
    (GOOD.replace("seed: 1", "seed: 1\n  colour: red"), "field colour: unknown field"),
    (GOOD.replace("teller_piece_rate", "teller_peice_rate"), "unknown scheme 'teller_peice_rate'"),
    (GOOD.replace("replications: 3", "replications: 2"), "field replications: 2 is not allowed"),
    (GOOD.replace("periods: 3", "periods: 1000"), "field periods: 1000 is not allowed"),
    (GOOD.replace("seed: 1", "seed: 1\n  arrivals_factor: 50"), "field arrivals_factor: 50 is not allowed"),
    (GOOD.replace("  seed: 1\n", ""), "field seed: missing"),
    (GOOD.replace("[fixed_pay, teller_piece_rate]", "[fixed_pay, fixed_pay]"), "an arm is listed twice"),
    (GOOD + GOOD, "duplicate key"),  # YAML 1.2 refuses it
    (GOOD.replace("seed: 1", "seed: 1\n  set: {horizon.nonsense: 3}"), "field set"),
    (GOOD.replace("seed: 1", "seed: 1\n  people_last: 4"), "field people_last: 4 is not allowed"),
    (GOOD.replace("seed: 1", "seed: 1\n  margins: off"), "field margins: 'off' is not allowed"),
])
def test_a_bad_experiments_file_is_named_with_its_field(tmp_path, text, words):
    path = _write(tmp_path, text)
    with pytest.raises(LibraryError) as caught:
        load_experiments(path)
    message = str(caught.value)
    assert str(path) in message and words in message and "\n" not in message.strip()


def test_a_good_file_gives_one_sweep_per_arm_on_the_same_seeds(tmp_path):
    experiment = load_experiments(_write(tmp_path, GOOD))["x"]
    seeds = [[task.seed for task in experiment.sweep(arm).tasks()] for arm in experiment.arms]
    assert seeds[0] == seeds[1] and len(seeds[0]) == 3  # common random numbers
    scenario = experiment.sweep("teller_piece_rate").points[0].scenario
    assert scenario.horizon.periods == 3 and scenario.branch.rota.enabled  # the field margins are on


def test_margins_false_runs_the_shipped_defaults(tmp_path):
    experiment = load_experiments(_write(tmp_path, GOOD.replace("seed: 1", "seed: 1\n  margins: false")))["x"]
    scenario = experiment.sweep("teller_piece_rate").points[0].scenario
    assert not experiment.margins and not scenario.branch.rota.enabled and scenario.horizon.periods == 3


def test_people_last_keeps_every_persons_rows_for_the_fairness_measures(tmp_path):
    experiment = load_experiments(_write(tmp_path, GOOD.replace("seed: 1", "seed: 1\n  people_last: 2")))["x"]
    assert experiment.people_last == 2
    assert all(task.logs == ("staff_periods",) for task in experiment.sweep("fixed_pay").tasks())


def test_people_rows_are_each_replications_fairness_over_its_last_months():
    """Two customer managers per replication, books 1 and 3 (× mean): in the last month the
    richer book is paid 5,000 and the poorer 3,000, so the Gini is (5,000 − 3,000) / (2 × 8,000)
    = 0.125 and the book pay gap ¥2,000; the month before (outside ``last``) pays them the
    other way round and must not count. Two people give no R² (it needs three): no row."""
    rows = []
    for replication in (0, 1):
        for period, pays in ((0, (5000.0, 3000.0)), (1, (3000.0, 5000.0))):
            for post, book, pay in (("M1", 1.0, pays[0]), ("M2", 3.0, pays[1])):
                rows.append({"replication": replication, "period": period, "role": "customer_manager",
                             "post": post, "pay": pay, "kpi.portfolio_start": book})
    scenario = load_experiments(EXPERIMENTS_FILE)["fairness"].sweep("cm_portfolio_absolute").points[0].scenario
    people = library.people_rows(pd.DataFrame(rows), scenario, last=1)
    assert set(people["scope"]) == {"people"} and people["period"].isna().all()
    by = people.set_index(["replication", "metric"])["value"]
    for replication in (0, 1):
        assert by[(replication, "gini_pay")] == pytest.approx(0.125)
        assert by[(replication, "book_pay_gap")] == pytest.approx(2000.0)
        assert (replication, "portfolio_r2") not in by


def test_condense_keeps_the_read_metrics_sorted():
    summary = pd.DataFrame({
        "task": "t", "point": 0, "replication": [1, 0, 0, 0],
        "scope": ["staff", "staff", "staff", "run"], "period": [0, 0, 0, None], "role": ["teller"] * 3 + [None],
        "metric": ["policy.pace", "foreseen.pace", "policy.pace", "wait_mean"], "value": [1.0, 2.0, 3.0, 4.0]})
    rows = condense(summary, "fixed_pay")
    assert list(rows.columns) == COLUMNS
    assert list(rows["metric"]) == ["wait_mean", "policy.pace", "policy.pace"]  # foreseen.* dropped; run first
    assert list(rows["replication"]) == [0, 0, 1]


def _fake_library(tmp_path, a, b):
    """A library of one experiment whose teller pace is ``a`` / ``b`` per replication, two months."""
    rows = []
    for arm, values in (("ref", a), ("new", b)):
        for rep, value in enumerate(values):
            for period in (0, 1):
                rows.append({"arm": arm, "replication": rep, "scope": "staff", "period": period, "role": "teller",
                             "metric": "policy.pace", "value": value if period == 1 else 0.0})
    frame = pd.DataFrame(rows)
    frame["replication"] = frame["replication"].astype("int16")
    frame["period"] = frame["period"].astype("Int16")
    size = write_experiment(frame, tmp_path / "e.parquet")
    (tmp_path / "manifest.json").write_text(json.dumps({"experiments": {"e": {
        "file": "e.parquet", "arms": {"ref": {}, "new": {}}, "periods": 2, "replications": len(a), "rows": len(frame),
        "bytes": size}}}))
    return tmp_path


def test_a_people_measure_is_read_whole_not_by_month(tmp_path):
    """A fairness measure (scope ``people``) has no months: the effect pairs the replications'
    values as they are, and a metric of the same name by month is not mixed in."""
    rows = []
    for arm, values in (("ref", [0.20, 0.22, 0.18]), ("new", [0.10, 0.13, 0.10])):
        for rep, value in enumerate(values):
            rows.append({"arm": arm, "replication": rep, "scope": "people", "period": None,
                         "role": "customer_manager", "metric": "gini_pay", "value": value})
            rows.append({"arm": arm, "replication": rep, "scope": "staff", "period": 0,
                         "role": "customer_manager", "metric": "pay", "value": 5000.0})
    frame = pd.DataFrame(rows).astype({"replication": "int16", "period": "Int16"})
    size = write_experiment(frame, tmp_path / "e.parquet")
    (tmp_path / "manifest.json").write_text(json.dumps({"experiments": {"e": {
        "file": "e.parquet", "arms": {"ref": {}, "new": {}}, "periods": 1, "replications": 3, "rows": len(frame),
        "bytes": size}}}))
    found = library.effect("e", "new", "ref", "gini_pay", role="customer_manager", library=tmp_path)
    assert found.months is None and found.n == 3
    assert found.mean == pytest.approx(np.mean([-0.10, -0.09, -0.08]), abs=1e-12)


def test_effect_is_the_paired_student_t_interval_of_the_last_months(tmp_path):
    a, b = [1.0, 1.1, 0.9, 1.05], [1.2, 1.25, 1.0, 1.3]
    folder = _fake_library(tmp_path, a, b)
    found = library.effect("e", "new", "ref", "policy.pace", role="teller", tail=1, library=folder)
    d = np.subtract(b, a)
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
    assert found.months == (2, 2) and found.n == 4
    assert found.mean == pytest.approx(d.mean(), abs=1e-12)
    assert (found.low, found.high) == pytest.approx((d.mean() - half, d.mean() + half), abs=1e-12)
    both = library.effect("e", "new", "ref", "policy.pace", role="teller", tail=2, library=folder)
    assert both.months == (1, 2) and both.mean == pytest.approx(d.mean() / 2, abs=1e-12)


@pytest.mark.parametrize(("call", "words"), [
    (lambda f: library.effect("e", "nope", "ref", "policy.pace", role="teller", library=f), "no arm 'nope'"),
    (lambda f: library.effect("e", "new", "ref", "policy.speed", role="teller", library=f), "no metric 'policy.speed'"),
    (lambda f: library.effect("e", "new", "ref", "policy.pace", role="teller", tail=0, library=f), "tail: 0"),
    (lambda f: library.load("nothing", library=f), "no experiment 'nothing'"),
])
def test_a_bad_request_names_what_is_allowed(tmp_path, call, words):
    folder = _fake_library(tmp_path, [1.0, 2.0, 3.0], [1.0, 2.0, 3.5])
    with pytest.raises(LibraryError, match="allowed|stored") as caught:
        call(folder)
    assert words in str(caught.value)


@pytest.mark.parametrize("folder", [LIBRARY, BEFORE], ids=["library", "before the margins"])
def test_the_stored_library_matches_its_experiments_file(folder):
    """Every experiment is stored with the arms, settings and task ids its file gives now: an
    edited experiment or scheme file fails here until `make results` is run (for the library
    before the margins, docs/data/before/, `python benchmarks/speed.py --build`)."""
    stored = library.manifest(folder)["experiments"]
    experiments = load_experiments(folder / "experiments.yaml")
    assert set(stored) == set(experiments)
    for name, experiment in experiments.items():
        entry = stored[name]
        assert (entry["periods"], entry["replications"], entry["seed"], entry.get("people_last")) == (
            experiment.periods, experiment.replications, experiment.seed, experiment.people_last), name
        assert bool(entry["margins"]) == experiment.margins, name
        for arm in experiment.arms:
            assert entry["arms"][arm]["tasks"] == [t.id for t in experiment.sweep(arm).tasks()], (name, arm)


def test_the_library_stays_small():
    files = list(LIBRARY.glob("*.parquet"))
    assert files and sum(f.stat().st_size for f in files) <= MAX_BYTES


def test_a_ratio_metric_divides_the_sums_over_the_months(tmp_path):
    folder = _fake_library(tmp_path, [1.0, 2.0, 4.0], [2.0, 2.0, 2.0])
    values, months = library.per_replication("e", "policy.pace/policy.pace", role="teller", tail=2, library=folder)
    assert months == (1, 2) and (values == 1.0).all()  # (0 + v) / (0 + v) in every arm and replication
