"""The debrief of a practice session: the trainee's window against the model's lobby manager on the
same customers, and the trainee's decisions that cost most, in plain words (English and Chinese).

``RecordedSession`` wraps a ``simkit.branch.practice.PracticeSession`` and keeps every decision the
trainee makes with what the model's lobby manager would have chosen at that moment (drawn as the
model draws it, so a trainee who chooses the same gets the model's run). ``debrief(session)`` runs the
model's lobby manager over the same window, plan, date and seed (``model_twin``): the arrivals and
the customers' own draws (segment, need, communication type, patience, work) come from streams of
their own, so both runs meet exactly the same customers, with the same ids (common random numbers),
and every difference between the runs starts from a lobby manager's decision.

Every number comes from the two runs' event logs (``Outcomes.from_log``, ``visits``):

- the window's figures: the mean wait of the customers who arrived in the window (as
  ``PracticeSession.finish`` counts it: a customer still queueing at the end counts the time waited
  so far) and the walk-outs (``balk`` and ``renege`` rows), formal complaints (``complaint``),
  referrals (``referral``), sales (``sale``) and deposits moved away (the ``churn`` rows' ¥) logged
  in the window, whoever they belong to: what happened while the trainee was in charge;
- each customer's visit: minutes queued, walked out or not, complaints, sales, referrals, ¥ moved
  away and how the visit ended, as far as the log goes at the window's end.

How cost is attributed (``costly``): a trainee decision *differs* when it is not what the model's
lobby manager would have chosen at that moment. Its cost falls on the customers it was about: the
customer triaged, complaining or about to give up waiting; on a patrol, the customers moved by one
and not by the other; on a pitch, the customer approached by one and not by the other. For each of
them, their visit in the trainee's run is set against the same customer's visit in the model's run,
and the differences are summed over them. Decisions are ranked by these differences compared in a fixed order, the bank's order of
consequence, with no weights: deposits moved away (¥), then formal complaints, then walk-outs, then
sales lost, then minutes waited. No weight is invented to add minutes to yuan; a decision costs when
this comparison puts it above no difference at all. A customer several differing decisions were
about counts in each of them. Two limits, said on the practice page too: what a decision did to
everyone else (a longer queue behind) shows in the window's totals, not in the decision's cost; and
service times, complaints and moves of money are drawn from streams shared in the order things
happen, so once the runs part the same customer meets other draws: a complaint or a move of money in
one run and not in the other can be chance as much as the decision (waits and walk-outs follow the
queue directly).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

from ..errors import SimkitError
from .decisions import Decision, Handle, Moves, Pitch, Retain
from .practice import PracticeError, PracticeSession

#: the measures a decision's cost compares, in the order they are compared (see the module docstring);
#: each with its sign: +1 when more is worse for the bank, -1 when more is better
COST_ORDER = (("churned", 1), ("complaints", 1), ("walkouts", 1), ("sales", -1), ("wait", 1))
#: how many costly decisions a debrief names (the task: "the three decisions that cost most")
COSTLY_SHOWN = 3
LANGS = ("en", "zh")

#: words for codes in the explanations (Chinese terms from docs/glossary.md); unknown codes stay as they are
WORDS = {
    "en": {
        "seg": {"mass": "mass retail", "vip": "VIP", "elderly": "elderly", "corporate": "corporate",
                "potential_hv": "potential high-value"},
        "channel": {"self_service": "the machines", "green": "the green channel", "vip": "a VIP window",
                    "corporate": "the corporate window", "ordinary": "an ordinary window",
                    "customer_manager": "a customer manager", "none": "away (nothing here serves them)",
                    "home": "home, to fetch the ID card",
                    "appointment": "a customer manager (booked)", "referral": "a customer manager (referred)",
                    "walkin": "a customer manager (walk-in)"},
        "outcome": {"served": "was served", "balked": "left on seeing the queue", "reneged": "gave up waiting",
                    "unserved": "could not be served", "inside": "was still inside at the end"},
    },
    "zh": {
        "seg": {"mass": "大众客户", "vip": "贵宾客户", "elderly": "老年客户", "corporate": "对公客户",
                "potential_hv": "潜在高价值客户"},
        "need": {"cash_deposit": "存款", "cash_withdrawal_small": "小额取款", "cash_withdrawal_large": "大额取款",
                 "transfer": "转账汇款", "bill_payment": "缴费", "balance_query": "查询/打印流水",
                 "account_opening": "开户", "card_and_loss": "挂失/换卡", "wealth": "理财咨询/购买",
                 "loan_application": "贷款申请", "corporate_settlement": "对公结算"},
        "channel": {"self_service": "自助设备", "green": "绿色通道", "vip": "贵宾窗口", "corporate": "对公窗口",
                    "ordinary": "普通窗口", "customer_manager": "客户经理", "none": "离开（本网点无法办理）",
                    "home": "请客户回家取证件",
                    "appointment": "客户经理（预约）", "referral": "客户经理（推荐）", "walkin": "客户经理（直接来访）"},
        "comm": {"lively": "活泼型", "forceful": "力量型", "analytical": "分析型", "peaceful": "平和型"},
        "outcome": {"served": "办完业务", "balked": "见排队离开", "reneged": "等候放弃离开",
                    "unserved": "无法办理", "inside": "窗口结束时仍在网点"},
    },
}


class DebriefError(SimkitError, ValueError):
    """A debrief asked of something that is not a practice session, or in an unknown language."""


def word(kind: str, code: str, lang: str) -> str:
    """``code`` (a segment, need, channel or outcome) in plain words in ``lang``; the code itself if unknown."""
    if lang not in LANGS:
        raise DebriefError(f"lang: {lang!r} is not available; allowed: {', '.join(LANGS)}")
    if kind == "need" and lang == "en":
        return code.replace("_", " ")
    return WORDS[lang].get(kind, {}).get(code, code)


# ----------------------------------------------------------------- what the logs say
@dataclass(frozen=True, slots=True)
class Outcomes:
    """A window's figures read off an event log (see the module docstring for what each counts):
    customers who arrived, their mean wait (minutes; NaN when nobody came), walk-outs, formal
    complaints, referrals, sales and deposits moved to other banks (¥)."""

    arrived: int
    mean_wait: float
    walkouts: int
    complaints: int
    referrals: int
    sales: int
    churned: float

    @classmethod
    def from_log(cls, rows, start: float, end: float) -> Outcomes:
        """The figures of the window ``[start, end)`` from event ``rows`` ``(t, customer, kind, place, staff, value)``."""
        counts = {"balk": 0, "renege": 0, "complaint": 0, "referral": 0, "sale": 0}
        churned, arrivals = 0.0, []
        for t, cid, kind, _place, _staff, value in rows:
            if not start <= t < end:
                continue
            if kind in counts:
                counts[kind] += 1
            elif kind == "churn":
                churned += value
            elif kind == "arrive":
                arrivals.append(cid)
        waits = queue_minutes(rows, end)
        mean = sum(waits.get(cid, 0.0) for cid in arrivals) / len(arrivals) if arrivals else math.nan
        return cls(len(arrivals), mean, counts["balk"] + counts["renege"], counts["complaint"], counts["referral"],
                   counts["sale"], churned)

    def minus(self, other: Outcomes) -> dict[str, float]:
        """Each figure of this window less ``other``'s."""
        return {f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)}


