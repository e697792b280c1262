"""Issues 22 (item 9) and 23 (items 2, 7, 8) in a real browser: Debian's Chromium, driven by
Playwright, against the dashboard served by Voila exactly as ``make dashboard`` serves it.

What a trainer does, checked on the page: the floor plan with 12 windows has no
overlapping labels (real glyph boxes, ``getBBox``; and 1-24 windows drawn into the same
page); a lesson sets the scheme dropdowns and explains itself; a double click on Run runs
once; the KPI table marks clear differences; pay below zero is flagged and the payslip
formulas read in Chinese; the download links are there and their files parse (read from
the link and saved by the browser); changed inputs mark the results stale; Cancel stops a
long run. Never skipped: without ``/usr/bin/chromium`` it fails and says how to install it.
Screenshots go to ``out/test-artifacts/dashboard-ui-*.png``.
"""
from __future__ import annotations

import base64
import io
import json
import os
import shutil
import tempfile
import time

import pandas as pd
import pytest

from simkit.dashboard.floor import floor_svg
from simkit.report.meaningful import minimal
from simkit.scenario import load_scenario, with_overrides

from helpers import ROOT, SCENARIOS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "out" / "test-artifacts"
RUN_TIMEOUT_MS = 240_000  # a small Run on a busy 2-core machine; a few seconds on an idle one
TOL = 0.5  # px: sub-pixel rounding of glyph boxes


