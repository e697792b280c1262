"""The dashboard as a Chinese reader meets it, in a real browser (Debian's Chromium, driven by
Playwright, against Voila served as ``make dashboard`` serves it).

A browser whose language is Chinese (``Accept-Language: zh-CN``) gets the page in Chinese
without touching anything; the page names the lesson plan; Chinese is drawn in Simplified
Chinese faces (the font Chromium really used, read over the DevTools protocol, not only "not
a box"); no control's tooltip says "null" in either language; and after a run, no text on the
page (text nodes, options, tooltips, SVG text) is an untranslated English label, except the
short, reasoned ``ALLOWED`` list. Axis ticks count in 万, and the CSV downloaded in Chinese
names its KPIs in Chinese beside their codes. Screenshots go to ``out/test-artifacts/``.
"""
from __future__ import annotations

import base64
import io
import re

import pandas as pd
import pytest

from simkit.dashboard.i18n import tr

from helpers import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "out" / "test-artifacts"
RUN_TIMEOUT_MS = 240_000  # a small Run on a busy 2-core machine; seconds on an idle one
#: characters whose Simplified Chinese and Japanese glyphs differ visibly (门 复 直 骨)
SC_PROBE = "门复直骨"

#: English a Chinese page may show, each for a reason: the product's name; file formats
#: and file names (what the download saves); the language switch's own name for English;
#: the CSV column that holds the inputs, named as the file names it; ``max`` in a pay
#: formula (the function, as in a spreadsheet)
ALLOWED = {
    "simkit": "the product's name",
    "CSV": "file format", "SVG": "file format", "JSON": "file format", "Parquet": "file format",
    "English": "the language switch names each language in itself",
    "inputs": "the CSV column and JSON file named as they are in the download",
    "max": "the maximum function in a pay formula",
}
#: file names (kpis_summary.csv, queue.svg, docs/zh/lesson_plan.md) and staff or machine codes
#: (T1, S2), kept where they are needed: a file is saved under its name, a code names a person
#: in a tooltip beside the name
CODE = re.compile(r"^(?:[\w./-]+\.(?:csv|parquet|json|svg|md)|[TLMS]\d+)$")
WORD = re.compile(r"[A-Za-z][A-Za-z_.]*[A-Za-z]")
#: what separates tokens: spaces and punctuation of either width
SEPARATORS = re.compile(r"[\s（）()，,、；;：:。·]+")


@pytest.fixture(scope="module")
def page(voila_server, chromium_context):
    with voila_server() as server, chromium_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                                    accept_downloads=True) as ctx:
        pg = ctx.new_page()
        pg.goto(server.url, timeout=120_000)
        pg.wait_for_selector("button.sk-run", timeout=120_000)
        yield pg


def _set_slider(pg, cls, value):
    box = pg.locator(f".{cls} .widget-readout")
    box.fill(str(value))
    box.press("Enter")
    pg.wait_for_function(f"document.querySelector('.{cls} .widget-readout').textContent.trim() == '{value}'")


def _null_titles(pg) -> list[str]:
    return pg.evaluate("""() => [...document.querySelectorAll('[title]')]
        .filter(e => e.getAttribute('title') === 'null').map(e => e.outerHTML.slice(0, 120))""")


def _font_of(pg, cdp, selector) -> list[str]:
    """The font families Chromium drew ``selector``'s text with (DevTools protocol)."""
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


def test_a_chinese_browser_gets_the_page_in_chinese_with_the_lesson_plan_named(page):
    pg = page
    pg.wait_for_selector(".lm-TabBar-tab:has-text('关键指标')")
    assert pg.locator(".sk-lang button.mod-active").inner_text().strip() == "中文"
    plan = pg.locator(".sk-lesson-plan [data-lesson-plan]")
    assert plan.get_attribute("data-lesson-plan") == "docs/zh/lesson_plan.md"
    assert "docs/zh/lesson_plan.md" in plan.inner_text() and "教案" in plan.inner_text()


