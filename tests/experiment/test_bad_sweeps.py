"""A bad sweep file gets clear errors — file, line, field, what is allowed — before any task runs.

Each case is a broken sweep file, the fragments its error message must contain and,
optionally, fragments it must not (a scenario's wording for a sweep file, a spurious extra
line). Every case, run through the command line, must exit with status 2 in under 5 seconds,
print no traceback and create no output folder (nothing ran, nothing was written).
"""
from __future__ import annotations

import time

import pytest

from simkit import cli
from simkit.experiment import Sweep, SweepError, load_sweep
from simkit.scenario import ScenarioError

GOOD = """\
name: ok
scenario: SCENARIOS/mmc.yaml
set: {horizon.days: 1}
grid:
  branch.windows.ordinary: [4, 5]
replications: 2
"""

CASES = {
    "typo in a dotted path": (GOOD.replace("branch.windows.ordinary", "branch.windws.ordinary"),
                              ["sweep.yaml:5", "grid.branch.windws.ordinary", "unknown field 'windws'",
                               "did you mean 'windows'", "allowed here:"]),
    "value out of range": (GOOD.replace("[4, 5]", "[4, -1]"),
                           ["sweep.yaml:5", "grid.branch.windows.ordinary", "must be a whole number", "got -1"]),
    "value of the wrong type in a point": (GOOD + "points:\n  - {arrivals.hourly: fast}\n",
                                           ["sweep.yaml:8", "points.0.arrivals.hourly", "a number >= 1e-06",
                                            "got 'fast'"]),
    "list index out of range": (GOOD + "points:\n  - {needs.service.channels.teller.mean: 3, customers.segments.mass"
                                       ".needs.service: 1, branch.calling.ordinary.3: vip}\n",
                                ["points.0.branch.calling.ordinary.3", "is a list of 1; allowed indexes: 0 to 0"]),
    "grid value that is not a list": (GOOD.replace("[4, 5]", "4"),
                                      ["sweep.yaml:5", "grid.branch.windows.ordinary", "non-empty list of values"]),
    "unknown top-level field": (GOOD + "replicatons: 3\n",
                                ["sweep.yaml:7", "unknown sweep field 'replicatons'", "did you mean 'replications'"]),
    "zero replications": (GOOD.replace("replications: 2", "replications: 0"),
                          ["sweep.yaml:6", "replications", "must be a whole number >= 1"]),
    "the seed swept by dotted path": (GOOD + "points:\n  - {seed: 3}\n",
                                      ["points.0.seed", "cannot be set by a sweep", "'seed' and 'replications'"]),
    "missing scenario file": (GOOD.replace("SCENARIOS/mmc.yaml", "nowhere.yaml"),
                              ["sweep.yaml:2", "scenario", "does not exist", "nowhere.yaml"]),
    "no scenario": ("grid: {branch.windows.ordinary: [2]}\n", ["scenario", "is required"]),
    "two points that are the same": (GOOD + "points:\n  - {branch.windows.ordinary: 5}\n",
                                     ["point 2", "same scenario as point 1", "allowed: distinct points"]),
    "unknown log table": (GOOD + "logs: [evnts]\n", ["sweep.yaml:7", "logs", "unknown table", "events"]),
    "a python tag": (GOOD + "description: !!python/object:os.system ls\n",
                     ["sweep.yaml:7", "tag", "not allowed"]),
    "days with a multi-period scenario": (GOOD.replace("mmc.yaml", "schemes/fixed_pay.yaml")
                                          .replace("set: {horizon.days: 1}", "days: 3"),
                                          ["days", "sets horizon.periods", "no 'days'"]),
    # the file as a whole: said in a sweep's terms, not a scenario's (issue 22, item 7)
    "empty file": ("", ["sweep.yaml", "the file is empty", "sweep fields", "scenario:, set:, grid:"],
                   ["scenario fields", "branch:"]),
    "only comments": ("# a sweep, one day\n", ["the file is empty", "sweep fields"], ["scenario fields"]),
    "a list at the top": ("- scenario: x.yaml\n", ["sweep.yaml:1", "must be a mapping of sweep fields", "not a list"],
                          ["scenario fields"]),
    "a single value at the top": ("SCENARIOS/mmc.yaml\n", ["sweep.yaml:1", "mapping of sweep fields",
                                                           "not a single value"], ["scenario fields"]),
    "malformed YAML": (GOOD.replace("[4, 5]", "[4, 5"), ["sweep.yaml", "malformed YAML", "allowed"]),
    "top-level extends": (GOOD + "extends: SCENARIOS/mmc.yaml\n",
                          ["sweep.yaml:7", "unknown sweep field 'extends'", "point 'scenario' at the file"]),
    "extends set by dotted path": (GOOD.replace("set: {horizon.days: 1}", "set: {horizon.days: 1, extends: x}"),
                                   ["sweep.yaml:3", "set.extends", "cannot be set by a sweep"]),
    # the base scenario's own problems, then one line naming where the sweep points at it, and
    # nothing else (no "seed: must be a whole number (got None)" for the seed it could not read)
    "a broken base scenario": (GOOD.replace("SCENARIOS/mmc.yaml", "broken.yaml"),
                               ["broken.yaml:3", "branch.windows.ordinary", "sweep.yaml:2: scenario:",
                                "the base scenario above has problems"], ["seed", "got None"], 2),
    "scenario is a folder": (GOOD.replace("SCENARIOS/mmc.yaml", "SCENARIOS"),
                             ["sweep.yaml:2", "scenario", "is a folder"]),
    "scenario is not a path": (GOOD.replace("SCENARIOS/mmc.yaml", "[a, b]"),
                               ["sweep.yaml:2", "scenario", "must be the path of a scenario file"], ["seed"]),
    "a name that leaves the output folder": (GOOD.replace("name: ok", "name: ../../etc"),
                                             ["sweep.yaml:1", "name", "names the result folder", "'../../etc'"]),
    "a name that is not text": (GOOD.replace("name: ok", "name: [a, b]"), ["sweep.yaml:1", "name", "short name"]),
    "a description that is not text": (GOOD + "description: {a: 1}\n", ["sweep.yaml:7", "description",
                                                                         "must be text"]),
    "grid that is not a mapping": (GOOD.replace("grid:\n  branch.windows.ordinary: [4, 5]", "grid: [4, 5]"),
                                   ["sweep.yaml:4", "grid", "must be a mapping of dotted field paths"]),
    "points that are not a list": (GOOD + "points: {branch.windows.ordinary: 3}\n",
                                   ["sweep.yaml:7", "points", "must be a list of mappings"]),
    "a point that is not a mapping": (GOOD + "points:\n  - 3\n", ["sweep.yaml:8", "points.0", "must be a mapping"]),
    "logs that are not a list": (GOOD + "logs: events\n", ["sweep.yaml:7", "logs", "must be a list of table names"]),
    "a negative seed": (GOOD + "seed: -1\n", ["sweep.yaml:7", "seed", "whole number between 0 and 2**128 - 1", "got -1"]),
    "zero days": (GOOD.replace("set: {horizon.days: 1}", "days: 0"), ["sweep.yaml:3", "days", "whole number from 1 to"]),
    "days beyond 30 years": (GOOD.replace("set: {horizon.days: 1}", "days: 100000"),
                             ["sweep.yaml:3", "days", "from 1 to 10,958 (30 years)", "got 100000"]),
    "days that bring too many customers": (GOOD.replace("set: {horizon.days: 1}", "days: 10000"),
                                           ["sweep.yaml:3", "days", "would bring about", "[in point 0:",
                                            "at most 5,000,000 customers"]),
    "replications that are not a number": (GOOD.replace("replications: 2", "replications: many"),
                                           ["sweep.yaml:6", "replications", "whole number >= 1", "got 'many'"]),
    # issue 22, item 6: counted before anything is built, refused at once above the limit
    "a million-point grid": (GOOD.replace("grid:\n  branch.windows.ordinary: [4, 5]", "grid:\n  arrivals.hourly: ["
                                          + ", ".join(str(1 + i / 10) for i in range(1000)) + "]\n"
                                          "  customers.patience.mean: [" + ", ".join(map(str, range(1, 1001))) + "]"),
                             ["sweep.yaml:4", "grid", "2,000,000 tasks", "1,000 x 1,000 = 1,000,000 combinations",
                              "x 2 replications", "at most 10,000 tasks", "--max-tasks N"]),
    "too many replications": (GOOD.replace("replications: 2", "replications: 6000"),
                              ["sweep.yaml:4", "12,000 tasks", "at most 10,000"]),
}

