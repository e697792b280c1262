"""The practice page's syllabus cases and trainers' tools without a browser: the VIP without ID, the
elderly customer at a broken machine and the customers about to give up arise on their seeds, the
teaching box, and a class compared from saved records (the same scores as from the live sessions)."""
from __future__ import annotations

import base64
import csv
import io
import re

import pytest

from simkit.branch.debrief import Outcomes
from simkit.branch.decisions import InvalidDecision
from simkit.branch.trainers import SCORE_COLUMNS, TrainerError, class_scores, read_record, replay
from simkit.dashboard.i18n import tr
from simkit.dashboard.practice import MEASURES, PracticePage, start_session


def _download(page, name) -> bytes:
    href = re.search(rf"data-file='{re.escape(name)}'[^>]*href='data:text/csv;base64,([^']+)'",
                     page.downloads_w.value + page.scores_w.value)
    return base64.b64decode(href.group(1))


def _as_the_model(page, on_situation=None):
    """Decide every situation as the model would, through the page's handlers; ``on_situation(page)``
    first, which may decide it itself (returns True)."""
    while page.report is None:
        situation = page.situation
        if on_situation is not None and on_situation(page):
            continue
        choice = page.recorded.model_choice(situation)
        if situation.kind == "triage":
            page.choose(choice.channel, refer=choice.refer, teach=choice.teach)
        elif situation.kind == "patrol":
            page.move(choice.customers)
        elif situation.kind == "pitch":
            page.pitch(choice.customer)
        elif situation.kind == "retention":
            page.retain(choice.retain)
        else:
            page.handle(choice.handle, calm=choice.calm)


def _buttons(page):
    """The choice buttons on show, in order (inside boxes too)."""
    out = []
    for child in page.choices_w.children:
        out += [child] if hasattr(child, "click") else [c for c in getattr(child, "children", ()) if hasattr(c, "click")]
    return out


def _click(page, code):
    """Click the choice button of ``code`` (its ``sk-choice-<code>`` class)."""
    next(b for b in _buttons(page) if f"sk-choice-{code}" in b._dom_classes).click()


def _no_id(page, seen, send=None):
    """An ``_as_the_model`` hook: note each greeted customer found without their ID card (clock,
    segment, the customer line, the buttons, the model's choice) and, with ``send``, send them there
    by the channel's button."""
    def hook(page):
        s = page.situation
        if s.kind != "triage" or not s.no_id:
            return False
        seen.append((s.clock, s.segment, page.state_w.value, [b.description for b in _buttons(page)],
                     page.recorded.model_choice(s).channel))
        if send is None:
            return False
        _click(page, send(s))
        return True
    return hook


def test_the_vip_without_id_is_asked_at_the_door_and_sent_home():
    """On the case's seed, deciding as the model: a VIP who came for a large withdrawal is greeted, the
    greeting finds they have no ID card (the customer line says so, a button sends them home), the model
    sends them home and they leave at once, unserved, not annoyed; nobody is turned away at a counter."""
    page = PracticePage("zh")
    page.case_w.value = "vip_without_id"
    assert "身份证" in page.brief_w.value and "data-case='vip_without_id'" in page.brief_w.value
    page.start_w.click()
    seen = []
    _as_the_model(page, _no_id(page, seen, send=lambda s: "home"))
    assert [(clock, seg, model) for clock, seg, _html, _b, model in seen] == [("10:05", "vip", "home"),
                                                                              ("10:16", "mass", "home")]
    html, buttons = seen[0][2], seen[0][3]
    assert "sk-practice-no-id" in html and tr("practice.no_id", "zh") in html and "请客户回家取证件" in buttons
    result = page.recorded.finish()
    sent = [result.customers[step.situation.customer] for step in page.recorded.taken
            if step.situation is not None and step.situation.kind == "triage" and step.decision.channel == "home"]
    assert all(c.outcome == "unserved" and c.wait == 0.0 and not c.annoyed and c.will_return for c in sent)
    turned = [cid for t, cid, kind, place, _s, value in result.rows
              if result.start <= t < result.end and kind == "done" and place == "teller" and value == -1.0]
    # the figures docs/processes.md#practice-cases quotes
    assert result.kpis["arrived"] == 58 and turned == [] and page.report.differing == 0
    assert [(c.segment, round(c.arrive - 600, 1), round(c.end - 600, 1)) for c in sent] == [("vip", 3.9, 5.1),
                                                                                            ("mass", 15.2, 16.2)]
    page.set_language("en")
    assert "ID card" in page.brief_w.value