def queue_minutes(rows, end: float) -> dict[int, float]:
    """Minutes each customer spent queueing up to ``end``: from each ``ticket`` row to the ``call``,
    ``renege`` or ``reroute`` that ends it, a queue still open counting to ``end``; summed per customer
    in the order of the log (the same sum the branch keeps as a customer's ``wait``)."""
    waited: dict[int, float] = {}
    queued: dict[int, float] = {}
    for t, cid, kind, *_ in rows:
        if kind == "ticket":
            queued[cid] = t
        elif kind in ("call", "renege", "reroute") and cid in queued:
            waited[cid] = waited.get(cid, 0.0) + (t - queued.pop(cid))
    for cid, t in queued.items():
        waited[cid] = waited.get(cid, 0.0) + (end - t)
    return waited


@dataclass(frozen=True, slots=True)
class Visit:
    """One customer's visit as the log tells it up to the window's end: minutes queued, walked out
    (balked or reneged), formal complaints, sales, referrals, ¥ moved away, and how it ended
    (``served``, ``balked``, ``reneged``, ``unserved``, or ``inside`` at the end)."""

    wait: float = 0.0
    walkouts: int = 0
    complaints: int = 0
    sales: int = 0
    referrals: int = 0
    churned: float = 0.0
    outcome: str = "inside"


