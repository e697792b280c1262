"""The dashboard in a classroom, measured in a real browser: Debian's Chromium, driven by
Playwright, against the dashboard served as ``make dashboard`` serves it.

A trainer projects the page at 1280×720 and trainees open it on 1024×768 laptops, in a
room that may have no internet (a bank intranet). Checked on the page: at 1280×720 Run,
its status and, during a run, its progress bar are on screen without scrolling, and the
results side says a run is going on (not "No results yet"); at 1024×768 and 1280×720, in
English and Chinese, no tab title, control label, button or dropdown option (each as it
shows when chosen) is cut; no element has the tooltip "null"; every request the page
makes goes to this machine, and the page loads only the widgets' lab extensions; the
server's pages (login, not found) load nothing from elsewhere either; the server's log
never shows the token. Never skipped: without ``/usr/bin/chromium`` it fails and says how
to install it. Screenshots go to ``out/test-artifacts/dashboard-classroom-*.png``.
"""
from __future__ import annotations

import http.client
import re
from urllib.parse import urlparse

import pytest
from helpers import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "out" / "test-artifacts"
PROJECTOR = {"width": 1280, "height": 720}  # a classroom projector's common resolution (720p)
LAPTOP = {"width": 1024, "height": 768}  # XGA: the smallest laptop screen still in training rooms
LOCAL_HOSTS = ("127.0.0.1", "localhost")
#: the lab extensions the page needs (dashboard/voila-config/voila.py allows these only)
WIDGET_EXTENSIONS = {"@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8"}
RUN_TIMEOUT_MS = 240_000  # a small Run on a busy 2-core machine; a few seconds on an idle one

#: every text the page shows that a box may cut: tab titles, labels and buttons whose text
#: overflows their box, and every option of every visible dropdown that would not fit in it
#: when chosen (a <select> shows its chosen option cut without any overflow to measure, so
#: the option's text is measured in the select's own font against its inner width)
_CUT = """() => {
  const cut = [], ctx = document.createElement('canvas').getContext('2d');
  document.querySelectorAll('select').forEach(s => {
    if (!s.offsetParent) return;
    const cs = getComputedStyle(s); ctx.font = cs.font;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    [...s.options].forEach(o => { const w = ctx.measureText(o.text).width;
      if (w > room + 0.5) cut.push(`option "${o.text}": ${w.toFixed(0)} px in ${room.toFixed(0)} px`); });
  });
  document.querySelectorAll('.lm-TabBar-tabLabel, .widget-label, .widget-button, .widget-toggle-button, '
                            + '.widget-readout').forEach(e => {
    if (e.offsetParent && e.scrollWidth > e.clientWidth + 1)
      cut.push(`${e.className} "${e.textContent.trim()}": ${e.scrollWidth} px in ${e.clientWidth} px`); });
  return cut;
}"""

_BOX = "(e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }"


@pytest.fixture(scope="module")
def server(voila_server):
    with voila_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def visit(server, chromium_context):
    """The page at 1280×720, and every request and console error it made from the start."""
    requests, errors = [], []
    with chromium_context(viewport=PROJECTOR) as ctx:
        pg = ctx.new_page()
        pg.on("request", lambda r: requests.append(r.url))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.goto(server.url, timeout=120_000)
        pg.wait_for_selector(".sk-run", timeout=120_000)
        yield pg, requests, errors


def _set_slider(pg, cls, value):
    box = pg.locator(f".{cls} .widget-readout")
    box.fill(str(value))
    box.press("Enter")
    pg.wait_for_function(f"document.querySelector('.{cls} .widget-readout').textContent.trim() == '{value}'")


def _on_screen(pg, selector) -> list:
    """``selector``'s box, asserted inside the viewport as it is (nothing scrolled)."""
    box = pg.eval_on_selector(selector, _BOX)
    size = pg.viewport_size
    assert 0 <= box[0] and box[2] <= size["width"] and 0 <= box[1] and box[3] <= size["height"], \
        f"{selector} at {box} is not inside the {size['width']}×{size['height']} window"
    return box


def _scroll_to_top(pg):
    pg.evaluate("document.getElementById('rendered_cells').scrollTop = 0")


def _small_run(pg, wait=True):
    """Press Run for the smallest comparison: 3 replications of 2 months a side."""
    _set_slider(pg, "sk-reps", 3)
    _set_slider(pg, "sk-periods", 2)
    _scroll_to_top(pg)
    pg.click(".sk-run button, button.sk-run")
    if wait:
        pg.wait_for_selector(".sk-status [data-state='done']", timeout=RUN_TIMEOUT_MS)


