"""Interval bands stay readable near zero: with few replications the interval of a positive
quantity (made on the log scale) can reach hundreds of times its mean; the chart's axis
covers the replications' own values instead, and the band stops at the axis, marked."""
from __future__ import annotations

import re

import pandas as pd

from simkit.dashboard.compute import QUEUE_KIND, _ci_frame
from simkit.dashboard.panels import _series
from simkit.dashboard.svg import Chart, bar_chart, line_chart

_TICKS = re.compile(r'text-anchor="end" font-size="10">([^<]+)</text>')


def _queue(outlier: float) -> pd.DataFrame:
    """Customers waiting over an hour, three replications: two near zero, one with an outlier."""
    minutes = range(540, 600, 5)
    rows = [{"minute": m, "rep": r, "length": value}
            for m in minutes for r, value in enumerate((0.0, 0.1 if m == 560 else 0.0, outlier if m == 560 else 0.5))]
    return pd.DataFrame(rows)


def test_a_near_zero_band_with_one_outlier_does_not_blow_up_the_axis():
    summary = _ci_frame(_queue(8.0), ["minute"], "length", QUEUE_KIND)
    peak = summary.set_index("minute").loc[560]
    assert peak["hi"] > 100, "the log-scale interval of three replications near zero is huge (what is clipped)"
    assert (peak["data_lo"], peak["data_hi"]) == (0.0, 8.0)
    svg = line_chart([_series(summary, "A", x="minute")], Chart("queue", name="queue", clipped_note="beyond"))
    ticks = [float(t) for t in _TICKS.findall(svg)]
    assert max(ticks) <= 10, f"the axis covers the replications' values (0-8), not the interval: {ticks}"
    assert 'data-clipped="1"' in svg and 'data-clipped-note="1"' in svg and ">beyond<" in svg
    # the polygon never leaves the plot area
    points = re.search(r'<polygon data-band="A" data-clipped="1" points="([^"]+)"', svg).group(1)
    ys = [float(p.split(",")[1]) for p in points.split()]
    assert min(ys) >= 30 - 0.05 and max(ys) <= 260 - 44 + 0.05  # inside the top and bottom margins


def test_a_band_inside_the_data_is_drawn_whole_and_unmarked():
    steady = pd.DataFrame([{"minute": m, "rep": r, "length": 4.0 + 0.1 * r} for m in range(0, 30, 5)
                           for r in range(5)])
    summary = _ci_frame(steady, ["minute"], "length", QUEUE_KIND)
    svg = line_chart([_series(summary, "A", x="minute")], Chart("queue", clipped_note="beyond"))
    assert 'data-clipped="0"' in svg and "data-clipped-note" not in svg


def test_charts_without_the_data_range_cover_their_bands():
    svg = line_chart([{"label": "A", "color": "#000", "x": [0, 1], "y": [1.0, 2.0], "lo": [0.5, 1.0],
                       "hi": [30.0, 40.0]}], Chart("t"))
    assert max(float(t) for t in _TICKS.findall(svg)) >= 40 and 'data-clipped="0"' in svg


def test_bar_error_bars_stop_at_the_axis():
    svg = bar_chart(["vip"], [{"label": "A", "color": "#000", "y": [2.0], "lo": [0.1], "hi": [900.0],
                               "data_lo": [0.0], "data_hi": [6.0]}], Chart("waits"))
    assert max(float(t) for t in _TICKS.findall(svg)) <= 10
    assert '<line data-clipped="1"' in svg
