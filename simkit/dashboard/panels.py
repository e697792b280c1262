"""HTML of each panel, from a ``simkit.dashboard.compute.RunResult`` and a language.

Pure functions (inputs in, a string out): the app only puts the strings into
``ipywidgets.HTML``. Numbers shown in the KPI table are also written, unrounded, into
``data-value`` attributes, so the browser test can compare them with ``simkit.run``.

Words match numbers: a difference is called *clear* only when its interval excludes zero
and it is at least the KPI's minimal meaningful difference (``data-clear``; its
``data-verdict`` also says *small*, *unclear* or *none*: ``simkit.report.intervals.verdict``),
pay below zero is flagged (``data-negative``) with the reason, results
are labelled with the inputs that produced them and marked stale when the inputs change
(``results_label_html``), and too few months for behaviour to change are said
(``months_warning_html``).
"""
from __future__ import annotations

import base64
import re
from html import escape, unescape

import pandas as pd

from ..library import LibraryError, effects_table, manifest
from .compute import (
    KPIS,
    RunResult,
    bank_summary,
    choices_summary,
    downloads,
    kpi_summary,
    lowest_payslip,
    negative_pay,
    pay_summary,
    queue_summary,
    sample_payslips,
    waits_summary,
)
from .i18n import formula_text, line_label, staff_name, tr
from .inputs import ROLES, _branch, too_few_months
from .svg import COLORS, Chart, bar_chart, line_chart

_STYLE = ("<style>.sk-table{border-collapse:collapse;font-size:13px;margin:4px 0}"
          ".sk-table th,.sk-table td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}"
          ".sk-table th:first-child,.sk-table td:first-child{text-align:left}"
          ".sk-note{color:#555;font-size:12px}.sk-grid{display:flex;flex-wrap:wrap;gap:8px}"
          ".sk-clear{font-weight:bold}.sk-badge{background:#e8f5e9;color:#1b5e20;border-radius:3px;"
          "padding:0 4px;margin-left:4px;font-size:11px}"
          ".sk-verdict{background:#eeeeee;color:#444;border-radius:3px;padding:0 4px;margin-left:4px;font-size:11px}"
          ".sk-neg{color:#b71c1c;font-weight:bold}.sk-warn{color:#8a4b00;background:#fff4e5;padding:4px 6px;"
          "border-left:3px solid #f0a030;font-size:12px;margin:4px 0}"
          ".sk-stale{color:#7f0000;background:#fdecea;padding:4px 6px;border-left:3px solid #d32f2f;"
          "font-size:12px;margin:4px 0}</style>")
MINUS = "\u2212"  # a real minus sign, not a hyphen


def fmt_value(v: float, kind: str) -> str:
    """A number for reading: ``kind`` is one of int, f1, f2, pct, yuan (NaN -> —).
    Negative numbers get a real minus sign (``¥−4,940``)."""
    if v != v:
        return "—"
    a = abs(v)
    body = {"int": f"{a:,.0f}", "f1": f"{a:,.1f}", "f2": f"{a:,.2f}", "pct": f"{100 * a:.1f}",
            "yuan": f"{a:,.0f}"}[kind]
    sign = MINUS if v < 0 and body.strip("0.,") else ""  # no "−0.0"
    return f"¥{sign}{body}" if kind == "yuan" else f"{sign}{body}"


def yuan_flagged(v: float, lang: str, attr: str = "") -> str:
    """An amount of pay; below zero it is flagged (red, ⚠, ``data-negative``) — never hidden."""
    text = fmt_value(v, "yuan")
    if v < 0:
        return (f'<span class="sk-neg" data-negative="1" {attr} title="{escape(tr("ui.negative_pay", lang))}">'
                f'⚠ {text}</span>')
    return f"<span {attr}>{text}</span>" if attr else text


def side_title(comp: RunResult, which: str, lang: str) -> str:
    side = comp.inputs.side(which)
    parts = [f"{tr('role.' + r, lang)}{tr('ui.colon', lang)}{tr('scheme.' + side.of(r), lang)}" for r in ROLES]
    return f"{tr('ui.side_' + which.lower(), lang)} — " + tr("ui.semicolon", lang).join(parts)


#: the badge of each verdict: (label, CSS class); an unclear difference gets none
_BADGES = {"clear": ("ui.clear", "sk-badge"), "small": ("ui.small", "sk-verdict"), "none": ("ui.none", "sk-verdict")}


