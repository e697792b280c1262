"""The floor plan of a branch and the customers in it, as SVG.

The plan follows the customer's path of docs/domain.md §2: entrance at the bottom, the lobby
manager's desk just inside (greeting and triage), self-service machines on the left with
their queue, the waiting area (and VIP lounge) in the middle, counter windows along the
back wall and the customer managers' desks on the right. Sizes are derived from the
scenario (number of windows, machines and desks).

The SVG carries what it draws as data attributes (``data-t``, ``data-count-<zone>``,
one ``data-customer``/``data-zone`` per dot, ``data-staff``/``data-activity`` per
server), so a browser test can check the picture against ``.replay.state_at``.

Labels never overlap. Each server's label is fitted
inside its own box by ``fit_label``: the longest form that fits at a readable size
(``Teller 1 ordinary`` / activity; then name, post, activity on three lines; then a short
post; then the activity left to the box's colour and tooltip; then the name alone; at the
last the code ``T1`` alone, smaller),
wrapped at spaces, measured with ``text_width`` (a conservative estimate of a sans
serif font: real glyphs are narrower). The boxes themselves never overlap, so neither can
the labels — tested for 1 to 24 windows with the estimate, and in the browser with the
real glyph boxes (``getBBox``). Before a run the plan is drawn for the inputs chosen
(servers without activity), so the windows slider shows its effect at once.
"""
from __future__ import annotations

from html import escape

from ..branch.staff import staff_roster
from .i18n import staff_name, tr
from .replay import ZONES, ReplayState

W, H = 900, 560
SEGMENT_COLORS = {"mass": "#8c8c8c", "vip": "#d4a017", "elderly": "#2ca02c", "corporate": "#9467bd",
                  "potential_hv": "#ff7f0e"}
ACTIVITY_COLORS = {"serve": "#c8e6c9", "idle": "#f2f2f2", "lunch": "#ffe0b2", "outside": "#bbdefb",
                   "down": "#ffcdd2", "triage": "#fff59d", "sell": "#f8bbd0", "second_triage": "#f8bbd0",
                   "teach": "#d1c4e9", "complaint": "#ffccbc", "retain": "#b2dfdb"}
_GAP = 15  # px between dots in a queue or seating area
#: the back wall the counter windows stand along (px): from the left wall to the desks' column
WALL_X0, WALL_X1 = 20.0, 750.0
WIN_Y, WIN_H = 24.0, 56.0


def layout(scenario) -> dict:
    """Server positions ``id -> (x, y, w, h, kind, post)`` for the scenario's branch.
    Windows share the back wall: at most 84 px each, centred over it, with a gap that
    shrinks with their width (so 24 windows still get 27 px each)."""
    staff = staff_roster(scenario.branch, scenario.staff)
    tellers = [m for m in staff if m.role == "teller"]
    managers = [m for m in staff if m.role == "customer_manager"]
    machines = scenario.branch.self_service.machines
    out = {}
    n = max(1, len(tellers))
    step = min(84.0, (WALL_X1 - WALL_X0) / n)
    gap = min(10.0, max(3.0, step * 0.12))
    x0 = WALL_X0 + ((WALL_X1 - WALL_X0) - n * step) / 2
    for i, m in enumerate(tellers):
        out[m.id] = (x0 + i * step, WIN_Y, step - gap, WIN_H, "window", m.post)
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


