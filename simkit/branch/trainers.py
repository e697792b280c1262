"""For trainers: a practice session's record as a tidy table (one row per step the trainee took),
downloadable as CSV in English or Chinese, and a class's scores on the same case side by side.

The record (``session_table``) has, per step: the clock time; what the lobby manager saw (the
customer's apparent segment, need and communication type for a triage; the queue display, the
longest wait, the machines up); the trainee's choice and the model's choice at that moment, in
codes; and the outcome for the customers the step was about (``simkit.branch.debrief.about``, or
for an agreeing step the customers chosen), minutes queued and how the visit ended, in the
trainee's run and in the model's run of the same customers; who decided (``by``: the trainee, or
the model when handed a waiting situation). A stretch the model decided is a row of its own. The
CSV (``table_csv``) has two header rows: the column labels in the chosen language, then the column
codes, so a spreadsheet reads in Chinese and a script finds the columns by code.

``class_scores`` sets several trainees' debriefs of the same case (same plan, day, window and seed,
checked) side by side, ranked in the order a debrief ranks a decision's cost (deposits moved away,
complaints, walk-outs, sales, mean wait: each against the model's run, no weights).

A saved record carries its case's name and seed on every row (``case``, ``seed``) and each step's
choice in codes, enough to play the session again: ``read_record`` reads the CSV text back (either
language), ``replay`` plays its steps on a new session of the same case, and ``record_scores`` ranks
a class from saved records (the same scores as from the live sessions: every decision is carried
out again on the same customers, so the runs are the same).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable

from ..errors import SimkitError
from .debrief import COST_ORDER, ONE_CUSTOMER, Debrief, RecordedSession, Taken, Visit, about, debrief, seed_of
from .decisions import Decision, Handle, InvalidDecision, Moves, Pitch, Retain
from .practice import PracticeSession

#: the record's columns, in order, with their labels
COLUMNS = ("step", "clock", "by", "kind", "customers", "segment", "need", "comm", "queues", "longest_wait",
           "machines_up", "choice", "model_choice", "differs", "your_wait", "model_wait", "your_outcome",
           "model_outcome", "case", "seed")
#: a class's scores, in order, with their labels
SCORE_COLUMNS = ("rank", "trainee", "decisions", "differing", "agree_share", "mean_wait", "mean_wait_diff",
                 "walkouts_diff", "complaints_diff", "sales_diff", "churned_diff")
LABELS = {
    "en": {"step": "Step", "clock": "Clock", "by": "Decided by", "kind": "Decision", "customers": "Customers",
           "segment": "Looks like",
           "need": "Need", "comm": "Communication type", "queues": "Queue display", "longest_wait": "Longest wait (min)",
           "machines_up": "Machines up", "choice": "Your choice", "model_choice": "Model's choice",
           "differs": "Differs", "your_wait": "Wait, your run (min)", "model_wait": "Wait, model's run (min)",
           "your_outcome": "Outcome, your run", "model_outcome": "Outcome, model's run",
           "rank": "Rank", "trainee": "Trainee", "decisions": "Decisions", "differing": "Differing from the model",
           "agree_share": "Share as the model", "mean_wait": "Mean wait (min)",
           "mean_wait_diff": "Mean wait vs model (min)", "walkouts_diff": "Walk-outs vs model",
           "complaints_diff": "Complaints vs model", "sales_diff": "Sales vs model",
           "churned_diff": "Deposits moved away vs model (¥)", "case": "Case", "seed": "Seed"},
    "zh": {"step": "步骤", "clock": "时间", "by": "决策者", "kind": "决策类型", "customers": "客户", "segment": "外观客群",
           "need": "业务",
           "comm": "沟通类型", "queues": "叫号屏", "longest_wait": "最长等候（分钟）", "machines_up": "可用自助设备",
           "choice": "您的选择", "model_choice": "模型的选择", "differs": "与模型不同",
           "your_wait": "您这一局的等候（分钟）", "model_wait": "模型一局的等候（分钟）",
           "your_outcome": "您这一局的结果", "model_outcome": "模型一局的结果",
           "rank": "名次", "trainee": "学员", "decisions": "决策数", "differing": "与模型不同的决策数",
           "agree_share": "与模型一致的比例", "mean_wait": "平均等候（分钟）",
           "mean_wait_diff": "平均等候差（分钟）", "walkouts_diff": "流失客户差", "complaints_diff": "投诉差",
           "sales_diff": "销售差", "churned_diff": "流失存款差（¥）", "case": "案例", "seed": "随机种子"},
}


class TrainerError(SimkitError, ValueError):
    """A class comparison of records that are not of the same case, or of no record at all."""


def session_table(recorded: RecordedSession, report: Debrief | None = None, case: str = "") -> list[dict]:
    """The record of ``recorded`` as rows (dicts keyed by ``COLUMNS``); ``report`` is its debrief
    (computed when not given: the model's twin is run once); ``case`` the case's name, written on
    every row with the session's seed (``seed_text``) so that the record can be played again."""
    report = report if report is not None else debrief(recorded)
    rows = [_row(i, step, report) for i, step in enumerate(recorded.taken, start=1)]
    seed = seed_text(recorded.session)
    for row in rows:
        row.update(case=case, seed=seed)
    return rows


def seed_text(session: PracticeSession) -> str:
    """The seed ``session`` runs on as text: its entropy, then its spawn key if any, dot-separated."""
    seed = seed_of(session)
    return ".".join(map(str, (seed.entropy, *seed.spawn_key)))


def _row(number: int, step: Taken, report: Debrief) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(step=number, clock=step.clock, by=step.by)
    if step.situation is None:
        row.update(kind="model_stretch", choice=f"model {step.minutes:g} min", model_choice=f"model {step.minutes:g} min",
                   differs=False)
        return row
    seen = step.situation
    row.update(kind=seen.kind, queues=" ".join(f"{cls}:{n}" for cls, n in seen.queues.items() if n),
               longest_wait=round(max(seen.waits.values(), default=0.0), 1),
               machines_up=f"{sum(seen.machines.values())}/{len(seen.machines)}",
               choice=code(step.decision), model_choice=code(step.model), differs=step.differs)
    if isinstance(step.decision, ONE_CUSTOMER):
        row.update(segment=seen.segment, need=seen.need, comm=seen.comm)
    customers = about(step) if step.differs else _chosen(step)
    for side, visits in (("your", report.trainee_visits), ("model", report.model_visits)):
        seen_visits = [visits.get(cid, Visit()) for cid in customers]
        row[f"{side}_wait"] = round(sum(v.wait for v in seen_visits), 2)
        row[f"{side}_outcome"] = " ".join(v.outcome for v in seen_visits)
    row["customers"] = " ".join(map(str, customers))
    return row


def _chosen(step: Taken) -> tuple[int, ...]:
    """The customers an agreeing decision chose (the one triaged, complaining or about to give up; those
    moved; the one approached)."""
    if isinstance(step.decision, ONE_CUSTOMER):
        return (step.situation.customer,)
    if isinstance(step.decision, Moves):
        return tuple(step.decision.customers)
    return () if step.decision.customer is None else (step.decision.customer,)


def code(decision) -> str:
    """A decision as a short code: ``ordinary`` (``+refer`` with a referral, ``+teach`` when taught the
    machines), ``move:12 15``, ``pitch:12`` (``-`` for nobody), ``handle`` / ``handle-uncalmed`` (taken up
    without calming the customer first) / ``leave`` for a complaint, ``retain`` / ``let-go`` for a customer
    about to give up waiting."""
    if isinstance(decision, Decision):
        return decision.channel + ("+refer" if decision.refer else "") + ("+teach" if decision.teach else "")
    if isinstance(decision, Handle):
        return ("handle" if decision.calm else "handle-uncalmed") if decision.handle else "leave"
    if isinstance(decision, Retain):
        return "retain" if decision.retain else "let-go"
    if isinstance(decision, Moves):
        return "move:" + (" ".join(map(str, decision.customers)) or "-")
    return "pitch:" + ("-" if decision.customer is None else str(decision.customer))


def table_csv(rows: list[dict], lang: str = "en", columns: tuple[str, ...] = COLUMNS) -> str:
    """``rows`` as CSV text: a header row of labels in ``lang``, a header row of column codes, the rows."""
    if lang not in LABELS:
        raise TrainerError(f"lang: {lang!r} is not available; allowed: {', '.join(LABELS)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([LABELS[lang][name] for name in columns])
    writer.writerow(columns)
    writer.writerows([[row[name] for name in columns] for row in rows])
    return out.getvalue()


def class_scores(records: dict[str, RecordedSession]) -> list[dict]:
    """Each trainee's figures against the model's run of the same case, best first (rows keyed by
    ``SCORE_COLUMNS``). Raises ``TrainerError`` when the records are not all of one case."""
    if not records:
        raise TrainerError("records: no trainee's record given; allowed: a dict of trainee name -> RecordedSession")
    reports = {name: debrief(recorded) for name, recorded in records.items()}
    cases = {name: _case(recorded, reports[name]) for name, recorded in records.items()}
    first = next(iter(cases))
    for name, case in cases.items():
        if case != cases[first]:
            raise TrainerError(f"records: {name!r} played another case (day, window, seed or branch) than {first!r}; "
                               f"allowed: records of one case")
    rows = sorted((_score(name, report) for name, report in reports.items()), key=_badness)
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _case(recorded: RecordedSession, report: Debrief) -> tuple:
    """What makes a case: the day, the window, the seed, and the model's run of it (the same branch
    and customers give the same model's figures)."""
    session = recorded.session
    seed = seed_of(session)
    return (session.plan.days[0].date, session.start, session.end, seed.entropy, tuple(seed.spawn_key),
            repr(report.model))  # repr: a window nobody came to has a NaN mean wait


def _score(name: str, report: Debrief) -> dict:
    diff = report.differences
    return {"rank": 0, "trainee": name, "decisions": report.decisions, "differing": report.differing,
            "agree_share": round(1 - report.differing / report.decisions, 3) if report.decisions else 1.0,
            "mean_wait": round(report.trainee.mean_wait, 2), "mean_wait_diff": round(diff["mean_wait"], 2),
            "walkouts_diff": diff["walkouts"], "complaints_diff": diff["complaints"], "sales_diff": diff["sales"],
            "churned_diff": round(diff["churned"], 2)}


def _badness(row: dict) -> tuple:
    """The row's differences in the order a debrief compares a decision's cost, larger worse."""
    names = {"churned": "churned_diff", "complaints": "complaints_diff", "walkouts": "walkouts_diff",
             "sales": "sales_diff", "wait": "mean_wait_diff"}
    return tuple(sign * row[names[name]] for name, sign in COST_ORDER)


# ----------------------------------------------------------------- saved records, played again
#: the columns a saved record needs to be played again
REPLAY_COLUMNS = ("step", "clock", "by", "kind", "choice", "case", "seed")


def read_record(text: str) -> list[dict]:
    """A saved record (``table_csv``'s text in either language, with or without a byte-order mark)
    as rows keyed by column code (the second header row). Raises ``TrainerError`` for a text that
    is not one, naming the columns missing."""
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    codes = lines[1] if len(lines) > 1 else []
    missing = [name for name in REPLAY_COLUMNS if name not in codes]
    if missing:
        raise TrainerError(f"record: not a practice session record (practice_record.csv): no column "
                           f"{', '.join(missing)} in its second header row; allowed: a record saved by the practice page")
    rows = [dict(zip(codes, line, strict=False)) for line in lines[2:] if line]
    if not rows:
        raise TrainerError("record: the record has no step; allowed: a record of a finished session")
    return rows


def decision_of(text: str, kind: str):
    """The decision a ``code`` stands for in a situation of ``kind`` (triage, patrol, pitch, complaint,
    retention)."""
    try:
        if kind == "triage":
            channel, *marks = text.split("+")
            if not channel or set(marks) - {"refer", "teach"}:
                raise ValueError
            return Decision(channel, refer="refer" in marks, teach="teach" in marks)
        if kind in ("complaint", "retention") and text in ANSWER_CODES[kind]:
            return ANSWER_CODES[kind][text]
        head, _, ids = text.partition(":")
        if kind == "patrol" and head == "move":
            return Moves(tuple(int(i) for i in ids.split() if i != "-"))
        if kind == "pitch" and head == "pitch":
            return Pitch(None if ids == "-" else int(ids))
    except ValueError:
        pass
    raise TrainerError(f"record: choice {text!r} is not a {kind} decision's code; allowed: "
                       f"{CODES.get(kind, ', '.join(CODES))}")


#: what a choice's code looks like, by kind of decision (``code``)
CODES = {"triage": "a channel with +refer or +teach (ordinary+refer)", "patrol": "move: and customer ids (move:12 15)",
         "pitch": "pitch: and a customer id or - (pitch:12)", "complaint": "handle, handle-uncalmed or leave",
         "retention": "retain or let-go"}
#: the decisions a complaint's and a retention's codes stand for (``code``)
ANSWER_CODES = {"complaint": {"handle": Handle(True), "handle-uncalmed": Handle(True, calm=False), "leave": Handle(False)},
                "retention": {"retain": Retain(True), "let-go": Retain(False)}}


def replay(rows: list[dict], session: PracticeSession) -> RecordedSession:
    """The steps of a saved record (``read_record``'s rows) played again on ``session``, a new session
    of the record's case: each trainee decision carried out, each stretch and situation handed to the
    model where the trainee handed it. Raises ``TrainerError`` when a step does not fit (another
    decision waiting at another time: the record is of another case or was edited)."""
    recorded = RecordedSession(session)
    for row in rows:
        if row["kind"] == "model_stretch":
            recorded.let_model_decide(_minutes(row))
            continue
        situation = recorded.next_situation()
        if situation is None or (situation.kind, situation.clock) != (row["kind"], row["clock"]):
            waiting = "nothing" if situation is None else f"a {situation.kind} at {situation.clock}"
            raise TrainerError(f"record: step {row['step']} ({row['kind']} at {row['clock']}) does not fit the case: "
                               f"{waiting} is waiting; allowed: a record saved by the practice page, unedited")
        if row["by"] == "trainee":
            try:
                recorded.decide(decision_of(row["choice"], row["kind"]))
            except InvalidDecision as error:
                raise TrainerError(f"record: step {row['step']} does not fit the case: {error}") from None
    return recorded


def _minutes(row: dict) -> float:
    """The minutes of a model's stretch (its choice reads ``model 5 min``)."""
    try:
        return float(row["choice"].split()[1])
    except (IndexError, ValueError):
        raise TrainerError(f"record: step {row['step']}: {row['choice']!r} is not a model's stretch; "
                           f"allowed: 'model <minutes> min'") from None


def record_scores(texts: dict[str, str], session_for: Callable[[str], PracticeSession]) -> list[dict]:
    """``class_scores`` of saved records: ``texts`` maps each trainee's name to their record's CSV text;
    ``session_for(case)`` makes a new session of the named case. Raises ``TrainerError`` when the
    records are of different cases, or a record's seed is not the one its case runs on now."""
    if not texts:
        raise TrainerError("records: no trainee's record given; allowed: one or more practice_record.csv files")
    rows = {name: read_record(text) for name, text in texts.items()}
    cases = {name: (steps[0]["case"], steps[0]["seed"]) for name, steps in rows.items()}
    first = next(iter(cases))
    for name, case in cases.items():
        if case != cases[first]:
            raise TrainerError(f"records: {name!r} played case {case[0]!r} (seed {case[1]}), {first!r} case "
                               f"{cases[first][0]!r} (seed {cases[first][1]}); allowed: records of one case")
    records = {}
    for name, steps in rows.items():
        session = session_for(cases[name][0])
        if seed_text(session) != cases[name][1]:
            raise TrainerError(f"records: {name!r} was played on seed {cases[name][1]}, the case runs on seed "
                               f"{seed_text(session)} now; allowed: records of the case as it is now")
        records[name] = replay(steps, session)
    return class_scores(records)