BROKEN_BASE = "extends: SCENARIOS/mmc.yaml\nbranch:\n  windows: {ordinary: -1}\n"


def _case(case, make_sweep):
    """(sweep path, must contain, must not contain, exact line count or None)."""
    text, fragments, *rest = CASES[case]
    absent = rest[0] if rest else []
    lines = rest[1] if len(rest) > 1 else None
    make_sweep(BROKEN_BASE, name="broken.yaml")
    return make_sweep(text), fragments, absent, lines


@pytest.mark.parametrize("case", list(CASES))
def test_bad_sweep_file_is_reported_clearly(case, make_sweep):
    path, fragments, absent, lines = _case(case, make_sweep)
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    message = str(info.value)
    assert isinstance(info.value, ScenarioError)
    assert str(path) in message or "sweep.yaml" in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"
    for fragment in absent:
        assert fragment not in message, f"{fragment!r} should not be in:\n{message}"
    if lines is not None:
        assert len(message.splitlines()) == lines, message


@pytest.mark.parametrize("case", list(CASES))
def test_command_line_exits_2_before_any_task_runs(case, make_sweep, tmp_path, capsys):
    path, fragments, _, _ = _case(case, make_sweep)
    out = tmp_path / "out"
    t = time.perf_counter()
    status = cli.main(["sweep", str(path), "--executor", "serial", "--out", str(out)])  # progress bars on
    elapsed = time.perf_counter() - t
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and fragments[-1] in err
    assert not out.exists()
    assert elapsed < 5, f"{elapsed:.1f} s to refuse a bad sweep"