# ------------------------------------------------------------------ labels that fit
def _char_em(ch: str, bold: bool) -> float:
    """Width of one character in em, on the wide side of common sans-serif fonts
    (DejaVu Sans, the widest usual default, is 0.60-0.65 em for lower case)."""
    if ord(ch) >= 0x2E80:  # CJK: full width
        return 1.0
    if ch == " ":
        return 0.34
    if ch in ".,:;'!|il":
        return 0.4
    if ch.isupper():
        return 0.86 if bold else 0.8
    if ch.isdigit():
        return 0.7 if bold else 0.66
    return 0.72 if bold else 0.66


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of ``text`` at ``size`` px (never less than a browser draws)."""
    return sum(_char_em(c, bold) for c in text) * size


def _wrap(text: str, size: float, bold: bool, width: float) -> list[str] | None:
    """``text`` broken at spaces into lines no wider than ``width`` (None if a word is wider)."""
    lines: list[str] = []
    for word in text.split(" "):
        if text_width(word, size, bold) > width:
            return None
        if lines and text_width(lines[-1] + " " + word, size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


#: line height and baseline in em: room for the tallest usual font box (Noto Sans CJK: ascent
#: 1.16 em, descent 0.29 em; DejaVu Sans 0.93 + 0.24), so stacked lines never touch
LINE = 1.5
ASCENT = 1.16
_PAD = 2.0  # px kept free inside a box on every side
_LEAD = 1.0  # px between two lines' boxes (more than the 0.1 px the coordinates are rounded to)


def _orders(n_forms: int, sizes) -> list[tuple[int, float]]:
    """(form, size) in order of preference: each form at each readable size, then the last
    form shrunk down to 5 px."""
    out = [(k, float(z)) for k in range(n_forms) for z in sizes]
    return out + [(n_forms - 1, float(z)) for z in (8, 7, 6, 5) if z < min(sizes)]


def _try(form, size, room_w, room_h):
    lines = []
    for text, bold, wrap in form:
        if not text:
            continue
        if wrap:
            wrapped = _wrap(text, size, bold, room_w)
        else:
            wrapped = [text] if text_width(text, size, bold) <= room_w else None
        if wrapped is None:
            return None
        lines += [(t, size, bold) for t in wrapped]
    return lines if len(lines) * (size * LINE + _LEAD) <= room_h else None


def fit_label(forms: list[list[tuple[str, bool, bool]]], w: float, h: float, sizes=(11, 10, 9),
              start: int = 0) -> tuple[int, list[tuple[str, float, bool]]]:
    """The first of ``forms`` (each a list of ``(text, bold, may_wrap)`` parts, most
    informative first) whose parts fit a ``w`` × ``h`` box at one of ``sizes``, trying
    from preference ``start`` on; returns that preference and the lines as ``(text, size,
    bold)``. No lines at all if even the id at 5 px does not fit: no text rather than text
    that overlaps."""
    room_w, room_h = w - 2 * _PAD, h - 2 * _PAD
    orders = _orders(len(forms), sizes)
    for i in range(start, len(orders)):
        k, size = orders[i]
        lines = _try(forms[k], size, room_w, room_h)
        if lines is not None:
            return i, lines
    return len(orders), []


def _label_svg(server: str, x: float, y: float, w: float, h: float, lines) -> str:
    """Lines centred in the box, from the top; each ``<text>`` names its server."""
    out, top = [], y + _PAD
    for text, size, bold in lines:
        base = top + size * ASCENT
        top += size * LINE + _LEAD
        weight = ' font-weight="bold"' if bold else ""
        out.append(f'<text class="sk-label" data-label-of="{escape(server)}" x="{x + w / 2:.1f}" y="{base:.1f}" '
                   f'text-anchor="middle" font-size="{size:g}"{weight}>{escape(text)}</text>')
    return "".join(out)


_SHORT_POST = {"ordinary": "ord.", "vip": "VIP", "corporate": "corp."}


def _post_short(post: str, lang: str) -> str:
    return _SHORT_POST.get(post, post) if lang == "en" else tr("win." + post, lang)


def label_forms(server: str, kind: str, post: str, activity: str | None, lang: str):
    """A server's label forms, most informative first (see ``fit_label``): its name as a
    reader says it (柜员1 / Teller 1), and its code (``T1``) only where no name fits."""
    activity_text = tr("act." + activity, lang) if activity else ""
    name = staff_name(server, lang)
    if kind == "window":
        post_text = tr("win." + post, lang)
        short = _post_short(post, lang)
        return [[(f"{name} {post_text}", True, False), (activity_text, False, True)],
                [(name, True, False), (post_text, False, False), (activity_text, False, True)],
                [(name, True, False), (short, False, False), (activity_text, False, True)],
                [(name, True, False), (short, False, False)],
                [(name, True, False)],
                [(server, True, False)]]
    return [[(name, True, True), (activity_text, False, True)], [(name, True, True)], [(server, True, False)]]


def server_labels(places: dict, activities: dict, lang: str) -> dict[str, list[tuple[str, float, bool]]]:
    """Every server's label lines. All windows get the same form and size (the one the
    tightest window needs), so the row reads evenly; each line fits inside its own box."""
    out = {}
    windows = {server: v for server, v in places.items() if v[4] == "window"}
    forms = {server: label_forms(server, v[4], v[5], activities.get(server), lang) for server, v in places.items()}
    common = max((fit_label(forms[server], v[2], v[3])[0] for server, v in windows.items()), default=0)
    for server, (_x, _y, w, h, kind, _post) in places.items():
        start = common if kind == "window" else 0
        out[server] = fit_label(forms[server], w, h, start=start)[1]
    return out


def _areas(lang, vip_lounge: bool, windows: tuple[float, float] = (200.0, 660.0)) -> list[str]:
    def box(x, y, w, h, key, fill):
        return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#bbb" rx="6"/>'
                f'<text x="{x + 6}" y="{y + 14}" font-size="11" fill="#555">{escape(tr(key, lang))}</text>')

    c0, c1 = windows
    out = [f'<rect x="2" y="2" width="{W - 4}" height="{H - 4}" fill="#fff" stroke="#444" stroke-width="3"/>',
           f'<line x1="{c0:.1f}" y1="96" x2="{c1:.1f}" y2="96" stroke="#666" stroke-width="4"/>',  # the counter
           f'<text x="{c0 + 4:.1f}" y="16" font-size="11" fill="#555">{escape(tr("floor.windows", lang))}</text>',
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


def _servers(state: ReplayState | None, places: dict, lang: str) -> list[str]:
    """Windows, machines and desks; without a state (before a run) they have no activity."""
    out = []
    activities = {server: state.staff.get(server, "idle") for server in places} if state is not None else {}
    labels = server_labels(places, activities, lang)
    for server, (x, y, w, h, kind, post) in places.items():
        activity = activities.get(server)
        tip = " · ".join(t for t in (staff_name(server, lang), server, tr("win." + post, lang) if kind == "window" else "",
                                     tr("act." + activity, lang) if activity else "") if t)
        attr = f' data-activity="{activity}"' if activity else ""
        out.append(f'<g data-staff="{server}"{attr} data-kind="{kind}"><title>{escape(tip)}</title>'
                   f'<rect class="sk-server" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                   f'fill="{ACTIVITY_COLORS.get(activity, "#eee")}" stroke="#666" rx="4"/>'
                   + _label_svg(server, x, y, w, h, labels[server]) + "</g>")
    return out


def _counter(places: dict) -> tuple[float, float]:
    windows = [(x, x + w) for x, _y, w, _h, kind, _p in places.values() if kind == "window"]
    if not windows:
        return 200.0, 660.0
    return min(a for a, _ in windows) - 10, max(b for _, b in windows) + 10


def _lobby_managers(state: ReplayState, lang: str) -> list[str]:
    """Lobby managers at their desk (idle, triage) or out among the waiting customers, each
    with its name and activity on two lines; 90 px apart, room for a name like 大堂经理2
    or "Lobby manager 2" at 10 px."""
    out = []
    lobby = [server for server in state.staff if server.startswith("L")]
    for i, server in enumerate(lobby):
        name = staff_name(server, lang, alone=len(lobby) == 1)
        activity = state.staff[server]
        x, y = (370 + i * 90, 470) if activity in ("idle", "triage") else (250 + i * 90, 395)
        out.append(f'<g data-staff="{server}" data-activity="{activity}"><title>{escape(name)} · {server}</title>'
                   f'<rect x="{x - 9}" y="{y - 9}" width="18" height="18" '
                   f'fill="{ACTIVITY_COLORS.get(activity, "#eee")}" stroke="#1a237e" stroke-width="2"/>'
                   f'<text x="{x}" y="{y + 21}" text-anchor="middle" font-size="10">{escape(name)}</text>'
                   f'<text x="{x}" y="{y + 32}" text-anchor="middle" font-size="9">'
                   f'{escape(tr("act." + activity, lang))}</text></g>')
    return out


def floor_svg(state: ReplayState | None, scenario, lang: str = "en") -> str:
    """The floor plan with every customer of ``state`` drawn in their zone."""
    places = layout(scenario)
    parts = _areas(lang, scenario.branch.vip_lounge, _counter(places))
    if state is None:
        return _wrap_svg(parts + _servers(None, places, lang), {"data-windows": str(_n_windows(places))}, "")
    parts += _servers(state, places, lang) + _lobby_managers(state, lang)
    for zone in ZONES:
        spots = state.in_zone(zone)
        if zone in ("window", "machine", "desk"):
            for s in spots:
                x, y, w, h, kind, _ = places.get(s.place, (450, 300, 0, 0, "", ""))
                px, py = {"window": (x + w / 2, y + h + 26), "machine": (x + w + 12, y + h / 2),
                          "desk": (x - 12, y + h / 2)}[zone]
                parts.append(_dot(s, px, py, lang))
        elif zone == "waiting":
            vip = [s for s in spots if s.place == "vip" and scenario.branch.vip_lounge]
            rest = [s for s in spots if not (s.place == "vip" and scenario.branch.vip_lounge)]
            parts += [_dot(s, x, y, lang) for s, x, y in _grid(rest, 222, 152, 23 if scenario.branch.vip_lounge else 29)]
            parts += [_dot(s, x, y, lang) for s, x, y in _grid(vip, 602, 152, 9)]
        else:
            x0, y0, cols = {"lobby": (312, 452, 6), "machine_queue": (122, 152, 4), "desk_queue": (652, 402, 15),
                            "leaving": (372, 520, 11)}[zone]
            parts += [_dot(s, x, y, lang) for s, x, y in _grid(spots, x0, y0, cols)]
    counts = state.counts
    attrs = {"data-t": repr(state.t), "data-day": str(state.day), "data-clock": state.clock,
             "data-inside": str(sum(v for z, v in counts.items() if z != "leaving")),
             **{f"data-count-{z.replace('_', '-')}": str(n) for z, n in counts.items()},
             "data-windows": str(_n_windows(places))}
    clock = (f'<text x="{W - 16}" y="{H - 20}" text-anchor="end" font-size="22" font-weight="bold" '
             f'data-role="clock">{state.clock}</text>')
    return _wrap_svg(parts + [clock], attrs, _legend(lang))


def _n_windows(places) -> int:
    return sum(1 for v in places.values() if v[4] == "window")


def _legend(lang) -> str:
    items = "".join(f'<span style="margin-right:10px"><svg width="12" height="12"><circle cx="6" cy="6" r="5" '
                    f'fill="{c}"/></svg> {escape(tr("seg." + s, lang))}</span>' for s, c in SEGMENT_COLORS.items())
    acts = "".join(f'<span style="margin-right:10px"><span style="display:inline-block;width:12px;height:10px;'
                   f'background:{c};border:1px solid #999"></span> {escape(tr("act." + a, lang))}</span>'
                   for a, c in ACTIVITY_COLORS.items() if a != "second_triage")
    return f'<div style="font-size:12px;margin-top:4px">{items}<br>{acts}</div>'


def _wrap_svg(parts, attrs, legend) -> str:
    a = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sk-floor" {a} width="{W}" height="{H}" '
            f'viewBox="0 0 {W} {H}" font-family="sans-serif">' + "".join(parts) + "</svg>" + legend)