# ------------------------------------------------------------------ serving (tests/dashboard/conftest.py)
@pytest.fixture(scope="module")
def server(voila_server):
    """The dashboard's address (with its token), served as ``make dashboard`` serves it."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the browser test needs Debian's chromium package "
                    "(apt-get install -y chromium; .ci/run installs it in CI)", pytrace=False)
    with voila_server() as srv:
        yield srv.url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="simkit-chromium-ui-")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                    viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        try:
            pg = ctx.new_page()
            pg.goto(server, timeout=120_000)
            pg.wait_for_selector(".sk-run", timeout=120_000)
            yield pg
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def _set_slider(pg, cls, value):
    box = pg.locator(f".{cls} .widget-readout")
    box.fill(str(value))
    box.press("Enter")
    pg.wait_for_function(f"document.querySelector('.{cls} .widget-readout').textContent.trim() == '{value}'")


def _readout(pg, cls) -> str:
    return pg.inner_text(f".{cls} .widget-readout").strip()


def _selected(pg, cls) -> str:
    return pg.eval_on_selector(f".{cls} select", "s => s.options[s.selectedIndex].text").replace("\xa0", " ")


def _tab(pg, title):
    pg.click(f".lm-TabBar-tab:has-text('{title}')")


# ------------------------------------------------------------------ geometry
_MEASURE = """(root) => {
  const labels = [], rects = {};
  root.querySelectorAll('text.sk-label').forEach(t => {
    const b = t.getBBox(); labels.push([t.dataset.labelOf, b.x, b.y, b.x + b.width, b.y + b.height]); });
  root.querySelectorAll('rect.sk-server').forEach(r => {
    const b = r.getBBox(); rects[r.parentNode.dataset.staff] = [b.x, b.y, b.x + b.width, b.y + b.height]; });
  return [labels, rects];
}"""


def _check_geometry(labels, rects, what):
    assert labels, f"{what}: no labels drawn"
    for sid, *box in labels:
        r = rects[sid]
        assert (r[0] - TOL <= box[0] and box[2] <= r[2] + TOL and r[1] - TOL <= box[1] and box[3] <= r[3] + TOL), \
            f"{what}: the label of {sid} {box} leaves its box {r}"
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            apart = (a[3] <= b[1] + TOL or b[3] <= a[1] + TOL or a[4] <= b[2] + TOL or b[4] <= a[2] + TOL)
            assert apart, f"{what}: labels overlap: {a} and {b}"


def _with_windows(n):
    base = load_scenario(SCENARIOS / "baseline.yaml")
    if n < 3:
        return with_overrides(base, {"branch.windows": {"ordinary": n, "vip": 0, "corporate": 0},
                                     "customers.segments.vip.ticket": "ordinary",
                                     "customers.segments.corporate.ticket": "ordinary"})
    return with_overrides(base, {"branch.windows": {"ordinary": n - 2, "vip": 1, "corporate": 1}})


# ------------------------------------------------------------------ the tests (one page, in order)
def test_defaults_and_a_floor_plan_of_12_windows_without_overlapping_labels(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg = page
    assert int(_readout(pg, "sk-reps")) >= 5, "the dashboard defaults to at least 5 replications"
    assert int(_readout(pg, "sk-periods")) >= 4
    assert pg.locator(".sk-estimate [data-estimate]").count() == 1  # a time estimate before any run
    _set_slider(pg, "sk-windows", 10)  # 10 ordinary + 1 VIP + 1 corporate
    _tab(pg, "Replay a day")
    pg.wait_for_selector("svg.sk-floor[data-windows='12']")
    labels, rects = pg.eval_on_selector("svg.sk-floor", _MEASURE)
    assert sum(1 for k in rects if k.startswith("T")) == 12
    _check_geometry(labels, rects, "12 windows on the page")
    pg.screenshot(path=str(ARTIFACTS / "dashboard-ui-floor-12.png"), full_page=True)

    # every window count from 1 to 24, both languages, drawn into the same page and measured there
    for lang in ("en", "zh"):
        for n in range(1, 25):
            svg = floor_svg(None, _with_windows(n), lang)
            labels, rects = pg.evaluate("""(svg) => {
                const d = document.createElement('div'); d.innerHTML = svg; document.body.appendChild(d);
                const m = (""" + _MEASURE + """)(d); d.remove(); return m; }""", svg)
            _check_geometry(labels, rects, f"{n} windows ({lang})")
    _set_slider(pg, "sk-windows", 3)  # back to the baseline branch's windows
    _tab(pg, "KPIs")


def test_a_lesson_sets_the_scheme_dropdowns_and_explains_itself(page):
    pg = page
    pg.select_option(".sk-lesson select", label="Heavy fines (tellers)")
    pg.wait_for_selector(".sk-lesson-text [data-lesson='heavy_fines']")
    assert _selected(pg, "sk-side-a-teller") == "Fixed pay"
    assert _selected(pg, "sk-side-b-teller") == "Low base, heavy fines"
    assert _readout(pg, "sk-periods") == "6"
    assert "out of pocket" in pg.inner_text(".sk-lesson-text")
    pg.select_option(".sk-lesson select", label="Deposit-only vs responsibility profit (customer managers)")
    pg.wait_for_selector(".sk-lesson-text [data-lesson='deposit_vs_profit']")
    assert _selected(pg, "sk-side-a-customer-manager") == "Deposits only (唯存款论)"
    assert _selected(pg, "sk-side-b-customer-manager") == "Responsibility profit"
    assert _selected(pg, "sk-side-b-teller") == "Fixed pay"
    pg.select_option(".sk-lesson select", label="Heavy fines (tellers)")
    pg.wait_for_selector(".sk-lesson-text [data-lesson='heavy_fines']")


def test_a_double_click_runs_once_and_the_results_say_what_they_are(page):
    pg = page
    _set_slider(pg, "sk-reps", 3)
    _set_slider(pg, "sk-periods", 2)
    pg.wait_for_selector(".sk-months-warning [data-few-months='2']")  # A = B with 2 months: said why
    assert "three payslips" in pg.inner_text(".sk-months-warning")
    pg.dblclick(".sk-run button, button.sk-run")
    pg.wait_for_selector(".sk-status [data-state='done'][data-run='1']", timeout=RUN_TIMEOUT_MS)
    pg.wait_for_timeout(3000)  # a second run would have started by now
    status = pg.locator(".sk-status span")
    assert status.get_attribute("data-run") == "1" and status.get_attribute("data-sims") == "6", \
        "a double click ran the comparison twice"
    assert status.get_attribute("data-state") in ("done", "same")
    label = pg.locator(".sk-results-label")
    assert label.get_attribute("data-stale") == "0" and label.get_attribute("data-periods") == "2"
    assert "seeds 1, 2, 3" in label.inner_text() and "Low base, heavy fines" in label.inner_text()
    assert int(pg.get_attribute(".sk-estimate [data-estimate]", "data-measured")) == 6  # refined from the run

    # clear differences (interval excludes 0 and at least the KPI's minimal size) are marked, and only those
    cells = pg.locator("td.sk-kpi[data-side='diff']")
    assert cells.count() == 16
    for i in range(cells.count()):
        c = cells.nth(i)
        lo, hi = float(c.get_attribute("data-lo")), float(c.get_attribute("data-hi"))
        size = minimal(c.get_attribute("data-kpi"))
        clear = (lo > 0 or hi < 0) and not abs(float(c.get_attribute("data-value"))) < size
        assert c.get_attribute("data-clear") == str(int(clear))
        assert (c.get_attribute("data-verdict") == "clear") == clear
        assert (c.locator(".sk-badge").count() == 1) == clear
    for kpi in ("served_within_10", "npl_ratio", "error_rate"):  # shares stay in [0, 100 %]
        for side in ("A", "B"):
            c = pg.locator(f"td.sk-kpi[data-kpi='{kpi}'][data-side='{side}']")
            lo, hi = float(c.get_attribute("data-lo")), float(c.get_attribute("data-hi"))
            assert 0.0 <= lo <= hi <= 1.0, (kpi, side, lo, hi)

    # pay below zero under heavy fines: shown, flagged, explained; formulas in Chinese
    _tab(pg, "Payslips")
    pg.wait_for_selector(".sk-panel-pay [data-negative-note='1']")
    assert pg.locator(".sk-panel-pay [data-negative-side='B']").count() >= 1
    assert pg.locator(".sk-panel-pay [data-negative-side='A']").count() == 0
    assert "seed 002 — fines are paid out of pocket" in pg.inner_text(".sk-panel-pay")
    assert "¥−" in pg.inner_text(".sk-panel-pay [data-negative='1']")
    pg.screenshot(path=str(ARTIFACTS / "dashboard-ui-payslips.png"), full_page=True)
    pg.click(".sk-lang button:has-text('中文')")
    pg.wait_for_selector(".lm-TabBar-tab:has-text('工资单')")
    pg.wait_for_function("document.querySelector('.sk-panel-pay').innerText.includes('次差错')")
    formulas = pg.locator(".sk-panel-pay td.sk-formula").all_inner_texts()
    assert any("次差错" in f for f in formulas)
    assert not any(w in f for f in formulas for w in ("errors", "complaints", "advanced", "pts")), formulas
    assert "自掏腰包" in pg.inner_text(".sk-panel-pay")
    pg.screenshot(path=str(ARTIFACTS / "dashboard-ui-payslips-zh.png"), full_page=True)
    pg.click(".sk-lang button:has-text('English')")
    pg.wait_for_selector(".lm-TabBar-tab:has-text('Payslips')")


def test_download_links_are_there_and_their_files_parse(page):
    pg = page
    _tab(pg, "Downloads")
    pg.wait_for_selector(".sk-panel-downloads a.sk-download[data-file='kpis_summary.csv']")
    shown = {}
    _tab(pg, "KPIs")
    for c in pg.locator("td.sk-kpi[data-side='A']").all():
        shown[c.get_attribute("data-kpi")] = float(c.get_attribute("data-value"))
    _tab(pg, "Downloads")

    def href(name):
        return pg.get_attribute(f"a.sk-download[data-file='{name}']", "href")

    def payload(name):
        head, data = href(name).split(",", 1)
        assert head.startswith("data:") and head.endswith(";base64")
        return base64.b64decode(data)

    summary = pd.read_csv(io.BytesIO(payload("kpis_summary.csv")))
    assert list(summary["kpi"]) == list(shown)
    for kpi, value in shown.items():
        got = summary.set_index("kpi").loc[kpi, "A"]
        assert got == pytest.approx(value, rel=1e-9, nan_ok=True), kpi
    inputs = json.loads(summary["inputs"].iloc[0])
    assert inputs["seeds"] == [1, 2, 3] and inputs["b"]["teller"] == "teller_heavy_fines" and inputs["periods"] == 2
    runs = pd.read_parquet(io.BytesIO(payload("kpis_by_replication.parquet")))
    assert set(runs["side"]) == {"A", "B"} and set(runs["seed"]) == {1, 2, 3}
    assert json.loads(payload("inputs.json"))["replications"] == 3
    svg = payload("queue.svg").decode("utf-8")
    assert svg.startswith("<svg") and 'data-chart="queue"' in svg and svg.endswith("</svg>")

    # and the browser really saves it (a data: link with download= works under Voila)
    with pg.expect_download(timeout=30_000) as dl:
        pg.click("a.sk-download[data-file='kpis_by_replication.csv']")
    d = dl.value
    assert d.suggested_filename == "kpis_by_replication.csv"
    saved = pd.read_csv(d.path())
    assert len(saved) == 2 * 3 * 16 and set(saved["kpi"]) == set(shown)


def test_changed_inputs_mark_results_stale_and_cancel_stops_a_long_run(page):
    pg = page
    _tab(pg, "KPIs")
    pg.fill(".sk-seed input", "11")
    pg.press(".sk-seed input", "Enter")
    pg.wait_for_selector(".sk-results-label[data-stale='1']")
    assert "Press Run" in pg.inner_text(".sk-results-label")
    assert "seeds 1, 2, 3" in pg.inner_text(".sk-results-label")  # still the inputs that produced them
    _set_slider(pg, "sk-reps", 8)
    _set_slider(pg, "sk-periods", 12)  # 16 simulations of a year: minutes, unless cancelled
    pg.click(".sk-run button, button.sk-run")
    pg.wait_for_selector(".sk-status [data-state='running']", timeout=30_000)
    assert "left" in pg.inner_text(".sk-status")
    pg.wait_for_timeout(1000)
    t0 = time.monotonic()
    pg.click(".sk-cancel button, button.sk-cancel")
    pg.wait_for_selector(".sk-status [data-state='cancelled']", timeout=60_000)
    assert time.monotonic() - t0 < 60
    assert pg.get_attribute(".sk-status span", "data-run") == "1"  # no new results
    label = pg.locator(".sk-results-label")
    assert label.get_attribute("data-stale") == "1" and label.get_attribute("data-periods") == "2"
    assert not pg.locator(".sk-run button, button.sk-run").first.is_disabled()
    pg.screenshot(path=str(ARTIFACTS / "dashboard-ui-cancelled.png"), full_page=True)
