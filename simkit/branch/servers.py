"""Servers: teller windows, self-service machines and customer-manager desks.

A server is a SimPy process that loops: take a break if one is due, otherwise call the
next ticket by its calling rule, serve it (one ``timeout``), hand the customer on. How
long a service takes and what happens in it (errors, a cross-sell pitch) is decided by
the server's *current choices* and ability, read afresh for every customer, so the
behaviour layer can change them between assessment periods. The model never asks which
pay scheme is in force (docs/design.md rule 1).
"""
from __future__ import annotations

from collections import deque

import simpy

from ..vocabulary import DESK_CLASSES
from .sampling import fresh


class Server:
    """Base class: the pull loop, breaks (lunch, prospecting, repairs) and activity log."""

    role = "server"

    def __init__(self, branch, sid: str, rule: list[str], person=None):
        self.branch = branch
        self.env = branch.env
        self.id = sid
        self.rule = rule
        self.idle_ev = None
        self.breaks: deque = deque()  # (start, minutes, kind, latest start)
        self.current = None
        self.ability = person.ability if person is not None else None
        self.choices = None
        self.proc = self.env.process(self.run())

    def nudge(self, _ev=None):
        """Wake an idle server so it notices a break or a repair that is now due."""
        if self.idle_ev is not None:
            ev, self.idle_ev = self.idle_ev, None
            ev.succeed()

    def run(self):
        env, take, rule = self.env, self.branch.queues.take, self.rule
        act = self.branch.log.activity
        while True:
            if self.breaks and self.breaks[0][0] <= env.now:
                yield from self._take_break()
                continue
            got = take(rule)
            if got is None:
                self.idle_ev = env.event()
                yield self.idle_ev
                continue
            cust, cls = got
            t0 = env.now
            self.branch.called(cust, cls, self)
            self.current = cust
            try:
                yield env.timeout(self.begin(cust))
            except simpy.Interrupt:
                self.current = None
                act.append((self.id, self.role, "serve", t0, env.now, cust.id))
                self.aborted(cust)
                continue
            self.current = None
            act.append((self.id, self.role, "serve", t0, env.now, cust.id))
            self.finish(cust)

    def _take_break(self):
        start, minutes, kind, latest = self.breaks.popleft()
        if self.env.now > latest:  # still busy when the break would have had to start: skipped
            return
        t0 = self.env.now
        while True:
            try:
                yield self.env.timeout(minutes - (self.env.now - t0))
                break
            except simpy.Interrupt:  # a breakdown during a break: the break goes on
                continue
        if kind != "off":  # a day off is logged by the rota (Branch._rota_day), for the opening hours only
            self.branch.log.activity.append((self.id, self.role, kind, t0, self.env.now, -1))
        self.break_over(kind, t0)

    # -- hooks for subclasses
    def begin(self, cust) -> float:
        raise NotImplementedError

    def finish(self, cust) -> None:
        raise NotImplementedError

    def aborted(self, cust) -> None:
        raise RuntimeError(f"{self.id} was interrupted while serving")

    def break_over(self, kind, t0) -> None:
        pass


class TellerWindow(Server):
    """A counter window (柜台) staffed by one teller (柜员)."""

    role = "teller"

    def __init__(self, branch, sid, wtype, rule, person, choices):
        super().__init__(branch, sid, rule, person)
        self.wtype = wtype
        self.choices = choices
        self.outcome = None  # what the current service brings: (error, pitch, product, annoyed)

    def begin(self, cust) -> float:
        b, ch, ab = self.branch, self.choices, self.ability
        need = b.needs[cust.need]
        if need.without_id and cust.visit == 1 and b.lacks_id(cust):
            self.outcome = None  # no ID card: turned away (finish)
            return fresh(b.triage_time, b.rs["service"]) / ab.speed
        sampler = need.samplers["teller"]
        base = sampler(cust.work_e, cust.work_z) if cust.services == 0 else fresh(sampler, b.rs["service"])
        d = base / (ch.pace * ab.speed)
        w = b.teller_work
        risk = min(1.0, w.error_prob * ch.pace ** w.pace_error_elasticity / ab.accuracy)
        if ch.care > 0.0:  # a check: fixed minutes, no draw; at care 0 nothing is added or multiplied
            d += ch.care * w.check_minutes
            risk *= 1.0 - w.care_error_cut * ch.care
        error = b.rs["errors"].uniform() < risk
        if error:
            d += fresh(b.rework, b.rs["service"])
        product, annoyed, pitched = "", False, False
        if need.cross_sell and b.products and b.rs["sales"].uniform() < ch.pitch:
            pitched = True
            d += fresh(b.pitch_time, b.rs["service"])
            product, annoyed = b.pitch_outcome(cust, ab.selling, w.annoy_prob, ch.push)
        cust.services += 1
        self.outcome = (error, pitched, product, annoyed)
        return d

    def finish(self, cust) -> None:
        b = self.branch
        if self.outcome is None:
            return self._turn_away(cust)
        error, pitched, product, annoyed = self.outcome
        b.record_service(cust, self, "teller", error, pitched, product, annoyed)
        if error and b.rs["departure"].uniform() < b.return_after_error:
            b.schedule_return(cust)
        b.after_service(cust)

    def _turn_away(self, cust) -> None:
        """No ID card for business that needs it (``needs.<need>.without_id``; ``Branch.lacks_id``): the
        teller cannot do it; the customer, annoyed at the rule after their wait, leaves unserved (a ``done``
        row of value -1: no transaction) and comes back with the card on the next open day."""
        b = self.branch
        cust.channel, cust.annoyed = "teller", True
        b.log.rows.append((self.env.now, cust.id, "done", "teller", self.id, -1.0))
        b.schedule_return(cust)
        b.depart(cust, "unserved")


