"""The same bad argument gets the same error on every entry point.

Python: ``simkit.run``, ``replicate``, ``run_sweep``, ``learnability`` and ``compare`` raise
``simkit.ArgumentError`` (a ``simkit.SimkitError``); the command line
(``simkit run|compare|sweep|learnability``) exits 2 with one line on stderr,
``simkit CMD: --name: ...``, the same message with the flag's spelling, no traceback, and
nothing run. Also: seeds are bounded and never echoed in full, every user text the command
line prints is escaped (``simkit.arguments.printable``), ``simkit run --out`` refuses to
replace earlier results without ``--force``, and a Dask scheduler that refuses the
connection is reported at once.
"""
from __future__ import annotations

import socket
import time

import pytest

import simkit
from simkit.arguments import MAX_WORK, ArgumentError, from_command_line, printable
from simkit.cli import main
from simkit.compare import compare
from simkit.experiment import learnability, replicate, run_sweep
from simkit.experiment.executors import CONNECT_TIMEOUT, ExecutorError, make_executor
from simkit.scenario import load_scenario, with_overrides

from helpers import ROOT, SCENARIOS

MMC = str(SCENARIOS / "mmc.yaml")  # one day of a textbook queue: the quickest scenario
MMC2 = str(SCENARIOS / "mmc_priority.yaml")
SCHEME = str(SCENARIOS / "schemes" / "teller_piece_rate.yaml")  # 24 monthly periods, tellers
SWEEP = str(ROOT / "sweeps" / "windows.yaml")
HUGE = 10 ** 5000  # a 5,000-digit seed
LIMIT_S = 10.0  # every refusal comes before any run, well inside the 10 s
SEED_RULE = ("must be a whole number from 0 to 2**128 - 1 (SeedSequence mixes a seed into a pool of 128 bits; "
             "a longer seed adds no independence)")


def _api(entry: str, name: str, value, tmp_path):
    """Call the Python entry point with one bad argument (the others good and small)."""
    kw = {name: value}
    if entry == "run":
        return simkit.run(MMC, **kw)
    if entry == "replicate":
        kw = {"n" if name == "reps" else name: value}
        return replicate(MMC, **{"n": 2, "executor": "serial", **kw})
    if entry == "run_sweep":
        return run_sweep(SWEEP, tmp_path / "sweep", **{"executor": "serial", "progress": False, **kw})
    if entry == "learnability":
        return learnability(SCHEME, "teller", "pace", **{"reps": 2, "periods": 1, **kw})
    if entry == "compare":
        return compare([MMC, MMC2], **{"reps": 2, "executor": "serial", **kw})
    raise AssertionError(entry)


def _argv(command: str, flag: str, text: str, tmp_path) -> list[str]:
    """The command with one bad flag (the others good and small)."""
    head = {"run": ["run", MMC],
            "compare": ["compare", MMC, MMC2],
            "sweep": ["sweep", SWEEP, "--out", str(tmp_path / "sweep")],
            "learnability": ["learnability", SCHEME, "--role", "teller", "--choice", "pace", "--periods", "1"]}[command]
    return head + [flag, text, "--no-progress"]


# (case id, argument name, Python value, command-line text, message after "name: ",
#  Python entry points, commands)
CASES = [
    ("workers=0", "workers", 0, "0", "must be a whole number from 1 to 1,024 (processes) (got 0)",
     ["replicate", "run_sweep", "learnability", "compare"], ["compare", "sweep", "learnability"]),
    ("workers huge", "workers", 10**6, "1000000", "must be a whole number from 1 to 1,024 (processes) (got 1000000)",
     ["replicate", "run_sweep", "learnability", "compare"], ["compare", "sweep", "learnability"]),
    ("seed=-5", "seed", -5, "-5", f"{SEED_RULE} (got -5)",
     ["run", "replicate", "learnability", "compare"], ["run", "compare", "learnability"]),
    ("seed=2**128", "seed", 2**128, str(2**128), f"{SEED_RULE} (got {2**128})",
     ["run", "replicate", "learnability", "compare"], ["run", "compare", "learnability"]),
    ("seed of 5,000 digits", "seed", HUGE, "1" + "0" * 5000, f"{SEED_RULE} (got a 16,610-bit number)",
     ["run", "replicate", "learnability", "compare"], ["run", "compare", "learnability"]),
    ("progress='no'", "progress", "no", None, "must be True or False (got 'no')",
     ["run", "replicate", "run_sweep", "learnability", "compare"], []),
    ("executor=threads", "executor", "threads", "threads",
     "must be one of 'serial', 'processes', 'dask' (got 'threads')",
     ["replicate", "run_sweep", "learnability", "compare"], ["compare", "sweep", "learnability"]),
    ("reps=1", "reps", 1, "1", "must be a whole number from 2 to 1,000 (an interval needs at least 2) (got 1)",
     ["learnability", "compare"], ["compare", "learnability"]),
    ("reps huge", "reps", 10**6, "1000000",
     "must be a whole number from 2 to 1,000 (an interval needs at least 2) (got 1000000)",
     ["learnability", "compare"], ["compare", "learnability"]),
    ("n huge", "reps", 10**6, None, "must be a whole number from 1 to 1,000 (replications) (got 1000000)",
     ["replicate"], []),
    ("level=1.5", "level", 1.5, "1.5", "must be a number between 0 and 1 (exclusive), e.g. 0.95 for a 95 % interval "
                                      "(got 1.5)",
     ["learnability", "compare"], ["compare", "learnability"]),
    ("days=0", "days", 0, "0", "must be a whole number from 1 to 10,958 (30 years) (got 0)",
     ["run", "replicate"], ["run"]),
    ("periods=0", "periods", 0, "0", "must be a whole number from 1 to 360 (assessment periods) (got 0)",
     ["learnability"], ["learnability"]),
    ("max_tasks=0", "max_tasks", 0, "0", "must be a whole number from 1 to 10,000,000 (tasks in one sweep) (got 0)",
     ["run_sweep"], ["sweep"]),
    ("address without dask", "address", "tcp://127.0.0.1:1", None,
     "executor 'serial' takes no address; allowed: an address only with executor 'dask' (--executor dask) "
     "(got 'tcp://127.0.0.1:1')", ["replicate", "run_sweep"], []),
]

