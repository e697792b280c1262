"""Every shipped scenario gives the same numbers as when its fingerprint was taken.

Each file in ``scenarios/*.yaml`` and ``scenarios/schemes/*.yaml`` is run short with seed 3
(a branch scenario for 2 days, a scheme file for 3 assessment periods) and every table a run
produces is fingerprinted (tests/fingerprint.py: each column's values exactly, or a
floating-point column's sums to ``simkit.library.truth.RTOL``, so that the last bits in which
machines of different kinds differ do not count). A change that keeps results the same leaves
them all unchanged; each scenario is its own test, so the failures name every scenario and
column that differs. A column added since records something new and is allowed.

History: digests of every number in full precision were kept from commit 2ae92d1 until
85b9e82, at which they still held on the machine kind they were taken on; the fingerprints
were taken at 85b9e82's numbers (docs/methods.md, "Bit for bit, and across machines").
"""
from __future__ import annotations

from pathlib import Path

import pytest

import simkit
from simkit.scenario import load_scenario, with_overrides

from fingerprint import differences, fingerprint, stored
from helpers import SCENARIOS

pytestmark = pytest.mark.slow

SEED = 3
BRANCH_DAYS = 2  # two days: a Monday and a Tuesday of every branch scenario, a few hundred customers
SCHEME_PERIODS = 3  # three periods: pay, learning and the books act on each other at least twice
TABLES = ("customers", "events", "staff_periods", "bank_periods", "payslips", "loan_applications")


def scenario_files(folder: Path = SCENARIOS) -> list[str]:
    """The shipped scenario files, relative to ``folder``: branch scenarios, then schemes."""
    return sorted(path.name for path in folder.glob("*.yaml")) + sorted(
        f"schemes/{path.name}" for path in (folder / "schemes").glob("*.yaml"))


def tables_print(path: Path) -> dict:
    """The fingerprint of every table of a short seed-3 run of ``path``."""
    scenario = load_scenario(path)
    if scenario.horizon.periods is None:
        results = simkit.run(scenario, days=BRANCH_DAYS, seed=SEED)
    else:
        results = simkit.run(with_overrides(scenario, {"horizon.periods": SCHEME_PERIODS}), seed=SEED)
    return fingerprint({name: getattr(results, name) for name in TABLES})


def test_every_shipped_scenario_has_a_fingerprint():
    assert sorted(scenario_files()) == sorted(stored("scenarios"))


@pytest.mark.parametrize("name", scenario_files())
def test_a_shipped_scenario_gives_the_same_numbers(name):
    changed = differences(stored("scenarios")[name], tables_print(SCENARIOS / name))
    assert not changed, f"results changed for {name}: {changed[:6]} (after a deliberate change: " \
                        "python tests/fingerprint.py --write)"
