"""A bad sweep file gets clear errors — file, line, field, what is allowed — before any task runs.

Each case is a broken sweep file and the fragments its error message must contain. Run
through the command line, it must exit with status 2, print no traceback and create no
output folder (nothing ran, nothing was written).
"""
from __future__ import annotations

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
                           ["sweep.yaml:5", "grid.branch.windows.ordinary", "must be a whole number >= 0", "got -1"]),
    "value of the wrong type in a point": (GOOD + "points:\n  - {arrivals.hourly: fast}\n",
                                           ["sweep.yaml:8", "points.0.arrivals.hourly", "a number > 0",
                                            "got 'fast'"]),
    "list index out of range": (GOOD + "points:\n  - {needs.service.channels.teller.mean: 3, customers.segments.mass"
                                       ".needs.service: 1, branch.calling.ordinary.3: vip}\n",
                                ["points.0.branch.calling.ordinary.3", "is a list of 1; allowed indexes: 0 to 0"]),
    "grid value that is not a list": (GOOD.replace("[4, 5]", "4"),
                                      ["sweep.yaml:5", "grid.branch.windows.ordinary", "non-empty list of values"]),
    "unknown top-level field": (GOOD + "replicatons: 3\n",
                                ["sweep.yaml:7", "unknown field 'replicatons'", "did you mean 'replications'"]),
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
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_sweep_file_is_reported_clearly(case, make_sweep):
    text, fragments = CASES[case]
    path = make_sweep(text)
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    message = str(info.value)
    assert isinstance(info.value, ScenarioError)
    assert str(path) in message or "sweep.yaml" in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"


@pytest.mark.parametrize("case", ["typo in a dotted path", "value out of range", "unknown top-level field"])
def test_command_line_exits_2_before_any_task_runs(case, make_sweep, tmp_path, capsys):
    path = make_sweep(CASES[case][0])
    out = tmp_path / "out"
    status = cli.main(["sweep", str(path), "--executor", "serial", "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err and CASES[case][1][-1] in err
    assert not out.exists()


def test_python_sweeps_are_validated_too():
    with pytest.raises(SweepError, match=r"grid\.branch\.windows\.ordinary.*must be a whole number >= 0"):
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