def test_at_a_projectors_1280x720_run_and_its_status_are_on_screen_and_a_run_says_it_is_running(visit):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg, _, _ = visit
    assert pg.evaluate("document.getElementById('rendered_cells').scrollTop") == 0
    run = _on_screen(pg, ".sk-run")
    status = _on_screen(pg, ".sk-status")
    assert status[1] < run[3] and run[1] < status[3], "the status line is not beside Run"
    _on_screen(pg, ".sk-estimate")
    assert "No results yet" in pg.inner_text(".sk-panel-kpis")

    _small_run(pg, wait=False)
    pg.wait_for_selector(".sk-panel-kpis [data-running='1']", timeout=30_000)
    assert "No results yet" not in pg.inner_text(".sk-panel-kpis")
    assert "Running" in pg.inner_text(".sk-panel-kpis")
    _on_screen(pg, ".sk-run")
    _on_screen(pg, ".sk-run-progress progress")
    _on_screen(pg, ".sk-status [data-state='running']")
    pg.screenshot(path=str(ARTIFACTS / "dashboard-classroom-running-1280x720.png"))
    pg.wait_for_selector(".sk-status [data-state='done'][data-run='1']", timeout=RUN_TIMEOUT_MS)
    assert pg.locator(".sk-panel-kpis td.sk-kpi").count() > 0
    assert pg.locator(".sk-run-progress progress").count() == 0  # the bar goes with the run


@pytest.mark.parametrize("lang, button", [("en", "English"), ("zh", "中文")])
def test_no_tab_title_label_or_dropdown_option_is_cut_at_1024x768_or_1280x720(visit, lang, button):
    pg, _, _ = visit
    pg.click(f".sk-lang button:has-text('{button}')")
    pg.wait_for_function(f"document.querySelector('.sk-app').classList.contains('sk-zh') == {str(lang == 'zh').lower()}")
    try:
        for size in (LAPTOP, PROJECTOR):
            pg.set_viewport_size(size)
            pg.wait_for_timeout(300)  # the page lays itself out again
            assert pg.evaluate(_CUT) == [], f"cut at {size['width']}×{size['height']} ({lang})"
            assert pg.evaluate("document.getElementById('rendered_cells').scrollWidth "
                               "<= document.getElementById('rendered_cells').clientWidth"), "the page scrolls sideways"
        pg.set_viewport_size(LAPTOP)
        _scroll_to_top(pg)
        pg.screenshot(path=str(ARTIFACTS / f"dashboard-classroom-1024x768-{lang}.png"))
    finally:
        pg.set_viewport_size(PROJECTOR)
        pg.click(".sk-lang button:has-text('English')")


def test_no_control_has_a_null_tooltip(visit):
    """On every tab, after a run (every panel drawn), in both languages."""
    pg, _, _ = visit
    if pg.locator(".sk-status [data-state='done']").count() == 0:  # run on its own: a small run first
        _small_run(pg)
    for button in ("中文", "English"):
        pg.click(f".sk-lang button:has-text('{button}')")
        pg.wait_for_timeout(500)
        for i in range(pg.locator(".sk-tabs .lm-TabBar-tab").count()):
            pg.locator(".sk-tabs .lm-TabBar-tab").nth(i).click()
            nulls = pg.evaluate("[...document.querySelectorAll('[title]')].filter(e => "
                                "['null', 'undefined'].includes(e.getAttribute('title').trim()))"
                                ".map(e => e.className + ': ' + e.textContent.trim().slice(0, 40))")
            assert nulls == [], f"tab {i} ({button}): tooltips that say null"
    assert pg.locator(".sk-lesson [title]").count() >= 1  # the controls do explain themselves
    pg.locator(".sk-tabs .lm-TabBar-tab").first.click()


def test_every_request_stays_on_this_machine_and_only_the_widget_extensions_load(visit, server):
    pg, requests, errors = visit
    pg.wait_for_load_state("networkidle")
    assert len(requests) > 10
    away = sorted({u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                   and urlparse(u).hostname not in LOCAL_HOSTS})
    assert away == [], "requests that leave the machine"
    extensions = {m.group(1) for u in requests if (m := re.search(r"/labextensions/(@[^/]+/[^/]+|[^@/][^/]*)/", u))}
    assert extensions == WIDGET_EXTENSIONS
    assert errors == [], "errors in the browser's console"
    # Font Awesome (Run's icon) comes from Voila's own bundle, not from the CDN its template names
    assert pg.evaluate("document.fonts.check('900 12px \"Font Awesome 5 Free\"')")
    assert "Font Awesome" in pg.eval_on_selector(".sk-run i", "i => getComputedStyle(i).fontFamily")
    # the server's own pages: its login page, and the error page of a refused request
    for path, headers in (("/login", {}), (f"/?token={server.token}", {"Origin": "http://evil.example"})):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request("GET", path, headers=headers)
        body = conn.getresponse().read().decode()
        conn.close()
        loads = re.findall(r"""<(?:link|script|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)""",
                           body, re.IGNORECASE)
        assert loads, f"{headers or path}: nothing found to check"
        outside = [u for u in loads if urlparse(u).netloc and urlparse(u).hostname not in LOCAL_HOSTS]
        assert outside == [], f"{headers or path} loads from elsewhere"


def test_the_log_never_shows_the_token(server):
    for path, headers in ((f"/?token={server.token}", {"Origin": "http://evil.example"}),  # refused: 403
                          ("/?token=a-wrong-guess", {})):  # no such token: to the login page
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request("GET", path, headers=headers)
        conn.getresponse().read()
        conn.close()
    log = server.log_text()
    assert "403 GET /?token=[hidden]" in log
    assert server.token not in log and "a-wrong-guess" not in log
