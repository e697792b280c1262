"""The debrief of a practice session (``simkit.branch.debrief``) and the trainers' record
(``simkit.branch.trainers``): deciding as the model gives no difference and no costly decision;
sending everyone to the counter waits longer than the model on the same customers; every figure is
the event log's; keeping the record draws nothing; a class is compared on one case only."""
from __future__ import annotations

import csv
import io
import math
import random

import pytest

from simkit.branch import Branch, BranchPlan
from simkit.branch.debrief import (
    COSTLY_SHOWN,
    LANGS,
    DebriefError,
    Outcomes,
    RecordedSession,
    debrief,
    model_twin,
    queue_minutes,
    word,
)
from simkit.branch.decisions import Decision, Handle, Moves, Retain
from simkit.branch.practice import PracticeError, PracticeSession
from simkit.branch.trainers import COLUMNS, TrainerError, class_scores, code, decision_of, session_table, table_csv
from simkit.scenario import load_scenario, with_overrides
from simkit.vocabulary import TICKET_CLASSES

from helpers import SCENARIOS, t_interval

BASE = BranchPlan.compile(load_scenario(SCENARIOS / "baseline.yaml"), days=1)
#: a lobby manager who sells all the time and patrols a queue of more than two: pitches and patrols to decide
SELLING = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.choices.lobby_manager.selling": 1.0, "branch.second_triage.threshold": 2}), days=1)


def _recorded(plan=BASE, start="10:00", minutes=45, seed=5):
    return RecordedSession(PracticeSession(plan, start=start, minutes=minutes, seed=seed))


def _as_the_model(recorded, stretches=False):
    """Decide as the model would, by hand: a fresh decision naming the model's choice (every third
    situation handed to the model for two minutes with ``stretches``)."""
    n = 0
    while (situation := recorded.next_situation()) is not None:
        n += 1
        choice = recorded.model_choice(situation)
        if stretches and n % 3 == 0:
            recorded.let_model_decide(2.0)
        elif situation.kind == "triage":
            recorded.decide(Decision(choice.channel, refer=choice.refer))
        else:
            recorded.decide(Moves(tuple(choice.customers)) if situation.kind == "patrol" else choice)
    return recorded


def _to_the_counter(recorded):
    """Everyone greeted to a counter window, nobody moved on a patrol, pitches as the model."""
    while (situation := recorded.next_situation()) is not None:
        if situation.kind == "patrol":
            recorded.decide(Moves())
        elif situation.kind == "pitch":
            recorded.decide(recorded.model_choice(situation))
        else:
            counters = [c for c in situation.options if c in TICKET_CLASSES]
            recorded.decide(Decision("ordinary" if "ordinary" in counters else (counters or list(situation.options))[0]))
    return recorded


def _random(recorded, seed):
    chooser = random.Random(seed)  # the trainee's choices; the branch's streams are untouched
    while (situation := recorded.next_situation()) is not None:
        if chooser.random() < 0.1:
            recorded.let_model_decide(chooser.uniform(1.0, 6.0))
        elif situation.kind == "triage":
            recorded.decide(Decision(chooser.choice(situation.options), refer=chooser.random() < 0.2))
        elif situation.kind == "patrol":
            ids = [w.customer for w in situation.candidates]
            recorded.decide(Moves(tuple(ids[:chooser.randrange(min(len(ids), situation.max_moves) + 1)])))
        else:
            recorded.decide(recorded.model_choice(situation))
    return recorded


def _counted(rows, start, end):
    """The window's figures counted straight off the rows, written out here independently."""
    inside = [r for r in rows if start <= r[0] < end]
    return {"walkouts": sum(r[2] in ("balk", "renege") for r in inside),
            "complaints": sum(r[2] == "complaint" for r in inside),
            "referrals": sum(r[2] == "referral" for r in inside), "sales": sum(r[2] == "sale" for r in inside),
            "churned": sum(r[5] for r in inside if r[2] == "churn"),
            "arrived": sum(r[2] == "arrive" for r in inside)}


