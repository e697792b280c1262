"""simkit fit: a log simulated from known parameters is recovered within its intervals; bad logs get one line.

The known answer is tests/fit/known_branch.yaml (28 days, fixed seed): an hourly profile,
day factors of 1, lognormal service (mean 5, cv 0.6) and lognormal patience (mean 12,
cv 0.8). Every recovered number is checked against its interval at a Bonferroni level:
FAMILY_LEVEL over all CHECKS numbers, so the whole family of checks holds 95 % of the time.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from scipy import stats

from helpers import ROOT
from simkit.cli import main
from simkit.fit import SAMPLE, TicketError, estimate, fit_tickets, read_tickets, sample_log, write_fit, write_sample
from simkit.fit import write_tickets
from simkit.scenario import load_scenario

KNOWN = Path(__file__).with_name("known_branch.yaml")
TRUE_HOURLY = {9: 60.0, 10: 50.0, 11: 45.0, 12: 30.0, 13: 35.0, 14: 45.0, 15: 50.0, 16: 40.0}  # known_branch.yaml
TRUE_SERVICE = {"mean": 5.0, "cv": 0.6}
TRUE_PATIENCE = {"mean": 12.0, "cv": 0.8}
KNOWN_DAYS = 28
# 8 hourly rates, 28 day factors, service mean and cv, patience mean and cv
CHECKS = len(TRUE_HOURLY) + KNOWN_DAYS + 4
FAMILY_LEVEL = 0.95
LEVEL = 1 - (1 - FAMILY_LEVEL) / CHECKS  # Bonferroni: each check at 1 - 0.05/40


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    """The known branch's log, written and fitted at the Bonferroni level: (log path, log, Fit)."""
    path = tmp_path_factory.mktemp("known") / "known.csv"
    log = sample_log(KNOWN, days=None)
    write_tickets(log, path)
    return path, log, fit_tickets(path, base=KNOWN, level=LEVEL)


def _rows(fit, quantity):
    table = fit.estimates
    return table[table["quantity"] == quantity].set_index("key")


def test_hourly_rates_are_recovered_within_their_intervals(known):
    rows = _rows(known[2], "arrivals.hourly")
    assert sorted(rows.index) == sorted(TRUE_HOURLY)
    outside = {h: (true, rows.loc[h, "low"], rows.loc[h, "high"]) for h, true in TRUE_HOURLY.items()
               if not rows.loc[h, "low"] <= true <= rows.loc[h, "high"]}
    assert not outside


def test_day_factors_of_one_are_recovered_within_their_intervals(known):
    rows = _rows(known[2], "arrivals.day_of_month")
    assert len(rows) == KNOWN_DAYS
    assert ((rows["low"] <= 1.0) & (rows["high"] >= 1.0)).all(), rows[["estimate", "low", "high"]]


def test_service_mean_and_cv_are_recovered_and_the_cv_tells_lognormal_from_exponential(known):
    fit = known[2]
    for name, true in TRUE_SERVICE.items():
        row = _rows(fit, f"service.{name}").loc["service"]
        assert row["low"] <= true <= row["high"], (name, true, row["low"], row["high"])
    assert _rows(fit, "service.cv").loc["service", "high"] < 1.0  # an exponential's cv is 1: the data rule it out


def test_patience_is_recovered_from_censored_waits_and_lognormal_is_kept(known):
    fit = known[2]
    mean = _rows(fit, "patience.lognormal.mean_minutes").loc["all"]
    cv = _rows(fit, "patience.lognormal.cv").loc["all"]
    assert mean["low"] <= TRUE_PATIENCE["mean"] <= mean["high"]
    assert cv["low"] <= TRUE_PATIENCE["cv"] <= cv["high"]
    assert mean["written"] and fit.fragment["customers"]["patience"]["dist"] == "lognormal"
    # the customers who were called carry information: ignoring them (leavers' waits alone) would be far too short
    log = read_tickets(known[0])
    assert log.loc[log["left"], "wait"].mean() < mean["low"]


def test_the_log_is_the_simulated_counter_customers(known):
    path, log, fit = known
    read = read_tickets(path)
    assert len(read) == len(log) == len(fit.data["log"])
    assert read["left"].sum() == (log["call_time"] == "").sum() > 0
    served = read[~read["left"]]
    assert (served["window"].str.match(r"^T\d$")).all() and (served["service"] > 0).all()


