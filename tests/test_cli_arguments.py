"""Bad command-line and Python arguments (issue 22): exit status 2 and one clear line naming
the flag and what is allowed, never a traceback, never after a simulation has run; the
Python entry points raise ``simkit.ArgumentError`` (a ``ValueError``)."""
from __future__ import annotations

import time

import pytest

import simkit
from simkit.cli import main
from simkit.compare import compare

from helpers import SCENARIOS

MMC = str(SCENARIOS / "mmc.yaml")  # one day of a textbook queue: the quickest scenario
MMC2 = str(SCENARIOS / "mmc_priority.yaml")
SCHEME = str(SCENARIOS / "schemes" / "fixed_pay.yaml")  # sets horizon.periods
NOT_A_FOLDER = "/etc/hostname/results"  # under a regular file: unwritable even for root

# (case id, argv, fragments that must all appear on stderr)
CLI = [
    ("run --days 0", ["run", MMC, "--days", "0"], ["simkit run: --days: must be a whole number from 1 to 10,958"]),
    ("run --days -1", ["run", MMC, "--days", "-1"], ["--days:", "(got -1)"]),
    ("run --days huge", ["run", MMC, "--days", "2000000"], ["--days:", "10,958 (30 years)", "(got 2000000)"]),
    ("run --days 10**18", ["run", MMC, "--days", str(10**18)], ["--days:", "(got 1000000000000000000)"]),
    ("run --days 1.5", ["run", MMC, "--days", "1.5"], ["simkit run: --days: must be a whole number", "(got 1.5)"]),
    ("run --days with periods", ["run", SCHEME, "--days", "3"],
     ["--days:", "sets horizon.periods", "set its horizon.periods instead"]),
    ("run --seed -5", ["run", MMC, "--seed", "-5"], ["simkit run: --seed: must be a whole number from 0 to 2**128 - 1",
                                                      "(got -5)"]),
    ("run --seed abc", ["run", MMC, "--seed", "abc"], ["--seed: must be a whole number", "(got 'abc')"]),
    ("run --out is a file", ["run", MMC, "--out", "/etc/hostname"], ["--out: is a file, not a folder"]),
    ("run --out under a file", ["run", MMC, "--out", NOT_A_FOLDER],
     ["--out: /etc/hostname is a file, so no folder can be made in it", "allowed: a folder that can be created"]),
    ("run --out on /proc", ["run", MMC, "--out", "/proc/simkit/results"], ["--out: /proc is not writable"]),
    ("compare --reps 0", ["compare", MMC, MMC2, "--reps", "0"], ["simkit compare: --reps: must be a whole number from 2"]),
    ("compare --reps 1", ["compare", MMC, MMC2, "--reps", "1"], ["--reps:", "an interval needs at least 2", "(got 1)"]),
    ("compare --reps huge", ["compare", MMC, MMC2, "--reps", "100000"], ["--reps:", "to 1,000"]),
    ("compare --level 2", ["compare", MMC, MMC2, "--level", "2"], ["--level: must be a number between 0 and 1", "(got 2)"]),
    ("compare --level -1", ["compare", MMC, MMC2, "--level", "-1"], ["--level:", "(got -1)"]),
    ("compare --level 1", ["compare", MMC, MMC2, "--level", "1"], ["--level:", "(exclusive)"]),
    ("compare --level nan", ["compare", MMC, MMC2, "--level", "nan"], ["--level:", "(got nan)"]),
    ("compare --last 0", ["compare", MMC, MMC2, "--last", "0"], ["--last: must be a whole number from 1 to 360"]),
    ("compare --seed -5", ["compare", MMC, MMC2, "--seed", "-5"], ["--seed: must be a whole number from 0"]),
    ("compare same names", ["compare", MMC, MMC], [f"scenarios: {MMC} and {MMC} are both named 'mmc'",
                                                   "allowed: scenarios with different names"]),
    ("compare a bad file", ["compare", MMC, "/dev/zero"], ["/dev/zero: is not a regular file"]),
]


@pytest.mark.parametrize("case,argv,fragments", CLI, ids=[c[0] for c in CLI])
def test_bad_argument_exits_2_before_running(capsys, case, argv, fragments):
    t0 = time.perf_counter()
    status = main(argv + ["--no-progress"])
    elapsed = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert status == 2, out + err
    for frag in fragments:
        assert frag in err, f"{frag!r} not in:\n{err}"
    assert "Traceback" not in out + err
    assert out == ""  # nothing ran: no KPI table was printed
    assert elapsed < 5.0, f"took {elapsed:.1f}s"