# ----------------------------------------------------------------- deciding as the model
@pytest.mark.parametrize("plan, start", [(BASE, "10:00"), (SELLING, "09:00")])
def test_deciding_as_the_model_gives_no_difference_and_no_costly_decision(plan, start):
    recorded = _as_the_model(_recorded(plan, start=start, minutes=60))
    report = debrief(recorded)
    assert report.decisions == len(recorded.taken) > 10 and report.differing == 0 and report.costly == ()
    assert report.trainee == report.model and all(v == 0 for k, v in report.differences.items() if k != "mean_wait")
    assert report.differences["mean_wait"] == 0.0
    assert {step.situation.kind for step in recorded.taken} >= ({"triage", "pitch"} if plan is SELLING else {"triage"})


def test_a_bare_session_left_to_the_model_debriefs_as_no_difference():
    report = debrief(PracticeSession(BASE, start="11:00", minutes=30, seed=2))
    assert report.trainee == report.model and report.trainee.arrived > 0
    assert (report.decisions, report.differing, report.costly) == (0, 0, ())


def test_the_model_twin_is_the_models_run_of_the_same_customers():
    session = PracticeSession(BASE, start="10:00", minutes=30)  # the plan's own seed, read back from the streams
    _random(RecordedSession(session), seed=1)
    twin = model_twin(session).finish()
    reference = Branch(session.plan)
    reference.env.run(until=twin.end)
    assert twin.rows == reference.log.rows
    arrivals = [r[:2] for r in twin.rows if r[2] == "arrive"]
    assert arrivals == [r[:2] for r in session.finish().rows if r[2] == "arrive"]  # the same customers, same ids


@pytest.mark.parametrize("stretches", [False, True])
def test_a_trainee_who_clicks_the_models_choices_gets_the_models_run(stretches):
    """By hand (a new Decision, no draw of the trainee's own), with or without handing stretches over."""
    recorded = _as_the_model(_recorded(SELLING, start="09:30", minutes=60, seed=11), stretches=stretches)
    result = recorded.finish()
    reference = Branch(recorded.session.plan, seed=11)
    reference.env.run(until=result.end)
    assert result.rows == reference.log.rows and result.activity == reference.log.activity
    assert any(step.by == "model" for step in recorded.taken) == stretches
    assert recorded.decisions == sum(step.by == "trainee" and step.situation is not None for step in recorded.taken)
    with pytest.raises(PracticeError, match="model_choice: ask about the situation next_situation"):
        recorded.model_choice(None)


# ----------------------------------------------------------------- every number from the logs
@pytest.mark.parametrize("seed", [2, 8])
def test_the_debriefs_numbers_are_the_event_logs(seed):
    recorded = _random(_recorded(SELLING, start="10:00", minutes=60, seed=seed), seed=seed)
    report = debrief(recorded)
    result = recorded.finish()
    direct = _counted(result.rows, result.start, result.end)
    assert {k: getattr(report.trainee, k) for k in direct} == direct
    assert report.trainee.mean_wait == pytest.approx(result.kpis["mean_wait"], rel=1e-12, abs=1e-12)
    assert report.trainee.arrived == result.kpis["arrived"]
    model = PracticeSession(SELLING, start="10:00", minutes=60, seed=seed).finish()  # the seed given, not read back
    assert {k: getattr(report.model, k) for k in direct} == _counted(model.rows, model.start, model.end)
    assert report.model.mean_wait == pytest.approx(model.kpis["mean_wait"], rel=1e-12, abs=1e-12)
    # each customer's minutes queued, from the log, are the branch's own count of them
    waited = queue_minutes(result.rows, result.end)
    for cust in result.customers:
        so_far = cust.wait + (result.end - cust.queued_t if cust.waiting else 0.0)
        assert waited.get(cust.id, 0.0) == pytest.approx(so_far, abs=1e-9)