@pytest.mark.slow  # draws the figures: about 3 s
def test_the_fitted_scenario_extends_its_base_and_holds_the_estimates(known, tmp_path):
    fit = known[2]
    paths = write_fit(fit, tmp_path / "fit")
    text = paths["scenario"].read_text(encoding="utf-8")
    assert text.count("\nextends: ") == 1  # and load_scenario below resolves it
    scenario = load_scenario(paths["scenario"])
    hourly = _rows(fit, "arrivals.hourly")["estimate"]
    assert all(scenario.arrivals.hourly[h] == pytest.approx(hourly[h], rel=1e-3) for h in TRUE_HOURLY)
    assert scenario.arrivals.weekday == [1.0] * 7
    teller = scenario.needs["service"].channels["teller"]
    assert teller.mean == pytest.approx(_rows(fit, "service.mean").loc["service", "estimate"], rel=1e-3)
    assert scenario.customers.patience.mean_minutes == pytest.approx(
        _rows(fit, "patience.lognormal.mean_minutes").loc["all", "estimate"], rel=1e-3)
    assert scenario.branch.windows == load_scenario(KNOWN).branch.windows  # the rest is the base's
    assert {p.name for p in paths.values()} >= {"arrivals_hourly.png", "arrivals_day_of_month.png", "service_service.png",
                                               "patience.png", "estimates.csv"}


def test_times_of_day_read_as_the_same_datetimes(tmp_path):
    text = ("date,ticket_time,call_time,finish_time,window,business\n"
            "2026-11-02,2026-11-02T09:00:05,2026-11-02T09:02:00,2026-11-02T09:07:30,1,cash_deposit\n"
            "2026-11-02,09:00:05,09:02,09:07:30,1,cash_deposit\n"
            "2026-11-02,09:01:00,,09:20:00,,存款\n")
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    log = read_tickets(path)
    assert log.loc[0, "ticket_time"] == log.loc[1, "ticket_time"] and log.loc[0, "service"] == log.loc[1, "service"] == 5.5
    assert log.loc[2, "left"] and log.loc[2, "wait"] == 19.0


GOOD = ("date,ticket_time,call_time,finish_time,window,business\n"
        "2026-11-02,2026-11-02T09:00:00,2026-11-02T09:01:00,2026-11-02T09:05:00,T1,cash_deposit\n"
        "2026-11-02,2026-11-02T09:03:00,,2026-11-02T09:20:00,,transfer\n")


@pytest.mark.parametrize("text, line, column, fragment", [
    ("", None, None, "is empty"),
    ("date,ticket_time\n2026-11-02,09:00\n", 1, None, "has no column call_time, finish_time, window, business"),
    (GOOD.splitlines()[0] + "\n", 2, None, "no tickets"),
    (GOOD.replace("2026-11-02,2026-11-02T09:03", "2026-13-02,2026-11-02T09:03"), 3, "date", "allowed: YYYY-MM-DD"),
    (GOOD.replace("T09:01:00", "T09:61:00"), 2, "call_time", "not a time; allowed: an ISO datetime"),
    (GOOD.replace("T09:01:00", "T09:01:00+08:00"), 2, "call_time", "has a time zone"),
    (GOOD.replace("T09:01:00", "T08:59:00"), 2, "call_time", "before the ticket time"),
    (GOOD.replace("T09:05:00", "T09:00:30"), 2, "finish_time", "before the call time"),
    (GOOD.replace("2026-11-02T09:05:00", ""), 2, "finish_time", "empty for a customer who was called"),
    (GOOD.replace("T09:05:00", ""), 2, "finish_time", "not a time; allowed"),
    (GOOD.replace(",2026-11-02T09:00:00", ",2026-11-03T09:00:00"), 2, "ticket_time", "not on the row's date"),
    (GOOD.replace(",2026-11-02T09:00:00", ","), 2, "ticket_time", "is empty"),
    (GOOD.replace(",T1,", ",,"), 2, "window", "empty for a customer who was called"),
    (GOOD.replace("transfer", ""), 3, "business", "is empty"),
    (GOOD.replace("T09:20:00", "T09:02:00"), 3, "finish_time", "before the ticket time"),
])
def test_bad_log_is_one_line_naming_file_line_column_and_what_is_allowed(tmp_path, text, line, column, fragment):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TicketError) as caught:
        read_tickets(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and fragment in message
    assert (f"line {line}" in message) == (line is not None)
    assert column is None or f"column {column}:" in message
    assert "allowed" in message or fragment == "is empty"


def test_every_bad_row_is_counted_in_the_one_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + GOOD.splitlines()[1].replace("2026-11-02,", "2026-11-32,", 1) + "\n"
                    + GOOD.splitlines()[1].replace("2026-11-02,", "x,", 1) + "\n", encoding="utf-8")
    with pytest.raises(TicketError, match=r"line 4, column date: .*\(and 1 more rows with this problem\)"):
        read_tickets(path)


def test_unreadable_files_are_refused(tmp_path):
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"date,ticket_time\n\xff\xfe\x00\x01")
    for path, fragment in ((binary, "not UTF-8"), (tmp_path, "is a folder"), (tmp_path / "none.csv", "does not exist")):
        with pytest.raises(TicketError, match=fragment):
            read_tickets(path)