def _cell(kpi, side, estimate, kind, said=None, lang="en"):
    """One KPI cell of ``side``: ``estimate = (mean, low, high)``, and for a difference
    its verdict (``said``: ``simkit.report.intervals.verdict``), written as ``data-verdict``
    and ``data-clear`` and shown as a badge (``_BADGES``)."""
    m, lo, hi = estimate
    ci = f" [{fmt_value(lo, kind)}, {fmt_value(hi, kind)}]" if lo == lo else ""
    extra, badge = "", ""
    clear = said == "clear"
    if said is not None:
        extra = f' data-clear="{int(clear)}" data-verdict="{said}"'
        if said in _BADGES:
            label, css = _BADGES[said]
            badge = f'<span class="{css}">{escape(tr(label, lang))}</span>'
    cls = "sk-kpi sk-clear" if clear else "sk-kpi"
    return (f'<td class="{cls}" data-kpi="{kpi}" data-side="{side}" data-value="{m!r}" data-lo="{lo!r}" '
            f'data-hi="{hi!r}"{extra}><span class="sk-mean">{fmt_value(m, kind)}</span>'
            f'<span class="sk-ci">{ci}</span>{badge}</td>')


def kpi_table_html(comp: RunResult | None, lang: str) -> str:
    if comp is None:
        return _STYLE + f'<p class="sk-note" data-empty="1">{escape(tr("ui.no_results", lang))}</p>'
    tab = kpi_summary(comp)
    head = (f"<tr><th>{escape(tr('ui.kpi', lang))}</th><th>{escape(tr('ui.side_a', lang))}</th>"
            f"<th>{escape(tr('ui.side_b', lang))}</th><th>{escape(tr('ui.diff', lang))}</th></tr>")
    rows = []
    for r in tab.itertuples(index=False):
        kind = KPIS[r.kpi]
        rows.append(f"<tr><td>{escape(tr('kpi.' + r.kpi, lang))}</td>" + _cell(r.kpi, "A", (r.A, r.A_lo, r.A_hi), kind)
                    + _cell(r.kpi, "B", (r.B, r.B_lo, r.B_hi), kind)
                    + _cell(r.kpi, "diff", (r.diff, r.diff_lo, r.diff_hi), kind, r.verdict, lang) + "</tr>")
    seeds = ",".join(str(s) for s in comp.inputs.seeds())
    return (_STYLE + f'<div class="sk-kpis" data-seeds="{seeds}">'
            + months_warning_html(comp.inputs.periods, lang) +
            f'<p>{escape(side_title(comp, "A", lang))}<br>{escape(side_title(comp, "B", lang))}</p>'
            f'<table class="sk-table">{head}{"".join(rows)}</table>'
            f'<p class="sk-note">{escape(tr("ui.ci_note", lang))}<br>{escape(tr("ui.clear_note", lang))}</p></div>')


def months_warning_html(periods: int, lang: str) -> str:
    """Why A = B with 1-3 months (empty from 4 months on)."""
    if not too_few_months(periods):
        return ""
    text = escape(tr("ui.few_months", lang, periods=periods))
    return f'<div class="sk-warn" data-few-months="{int(periods)}">⚠ {text}</div>'


def inputs_text(inputs, lang: str) -> str:
    """The inputs that produced a set of results, in words (both sides and every parameter)."""
    b = _branch(inputs.branch).branch
    line = tr("ui.inputs_line", lang, branch=tr("branch." + inputs.branch, lang),
              windows=inputs.ordinary_windows if inputs.ordinary_windows is not None else b.windows.get("ordinary", 0),
              lobby=inputs.lobby_managers if inputs.lobby_managers is not None else b.lobby_managers,
              machines=inputs.machines if inputs.machines is not None else b.self_service.machines,
              arrivals=f"{inputs.arrivals_factor:g}", periods=inputs.periods, reps=inputs.replications,
              seeds=", ".join(map(str, inputs.seeds())))
    return line


def results_label_html(comp: RunResult | None, lang: str, stale: bool = False) -> str:
    """The banner above the panels: which inputs the results are for, and whether the
    inputs have changed since (``data-stale``)."""
    if comp is None:
        return ""
    x = comp.inputs
    stale_html = f'<div class="sk-stale">⚠ {escape(tr("ui.stale", lang))}</div>' if stale else ""
    return (_STYLE + f'<div class="sk-results-label" data-stale="{int(stale)}" data-periods="{x.periods}" '
            f'data-replications="{x.replications}" data-a-teller="{escape(x.a.teller)}" '
            f'data-b-teller="{escape(x.b.teller)}">{stale_html}'
            f'<p class="sk-note"><b>{escape(tr("ui.results_for", lang) + tr("ui.colon", lang))}</b>'
            f'{escape(inputs_text(x, lang))}<br>'
            f'{escape(side_title(comp, "A", lang))}<br>{escape(side_title(comp, "B", lang))}</p>'
            + months_warning_html(x.periods, lang) + "</div>")


