"""``simkit report DIR`` and the shipped sweep files."""
from __future__ import annotations

import pytest

from simkit import cli
from simkit.experiment import confidence_intervals, load_sweep, run_sweep

from helpers import ROOT


@pytest.mark.parametrize("path", sorted((ROOT / "sweeps").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_sweep_files_are_valid(path):
    sweep = load_sweep(path)
    assert len(sweep) >= 6 and sweep.replications >= 2


def test_report_prints_means_with_intervals(mmc_sweep, tmp_path, capsys):
    out = tmp_path / "rates"
    res = run_sweep(load_sweep(mmc_sweep), out, executor="serial", progress=False)
    assert cli.main(["report", str(out), "--metric", "wait_*", "--level", "0.9"]) == 0
    text = capsys.readouterr().out
    assert "12 of 12 tasks finished (3 points x 4 replications" in text and "90% Student-t" in text
    assert "hourly=30.0" in text and "hourly=43.2" in text and "wait_mean" in text and "customers" not in text
    ci = confidence_intervals(res.summary.drop(columns="task"), 0.9)
    row = ci[(ci["metric"] == "wait_mean") & (ci["point"] == 2)].iloc[0]
    assert f"{row['mean']:.4g} ± {(row['ci_high'] - row['ci_low']) / 2:.2g} (n=4)" in text
    csv = tmp_path / "all.csv"
    assert cli.main(["report", str(out), "--long", "--csv", str(csv)]) == 0
    assert csv.read_text().count("\n") == len(ci) + 1


def test_report_on_a_folder_without_a_sweep_says_so(tmp_path, capsys):
    assert cli.main(["report", str(tmp_path)]) == 2
    assert "no manifest.json here" in capsys.readouterr().err