_API = [pytest.param(c[0], c[1], c[2], c[4], entry, id=f"{entry}: {c[0]}") for c in CASES for entry in c[5]]
_CLI = [pytest.param(c[0], c[1], c[3], c[4], command, id=f"simkit {command}: {c[0]}")
        for c in CASES for command in c[6]]


@pytest.mark.parametrize("case,name,value,message,entry", _API)
def test_python_entry_point_refuses_with_the_shared_message(tmp_path, case, name, value, message, entry):
    t0 = time.perf_counter()
    with pytest.raises(ArgumentError) as info:
        _api(entry, name, value, tmp_path)
    shown_name = "n" if entry == "replicate" and name == "reps" else name
    assert str(info.value) == f"{shown_name}: {message}"
    assert isinstance(info.value, simkit.SimkitError)
    assert time.perf_counter() - t0 < LIMIT_S
    assert not (tmp_path / "sweep").exists()  # nothing was written


@pytest.mark.parametrize("case,name,text,message,command", _CLI)
def test_command_refuses_with_the_same_message_in_one_line(tmp_path, capsys, case, name, text, message, command):
    t0 = time.perf_counter()
    status = main(_argv(command, "--" + name.replace("_", "-"), text, tmp_path))
    elapsed = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert status == 2, out + err
    assert err == f"simkit {command}: --{name.replace('_', '-')}: {message}\n"
    assert out == "" and elapsed < LIMIT_S
    assert not (tmp_path / "sweep").exists()


# ------------------------------------------------------------------ the work one call may start
def test_learnability_refuses_two_thousand_thirty_year_runs():
    t0 = time.perf_counter()
    with pytest.raises(ArgumentError) as info:
        learnability(SCHEME, "teller", "pace", reps=1000, periods=360)
    text = str(info.value)
    assert text.startswith("reps: 2 runs x 1,000 replications of 360 periods would simulate about 9.")
    assert f"allowed: at most {MAX_WORK:,} customers in one call" in text and text.endswith("(got 1000)")
    assert time.perf_counter() - t0 < LIMIT_S


