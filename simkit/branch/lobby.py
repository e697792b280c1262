"""The lobby manager (大堂经理): greeting and triage, the second triage (二次分流) and
selling to waiting customers.

A lobby manager is either free or busy. A customer who arrives while every lobby manager
is busy takes a ticket by themselves: no diversion to a machine, no green channel, no
referral. Time spent selling is therefore time not spent triaging, which is how a sales
bonus on the lobby crowds out an unmeasured duty (Holmström & Milgrom 1991, "Multitask
principal-agent analyses", JLEO 7:24-52) without the model knowing about any bonus.
"""
from __future__ import annotations

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
    waiting customers, and re-routes waiting customers to machines (second triage)."""

    def __init__(self, branch, members):
        self.b = branch
        self.env = branch.env
        self.lms = [LobbyManager(m) for m in members]
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
        self.b.route(cust, lm)

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
            cust = waiting[int(d.uniform() * len(waiting))]
            yield from self._busy_for(lm, fresh(b.sell_time, d), "sell")
            product, annoyed = b.pitch_outcome(cust, lm.ability.selling, w.annoy_prob, lm.choices.push)
            b.record_pitch(cust, lm.id, "lobby", product, annoyed)

    def _second_triage(self, st):
        b, d = self.b, self.b.rs["lobby"]
        while True:
            yield self.env.timeout(st.check_every)
            lm = self.free()
            if lm is None or not b.is_open(self.env.now) or b.queues.n["ordinary"] <= st.threshold:
                continue
            yield from self._busy_for(lm, st.minutes, "second_triage")
            moved = 0
            for cust in reversed(b.queues.waiting_in(["ordinary"])):
                if moved >= st.max_moves:
                    break
                if cust.ss_failed:  # came back from a machine it could not use: do not send it there again
                    continue
                if b.needs[cust.need].ss and d.uniform() < lm.choices.diversion * b.segments[cust.segment].accepts_self_service:
                    b.leave_queue(cust, "reroute", lm.id)
                    cust.diverted = True
                    b.enqueue(cust, "self_service", "self_service")
                    moved += 1
