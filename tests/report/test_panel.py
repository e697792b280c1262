"""The tables for papers (``simkit.report.panel``), approved-loan quality
(``simkit.report.loan_quality``), paired differences of two arms' summaries
(``simkit.experiment.summary.paired_differences``) and ``simkit export``.

The run is a three-month scheme run in which every teller is kept below their outside
option and quits at once (patience 1, quit chance 1), so that hires and quits are in it.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import simkit
from simkit import cli
from simkit.experiment import ResultStore, Sweep, run_sweep, tasks
from simkit.experiment.summary import paired_differences
from simkit.export import EXPORTED
from simkit.report.loan_quality import METRICS, loan_quality, loan_quality_by_period
from simkit.report.panel import ExportError, codebook, loan_files, person_month_panel, read_table, write_table
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

PERIODS = 3
#: every teller below the outside option quits after one period (patience 1, chance 1)
LEAVING = {"horizon.periods": PERIODS, "behaviour.turnover.outside_option.teller": 100000.0,
           "behaviour.turnover.patience": 1, "behaviour.turnover.quit_prob": 1.0}


@pytest.fixture(scope="module")
def run():
    scenario = load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml")
    return simkit.run(with_overrides(scenario, LEAVING), seed=5)


@pytest.fixture(scope="module")
def saved(run, tmp_path_factory):
    return run.save(tmp_path_factory.mktemp("results") / "cm_run")


# ------------------------------------------------------------------ the panel
@pytest.mark.slow
def test_one_row_per_person_and_period(run):
    panel, staff = person_month_panel(run), run.staff_periods
    assert len(panel) == len(staff) == 8 * PERIODS  # 5 tellers, a lobby manager, 2 customer managers
    assert not panel.duplicated(["run", "person", "period"]).any()
    assert set(zip(panel["person"], panel["period"])) == set(zip(staff["person"], staff["period"]))
    assert set(panel["scheme"]) == {"cm_responsibility_profit"}
    assert (panel["period_months"] == 1).all()


@pytest.mark.slow
def test_hires_follow_quits(run):
    """A person is ``hired`` in their first period exactly when the post's previous holder quit."""
    panel = person_month_panel(run).sort_values(["post", "period"])
    quit_before = panel.groupby("post")["quit"].shift(1).fillna(0).astype(int)
    np.testing.assert_array_equal(panel["hired"].to_numpy(), quit_before.to_numpy())
    assert panel.loc[panel["role"] == "teller", "hired"].sum() == 5 * (PERIODS - 1)
    assert (panel.loc[panel["hired"] == 1, "tenure_periods"] == 0).all()


@pytest.mark.slow
def test_every_column_has_one_codebook_entry(run):
    for table in (person_month_panel(run), loan_files(run)):
        book = codebook(table)
        assert book["column"].tolist() == list(table.columns)
        assert set(book["type"]) <= {"int64", "float64", "string"}
        assert book["meaning"].str.len().gt(0).all()
        assert table.columns.str.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}").all()  # Stata reads every name


@pytest.mark.slow
def test_a_column_without_an_entry_is_refused(run):
    panel = person_month_panel(run)
    with pytest.raises(ExportError, match="'mystery' has no codebook entry"):
        codebook(panel.assign(mystery=1.0))
    with pytest.raises(ExportError, match="not a name Stata reads"):
        codebook(panel.assign(**{"kpi_" + "x" * 40: 1.0}))
    with pytest.raises(ExportError, match="'quit' holds"):
        codebook(panel.assign(quit="yes"))


@pytest.mark.slow
@pytest.mark.parametrize("make", [person_month_panel, loan_files])
def test_csv_and_parquet_read_back_equal_with_their_types(run, make, tmp_path):
    table = make(run)
    csv, parquet, book_csv, book_md = write_table(table, tmp_path, "t")
    book = pd.read_csv(book_csv)
    pd.testing.assert_frame_equal(book, codebook(table))
    for path in (csv, parquet):
        back = read_table(path, book)
        pd.testing.assert_frame_equal(back, table, check_exact=True)
    assert pd.read_csv(csv).columns.tolist() == list(table.columns)  # a header, nothing else needed
    assert book_md.read_text(encoding="utf-8").count("\n| `") == len(table.columns)