def visits(rows, end: float) -> dict[int, Visit]:
    """Every customer's ``Visit`` from event ``rows`` (machines' rows, customer id -1, left out)."""
    tally: dict[int, dict] = {}
    for _t, cid, kind, place, _staff, value in rows:
        if cid < 0:
            continue
        one = tally.setdefault(cid, {})
        if kind in ("balk", "renege"):
            one["walkouts"] = one.get("walkouts", 0) + 1
        elif kind in ("complaint", "sale", "referral"):
            one[kind + "s"] = one.get(kind + "s", 0) + 1
        elif kind == "churn":
            one["churned"] = one.get("churned", 0.0) + value
        elif kind == "leave":
            one["outcome"] = place
    waits = queue_minutes(rows, end)
    return {cid: Visit(wait=waits.get(cid, 0.0), **one) for cid, one in tally.items()}


# ----------------------------------------------------------------- the trainee's decisions, kept
@dataclass(frozen=True, slots=True)
class Taken:
    """One step of a recorded session: a decision (``situation``, the ``decision`` carried out and the
    model's choice at that moment, ``model``; ``by`` the trainee, or the model when the trainee handed
    a waiting situation over), or a stretch the model decided (``situation`` None, ``minutes`` of
    branch time from ``now``)."""

    now: float
    clock: str
    situation: object = None
    decision: object = None
    model: object = None
    minutes: float = 0.0
    by: str = "trainee"

    @property
    def differs(self) -> bool:
        """The trainee chose other than the model would have (the model's own steps never differ)."""
        return self.situation is not None and self.decision != self.model


class RecordedSession:
    """A practice session whose decisions are kept (``taken``), each with the model's choice at that
    moment. ``RecordedSession(session)`` wraps a new ``PracticeSession``; its calls are the session's
    (``next_situation``, ``decide``, ``let_model_decide``, ``finish``), and ``model_choice`` tells
    what the model would decide in the situation shown.

    The model's choice is drawn when a situation is first shown, exactly as the model's own lobby
    manager draws it at that moment, whatever the trainee then decides. So the lobby's random stream
    advances as in the model's run: a trainee who decides what the model would (a human clicking the
    same channel included) gets exactly the model's run, and one who decides otherwise keeps the
    stream in step with it (common random numbers as far as the decisions allow). Ask the model only
    through ``model_choice``: ``session.model.decide`` would draw a second time."""

    def __init__(self, session: PracticeSession):
        if not isinstance(session, PracticeSession):
            raise DebriefError(f"session: expected a PracticeSession, got {type(session).__name__}")
        self.session = session
        self.taken: list[Taken] = []
        self._shown = None  # the situation shown last, and the model's choice in it
        self._model = None

    @property
    def now(self) -> float:
        """Branch time, minutes from midnight."""
        return self.session.now

    @property
    def decisions(self) -> int:
        """How many decisions the trainee has made."""
        return sum(step.situation is not None and step.by == "trainee" for step in self.taken)

    def next_situation(self):
        """The session's ``next_situation``; a situation shown for the first time has the model's choice
        in it drawn (see the class docstring)."""
        situation = self.session.next_situation()
        if situation is not None and situation is not self._shown:
            self._model = self.session.model.decide(situation)
        self._shown = situation
        return situation

    def model_choice(self, situation):
        """What the model's lobby manager decides in ``situation``, the one shown last (no draw)."""
        if situation is None or situation is not self._shown:
            raise PracticeError("model_choice: ask about the situation next_situation() showed last")
        return self._model

    def decide(self, decision, by: str = "trainee") -> None:
        """Carry out ``decision`` for the situation shown last (the session's checks and errors), and
        keep it with the model's choice."""
        situation = self._shown
        if situation is None:
            raise PracticeError("decide: no decision is waiting; call next_situation() first")
        self.session.decide(decision)
        self._shown = None
        self.taken.append(Taken(situation.now, situation.clock, situation, decision, self._model, by=by))

    def let_model_decide(self, minutes: float) -> None:
        """The model decides the situation shown, if any (its choice already drawn), and the next
        ``minutes`` of branch time (the session's ``let_model_decide``), kept as a stretch."""
        self._model_takes_shown()
        now = self.session.now
        self.session.let_model_decide(minutes)
        self.taken.append(Taken(now, _clock(now), minutes=float(minutes), by="model"))

    def finish(self):
        """The session's ``finish``; the model decides the situation shown, if any."""
        self._model_takes_shown()
        return self.session.finish()

    def _model_takes_shown(self) -> None:
        if self._shown is not None and self.session.next_situation() is self._shown:
            self.decide(self._model, by="model")
        self._shown = None


