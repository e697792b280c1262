"""``state_at`` against the tables it is derived from, and the floor plan against ``state_at``."""
from __future__ import annotations

import re
import numpy as np
import pandas as pd
import pytest

from simkit.dashboard.floor import floor_svg
from simkit.dashboard.replay import LINGER, TELLER_TICKETS, ZONES, state_at

from helpers import SCENARIOS

#: a spread of instants over the day: before opening, the rush, lunch, the afternoon, after closing
TIMES = [500.0, 545.5, 601.3, 660.0, 742.7, 811.1, 905.9, 960.0, 1019.0, 1100.0]


def _queue_length(res, cls, t):
    q = res.queue[res.queue["queue"] == cls]
    before = q[q["t"] <= t]
    return int(before["length"].iloc[-1]) if len(before) else 0


@pytest.mark.parametrize("t", TIMES)
def test_waiting_customers_match_the_queue_table(day_results, t):
    """The queue table counts tickets minus calls; state_at follows each customer. They must agree."""
    s = state_at(day_results, t)
    for cls in TELLER_TICKETS + ("self_service",):
        zone = "machine_queue" if cls == "self_service" else "waiting"
        drawn = sum(1 for c in s.customers if c.zone == zone and c.place == cls)
        assert drawn == _queue_length(day_results, cls, t), (cls, t)


@pytest.mark.parametrize("t", TIMES)
def test_everyone_inside_is_in_exactly_one_place(day_results, t):
    c = day_results.customers
    end = c["end"].fillna(np.inf)
    inside = set(c.loc[(c["arrive"] <= t) & (t < end), "id"])
    leaving = set(c.loc[(end <= t) & (t < end + LINGER), "id"])
    s = state_at(day_results, t)
    ids = [x.customer for x in s.customers]
    assert len(ids) == len(set(ids)), "a customer drawn twice"
    assert {x.customer for x in s.customers if x.zone != "leaving"} == inside
    assert {x.customer for x in s.customers if x.zone == "leaving"} == leaving
    assert sum(s.counts.values()) == len(ids)


@pytest.mark.parametrize("t", TIMES)
def test_customers_at_a_server_match_staff_activity(day_results, t):
    s = state_at(day_results, t)
    act = day_results.staff_activity
    serving = act[(act["activity"] == "serve") & (act["start"] <= t) & (t < act["end"])]
    expected = {(str(r.staff), int(r.customer)) for r in serving.itertuples()}
    drawn = {(x.place, x.customer) for x in s.customers if x.zone in ("window", "machine", "desk")}
    assert drawn == expected
    for server, _ in drawn:
        assert s.staff[server] == "serve"


def test_branch_is_empty_before_opening_and_long_after_closing(day_results):
    assert state_at(day_results, 8 * 60.0).customers == ()
    assert state_at(day_results, 23 * 60.0).customers == ()
    assert state_at(day_results, 8 * 60.0).clock == "08:00"


class _Tables:
    """Just the tables state_at reads (a hand-made run)."""

    def __init__(self, **tables):
        self.__dict__.update(tables)


def test_same_instant_events_apply_in_log_order():
    """Ticket and call at the same minute: the customer is already at the window; leave lingers."""
    import simkit.scenario as S
    sc = S.load_scenario(SCENARIOS / "baseline.yaml")
    ev = pd.DataFrame([(600.0, 0, "arrive", "door", "", 0.0), (600.0, 0, "ticket", "ordinary", "", 0.0),
                       (600.0, 0, "call", "ordinary", "T1", 0.0), (604.0, 0, "done", "teller", "T1", 0.0),
                       (604.0, 0, "leave", "served", "", 0.0), (601.0, 1, "arrive", "door", "", 0.0),
                       (602.0, 1, "ticket", "vip", "", 0.0), (603.0, 1, "renege", "vip", "", 0.0),
                       (603.0, 1, "leave", "reneged", "", 0.0)],
                      columns=["t", "customer", "kind", "place", "staff", "value"]).sort_values("t", kind="stable")
    cust = pd.DataFrame({"id": [0, 1], "segment": ["mass", "vip"]})
    act = pd.DataFrame({"staff": ["T1"], "role": ["teller"], "activity": ["serve"], "start": [600.0], "end": [604.0],
                        "customer": [0]})
    res = _Tables(events=ev, customers=cust, staff_activity=act, scenario=sc)
    s = state_at(res, 600.0)
    assert [(x.customer, x.zone, x.place) for x in s.customers] == [(0, "window", "T1")]
    s = state_at(res, 601.5)
    assert {(x.customer, x.zone) for x in s.customers} == {(0, "window"), (1, "lobby")}
    s = state_at(res, 602.5)
    assert {(x.customer, x.zone, x.place) for x in s.customers} == {(0, "window", "T1"), (1, "waiting", "vip")}
    s = state_at(res, 603.5)
    assert {(x.customer, x.zone, x.place) for x in s.customers} == {(0, "window", "T1"), (1, "leaving", "reneged")}
    s = state_at(res, 604.0 + LINGER)
    assert s.customers == ()
    assert state_at(res, 602.0).staff["T1"] == "serve" and state_at(res, 605.0).staff["T1"] == "idle"