@pytest.mark.slow  # two fits of the sample, 13 figures each: 10 to 20 s on a busy machine
def test_cli_fits_the_shipped_sample(tmp_path, capsys):
    out = tmp_path / "fit"
    assert main(["fit", str(SAMPLE), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out / 'scenario.yaml'}" in printed and "patience.lognormal.mean_minutes" in printed
    assert load_scenario(out / "scenario.yaml").name == "fitted_sample_tickets"
    assert main(["fit", str(SAMPLE), "--out", str(out)]) == 2  # an earlier fit is kept without --force
    assert "--out:" in capsys.readouterr().err
    assert main(["fit", str(SAMPLE), "--out", str(out), "--force", "--name", "mine"]) == 0
    assert load_scenario(out / "scenario.yaml").name == "mine"


@pytest.mark.parametrize("argv, fragment", [
    (["--level", "1.5"], "--level:"),
    (["--base", "no_such.yaml"], "no_such.yaml"),
    (["--name", "x" * 201], "--name:"),
])
def test_cli_bad_arguments_exit_2_with_one_line(tmp_path, capsys, argv, fragment):
    assert main(["fit", str(SAMPLE), "--out", str(tmp_path / "fit"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err
    assert not (tmp_path / "fit").exists()


def test_cli_bad_log_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD.replace("T09:01:00", "T09:61:00"), encoding="utf-8")
    assert main(["fit", str(path), "--out", str(tmp_path / "fit")]) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and f"{path}, line 2, column call_time:" in err and not out


def test_the_shipped_sample_is_small_and_is_what_the_script_writes(tmp_path):
    assert SAMPLE.stat().st_size < 300_000
    again = write_sample(tmp_path / "again.csv")
    assert again.read_bytes() == SAMPLE.read_bytes(), (
        f"the simulation changed: run `python scripts/make_sample_tickets.py` to rewrite {SAMPLE.relative_to(ROOT)}")


def test_a_need_by_its_name_and_by_its_chinese_label_is_one_need(tmp_path):
    log = read_tickets(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    deposits = [i for i, line in enumerate(text) if line.endswith(",cash_deposit")]
    for i in deposits[::2]:  # every other deposit written as 存款, the baseline's label for it
        text[i] = text[i].removesuffix("cash_deposit") + "存款"
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    rows = _rows(fit_tickets(path), "service.mean")
    served = ((log["business"] == "cash_deposit") & ~log["left"]).sum()
    assert "存款" not in rows.index and rows.loc["cash_deposit", "n"] == served


# (stated reason) 30 short logs: enough to catch an interval whose standard error is off by a
# factor of two (coverage near 68 %), few enough for about 20 s
COVERAGE_RUNS, COVERAGE_DAYS = 30, 10


@pytest.mark.statistical
def test_patience_and_service_intervals_cover_the_truth_as_often_as_they_claim(tmp_path):
    covered = {"patience": 0, "service": 0}
    for seed in range(COVERAGE_RUNS):
        path = write_tickets(sample_log(KNOWN, days=COVERAGE_DAYS, seed=seed), tmp_path / f"{seed}.csv")
        log = read_tickets(path)
        patience = estimate.fit_patience(log["wait"].fillna(0.0), log["left"], 0.95)["fits"]["lognormal"]
        service = estimate.fit_lognormal(log.loc[~log["left"], "service"], 0.95)
        covered["patience"] += patience["mean_low"] <= TRUE_PATIENCE["mean"] <= patience["mean_high"]
        covered["service"] += service["mean_low"] <= TRUE_SERVICE["mean"] <= service["mean_high"]
    # a 95 % interval covers Binomial(30, 0.95) times; below its 0.1 % quantile the interval is too narrow
    least = stats.binom.ppf(0.001, COVERAGE_RUNS, 0.95)
    assert min(covered.values()) >= least, (covered, least)


@pytest.mark.slow  # runs the baseline for a week (the ticket share) and draws two figures: about 2 s
def test_cli_fits_a_small_log_and_says_what_it_could_not_fit(tmp_path, capsys):
    path = tmp_path / "small.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["fit", str(path), "--out", str(tmp_path / "fit")]) == 0
    out = capsys.readouterr().out
    assert "'cash_deposit': 1 services, fewer than 10" in out and "patience not fitted" in out
    scenario = load_scenario(tmp_path / "fit" / "scenario.yaml")
    assert scenario.arrivals.hourly[9] == 2.0 and scenario.arrivals.hourly[10] == 0.0  # two tickets in one day's 9 o'clock
    assert scenario.customers.patience == load_scenario(ROOT / "scenarios" / "baseline.yaml").customers.patience
