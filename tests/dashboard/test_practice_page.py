"""The practice page's handlers without a browser (``simkit.dashboard.practice``): clicks play a
case, the debrief shown is the session's event log, both languages, refused calls, the tab."""
from __future__ import annotations

import base64
import csv
import io
import re

import pytest

from simkit.branch.debrief import Outcomes, queue_minutes
from simkit.dashboard.i18n import tr
from simkit.dashboard.practice import CASES, MEASURES, PracticeError, PracticePage, case_plan


def _buttons(page):
    """The choice buttons on show, in order (inside boxes too)."""
    out = []
    for child in page.choices_w.children:
        out += [child] if hasattr(child, "click") else [c for c in getattr(child, "children", ()) if hasattr(c, "click")]
    return out


def _shown(page) -> dict[str, dict[str, float]]:
    """The debrief's figures as the page shows them: measure -> side -> exact value."""
    found = re.findall(r"<tr data-measure='(\w+)'>(.*?)</tr>", page.debrief_w.value)
    return {name: {side: float(value) for side, value in re.findall(r"data-side='(\w+)' data-value='([^']+)'", cells)}
            for name, cells in found}


def _download(page, name) -> bytes:
    href = re.search(rf"data-file='{re.escape(name)}'[^>]*href='data:text/csv;base64,([^']+)'", page.downloads_w.value)
    return base64.b64decode(href.group(1))


def _play_by_clicks(page, decisions=6):
    """Click the first choice ``decisions`` times, hand five minutes to the model, then Finish."""
    page.start_w.click()
    for _ in range(decisions):
        if page.situation is None:
            break
        _buttons(page)[0].click()
    if page.report is None:
        page.model_w.click()
    if page.report is None:
        page.finish_w.click()


def test_a_case_played_by_clicks_debriefs_with_the_event_logs_numbers():
    page = PracticePage("en")
    _play_by_clicks(page)
    result = page.recorded.finish()
    assert page.report.decisions == page.recorded.decisions == 6
    shown = _shown(page)
    assert set(shown) == {name for name, _ in MEASURES}
    inside = [r for r in result.rows if result.start <= r[0] < result.end]
    arrivals = [r[1] for r in inside if r[2] == "arrive"]
    waits = queue_minutes(result.rows, result.end)
    assert shown["arrived"]["you"] == len(arrivals) == result.kpis["arrived"]
    assert shown["mean_wait"]["you"] == sum(waits.get(c, 0.0) for c in arrivals) / len(arrivals)
    assert shown["mean_wait"]["you"] == pytest.approx(result.kpis["mean_wait"], rel=1e-12)
    assert shown["walkouts"]["you"] == sum(r[2] in ("balk", "renege") for r in inside)
    for name, kind in (("complaints", "complaint"), ("referrals", "referral"), ("sales", "sale")):
        assert shown[name]["you"] == sum(r[2] == kind for r in inside)
    assert shown["churned"]["you"] == sum(r[5] for r in inside if r[2] == "churn")
    for name in shown:
        assert shown[name]["diff"] == shown[name]["you"] - shown[name]["model"]
    # the event log offered for download is the session's own, number for number
    log = list(csv.reader(io.StringIO(_download(page, "practice_log.csv").decode("utf-8"))))
    assert log[0] == ["t", "customer", "kind", "place", "staff", "value"] and len(log) == len(result.rows) + 1
    assert [(float(t), int(c), k, p, s, float(v)) for t, c, k, p, s, v in log[1:]] == result.rows
    assert Outcomes.from_log(result.rows, result.start, result.end) == page.report.trainee


def test_deciding_as_the_model_on_the_page_costs_nothing():
    page = PracticePage("en")
    page.start("morning_rush")
    while page.report is None:
        choice = page.recorded.model_choice(page.situation)
        {"triage": lambda: page.choose(choice.channel, refer=choice.refer),
         "patrol": lambda: page.move(choice.customers), "pitch": lambda: page.pitch(choice.customer)}[page.situation.kind]()
    assert page.report.differing == 0 and page.report.costly == ()
    assert all(sides["diff"] == 0 for sides in _shown(page).values())
    assert tr("practice.no_costly", "en").replace("'", "&#x27;") in page.debrief_w.value