def _clock(minutes: float) -> str:
    minute = int(minutes % 1440)
    return f"{minute // 60:02d}:{minute % 60:02d}"


# ----------------------------------------------------------------- the model's run of the same customers
def seed_of(session: PracticeSession) -> np.random.SeedSequence:
    """The seed a session's branch runs on, read back from its random streams (each stream's seed
    is the run's seed with the stream's index appended: ``simkit.branch.rng.streams``)."""
    stream = session.branch.rs["arrivals"].gen.bit_generator.seed_seq
    return np.random.SeedSequence(stream.entropy, spawn_key=tuple(stream.spawn_key)[:-1])


def model_twin(session: PracticeSession) -> PracticeSession:
    """A new session of the same plan, day, window and seed as ``session``, not yet run: the same
    customers, for the model's lobby manager to meet (``twin.finish()``)."""
    return PracticeSession(session.plan, start=_clock(session.start), minutes=session.end - session.start,
                           date=session.plan.days[0].date.isoformat(), seed=seed_of(session))


@dataclass(frozen=True, slots=True)
class CostlyDecision:
    """A trainee decision that differed from the model's and cost (see the module docstring): when
    (``clock``), its kind, the customers it was about, the summed differences of their visits
    (trainee's run less the model's: ``wait`` minutes, ``walkouts``, ``complaints``, ``sales``,
    ``churned`` ¥) and the explanation in plain words, ``text['en']`` and ``text['zh']``."""

    clock: str
    kind: str
    customers: tuple[int, ...]
    differences: dict[str, float]
    text: dict[str, str] = field(compare=False)

    @property
    def key(self) -> tuple[float, ...]:
        """The differences in the order they are compared, each signed so that larger is worse."""
        return tuple(sign * self.differences[name] for name, sign in COST_ORDER)


@dataclass(frozen=True, slots=True)
class Debrief:
    """The trainee's window (``trainee``) against the model's lobby manager on the same customers
    (``model``), how many decisions the trainee made and how many differed from the model's choice
    at the time, and the decisions that cost most (at most ``COSTLY_SHOWN``, costliest first).
    ``differences`` is the trainee's figures less the model's."""

    trainee: Outcomes
    model: Outcomes
    decisions: int
    differing: int
    costly: tuple[CostlyDecision, ...]
    #: every customer's visit in each run (``visits``), for the session record
    trainee_visits: dict[int, Visit] = field(default_factory=dict, repr=False, compare=False)
    model_visits: dict[int, Visit] = field(default_factory=dict, repr=False, compare=False)

    @property
    def differences(self) -> dict[str, float]:
        """The trainee's figures less the model's."""
        return self.trainee.minus(self.model)


def debrief(practice) -> Debrief:
    """The debrief of a practice session (a ``RecordedSession``, or a bare ``PracticeSession``, whose
    decisions were not kept: then no decision is named). Finishes the session if it is not yet
    finished (the model decides what is left) and runs the model's twin over the same window."""
    recorded = practice if isinstance(practice, RecordedSession) else None
    session = recorded.session if recorded else practice
    if not isinstance(session, PracticeSession):
        raise DebriefError(f"practice: expected a PracticeSession or RecordedSession, got {type(practice).__name__}")
    mine, theirs = (recorded or session).finish(), model_twin(session).finish()  # a shown situation: the model decides it
    taken = [step for step in (recorded.taken if recorded else []) if step.situation is not None and step.by == "trainee"]
    differing = [step for step in taken if step.differs]
    mine_visits, their_visits = visits(mine.rows, mine.end), visits(theirs.rows, theirs.end)
    costs = [_cost(step, mine_visits, their_visits) for step in differing]
    costly = sorted((c for c in costs if c.key > (0.0,) * len(COST_ORDER)), key=lambda c: c.key, reverse=True)
    return Debrief(Outcomes.from_log(mine.rows, mine.start, mine.end),
                   Outcomes.from_log(theirs.rows, theirs.start, theirs.end),
                   len(taken), len(differing), tuple(costly[:COSTLY_SHOWN]), mine_visits, their_visits)


