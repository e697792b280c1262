"""The tables that print intervals — ``simkit compare`` and the scheme tables of notebooks
04-07 — go through ``simkit.report.intervals``: no impossible bound, clear differences marked."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from simkit.compare import Headlines as Comparison
from simkit.measure.headline import HEADLINE
from simkit.report.schemes import format_ci, mean_ci, paired_diff, say_difference

_NUM = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?M?")


def _numbers(cell: str) -> list[float]:
    out = []
    for t in _NUM.findall(cell):
        mult = 1e6 if t.endswith("M") else 1.0
        out.append(float(t.rstrip("M").replace(",", "").replace("−", "-")) * mult)
    return out


def _runs() -> pd.DataFrame:
    """Two scenarios × 2 replications whose numbers sit near their bounds, where a
    symmetric t interval at 2 replications (t = 12.7) reaches impossible values."""
    rng = np.random.default_rng(3)
    rows = []
    for s, shift in (("a", 0.0), ("b", 1.0)):
        for r in range(2):
            row = {"scenario": s, "replication": r}
            for name, unit, _ in HEADLINE:
                if unit == "%":
                    row[name] = float(np.clip(rng.normal(3 + 90 * (name == "served_within_10"), 2), 0, 100))
                elif unit == "0-1":
                    row[name] = float(rng.uniform(0.0, 0.1))
                elif name in ("profit", "staff_pay"):
                    row[name] = float(rng.normal(1000 * shift, 5000))
                else:
                    row[name] = float(rng.exponential(10.0))
            rows.append(row)
    return pd.DataFrame(rows)


def test_compare_table_never_shows_an_impossible_bound():
    runs = _runs()
    table = Comparison(["a", "b"], runs, 0.95).table()
    for name, unit, _ in HEADLINE:
        for col in ("a", "b"):
            nums = _numbers(table.loc[name, col])
            assert len(nums) == 3, table.loc[name, col]
            if name in ("profit", "staff_pay"):  # pay and profit may be negative
                continue
            hi = 100.0 if unit == "%" else (1.0 if unit == "0-1" else np.inf)
            assert all(0.0 <= v <= hi for v in nums), (name, col, table.loc[name, col])
        d = _numbers(table.loc[name, "b − a"])
        if unit == "%":
            assert all(-100 <= v <= 100 for v in d)
    # a symmetric t interval would have gone below 0 for these: check one really would have
    from simkit.experiment.summary import t_interval
    assert t_interval(runs.loc[runs["scenario"] == "a", "npl_ratio"])[1] < 0


def test_compare_marks_clear_differences():
    runs = _runs()
    runs.loc[runs["scenario"] == "b", "wait_mean"] = runs.loc[runs["scenario"] == "a", "wait_mean"].to_numpy() + [5, 5.1]
    table = Comparison(["a", "b"], runs, 0.95).table()
    assert table.loc["wait_mean", "b − a"].endswith(" *")
    assert not any(str(c).endswith("*") for c in table["a"])


def _per_rep() -> pd.DataFrame:
    return pd.DataFrame({
        "scheme": ["A"] * 3 + ["B"] * 3, "replication": [0, 1, 2] * 2,
        "NPL ratio": [0.0, 0.001, 0.02, 0.03, 0.05, 0.04],
        "approved (%)": [97.0, 99.5, 92.0, 60.0, 70.0, 65.0],
        "rank corr. pay ~ contribution": [0.9, 0.99, 0.5, -0.2, 0.3, 0.1],
        "pay": [-100.0, 50.0, 20.0, 300.0, 400.0, 350.0],
        "odd share": [0.5, 2.0, 1.0, 0.5, 0.5, 0.6],  # named like a share, is not one
    })


def test_mean_ci_respects_each_measures_range():
    out = mean_ci(_per_rep()).set_index(["scheme", "measure"])
    assert out.loc[("A", "NPL ratio"), "kind"] == "share" and out.loc[("A", "NPL ratio"), "low"] > 0
    assert out.loc[("A", "approved (%)"), "scale"] == 100 and out.loc[("A", "approved (%)"), "high"] < 100
    assert out.loc[("A", "rank corr. pay ~ contribution"), "high"] < 1
    assert out.loc[("A", "pay"), "kind"] == "real" and out.loc[("A", "pay"), "low"] < 0
    assert out.loc[("A", "odd share"), "kind"] == "real"  # the values leave [0, 1]: fall back to t
    with pytest.raises(ValueError):
        mean_ci(_per_rep(), kinds={"odd share": "share"})  # a kind given is not second-guessed


def test_paired_diff_marks_clear_and_format_ci_stars_it():
    d = paired_diff(_per_rep(), reference="A").set_index("measure")
    assert bool(d.loc["approved (%)", "clear"]) and d.loc["approved (%)", "low"] >= -100
    assert not bool(d.loc["NPL ratio", "clear"])
    t = format_ci(paired_diff(_per_rep(), reference="A"))
    assert t.loc["approved (%)", "B"].endswith(" *") and not t.loc["NPL ratio", "B"].endswith("*")
    assert "lower than" in say_difference(d.loc["approved (%)"], "Approval", "under A")
    assert "not distinguishable" in say_difference(d.loc["NPL ratio"], "NPL", "under A")


def test_format_ci_never_prints_an_impossible_bound():
    t = format_ci(mean_ci(_per_rep()))
    for col in ("A", "B"):
        assert all(0 <= v <= 1 for v in _numbers(t.loc["NPL ratio", col]))
        assert all(0 <= v <= 100 for v in _numbers(t.loc["approved (%)", col]))
        assert all(-1 <= v <= 1 for v in _numbers(t.loc["rank corr. pay ~ contribution", col]))


def test_a_number_that_leaves_its_range_falls_back_to_student_t():
    runs = _runs()
    runs.loc[runs["scenario"] == "a", "gini_teller"] = [1.2, 0.9]  # negative pay: a Gini above 1
    table = Comparison(["a", "b"], runs, 0.95).table()  # no error
    nums = _numbers(table.loc["gini_teller", "a"])
    assert nums[2] > 1.2  # the plain t interval, nothing claimed about a range