def test_state_at_works_on_saved_and_loaded_results(day_results, tmp_path):
    """Derived from the tables only: a run loaded from disk replays identically."""
    import simkit
    loaded = simkit.load(day_results.save(tmp_path / "run"))
    for t in TIMES:
        assert state_at(loaded, t) == state_at(day_results, t)


@pytest.mark.parametrize("t", [545.5, 742.7, 960.0])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_floor_svg_draws_exactly_the_state(day_results, t, lang):
    s = state_at(day_results, t)
    svg = floor_svg(s, day_results.scenario, lang)
    dots = re.findall(r'data-customer="(\d+)" data-zone="(\w+)"', svg)
    assert sorted((int(c), z) for c, z in dots) == sorted((x.customer, x.zone) for x in s.customers)
    for zone in ZONES:
        n = re.search(rf'data-count-{zone.replace("_", "-")}="(\d+)"', svg).group(1)
        assert int(n) == s.counts[zone]
    assert f'data-clock="{s.clock}"' in svg and f'data-t="{t!r}"' in svg
    for sid, act in s.staff.items():
        assert f'data-staff="{sid}" data-activity="{act}"' in svg


# ------------------------------------------------------------------ issue 23 item 8: labels never overlap
def _with_windows(n: int):
    """The baseline branch with ``n`` windows in all (one VIP and one corporate from 3 on)."""
    import simkit.scenario as S
    base = S.load_scenario(SCENARIOS / "baseline.yaml")
    if n < 3:
        return S.with_overrides(base, {"branch.windows": {"ordinary": n, "vip": 0, "corporate": 0},
                                       "customers.segments.vip.ticket": "ordinary",
                                       "customers.segments.corporate.ticket": "ordinary"})
    return S.with_overrides(base, {"branch.windows": {"ordinary": n - 2, "vip": 1, "corporate": 1}})


def _label_boxes(svg: str):
    """(server, x0, y0, x1, y1) of every server label, from the drawn text and the same
    width estimate the layout used (the browser test measures real glyphs)."""
    from simkit.dashboard.floor import ASCENT, LINE, text_width
    out = []
    for sid, x, y, size, bold, text in re.findall(
            r'<text class="sk-label" data-label-of="([^"]+)" x="([^"]+)" y="([^"]+)" text-anchor="middle" '
            r'font-size="([^"]+)"( font-weight="bold")?>([^<]*)</text>', svg):
        x, y, size = float(x), float(y), float(size)
        w = text_width(text, size, bool(bold))
        out.append((sid, x - w / 2, y - size * ASCENT, x + w / 2, y + size * (LINE - ASCENT)))
    return out


def _rects(svg: str):
    return {sid: (float(x), float(y), float(x) + float(w), float(y) + float(h)) for sid, x, y, w, h in re.findall(
        r'<g data-staff="([^"]+)"[^>]*><title>[^<]*</title><rect class="sk-server" x="([^"]+)" y="([^"]+)" '
        r'width="([^"]+)" height="([^"]+)"', svg)}


def _disjoint(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


@pytest.mark.parametrize("n", range(1, 25))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_window_labels_never_overlap(day_results, n, lang):
    """Issue 23: from 8 windows the labels ran into each other. For 1 to 24 windows, with
    and without activities, every label line sits inside its own server's box, and no two
    lines overlap."""
    sc = _with_windows(n)
    state = state_at(day_results, 742.7)
    busy = state.__class__(**{**state.__dict__, "staff": {f"T{i + 1}": "serve" for i in range(n)}})
    for s in (None, busy):
        svg = floor_svg(s, sc, lang)
        assert f'data-windows="{n}"' in svg
        boxes, rects = _label_boxes(svg), _rects(svg)
        windows = [sid for sid in rects if sid.startswith("T")]
        assert len(windows) == n
        assert {b[0] for b in boxes} >= set(windows), "every window is labelled (at least its id)"
        for sid, *box in boxes:
            r = rects[sid]
            assert r[0] <= box[0] and box[2] <= r[2] and r[1] <= box[1] and box[3] <= r[3], (sid, box, r)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert _disjoint(a[1:], b[1:]), (a, b)
        for i, a in enumerate(windows):
            for b in windows[i + 1:]:
                assert _disjoint(rects[a], rects[b]), (a, b)


def test_the_plan_before_a_run_shows_the_chosen_windows():
    from simkit.dashboard.app import Dashboard
    d = Dashboard()
    d.windows_w.value = 10
    assert 'data-windows="12"' in d.floor_w.value  # 10 ordinary + VIP + corporate, before any run
    assert d.floor_w.value.count('data-kind="window"') == 12