def _series(df, which, x="period", label=None):
    """A line of ``svg.line_chart``: means, their interval, and the replications' own range
    (``data_lo``, ``data_hi``), which the axis covers instead of the interval's ends."""
    return {"label": label or which, "color": COLORS[which], "x": df[x].tolist(), "y": df["mean"].tolist(),
            "lo": df["lo"].tolist(), "hi": df["hi"].tolist(), "data_lo": df["data_lo"].tolist(),
            "data_hi": df["data_hi"].tolist()}


def queues_html(comp: RunResult | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    queues = {w: queue_summary(comp.sides[w]) for w in ("A", "B")}
    series = [{**_series(queues[w].assign(hour=queues[w]["minute"] / 60.0), w, x="hour")} for w in ("A", "B")]
    queue = line_chart(series, Chart(tr("ui.queue_title", lang), tr("ui.clock_hour", lang),
                                     tr("ui.customers_waiting", lang), name="queue", lang=lang,
                                     clipped_note=tr("ui.band_clipped", lang)))
    waits_by = {w: waits_summary(comp.sides[w]).set_index("segment") for w in ("A", "B")}
    segments = [s for s in comp.sides["A"].scenario.customers.segments if s in waits_by["A"].index]
    groups = [{"label": w, "color": COLORS[w], "y": [waits_by[w]["mean"].get(s, float("nan")) for s in segments],
               **{key: [waits_by[w][key].get(s, float("nan")) for s in segments]
                  for key in ("lo", "hi", "data_lo", "data_hi")}} for w in ("A", "B")]
    waits = bar_chart([tr("seg." + s, lang) for s in segments], groups,
                      Chart(tr("ui.waits_title", lang), ylabel=tr("ui.minutes", lang), name="waits", width=520,
                            lang=lang))
    return _STYLE + f'<div class="sk-grid">{queue}{waits}</div>' + _sides_note(comp, lang)


def behaviour_html(comp: RunResult | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    choices = {w: choices_summary(comp.sides[w]) for w in ("A", "B")}
    blocks = []
    for role in ROLES:
        charts = []
        names = sorted(set(choices["A"].loc[choices["A"]["role"] == role, "choice"]), key=_choice_order)
        for choice in names:
            series = [_series(choices[w][(choices[w]["role"] == role) & (choices[w]["choice"] == choice)], w)
                      for w in ("A", "B")]
            charts.append(line_chart(series, Chart(tr("choice." + choice, lang), tr("ui.month", lang), "",
                                                   name=f"choice.{role}.{choice}", width=300, height=200,
                                                   xtick_fmt=_month_tick, lang=lang,
                                                   clipped_note=tr("ui.band_clipped", lang))))
        if charts:
            blocks.append(f"<h4>{escape(tr('role.' + role, lang))}</h4><div class='sk-grid'>{''.join(charts)}</div>")
    return (_STYLE + f"<p>{escape(tr('ui.behaviour_title', lang))}</p>" + "".join(blocks) + _sides_note(comp, lang))


def _choice_order(name):
    order = ("pace", "care", "pitch", "diversion", "referral", "selling", "outside", "screening", "strictness", "monitoring")
    return order.index(name) if name in order else len(order)


def pay_html(comp: RunResult | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    pay = {w: pay_summary(comp.sides[w]) for w in ("A", "B")}
    rows = []
    for role in ROLES:
        kinds = sorted(set(pay["A"].loc[pay["A"]["role"] == role, "kind"]) | set(pay["B"].loc[pay["B"]["role"] == role,
                                                                                             "kind"]))
        totals = {}
        for kind in kinds:
            vals = {w: float(pay[w].loc[(pay[w]["role"] == role) & (pay[w]["kind"] == kind), "amount"].sum())
                    for w in ("A", "B")}
            for w in vals:
                totals[w] = totals.get(w, 0.0) + vals[w]
            rows.append(f"<tr><td>{escape(tr('role.' + role, lang))} · {escape(tr('pay.' + kind, lang))}</td>"
                        f"<td>{fmt_value(vals['A'], 'yuan')}</td><td>{fmt_value(vals['B'], 'yuan')}</td></tr>")
        if kinds:
            rows.append(f"<tr><th>{escape(tr('role.' + role, lang))} · {escape(tr('ui.total', lang))}</th>"
                        f"<th data-pay-total='{role}' data-a='{totals['A']!r}' data-b='{totals['B']!r}'>"
                        f"{yuan_flagged(totals['A'], lang)}</th><th>{yuan_flagged(totals['B'], lang)}</th></tr>")
    table = (f"<p><b>{escape(tr('ui.pay_title', lang))}</b></p><table class='sk-table'><tr><th></th>"
             f"<th>{escape(tr('ui.side_a', lang))}</th><th>{escape(tr('ui.side_b', lang))}</th></tr>{''.join(rows)}</table>")
    slips = "".join(_payslips_html(comp, w, lang) for w in ("A", "B"))
    negative = _negative_html(comp, lang)
    return (_STYLE + table + negative + f"<p><b>{escape(tr('ui.payslip_title', lang))}</b></p>"
            f"<div class='sk-grid'>{slips}</div>" + _sides_note(comp, lang))


def _negative_html(comp, lang) -> str:
    """Pay below zero, per side and role, with seed 002's reason (nothing if none)."""
    rows = []
    for which in ("A", "B"):
        for r in negative_pay(comp.sides[which]).itertuples(index=False):
            if r.negative:
                rows.append(f"<li data-negative-side='{which}' data-role='{r.role}' data-count='{int(r.negative)}' "
                            f"data-lowest='{float(r.lowest)!r}'>{escape(tr('ui.side_' + which.lower(), lang))} · "
                            f"{escape(tr('role.' + r.role, lang))}{escape(tr('ui.colon', lang))}"
                            f"{escape(tr('ui.negative_count', lang, n=int(r.negative), months=int(r.months)))} "
                            f"{yuan_flagged(float(r.lowest), lang)}</li>")
    if not rows:
        return ""
    return (f"<div class='sk-warn' data-negative-note='1'>⚠ {escape(tr('ui.negative_pay_note', lang))}"
            f"<ul style='margin:2px 0'>{''.join(rows)}</ul></div>")


def _payslips_html(comp, which, lang) -> str:
    results = comp.sides[which].first
    lines = sample_payslips(results)
    low = lowest_payslip(results)
    if len(low):  # the lowest month too, when it went below zero
        low = low.assign(person=low["person"].astype(str))
        lines = lines.assign(person=lines["person"].astype(str))
        key = (str(low["person"].iloc[0]), int(low["period"].iloc[0]))
        shown = {(str(p), int(q)) for p, q in zip(lines["person"], lines["period"])}
        if key not in shown:
            lines = pd.concat([lines, low], ignore_index=True)
    out = [f"<div><p><b>{escape(tr('ui.side_' + which.lower(), lang))}</b></p>"]
    for (role, person, period), slip_lines in lines.groupby(["role", "person", "period"], sort=False):
        rows = "".join(f"<tr><td>{escape(line_label(r.line, lang))}</td><td>{fmt_value(r.amount, 'yuan')}</td>"
                       f"<td class='sk-formula'>{escape(formula_text(r.formula, lang))}</td></tr>"
                       for r in slip_lines.itertuples(index=False))
        total = float(slip_lines["amount"].sum())
        out.append(f"<table class='sk-table' data-payslip='{escape(str(person))}' data-period='{int(period)}' "
                   f"data-total='{total!r}'><tr><th title='{escape(str(person))}'>{escape(_person(role, str(person), lang))}"
                   f"{escape(tr('ui.comma', lang))}{escape(tr('ui.month_n', lang, n=int(period) + 1))}</th>"
                   f"<th>{escape(tr('ui.amount', lang))}</th>"
                   f"<th>{escape(tr('ui.formula', lang))}</th></tr>{rows}<tr><th>{escape(tr('ui.total', lang))}</th>"
                   f"<th>{yuan_flagged(total, lang)}</th><th>"
                   f"{escape(tr('ui.negative_pay', lang)) if total < 0 else ''}</th></tr></table>")
    return "".join(out) + "</div>"


def _person(role: str, person: str, lang: str) -> str:
    """A payslip's person as a reader names them: 柜员1 / Teller 1 for the branch's codes,
    the role and the name for people a scenario names itself."""
    name = staff_name(person, lang)
    return f"{tr('role.' + role, lang)} {person}" if name == person else name


def _month_tick(v) -> str:
    """The label of an axis tick at period ``v`` (0-based): its month number, blank between months."""
    return f"{v + 1:g}" if v == int(v) else ""


def bank_html(comp: RunResult | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    bank = {w: bank_summary(comp.sides[w]) for w in ("A", "B")}
    profit = line_chart([_series(bank[w][bank[w]["measure"] == "profit"], w) for w in ("A", "B")],
                        Chart(tr("ui.bank_profit_title", lang), tr("ui.month", lang), tr("ui.yuan", lang),
                              name="profit", xtick_fmt=_month_tick, lang=lang,
                              clipped_note=tr("ui.band_clipped", lang)))
    npl = [_series(bank[w][bank[w]["measure"] == "npl_ratio"], w) for w in ("A", "B")]
    for line in npl:  # shown in per cent
        for key in ("y", "lo", "hi", "data_lo", "data_hi"):
            line[key] = [100 * v for v in line[key]]
    npl_chart = line_chart(npl, Chart(tr("ui.bank_npl_title", lang), tr("ui.month", lang), "%", name="npl",
                                      xtick_fmt=_month_tick, lang=lang, clipped_note=tr("ui.band_clipped", lang)))
    return _STYLE + f"<div class='sk-grid'>{profit}{npl_chart}</div>" + _sides_note(comp, lang)


def _sides_note(comp, lang) -> str:
    return (f"<p class='sk-note'><span style='color:{COLORS['A']}'>■</span> {escape(side_title(comp, 'A', lang))}<br>"
            f"<span style='color:{COLORS['B']}'>■</span> {escape(side_title(comp, 'B', lang))}<br>"
            f"{escape(tr('ui.ci_note', lang))}</p>")


# ------------------------------------------------------------------ downloads
_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" data-chart="([^"]+)".*?</svg>', re.S)
_TITLE = re.compile(r'font-weight="bold">([^<]*)</text>')


def figures(html: str) -> dict[str, str]:
    """Every chart in a panel's HTML: ``name -> standalone SVG``."""
    return {m.group(1): m.group(0) for m in _SVG.finditer(html)}


def data_uri(mime: str, data: bytes) -> str:
    """A ``data:`` URI: works in Voila (no file server, no extra route), and ``download=``
    on the anchor makes the browser save it under its name."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _anchor(name, mime, data, label, kind, lang):
    return (f'<li><a class="sk-download" data-file="{escape(name)}" data-kind="{kind}" download="{escape(name)}" '
            f'href="{data_uri(mime, data)}" target="_blank">{escape(label)}</a> '
            f'<span class="sk-note">{escape(tr("ui.file_size", lang, name=name, size=len(data)))}</span></li>')


def downloads_html(comp: RunResult | None, lang: str, panels: dict[str, str] | None = None) -> str:
    """Links that download the results (CSV, Parquet, the inputs as JSON) and every figure
    of the panels (SVG, as drawn: in the language shown)."""
    if comp is None:
        return kpi_table_html(None, lang)
    items = [_anchor(name, mime, data, tr(f"ui.dl.{name}", lang), "data", lang)
             for name, (mime, data) in downloads(comp, lang).items()]
    for html in (panels or {}).values():
        for name, svg in figures(html).items():
            t = _TITLE.search(svg)
            title = t.group(1) if t else name
            items.append(_anchor(f"{name}.svg", "image/svg+xml", svg.encode("utf-8"),
                                 tr("ui.dl_figure", lang, title=unescape(title)), "figure", lang))
    return (_STYLE + f"<p><b>{escape(tr('ui.downloads_title', lang))}</b></p>"
            f"<ul class='sk-downloads'>{''.join(items)}</ul>"
            f"<p class='sk-note'>{escape(tr('ui.downloads_note', lang))}</p>")


# ------------------------------------------------------------------ the results library under a lesson
def lesson_library_html(effects: tuple[str, ...], lang: str) -> str:
    """One line per effect of the results library a lesson names (``Preset.library``): the two
    schemes, the difference over the library's last months with its 95 % interval and whether it
    shows the predicted direction, all read from the stored library (``simkit.library``); empty
    when the library is not there."""
    if not effects:
        return ""
    try:
        table, stored = effects_table(list(effects)), manifest()["experiments"]
    except LibraryError:
        return ""
    lines = []
    for row in table.to_dict("records"):
        scheme, reference = row["scheme − reference"].split(" − ")
        periods = next(entry["periods"] for entry in stored.values() if {scheme, reference} <= set(entry["arms"]))
        lines.append(tr("lesson.library", lang, what=tr(f"lib.{row['effect']}", lang),
                        scheme=tr(f"scheme.{scheme}", lang), reference=tr(f"scheme.{reference}", lang),
                        months=row["months"], periods=periods, n=row["n"], diff=f"{row['difference']:+.3g}",
                        low=f"{row['low']:.3g}", high=f"{row['high']:.3g}", shown=tr(f"lib.shown.{row['shown']}", lang)))
    return "".join(f"<br><span data-library-effect='{escape(name)}'>{escape(line)}</span>"
                   for name, line in zip(table["effect"], lines))
