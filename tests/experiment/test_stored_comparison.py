"""compare_schemes(store=...): a comparison kept in a result store is read back as it was run.

The notebooks keep their comparisons this way (notebooks/runs/), so reading one back must give
the very tables a run gives, a second call must compute nothing, a changed comparison must not
read another's runs, and a damaged file must be recomputed, not read.
"""
from __future__ import annotations

import pandas as pd
import pytest

from simkit.arguments import ArgumentError
from simkit.experiment import compare_schemes

from helpers import SCENARIOS

TABLES = ("staff_periods", "bank_periods", "payslips", "loan_applications")
ARMS = {"profit": {}, "payslips only": {"behaviour.learning.foresight.customer_manager": 0.0}}
ONE_MONTH = dict(months=1, replications=2, seed=7, logs=TABLES, executor="serial", workers=None)


def _compare(store=None, **changes):
    base = SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"
    return compare_schemes(base, ARMS, store=store, **{**ONE_MONTH, **changes})


def _computed(folder) -> int:
    return sum(len(p.read_text().splitlines()) for p in folder.glob("*/computed.log"))


@pytest.fixture(scope="module")
def live():
    return _compare()


def _same(a, b):
    for name in ("summary", *TABLES):
        pd.testing.assert_frame_equal(a.table(name), b.table(name), check_exact=True)
    pd.testing.assert_frame_equal(a.per_replication(), b.per_replication(), check_exact=True)
    assert (a.variants, a.seeds, a.label, a.months) == (b.variants, b.seeds, b.label, b.months)


def test_a_stored_comparison_reads_back_as_it_ran(live, tmp_path):
    first = _compare(tmp_path)
    assert _computed(tmp_path) == 4  # two arms × two replications, computed once
    again = _compare(tmp_path)
    assert _computed(tmp_path) == 4  # read back: nothing computed
    _same(live, first)
    _same(live, again)


def test_a_changed_comparison_runs_into_a_folder_of_its_own(tmp_path):
    _compare(tmp_path)
    other = _compare(tmp_path, seed=8)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2
    _same(_compare(seed=8), other)


def test_a_damaged_run_is_computed_again(live, tmp_path, capsys):
    _compare(tmp_path)
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    victim = sorted((folder / "logs").glob("*/payslips.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[:100])  # truncated
    _same(live, _compare(tmp_path))
    assert _computed(tmp_path) == 5  # only the damaged task again
    assert "damaged" in capsys.readouterr().err


@pytest.mark.parametrize("store", [3, "", True])
def test_a_store_that_is_not_a_folder_is_refused_by_name(store):
    with pytest.raises(ArgumentError, match="store"):
        _compare(store)


def test_a_store_inside_a_file_is_refused_before_anything_runs(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ArgumentError, match="store.*file"):
        _compare(tmp_path / "file" / "runs")
