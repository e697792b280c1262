"""The floor plan of a branch and the customers in it, as SVG.

The plan follows the customer's path of DOMAIN §2: entrance at the bottom, the lobby
manager's desk just inside (greeting and triage), self-service machines on the left with
their queue, the waiting area (and VIP lounge) in the middle, counter windows along the
back wall and the customer managers' desks on the right. Sizes are derived from the
scenario (number of windows, machines and desks).

The SVG carries what it draws as data attributes (``data-t``, ``data-count-<zone>``,
one ``data-customer``/``data-zone`` per dot, ``data-staff``/``data-activity`` per
server), so a browser test can check the picture against :func:`~.replay.state_at`.
"""
from __future__ import annotations

from html import escape

from .i18n import tr
from .replay import ZONES, ReplayState

W, H = 900, 560
SEGMENT_COLORS = {"mass": "#8c8c8c", "vip": "#d4a017", "elderly": "#2ca02c", "corporate": "#9467bd",
                  "potential_hv": "#ff7f0e"}
ACTIVITY_COLORS = {"serve": "#c8e6c9", "idle": "#f2f2f2", "lunch": "#ffe0b2", "outside": "#bbdefb",
                   "down": "#ffcdd2", "triage": "#fff59d", "sell": "#f8bbd0", "second_triage": "#f8bbd0"}
_GAP = 15  # px between dots in a queue or seating area


def layout(sc) -> dict:
    """Server positions ``id -> (x, y, w, h, kind, post)`` for the scenario's branch."""
    from ..branch.staff import roster

    staff = roster(sc)
    tellers = [m for m in staff if m.role == "teller"]
    managers = [m for m in staff if m.role == "customer_manager"]
    machines = sc.branch.self_service.machines
    out = {}
    step = min(84.0, 440.0 / max(1, len(tellers)))
    for i, m in enumerate(tellers):
        out[m.id] = (210 + i * step, 24, step - 10, 56, "window", m.post)
    mstep = min(64.0, 290.0 / max(1, machines))
    for j in range(machines):
        out[f"S{j + 1}"] = (20, 140 + j * mstep, 70, mstep - 12, "machine", "")
    dstep = min(64.0, 330.0 / max(1, len(managers)))
    for k, m in enumerate(managers):
        out[m.id] = (770, 40 + k * dstep, 110, dstep - 12, "desk", "")
    return out