def test_costly_decisions_are_differing_ones_ranked_and_explained():
    report = debrief(_to_the_counter(_recorded(start="10:00", minutes=60, seed=3)))
    assert 0 < len(report.costly) <= COSTLY_SHOWN and report.differing >= len(report.costly)
    keys = [c.key for c in report.costly]
    assert keys == sorted(keys, reverse=True) and all(k > (0.0,) * len(k) for k in keys)
    assert {c.kind for c in report.costly} <= {"triage", "patrol"}  # pitches were the model's
    for costly in report.costly:
        mine = [report.trainee_visits[cid] for cid in costly.customers]
        theirs = [report.model_visits[cid] for cid in costly.customers]
        assert costly.differences["wait"] == pytest.approx(sum(v.wait for v in mine) - sum(v.wait for v in theirs))
        assert costly.differences["walkouts"] == sum(v.walkouts for v in mine) - sum(v.walkouts for v in theirs)
        for cid, visit in zip(costly.customers, mine, strict=True):
            assert f"Customer {cid}: in your run waited {visit.wait:.1f} min" in costly.text["en"]
            assert f"客户 {cid}：您这一局中等候 {visit.wait:.1f} 分钟" in costly.text["zh"]
        assert costly.clock in costly.text["en"] and costly.clock in costly.text["zh"]


# ----------------------------------------------------------------- everyone to the counter waits longer
SEEDS = range(30)  # paired runs of one busy morning hour: a few seconds in all


@pytest.mark.statistical
def test_sending_everyone_to_the_counter_waits_longer_than_the_model_on_the_same_customers():
    differences = [debrief(_to_the_counter(_recorded(start="10:00", minutes=60, seed=seed))).differences["mean_wait"]
                   for seed in SEEDS]
    low, high = t_interval(differences, level=0.99)
    assert low > 0.0, f"99 % interval of the paired difference in mean wait: [{low:.2f}, {high:.2f}] minutes"


# ----------------------------------------------------------------- refused calls
def test_refused_calls_name_what_is_allowed():
    with pytest.raises(DebriefError, match="practice: expected a PracticeSession or RecordedSession, got str"):
        debrief("a session")
    with pytest.raises(DebriefError, match="session: expected a PracticeSession"):
        RecordedSession(BASE)
    recorded = _recorded()
    with pytest.raises(PracticeError, match="no decision is waiting"):
        recorded.decide(Decision("ordinary"))
    with pytest.raises(DebriefError, match="allowed: en, zh"):
        word("seg", "vip", "fr")
    assert word("seg", "vip", "zh") == "贵宾客户" and word("need", "new_need", "zh") == "new_need"
    assert math.isnan(Outcomes.from_log([], 0.0, 10.0).mean_wait)


# ----------------------------------------------------------------- for trainers
def test_the_session_record_is_one_row_a_step_in_either_language():
    recorded = _random(_recorded(SELLING, start="10:00", minutes=45, seed=6), seed=6)
    rows = session_table(recorded)
    assert len(rows) == len(recorded.taken) and all(set(row) == set(COLUMNS) for row in rows)
    assert [row["differs"] for row in rows] == [step.differs for step in recorded.taken]
    stretch = next(row for row in rows if row["kind"] == "model_stretch")
    assert stretch["choice"].startswith("model ")
    for lang in LANGS:
        lines = list(csv.reader(io.StringIO(table_csv(rows, lang))))
        assert lines[1] == list(COLUMNS) and len(lines) == len(rows) + 2
        assert (lines[0][0] == "步骤") == (lang == "zh")
    triage = next(row for row in rows if row["kind"] == "triage")
    assert triage["segment"] and triage["need"] and triage["choice"] and triage["model_choice"]
    with pytest.raises(TrainerError, match="allowed: en, zh"):
        table_csv(rows, "fr")


def test_a_class_is_ranked_on_one_case():
    records = {"as the model": _as_the_model(_recorded(seed=4)), "counter": _to_the_counter(_recorded(seed=4)),
               "random": _random(_recorded(seed=4), seed=9)}
    scores = class_scores(records)
    assert [row["rank"] for row in scores] == [1, 2, 3] and {row["trainee"] for row in scores} == set(records)
    best = next(row for row in scores if row["trainee"] == "as the model")
    assert best["agree_share"] == 1.0 and best["mean_wait_diff"] == 0.0 and best["differing"] == 0
    with pytest.raises(TrainerError, match="'other' played another case"):
        class_scores({"as the model": records["as the model"], "other": _as_the_model(_recorded(seed=5))})
    with pytest.raises(TrainerError, match="no trainee's record"):
        class_scores({})


