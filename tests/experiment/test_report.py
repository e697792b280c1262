"""``simkit report DIR`` and the shipped sweep files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simkit import cli
from simkit.experiment import (ResultStore, SweepResult, confidence_intervals, load_sweep, period_means, run_sweep,
                               t_interval)
from simkit.report.intervals import bounds, interval, kind_of

from experiment.conftest import PIECE_RATE_MONTHS, write_sweep
from helpers import ROOT


@pytest.mark.parametrize("path", sorted((ROOT / "sweeps").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_sweep_files_are_valid(path):
    sweep = load_sweep(path)
    assert len(sweep) >= 6 and sweep.replications >= 2


def test_report_prints_means_with_intervals(mmc_sweep, tmp_path, capsys):
    out = tmp_path / "rates"
    res = run_sweep(load_sweep(mmc_sweep), out, executor="serial", progress=False)
    assert cli.main(["report", str(out), "--metric", "wait_*", "--level", "0.9"]) == 0
    text = capsys.readouterr().out
    assert "12 of 12 tasks finished (3 points x 4 replications" in text and "90%" in text
    assert "hourly=30.0" in text and "hourly=43.2" in text and "wait_mean" in text and "customers" not in text
    ci = confidence_intervals(res.summary.drop(columns="task"), 0.9)
    row = ci[(ci["metric"] == "wait_mean") & (ci["point"] == 2)].iloc[0]
    assert f"{row['mean']:.4g} [{row['ci_low']:.4g}, {row['ci_high']:.4g}] (n=4)" in text
    csv = tmp_path / "all.csv"
    assert cli.main(["report", str(out), "--long", "--csv", str(csv)]) == 0
    assert csv.read_text().count("\n") == len(ci) + 1


def test_report_on_a_folder_without_a_sweep_says_so(tmp_path, capsys):
    assert cli.main(["report", str(tmp_path)]) == 2
    assert "no manifest.json here" in capsys.readouterr().err


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    """A finished multi-period sweep (two months, 2 rates x 2 replications), run serially."""
    folder = tmp_path_factory.mktemp("months")
    run_sweep(load_sweep(write_sweep(folder, PIECE_RATE_MONTHS)), folder / "out", executor="serial", progress=False)
    return folder / "out"


def _row_of(text: str, point: int, label: str) -> list[str]:
    """The ``--long`` table's row of ``point`` and the metric ``label``, split into words."""
    return next(line.split() for line in text.splitlines() if label in line and line.split()[0] == str(point))


def test_period_means_average_each_replication_over_its_periods(months, capsys):
    """``--period mean``: each replication's mean over its two months, then the mean and
    interval over replications, computed here by hand from the stored summary."""
    assert cli.main(["report", str(months), "--scope", "staff", "--role", "teller", "--metric", "pay",
                     "--period", "mean", "--long"]) == 0
    text = capsys.readouterr().out
    s = ResultStore.read(months).summary()
    s = s[(s["scope"] == "staff") & (s["role"] == "teller") & (s["metric"] == "pay") & (s["point"] == 1)]
    assert s["period"].nunique() == 2
    mean, low, high = t_interval(s.groupby("replication")["value"].mean())
    row = _row_of(text, 1, "staff[mean of all periods, teller] pay")
    assert float(row[-3]) == pytest.approx(mean, rel=1e-3)
    assert float(row[-2]) == pytest.approx(low, rel=1e-3) and float(row[-1]) == pytest.approx(high, rel=1e-3)


def test_period_mean_of_the_last_one_is_the_last_period(months, capsys):
    ci = confidence_intervals(ResultStore.read(months).summary().drop(columns="task"))
    last = ci[(ci["scope"] == "bank") & (ci["metric"] == "profit") & (ci["period"] == ci["period"].max())]
    means = confidence_intervals(period_means(ResultStore.read(months).summary(), last=1).drop(columns="task"))
    mine = means[(means["scope"] == "bank") & (means["metric"] == "profit")]
    np.testing.assert_allclose(mine.sort_values("point")["mean"], last.sort_values("point")["mean"], rtol=1e-12)
    assert mine["period"].isna().all()
    runs = ci[ci["scope"] == "run"].reset_index(drop=True)
    pd.testing.assert_frame_equal(means[means["scope"] == "run"].reset_index(drop=True), runs)


