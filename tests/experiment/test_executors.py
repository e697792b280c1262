"""The same sweep gives bit-identical results serially, on local processes and on Dask.

The sweep is multi-period (a teller piece-rate scheme cut to 2 monthly periods, tellers
learning between them; the branch opens on Mondays only, which keeps the test fast while
every period still has its days, payslips, books and learning step), so per-period bank
rows and staff role means are compared too, as are the full ``bank_periods`` tables it
keeps. Equality is exact (``check_exact``):
a task's numbers depend only on its scenario and seed, never on where it ran.
"""
from __future__ import annotations

import pandas as pd
import pytest

from simkit.experiment import ResultStore, load_sweep, run_sweep

from experiment.conftest import PIECE_RATE_MONTHS, write_sweep


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("executors")
    write_sweep(folder, PIECE_RATE_MONTHS)
    return folder


@pytest.fixture(scope="module")
def results(folder):
    sweep = load_sweep(folder / "sweep.yaml")
    out = {}
    for kind in ("serial", "processes", "dask"):
        res = run_sweep(sweep, folder / kind, executor=kind, workers=2, progress=False)
        out[kind] = (res.summary, res.logs("bank_periods"))
    return out


def test_summaries_cover_multi_period_runs(results):
    summary, _ = results["serial"]
    assert set(summary["scope"]) == {"run", "bank", "staff"}
    assert set(summary.loc[summary["scope"] != "run", "period"]) == {0, 1}
    assert set(summary.loc[summary["scope"] == "staff", "role"]) == {"teller", "lobby_manager", "customer_manager"}
    assert sorted(summary["replication"].unique()) == [0, 1]
    assert sorted(summary["pay.teller.components.1.per_transaction"].unique()) == [0.5, 3.0]
    # the piece rate reaches the payslip: tellers earn more per transaction at ¥3 than at ¥0.5
    pay = summary[(summary["scope"] == "staff") & (summary["role"] == "teller") & (summary["metric"] == "pay")]
    by_rate = pay.groupby("pay.teller.components.1.per_transaction")["value"].mean()
    assert by_rate[3.0] > by_rate[0.5]


@pytest.mark.parametrize("kind", ["processes", "dask"])
def test_identical_to_serial(results, kind):
    pd.testing.assert_frame_equal(results[kind][0], results["serial"][0], check_exact=True)
    pd.testing.assert_frame_equal(results[kind][1], results["serial"][1], check_exact=True)


def test_store_holds_one_file_per_task_and_a_manifest(results, folder):
    folder = folder / "serial"
    store = ResultStore.read(folder)
    m = store.manifest
    assert len(m["tasks"]) == 4 and len(m["points"]) == 2
    assert m["simkit"] and all(t["seed"]["spawn_key"] == [t["replication"]] for t in m["tasks"])
    assert {p.stem for p in (folder / "tasks").glob("*.parquet")} == {t["id"] for t in m["tasks"]}
    assert not list(folder.glob("**/*.tmp"))
    # the manifest's resolved scenarios carry the swept value
    rates = [p["scenario"]["pay"]["teller"]["components"][1]["per_transaction"] for p in m["points"]]
    assert rates == [0.5, 3.0]


def test_dask_scheduler_address_from_the_command_line(mmc_sweep, tmp_path, capsys):
    """``simkit sweep --executor dask --address tcp://...`` uses that scheduler."""
    from distributed import LocalCluster

    from simkit import cli

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        status = cli.main(["sweep", str(mmc_sweep), "--executor", "dask", "--address", cluster.scheduler_address,
                           "--out", str(tmp_path / "dask"), "--no-progress"])
    assert status == 0, capsys.readouterr().err
    serial = run_sweep(load_sweep(mmc_sweep), tmp_path / "serial", executor="serial", progress=False)
    pd.testing.assert_frame_equal(ResultStore.read(tmp_path / "dask").summary(), serial.summary, check_exact=True)
    assert cli.main(["sweep", str(mmc_sweep), "--address", "tcp://x:1", "--out", str(tmp_path / "x")]) == 2