#: the decisions about one customer, the situation's ``customer``
ONE_CUSTOMER = (Decision, Handle, Retain)


def about(step: Taken) -> tuple[int, ...]:
    """The customers a differing decision was about: the one triaged; those moved on a patrol or
    approached on a pitch by the trainee or by the model but not by both; the one complaining; the
    one about to give up waiting."""
    if isinstance(step.decision, ONE_CUSTOMER):
        return (step.situation.customer,)
    if isinstance(step.decision, Moves):
        mine, theirs = step.decision.customers, step.model.customers
    else:
        mine, theirs = _picked(step.decision), _picked(step.model)
    return tuple(sorted(set(mine) ^ set(theirs)))


def _picked(pitch: Pitch) -> tuple[int, ...]:
    return () if pitch.customer is None else (pitch.customer,)


def _cost(step: Taken, mine: dict[int, Visit], theirs: dict[int, Visit]) -> CostlyDecision:
    customers = about(step)
    differences = {name: 0.0 for name, _ in COST_ORDER}
    for cid in customers:
        a, b = mine.get(cid, Visit()), theirs.get(cid, Visit())
        for name in differences:
            differences[name] += getattr(a, name) - getattr(b, name)
    text = {lang: explain(step, customers, mine, theirs, lang) for lang in LANGS}
    return CostlyDecision(step.clock, step.situation.kind, customers, differences, text)


# ----------------------------------------------------------------- plain words
#: the sentences of an explanation, per language (``explain``)
SENTENCES = {
    "en": {
        "triage": "At {clock} you sent customer {customer} ({seg}, {need}) {mine}; the model would have sent "
                  "them {theirs}.",
        "sent": {"none": "away (nothing here serves them)", "home": "home to fetch their ID card"},
        "sent_to": "to {where}",
        "patrol": "At {clock}, on a queue patrol, you moved {mine} to the machines; the model would have moved {theirs}.",
        "pitch": "At {clock} you approached {mine} with a product; the model would have approached {theirs}.",
        "complaint": "At {clock} customer {customer} ({seg}, {need}) left with a complaint: you chose to {mine}; "
                     "the model would have chosen to {theirs}.",
        "retention": "At {clock} customer {customer} ({seg}, {need}) got up to give up after {waited:.0f} min in "
                     "the queue, {ahead} ahead of them: you chose to {mine}; the model would have chosen to {theirs}.",
        "handle": "take the complaint up",
        "rushed": "take the complaint up without calming the customer first",
        "leave": "leave it alone",
        "retain": "try to keep them",
        "let_go": "let them go",
        "refer": " with a referral to a customer manager",
        "teach": " and taught them the machine",
        "customer": "customer {customer}",
        "customers": "customers {customers}",
        "nobody": "nobody",
        "visit": " Customer {customer}: in your run waited {mine}; in the model's run waited {theirs}.",
        "visit_part": "{wait:.1f} min and {outcome}",
        "complained": ", complained",
        "bought": ", bought a product",
        "churned": ", moved ¥{churned:,.0f} to another bank",
    },
    "zh": {
        "triage": "{clock} 客户 {customer}（{seg}，{need}）：您选择{mine}；模型会选择{theirs}。",
        "sent": {"none": "请客户离开（本网点无法办理）", "home": "请客户回家取证件"},
        "sent_to": "分到{where}",
        "patrol": "{clock} 二次分流：您引导到自助设备的是{mine}；模型会引导{theirs}。",
        "pitch": "{clock} 厅堂营销：您选择了{mine}；模型会选择{theirs}。",
        "complaint": "{clock} 客户 {customer}（{seg}，{need}）带着投诉离开：您选择{mine}；模型会选择{theirs}。",
        "retention": "{clock} 客户 {customer}（{seg}，{need}）排队 {waited:.0f} 分钟、前面还有 {ahead} 人，起身要离开："
                     "您选择{mine}；模型会选择{theirs}。",
        "handle": "受理投诉",
        "rushed": "受理投诉但不先安抚客户",
        "leave": "不处理投诉",
        "retain": "挽留客户",
        "let_go": "不挽留客户",
        "refer": "，并推荐给客户经理",
        "teach": "，并教会客户使用自助设备",
        "customer": "客户 {customer}",
        "customers": "客户 {customers}",
        "nobody": "（无）",
        "visit": " 客户 {customer}：您这一局中等候{mine}；模型一局中等候{theirs}。",
        "visit_part": " {wait:.1f} 分钟，{outcome}",
        "complained": "，投诉",
        "bought": "，购买了产品",
        "churned": "，¥{churned:,.0f} 存款转到他行",
    },
}