def _grid(spots, x0, y0, cols):
    return [(s, x0 + (i % cols) * _GAP, y0 + (i // cols) * _GAP) for i, s in enumerate(spots)]


def _dot(spot, x, y, lang) -> str:
    color = SEGMENT_COLORS.get(spot.segment, "#17becf")
    stroke = {"balked": "#d62728", "reneged": "#d62728", "unserved": "#d62728"}.get(spot.place, "#333")
    label = f"#{spot.customer} {tr('seg.' + spot.segment, lang)} · {tr('zone.' + spot.zone, lang)}"
    return (f'<circle class="sk-cust" data-customer="{spot.customer}" data-zone="{spot.zone}" '
            f'data-segment="{escape(spot.segment)}" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{color}" '
            f'stroke="{stroke}" stroke-width="1.5"><title>{escape(label)}</title></circle>')


def _areas(lang, vip_lounge: bool) -> list[str]:
    def box(x, y, w, h, key, fill):
        return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#bbb" rx="6"/>'
                f'<text x="{x + 6}" y="{y + 14}" font-size="11" fill="#555">{escape(tr(key, lang))}</text>')

    out = [f'<rect x="2" y="2" width="{W - 4}" height="{H - 4}" fill="#fff" stroke="#444" stroke-width="3"/>',
           '<line x1="200" y1="96" x2="660" y2="96" stroke="#666" stroke-width="4"/>',  # the counter
           f'<text x="210" y="16" font-size="11" fill="#555">{escape(tr("floor.windows", lang))}</text>',
           box(110, 130, 80, 300, "floor.machine_queue", "#fafafa"),
           box(210, 130, 360 if vip_lounge else 450, 280, "floor.waiting", "#f7fbff"),
           box(590, 130, 150, 200, "floor.vip_lounge", "#fffaf0") if vip_lounge else "",
           box(640, 380, 240, 100, "floor.desk_queue", "#fafafa"),
           f'<text x="770" y="30" font-size="11" fill="#555">{escape(tr("floor.desks", lang))}</text>',
           f'<text x="20" y="125" font-size="11" fill="#555">{escape(tr("floor.self_service", lang))}</text>',
           box(300, 430, 300, 80, "floor.lobby", "#fffde7"),
           f'<rect x="400" y="{H - 10}" width="100" height="10" fill="#8d6e63"/>'
           f'<text x="450" y="{H - 14}" text-anchor="middle" font-size="11" fill="#555">'
           f'{escape(tr("floor.entrance", lang))}</text>']
    return out


def _servers(state: ReplayState, lay: dict, lang: str) -> list[str]:
    out = []
    for sid, (x, y, w, h, kind, post) in lay.items():
        act = state.staff.get(sid, "idle")
        sub = tr("win." + post, lang) if kind == "window" else ""
        out.append(f'<g data-staff="{sid}" data-activity="{act}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                   f'height="{h:.1f}" fill="{ACTIVITY_COLORS.get(act, "#eee")}" stroke="#666" rx="4"/>'
                   f'<text x="{x + w / 2:.1f}" y="{y + 15:.1f}" text-anchor="middle" font-size="11" '
                   f'font-weight="bold">{sid} {escape(sub)}</text><text x="{x + w / 2:.1f}" y="{y + 29:.1f}" '
                   f'text-anchor="middle" font-size="10">{escape(tr("act." + act, lang))}</text></g>')
    return out


def _lobby_managers(state: ReplayState, lang: str) -> list[str]:
    out = []
    lms = [sid for sid in state.staff if sid.startswith("L")]
    for i, sid in enumerate(lms):
        act = state.staff[sid]
        x, y = (450 + i * 40, 470) if act in ("idle", "triage") else (240 + i * 40, 395)
        out.append(f'<g data-staff="{sid}" data-activity="{act}"><rect x="{x - 9}" y="{y - 9}" width="18" height="18" '
                   f'fill="{ACTIVITY_COLORS.get(act, "#eee")}" stroke="#1a237e" stroke-width="2"/>'
                   f'<text x="{x}" y="{y + 24}" text-anchor="middle" font-size="10">{sid} '
                   f'{escape(tr("act." + act, lang))}</text></g>')
    return out


def floor_svg(state: ReplayState | None, sc, lang: str = "en") -> str:
    """The floor plan with every customer of ``state`` drawn in their zone."""
    lay = layout(sc)
    parts = _areas(lang, sc.branch.vip_lounge)
    if state is None:
        return _wrap(parts, {}, "")
    parts += _servers(state, lay, lang) + _lobby_managers(state, lang)
    for zone in ZONES:
        spots = state.in_zone(zone)
        if zone in ("window", "machine", "desk"):
            for s in spots:
                x, y, w, h, kind, _ = lay.get(s.place, (450, 300, 0, 0, "", ""))
                px, py = {"window": (x + w / 2, y + h + 26), "machine": (x + w + 12, y + h / 2),
                          "desk": (x - 12, y + h / 2)}[zone]
                parts.append(_dot(s, px, py, lang))
        elif zone == "waiting":
            vip = [s for s in spots if s.place == "vip" and sc.branch.vip_lounge]
            rest = [s for s in spots if not (s.place == "vip" and sc.branch.vip_lounge)]
            parts += [_dot(s, x, y, lang) for s, x, y in _grid(rest, 222, 152, 23 if sc.branch.vip_lounge else 29)]
            parts += [_dot(s, x, y, lang) for s, x, y in _grid(vip, 602, 152, 9)]
        else:
            x0, y0, cols = {"lobby": (312, 452, 6), "machine_queue": (122, 152, 4), "desk_queue": (652, 402, 15),
                            "leaving": (372, 520, 11)}[zone]
            parts += [_dot(s, x, y, lang) for s, x, y in _grid(spots, x0, y0, cols)]
    counts = state.counts
    attrs = {"data-t": repr(state.t), "data-day": str(state.day), "data-clock": state.clock,
             "data-inside": str(sum(v for z, v in counts.items() if z != "leaving")),
             **{f"data-count-{z.replace('_', '-')}": str(n) for z, n in counts.items()}}
    clock = (f'<text x="{W - 16}" y="{H - 20}" text-anchor="end" font-size="22" font-weight="bold" '
             f'data-role="clock">{state.clock}</text>')
    return _wrap(parts + [clock], attrs, _legend(lang))


def _legend(lang) -> str:
    items = "".join(f'<span style="margin-right:10px"><svg width="12" height="12"><circle cx="6" cy="6" r="5" '
                    f'fill="{c}"/></svg> {escape(tr("seg." + s, lang))}</span>' for s, c in SEGMENT_COLORS.items())
    acts = "".join(f'<span style="margin-right:10px"><span style="display:inline-block;width:12px;height:10px;'
                   f'background:{c};border:1px solid #999"></span> {escape(tr("act." + a, lang))}</span>'
                   for a, c in ACTIVITY_COLORS.items() if a != "second_triage")
    return f'<div style="font-size:12px;margin-top:4px">{items}<br>{acts}</div>'


def _wrap(parts, attrs, legend) -> str:
    a = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sk-floor" {a} width="{W}" height="{H}" '
            f'viewBox="0 0 {W} {H}" font-family="sans-serif">' + "".join(parts) + "</svg>" + legend)
