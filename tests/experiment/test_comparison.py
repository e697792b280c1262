"""compare_variants(): variants × replications on common seeds, cancellable, with progress."""
from __future__ import annotations

import threading

import pandas as pd
import pytest

import simkit
from simkit.arguments import ArgumentError
from simkit.experiment import Cancelled, Work, compare_variants, replicate, spawned_seeds
from simkit.experiment.comparison import comparison_tasks, results_of
from simkit.report.intervals import difference
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

ONE_DAY = Work(days=1)  # a day of the M/M/4 queue: about 1,000 customers, a fraction of a second a run


@pytest.fixture(scope="module")
def variants():
    """The textbook M/M/4 queue and the same queue with a fifth window."""
    mmc = load_scenario(SCENARIOS / "mmc.yaml")
    return {"four": mmc, "five": with_overrides(mmc, {"branch.windows.ordinary": 5})}


@pytest.fixture(scope="module")
def compared(variants):
    return compare_variants(variants, spawned_seeds(11, 3), Work(logs=("customers",), days=1))


def test_every_variant_runs_with_the_same_seeds(variants):
    tasks = comparison_tasks(variants, spawned_seeds(5, 3), ONE_DAY)
    assert [(t.point, t.replication) for t in tasks] == [(p, r) for p in (0, 1) for r in range(3)]
    by_rep = {r: {str(t.seed) for t in tasks if t.replication == r} for r in range(3)}
    assert all(len(seeds) == 1 for seeds in by_rep.values())  # one seed per replication, shared
    assert len({next(iter(s)) for s in by_rep.values()}) == 3  # and a different one for each


def test_the_numbers_are_replicates_numbers(variants, compared):
    """Replication r of a variant is replicate()'s replication r: the same seeds, the same run."""
    alone = replicate(variants["four"], 3, seed=11, days=1, logs=()).kpis
    mine = compared.per_replication().query("variant == 'four'").reset_index(drop=True)
    pd.testing.assert_series_equal(mine["wait_mean"], alone["wait_mean"], check_names=False, check_exact=True)


def test_a_fifth_window_shortens_waits_in_every_replication(compared):
    """Common random numbers: the same customers meet five windows instead of four, so the
    paired difference is negative in each replication and its interval excludes zero."""
    per = compared.per_replication()
    four = per.query("variant == 'four'")["wait_mean"].to_numpy()
    five = per.query("variant == 'five'")["wait_mean"].to_numpy()
    assert (five < four).all()
    diff = compared.differences().set_index("measure").loc["wait_mean"]
    assert diff["variant"] == "five" and diff["clear"] and diff["high"] < 0
    assert (diff["mean"], diff["low"], diff["high"]) == pytest.approx(difference(four, five, "positive"))
    means = compared.means().set_index(["variant", "measure"])
    assert means.loc[("four", "wait_mean"), "mean"] == pytest.approx(four.mean())
    assert means.loc[("four", "wait_mean"), "n"] == 3


def test_identical_variants_give_identical_numbers(variants):
    cmp = compare_variants({"a": variants["four"], "b": variants["four"]}, spawned_seeds(3, 2), ONE_DAY)
    per = cmp.per_replication().set_index(["variant", "replication"])
    pd.testing.assert_frame_equal(per.loc["a"], per.loc["b"], check_exact=True)
    assert not cmp.differences("a")["clear"].any()


def test_kept_tables_are_stacked_with_variant_and_replication(compared):
    customers = compared.customers
    assert list(customers.columns[:2]) == ["variant", "replication"]
    assert list(customers["variant"].cat.categories) == ["four", "five"] and customers["variant"].cat.ordered
    assert "point" not in customers and sorted(customers["replication"].unique()) == [0, 1, 2]
    assert compared.customers is customers  # stacked once
    assert compared.staff_periods.empty  # not kept
    with pytest.raises(AttributeError):
        compared.no_such_table


def test_the_same_numbers_on_worker_processes(variants, compared):
    again = compare_variants(variants, spawned_seeds(11, 3), ONE_DAY, executor="processes")
    pd.testing.assert_frame_equal(again.per_replication(), compared.per_replication(), check_exact=True)


def test_progress_counts_every_run(variants):
    calls = []
    compare_variants(variants, spawned_seeds(1, 2), ONE_DAY, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_cancel_stops_between_runs(variants):
    stop = threading.Event()
    done = []

    def progress(n, _total):
        done.append(n)
        stop.set()  # the user presses Cancel while the first run finishes

    with pytest.raises(Cancelled):
        compare_variants(variants, spawned_seeds(1, 3), ONE_DAY, progress=progress, cancel=stop)
    assert done == [1]
    with pytest.raises(Cancelled):
        compare_variants(variants, spawned_seeds(1, 3), ONE_DAY, cancel=lambda: True)


def test_whole_results_in_this_process_are_simkit_run(variants):
    cmp = compare_variants({"four": variants["four"]}, [7, 8], Work(results_of, days=1))
    runs = cmp.results["four"]
    assert [r.seed for r in runs] == [7, 8]
    pd.testing.assert_series_equal(pd.Series(runs[1].kpis()), pd.Series(simkit.run(variants["four"], days=1,
                                                                                     seed=8).kpis()), check_exact=True)
    assert cmp.per_replication()["wait_mean"].tolist() == [r.kpis()["wait_mean"] for r in runs]


def test_cancel_stops_a_run_in_this_process_within_a_month():
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "fixed_pay.yaml"), {"horizon.periods": 3})
    months = []

    class Flag:  # set once the first month has been simulated
        def is_set(self):
            months.append(1)
            return len(months) > 1  # checked before the run, then after each month

    with pytest.raises(Cancelled):
        compare_variants({"fixed": sc}, [1], Work(lambda task: results_of(task, Flag())))
    assert len(months) == 2  # stopped after month 1 of 3


def test_bad_arguments_are_refused(variants):
    with pytest.raises(ArgumentError, match="variants"):
        compare_variants({}, spawned_seeds(1, 2))
    with pytest.raises(ArgumentError, match="seeds"):
        compare_variants(variants, [])
    with pytest.raises(ArgumentError, match="spawned_seeds"):
        compare_variants(variants, [1, 2])  # task runs take seed data
    cmp = compare_variants({"four": variants["four"]}, spawned_seeds(1, 2), ONE_DAY)
    with pytest.raises(ArgumentError, match="reference"):
        cmp.differences("five")
