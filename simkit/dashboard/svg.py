"""Tiny SVG charts drawn as text.

Why not matplotlib: the labels must switch between English and Chinese, and a server or
CI machine rarely has a CJK font for matplotlib, while every browser that shows the
dashboard has one. Text in SVG is drawn by the browser. The charts also carry their
numbers as ``data-*`` attributes, so the browser test can read what is drawn.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

COLORS = {"A": "#1f77b4", "B": "#d62728"}
W, H = 440, 260
_M = dict(left=58, right=12, top=30, bottom=44)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering [lo, hi] (1-2-5 steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / n
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks, v = [], start
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 12))
        v += step
    if ticks[-1] < hi:
        ticks.append(ticks[-1] + step)
    return ticks


#: large numbers the way each language groups them: thousands and millions in English, 万
#: (10⁴) and 亿 (10⁸) in Chinese, the units a Chinese reader counts money and people in
#: (from, unit, divided by)
_UNITS = {"en": ((1e6, "M", 1e6), (1e4, "k", 1e3)), "zh": ((1e8, "亿", 1e8), (1e4, "万", 1e4))}
#: Simplified Chinese faces first, so Chinese is drawn in mainland forms even where the browser's
#: default CJK face is the Japanese one (Noto Sans CJK JP on Debian); then Latin generic
SC_FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", '
            '"Microsoft YaHei", sans-serif')
#: the ``lang`` attribute of each dashboard language (browsers pick CJK glyph forms by it)
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def tick_text(v: float, lang: str = "en") -> str:
    """An axis tick in ``lang``: ``200k`` / ``1.5M`` in English, ``20万`` / ``1.5亿`` in Chinese;
    numbers under 10,000 as they are."""
    for at, name, scale in _UNITS[lang]:
        if abs(v) >= at:
            return f"{v / scale:g}{name}"
    return f"{v:g}"


@dataclass(frozen=True)
class Chart:
    """What a chart says and how big it is: its title and axis labels, the name the page and
    its tests find it by (``data-chart``), its size in pixels and how x ticks are written
    (bar charts label their categories instead)."""

    title: str
    xlabel: str = ""
    ylabel: str = ""
    name: str = "chart"
    width: int = W
    height: int = H
    xtick_fmt: Callable[[float], str] | None = None  # None: numbers as ``tick_text`` writes them in ``lang``
    lang: str = "en"
    clipped_note: str = ""  # said on a line chart whose interval band runs beyond its axis (``line_chart``)


class _Frame:
    def __init__(self, xs, ys, width=W, height=H):
        self.w, self.h = width, height
        self.xt = nice_ticks(min(xs), max(xs)) if xs else [0, 1]
        self.yt = nice_ticks(min(ys + [0.0]), max(ys + [0.0])) if ys else [0, 1]
        self.x0, self.x1 = self.xt[0], self.xt[-1]
        self.y0, self.y1 = self.yt[0], self.yt[-1]

    def px(self, x):
        return _M["left"] + (x - self.x0) / ((self.x1 - self.x0) or 1) * (self.w - _M["left"] - _M["right"])

    def py(self, y):
        return self.h - _M["bottom"] - (y - self.y0) / ((self.y1 - self.y0) or 1) * (self.h - _M["top"] - _M["bottom"])

    def axes(self, title, xlabel, ylabel, xtick_fmt=None, lang="en") -> list[str]:
        xtick_fmt = xtick_fmt or (lambda v: tick_text(v, lang))
        out = [f'<text x="{self.w / 2:.0f}" y="18" text-anchor="middle" font-size="13" font-weight="bold">'
               f'{escape(title)}</text>']
        for y in self.yt:
            py = self.py(y)
            out.append(f'<line x1="{_M["left"]}" x2="{self.w - _M["right"]}" y1="{py:.1f}" y2="{py:.1f}" '
                       f'stroke="#e5e5e5"/><text x="{_M["left"] - 4}" y="{py + 4:.1f}" text-anchor="end" '
                       f'font-size="10">{tick_text(y, lang)}</text>')
        for x in self.xt:
            px = self.px(x)
            out.append(f'<text x="{px:.1f}" y="{self.h - _M["bottom"] + 14}" text-anchor="middle" '
                       f'font-size="10">{escape(xtick_fmt(x))}</text>')
        out.append(f'<line x1="{_M["left"]}" x2="{self.w - _M["right"]}" y1="{self.py(self.y0):.1f}" '
                   f'y2="{self.py(self.y0):.1f}" stroke="#333"/>')
        out.append(f'<text x="{(self.w + _M["left"]) / 2:.0f}" y="{self.h - 8}" text-anchor="middle" '
                   f'font-size="11">{escape(xlabel)}</text>')
        out.append(f'<text transform="translate(13,{(self.h - _M["bottom"] + _M["top"]) / 2:.0f}) rotate(-90)" '
                   f'text-anchor="middle" font-size="11">{escape(ylabel)}</text>')
        return out


def _legend(names_colors, width) -> list[str]:
    out, x = [], width - _M["right"] - 8
    for name, color in reversed(names_colors):
        x -= 10 + 7 * len(name) + 18
        out.append(f'<rect x="{x:.0f}" y="{_M["top"] - 4}" width="12" height="8" fill="{color}"/>'
                   f'<text x="{x + 16:.0f}" y="{_M["top"] + 4}" font-size="10">{escape(name)}</text>')
    return out


def _axis_values(series: list[dict], low: str = "lo", high: str = "hi") -> list[float]:
    """The values a chart's y axis must cover: every mean, and for each series its
    replications' own range (``data_lo``, ``data_hi``) when it has one, else its interval
    (``low``, ``high``)."""
    keys = lambda line: ("data_lo", "data_hi") if "data_lo" in line else (low, high)  # noqa: E731
    return [float(v) for line in series for key in ("y", *keys(line)) for v in line.get(key, []) if v == v]


def _band(line: dict, frame: _Frame) -> tuple[str, bool]:
    """The polygon of a series' interval band, its ends held inside the axis, and whether
    any end had to be held (the band then carries ``data-clipped="1"``)."""
    band = [(x, lo, hi) for x, lo, hi in zip(line["x"], line.get("lo", []), line.get("hi", []))
            if lo == lo and hi == hi]
    if len(band) < 2:
        return "", False
    low, high = min(frame.y0, frame.y1), max(frame.y0, frame.y1)
    clipped = any(lo < low or hi > high for _, lo, hi in band)
    inside = [(x, min(max(lo, low), high), min(max(hi, low), high)) for x, lo, hi in band]
    poly = ([(frame.px(x), frame.py(hi)) for x, _, hi in inside]
            + [(frame.px(x), frame.py(lo)) for x, lo, _ in reversed(inside)])
    return (f'<polygon data-band="{escape(line["label"])}" data-clipped="{int(clipped)}" '
            f'points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in poly)}" fill="{line["color"]}" '
            f'fill-opacity="0.15" stroke="none"/>'), clipped


def line_chart(series: list[dict], chart: Chart) -> str:
    """Lines with shaded confidence bands. Each series: ``label, color, x, y``, optionally
    ``lo, hi`` (the interval; NaN bounds are skipped) and ``data_lo, data_hi`` (the
    replications' own smallest and largest value at each x).

    The y axis covers the means and, when given, the replications' own range, not the
    interval's ends; a band reaching beyond the axis is drawn up to its edge, marked
    ``data-clipped="1"``, and the chart says so (``Chart.clipped_note``). Why: for a
    positive quantity the interval is made on the log scale (``simkit.report.intervals``),
    and with few replications its upper end near zero can be hundreds of times the mean
    (a queue of 0-8 customers whose band reaches 3,000): an axis stretched to it would
    flatten every curve. The interval itself is unchanged and still in the KPI table and
    the downloads. Without ``data_lo``/``data_hi`` the axis covers the bands."""
    xs = [float(v) for line in series for v in line["x"]]
    frame = _Frame(xs, _axis_values(series), chart.width, chart.height)
    out = frame.axes(chart.title, chart.xlabel, chart.ylabel, chart.xtick_fmt, chart.lang)
    any_clipped = False
    for line in series:
        points = [(frame.px(x), frame.py(y)) for x, y in zip(line["x"], line["y"]) if y == y]
        polygon, clipped = _band(line, frame)
        any_clipped |= clipped
        if polygon:
            out.append(polygon)
        if len(points) == 1:
            out.append(f'<circle cx="{points[0][0]:.1f}" cy="{points[0][1]:.1f}" r="3" fill="{line["color"]}"/>')
        out.append(f'<polyline data-series="{escape(line["label"])}" '
                   f'data-y="{",".join(f"{v:.6g}" for v in line["y"])}" '
                   f'points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in points)}" fill="none" stroke="{line["color"]}" '
                   f'stroke-width="2"/>')
    out += _legend([(line["label"], line["color"]) for line in series], chart.width)
    if any_clipped and chart.clipped_note:
        out.append(f'<text data-clipped-note="1" x="{_M["left"] + 4}" y="{_M["top"] + 14}" font-size="10" '
                   f'fill="#555">{escape(chart.clipped_note)}</text>')
    return _svg(out, chart)


def bar_chart(categories: list[str], groups: list[dict], chart: Chart) -> str:
    """Grouped bars with error bars. Each group: ``label, color, y, lo, hi`` (one value per
    category) and optionally ``data_lo, data_hi`` (the replications' own range), which the
    axis then covers instead of the error bars' ends; an error bar beyond the axis stops at
    its edge, marked ``data-clipped="1"`` (why: ``line_chart``)."""
    frame = _Frame([0.0, 1.0], _axis_values(groups), chart.width, chart.height)
    frame.xt = []
    out = frame.axes(chart.title, "", chart.ylabel, lang=chart.lang)
    slot = (chart.width - _M["left"] - _M["right"]) / max(1, len(categories))
    bar_width = slot * 0.8 / max(1, len(groups))
    missing = [math.nan] * len(categories)
    for i, category in enumerate(categories):
        x0 = _M["left"] + i * slot + slot * 0.1
        out.append(f'<text x="{x0 + slot * 0.4:.1f}" y="{chart.height - _M["bottom"] + 14}" text-anchor="middle" '
                   f'font-size="10">{escape(category)}</text>')
        for j, group in enumerate(groups):
            y, lo, hi = group["y"][i], group.get("lo", missing)[i], group.get("hi", missing)[i]
            if y != y:
                continue
            x = x0 + j * bar_width
            top, base = frame.py(max(y, 0.0)), frame.py(min(y, 0.0))
            out.append(f'<rect data-series="{escape(group["label"])}" data-category="{escape(category)}" '
                       f'data-y="{y:.6g}" x="{x:.1f}" y="{top:.1f}" width="{bar_width * 0.9:.1f}" '
                       f'height="{max(0.5, base - top):.1f}" fill="{group["color"]}" fill-opacity="0.8"/>')
            if lo == lo and hi == hi:
                middle = x + bar_width * 0.45
                low, high = min(frame.y0, frame.y1), max(frame.y0, frame.y1)
                clipped = int(lo < low or hi > high)
                lo, hi = min(max(lo, low), high), min(max(hi, low), high)
                out.append(f'<line data-clipped="{clipped}" x1="{middle:.1f}" x2="{middle:.1f}" '
                           f'y1="{frame.py(lo):.1f}" y2="{frame.py(hi):.1f}" stroke="#222"/>')
    out += _legend([(group["label"], group["color"]) for group in groups], chart.width)
    return _svg(out, chart)


def _svg(parts: list[str], chart: Chart) -> str:
    """The standalone SVG (also downloaded): its language and, in Chinese, the Simplified
    Chinese faces named, so it draws mainland glyph forms outside the page too."""
    font = SC_FONTS.replace('"', "'") if chart.lang == "zh" else "sans-serif"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" data-chart="{escape(chart.name)}" '
            f'lang="{HTML_LANG[chart.lang]}" width="{chart.width}" height="{chart.height}" '
            f'viewBox="0 0 {chart.width} {chart.height}" font-family="{font}">' + "".join(parts) + "</svg>")