@pytest.mark.parametrize("bad", ["mean:0", "mean:x", "average"])
def test_a_bad_period_is_refused_naming_what_is_allowed(months, capsys, bad):
    assert cli.main(["report", str(months), "--scope", "bank", "--period", bad]) == 2
    assert "--period: allowed: last, all, a period number, mean or mean:K" in capsys.readouterr().err


def test_sweep_result_ci_takes_period_means_too(months):
    res = SweepResult(ResultStore.read(months))
    each = res.ci()
    last = each[(each["scope"] == "staff") & (each["period"] == each["period"].max())]
    mine = res.ci(mean_of=1)
    mine = mine[mine["scope"] == "staff"]
    key = ["point", "role", "metric"]
    pd.testing.assert_series_equal(mine.set_index(key)["mean"].sort_index(), last.set_index(key)["mean"].sort_index())
    with pytest.raises(ValueError, match="mean_of: allowed"):
        res.ci(mean_of="last")


def _summary(metric: str, values) -> pd.DataFrame:
    """A tidy summary of one point: ``values`` of ``metric``, one per replication."""
    n = len(values)
    return pd.DataFrame({"point": 0, "replication": range(n), "scope": "run", "period": pd.array([pd.NA] * n, "Int64"),
                         "role": None, "metric": metric, "value": np.asarray(values, float)})


@pytest.mark.parametrize("metric, values", [("balked_rate", [0.0, 0.02]), ("served_within_10", [0.97, 1.0, 0.99]),
                                            ("wait_mean", [0.3, 6.0]), ("complaints", [0.0, 1.0, 9.0])])
def test_intervals_stay_inside_the_range_where_student_t_does_not(metric, values):
    """Two or three replications of a rate near 0 or 1, or of a skewed wait: the symmetric t
    interval leaves the range (a negative rate, a share above 1, a negative wait); the
    summary's interval (simkit.report.intervals, the metric's kind) does not, and keeps the
    arithmetic mean as its centre."""
    _, t_low, t_high = t_interval(values)
    lo_r, hi_r = bounds(kind_of(metric))
    assert t_low < lo_r or t_high > hi_r
    row = confidence_intervals(_summary(metric, values)).iloc[0]
    assert row["n"] == len(values) and row["mean"] == pytest.approx(np.mean(values), rel=1e-12)
    assert lo_r <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= hi_r
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(interval(values, kind_of(metric))[1:], rel=1e-12)


def test_real_metrics_keep_the_student_t_interval_and_a_wrong_guess_falls_back_to_it():
    for metric, values in [("profit", [-3.0, 5.0, 40.0]), ("error_rate", [0.5, 1.7])]:  # a "rate" above 1
        ci = confidence_intervals(_summary(metric, values), 0.9)
        assert ci.attrs["kinds"][metric] == "real"
        np.testing.assert_allclose(ci.iloc[0][["mean", "ci_low", "ci_high"]].to_numpy(float),
                                   t_interval(values, 0.9), rtol=1e-12)


def test_a_sweeps_intervals_are_inside_each_metrics_range(mmc_sweep, months, tmp_path, capsys):
    """Every share of a real sweep's report lies in [0, 1] and every positive metric is >= 0,
    bounds included, in the table and as printed."""
    for folder in (run_sweep(load_sweep(mmc_sweep), tmp_path / "rates", executor="serial", progress=False).out,
                   months):
        ci = SweepResult(ResultStore.read(folder)).ci()
        kinds = ci.attrs["kinds"]
        checked = 0
        for _, row in ci[ci["n"] >= 2].iterrows():
            lo_r, hi_r = bounds(kinds[row["metric"]])
            assert lo_r <= row["ci_low"] <= row["mean"] + 1e-12 and row["mean"] <= row["ci_high"] + 1e-12, row.to_dict()
            assert row["ci_high"] <= hi_r, row.to_dict()
            checked += kinds[row["metric"]] in ("share", "positive")
        assert checked > 20
    assert cli.main(["report", str(months), "--scope", "bank", "--long", "--metric", "npl_ratio"]) == 0
    text = capsys.readouterr().out
    assert "npl_ratio" in text and " -" not in text.split("\n", 1)[1]