def test_a_vip_without_id_sent_to_the_counter_is_turned_away_annoyed():
    """Sending the customers without ID to a counter window instead: the VIP waits, is turned away
    annoyed, and the debrief names the decision in words that read right in both languages."""
    page = PracticePage("en")
    page.start("vip_without_id")
    seen = []
    _as_the_model(page, _no_id(page, seen, send=lambda s: "vip" if s.segment == "vip" else "ordinary"))
    assert "have not brought the ID card" in seen[0][2] and "home, to fetch the ID card" in seen[0][3]
    result = page.recorded.finish()
    vip, other = [result.customers[step.situation.customer] for step in page.recorded.taken
                  if step.situation is not None and step.situation.kind == "triage" and step.situation.no_id]
    turned = {cid: round(t - 600, 1) for t, cid, kind, place, _s, value in result.rows
              if result.start <= t < result.end and kind == "done" and place == "teller" and value == -1.0}
    # the figures docs/processes.md#practice-cases quotes
    assert turned == {vip.id: 6.6, other.id: 31.4} and all(c.outcome == "unserved" and c.annoyed for c in (vip, other))
    assert (vip.segment, round(vip.wait, 1), other.segment, round(other.wait, 1), other.complained) == (
        "vip", 0.8, "mass", 14.4, True)
    texts = {c.text["en"]: c.text["zh"] for c in page.report.costly}
    en = next(text for text in texts if f"customer {vip.id} (VIP" in text)
    assert (f"At 10:05 you sent customer {vip.id} (VIP, cash withdrawal large) to a VIP window; the model would "
            f"have sent them home to fetch their ID card.") in en
    assert f"10:05 客户 {vip.id}（贵宾客户，大额取款）：您选择分到贵宾窗口；模型会选择请客户回家取证件。" in texts[en]


def test_the_elderly_meet_a_broken_machine():
    """On the case's seed: elderly customers are triaged while a machine is down (the teaching box
    offered with the machines), and in the model's run an elderly customer's machine breaks under them
    and they go back to a counter."""
    page = PracticePage("en")
    page.start("elderly_broken_machine")
    seen = []

    def elderly(page):
        s = page.situation
        if s.kind == "triage" and s.segment == "elderly" and "self_service" in s.options:
            seen.append((not all(s.machines.values()), page.teach_w in page.choices_w.children))
        return False
    _as_the_model(page, elderly)
    assert any(down for down, _ in seen) and all(offered for _, offered in seen)
    result = page.recorded.finish()
    broke = [cid for t, cid, kind, place, _s, value in result.rows
             if result.start <= t < result.end and kind == "done" and place == "self_service" and value == -1.0]
    assert any(result.customers[cid].segment == "elderly" for cid in broke)
    # the figures docs/processes.md#practice-cases quotes
    breakdowns = [(round(t - 660), place, round(value, 1)) for t, _c, kind, place, _s, value in result.rows
                  if result.start <= t < result.end and kind == "breakdown"]
    assert result.kpis["arrived"] == 67 and breakdowns == [(8, "S2", 19.8)]
    assert "broken down" in page.state_w.value or page.report.decisions > 0


def test_the_teaching_box_teaches_a_customer_sent_to_a_machine():
    page = PracticePage("en")
    page.start("elderly_broken_machine")
    taught = []

    def teach(page):
        s = page.situation
        if s.kind == "triage" and "self_service" in s.options and not taught:
            page.teach_w.value = True
            taught.append(s.customer)
            next(b for b in page.choices_w.children[0].children if "sk-choice-self_service" in b._dom_classes).click()
            return True
        if s.kind == "triage" and "self_service" not in s.options:
            assert page.teach_w not in page.choices_w.children
            with pytest.raises(InvalidDecision, match="only a customer sent to 'self_service' can be taught"):
                page.choose(s.options[0], teach=True)
        return False
    _as_the_model(page, teach)
    step = next(step for step in page.recorded.taken if getattr(step.situation, "customer", None) == taught[0])
    assert step.decision.teach and step.decision.channel == "self_service"
    teaching = [a for a in page.recorded.finish().activity if a[2] == "teach"]
    assert [a[5] for a in teaching][:1] == taught[:1]
    record = _download(page, "practice_record.csv").decode("utf-8-sig")
    assert "self_service+teach" in record


def _played(case, how, lang="en"):
    """A page that played ``case``: ``how`` 'model' as the model; 'counter' everyone greeted to a
    counter window or away, the rest as the model, with one five-minute stretch to the model."""
    page = PracticePage(lang)
    page.start(case)
    handed = []

    def counter(page):
        s = page.situation
        if not handed and page.recorded.decisions == 3:
            handed.append(1)
            page.let_model()
            return True
        if s.kind == "triage":
            page.choose(s.options[-1], refer=True)
            return True
        if s.kind == "complaint":
            page.handle(False)
            return True
        return False
    _as_the_model(page, counter if how == "counter" else None)
    return page


