"""Practice: a trainee plays the lobby manager (大堂经理) of the simulated branch.

A ``PracticeSession`` runs one day of the branch up to a chosen clock time with the model's
lobby manager deciding (the branch fills up as it would have), then hands the trainee every
decision until the window closes: ``next_situation()`` runs the branch until the lobby manager
must decide and returns what they see (``simkit.branch.decisions``: a ``Situation`` when a
greeted customer must be sent somewhere, a ``PatrolSituation`` on a queue patrol, a
``PitchSituation`` when free to approach a waiting customer, with the syllabus's processes switched
on a ``ComplaintSituation`` when a customer complains and a ``RetentionSituation`` when a waiting
customer gets up to give up); ``decide(decision)`` carries out the trainee's answer (a ``Decision``,
``Moves``, ``Pitch``, ``Handle`` or ``Retain``); ``let_model_decide(minutes)``
hands a stretch back to the model; ``finish()`` runs to the window's end and returns the event
log and the window's figures.

No wall clock is involved: the run pauses by stepping the SimPy environment one event at a
time (``env.peek()``/``env.step()``) and stops stepping as soon as a decision is waiting. The
decision is carried out when the caller gives it, before any later event is processed, so a
trainee who always decides what the model would gets exactly the model's run.

    plan = BranchPlan.compile(load_scenario("scenarios/baseline.yaml"), days=1)
    session = PracticeSession(plan, start="10:00", minutes=45, date="2026-11-02", seed=1)
    while (situation := session.next_situation()) is not None:
        if situation.kind == "triage":
            session.decide(Decision("ordinary" if "ordinary" in situation.options else situation.options[0]))
        else:
            session.let_model_decide(5.0)
    print(session.finish().kpis)
"""
from __future__ import annotations

import datetime as dt
import math
from collections import deque
from dataclasses import dataclass, replace

from ..errors import SimkitError
from ..scenario.clock import clock_to_minutes
from ..vocabulary import OUTCOMES
from .calendar import DAY, make_days
from .decisions import ModelLobbyDecider, check_decision
from .model import Branch
from .plan import BranchPlan


class PracticeError(SimkitError, ValueError):
    """A practice session asked for something it cannot do (a bad window, a call out of turn)."""


@dataclass(frozen=True, slots=True)
class PracticeResult:
    """A finished session: the run's event rows ``(t, customer id, kind, place, staff, value)``,
    its staff activity intervals, its customers (``simkit.branch.customer.Customer``), the window
    (absolute minutes) and the window's figures (``kpis``: see ``PracticeSession.finish``)."""

    rows: list[tuple]
    activity: list[tuple]
    customers: list
    start: float
    end: float
    kpis: dict[str, float]


