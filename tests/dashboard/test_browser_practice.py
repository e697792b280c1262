"""The practice tab in a real browser (Debian's Chromium, driven by Playwright, against Voila as
``make dashboard`` serves it): a short morning rush played by clicks, whose debrief shows the
numbers of the session's own event log (downloaded from the page) and of the model's run of the
same customers. Screenshots of a decision and of the debrief in English and Chinese go to
``out/test-artifacts/``.
"""
from __future__ import annotations

import base64
import csv
import io
import re

import pytest

from simkit.branch.debrief import Outcomes, queue_minutes
from simkit.branch.practice import PracticeSession
from simkit.dashboard.practice import CASES, case_plan

from helpers import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "out" / "test-artifacts"
STEP_MS = 30_000  # one click's answer on a busy 2-core machine; well under a second on an idle one


@pytest.fixture(scope="module")
def page(voila_server, chromium_context):
    with voila_server() as server, chromium_context(viewport={"width": 1400, "height": 1000}) as ctx:
        pg = ctx.new_page()
        pg.goto(server.url, timeout=120_000)
        pg.wait_for_selector(".sk-run", timeout=120_000)
        yield pg


def _step(pg, n):
    pg.wait_for_selector(f".sk-practice-state[data-step='{n}']", timeout=STEP_MS)


def _shown(pg) -> dict[str, dict[str, float]]:
    cells = pg.eval_on_selector_all(".sk-practice-debrief td[data-side]", """cells => cells.map(c =>
        [c.closest('tr').dataset.measure, c.dataset.side, c.dataset.value])""")
    out: dict[str, dict[str, float]] = {}
    for measure, side, value in cells:
        out.setdefault(measure, {})[side] = float(value)
    return out


def _from_log(rows, start, end) -> dict[str, float]:
    """The window's figures counted here from the downloaded log, independently of the page."""
    inside = [r for r in rows if start <= r[0] < end]
    arrivals = [r[1] for r in inside if r[2] == "arrive"]
    waits = queue_minutes(rows, end)
    return {"arrived": len(arrivals), "mean_wait": sum(waits.get(c, 0.0) for c in arrivals) / len(arrivals),
            "walkouts": sum(r[2] in ("balk", "renege") for r in inside),
            "complaints": sum(r[2] == "complaint" for r in inside), "referrals": sum(r[2] == "referral" for r in inside),
            "sales": sum(r[2] == "sale" for r in inside), "churned": sum(r[5] for r in inside if r[2] == "churn")}


def test_a_short_session_played_by_clicks_debriefs_with_the_event_logs_numbers(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg = page
    pg.click(".lm-TabBar-tab:has-text('Practice')")
    pg.click("button.sk-practice-start")
    _step(pg, 0)
    pg.screenshot(path=str(ARTIFACTS / "practice-decision-en.png"), full_page=True)
    steps = 0
    for round_ in range(2):  # four decisions by clicks, five minutes to the model, four more, then Finish
        for _ in range(4):
            pg.click(".sk-practice-choices button.sk-practice-choice >> nth=0")
            steps += 1
            _step(pg, steps)
        if round_ == 0:
            pg.click("button.sk-practice-model5")
            steps += 2  # the model decides the situation on show, then five minutes: two steps of the record
            _step(pg, steps)
    pg.click("button.sk-practice-finish")
    pg.wait_for_selector(".sk-practice-debrief[data-debrief='1']", timeout=STEP_MS)
    pg.screenshot(path=str(ARTIFACTS / "practice-debrief-en.png"), full_page=True)

    shown = _shown(pg)
    href = pg.get_attribute("a.sk-practice-download[data-file='practice_log.csv']", "href")
    lines = list(csv.reader(io.StringIO(base64.b64decode(href.split(",", 1)[1]).decode("utf-8"))))
    rows = [(float(t), int(c), k, p, s, float(v)) for t, c, k, p, s, v in lines[1:]]
    case = CASES["morning_rush"]
    start = float(int(case.start[:2]) * 60 + int(case.start[3:]))
    mine = _from_log(rows, start, start + case.minutes)
    assert {name: sides["you"] for name, sides in shown.items()} == mine
    model = PracticeSession(case_plan("morning_rush"), start=case.start, minutes=case.minutes, date=case.date).finish()
    theirs = Outcomes.from_log(model.rows, model.start, model.end)
    assert {name: sides["model"] for name, sides in shown.items()} == {k: getattr(theirs, k) for k in mine}
    assert mine["arrived"] == theirs.arrived > 0  # the same customers
    decisions = re.search(r"(\d+) decisions", pg.inner_text(".sk-practice-debrief"))
    assert decisions and int(decisions.group(1)) == 8

    pg.click(".sk-lang button:has-text('中文')")
    pg.wait_for_selector(".sk-practice-debrief h3:has-text('复盘')", timeout=STEP_MS)
    assert _shown(pg) == shown
    pg.screenshot(path=str(ARTIFACTS / "practice-debrief-zh.png"), full_page=True)
    pg.click("button.sk-practice-start")
    _step(pg, 0)
    assert "网点时间" in pg.inner_text(".sk-practice-situation")
    pg.screenshot(path=str(ARTIFACTS / "practice-decision-zh.png"), full_page=True)
