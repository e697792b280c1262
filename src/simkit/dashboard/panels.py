"""HTML of each panel, from a :class:`~simkit.dashboard.compute.Comparison` and a language.

Pure functions (inputs in, a string out): the app only puts the strings into
``ipywidgets.HTML``. Numbers shown in the KPI table are also written, unrounded, into
``data-value`` attributes, so the browser test can compare them with ``simkit.run``.
"""
from __future__ import annotations

from html import escape

from .compute import (KPIS, Comparison, bank_summary, choices_summary, kpi_summary, pay_summary, queue_summary,
                      sample_payslips, waits_summary)
from .i18n import line_label, tr
from .inputs import ROLES
from .svg import COLORS, bar_chart, line_chart

_STYLE = ("<style>.sk-table{border-collapse:collapse;font-size:13px;margin:4px 0}"
          ".sk-table th,.sk-table td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}"
          ".sk-table th:first-child,.sk-table td:first-child{text-align:left}"
          ".sk-note{color:#555;font-size:12px}.sk-grid{display:flex;flex-wrap:wrap;gap:8px}</style>")


def fmt_value(v: float, kind: str) -> str:
    """A number for reading: ``kind`` is one of int, f1, f2, pct, yuan (NaN -> —)."""
    if v != v:
        return "—"
    return {"int": f"{v:,.0f}", "f1": f"{v:,.1f}", "f2": f"{v:,.2f}", "pct": f"{100 * v:.1f}",
            "yuan": f"¥{v:,.0f}"}[kind]


def side_title(comp: Comparison, which: str, lang: str) -> str:
    side = comp.inputs.side(which)
    parts = [f"{tr('role.' + r, lang)}: {tr('scheme.' + side.of(r), lang)}" for r in ROLES]
    return f"{tr('ui.side_' + which.lower(), lang)} — " + "; ".join(parts)


def _cell(kpi, side, m, lo, hi, kind):
    ci = f" [{fmt_value(lo, kind)}, {fmt_value(hi, kind)}]" if lo == lo else ""
    return (f'<td class="sk-kpi" data-kpi="{kpi}" data-side="{side}" data-value="{m!r}" data-lo="{lo!r}" '
            f'data-hi="{hi!r}"><span class="sk-mean">{fmt_value(m, kind)}</span>'
            f'<span class="sk-ci">{ci}</span></td>')


def kpi_table_html(comp: Comparison | None, lang: str) -> str:
    if comp is None:
        return _STYLE + f'<p class="sk-note" data-empty="1">{escape(tr("ui.no_results", lang))}</p>'
    tab = kpi_summary(comp)
    head = (f"<tr><th>{escape(tr('ui.kpi', lang))}</th><th>{escape(tr('ui.side_a', lang))}</th>"
            f"<th>{escape(tr('ui.side_b', lang))}</th><th>{escape(tr('ui.diff', lang))}</th></tr>")
    rows = []
    for r in tab.itertuples(index=False):
        kind = KPIS[r.kpi]
        rows.append(f"<tr><td>{escape(tr('kpi.' + r.kpi, lang))}</td>" + _cell(r.kpi, "A", r.A, r.A_lo, r.A_hi, kind)
                    + _cell(r.kpi, "B", r.B, r.B_lo, r.B_hi, kind) + _cell(r.kpi, "diff", r.diff, r.diff_lo,
                                                                            r.diff_hi, kind) + "</tr>")
    seeds = ",".join(str(s) for s in comp.inputs.seeds())
    return (_STYLE + f'<div class="sk-kpis" data-seeds="{seeds}">'
            f'<p>{escape(side_title(comp, "A", lang))}<br>{escape(side_title(comp, "B", lang))}</p>'
            f'<table class="sk-table">{head}{"".join(rows)}</table>'
            f'<p class="sk-note">{escape(tr("ui.ci_note", lang))}</p></div>')


def _series(df, which, x="period", label=None):
    return {"label": label or which, "color": COLORS[which], "x": df[x].tolist(), "y": df["mean"].tolist(),
            "lo": df["lo"].tolist(), "hi": df["hi"].tolist()}


