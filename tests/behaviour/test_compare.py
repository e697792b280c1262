"""``simkit compare`` and ``simkit run`` on multi-period scenarios."""
from __future__ import annotations

import numpy as np

from simkit.cli import main
from simkit.compare import compare
from simkit.measure.headline import HEADLINE
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS


def _short(name: str, periods: int = 1):
    return with_overrides(load_scenario(SCENARIOS / "schemes" / f"{name}.yaml"), {"horizon.periods": periods})


def test_compare_table_holds_means_and_paired_differences():
    a, b = _short("fixed_pay"), _short("teller_piece_rate")
    cmp = compare([a, b], reps=2, seed=7, executor="serial")
    table = cmp.table()
    assert list(table.index) == [m for m, *_ in HEADLINE]
    assert list(table.columns) == ["unit", "fixed_pay", "teller_piece_rate", "teller_piece_rate − fixed_pay"]
    runs = cmp.runs.set_index(["scenario", "replication"])
    diff = runs.loc["teller_piece_rate", "staff_pay"] - runs.loc["fixed_pay", "staff_pay"]
    shown = table.loc["staff_pay", "teller_piece_rate − fixed_pay"]
    assert shown.startswith(f"{diff.mean():,.0f}") or shown.startswith(f"{diff.mean() / 1e6:.2f}M")
    # common random numbers: in the first period nobody has learned yet, so replication r of
    # both schemes plays the same choices for the same customers — the branch is identical
    # and only pay differs
    assert np.isfinite(runs["wait_mean"]).all()
    assert runs.loc["teller_piece_rate", "wait_mean"].equals(runs.loc["fixed_pay", "wait_mean"])
    assert not runs.loc["teller_piece_rate", "staff_pay"].equals(runs.loc["fixed_pay", "staff_pay"])


def test_cli_compare_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("brnach: {}\n")
    assert main(["compare", str(SCENARIOS / "baseline.yaml"), str(bad), "--reps", "2"]) == 2
    assert "brnach" in capsys.readouterr().err


def test_cli_run_prints_periods_and_fairness(tmp_path, capsys):
    f = tmp_path / "short.yaml"
    f.write_text(f"extends: {SCENARIOS / 'schemes' / 'teller_piece_rate.yaml'}\nhorizon: {{periods: 1}}\n")
    assert main(["run", str(f), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "the bank, period by period" in out and "fairness over the run" in out and "gini_pay" in out
