"""Minimal meaningful differences (``simkit.report.meaningful``) and the verdict that uses
them (``simkit.report.intervals.verdict``): a difference is called clear only when its
interval excludes zero *and* it is large enough to matter."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from simkit.compare import _diff_cell
from simkit.dashboard.compute import KPIS
from simkit.experiment.summary import paired_differences
from simkit.measure.headline import HEADLINE
from simkit.report.intervals import VERDICTS, clear, difference, verdict
from simkit.report.meaningful import NO_MINIMAL, PATTERNS, SIZES, MinimalSize, lookup, minimal, normalise
from simkit.report.schemes import format_ci, paired_diff, say_difference


def _registered() -> list[MinimalSize]:
    return list(SIZES.values()) + [size for _, size in PATTERNS if size is not None]


@pytest.mark.parametrize("size", _registered(), ids=lambda s: f"{s.size:g} {s.unit}")
def test_every_registered_size_is_positive_and_says_why(size):
    assert math.isfinite(size.size) and size.size > 0
    assert size.unit.strip() and len(size.reason.split()) >= 6, "a size needs its unit and a stated reason or source"
    if size.share:
        assert size.size < 1, "a share's size is a fraction of 1"


def test_every_kpi_the_dashboard_and_compare_show_has_a_size():
    for name in [*KPIS, *(name for name, _, _ in HEADLINE)]:
        assert lookup(name) is not None, name


def test_names_match_exactly_then_by_pattern():
    assert minimal("wait_mean") == 1.0 and minimal("kpi.wait_mean") == 1.0
    assert minimal("satisfaction_mean") == 0.5
    assert minimal("npl_ratio") == pytest.approx(0.001)
    assert minimal("NPL ratio, last month (%)", scale=100.0) == pytest.approx(0.1)  # the same 0.1 pp
    assert minimal("approved (%)", scale=100.0) == pytest.approx(1.0)
    assert minimal("choice.pace") == minimal("pace (learned)") == 0.05
    assert minimal("policy.screening") == 0.05
    assert minimal("kpi.sales.fund") == 1.0  # per-product sales columns
    assert minimal("pay") == 100.0 and minimal("pay gap richest − poorest book ¥") == 100.0
    assert minimal("rank corr. pay ~ contribution") == 0.1  # a correlation, not pay
    assert minimal("Gini of pay") == 0.01
    assert normalise("KPI.Wait_Mean") == "wait_mean"


def test_unknown_metrics_get_no_silent_number():
    for name in ("something new", "bad risks among loans made (%)", "transactions per teller-month"):
        assert lookup(name) is None and math.isnan(minimal(name))
    assert NO_MINIMAL == "no minimal size registered"


# ------------------------------------------------------------------ verdicts
def test_zero_in_both_arms_is_none_in_either_arm():
    a, b = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    assert verdict(*difference(a, b), minimal=1.0, arms=(a, b)) == "none"
    # the same zero interval with arms that are equal but not zero is no "none"
    assert verdict(*difference([2.0, 3.0, 4.0], [2.0, 3.0, 4.0]), minimal=1.0, arms=([2, 3, 4], [2, 3, 4])) == "unclear"


def test_tiny_but_excluding_zero_is_small():
    a = np.array([7.00, 7.10, 7.20, 6.90])
    b = a + np.array([0.019, 0.021, 0.020, 0.020])  # satisfaction +0.02 of 10, very steady
    m, lo, hi = difference(a, b)
    assert clear(lo, hi), "the interval alone would call it a difference"
    assert verdict(m, lo, hi, minimal=minimal("satisfaction_mean"), arms=(a, b)) == "small"
    wait = difference([5.0, 6.0, 7.0], [4.9, 5.9, 6.9])  # a wait 6 seconds shorter
    assert verdict(*wait, minimal=minimal("wait_mean")) == "small"


def test_large_and_excluding_zero_is_clear():
    m, lo, hi = difference([5.0, 6.0, 7.0], [8.0, 9.2, 10.1])
    assert verdict(m, lo, hi, minimal=minimal("wait_mean")) == "clear"
    assert verdict(-m, -hi, -lo, minimal=1.0) == "clear"  # either sign
    assert verdict(m, lo, hi, minimal=math.nan) == "clear"  # no size registered: the interval alone


def test_straddling_zero_is_unclear_however_large():
    m, lo, hi = difference([5.0, 9.0, 2.0], [6.0, 4.0, 18.0])
    assert lo < 0 < hi and abs(m) > 1
    assert verdict(m, lo, hi, minimal=1.0) == "unclear"


def test_nan_is_unclear():
    assert verdict(math.nan, math.nan, math.nan, minimal=1.0) == "unclear"
    assert verdict(*difference([1.0], [3.0]), minimal=1.0) == "unclear"  # one replication: no interval
    assert verdict(2.0, math.nan, 3.0, minimal=1.0) == "unclear"
    assert set(VERDICTS) == {"clear", "small", "unclear", "none"}


# ------------------------------------------------------------------ every display path uses the verdict
def _arms() -> pd.DataFrame:
    return pd.DataFrame({
        "scheme": ["A"] * 3 + ["B"] * 3, "replication": [0, 1, 2] * 2,
        "wait_mean": [5.0, 6.0, 7.0, 4.9, 5.9, 6.9],  # 6 seconds shorter, every time: small
        "satisfaction": [7.0, 7.5, 6.0, 8.5, 9.0, 7.6],  # +1.5 points: clear
        "complaints": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],  # none in either arm
        "something new": [1.0, 2.0, 3.0, 2.0, 3.0, 4.1],  # clear by the interval, no size registered
    })


def test_paired_diff_format_ci_and_say_difference_follow_the_verdict():
    d = paired_diff(_arms(), reference="A").set_index("measure")
    assert list(d.loc[["wait_mean", "satisfaction", "complaints", "something new"], "verdict"]) == \
        ["small", "clear", "none", "clear"]
    assert list(d.loc[["wait_mean", "satisfaction"], "clear"]) == [False, True]
    assert d.loc["wait_mean", "minimal"] == 1.0 and math.isnan(d.loc["something new", "minimal"])
    t = format_ci(paired_diff(_arms(), reference="A"))
    assert t.loc["wait_mean", "B"].endswith(" (small)") and t.loc["satisfaction", "B"].endswith(" *")
    assert t.loc["complaints", "B"].endswith(" (none)")
    small = say_difference(d.loc["wait_mean"], "The wait", "under A")
    assert "too little to matter" in small and "below the minimal meaningful difference of 1.000" in small
    big = say_difference(d.loc["satisfaction"], "Satisfaction", "under A")
    assert big.startswith("Satisfaction is higher than under A") and "interval excludes 0" in big
    assert "at least the minimal meaningful difference of 0.500" in big
    assert "none in either arm" in say_difference(d.loc["complaints"], "Complaints", "under A")
    assert NO_MINIMAL in say_difference(d.loc["something new"], "It", "under A")


def test_sweep_differences_carry_minimal_and_verdict_beside_clear():
    def tidy(values, metric):
        return pd.DataFrame({"replication": range(len(values)), "scope": "run", "period": pd.NA, "role": pd.NA,
                             "metric": metric, "value": values})
    a = pd.concat([tidy([5.0, 6.0, 7.0], "wait_mean"), tidy([7.0, 7.5, 6.0], "satisfaction_mean")])
    b = pd.concat([tidy([4.9, 5.9, 6.9], "wait_mean"), tidy([8.5, 9.0, 7.6], "satisfaction_mean")])
    out = paired_differences(a, b).set_index("metric")
    assert list(out.columns[-3:]) == ["minimal", "verdict", "clear"]
    assert out.loc["wait_mean", "verdict"] == "small" and not out.loc["wait_mean", "clear"]
    assert out.loc["satisfaction_mean", "verdict"] == "clear" and out.loc["satisfaction_mean", "clear"]


def test_compare_marks_only_meaningful_differences_with_a_star():
    assert _diff_cell(pd.Series([5.0, 6.0, 7.0]), pd.Series([4.9, 5.9, 6.9]), "wait_mean", "positive", 1.0,
                      0.95).endswith(" °")
    assert _diff_cell(pd.Series([5.0, 6.0, 7.0]), pd.Series([8.0, 9.2, 10.1]), "wait_mean", "positive", 1.0,
                      0.95).endswith(" *")
    assert not _diff_cell(pd.Series([0.0, 0.0]), pd.Series([0.0, 0.0]), "quits", "positive", 1.0,
                          0.95).endswith(("*", "°"))
