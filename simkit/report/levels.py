"""Levels against sources: the model's pay, working days, teller transactions, turnover,
complaints, NPL ratio and loans per customer manager beside what published sources say.

A practitioner judges a model first by its levels: a branch where everyone works 31 days a
month or a manager grants 300 loans a year is off before any effect is measured. The table
``levels`` builds puts each level's model figure (mean and 95 % interval over the runs,
one run per seed) beside a sourced real-world figure, and a verdict computed from the two:

* ``within`` — the model's interval (its mean, with one run) meets the source's range;
* ``above ×N`` — the interval lies wholly above it; N = model mean / top of the range;
* ``below ×N`` — wholly below it; N = bottom of the range / model mean ("below (model 0)"
  when the model's figure is 0);
* ``no source`` — no figure was found to compare with (the row says so in ``citation``).

Every source figure is in ``SOURCES`` with where it comes from (a seed document — the
seeds are listed in ``docs/sources.md`` — a regulation, a regulator's statistic, a web page),
the passage it rests on, how sure it is, and what makes it only roughly comparable. A figure
that could not be checked says so; a level without a source has none rather than an invented one.

>>> import simkit                                                               # doctest: +SKIP
>>> runs = [simkit.run("scenarios/schemes/fixed_pay.yaml", seed=s) for s in (1, 2)]  # doctest: +SKIP
>>> levels(runs)[["level", "model", "source", "verdict"]]                       # doctest: +SKIP
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..arguments import ArgumentError
from ..results import Results
from ..vocabulary import PERIOD_MONTHS
from .intervals import describe, interval

__all__ = ["Source", "Level", "SOURCES", "LEVELS", "NO_SOURCE", "levels", "verdict", "levels_markdown"]

#: the words a row without a source figure carries in its citation
NO_SOURCE = "no source found"


@dataclass(frozen=True)
class Source:
    """A real-world figure for one level: the range ``low``-``high`` in the level's unit
    (``high == low`` for a single figure, ``math.inf`` for "at least ``low``"; both None
    when no figure was found); where it comes from (``citation``: a seed and its file, a
    regulation, a regulator's statistic, a web page's address), the passage it rests on in
    the original's words (``quote``), how sure it is (``confidence``), what limits the
    comparison (``note``) and, for a seed passage that ``docs/sources.md`` holds, its anchor
    there (``anchor``)."""

    low: float | None
    high: float | None
    citation: str
    quote: str
    confidence: str
    note: str = ""
    anchor: str = ""

    @property
    def has_figure(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class Level:
    """One row of the table: its ``name``, ``unit``, the interval kind and scale of the
    quantity (``simkit.report.intervals.interval``) and ``measure``, the function that
    reads one run's figure from its ``simkit.Results``."""

    name: str
    unit: str
    kind: str
    scale: float
    measure: Callable[[Results], float]


# ------------------------------------------------------------------------------ sources
_PAY_NOTE = ("model: pay earned a month (paid now plus held back), mean over the role's person-months; "
             "sources mix pay before tax with and without year-end bonuses and employer contributions")
_TURNOVER_NOTE = "model: quits per post-year (% of posts a year)"
_SEED_000 = "seed 000 (000_a10006878b21d68c.txt)"
_SEED_002 = "seed 002 (002_3650c786f9d8731d.txt)"
_PRESS_TURNOVER = ("no figure by role found; two press reports give the range: all-industry turnover of 14.8 % in "
                   "2025 from 前程无忧's 《2026离职与调薪调研报告》 (http://m.admirer.cn/dy/article/KJI5G7R0055621QY.html, "
                   "the report itself not seen), and 19 % in 2025 for all bank staff, naming no source "
                   "(http://blg686.com/dy/article/JV50QEPI05349XQY.html)")