def test_the_page_speaks_both_languages_and_the_record_downloads_in_each():
    page = PracticePage("zh")
    assert "模拟训练" in page.title_w.value and page.start_w.description == "开始"
    page.start("month_end_afternoon")
    assert "分流" in page.state_w.value or "营销" in page.state_w.value
    _buttons(page)[0].click()
    page.finish()
    assert "复盘" in page.debrief_w.value and "平均等候" in page.debrief_w.value
    record = list(csv.reader(io.StringIO(_download(page, "practice_record.csv").decode("utf-8-sig"))))
    assert record[0][:2] == ["步骤", "时间"] and record[1][:2] == ["step", "clock"]
    page.set_language("en")
    assert "Debrief" in page.debrief_w.value and "复盘" not in page.debrief_w.value
    record = list(csv.reader(io.StringIO(_download(page, "practice_record.csv").decode("utf-8-sig"))))
    assert record[0][:2] == ["Step", "Clock"] and len(record) == 2 + len(page.recorded.taken)


def test_the_month_end_case_is_a_month_end_day():
    case = CASES["month_end_afternoon"]
    page = PracticePage("en")
    page.start("month_end_afternoon")
    day = page.recorded.session.plan.days[0]
    assert day.date.isoformat() == case.date == "2026-11-30"
    assert day.factor == pytest.approx(case_plan("morning_rush").days[0].factor * 1.6)  # weekday x month-end


def test_calls_that_do_not_fit_are_refused():
    page = PracticePage("en")
    with pytest.raises(PracticeError, match="press Start first"):
        page.choose("ordinary")
    with pytest.raises(PracticeError, match="allowed: morning_rush, month_end_afternoon"):
        page.start("angry_customer")
    page.start("morning_rush")
    assert page.situation.kind == "triage"
    with pytest.raises(PracticeError, match="the decision waiting is a triage, not a patrol"):
        page.move([])
    with pytest.raises(PracticeError, match="allowed: en, zh"):
        page.set_language("fr")
    page.finish()
    with pytest.raises(PracticeError, match="press Start first"):
        page.let_model()
    assert page.model_w.disabled and page.finish_w.disabled


def test_the_dashboard_has_the_practice_tab_in_either_language():
    from simkit.dashboard.app import Dashboard, _descendants

    dashboard = Dashboard("en")
    assert dashboard.tabs.children[-1] is dashboard.practice.widget and dashboard.tabs.titles[-1] == "Practice"
    dashboard.set_language("zh")
    assert dashboard.tabs.titles[-1] == "模拟训练" and dashboard.practice.lang == "zh"
    dashboard.practice.start("morning_rush")  # the choice buttons made for the decision: no tooltip says "null"
    assert [type(w).__name__ for w in _descendants(dashboard.widget) if getattr(w, "tooltip", "") is None] == []


def test_the_complaints_case_is_played_with_the_take_up_and_leave_buttons():
    """The complaints case (complaint handling on): each complaint shows the customer and three
    buttons; taking the first up without calming the customer and leaving every other alone by click,
    the rest decided as the model, the first customer is inflamed and the record says
    ``handle-uncalmed`` then ``leave`` in both languages' CSV."""
    page = PracticePage("zh")
    page.case_w.value = "complaints"
    page.start_w.click()
    complainants = []
    while page.situation is not None:
        if page.situation.kind == "complaint":
            complainants.append(page.situation.customer)
            assert "data-kind='complaint'" in page.state_w.value and "等候" in page.state_w.value
            labels = [button.description for button in _buttons(page)]
            assert labels == [tr("practice.handle", "zh"), tr("practice.handle_uncalmed", "zh"), tr("practice.leave", "zh")]
            _buttons(page)[1 if len(complainants) == 1 else 2].click()
        else:
            page.recorded.decide(page.recorded.model_choice(page.situation))
            page._advance()
    assert len(complainants) >= 2 and page.report is not None
    customers = page.recorded.session.branch.customers
    assert customers[complainants[0]].inflamed and not any(customers[c].inflamed for c in complainants[1:])
    record = _download(page, "practice_record.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(record)))
    codes = rows[1]
    kinds = [dict(zip(codes, row))["kind"] for row in rows[2:]]
    choices = [dict(zip(codes, row))["choice"] for row in rows[2:]]
    assert kinds.count("complaint") == len(complainants)
    assert [choice for kind, choice in zip(kinds, choices) if kind == "complaint"] == (
        ["handle-uncalmed"] + ["leave"] * (len(complainants) - 1))
    with pytest.raises(PracticeError, match="no case is being played"):
        page.handle(True)
    with pytest.raises(PracticeError, match="no case is being played"):
        page.retain(True)


def test_a_retention_is_refused_when_a_triage_is_waiting():
    page = PracticePage("en")
    page.start("retention")
    assert page.situation.kind == "triage"
    with pytest.raises(PracticeError, match="the decision waiting is a triage, not a retention"):
        page.retain(True)