def test_chinese_is_drawn_in_simplified_chinese_faces(page):
    pg = page
    cdp = pg.context.new_cdp_session(pg)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    pg.evaluate("""(text) => {
        const inside = document.createElement('span'); inside.id = 'sk-sc-probe'; inside.textContent = text;
        document.querySelector('.sk-lesson-plan').appendChild(inside);
        const outside = document.createElement('span'); outside.id = 'sk-sc-outside'; outside.textContent = text;
        document.body.appendChild(outside); }""", SC_PROBE)
    outside = _font_of(pg, cdp, "#sk-sc-outside")  # the page's own default, for the message
    for selector in ("#sk-sc-probe", ".lm-TabBar-tab", ".sk-windows .widget-label", "button.sk-run",
                     ".sk-lesson select"):
        fonts = _font_of(pg, cdp, selector)
        assert fonts and all(re.search(r"\bSC\b|Simplified|YaHei", f) for f in fonts), \
            f"{selector} is drawn in {fonts}, not a Simplified Chinese face (outside the app: {outside})"
    pg.evaluate("document.getElementById('sk-sc-probe').remove(); document.getElementById('sk-sc-outside').remove()")


def test_no_tooltip_says_null_in_either_language_and_english_keeps_chinese_simplified(page):
    pg = page
    assert _null_titles(pg) == []
    tip = pg.get_attribute(".sk-windows .widget-label", "title")
    assert tip == tr("tip.windows", "zh")
    assert pg.get_attribute(".sk-branch label span", "title") == tr("tip.branch", "zh")
    pg.click(".sk-lang button:has-text('English')")
    pg.wait_for_selector(".lm-TabBar-tab:has-text('KPIs')")
    assert _null_titles(pg) == []
    assert pg.get_attribute(".sk-windows .widget-label", "title") == tr("tip.windows", "en")
    cdp = pg.context.new_cdp_session(pg)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    fonts = _font_of(pg, cdp, ".sk-lang button:last-child")  # 中文, on the English page
    assert fonts and all(re.search(r"\bSC\b|Simplified|YaHei", f) for f in fonts), fonts
    pg.click(".sk-lang button:has-text('中文')")
    pg.wait_for_selector(".lm-TabBar-tab:has-text('关键指标')")


#: every piece of text a reader can meet in the app: text nodes (HTML and SVG, tab titles,
#: options, buttons, slider readouts) and tooltips (title attributes)
TEXTS_JS = """() => {
  const root = document.querySelector('.sk-app'), out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('style, script')) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  root.querySelectorAll('[title]').forEach(e => out.push(e.getAttribute('title')));
  return out;
}"""


def untranslated(texts: list[str]) -> set[str]:
    """English words on a Chinese page that are not codes, file names or ``ALLOWED``."""
    found = set()
    for text in texts:
        for token in SEPARATORS.split(text):
            if CODE.match(token):
                continue
            found |= {w for w in WORD.findall(token) if w not in ALLOWED}
    return found


def test_the_untranslated_check_finds_english():
    """The scan can fail: English labels are found, codes and the allowed words are not."""
    assert untranslated(["等候 Mean wait", "T1 · 柜员1", "kpis_summary.csv，1,024 字节", "simkit — 看板"]) == \
        {"Mean", "wait"}


def test_after_a_run_no_english_label_is_left_and_numbers_read_in_chinese(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg = page
    _set_slider(pg, "sk-reps", 3)
    _set_slider(pg, "sk-periods", 1)
    pg.click("button.sk-run")
    pg.wait_for_selector(".sk-status [data-state='done'][data-run='1']", timeout=RUN_TIMEOUT_MS)
    for tab in ("关键指标", "排队与等候", "员工行为变化", "工资单", "银行经营", "下载", "营业日回放"):
        pg.click(f".lm-TabBar-tab:has-text('{tab}')")
        pg.wait_for_timeout(300)
    pg.wait_for_selector("svg.sk-floor[data-t]")
    pg.screenshot(path=str(ARTIFACTS / "dashboard-zh-replay.png"), full_page=True)
    texts = pg.evaluate(TEXTS_JS)
    assert len(texts) > 200, len(texts)
    left = untranslated(texts)
    assert not left, f"English on the Chinese page: {sorted(left)}"
    assert not [t for t in texts if re.fullmatch(r"-?[\d.]+[kM]", t)], "an axis counts in k/M, not 万"
    assert pg.locator("svg[data-chart][lang='zh-CN']").count() >= 4

    pg.click(".lm-TabBar-tab:has-text('下载')")
    href = pg.get_attribute("a.sk-download[data-file='kpis_summary.csv']", "href")
    table = pd.read_csv(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))
    assert list(table.columns[:2]) == ["指标", "kpi"]
    assert table.set_index("kpi").loc["wait_mean", "指标"] == tr("kpi.wait_mean", "zh")
    pg.click(".lm-TabBar-tab:has-text('关键指标')")
    pg.screenshot(path=str(ARTIFACTS / "dashboard-zh.png"), full_page=True)