class Machine(Server):
    """A self-service machine (自助设备). Breakdowns interrupt it; repairs are breaks."""

    role = "machine"

    def __init__(self, branch, sid):
        super().__init__(branch, sid, ["self_service"])
        self.fail_now = False

    def begin(self, cust) -> float:
        b = self.branch
        need = b.needs[cust.need]
        d = fresh(need.samplers["self_service"], b.rs["service"])
        cust.ss_failed = b.rs["machines"].uniform() < b.segments[cust.segment].self_service_failure
        if cust.ss_failed:
            d *= b.rs["machines"].uniform()  # gave up part way through
        cust.services += 1
        return d

    def finish(self, cust) -> None:
        b = self.branch
        b.record_service(cust, self, "self_service", False, False, "", False)
        if cust.ss_failed:
            b.log.rows.append((self.env.now, cust.id, "ss_fail", self.id, "", 0.0))
            b.back_to_lobby(cust)
        else:
            b.after_service(cust)

    def aborted(self, cust) -> None:
        b = self.branch
        cust.ss_failed = True
        b.log.rows.append((self.env.now, cust.id, "done", "self_service", self.id, -1.0))  # cut short
        b.log.rows.append((self.env.now, cust.id, "ss_fail", self.id, "", 0.0))
        b.back_to_lobby(cust)


class ManagerDesk(Server):
    """A customer manager's (客户经理) desk: appointments, referrals, loans, wealth."""

    role = "customer_manager"

    def __init__(self, branch, sid, person, choices):
        super().__init__(branch, sid, list(DESK_CLASSES), person)
        self.choices = choices
        self.outcome = None

    def begin(self, cust) -> float:
        b, ab = self.branch, self.ability
        if cust.cm_visit and cust.services:  # a referral visit after the customer's own business
            d = fresh(b.referral_time, b.rs["managers"])
        else:
            need = b.needs[cust.need]
            s = need.samplers["customer_manager"]
            d = s(cust.work_e, cust.work_z) if cust.services == 0 else fresh(s, b.rs["service"])
            if cust.need == "loan_application":
                d *= 0.5 + self.choices.screening  # a real credit investigation takes time (seed 003)
        d /= ab.speed
        product, annoyed, pitched = "", False, False
        if b.products and b.rs["sales"].uniform() < self.choices.pitch:
            pitched = True
            product, annoyed = b.pitch_outcome(cust, ab.selling, b.manager_work.annoy_prob, self.choices.push)
        cust.services += 1
        self.outcome = (pitched, product, annoyed)
        return d

    def finish(self, cust) -> None:
        b = self.branch
        pitched, product, annoyed = self.outcome
        b.record_service(cust, self, "customer_manager", False, pitched, product, annoyed)
        if cust.need == "loan_application" and cust.services == 1:
            # value = how deeply this application was screened: the bank's books need it
            b.log.rows.append((self.env.now, cust.id, "loan_application", "desk", self.id, self.choices.screening))
        b.depart(cust, "served")

    def break_over(self, kind, t0) -> None:
        if kind == "outside":
            self.branch.prospect(self, t0, self.env.now)
