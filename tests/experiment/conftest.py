"""Small sweeps for the experiment tests (each task well under a second, or a 2-month scheme run)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import ROOT, SCENARIOS

PY = sys.executable

#: a multi-period sweep: a teller piece rate over two monthly periods (the branch opens on
#: Mondays only, to keep it fast), 2 rates x 2 replications, bank_periods kept
PIECE_RATE_MONTHS = """
    name: piece_rate_two_months
    scenario: SCENARIOS/schemes/teller_piece_rate.yaml
    set: {horizon.periods: 2, arrivals.closed_weekdays: [1, 2, 3, 4, 5, 6]}
    grid: {pay.teller.components.1.per_transaction: [0.5, 3.0]}
    replications: 2
    seed: 11
    logs: [bank_periods]
"""


def write_sweep(folder: Path, text: str, name: str = "sweep.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).replace("SCENARIOS", str(SCENARIOS)), encoding="utf-8")
    return path


def cli(*args, **kw) -> subprocess.Popen:
    """``python -m simkit.cli ARGS`` as a subprocess (own process, killable)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([PY, "-m", "simkit.cli", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture
def make_sweep(tmp_path):
    """``make_sweep(text, name="sweep.yaml")`` writes a sweep file into tmp_path
    (``SCENARIOS`` in the text becomes the scenarios folder)."""
    return lambda text, name="sweep.yaml": write_sweep(tmp_path, text, name)


@pytest.fixture
def run_cli():
    """``run_cli(*args)`` starts ``python -m simkit.cli ARGS`` as a subprocess."""
    return cli


@pytest.fixture
def mmc_sweep(tmp_path) -> Path:
    """12 one-day M/M/4 tasks: 3 arrival rates x 4 replications."""
    return write_sweep(tmp_path, """
        name: mmc_rates
        scenario: SCENARIOS/mmc.yaml
        set: {horizon.days: 1}
        grid: {arrivals.hourly: [30.0, 36.0, 43.2]}
        replications: 4
        seed: 5
    """)