def test_good_out_folder_is_created_and_filled(tmp_path, capsys):
    out = tmp_path / "new" / "results"
    assert main(["run", MMC, "--days", "1", "--out", str(out), "--no-progress"]) == 0
    assert (out / "scenario.yaml").is_file() and f"saved to {out}" in capsys.readouterr().out


def test_out_that_became_unwritable_during_the_run_is_reported(tmp_path, capsys, monkeypatch):
    from simkit.results import Results

    def full(self, folder, overwrite=False):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Results, "save", full)
    assert main(["run", MMC, "--days", "1", "--out", str(tmp_path / "r"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err == f"--out: cannot save the results to {tmp_path / 'r'}: No space left on device\n"


# (case id, keyword arguments of simkit.run, fragment of the message)
RUN = [
    ("days=-1", {"days": -1}, "days: must be a whole number from 1 to 10,958 (30 years) (got -1)"),
    ("days=0", {"days": 0}, "days: must be a whole number from 1"),
    ("days=1.5", {"days": 1.5}, "(got 1.5)"),
    ("days=True", {"days": True}, "(got True)"),
    ("days huge", {"days": 10**18}, "(got 1000000000000000000)"),
    ("seed=abc", {"seed": "abc"}, "seed: must be a whole number from 0 to 2**128 - 1"),
    ("seed=1.5", {"seed": 1.5}, "(got 1.5)"),
    ("seed=-5", {"seed": -5}, "(got -5)"),
]


@pytest.mark.parametrize("case,kwargs,fragment", RUN, ids=[c[0] for c in RUN])
def test_run_refuses_bad_arguments(case, kwargs, fragment):
    with pytest.raises(simkit.ArgumentError) as info:
        simkit.run(MMC, **kwargs)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_run_refuses_days_that_bring_too_many_customers():
    from simkit.scenario import load_scenario, with_overrides

    busy = with_overrides(load_scenario(MMC), {"arrivals.hourly": 1000.0})
    with pytest.raises(simkit.ArgumentError, match=r"^days: the run would bring about .* at most 5,000,000 customers"):
        simkit.run(busy, days=365)


def test_run_refuses_something_that_is_not_a_scenario():
    with pytest.raises(simkit.ArgumentError, match=r"scenario: must be a Scenario or the path"):
        simkit.run(42)


def test_days_beside_periods_is_an_argument_error():
    with pytest.raises(simkit.ArgumentError, match="sets horizon.periods"):
        simkit.run(SCHEME, days=3)


COMPARE = [
    ("reps=1", {"reps": 1}, "reps: must be a whole number from 2 to 1,000"),
    ("reps=2.5", {"reps": 2.5}, "(got 2.5)"),
    ("level=2", {"level": 2}, "level: must be a number between 0 and 1"),
    ("level=0", {"level": 0}, "(got 0)"),
    ("level=inf", {"level": float("inf")}, "(got inf)"),
    ("last=0", {"last": 0}, "last: must be a whole number from 1"),
    ("seed=-1", {"seed": -1}, "seed: must be a whole number from 0"),
    ("executor", {"executor": "threads"}, "executor: must be one of 'serial', 'processes', 'dask'"),
    ("workers=0", {"workers": 0}, "workers: must be a whole number from 1"),
]


@pytest.mark.parametrize("case,kwargs,fragment", COMPARE, ids=[c[0] for c in COMPARE])
def test_compare_refuses_bad_arguments_before_running(case, kwargs, fragment):
    t0 = time.perf_counter()
    with pytest.raises(simkit.ArgumentError) as info:
        compare([MMC, MMC2], **kwargs)
    assert fragment in str(info.value)
    assert time.perf_counter() - t0 < 5.0


@pytest.mark.parametrize("scenarios", [MMC, [], 5], ids=["a string", "empty", "not a list"])
def test_compare_needs_a_list_of_scenarios(scenarios):
    with pytest.raises(simkit.ArgumentError, match="scenarios: must be a list of one or more scenarios"):
        compare(scenarios)


def test_compare_refuses_two_scenarios_of_one_name_before_running(monkeypatch):
    import simkit.experiment as experiment

    monkeypatch.setattr(experiment, "replicate", lambda *a, **k: pytest.fail("ran before checking the names"))
    with pytest.raises(simkit.ArgumentError, match=r"both named 'mmc'"):
        compare([MMC, MMC2, MMC], reps=2, executor="serial")


def test_argument_error_is_exported():
    assert "ArgumentError" in simkit.__all__
    assert issubclass(simkit.ArgumentError, ValueError)