# ------------------------------------------------------------------ the loan files
@pytest.mark.slow
def test_loan_files_add_up_to_the_bank_table(run):
    loans, bank = loan_files(run), run.bank_periods.set_index("period")
    by = loans.groupby("period")
    assert len(loans) == len(run.loan_applications) > 0
    np.testing.assert_array_equal(by.size(), bank["applications"])
    np.testing.assert_array_equal(by["approved"].sum(), bank["approvals"])
    np.testing.assert_allclose(by["amount"].sum(), bank["new_loans"], rtol=1e-12)


@pytest.mark.slow
def test_months_to_default_and_the_manager(run):
    loans = loan_files(run)
    approved, refused = loans[loans["approved"] == 1], loans[loans["approved"] == 0]
    assert refused[["amount", "state", "defaulted", "months_to_default", "months_observed"]].isna().all().all()
    done = approved[approved["default_month"].notna()]
    assert (done["months_to_default"] == done["default_month"] - done["origination_month"]).all()
    assert (done["months_to_default"] >= 0).all() and (done["months_to_default"] < done["months_observed"]).all()
    assert (approved["defaulted"] == approved["default_month"].notna().astype(int)).all()
    staff = run.staff_periods.set_index(["period", "post"])["person"]
    assert loans["manager"].tolist() == [staff[(p, post)] for p, post in zip(loans["period"], loans["post"])]


