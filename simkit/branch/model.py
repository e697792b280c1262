"""The branch: arrivals, routing, queues, servers and departures in one SimPy environment.

Reading guide — a customer's path (docs/domain.md §2) and the method that handles each step:

1. ``Branch._arrivals`` draws non-homogeneous Poisson arrivals; ``arrive``
   creates the customer (segment, communication type, need, patience, work content).
2. ``simkit.branch.lobby.Lobby.greet`` triages them if a lobby manager is free.
3. ``route`` picks the channel and ticket class; ``enqueue`` lets the customer
   read the queue display and balk, or take the ticket and start their patience clock.
4. A server calls them (``simkit.branch.servers``); ``record_service`` logs the
   service; ``after_service`` sends referred customers to a customer manager.
5. ``depart`` scores satisfaction, complaint and, for wealthy customers, churn.

Everything is appended to ``simkit.branch.log.EventLog``; tables come later. The branch
runs on a ``simkit.branch.plan.BranchPlan``, the scenario compiled once.
"""
from __future__ import annotations

import math

import simpy

from ..scenario.clock import clock_to_minutes
from ..scenario.models import Ability
from ..vocabulary import DESK_CLASSES, RELIEF, SELF_SERVICE, TICKET_CLASSES
from .calendar import DAY, days_off
from .customer import INF, Customer
from .decisions import CUSTOMER_MANAGER, HOME, NO_SERVICE
from .lobby import Lobby
from .log import EventLog
from .plan import BranchPlan
from .queues import Queues
from .rng import AlignedCustomers, cumulative, streams
from .servers import Machine, ManagerDesk, TellerWindow
from .visitors import check_visitors

#: a relief colleague's abilities: the pool's average
_AVERAGE = Ability()


