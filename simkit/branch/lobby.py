"""The lobby manager (大堂经理): greeting and triage, the second triage (二次分流), selling to
waiting customers, teaching customers the machines (客户教育), taking up complaints (投诉处理) and
keeping customers about to give up waiting (挽留客户).

A lobby manager is either free or busy. A customer who arrives while every lobby manager
is busy takes a ticket by themselves: no diversion to a machine, no green channel, no
referral. Time spent selling is therefore time not spent triaging, which is how a sales
bonus on the lobby crowds out an unmeasured duty (Holmström & Milgrom 1991, "Multitask
principal-agent analyses", JLEO 7:24-52) without the model knowing about any bonus.
"""
from __future__ import annotations

from functools import partial

from ..vocabulary import SEGMENTS, SELF_SERVICE, TICKET_CLASSES
from .calendar import DAY
from .decisions import (
    CUSTOMER_MANAGER,
    HOME,
    NO_SERVICE,
    ComplaintSituation,
    Decision,
    Handle,
    LobbyDecider,
    ModelLobbyDecider,
    Moves,
    PatrolSituation,
    Pitch,
    PitchSituation,
    Retain,
    RetentionSituation,
    Situation,
    Waiting,
    check_decision,
)
from .sampling import fresh


class LobbyManager:
    """A lobby manager on the floor: their id, ability, current choices and whether they are busy."""

    __slots__ = ("id", "ability", "choices", "busy")

    def __init__(self, member):
        self.id = member.id
        self.ability = member.ability
        self.choices = member.choices
        self.busy = False


