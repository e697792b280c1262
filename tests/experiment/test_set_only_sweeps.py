"""A sweep of the base scenario alone (``set:`` only, no grid, no points) reports a bad value
like any other sweep: the sweep file, its line, ``set.<field>`` and what is allowed.

Its one point is neither a grid combination nor an explicit point; the bad value must still
be traced to the ``set:`` entry that wrote it, in Python and on the command line (exit 2,
one line per problem, no traceback, nothing written)."""
from __future__ import annotations

import resource
import subprocess

import pytest

from simkit.experiment import Sweep, SweepError, load_sweep
from simkit.scenario import ScenarioError, load_scenario

from helpers import ROOT, SCENARIOS

BASE = """\
name: only_set
scenario: SCENARIOS/mmc.yaml
set: {SET}
replications: 2
"""

BAD_SETS = {
    "negative days": ("{horizon.days: -3}", ["sweep.yaml:3", "set.horizon.days", "got -3"]),
    "text for a count": ("{branch.windows.ordinary: x}", ["sweep.yaml:3", "set.branch.windows.ordinary",
                                                           "must be a whole number", "got 'x'"]),
    "too many windows": ("{branch.windows.ordinary: 1000}", ["set.branch.windows.ordinary", "got 1000"]),
    "unknown field": ("{horizon.nodays: 3}", ["set.horizon.nodays", "unknown field 'nodays'", "did you mean 'days'"]),
}


@pytest.mark.parametrize("case", BAD_SETS, ids=list(BAD_SETS))
def test_a_bad_value_in_set_is_named_in_the_sweep_file(case, make_sweep):
    text, fragments = BAD_SETS[case]
    path = make_sweep(BASE.replace("{SET}", text))
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert str(path) in message


def test_a_python_sweep_with_only_set_says_which_entry(tmp_path):
    base = load_scenario(SCENARIOS / "mmc.yaml")
    with pytest.raises(ScenarioError, match=r"set\.branch\.windows\.ordinary: must be a whole number.*got -2"):
        Sweep(base, set={"branch.windows.ordinary": -2}, replications=2)
    assert len(Sweep(base, set={"horizon.days": 1}, replications=2)) == 2  # a good one still builds


def test_the_command_line_exits_2_with_one_line(make_sweep, tmp_path):
    path = make_sweep(BASE.replace("{SET}", "{horizon.days: -3}"))
    out = tmp_path / "out"
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "simkit"), "sweep", str(path), "--out", str(out),
                           "--no-progress"], capture_output=True, text=True, timeout=60)
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    # under 10 s of CPU (wall-clock time on a shared test machine measures the other runs too)
    assert end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime < 10
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "set.horizon.days" in lines[0] and "sweep.yaml:3" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
