"""End to end in a real browser: Debian's Chromium, driven by Playwright, against Voila.

The test starts the dashboard exactly as ``make dashboard`` does (Voila on a free
localhost port), changes a pay scheme, presses Run and checks that the KPIs on the page
changed and equal what ``simkit.run`` returns for the same scenario files and seeds.
Then it plays the replay and checks the customers drawn against ``state_at``.

It is never skipped: without ``/usr/bin/chromium`` it fails and says how to install it
(``.ci/run`` installs it in CI). Screenshots go to ``out/test-artifacts/``.
"""
from __future__ import annotations

import os
import re

import numpy as np
import pytest

import simkit
from simkit.dashboard.compute import KPIS
from simkit.dashboard.compute import panel_kpis as run_kpis
from simkit.dashboard.replay import ZONES, state_at
from simkit.scenario import load_scenario, with_overrides

from helpers import ROOT, SCENARIOS

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "out" / "test-artifacts"
PERIODS, REPS, SEED = 4, 3, 1  # 4 months: the fewest in which pay changes behaviour; 3: inputs.MIN_REPLICATIONS
RUN_TIMEOUT_MS = 240_000  # a Run on a busy 2-core machine; about 10 s on an idle one


@pytest.fixture(scope="module")
def server(voila_server):
    with voila_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def page(server, chromium_context):
    with chromium_context(viewport={"width": 1400, "height": 1000}) as ctx:
        pg = ctx.new_page()
        pg.goto(server.url, timeout=120_000)
        pg.wait_for_selector(".sk-run", timeout=120_000)
        yield pg


def _set_slider(pg, cls, value):
    box = pg.locator(f".{cls} .widget-readout")
    box.fill(str(value))
    box.press("Enter")
    pg.wait_for_function(f"document.querySelector('.{cls} .widget-readout').textContent.trim() == '{value}'")


def _run(pg, n):
    pg.click(".sk-run button, button.sk-run")
    pg.wait_for_selector(f".sk-status [data-state='done'][data-run='{n}']", timeout=RUN_TIMEOUT_MS)


def _shown_kpis(pg, side):
    cells = pg.locator(f"td.sk-kpi[data-side='{side}']")
    return {cells.nth(i).get_attribute("data-kpi"): float(cells.nth(i).get_attribute("data-value"))
            for i in range(cells.count())}


def _api_kpis(scheme_file):
    """The Python API, independent of the dashboard's code: the shipped scheme file, cut to PERIODS months."""
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / f"{scheme_file}.yaml"), {"horizon.periods": PERIODS})
    runs = [simkit.run(sc, seed=SEED + i) for i in range(REPS)]
    return {k: float(np.mean([run_kpis(r)[k] for r in runs])) for k in KPIS}, runs[0]