# ------------------------------------------------------------------ simkit export
@pytest.mark.slow
def test_export_writes_every_file_and_refuses_to_overwrite(saved, tmp_path, capsys):
    out = tmp_path / "export"
    assert cli.main(["export", str(saved), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORTED)
    panel = pd.read_parquet(out / "panel.parquet")
    assert set(panel["run"]) == {"cm_run"} and len(panel) == 8 * PERIODS
    capsys.readouterr()
    assert cli.main(["export", str(saved), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds" in err and "--force" in err
    assert cli.main(["export", str(saved), "--out", str(out), "--force"]) == 0


@pytest.mark.parametrize("what", ["missing", "not results"])
def test_export_of_a_bad_folder_is_one_line_and_status_2(tmp_path, capsys, what):
    folder = tmp_path / "nothing"
    if what == "not results":
        folder.mkdir()
        (folder / "notes.txt").write_text("hello")
    assert cli.main(["export", str(folder), "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("simkit export: ") and "Traceback" not in captured.err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_export_of_a_run_without_periods_is_one_line(tmp_path, capsys):
    saved = simkit.run(SCENARIOS / "mmc.yaml", days=1, seed=1).save(tmp_path / "one_day")
    assert cli.main(["export", str(saved), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no assessment periods" in err and "horizon.periods" in err


# ------------------------------------------------------------------ approved-loan quality
def _files(rows):
    """A ``loan_applications`` table from (period, approved, amount, defaulted_month, bad_risk) rows."""
    df = pd.DataFrame(rows, columns=["period", "approved", "amount", "defaulted_month", "bad_risk"])
    return df.astype({"period": "int64", "approved": bool, "amount": "float64", "defaulted_month": "Int64",
                      "bad_risk": "int64"})


def _results(files, periods: int, period: str = "month"):
    horizon = SimpleNamespace(periods=periods, period=period)
    return SimpleNamespace(loan_applications=files, scenario=SimpleNamespace(horizon=horizon))


def test_loan_quality_counts_a_default_within_12_months_of_followed_loans_only():
    """Quarterly periods over 5 quarters (15 months): loans made in quarter 0 (month 0) are
    followed for 15 months, those of quarter 1 (month 3) for 12, later ones for too few."""
    files = _files([
        (0, True, 100.0, 11, 1),   # defaults in its 12th month: counted
        (0, True, 100.0, 12, 0),   # defaults in its 13th month: not within 12
        (0, True, 100.0, -1, 0),   # never
        (0, False, None, None, 1),  # a bad risk refused: not let through
        (1, True, 50.0, 14, 1),    # made in month 3, defaults 11 months later: counted
        (2, True, 70.0, 7, 0),     # made in month 6: followed only 9 months, left out
        (2, False, None, None, 0),
    ])
    got = loan_quality(_results(files, periods=5, period="quarter"))
    assert got == {"loans.applications": 7.0, "loans.approval_share": 5 / 7, "loans.originated": 5.0,
                   "loans.originated_amount": 420.0, "loans.originated_bad": 2.0, "loans.followed_12m": 4.0,
                   "loans.default_rate_12m": 2 / 4}
    by = loan_quality_by_period(_results(files, periods=5, period="quarter")).set_index("period")
    assert by.loc[0, "loans.default_rate_12m"] == 1 / 3 and by.loc[1, "loans.default_rate_12m"] == 1.0
    assert math.isnan(by.loc[2, "loans.default_rate_12m"]) and by.loc[4, "loans.applications"] == 0
    assert math.isnan(by.loc[4, "loans.approval_share"])
    assert list(by["loans.originated_bad"]) == [1.0, 1.0, 0.0, 0.0, 0.0]


@pytest.mark.slow
def test_sweep_summaries_gain_the_loan_rows_and_keep_every_other_row(run, monkeypatch):
    summary = tasks.summarise_results(run)
    loans = summary[summary["metric"].str.startswith("loans.")]
    whole = loans[loans["scope"] == "run"].set_index("metric")["value"]
    assert set(whole.index) <= set(METRICS) and whole["loans.originated"] == run.loan_applications["approved"].sum()
    bank = loans[loans["scope"] == "bank"].pivot(index="period", columns="metric", values="value")
    np.testing.assert_array_equal(bank["loans.originated"], run.bank_periods["approvals"])
    monkeypatch.setattr(tasks, "_loan_parts", lambda results: [])
    without = tasks.summarise_results(run)
    pd.testing.assert_frame_equal(summary[~summary["metric"].str.startswith("loans.")].reset_index(drop=True),
                                  without, check_exact=True)


# ------------------------------------------------------------------ paired differences
def _summary(values: dict, metric: str = "profit") -> pd.DataFrame:
    return pd.DataFrame({"replication": list(values), "scope": "run", "period": pd.array([pd.NA] * len(values), "Int64"),
                         "role": np.nan, "metric": metric, "value": list(values.values())})


def test_paired_differences_are_the_paired_t_interval():
    rng = np.random.default_rng(11)
    a = rng.normal(100.0, 10.0, 8)
    b = a + rng.normal(3.0, 1.0, 8)
    got = paired_differences(_summary(dict(enumerate(a))), _summary(dict(enumerate(b)))).iloc[0]
    d = b - a
    half = stats.t.ppf(0.975, 7) * d.std(ddof=1) / math.sqrt(8)
    assert got["n"] == 8 and got["mean"] == pytest.approx(d.mean(), rel=1e-12)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((d.mean() - half, d.mean() + half), rel=1e-12)
    assert got["ci_low"] > 0 and got["minimal"] == 1000.0
    # the interval excludes 0, but ¥3 of branch profit is below the ¥1,000 that matters
    assert got["verdict"] == "small" and not got["clear"]


def test_paired_differences_pair_by_replication_and_stay_in_range():
    """Replications present in one arm only are left out; a share's difference stays in [-1, 1]."""
    a = _summary({0: 0.1, 1: 0.2, 2: 0.9, 5: 0.5}, "loans.approval_share")
    b = _summary({0: 0.9, 1: 1.0, 2: 0.1, 7: 0.5}, "loans.approval_share")
    got = paired_differences(a, b).iloc[0]
    assert got["n"] == 3 and got["mean"] == pytest.approx((0.8 + 0.8 - 0.8) / 3)
    assert -1.0 <= got["ci_low"] and got["ci_high"] <= 1.0 and not got["clear"]


# ------------------------------------------------------------------ a sweep's folder
def _sweep(folder, logs):
    sweep = Sweep(SCENARIOS / "schemes" / "cm_loan_volume.yaml", set={"horizon.periods": 1}, replications=2, seed=3,
                  logs=logs)
    run_sweep(sweep, folder, executor="serial")
    return folder


@pytest.mark.slow
def test_export_of_a_sweep_has_a_run_per_task(tmp_path):
    folder = _sweep(tmp_path / "sweep", ["staff_periods", "loan_applications"])
    out = tmp_path / "out"
    assert cli.main(["export", str(folder), "--out", str(out)]) == 0
    panel, loans = pd.read_parquet(out / "panel.parquet"), pd.read_parquet(out / "loans.parquet")
    assert sorted(panel["run"].unique()) == ["sweep/p0_r0", "sweep/p0_r1"]
    assert panel.groupby("run").size().tolist() == [8, 8]
    assert sorted(panel["seed"].unique()) == ["3/0", "3/1"]
    kept = ResultStore.read(folder).logs("loan_applications")
    assert len(loans) == len(kept) and loans["approved"].sum() == kept["approved"].sum()


@pytest.mark.slow
def test_export_of_a_sweep_without_the_tables_is_one_line(tmp_path, capsys):
    folder = _sweep(tmp_path / "sweep", [])
    capsys.readouterr()
    assert cli.main(["export", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kept no staff_periods or loan_applications tables" in err
