"""A sweep is counted before anything is built (issue 22, item 6): a grid of a million points
is refused at once above the task limit, and when the limit is raised the user sees a bar
counting the points from the start instead of a silent minute."""
from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from helpers import ROOT, SCENARIOS
from simkit.experiment import Sweep, SweepError, load_sweep
from simkit.experiment.spec import MAX_TASKS
from simkit.scenario import load_scenario

MILLION = {"arrivals.hourly": [1 + i / 10 for i in range(1000)], "customers.patience.mean": list(range(1, 1001))}


def test_a_million_points_are_counted_not_built():
    t = time.perf_counter()
    with pytest.raises(SweepError) as info:
        Sweep(load_scenario(SCENARIOS / "mmc.yaml"), grid=MILLION, replications=3)
    assert time.perf_counter() - t < 2, "the grid was built before it was counted"
    message = str(info.value)
    assert "3,000,000 tasks" in message and f"at most {MAX_TASKS:,} tasks" in message and "--max-tasks N" in message
    assert len(message.splitlines()) == 1


def test_the_limit_is_inclusive_and_can_be_raised_or_lifted():
    mmc = load_scenario(SCENARIOS / "mmc.yaml")
    grid = {"arrivals.hourly": [30.0, 31.0, 32.0]}
    assert len(Sweep(mmc, grid=grid, replications=2, max_tasks=6)) == 6
    with pytest.raises(SweepError, match="the sweep has 6 tasks .* at most 5 tasks"):
        Sweep(mmc, grid=grid, replications=2, max_tasks=5)
    assert len(Sweep(mmc, grid=grid, points=[{"arrivals.hourly": 40.0}], replications=2, max_tasks=None)) == 8
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(ValueError, match="max_tasks: must be a whole number >= 1, or None"):
            Sweep(mmc, max_tasks=bad)


def test_points_are_listed_lazily_in_the_documented_order():
    mmc = load_scenario(SCENARIOS / "mmc.yaml")
    sw = Sweep(mmc, grid={"branch.windows.ordinary": [2, 3], "arrivals.hourly": [30.0, 31.0]},
               points=[{"branch.windows.ordinary": 5}], replications=1)
    w, a = "branch.windows.ordinary", "arrivals.hourly"
    assert [p.overrides for p in sw.points] == [{w: 2, a: 30.0}, {w: 2, a: 31.0}, {w: 3, a: 30.0}, {w: 3, a: 31.0},
                                                {w: 5}]
    assert sw.n_points == 5 and [t.id for t in sw.tasks()] == [t.id for t in sw.tasks()]


def test_a_big_sweep_shows_progress_from_the_start(make_sweep, tmp_path):
    lines = "\n".join(f"  {k}: [{', '.join(map(str, v))}]" for k, v in MILLION.items())
    path = make_sweep(f"name: big\nscenario: SCENARIOS/mmc.yaml\nset: {{horizon.days: 1}}\ngrid:\n{lines}\n")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "simkit.cli", "sweep", str(path), "--max-tasks", "2000000",
                             "--executor", "serial", "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})
    seen, start = b"", time.monotonic()
    try:
        while time.monotonic() - start < 60 and b"checking points" not in seen:
            ready, _, _ = select.select([proc.stderr], [], [], 1.0)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 65536)
                if not chunk:
                    break
                seen += chunk
        waited = time.monotonic() - start
    finally:
        proc.kill()
        proc.wait(timeout=30)
    text = seen.decode(errors="replace")
    assert "big: checking points" in text and "1000000" in text, text
    assert waited < 30, f"{waited:.0f} s before the first sign of progress"
    assert not (out / "tasks").exists() or not any((out / "tasks").iterdir())


def test_the_command_line_refuses_a_million_points_at_once(make_sweep, tmp_path, capsys):
    from simkit import cli

    lines = "\n".join(f"  {k}: [{', '.join(map(str, v))}]" for k, v in MILLION.items())
    path = make_sweep(f"scenario: SCENARIOS/mmc.yaml\ngrid:\n{lines}\n")
    t = time.perf_counter()
    assert cli.main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    assert time.perf_counter() - t < 5
    err = capsys.readouterr().err
    assert "sweep.yaml:2: grid: the sweep has 1,000,000 tasks" in err and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()
    with pytest.raises(SweepError, match="at most 999,999 tasks"):
        load_sweep(path, max_tasks=999_999)