def test_change_scheme_run_and_replay(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg = page
    _set_slider(pg, "sk-reps", REPS)
    _set_slider(pg, "sk-periods", PERIODS)
    _run(pg, 1)
    before = _shown_kpis(pg, "A")

    # scheme A's tellers move from fixed pay to a piece rate; B stays on piece rate with fines
    pg.select_option(".sk-side-a-teller select", label="Piece rate")
    _run(pg, 2)
    after = _shown_kpis(pg, "A")
    pg.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert after["staff_pay"] != before["staff_pay"]
    assert any(after[k] != before[k] for k in ("wait_mean", "error_rate", "sales", "served_within_10")), \
        "customer KPIs did not change with the tellers' pay"

    want_a, first_a = _api_kpis("teller_piece_rate")
    want_b, _ = _api_kpis("teller_piece_rate_fines")
    shown_b = _shown_kpis(pg, "B")
    for k in KPIS:
        assert after[k] == pytest.approx(want_a[k], rel=1e-12, nan_ok=True), ("A", k)
        assert shown_b[k] == pytest.approx(want_b[k], rel=1e-12, nan_ok=True), ("B", k)

    # the replay: press play at ×10, pause, and compare what is drawn with state_at
    pg.click(".lm-TabBar-tab:has-text('Replay a day')")
    pg.wait_for_selector("svg.sk-floor[data-t]")
    t0 = float(pg.get_attribute("svg.sk-floor", "data-t"))
    pg.click(".sk-speed button:has-text('×10')")
    pg.click(".sk-play button:has(i.fa-play)")
    pg.wait_for_timeout(2500)
    pg.click(".sk-play button:has(i.fa-pause)")
    snap = _settled_floor(pg)  # one snapshot of the drawing: time, counts and dots all from the same frame
    t = float(re.search(r'data-t="([^"]+)"', snap).group(1))
    assert t > t0 + 30, f"the clock did not advance: {t0} -> {t}"
    state = state_at(first_a, t)
    assert f'data-clock="{state.clock}"' in snap
    assert state.clock in pg.inner_text(".sk-clock")
    for zone in ZONES:
        n = int(re.search(rf'data-count-{zone.replace("_", "-")}="(\d+)"', snap).group(1))
        assert n == state.counts[zone], zone
    drawn = sorted((int(c), z) for c, z in re.findall(r'data-customer="(\d+)" data-zone="(\w+)"', snap))
    assert drawn == sorted((s.customer, s.zone) for s in state.customers)
    assert len(drawn) > 0, "no customer in the branch at the time shown: pick a later time"
    pg.screenshot(path=str(ARTIFACTS / "dashboard-replay.png"), full_page=True)

    # the labels switch to Chinese in the browser too, drawn with real glyphs (not boxes)
    pg.click(".sk-lang button:has-text('中文')")
    pg.wait_for_selector(".lm-TabBar-tab:has-text('关键指标')")
    drawn = glyphs(pg, ".lm-TabBar-tab")
    assert len(drawn["chars"]) >= 8, drawn["chars"]  # the tab labels: 关键指标, 排队与等待, ...
    assert cjk_problems(drawn) == []
    pg.screenshot(path=str(ARTIFACTS / "dashboard-zh.png"), full_page=True)


#: Draws every CJK character of the elements matched by a selector on a canvas, in the font
#: the page gives that element (its computed family, at 40 px for resolution), and one
#: character no font has (U+10FFFD, private use): what a missing glyph looks like (the
#: fallback font's .notdef box). Returns each bitmap as a string of 0/1 (alpha > 127).
GLYPHS_JS = """(sel) => {
  const cv = document.createElement('canvas'); cv.width = cv.height = 56;
  const cx = cv.getContext('2d', {willReadFrequently: true});
  const draw = (font, ch) => {
    cx.clearRect(0, 0, 56, 56); cx.font = font; cx.textBaseline = 'top'; cx.fillStyle = '#000';
    cx.fillText(ch, 4, 4);
    const d = cx.getImageData(0, 0, 56, 56).data; let s = '';
    for (let i = 3; i < d.length; i += 4) s += d[i] > 127 ? '1' : '0';
    return s;
  };
  const chars = {}; let font = '40px sans-serif';
  for (const el of document.querySelectorAll(sel)) {
    const st = getComputedStyle(el); font = `${st.fontStyle} ${st.fontWeight} 40px ${st.fontFamily}`;
    for (const ch of el.textContent) if (/[\u4e00-\u9fff]/.test(ch) && !(ch in chars)) chars[ch] = draw(font, ch);
  }
  return {font, chars, missing: draw(font, String.fromCodePoint(0x10FFFD))};
}"""


def glyphs(pg, selector) -> dict:
    return pg.evaluate(GLYPHS_JS, selector)


def cjk_problems(drawn) -> list[str]:
    """What is wrong with the drawn characters: a character drawn like the missing-glyph
    box, or drawn with no ink, or distinct characters drawn alike (all boxes look the
    same; real glyphs of distinct characters never do)."""
    chars, missing = drawn["chars"], drawn["missing"]
    out = [f"{ch} is drawn as the missing-glyph box" for ch, bm in chars.items() if bm == missing]
    out += [f"{ch} has no ink" for ch, bm in chars.items() if "1" not in bm]
    if len(set(chars.values())) < len(chars):
        out.append(f"{len(chars)} distinct characters but only {len(set(chars.values()))} distinct drawings")
    return out


def test_glyph_check_sees_boxes_without_a_cjk_font(chromium_context, tmp_path):
    """The check above can fail: in a Chromium whose fontconfig sees only DejaVu (no CJK
    glyphs), the same Chinese labels are reported as boxes."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    "<dir>/usr/share/fonts/truetype/dejavu</dir>"
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    html = "<div class='t'>关键指标</div><div class='t'>排队与等待</div><div class='t'>学到的行为</div>"
    with chromium_context(env={**os.environ, "FONTCONFIG_FILE": str(conf)}) as ctx:
        pg = ctx.new_page()
        pg.set_content(html)
        without = cjk_problems(glyphs(pg, ".t"))
    assert any("missing-glyph box" in p for p in without), without
    with chromium_context() as ctx:  # and with the machine's fonts they are real glyphs
        pg = ctx.new_page()
        pg.set_content(html)
        assert cjk_problems(glyphs(pg, ".t")) == []


def _settled_floor(pg, tries=60):
    """The floor plan's HTML once the kernel has drawn the last tick after pause
    (three equal reads in a row, half a second apart)."""
    seen = []
    for _ in range(tries):
        seen.append(pg.inner_html(".sk-floor-html"))
        if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
            return seen[-1]
        pg.wait_for_timeout(500)
    pytest.fail("the replay did not stop after pause")
