"""The notebooks' kept comparisons (notebooks/runs/NN/) are still what the model gives.

Notebooks 04-06 keep their comparisons (``compare_schemes(..., store=RUNS)``) and nbval reads
them back, so a change of the model that keeps the scenarios would leave old numbers on the
page with every stored output still matching. Here one task of every kept comparison (its last
arm's last replication) runs again and must give the stored tables: every label exactly, every
number to ``simkit.library.truth.RTOL`` (the last bits differ between machine kinds).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simkit.experiment.store import ResultStore
from simkit.experiment.tasks import Task, run_task, task_id
from simkit.library.truth import RTOL
from simkit.scenario import Scenario

from helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
FOLDERS = sorted(p.parent for p in (NOTEBOOKS / "runs").glob("*/*/manifest.json"))
FRESH = "python scripts/run_notebooks.py --fresh-runs {nn}"
RUNNER = load_script("scripts", "run_notebooks")  # it knows how a notebook keeps its runs


def _same_table(stored: pd.DataFrame, again: pd.DataFrame) -> str | None:
    """None if ``again`` is ``stored`` (labels exactly, floats to RTOL), else the first difference."""
    if list(stored.columns) != list(again.columns) or len(stored) != len(again):
        return f"shape {stored.shape} with columns {list(stored.columns)[:5]}..., now {again.shape}"
    for column in stored.columns:
        a, b = stored[column].reset_index(drop=True), again[column].reset_index(drop=True)
        if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
            ok = np.isclose(a.to_numpy(), b.to_numpy(), rtol=RTOL, atol=0.0, equal_nan=True)
            if not ok.all():
                i = int(np.argmin(ok))
                return f"column {column!r}, row {i}: stored {a[i]!r}, now {b[i]!r}"
        elif not a.astype(object).equals(b.astype(object)):
            return f"column {column!r} differs"
    return None


def test_each_notebook_keeps_one_folder_a_comparison():
    """A notebook's comparison or sweep that changed leaves its old folder behind: --fresh-runs clears it."""
    for twin in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")):
        nn = twin.stem[:2]
        calls = RUNNER.kept_calls(twin)
        kept = [p for p in FOLDERS if p.parent.name == nn]
        assert len(kept) == calls, (f"{twin.name} keeps {calls} comparison(s), notebooks/runs/{nn} holds {len(kept)}; "
                                    f"re-record with: {FRESH.format(nn=nn)}")


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{p.parent.name}-{p.name}" for p in FOLDERS])
def test_a_kept_run_is_what_the_model_gives(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    row = manifest["tasks"][-1]
    scenario = Scenario.model_validate_json(json.dumps(manifest["points"][row["point"]]["scenario"]))
    assert task_id(scenario, row["seed"], manifest["days"]) == row["id"], "the stored scenario reads back changed"
    task = Task(row["id"], row["point"], row["replication"], scenario, row["seed"], manifest["days"],
                tuple(manifest["logs"]))
    again = run_task(task)
    stored = ResultStore.read(folder).task_tables(row["id"], ("summary", *manifest["logs"]))
    for name, table in stored.items():
        problem = _same_table(table, again[name])
        assert problem is None, (f"{folder.relative_to(ROOT)}: the {name} table of task {row['id']} is not what the "
                                 f"model gives now ({problem}); the model changed since the runs were kept: "
                                 f"{FRESH.format(nn=folder.parent.name)}")


def test_the_comparison_finds_a_changed_number_and_forgives_the_last_bits():
    folder = FOLDERS[0]
    tid = json.loads((folder / "manifest.json").read_text())["tasks"][0]["id"]
    table = ResultStore.read(folder).task_tables(tid, ("summary",))["summary"]
    assert _same_table(table, table.copy()) is None
    noisy, changed, relabelled = table.copy(), table.copy(), table.copy()
    values = noisy["value"].to_numpy()
    noisy["value"] = np.where(values != 0, np.nextafter(values, np.inf), values)  # one unit in the last place
    # (an exact 0 must stay 0, as in simkit.library.truth.close: its last place is a denormal)
    assert _same_table(table, noisy) is None
    changed.loc[len(changed) // 2, "value"] *= 1 + 1e-8
    assert "column 'value'" in _same_table(table, changed)
    relabelled.loc[0, "metric"] = "another"
    assert "column 'metric'" in _same_table(table, relabelled)
    assert "shape" in _same_table(table, table.iloc[1:])