_LOW_PRESS = "low: second-hand, all staff of all banks (or all industries), not this role"
# Seed 002 also gives tellers' base wage in the 2000s (600-900 yuan a month); it is not used:
# it is a part of pay, two decades old.
SOURCES: dict[str, Source] = {
    "pay, teller": Source(
        5000, 10000,
        "unsigned web article, https://www.hkyyi.com/html/jie-mi-yin-xing-gui-yuan-zhen-shi-shou-ru-yue-ru-guo-wan-"
        "hai-shi-zheng-zha-zai-wen-bao-xian.html: tellers' monthly income is mostly 5,000-10,000 yuan",
        "银行柜员的月均收入普遍在5000-10000元之间",
        "low: an unsigned page citing no survey; the same page puts big-bank tellers at 8,000-12,000 and "
        "city-commercial-bank tellers at 4,000-8,000 (city and bank type move pay about 2×)",
        _PAY_NOTE),
    "pay, lobby manager": Source(
        None, None, NO_SOURCE, "",
        "none", "no published pay figure for lobby managers (大堂经理) was found; " + _PAY_NOTE),
    "pay, customer manager": Source(
        7000, 9000,
        f"{_SEED_002}: a Bank of China customer manager in Guangzhou earns 9,000 yuan a month before tax, "
        "of which about 2,000 are employer contributions the bank counts in",
        "收入:本人——税前:9000",
        "low: one person, one city, year not given; 7,000 is the 9,000 less the 2,000",
        _PAY_NOTE + f"; {_SEED_000} says a good year can bring over 200,000 yuan (about 17,000 a month), "
                    "not used as the range", anchor="seed-002-cm-pay"),
    "working days a month": Source(
        20.3, 21.75,
        "劳社部发〔2008〕3号《关于职工全年月平均工作时间和工资折算问题的通知》: 20.83 working days a month "
        "(250 a year) and 21.75 paid days a month ((365 − 104) / 12), under 《国务院关于职工工作时间的规定》 "
        f"(40 hours a week); {_SEED_000}: tellers usually work two days and rest one (30.44 × 2/3 = 20.3 days)",
        "柜员一般是上两天班休息一天",
        "high for the legal norm (the notice's figures are quoted from memory, not re-read here); "
        "medium for practice (one seed's word)",
        f"model: days each person worked a month, mean over all staff; {_SEED_002} also tells of a teller "
        "who rests one day a month, an extreme the range leaves out", anchor="seed-000-rota"),
    "transactions per teller-day": Source(
        100, math.inf,
        "unsigned web Q&A, https://m.gzjll.com/2/2454906.html: a teller handles about 100 or more simple "
        "transactions a day",
        "每日处理约100笔以上简单业务",
        "low: one unsigned page, 'about 100 or more', no bank or year",
        "model: counter transactions a teller completes per day worked"),
    "turnover, teller": Source(
        20, 30,
        f"{_SEED_002}: teller turnover reaches 20-30 % in many branches",
        "许多银行网点柜员的流失率达到20-30%",
        "low-medium: 'many branches', under pressure and fines; not a national statistic",
        _TURNOVER_NOTE, anchor="seed-002-turnover"),
    "turnover, lobby manager": Source(
        14.8, 19, _PRESS_TURNOVER,
        "2025年全国整体离职率已降至14.8% / 2025年银行整体离职率已达19%", _LOW_PRESS, _TURNOVER_NOTE),
    "turnover, customer manager": Source(
        14.8, 19, _PRESS_TURNOVER,
        "2025年全国整体离职率已降至14.8% / 2025年银行整体离职率已达19%", _LOW_PRESS, _TURNOVER_NOTE),
    "complaints a month per branch (formal, 投诉)": Source(
        0.058, 2.3,
        "the regulator: CBIRC's notice on banking consumer complaints in 2022 Q2, 18,338 about the large state "
        "banks in the quarter (reproduced at https://www.otias-ub.com/archives/tag/%e9%93%b6%e4%bf%9d%e7%9b%91/feed), "
        "over the six large banks' 105,671 outlets at end-2023 (NFRA licence data, "
        "http://winwings.cn/display/353734.html): 0.058 a branch-month; a bank's own count: Bank of China received "
        "273,000 complaints in 2025 (https://www.boc.cn/aboutboc/BCP/202601/t20260130_25646773.html), over about "
        "10,000 domestic outlets (an approximate count, not checked here): 2.3 a branch-month",
        "涉及国有大型商业银行 18338 件 / 收到合并重复后的金融消费者投诉27.3万笔",
        "medium for the complaint counts, low for the outlet count behind the upper end; both cover every "
        "channel (cards, loans, phone), and service attitude and quality are 4.0 % of Bank of China's",
        "model: formal complaints a month; at customers.complaints.formal_share 1 (the default) every "
        "dissatisfaction voiced on leaving is counted as one"),
    "on-the-spot grumbling a month per branch (抱怨)": Source(
        None, None, NO_SOURCE, "",
        "none", "no count of on-the-spot dissatisfaction at Chinese branches was found; model: customers "
                "who voiced dissatisfaction on leaving, formal or not"),
    "NPL ratio": Source(
        1.59, 1.59,
        "NFRA (国家金融监督管理总局), main supervisory indicators of 2023 Q4: commercial banks' NPL ratio "
        "1.59 % (人民网, 22 February 2024, read at a copy: http://diamondstateaikido.com/wab.php?MeD4=RbK1.html)",
        "商业银行不良贷款率1.59%",
        "high: the regulator's national statistic for commercial banks (end-2024 about 1.5 %, not checked here)",
        "model: the branch's NPL ratio (substandard + doubtful + loss over loans) at the end of the run; "
        "the model's loan book starts empty, so a short run understates its steady level"),
    "loans per customer manager a year": Source(
        None, None, NO_SOURCE, "",
        "none", "model: loans each customer manager approved, per post-year; an unsigned page says a "
                "personal-loan manager meets 300-500 borrowers a year (https://henanxw.com/licai/"
                "7da8800b2d606aec2d22aecf025acf5e.html): borrowers met, not loans granted, so not used"),
}