def test_a_sweep_file_that_is_a_folder_or_missing(tmp_path, capsys):
    for path, says in ((tmp_path, "is a folder; allowed: a YAML file of sweep fields"),
                       (tmp_path / "nowhere.yaml", "file not found; allowed: the path of a sweep file")):
        assert cli.main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err and "scenario file" not in err


@pytest.mark.parametrize("flags, says", [
    (["--workers", "0"], "--workers: must be a whole number from 1"),
    (["--workers", "-2"], "--workers: must be a whole number from 1"),
    (["--max-tasks", "0"], "--max-tasks: must be a whole number from 1"),
    (["--max-tasks", "-5"], "--max-tasks: must be a whole number from 1"),
    (["--max-tasks", "3"], "the sweep has 4 tasks (a grid of 2 = 2 combinations, x 2 replications); allowed: at"
                           " most 3"),
    (["--max-tasks", "many"], "--max-tasks: must be a whole number from 1 to 10,000,000 (tasks in one sweep) (got 'many')"),
    (["--executor", "serial", "--address", "tcp://127.0.0.1:1"],
     "--address: executor 'serial' takes no address; allowed: an address only with executor 'dask'"),
    (["--out", "FILE"], "--out: is a file, not a folder"),
    (["--out", "FILE/inside"], "is a file, so no folder can be made in it"),
])
def test_bad_sweep_flags_exit_2(flags, says, make_sweep, tmp_path, capsys):
    path = make_sweep(GOOD)
    flags = [str(path) if f == "FILE" else str(path) + "/inside" if f == "FILE/inside" else f for f in flags]
    out = [] if "--out" in flags else ["--out", str(tmp_path / "out")]
    assert cli.main(["sweep", str(path), "--no-progress", *out, *flags]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()


def test_python_sweeps_are_validated_too():
    with pytest.raises(SweepError, match=r"grid\.branch\.windows\.ordinary.*must be a whole number"):
        Sweep(_mmc(), grid={"branch.windows.ordinary": [2, -3]})
    with pytest.raises(SweepError, match=r"grid\.branch\.windws.*did you mean 'windows'"):
        Sweep(_mmc(), grid={"branch.windws.ordinary": [2]})
    with pytest.raises(SweepError, match="replications.*>= 1"):
        Sweep(_mmc(), replications=0)


def test_a_good_sweep_enumerates_points_and_replications(make_sweep):
    sw = load_sweep(make_sweep(GOOD + "points:\n  - {branch.windows.ordinary: 6, arrivals.hourly: 30}\n"))
    assert len(sw.points) == 3 and len(sw) == 6
    assert [p.scenario.branch.windows["ordinary"] for p in sw.points] == [4, 5, 6]
    assert sw.parameters == ["branch.windows.ordinary", "arrivals.hourly"]
    tasks = sw.tasks()
    assert [(t.point, t.replication) for t in tasks] == [(p, r) for p in range(3) for r in range(2)]
    assert len({t.id for t in tasks}) == 6
    assert [t.id for t in load_sweep(make_sweep(GOOD + "points:\n  - {branch.windows.ordinary: 6, "
                                                       "arrivals.hourly: 30}\n", name="again.yaml")).tasks()] \
        == [t.id for t in tasks]  # ids are stable: the same sweep gives the same ids


def _mmc():
    from helpers import SCENARIOS
    from simkit.scenario import load_scenario
    return load_scenario(SCENARIOS / "mmc.yaml")