# ----------------------------------------------------------------- the syllabus's processes switched on
#: complaint handling on (docs/processes.md), the model taking up half the complaints
HANDLING = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.lobby_work.complaint_handling.enabled": True, "staff.choices.lobby_manager.handling": 0.5}), days=1)
#: customer education on, the model teaching half the customers it sends to a machine
TEACHING = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.lobby_work.education.enabled": True, "staff.choices.lobby_manager.education": 0.5}), days=1)


def test_complaints_left_alone_are_recorded_and_explained():
    """A trainee who leaves every complaint alone and otherwise decides as the model: each complaint
    the model would have taken up is a differing decision, coded ``leave`` against ``handle`` in the
    record, and any costly one is explained in both languages."""
    recorded = _recorded(HANDLING, start="10:00", minutes=240, seed=5)
    while (situation := recorded.next_situation()) is not None:
        choice = recorded.model_choice(situation)
        recorded.decide(Handle(False) if situation.kind == "complaint" else choice)
    report = debrief(recorded)
    complaints = [row for row in session_table(recorded, report) if row["kind"] == "complaint"]
    assert complaints and all(row["choice"] == "leave" for row in complaints)
    differing = [row for row in complaints if row["model_choice"] == "handle"]
    assert differing and all(row["differs"] for row in differing)
    assert report.differing == len(differing)
    for costly in report.costly:
        assert costly.kind == "complaint"
        assert "chose to leave it alone" in costly.text["en"] and "您选择不处理投诉" in costly.text["zh"]


def test_a_taught_customer_is_coded_in_the_record():
    recorded = _recorded(TEACHING, start="10:00", minutes=120, seed=5)
    while (situation := recorded.next_situation()) is not None:
        recorded.decide(recorded.model_choice(situation))  # the model's own decisions, teaching included
    codes = [row["choice"] for row in session_table(recorded) if row["kind"] == "triage"]
    assert any(code.endswith("+teach") for code in codes)


#: complaint handling and retention on, the model taking up every complaint made while it is free and
#: trying to keep every customer about to give up
PROCESSES = BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / "baseline.yaml"), {
    "staff.lobby_work.complaint_handling.enabled": True, "staff.choices.lobby_manager.handling": 1.0,
    "staff.lobby_work.retention.enabled": True, "staff.choices.lobby_manager.retention": 1.0}), days=1)


def _against_the_processes(recorded):
    """Every complaint taken up without calming the customer first, every customer about to give up let
    go, everything else as the model."""
    while (situation := recorded.next_situation()) is not None:
        answer = {"complaint": Handle(True, calm=False), "retention": Retain(False)}.get(situation.kind)
        recorded.decide(answer if answer is not None else recorded.model_choice(situation))
    return recorded


def test_complaints_taken_up_uncalmed_and_customers_let_go_are_recorded_and_explained():
    """Each differs from the model's choice (handle; retain), is coded in the record and, when costly,
    explained in both languages."""
    recorded = _against_the_processes(_recorded(PROCESSES, start="10:00", minutes=240, seed=5))
    report = debrief(recorded)
    rows = session_table(recorded, report)
    complaints = [row for row in rows if row["kind"] == "complaint"]
    retentions = [row for row in rows if row["kind"] == "retention"]
    assert complaints and all((row["choice"], row["model_choice"], row["differs"]) == ("handle-uncalmed", "handle", True)
                              for row in complaints)
    assert retentions and all((row["choice"], row["model_choice"], row["differs"]) == ("let-go", "retain", True)
                              for row in retentions)
    assert all(row["segment"] and row["need"] and row["customers"] for row in complaints + retentions)
    assert report.differing == len(complaints) + len(retentions)
    words = {"complaint": ("take the complaint up without calming the customer first", "受理投诉但不先安抚客户"),
             "retention": ("you chose to let them go; the model would have chosen to try to keep them",
                           "您选择不挽留客户；模型会选择挽留客户")}
    assert report.costly
    for costly in report.costly:
        en, zh = words[costly.kind]
        assert en in costly.text["en"] and zh in costly.text["zh"]


@pytest.mark.parametrize("decision, kind", [(Handle(True), "complaint"), (Handle(True, calm=False), "complaint"),
                                            (Handle(False), "complaint"), (Retain(True), "retention"),
                                            (Retain(False), "retention")])
def test_the_new_choices_codes_read_back(decision, kind):
    assert decision_of(code(decision), kind) == decision