# ------------------------------------------------------------------- one run's figures
def _months_per_period(res: Results) -> int:
    return PERIOD_MONTHS[res.scenario.horizon.period]


def _role_rows(res: Results, role: str) -> pd.DataFrame:
    sp = res.staff_periods
    return sp[sp["role"] == role]


def _per(amount: float, base: float) -> float:
    """``amount / base``, NaN when there is no base (a branch without the role)."""
    return float(amount) / float(base) if base else math.nan


def _pay(role: str) -> Callable[[Results], float]:
    def measure(res: Results) -> float:
        rows = _role_rows(res, role)
        return float(((rows["pay"] + rows["held"]) / _months_per_period(res)).mean())
    return measure


def _turnover(role: str) -> Callable[[Results], float]:
    def measure(res: Results) -> float:
        rows = _role_rows(res, role)
        post_years = len(rows) * _months_per_period(res) / 12
        return 100.0 * _per(rows["quit"].astype(bool).sum(), post_years)
    return measure


def _working_days(res: Results) -> float:
    sp = res.staff_periods
    return _per(sp["kpi.days_worked"].sum(), len(sp) * _months_per_period(res))


def _transactions_per_day(res: Results) -> float:
    rows = _role_rows(res, "teller")
    return _per(rows["kpi.transactions"].sum(), rows["kpi.days_worked"].sum())


def _complaints(res: Results) -> float:
    """Formal complaints (投诉) a month: the ``complaint`` events."""
    months = res.scenario.horizon.periods * _months_per_period(res)
    return _per(int((res.events["kind"] == "complaint").sum()), months)


def _voiced(res: Results) -> float:
    """Dissatisfaction voiced on leaving a month, formal or not (抱怨 and 投诉 together)."""
    months = res.scenario.horizon.periods * _months_per_period(res)
    return _per(res.customers["complained"].astype(bool).sum(), months)


def _npl_percent(res: Results) -> float:
    return float(100.0 * res.bank_periods["npl_ratio"].iloc[-1])


def _loans_per_manager(res: Results) -> float:
    rows = _role_rows(res, "customer_manager")
    post_years = len(rows) * _months_per_period(res) / 12
    return _per(rows["kpi.loan_approvals"].sum(), post_years)


#: the rows of the table, in order; every name has an entry in ``SOURCES``
LEVELS: tuple[Level, ...] = (
    Level("pay, teller", "¥/month", "real", 1.0, _pay("teller")),  # fines can make pay negative
    Level("pay, lobby manager", "¥/month", "real", 1.0, _pay("lobby_manager")),
    Level("pay, customer manager", "¥/month", "real", 1.0, _pay("customer_manager")),
    Level("working days a month", "days", "positive", 1.0, _working_days),
    Level("transactions per teller-day", "transactions", "positive", 1.0, _transactions_per_day),
    Level("turnover, teller", "% a year", "positive", 1.0, _turnover("teller")),  # can exceed 100 %
    Level("turnover, lobby manager", "% a year", "positive", 1.0, _turnover("lobby_manager")),
    Level("turnover, customer manager", "% a year", "positive", 1.0, _turnover("customer_manager")),
    Level("complaints a month per branch (formal, 投诉)", "complaints", "positive", 1.0, _complaints),
    Level("on-the-spot grumbling a month per branch (抱怨)", "complaints", "positive", 1.0, _voiced),
    Level("NPL ratio", "%", "share", 100.0, _npl_percent),
    Level("loans per customer manager a year", "loans", "positive", 1.0, _loans_per_manager),
)


# ------------------------------------------------------------------------------ verdict
def _times(ratio: float) -> str:
    if not math.isfinite(ratio):
        return "(model 0)"
    return f"×{ratio:.2f}" if ratio < 10 else f"×{ratio:,.0f}"