class PracticeSession:
    """One practice window: ``minutes`` of branch time from clock time ``start`` on ``date`` (ISO;
    default the plan's first day), the random streams from ``seed`` (default the plan's).

    The branch runs that one calendar day from midnight; before ``start`` the model's lobby
    manager decides. Raises ``PracticeError`` for a start that is not a clock time, a window
    that is empty or runs past midnight, or a date that is not an ISO date."""

    def __init__(self, plan: BranchPlan, start: str = "10:00", minutes: float = 45.0,
                 date: str | None = None, seed: int | None = None):
        self.start, self.end = _window(start, minutes)
        day = _date(date) if date is not None else plan.days[0].date
        # one calendar day, built the way the plan builds its own: the same hours and traffic
        self.plan = replace(plan, days=tuple(make_days(plan.layout, plan.arrivals, day.isoformat(), 1)))
        self.branch = Branch(self.plan, seed=seed)
        self.env = self.branch.env
        self._pending: deque[tuple[object, object]] = deque()
        self.decided = {"trainee": 0, "model": 0}
        self._result: PracticeResult | None = None
        self._run_model_until(self.start)

    @property
    def model(self) -> ModelLobbyDecider:
        """The model's lobby manager. Asking it (``session.model.decide(situation)``) draws what
        the model's own decision draws: ask only for a decision you will then give."""
        return self.branch.lobby.model

    @property
    def now(self) -> float:
        """Branch time, minutes from midnight."""
        return self.env.now

    def next_situation(self):
        """Run the branch until a decision is waiting and return its situation (the same one again
        until it is decided; a ``simkit.branch.decisions`` situation of any kind); ``None`` when the
        window closes first."""
        self._check_open("next_situation")
        env = self.env
        while not self._pending and env.peek() < self.end:
            env.step()
        return self._pending[0][0] if self._pending else None

    def decide(self, decision) -> None:
        """Carry out ``decision`` (a ``Decision``, ``Moves``, ``Pitch``, ``Handle`` or ``Retain``: what the
        waiting situation's kind needs) for the waiting situation. Raises ``simkit.branch.decisions.InvalidDecision``
        (naming the allowed options) for a decision of the wrong kind or outside the options, and
        ``PracticeError`` when no decision is waiting; either way the session is unchanged and can
        go on."""
        self._check_open("decide")
        if not self._pending:
            raise PracticeError("decide: no decision is waiting; call next_situation() first")
        situation, carry_out = self._pending[0]
        check_decision(situation, decision)
        self._pending.popleft()
        self.decided["trainee"] += 1
        carry_out(decision)

    def let_model_decide(self, minutes: float) -> None:
        """The model's lobby manager decides the waiting situation, if any, and every decision in the
        next ``minutes`` of branch time (to the window's end at most)."""
        self._check_open("let_model_decide")
        if isinstance(minutes, bool) or not (isinstance(minutes, int | float) and 0 < minutes < math.inf):
            raise PracticeError(f"let_model_decide: minutes must be a positive number of minutes, got {minutes!r}")
        self._model_takes_waiting()
        self._run_model_until(min(self.env.now + minutes, self.end))

    def finish(self) -> PracticeResult:
        """The model decides what is left of the window, the run stops at its end, and the result:
        every event row and activity, and for the customers who arrived in the window the
        ``kpis``: how many arrived, how many of them were served, balked, reneged, left
        unserved or were still inside at the end, their mean wait in minutes (a customer still
        queueing counts the time waited so far) and how many decisions the trainee and the model
        made in the window. Calling it again returns the same result."""
        if self._result is None:
            self._model_takes_waiting()
            self._run_model_until(self.end)
            self._result = self._summarise()
        return self._result

    # ----------------------------------------------------------------- internals
    def _hold(self, situation, carry_out) -> None:
        """The lobby's ``hold``: keep the situation until the caller decides it."""
        self._pending.append((situation, carry_out))

    def _model_takes_waiting(self) -> None:
        while self._pending:
            situation, carry_out = self._pending.popleft()
            self.decided["model"] += 1
            carry_out(self.model.decide(situation))

    def _run_model_until(self, until: float) -> None:
        """Step the branch with the model deciding until the next event is at ``until`` or later,
        then give the decisions back to the session."""
        lobby, env = self.branch.lobby, self.env
        lobby.hold = self._count_model_decision if until > self.start else None  # before the window: the fast path
        while env.peek() < until:
            env.step()
        lobby.hold = self._hold

    def _count_model_decision(self, situation, carry_out) -> None:
        self.decided["model"] += 1
        carry_out(self.model.decide(situation))

    def _check_open(self, call: str) -> None:
        if self._result is not None:
            raise PracticeError(f"{call}: the session is finished; start a new PracticeSession")

    def _summarise(self) -> PracticeResult:
        b, end = self.branch, self.end
        inside = [c for c in b.customers if self.start <= c.arrive < end]
        kpis = {"arrived": float(len(inside))}
        for outcome in OUTCOMES:
            kpis[outcome] = float(sum(c.outcome == outcome for c in inside))
        waits = [c.wait + (end - c.queued_t if c.waiting else 0.0) for c in inside]
        kpis["mean_wait"] = sum(waits) / len(waits) if waits else math.nan
        kpis["trainee_decisions"] = float(self.decided["trainee"])
        kpis["model_decisions"] = float(self.decided["model"])
        return PracticeResult(b.log.rows, b.log.activity, b.customers, self.start, end, kpis)


def _window(start, minutes) -> tuple[float, float]:
    """(start, end) in minutes of the day; the window stays within one calendar day."""
    try:
        begin = clock_to_minutes(start) if isinstance(start, str) else None
    except ValueError as error:
        raise PracticeError(f"start: {error}") from None
    if begin is None:
        raise PracticeError(f"start: expected a clock time 'HH:MM', got {start!r}")
    if isinstance(minutes, bool) or not (isinstance(minutes, int | float) and 0 < minutes <= DAY - begin):
        raise PracticeError(f"minutes: the window must be longer than 0 and end by midnight "
                            f"(at most {DAY - begin:g} minutes from {start}), got {minutes!r}")
    return float(begin), float(begin + minutes)


def _date(text) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise PracticeError(f"date: expected an ISO date 'YYYY-MM-DD', got {text!r}") from None