def test_learnability_command_refuses_the_same_work_with_its_flag(capsys):
    status = main(["learnability", SCHEME, "--role", "teller", "--choice", "pace", "--reps", "1000",
                   "--periods", "360", "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("simkit learnability: --reps: 2 runs x 1,000 replications of 360 periods")


def test_replicate_and_compare_refuse_work_beyond_the_budget():
    thirty_years = with_overrides(load_scenario(SCHEME), {"horizon.periods": 360})
    with pytest.raises(ArgumentError, match=r"^n: 1,000 replications of 'teller_piece_rate' would simulate about 4\."):
        replicate(thirty_years, 1000)
    other = with_overrides(thirty_years, {"name": "other"})
    with pytest.raises(ArgumentError, match=r"^reps: 2 scenarios x 200 replications would simulate about 1\.9"):
        compare([thirty_years, other], reps=200, executor="serial")


def test_replicate_raises_argument_errors_not_bare_value_errors():
    with pytest.raises(ArgumentError, match=r"^logs: unknown table; allowed: table names among customers"):
        replicate(MMC, 2, logs=("customers", "nope"))
    with pytest.raises(ArgumentError, match=r"^days: .*sets horizon.periods"):
        replicate(SCHEME, 2, days=3)
    with pytest.raises(ArgumentError, match=r"^logs: must be a list of table names"):
        replicate(MMC, 2, logs="customers")


# ------------------------------------------------------------------ seeds and echoed values
def test_a_five_thousand_digit_seed_is_not_echoed_on_any_command(capsys):
    seed = "9" * 5000
    for argv in (["run", MMC, "--seed", seed], ["learnability", SCHEME, "--role", "teller", "--choice", "pace",
                                                "--seed", seed]):
        assert main(argv + ["--no-progress"]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and len(err) < 300, err[:400]
        assert "99999" * 20 not in err


def test_command_line_values_reach_the_checks_as_python_would_pass_them():
    assert from_command_line("7") == 7 and from_command_line(" 7 ") == 7
    assert from_command_line("1.5") == 1.5 and from_command_line("1e3") == 1000.0
    assert from_command_line("abc") == "abc"
    assert from_command_line("1" + "0" * 5000) == HUGE


# ------------------------------------------------------------------ printed user text
HOSTILE = "evil\x1b[2J\nfake.yaml: ok (scenario x)\u202egnp.exe\u200b"


def test_printable_escapes_controls_bidi_and_format_characters_and_caps_length():
    shown_text = printable(HOSTILE)
    assert shown_text == "evil\\x1b[2J\\nfake.yaml: ok (scenario x)\\u202egnp.exe\\u200b"
    assert shown_text.isprintable()
    assert printable("北京分行 营业部") == "北京分行 营业部"  # a Chinese name is shown as written
    assert len(printable("\x1b" * 1000)) < 160  # escapes count towards the cap
    long = printable("x" * 3_000_000)
    assert len(long) < 200 and long.endswith("... (2,999,880 more characters)")


def test_validate_cannot_be_made_to_print_a_forged_line(tmp_path, capsys):
    path = tmp_path / "evil.yaml"
    path.write_text('extends: ' + MMC + '\nname: "evil\\e[2J\\nfake.yaml: ok (scenario x)\\u202Egnp"\n',
                    encoding="utf-8")
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert "\x1b" not in stream and "\u202e" not in stream
    assert len((out + err).splitlines()) == 1, out + err
    if status == 0:  # the name is allowed: shown escaped
        assert out == f"{path}: ok (scenario evil\\x1b[2J\\nfake.yaml: ok (scenario x)\\u202egnp)\n"


# ------------------------------------------------------------------ simkit run --out
def test_run_out_refuses_earlier_results_before_running_unless_forced(tmp_path, capsys, monkeypatch):
    out = tmp_path / "r"
    assert main(["run", MMC, "--days", "1", "--out", str(out), "--no-progress"]) == 0
    first = (out / "run.json").read_text()
    capsys.readouterr()

    monkeypatch.setattr(simkit.cli, "run", lambda *a, **k: pytest.fail("ran before refusing the folder"))
    assert main(["run", MMC, "--days", "1", "--seed", "5", "--out", str(out), "--no-progress"]) == 2
    out_text, err = capsys.readouterr()
    assert out_text == "" and err.startswith("simkit run: --out: ") and err.count("\n") == 1
    assert "already holds saved results" in err and "--force" in err and (out / "run.json").read_text() == first
    monkeypatch.undo()

    assert main(["run", MMC, "--days", "1", "--seed", "5", "--out", str(out), "--force", "--no-progress"]) == 0
    assert (out / "run.json").read_text() != first  # replaced, as asked


def test_run_out_refuses_a_folder_of_other_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["run", MMC, "--days", "1", "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simkit run: --out: ") and "holds other files (notes.txt)" in err


# ------------------------------------------------------------------ Dask
def _closed_port() -> int:
    """A loopback port nothing listens on: bound, never listened on, released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_refused_dask_connection_fails_fast_naming_the_address(tmp_path):
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    t0 = time.perf_counter()
    with pytest.raises(ExecutorError, match=rf"cannot reach the Dask scheduler at {address} \(Connection refused\)"):
        make_executor("dask", address=address)
    with pytest.raises(ExecutorError):
        run_sweep(SWEEP, tmp_path / "sweep", executor="dask", address=address, progress=False)
    assert time.perf_counter() - t0 < CONNECT_TIMEOUT
    assert not (tmp_path / "sweep").exists()


def test_every_refusal_is_a_simkit_error():
    from simkit.experiment import StoreError, SweepError
    from simkit.scenario import ScenarioError

    for error in (ArgumentError, ExecutorError, StoreError, SweepError, ScenarioError):
        assert issubclass(error, simkit.SimkitError), error