def explain(step: Taken, customers, mine: dict[int, Visit], theirs: dict[int, Visit], lang: str) -> str:
    """A differing decision in plain words in ``lang``: what the trainee chose, what the model would
    have, and each customer it was about in both runs (minutes waited, how the visit ended)."""
    say = SENTENCES[lang]
    head = say[step.situation.kind].format(clock=step.clock, **_choices(step, lang))
    lines = [head]
    for cid in customers:
        parts = {side: _visit_words(runs.get(cid, Visit()), lang) for side, runs in (("mine", mine), ("theirs", theirs))}
        lines.append(say["visit"].format(customer=cid, **parts))
    return "".join(lines)


def _choices(step: Taken, lang: str) -> dict[str, str]:
    """The trainee's and the model's choice in words (and, for a triage, who the customer looked like)."""
    say, situation = SENTENCES[lang], step.situation
    if isinstance(step.decision, Decision):
        def channel(decision):
            where = say["sent"].get(decision.channel) or say["sent_to"].format(
                where=word("channel", decision.channel, lang))
            return where + (say["refer"] if decision.refer else "") + (say["teach"] if decision.teach else "")
        return dict(customer=situation.customer, seg=word("seg", situation.segment, lang),
                    need=word("need", situation.need, lang), mine=channel(step.decision), theirs=channel(step.model))
    if isinstance(step.decision, (Handle, Retain)):
        return dict(customer=situation.customer, seg=word("seg", situation.segment, lang),
                    need=word("need", situation.need, lang), mine=say[choice_word(step.decision)],
                    theirs=say[choice_word(step.model)], **_retention_seen(situation))

    def who(ids):
        if not ids:
            return say["nobody"]
        joined = ("、" if lang == "zh" else ", ").join(map(str, ids))
        return say["customer" if len(ids) == 1 else "customers"].format(customer=joined, customers=joined)
    if isinstance(step.decision, Moves):
        return dict(mine=who(step.decision.customers), theirs=who(step.model.customers))
    return dict(mine=who(_picked(step.decision)), theirs=who(_picked(step.model)))


def choice_word(decision: Handle | Retain) -> str:
    """The key in ``SENTENCES`` of a complaint's or a retention's answer: ``handle``, ``rushed`` (taken up
    without calming the customer first), ``leave``; ``retain``, ``let_go``."""
    if isinstance(decision, Retain):
        return "retain" if decision.retain else "let_go"
    return ("handle" if decision.calm else "rushed") if decision.handle else "leave"


def _retention_seen(situation) -> dict:
    """What a retention's sentence says of the customer beyond a complaint's: minutes waited, how many ahead."""
    return dict(waited=situation.waited, ahead=situation.ahead) if situation.kind == "retention" else {}


def _visit_words(visit: Visit, lang: str) -> str:
    say = SENTENCES[lang]
    text = say["visit_part"].format(wait=visit.wait, outcome=word("outcome", visit.outcome, lang))
    text += say["complained"] * (visit.complaints > 0) + say["bought"] * (visit.sales > 0)
    return text + (say["churned"].format(churned=visit.churned) if visit.churned > 0 else "")