class Branch:
    """One branch over the days of its ``plan`` (``BranchPlan.compile``). ``run()`` may be
    called repeatedly with a later ``until_day``; between calls, staff choices may be changed
    (``member.choices``). ``seed`` replaces the plan's; ``staff`` replaces a fresh copy of the
    plan's roster. ``visitors`` (``simkit.branch.visitors.Visitor`` records) replaces the random
    arrivals by customers given in advance, for tests that pin an exact event trace."""

    def __init__(self, plan: BranchPlan, seed=None, staff=None, visitors=None):
        self.plan = plan
        self.env = simpy.Environment()
        self.rs = streams(plan.seed if seed is None else seed)
        # aligned mode (``arrivals.aligned``): customers keyed by arrival order, not one shared stream
        self.aligned = AlignedCustomers(plan.seed if seed is None else seed) if plan.arrivals.aligned else None
        self.log = EventLog()
        self.days = plan.days
        self.customers: list[Customer] = []
        self._bind(plan)
        self.staff = staff if staff is not None else plan.staff_members()
        self._build_servers()
        self.lobby = Lobby(self, [m for m in self.staff if m.role == "lobby_manager"])
        if visitors is None:
            self.env.process(self._arrivals())
        else:
            self.env.process(self._visitors(check_visitors(visitors, self.segments, self.needs, self.comm)))
        self.rota = self._rota_posts()
        self.env.process(self._calendar())
        self.day_done = 0

    @classmethod
    def from_scenario(cls, scenario, seed=None, days=None) -> Branch:
        """``Branch(BranchPlan.compile(scenario, days), seed)``: for a single run; compile the plan
        yourself to build many branches (seeds, rosters) from one scenario."""
        return cls(BranchPlan.compile(scenario, days), seed=seed)

    # ----------------------------------------------------------------- set-up
    def _bind(self, plan: BranchPlan):
        """The plan's settings as the branch's own attributes: one lookup each on the hot paths."""
        self.layout = plan.layout
        self.needs = plan.needs
        self.segments = plan.segments
        self.seg_names = plan.segment_names
        self.seg_cum = plan.segment_cum
        self.need_mix = plan.need_mix
        self.comm = plan.comm_types
        self.comm_names = plan.comm_names
        self.comm_cum = plan.comm_cum
        self.patience_mean = plan.patience_mean
        self.patience_lognormal = plan.patience.dist == "lognormal"
        self.patience_mu, self.patience_s = plan.patience_mu, plan.patience_sigma
        self.balking, self.vip_lounge = plan.balking, plan.layout.vip_lounge
        self.complaints, self.churn, self.satisfaction = plan.complaints, plan.churn, plan.satisfaction
        self.catalogue = plan.products
        self.products = plan.product_names
        self.product_cum = plan.product_cum
        self.teller_work, self.lobby_work, self.manager_work = plan.teller_work, plan.lobby_work, plan.manager_work
        self.rework, self.pitch_time = plan.rework, plan.pitch_time
        self.triage_time, self.sell_time, self.referral_time = plan.triage_time, plan.sell_time, plan.referral_time
        self.teach_time, self.education = plan.teach_time, plan.lobby_work.education
        self.handle_time, self.handling = plan.handle_time, plan.lobby_work.complaint_handling
        self.retain_time, self.retention = plan.retain_time, plan.lobby_work.retention
        self.return_after_error = plan.return_after_error
        self.teller_classes = TICKET_CLASSES
        self.green_ok = plan.green_channel_open
        self.open_minute, self.close_minute = plan.layout.open_minute, plan.layout.close_minute

    def _build_servers(self):
        layout, env = self.layout, self.env
        self.queues = Queues(TICKET_CLASSES + (SELF_SERVICE,) + DESK_CLASSES)
        self.tellers, self.desks, self.machines = [], [], []
        for m in self.staff:
            if m.role == "teller":
                self.tellers.append(TellerWindow(self, m.id, m.post, layout.calling[m.post], m, m.choices))
            elif m.role == "customer_manager":
                self.desks.append(ManagerDesk(self, m.id, m, m.choices))
        for i in range(layout.self_service.machines):
            self.machines.append(Machine(self, f"S{i + 1}"))
            env.process(self._breakdowns(self.machines[-1]))
        for s in self.tellers + self.desks + self.machines:
            self.queues.register(s)

    def set_choices(self, post: str, choices) -> None:
        """Give the member of staff at ``post`` new choices; they apply from the next customer on."""
        self._at(post, "choices", choices)

    def set_ability(self, post: str, ability) -> None:
        """A new hire at ``post``: their abilities apply from the next customer on."""
        self._at(post, "ability", ability)

    def _at(self, post, attr, value):
        for obj in self.staff + self.tellers + self.desks + self.lobby.lms:
            if obj.id == post:
                setattr(obj, attr, value)

    # ----------------------------------------------------------------- running
    def run(self, until_day: int | None = None, progress=None) -> "Branch":
        """Simulate up to the end of day ``until_day`` (default: the whole horizon)."""
        end = len(self.days) if until_day is None else min(until_day, len(self.days))
        while self.day_done < end:
            self.day_done += 1
            self.env.run(until=self.day_done * DAY)
            if progress is not None:
                progress.update(1)
        return self

    def is_open(self, t: float) -> bool:
        i = int(t // DAY)
        if i >= len(self.days) or not self.days[i].is_open:
            return False
        return self.days[i].open <= t < self.days[i].close

    def _arrivals(self):
        env, d = self.env, self.rs["arrivals"]
        for day in self.days:
            for a, b, rate in day.pieces:
                t = a
                while True:  # piecewise-constant rate: exact by memorylessness, no thinning
                    t += d.expo() / rate
                    if t >= b:
                        break
                    yield env.timeout(t - env.now)
                    self.arrive(day.index)

    def _calendar(self):
        """Each open day: who is on the rota, lunch rotations and customer managers' time outside."""
        env, lunch = self.env, self.layout.lunch
        for day in self.days:
            if day.open > env.now:
                yield env.timeout(day.open - env.now)
            if not day.is_open:
                continue
            closed = self._rota_day(day) if self.rota else ()
            base = day.index * DAY
            for servers in (self.tellers, self.desks):
                for i, s in enumerate(servers):
                    if s in closed:  # the holder's day off and no relief: the post is shut till midnight
                        s.breaks.append((day.open, base + DAY - day.open, "off", day.close))
                        env.timeout(0.0).callbacks.append(s.nudge)
                        continue
                    plan = []
                    if lunch.enabled:
                        g = (i + day.index) % lunch.groups
                        plan.append((base + self._minute(lunch.start) + g * lunch.minutes, lunch.minutes, "lunch"))
                    if s.role == "customer_manager":
                        plan += self._outside_plan(s, day)
                    for start, minutes, kind in sorted(plan):
                        s.breaks.append((start, minutes, kind, day.close))
                        env.timeout(max(0.0, start - env.now)).callbacks.append(s.nudge)

    def _rota_posts(self) -> list[tuple[int, object, object]]:
        """(index within the role, member, the object at their post) for everyone on the rota;
        empty when the scenario has no rota (everyone works every open day)."""
        if not self.layout.rota.enabled:
            return []
        by_role = {"teller": self.tellers, "lobby_manager": self.lobby.lms, "customer_manager": self.desks}
        out = []
        for role, posts in by_role.items():
            members = [m for m in self.staff if m.role == role]
            out += [(i, m, post) for i, (m, post) in enumerate(zip(members, posts, strict=True))]
        return out

    def _rota_day(self, day) -> set:
        """Put today's people at their posts: the holder, or on their day off a relief colleague
        (the role's starting habits, average ability, the role's relief id) where the rota has
        relief for the role; returns the posts that close today (till midnight, so that nobody is
        called there after closing either). A holder's day off is logged as an ``off`` activity over
        the opening hours, so their indicators count only the days they worked."""
        rota, weekday, closed = self.layout.rota, day.date.weekday(), set()
        for index, member, post in self.rota:
            off = weekday in days_off(rota, index)
            covered = off and rota.relief.get(member.role, False)
            post.id = RELIEF[member.role] if covered else member.id
            post.choices = self.plan.relief_choices[member.role] if covered else member.choices
            post.ability = _AVERAGE if covered else member.ability
            if off:
                self.log.activity.append((member.id, member.role, "off", day.open, day.close, -1))
            if off and not covered:
                closed.add(post)
        return closed

    def _outside_plan(self, desk, day):
        minutes = desk.choices.outside * (day.close - day.open)
        if minutes <= 0:
            return []
        start = min(day.index * DAY + self._minute(self.manager_work.outside_start), day.close - minutes)
        return [(max(start, day.open), minutes, "outside")]

    @staticmethod
    def _minute(clock: str) -> int:
        return clock_to_minutes(clock)

    def _breakdowns(self, m):
        env, d, ss = self.env, self.rs["machines"], self.layout.self_service
        while True:
            yield env.timeout(ss.mtbf_minutes * d.expo())
            if not self.is_open(env.now):
                continue  # machines are counted as failing in opening hours only
            repair = ss.mttr_minutes * d.expo()
            self.log.rows.append((env.now, -1, "breakdown", m.id, "", repair))
            m.breaks.appendleft((env.now, repair, "down", INF))
            if m.current is not None:
                m.proc.interrupt()
            else:
                m.nudge()
            yield env.timeout(repair)

    # ----------------------------------------------------------------- the customer's path
    def arrive(self, day: int, like: Customer | None = None):
        rs = self.rs["customers"] if self.aligned is None else self.aligned.draws(len(self.customers), like)
        if like is None:
            seg = rs.choice(self.seg_cum, self.seg_names)
            names, cum = self.need_mix[seg]
            need, comm = rs.choice(cum, names), rs.choice(self.comm_cum, self.comm_names)
        else:
            seg, need, comm = like.segment, like.need, like.comm
        pf = self.segments[seg].patience_factor * self.comm[comm].patience
        unit = math.exp(self.patience_mu + self.patience_s * rs.normal()) if self.patience_lognormal else rs.expo()
        c = Customer(len(self.customers), day, self.env.now, seg, comm, need,
                     self.patience_mean * pf * unit, rs.expo(), rs.normal())
        if like is not None:
            c.visit, c.return_of, c.taught, c.soothed = like.visit + 1, like.id, like.taught, like.soothed
            c.inflamed = like.inflamed
        if self.needs[need].cm:
            c.appointment = rs.uniform() < self.manager_work.appointment_share
        # _walk_in's three lines, inline: this runs once per customer
        self.customers.append(c)
        self.log.rows.append((self.env.now, c.id, "arrive", "door", "", 0.0))
        self.lobby.greet(c)

    def _walk_in(self, cust: Customer):
        self.customers.append(cust)
        self.log.rows.append((self.env.now, cust.id, "arrive", "door", "", 0.0))
        self.lobby.greet(cust)

    def _visitors(self, visitors):
        """Customers given in advance walk in at their minutes, in place of ``_arrivals``:
        no random draw decides who they are, how much work they bring (one mean unit: the
        mean service time of a deterministic or exponential channel) or how long they wait."""
        for visitor in visitors:
            yield self.env.timeout(visitor.minute - self.env.now)
            cust = Customer(len(self.customers), int(visitor.minute // DAY), visitor.minute, visitor.segment,
                            visitor.comm, visitor.need, visitor.patience, 1.0, 0.0)
            cust.appointment = visitor.appointment
            self._walk_in(cust)

    def route(self, cust, lm):
        """Choose a channel: the lobby manager's triage if ``lm`` (``Lobby.triage``: the lobby's
        decider), else the customer's own."""
        if lm is not None:
            return self.lobby.triage(cust, lm)
        need, seg, u = self.needs[cust.need], self.segments[cust.segment], self.rs["lobby"].uniform
        if need.ss and u() < (self.taught_share(seg.self_service_unprompted) if cust.taught
                              else seg.self_service_unprompted):
            return self.enqueue(cust, "self_service", "self_service")
        return self._counter_or_desk(cust, need, seg, to_desk=not need.teller)

    def taught_share(self, share: float) -> float:
        """``share`` (a chance to use or accept a machine) for a customer taught the machines: raised
        by ``staff.lobby_work.education.uptake`` of the gap to 1 (客户教育: they know the steps now)."""
        return share + self.education.uptake * (1.0 - share)

    def _counter_or_desk(self, cust, need, seg, to_desk, green=False):
        return self.send(cust, self.own_channel(need, seg, to_desk, green))

    def own_channel(self, need, seg, to_desk, green=False) -> str:
        """The channel a need and segment call for: a desk if ``to_desk`` and the need is served
        there, else a counter ticket (green for ``green`` where the green channel is open, else the
        segment's own), else a machine, else ``none`` (nothing here serves the need)."""
        if to_desk and need.cm:
            return CUSTOMER_MANAGER
        if need.teller:
            return "green" if green and self.green_ok else seg.ticket
        if need.ss:
            return "self_service"
        return NO_SERVICE

    def send(self, cust, channel: str):
        """Queue ``cust`` on ``channel``: a desk (its class from the booking or a referral), the
        machines, a counter ticket class; ``none``: they leave unserved; ``home``: sent home for their
        ID card (``send_home``)."""
        if channel == CUSTOMER_MANAGER:
            cls = "appointment" if cust.appointment else ("referral" if cust.referred else "walkin")
            return self.enqueue(cust, "customer_manager", cls)
        if channel == "self_service":
            return self.enqueue(cust, "self_service", "self_service")
        if channel == NO_SERVICE:
            return self.depart(cust, "unserved")
        if channel == HOME:
            return self.send_home(cust)
        return self.enqueue(cust, "teller", channel)

    def lacks_id(self, cust) -> bool:
        """Whether ``cust`` came without the ID card their business needs: drawn from the ``identity``
        stream with chance ``needs.<need>.without_id`` the first time it is asked on this visit (the
        lobby manager's greeting, or the teller's call for a customer nobody greeted), then remembered."""
        if cust.id_missing is None:
            cust.id_missing = self.rs["identity"].uniform() < self.needs[cust.need].without_id
        return cust.id_missing

    def send_home(self, cust):
        """``cust``, told at the greeting that their business needs the ID card they have not brought,
        goes home for it: they leave unserved without waiting, not annoyed (nobody made them queue for
        nothing), and come back with the card on the next open day (``schedule_return``)."""
        self.schedule_return(cust)
        self.depart(cust, "unserved")

    def enqueue(self, cust, channel, cls):
        now = self.env.now
        cust.channel, cust.ticket = channel, cls
        if cust.first_ticket_t != cust.first_ticket_t:  # NaN: first ticket of the visit
            cust.first_ticket_t = now
            if channel == "teller" and self._balks(cust, cls):
                self.log.rows.append((now, cust.id, "balk", cls, "", float(self.queues.n[cls])))
                return self.depart(cust, "balked")
        self.log.rows.append((now, cust.id, "ticket", cls, "", 0.0))
        cust.queued_t = now
        cust.seq += 1
        self.queues.put(cust, cls)
        if cust.patience < INF:
            self.wait_on(cust, cust.patience)

    def wait_on(self, cust, minutes: float):
        """``cust``, queueing, gives up after ``minutes`` more unless called (or moved) first."""
        self.env.timeout(minutes, (cust, cust.seq)).callbacks.append(self._renege)

    def _balks(self, cust, cls) -> bool:
        b = self.balking
        if not b.enabled or (cls == "vip" and self.vip_lounge):
            return False
        excess = self.queues.n[cls] - b.free_below
        if excess <= 0:
            return False
        p = b.per_person * excess * self.segments[cust.segment].balking_factor * self.comm[cust.comm].balking
        return self.rs["balking"].uniform() < p

    def _renege(self, ev):
        cust, seq = ev.value
        if cust.waiting and cust.seq == seq:
            if self.retention.enabled and not cust.retained and self.lobby.lms:
                return self.lobby.retention(cust)  # 挽留客户: a free lobby manager may try to keep them
            self.walk_out(cust)

    def walk_out(self, cust):
        """``cust``, whose patience has run out, leaves the queue and the branch."""
        self.leave_queue(cust, "renege", "")
        self.depart(cust, "reneged")

    def leave_queue(self, cust, kind, staff):
        """A waiting customer leaves their queue without being called."""
        self.queues.drop(cust, cust.ticket)
        cust.wait += self.env.now - cust.queued_t
        self.log.rows.append((self.env.now, cust.id, kind, cust.ticket, staff, 0.0))

    def called(self, cust, cls, server):
        now = self.env.now
        cust.wait += now - cust.queued_t
        if cust.start != cust.start:
            cust.start = now
        cust.server = server.id
        self.log.rows.append((now, cust.id, "call", cls, server.id, 0.0))

    # ----------------------------------------------------------------- services and their outcomes
    def pitch_outcome(self, cust, selling, annoy_prob, push):
        """(product sold or '', annoyed?) for one pitch to ``cust``. The product pitched
        follows the seller's ``push`` weights times the products' own weights."""
        r = self.rs["sales"]
        cum = self.product_cum if not push else cumulative(
            [p.weight * push.get(name, 1.0) for name, p in self.catalogue.items()])
        product = r.choice(cum, self.products)
        sold = r.uniform() < min(1.0, self.segments[cust.segment].pitch_receptive * selling)
        return (product if sold else ""), r.uniform() < annoy_prob

    def record_pitch(self, cust, staff_id, place, product, annoyed):
        rows, now = self.log.rows, self.env.now
        cust.pitched += 1
        rows.append((now, cust.id, "pitch", place, staff_id, 0.0))
        if product:
            cust.sold = product
            rows.append((now, cust.id, "sale", product, staff_id, self.catalogue[product].fee))
        if annoyed:
            cust.annoyed = True
            rows.append((now, cust.id, "annoyed", place, staff_id, 0.0))

    def record_service(self, cust, server, channel, error, pitched, product, annoyed):
        """Log the end of ``cust``'s service at ``server`` and what it brought: an error, a pitch, a sale,
        an annoyed customer.

        Why so many parameters: the outcome a server decided (error, pitched, product, annoyed) comes
        as plain values, once per service on the hot path, rather than as a record built per customer."""
        rows, now = self.log.rows, self.env.now
        cust.channel = channel
        rows.append((now, cust.id, "done", channel, server.id, 0.0))
        if error:
            cust.errors += 1
            rows.append((now, cust.id, "error", cust.need, server.id, 0.0))
        if pitched:
            self.record_pitch(cust, server.id, channel, product, annoyed)

    def after_service(self, cust):
        if (cust.referred and not cust.cm_visit and cust.channel != "customer_manager" and self.desks
                and self.rs["lobby"].uniform() < self.lobby_work.referral_visit):
            cust.cm_visit = True
            return self.enqueue(cust, "customer_manager", "referral")
        self.depart(cust, "served")

    def back_to_lobby(self, cust):
        """Could not finish at a machine: queue at the counter instead."""
        need, seg = self.needs[cust.need], self.segments[cust.segment]
        self._counter_or_desk(cust, need, seg, to_desk=not need.teller,
                              green=cust.triaged and cust.segment == "elderly")

    def schedule_return(self, cust):
        """An error sends the customer home; they come back on the next open day."""
        cust.will_return = True
        self.schedule_visit(cust, 1)

    def schedule_visit(self, cust, days: int):
        """``cust`` comes back (a later visit with the same business) ``days`` days after today, at the
        clock time they came today, or on the next open day after that; not if that is past the horizon."""
        t = (int(self.env.now // DAY) + days) * DAY + cust.arrive % DAY  # same clock time, a later day
        while int(t // DAY) < len(self.days) and not self.days[int(t // DAY)].is_open:
            t += DAY
        if int(t // DAY) < len(self.days):
            self.env.timeout(t - self.env.now, cust).callbacks.append(
                lambda ev: self.arrive(int(self.env.now // DAY), like=ev.value))

    def prospect(self, desk, t0, t1):
        """Time outside: cold visits, a few of which win a client (seed 002)."""
        w, r = self.manager_work, self.rs["managers"]
        visits = (t1 - t0) / w.visit_minutes
        n = int(visits) + (r.uniform() < visits - int(visits))
        p = min(1.0, w.visit_success * desk.ability.selling)
        for _ in range(n):
            if r.uniform() < p:
                self.log.rows.append((t1, -1, "prospect", "outside", desk.id, r.pareto_mean(w.prospect_balance_mean)))

    def depart(self, cust, outcome):
        now = self.env.now
        cust.end, cust.outcome = now, outcome
        unserved = outcome != "served"
        s = self.satisfaction
        cust.satisfaction = min(10.0, max(0.0, s.start - s.per_wait_minute * cust.wait - s.per_error * cust.errors
                                          - s.annoyed * cust.annoyed - s.left_unserved * unserved))
        k = self.complaints
        x = (k.base_logit + k.per_wait_minute * cust.wait + k.per_error * cust.errors
             + k.per_annoyance * cust.annoyed + k.reneged * (outcome == "reneged"))
        p = min(1.0, self.segments[cust.segment].complaint_factor * self.comm[cust.comm].complaint / (1.0 + math.exp(-x)))
        if cust.soothed:  # an earlier complaint taken up (投诉处理): fewer repeat complaints
            p *= 1.0 - self.handling.repeat_cut
        elif cust.inflamed:  # an earlier complaint taken up without calming them first: more
            p = min(1.0, p * (1.0 + self.handling.repeat_rise))
        d = self.rs["departure"]
        if d.uniform() < p:
            cust.complained = True  # voiced: a formal complaint or a grumble on the spot
            formal = k.formal_share
            if formal < 1.0:  # a draw only then, from its own stream: other draws stay where they were
                self.log.rows.append((now, cust.id, "grumble", outcome, cust.server or cust.lm, 0.0))
            if formal >= 1.0 or self.rs["complaints"].uniform() < formal:
                self.log.rows.append((now, cust.id, "complaint", outcome, cust.server or cust.lm, 0.0))
        if cust.complained and self.handling.enabled:
            # 投诉处理: a lobby manager may take the complaint up, in an event of its own so that a
            # trainee's answer comes in the same order as the model's; churn follows it (Lobby.complaint)
            self.env.timeout(0.0, cust).callbacks.append(self.lobby.complaint)
        else:
            self._churn(cust, d)
        self.log.rows.append((now, cust.id, "leave", outcome, "", 0.0))

    def settle(self, cust, handled: bool, calm: bool = True):
        """After a complaint: whether ``cust`` moves money away; less likely if it was ``handled``
        (``churn_cut``), more likely if handled without calming them first (``calm`` false: ``churn_rise``)."""
        h = self.handling
        factor = (1.0 - h.churn_cut if calm else 1.0 + h.churn_rise) if handled else 1.0
        self._churn(cust, self.rs["departure"], factor)

    def _churn(self, cust, d, factor=1.0):
        """Whether ``cust`` moves money away: a wealthy customer unhappy or complaining does with the
        churn probability times ``factor`` (at most 1; complaint handling's cut or rise)."""
        ch = self.churn
        if not ch.enabled or cust.segment not in ch.segments:
            return
        chance = min(1.0, ch.probability * factor)
        if (cust.satisfaction < ch.satisfaction_below or cust.complained) and d.uniform() < chance:
            cust.churned = d.pareto_mean(self.segments[cust.segment].balance_mean) * ch.share_moved
            self.log.rows.append((self.env.now, cust.id, "churn", cust.segment, "", cust.churned))