def queues_html(comp: Comparison | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    qs = {w: queue_summary(comp.sides[w]) for w in ("A", "B")}
    series = [{**_series(qs[w].assign(hour=qs[w]["minute"] / 60.0), w, x="hour")} for w in ("A", "B")]
    queue = line_chart(series, tr("ui.queue_title", lang), tr("ui.clock_hour", lang), tr("ui.customers_waiting", lang),
                       name="queue")
    ws = {w: waits_summary(comp.sides[w]).set_index("segment") for w in ("A", "B")}
    segs = [s for s in comp.sides["A"].scenario.customers.segments if s in ws["A"].index]
    groups = [{"label": w, "color": COLORS[w], "y": [ws[w]["mean"].get(s, float("nan")) for s in segs],
               "lo": [ws[w]["lo"].get(s, float("nan")) for s in segs],
               "hi": [ws[w]["hi"].get(s, float("nan")) for s in segs]} for w in ("A", "B")]
    waits = bar_chart([tr("seg." + s, lang) for s in segs], groups, tr("ui.waits_title", lang), tr("ui.minutes", lang),
                      name="waits", width=520)
    return _STYLE + f'<div class="sk-grid">{queue}{waits}</div>' + _sides_note(comp, lang)


def behaviour_html(comp: Comparison | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    cs = {w: choices_summary(comp.sides[w]) for w in ("A", "B")}
    blocks = []
    for role in ROLES:
        charts = []
        names = sorted(set(cs["A"].loc[cs["A"]["role"] == role, "choice"]), key=_choice_order)
        for choice in names:
            series = [_series(cs[w][(cs[w]["role"] == role) & (cs[w]["choice"] == choice)], w) for w in ("A", "B")]
            charts.append(line_chart(series, tr("choice." + choice, lang), tr("ui.month", lang), "",
                                     name=f"choice.{role}.{choice}", width=300, height=200,
                                     xtick_fmt=lambda v: f"{v + 1:g}" if v == int(v) else ""))
        if charts:
            blocks.append(f"<h4>{escape(tr('role.' + role, lang))}</h4><div class='sk-grid'>{''.join(charts)}</div>")
    return (_STYLE + f"<p>{escape(tr('ui.behaviour_title', lang))}</p>" + "".join(blocks) + _sides_note(comp, lang))


def _choice_order(name):
    order = ("pace", "pitch", "diversion", "referral", "selling", "outside", "screening", "strictness", "monitoring")
    return order.index(name) if name in order else len(order)


def pay_html(comp: Comparison | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    ps = {w: pay_summary(comp.sides[w]) for w in ("A", "B")}
    rows = []
    for role in ROLES:
        kinds = sorted(set(ps["A"].loc[ps["A"]["role"] == role, "kind"]) | set(ps["B"].loc[ps["B"]["role"] == role,
                                                                                             "kind"]))
        tot = {}
        for kind in kinds:
            vals = {w: float(ps[w].loc[(ps[w]["role"] == role) & (ps[w]["kind"] == kind), "amount"].sum())
                    for w in ("A", "B")}
            for w in vals:
                tot[w] = tot.get(w, 0.0) + vals[w]
            rows.append(f"<tr><td>{escape(tr('role.' + role, lang))} · {escape(tr('pay.' + kind, lang))}</td>"
                        f"<td>{fmt_value(vals['A'], 'yuan')}</td><td>{fmt_value(vals['B'], 'yuan')}</td></tr>")
        if kinds:
            rows.append(f"<tr><th>{escape(tr('role.' + role, lang))} · {escape(tr('ui.total', lang))}</th>"
                        f"<th data-pay-total='{role}' data-a='{tot['A']!r}' data-b='{tot['B']!r}'>"
                        f"{fmt_value(tot['A'], 'yuan')}</th><th>{fmt_value(tot['B'], 'yuan')}</th></tr>")
    table = (f"<p><b>{escape(tr('ui.pay_title', lang))}</b></p><table class='sk-table'><tr><th></th>"
             f"<th>{escape(tr('ui.side_a', lang))}</th><th>{escape(tr('ui.side_b', lang))}</th></tr>{''.join(rows)}</table>")
    slips = "".join(_payslips_html(comp, w, lang) for w in ("A", "B"))
    return (_STYLE + table + f"<p><b>{escape(tr('ui.payslip_title', lang))}</b></p><div class='sk-grid'>{slips}</div>"
            + _sides_note(comp, lang))


def _payslips_html(comp, which, lang) -> str:
    lines = sample_payslips(comp.sides[which].first)
    out = [f"<div><p><b>{escape(tr('ui.side_' + which.lower(), lang))}</b></p>"]
    for (role, person), g in lines.groupby(["role", "person"], sort=False):
        rows = "".join(f"<tr><td>{escape(line_label(r.line, lang))}</td><td>{fmt_value(r.amount, 'yuan')}</td>"
                       f"<td>{escape(r.formula)}</td></tr>" for r in g.itertuples(index=False))
        out.append(f"<table class='sk-table' data-payslip='{escape(str(person))}'><tr><th>{escape(tr('role.' + role, lang))}"
                   f" {escape(str(person))}</th><th>{escape(tr('ui.amount', lang))}</th>"
                   f"<th>{escape(tr('ui.formula', lang))}</th></tr>{rows}<tr><th>{escape(tr('ui.total', lang))}</th>"
                   f"<th>{fmt_value(float(g['amount'].sum()), 'yuan')}</th><th></th></tr></table>")
    return "".join(out) + "</div>"


def bank_html(comp: Comparison | None, lang: str) -> str:
    if comp is None:
        return kpi_table_html(None, lang)
    bs = {w: bank_summary(comp.sides[w]) for w in ("A", "B")}
    month = (lambda v: f"{v + 1:g}" if v == int(v) else "")
    profit = line_chart([_series(bs[w][bs[w]["measure"] == "profit"], w) for w in ("A", "B")],
                        tr("ui.bank_profit_title", lang), tr("ui.month", lang), tr("ui.yuan", lang), name="profit",
                        xtick_fmt=month)
    npl = [_series(bs[w][bs[w]["measure"] == "npl_ratio"], w) for w in ("A", "B")]
    for s in npl:  # shown in per cent
        for k in ("y", "lo", "hi"):
            s[k] = [100 * v for v in s[k]]
    nplc = line_chart(npl, tr("ui.bank_npl_title", lang), tr("ui.month", lang), "%", name="npl", xtick_fmt=month)
    return _STYLE + f"<div class='sk-grid'>{profit}{nplc}</div>" + _sides_note(comp, lang)


def _sides_note(comp, lang) -> str:
    return (f"<p class='sk-note'><span style='color:{COLORS['A']}'>■</span> {escape(side_title(comp, 'A', lang))}<br>"
            f"<span style='color:{COLORS['B']}'>■</span> {escape(side_title(comp, 'B', lang))}<br>"
            f"{escape(tr('ui.ci_note', lang))}</p>")