def verdict(mean: float, low: float, high: float, source: Source) -> str:
    """``within``, ``above ×N``, ``below ×N`` or ``no source``: the model's interval
    (``low``-``high``; the ``mean`` alone when they are NaN, one run) against the source's
    range. N compares the model's mean with the nearer end of the range."""
    if not source.has_figure:
        return "no source"
    if not math.isfinite(mean):
        return "no model figure"
    lo, hi = (low, high) if math.isfinite(low) and math.isfinite(high) else (mean, mean)
    if hi >= source.low and lo <= source.high:
        return "within"
    if lo > source.high:
        return "above " + _times(mean / source.high if source.high > 0 else math.inf)
    return "below " + _times(source.low / mean if mean > 0 else math.inf)


# -------------------------------------------------------------------------------- table
def _check_runs(results_list) -> list[Results]:
    runs = [results_list] if isinstance(results_list, Results) else list(results_list)
    allowed = "one or more simkit.Results of runs with horizon.periods set (a scheme scenario)"
    if not runs or not all(isinstance(r, Results) for r in runs):
        raise ArgumentError("results_list", allowed, results_list)
    for res in runs:
        if res.scenario.horizon.periods is None or res.staff_periods.empty:
            raise ArgumentError("results_list", allowed, res.scenario.name, "a run without assessment periods")
        if res.scenario != runs[0].scenario:  # an interval over seeds means nothing across scenarios
            raise ArgumentError("results_list", "runs of one scenario, one a seed (call levels once a scenario)",
                                res.scenario.name, f"runs of {runs[0].scenario.name!r} and another scenario mixed")
    return runs


def _cell_unit(unit: str) -> str:
    """The unit a table cell prints with its number ("¥" before, "%" after; others in the unit column)."""
    return "¥" if unit.startswith("¥") else ("%" if unit.startswith("%") else "")


def _source_text(source: Source, unit: str) -> str:
    if not source.has_figure:
        return "–"
    low = _number(source.low)
    if source.high == source.low:
        return f"{low} {unit}"
    if math.isinf(source.high):
        return f"≥ {low} {unit}"
    return f"{low}–{_number(source.high)} {unit}"


def _number(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


def levels(results_list) -> pd.DataFrame:
    """The levels table of one or more runs of one scenario (one run per seed).

    One row per ``LEVELS`` entry: ``level``, ``unit``, the model's ``model`` mean with
    ``model_low``-``model_high`` its 95 % interval over the runs (NaN with one run), the
    ``model_text`` cell, the source range ``source_low``-``source_high``, ``source`` as
    text, ``citation``, ``confidence``, ``note``, the ``verdict`` (``verdict``) and the
    number of ``runs``. A run without assessment periods raises ``simkit.ArgumentError``.
    """
    runs = _check_runs(results_list)
    rows = []
    for level in LEVELS:
        values = [level.measure(res) for res in runs]
        mean, low, high = interval(values, level.kind, scale=level.scale)
        source = SOURCES[level.name]
        rows.append({
            "level": level.name, "unit": level.unit, "model": mean, "model_low": low, "model_high": high,
            "model_text": describe(mean, low, high, level.kind, _cell_unit(level.unit), digits=None,
                                   scale=level.scale),
            "source_low": source.low, "source_high": source.high, "source": _source_text(source, level.unit),
            "citation": source.citation, "confidence": source.confidence, "note": source.note,
            "verdict": verdict(mean, low, high, source), "runs": len(runs)})
    return pd.DataFrame(rows)


def _source_line(name: str, source: Source) -> str:
    """A level's entry under the table. A seed's passage is quoted from ``docs/sources.md``,
    where the seeds' quotations are kept and checked against the originals, so it is shown
    only with an anchor there; other passages stay in ``SOURCES``."""
    quote = f" ([「{source.quote}」](sources.md#{source.anchor}))" if source.anchor else ""
    note = f" *Note:* {_cell(source.note)}." if source.note else ""
    return f"- **{_cell(name)}** — {_cell(source.citation)}{quote}. *Confidence:* {_cell(source.confidence)}.{note}"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def levels_markdown(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown for the levels tables of several scenarios (``{label: levels(...)}``, all with
    the same rows): one table with each scenario's model figure and verdict beside the
    source, then each level's citation, confidence and note."""
    labels = list(tables)
    first = tables[labels[0]]
    head = ["level", "unit", *(f"model: {label}" for label in labels), "source",
            *(f"verdict: {label}" for label in labels)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, row in first.iterrows():
        cells = [row["level"], row["unit"], *(tables[label].loc[i, "model_text"] for label in labels),
                 row["source"], *(tables[label].loc[i, "verdict"] for label in labels)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "Sources (each level's passage in the original's words is its `quote` in `SOURCES`):", ""]
    for _, row in first.iterrows():
        lines.append(_source_line(row["level"], SOURCES[row["level"]]))
    return "\n".join(lines) + "\n"