def test_a_class_compared_from_saved_records_ranks_as_the_live_sessions():
    pages = {"li": _played("vip_without_id", "model", "zh"), "wang": _played("vip_without_id", "counter")}
    files = [{"name": f"{name}.csv", "content": _download(page, "practice_record.csv")} for name, page in pages.items()]
    trainer = PracticePage("zh")
    rows = trainer.compare(files)
    assert rows == class_scores({name: page.recorded for name, page in pages.items()})
    assert {row["trainee"]: row["differing"] for row in rows}["li"] == 0 and len(rows) == 2
    assert "名次" in trainer.scores_w.value and "data-trainee='wang'" in trainer.scores_w.value
    table = list(csv.reader(io.StringIO(_download(trainer, "class_scores.csv").decode("utf-8-sig"))))
    assert table[1] == list(SCORE_COLUMNS) and [line[1] for line in table[2:]] == [row["trainee"] for row in rows]
    trainer.set_language("en")
    assert "Rank" in trainer.scores_w.value
    # the same file twice: two trainees; a record of another case, a file that is no record: refused
    assert [row["trainee"] for row in trainer.compare(files[:1] * 2)] == ["li", "li (2)"]
    other = {"name": "zhao.csv", "content": _download(_played("morning_rush", "model"), "practice_record.csv")}
    assert trainer.compare(files + [other]) is None and "'zhao' played case 'morning_rush'" in trainer.scores_error
    assert trainer.compare([{"name": "notes.csv", "content": b"a,b\n1,2\n"}]) is None
    assert "not a practice session record" in trainer.scores_w.value
    edited = _download(pages["wang"], "practice_record.csv").decode("utf-8-sig").replace("ordinary+refer", "vip+refer", 1)
    with pytest.raises(TrainerError, match="step .* does not fit the case"):
        replay(read_record(edited), start_session("vip_without_id").session)


def _shown(page) -> dict[str, dict[str, float]]:
    """The debrief's figures as the page shows them: measure -> side -> exact value."""
    found = re.findall(r"<tr data-measure='(\w+)'>(.*?)</tr>", page.debrief_w.value)
    return {name: {side: float(value) for side, value in re.findall(r"data-side='(\w+)' data-value='([^']+)'", cells)}
            for name, cells in found}


def test_the_customers_about_to_give_up_are_kept_by_the_buttons_and_the_debrief_is_the_logs():
    """The retention case, played by the page's buttons: each customer getting up to leave is shown with
    their wait and place, and kept by **Try to keep them** (the rest decided as the model); every try is a
    ``retain`` activity, and the debrief's figures are the two runs' event logs."""
    page = PracticePage("zh")
    page.start("retention")
    kept, seen = [], []

    def keep(page):
        s = page.situation
        if s.kind != "retention":
            return False
        seen.append(s.clock)
        assert "data-kind='retention'" in page.state_w.value and "起身要离开" in page.state_w.value
        assert [b.description for b in _buttons(page)] == [tr("practice.retain", "zh"), tr("practice.let_go", "zh")]
        kept.append(s.customer)
        _click(page, "retain")
        return True
    _as_the_model(page, keep)
    result = page.recorded.finish()
    assert seen and seen[0] == "11:02"
    tries = [a[5] for a in result.activity if a[2] == "retain" and result.start <= a[3] < result.end]
    assert tries == kept[:len(tries)] and len(tries) >= len(kept) - 1  # the last try may end after the window
    shown = _shown(page)
    assert set(shown) == {name for name, _ in MEASURES}
    assert Outcomes.from_log(result.rows, result.start, result.end) == page.report.trainee
    inside = [r for r in result.rows if result.start <= r[0] < result.end]
    assert shown["walkouts"]["you"] == sum(r[2] in ("balk", "renege") for r in inside)
    assert shown["complaints"]["you"] == sum(r[2] == "complaint" for r in inside)
    assert shown["arrived"]["you"] == sum(r[2] == "arrive" for r in inside) == result.kpis["arrived"]
    for name in shown:
        assert shown[name]["diff"] == shown[name]["you"] - shown[name]["model"]
    # the figures docs/processes.md#practice-cases quotes: as many give up, more leave on seeing the queue
    assert (len(seen), len(tries), shown["walkouts"]["you"], shown["walkouts"]["model"]) == (8, 7, 51, 45)
    assert [sum(r[2] == kind for r in inside) for kind in ("renege", "balk")] == [20, 31]
    record = _download(page, "practice_record.csv").decode("utf-8-sig")
    assert "retention" in record and ",retain," in record


def test_the_retention_case_as_the_model():
    """On the case's seed, deciding as the model: customers get up to leave eight times in the window and
    the model's lobby manager tries to keep three of them (its habit is a half)."""
    page = PracticePage("en")
    page.start("retention")
    seen = []

    def note(page):
        s = page.situation
        if s.kind == "retention":
            seen.append((s.clock, s.customer, page.recorded.model_choice(s).retain))
            assert f"has waited {s.waited:.0f} min, {s.ahead} ahead of them" in page.state_w.value
        return False
    _as_the_model(page, note)
    result = page.recorded.finish()
    inside = [r for r in result.rows if result.start <= r[0] < result.end]
    # the figures docs/processes.md#practice-cases quotes
    assert [clock for clock, _c, _k in seen] == ["11:02", "11:06", "11:06", "11:19", "11:21", "11:24", "11:33", "11:47"]
    assert [clock for clock, _c, keep in seen if keep] == ["11:02", "11:06", "11:19"]
    assert result.kpis["arrived"] == 99 and sum(r[2] == "renege" for r in inside) == 20
    assert page.report.differing == 0