class Lobby:
    """The lobby: greets and triages arriving customers when a lobby manager is free, sells to
    waiting customers, and re-routes waiting customers to machines (second triage).

    Where a greeted customer is sent, whom a patrol moves to the machines and whom to approach
    with a product are decided by ``decider`` (a ``simkit.branch.decisions.LobbyDecider``;
    ``None``, the default, is the model's own lobby manager ``model``, asked without building a
    situation because triage runs once per greeted customer). ``hold``, when set (by a practice
    session), receives each situation with the function that carries out its decision, and calls
    it later: the run pauses until then."""

    def __init__(self, branch, members):
        self.b = branch
        self.env = branch.env
        self.lms = [LobbyManager(m) for m in members]
        self.model = ModelLobbyDecider(branch)
        self.decider: LobbyDecider | None = None
        self.hold = None
        self.called = {cls for window in branch.tellers for cls in window.rule}  # classes some window calls
        self._down_until: dict[str, float] = {}  # machine id -> end of its repair, read off the log
        self._rows_read = 0
        for lm in self.lms:
            self.env.process(self._sell_loop(lm))
        st = branch.layout.second_triage
        if self.lms and st.enabled and branch.layout.self_service.machines > 0:
            self.env.process(self._second_triage(st))

    def free(self):
        for lm in self.lms:
            if not lm.busy:
                return lm
        return None

    def greet(self, cust):
        lm = self.free()
        if lm is None:
            self.b.route(cust, None)
            return
        lm.busy = True
        ev = self.env.timeout(fresh(self.b.triage_time, self.b.rs["lobby"]), (cust, lm, self.env.now))
        ev.callbacks.append(self._triaged)

    def _triaged(self, ev):
        cust, lm, t0 = ev.value
        lm.busy = False
        self.b.log.activity.append((lm.id, "lobby_manager", "triage", t0, self.env.now, cust.id))
        cust.triaged, cust.lm = True, lm.id
        self.triage(cust, lm)

    def triage(self, cust, lm):
        """Send ``cust``, just greeted by ``lm``, where the decider says (see the class docstring). For
        business that needs an ID card (``needs.<need>.without_id``), the greeting asks whether they have
        brought it (``Branch.lacks_id``: seed 004's lobby manager asks each customer's business)."""
        if self.b.needs[cust.need].without_id and cust.visit == 1:
            self.b.lacks_id(cust)
        if self.decider is None and self.hold is None:
            return self.carry_out(cust, lm, self.model.choose(cust, lm))
        return self._ask(self.situation(cust, lm), partial(self.carry_out, cust, lm))

    def _ask(self, situation, carry_out):
        """Hand ``situation`` to the hold, which calls ``carry_out`` with the decision later, or
        carry out the decider's decision, checked, now."""
        if self.hold is not None:
            return self.hold(situation, carry_out)
        return carry_out(check_decision(situation, self.decider.decide(situation)))

    def carry_out(self, cust, lm, decision: Decision):
        """Log the referral if any, mark a diversion, and queue ``cust`` on the decision's channel; for
        a customer sent to a machine, teach them if the decision says so and, with customer education
        on, book their later visit (``_to_machines``)."""
        b = self.b
        if decision.refer:
            cust.referred = True
            b.log.rows.append((self.env.now, cust.id, "referral", "lobby", lm.id, 0.0))
        if decision.channel == SELF_SERVICE:
            need = b.needs[cust.need]
            cust.diverted = decision.diverted if decision.diverted is not None else need.teller or need.cm
            self._to_machines(cust, lm, decision.teach)
        b.send(cust, decision.channel)

    def _to_machines(self, cust, lm, teach: bool):
        """客户教育: with ``teach``, ``lm`` stays with ``cust`` at the machine for a teaching
        (``staff.lobby_work.education.teach`` minutes, busy, logged as ``teach``) and ``cust`` is taught
        from now on; with ``staff.lobby_work.education.enabled``, a customer on their first visit comes
        back with the same business ``revisit_days`` later, where what they learned shows."""
        b = self.b
        if teach:
            cust.taught, lm.busy = True, True
            ev = self.env.timeout(fresh(b.teach_time, b.rs["lobby"]), (cust, lm, self.env.now))
            ev.callbacks.append(self._taught)
        if b.education.enabled and cust.visit == 1:
            b.schedule_visit(cust, b.education.revisit_days)

    def complaint(self, ev):
        """投诉处理: a customer who has just complained (``ev.value``; their departure is logged) meets
        a free lobby manager, who takes the complaint up or not (the decider, as for triage); with
        nobody free it is left alone. Then whether they move money away (``Branch.settle``)."""
        cust = ev.value
        lm = self.free()
        if lm is None:
            return self.b.settle(cust, False)
        if self.decider is None and self.hold is None:
            return self.take_up(cust, lm, self.model.handle(lm))
        situation = ComplaintSituation(lobby_manager=lm.id, customer=cust.id, segment=self._apparent(cust),
                                       need=cust.need, comm=cust.comm, waited=cust.wait, errors=cust.errors,
                                       outcome=cust.outcome, **self._floor())
        return self._ask(situation, partial(self.take_up, cust, lm))

    def take_up(self, cust, lm, answer: Handle):
        """Carry out ``answer``: a complaint taken up keeps ``lm`` busy for
        ``staff.lobby_work.complaint_handling.handle`` minutes (logged as ``complaint``) and, with the
        customer calmed first, soothes ``cust`` (fewer repeat complaints later); without, inflames them
        (more); then churn is decided."""
        if answer.handle:
            cust.soothed, cust.inflamed, lm.busy = answer.calm, not answer.calm, True
            ev = self.env.timeout(fresh(self.b.handle_time, self.b.rs["lobby"]), (cust, lm, self.env.now))
            ev.callbacks.append(self._handled)
        self.b.settle(cust, answer.handle, answer.calm)

    def retention(self, cust):
        """挽留客户: ``cust``, whose patience has just run out in a queue, meets a free lobby manager, who
        tries to keep them or not (the decider, as for triage); with nobody free they leave."""
        lm = self.free()
        if lm is None:
            return self.b.walk_out(cust)
        if self.decider is None and self.hold is None:
            return self.keep(cust, lm, self.model.retain(lm))
        situation = RetentionSituation(lobby_manager=lm.id, customer=cust.id, segment=self._apparent(cust),
                                       need=cust.need, comm=cust.comm, ticket=cust.ticket,
                                       waited=self.env.now - cust.queued_t, ahead=self._ahead(cust), **self._floor())
        return self._ask(situation, partial(self.keep, cust, lm))

    def keep(self, cust, lm, answer: Retain):
        """Carry out ``answer``: a try keeps ``lm`` busy for ``staff.lobby_work.retention.retain`` minutes
        (logged as ``retain``), after which ``cust`` waits on for ``more_patience`` of their patience with
        chance ``stay`` (then leaves when it runs out again); else, or without a try, they leave now."""
        b = self.b
        if not answer.retain:
            return b.walk_out(cust)
        lm.busy = True
        ev = self.env.timeout(fresh(b.retain_time, b.rs["lobby"]), (cust, lm, self.env.now))
        ev.callbacks.append(self._kept)
        if b.rs["lobby"].uniform() >= b.retention.stay:
            return b.walk_out(cust)
        cust.retained = True
        b.wait_on(cust, cust.patience * b.retention.more_patience)

    def _ahead(self, cust) -> int:
        """How many live tickets of ``cust``'s class are ahead of theirs."""
        ahead = 0
        for c, seq in self.b.queues.q[cust.ticket]:
            if c is cust and seq == cust.seq:
                return ahead
            ahead += c.waiting and c.seq == seq
        return ahead

    def _kept(self, ev):
        cust, lm, t0 = ev.value
        lm.busy = False
        self.b.log.activity.append((lm.id, "lobby_manager", "retain", t0, self.env.now, cust.id))

    def _handled(self, ev):
        cust, lm, t0 = ev.value
        lm.busy = False
        self.b.log.activity.append((lm.id, "lobby_manager", "complaint", t0, self.env.now, cust.id))

    def _taught(self, ev):
        cust, lm, t0 = ev.value
        lm.busy = False
        self.b.log.activity.append((lm.id, "lobby_manager", "teach", t0, self.env.now, cust.id))

    def situation(self, cust, lm) -> Situation:
        """What ``lm`` sees of ``cust`` and of the floor now (``Situation``)."""
        no_id = bool(cust.id_missing)
        return Situation(lobby_manager=lm.id, customer=cust.id, segment=self._apparent(cust), need=cust.need,
                         comm=cust.comm, appointment=cust.appointment,
                         options=self.options(cust) + ((HOME,) if no_id else ()), no_id=no_id, **self._floor())

    def _floor(self) -> dict:
        """The floor as a lobby manager sees it now: the clock, the queue display, the machines."""
        now = self.env.now
        minute = int(now % DAY)
        return dict(now=now, clock=f"{minute // 60:02d}:{minute % 60:02d}", queues=dict(self.b.queues.n),
                    waits=self._waits(now), machines=self._machines_up(now))

    def _apparent(self, cust) -> str:
        """The segment ``cust`` looks like: a hidden high-value customer looks like a mass customer."""
        return SEGMENTS[0] if self.b.segments[cust.segment].hidden else cust.segment

    def _seen(self, cust) -> Waiting:
        return Waiting(cust.id, self._apparent(cust), cust.need, cust.comm, cust.ticket, self.env.now - cust.queued_t)

    def options(self, cust) -> tuple[str, ...]:
        """The channels open to ``cust``: a machine, the counter classes they may be given (their own
        ticket, an ordinary one, the green channel where it is open), a desk; ``none`` if nothing serves them."""
        b = self.b
        need, own = b.needs[cust.need], b.segments[cust.segment].ticket
        out = [SELF_SERVICE] if need.ss else []
        if need.teller:
            out += [cls for cls in TICKET_CLASSES if cls == own or (cls == "green" and b.green_ok)
                    or (cls == "ordinary" and cls in self.called)]
        if need.cm:
            out.append(CUSTOMER_MANAGER)
        return tuple(out) or (NO_SERVICE,)

    def _waits(self, now) -> dict[str, float]:
        out = {}
        for cls, queue in self.b.queues.q.items():
            first = next((c for c, seq in queue if c.waiting and c.seq == seq), None)
            out[cls] = 0.0 if first is None else now - first.queued_t
        return out

    def _machines_up(self, now) -> dict[str, bool]:
        rows = self.b.log.rows
        for t, _, kind, place, _, value in rows[self._rows_read:]:
            if kind == "breakdown":
                self._down_until[place] = t + value
        self._rows_read = len(rows)
        return {m.id: now >= self._down_until.get(m.id, 0.0) for m in self.b.machines}

    def _busy_for(self, lm, minutes, kind):
        """Generator: keep ``lm`` busy for ``minutes`` and log it as ``kind``."""
        lm.busy, t0 = True, self.env.now
        yield self.env.timeout(minutes)
        lm.busy = False
        self.b.log.activity.append((lm.id, "lobby_manager", kind, t0, self.env.now, -1))

    def _sell_loop(self, lm):
        b, d, w = self.b, self.b.rs["lobby"], self.b.lobby_work
        while True:
            zeal = lm.choices.selling
            yield self.env.timeout(w.sell_gap / zeal * d.expo() if zeal > 0 else 60.0)
            if zeal <= 0 or lm.busy or not b.is_open(self.env.now):
                continue
            waiting = b.queues.waiting_in(b.teller_classes)
            if not waiting:
                continue
            cust = yield from self._approach(lm, waiting)
            if cust is None:
                continue
            yield from self._busy_for(lm, fresh(b.sell_time, d), "sell")
            product, annoyed = b.pitch_outcome(cust, lm.ability.selling, w.annoy_prob, lm.choices.push)
            b.record_pitch(cust, lm.id, "lobby", product, annoyed)

    def _approach(self, lm, waiting):
        """Generator: the waiting customer ``lm`` approaches with a product, or ``None``: the model's
        pick, the decider's, or with a hold the answer given later (the loop waits for it)."""
        if self.decider is None and self.hold is None:
            return self.model.pick(waiting)
        situation = PitchSituation(lobby_manager=lm.id, candidates=tuple(map(self._seen, waiting)), **self._floor())
        if self.hold is None:
            pitch = check_decision(situation, self.decider.decide(situation))
        else:
            answer = self.env.event()
            self.hold(situation, answer.succeed)
            pitch: Pitch = yield answer
        return None if pitch.customer is None else self.b.customers[pitch.customer]

    def _second_triage(self, st):
        b = self.b
        while True:
            yield self.env.timeout(st.check_every)
            lm = self.free()
            if lm is None or not b.is_open(self.env.now) or b.queues.n["ordinary"] <= st.threshold:
                continue
            yield from self._busy_for(lm, st.minutes, "second_triage")
            # back of the queue first; not one who came back from a machine they could not use
            candidates = [c for c in reversed(b.queues.waiting_in(["ordinary"]))
                          if not c.ss_failed and b.needs[c.need].ss]
            if self.decider is None and self.hold is None:
                self._move(lm, self.model.moves(lm, candidates, st.max_moves))
            elif candidates:
                situation = PatrolSituation(lobby_manager=lm.id, candidates=tuple(map(self._seen, candidates)),
                                            max_moves=st.max_moves, **self._floor())
                self._ask(situation, partial(self._move_chosen, lm))

    def _move_chosen(self, lm, moves: Moves):
        self._move(lm, [self.b.customers[cid] for cid in moves.customers])

    def _move(self, lm, customers):
        """Move ``customers`` from the ordinary queue to the machines (a reroute, a diversion)."""
        b = self.b
        for cust in customers:
            b.leave_queue(cust, "reroute", lm.id)
            cust.diverted = True
            b.enqueue(cust, "self_service", "self_service")
