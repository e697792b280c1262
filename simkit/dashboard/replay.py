"""Replay of a branch day: where every customer is at simulated time ``t``.

Everything is derived from a run's tables, never from the running model, so any saved
run (``simkit.load``) can be replayed and the replay can be checked against the tables:

* ``events``: a customer's path is the sequence of their ``arrive`` (→ lobby, being
  greeted), ``ticket`` (→ a queue: the waiting area, the machines' queue or the
  customer-manager desks' queue), ``call`` (→ at the server that called them: a window,
  a machine or a desk) and ``leave`` (→ walking out, for ``LINGER`` minutes);
* ``customers``: each visit's segment (for the colour of the dot);
* ``staff_activity``: what each member of staff and machine is doing (serving, triage,
  selling, lunch, outside, down).

Events at the same instant are applied in log order and the last one wins, so a customer
who takes a ticket and is called at once is at the window, as in the simulation.

``state_at`` is a pure function of ``(results, t)``; the per-day index it builds is
cached per results object so a replay at four frames a second costs microseconds a frame.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..branch.calendar import DAY, make_days
from ..branch.staff import staff_roster
from ..vocabulary import DESK_CLASSES, TICKET_CLASSES

#: where a customer can be, in the order the floor plan draws them
ZONES = ("lobby", "waiting", "machine_queue", "desk_queue", "window", "machine", "desk", "leaving")
TELLER_TICKETS = TICKET_CLASSES
DESK_TICKETS = DESK_CLASSES
#: minutes a departing customer stays visible at the door: (default) four frames at the
#: slowest replay speed, long enough to see who walked out unserved
LINGER = 1.0
_ZONE_OF_TICKET = {**{c: "waiting" for c in TELLER_TICKETS}, **{c: "desk_queue" for c in DESK_TICKETS},
                   "self_service": "machine_queue"}
_ZONE_OF_CALL = {**{c: "window" for c in TELLER_TICKETS}, **{c: "desk" for c in DESK_TICKETS},
                 "self_service": "machine"}


@dataclass(frozen=True)
class Spot:
    """One customer at one instant."""

    customer: int
    segment: str
    zone: str  # one of ZONES
    place: str  # ticket class in a queue, server id at a server, outcome when leaving, 'door' in the lobby
    since: float  # when they entered this zone (minutes); orders queues


@dataclass(frozen=True)
class ReplayState:
    """The branch floor at one moment of a replayed day: the clock, where each customer is, and
    what each member of staff and machine is doing."""

    t: float
    day: int
    customers: tuple[Spot, ...]
    staff: dict  # staff or machine id -> activity ('idle' when nothing is logged)

    @property
    def counts(self) -> dict[str, int]:
        out = {z: 0 for z in ZONES}
        for s in self.customers:
            out[s.zone] += 1
        return out

    @property
    def clock(self) -> str:
        m = self.t - self.day * DAY
        return f"{int(m // 60):02d}:{int(m % 60):02d}"

    def in_zone(self, zone: str) -> list[Spot]:
        return sorted((s for s in self.customers if s.zone == zone), key=lambda s: (s.since, s.customer))


class DayTimeline:
    """All customers' zone intervals and staff activity intervals of one day."""

    def __init__(self, results, day: int):
        self.day = day
        start, end = day * DAY, (day + 1) * DAY
        events = _day_slice(results.events, start, end)
        events = events[(events["customer"] >= 0) & events["kind"].isin(["arrive", "ticket", "call", "leave"])]
        self._build_customers(events, results.customers)
        activity = results.staff_activity
        activity = activity[(activity["end"] > start) & (activity["start"] < end)]
        self.a_staff = activity["staff"].astype(str).to_numpy()
        self.a_kind = activity["activity"].astype(str).to_numpy()
        self.a_start = activity["start"].to_numpy(float)
        self.a_end = activity["end"].to_numpy(float)
        self.staff_ids = _server_ids(results.scenario)

    def _build_customers(self, events: pd.DataFrame, customers: pd.DataFrame) -> None:
        kind = events["kind"].astype(str).to_numpy()
        place = events["place"].astype(str).to_numpy()
        staff = events["staff"].astype(str).to_numpy()
        zone = np.empty(len(events), dtype=object)
        zone[kind == "arrive"] = "lobby"
        zone[kind == "leave"] = "leaving"
        ticket, call = kind == "ticket", kind == "call"
        zone[ticket] = [_ZONE_OF_TICKET[p] for p in place[ticket]]
        zone[call] = [_ZONE_OF_CALL[p] for p in place[call]]
        place = np.where(call, staff, place)  # at a server: which one
        ids = events["customer"].to_numpy(int)
        t = events["t"].to_numpy(float)
        order = np.argsort(ids, kind="stable")  # stable: each customer's events stay in log order
        ids, t, zone, place = ids[order], t[order], zone[order], place[order]
        end = np.full(len(t), math.inf)
        same = ids[1:] == ids[:-1]
        end[:-1][same] = t[1:][same]  # a zone lasts until the customer's next move
        leaving = zone == "leaving"
        end[leaving] = t[leaving] + LINGER
        self.c_id, self.c_start, self.c_end, self.c_zone, self.c_place = ids, t, end, zone, place
        segments = customers.set_index("id")["segment"].astype(str)
        self.c_segment = segments.reindex(ids).fillna("").to_numpy() if len(ids) else np.array([], dtype=object)

    def at(self, t: float) -> ReplayState:
        live = (self.c_start <= t) & (t < self.c_end)
        spots = tuple(Spot(int(c), str(s), str(z), str(p), float(a)) for c, s, z, p, a in zip(
            self.c_id[live], self.c_segment[live], self.c_zone[live], self.c_place[live], self.c_start[live]))
        staff = {server: "idle" for server in self.staff_ids}
        on = np.flatnonzero((self.a_start <= t) & (t < self.a_end))
        for i in on[np.argsort(self.a_start[on], kind="stable")]:  # the latest started wins
            staff[self.a_staff[i]] = self.a_kind[i]
        return ReplayState(float(t), self.day, spots, staff)


def _day_slice(events: pd.DataFrame, start: float, end: float) -> pd.DataFrame:
    t = events["t"].to_numpy(float)
    if len(t) > 1 and not (np.diff(t) >= 0).all():  # the log is appended in time order; be safe anyway
        events = events.iloc[np.argsort(t, kind="stable")]
        t = events["t"].to_numpy(float)
    a, b = np.searchsorted(t, [start, end], side="left")
    return events.iloc[a:b]


def _server_ids(scenario) -> list[str]:
    machines = [f"S{i + 1}" for i in range(scenario.branch.self_service.machines)]
    return [m.id for m in staff_roster(scenario.branch, scenario.staff)] + machines


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def timeline(results, day: int) -> DayTimeline:
    """The (cached) timeline of ``day`` of ``results``."""
    days = _CACHE.setdefault(results, {})
    if day not in days:
        days[day] = DayTimeline(results, day)
    return days[day]


def state_at(results, t: float) -> ReplayState:
    """Where every customer is, and what every server is doing, at minute ``t`` of the run."""
    return timeline(results, int(t // DAY)).at(t)


def open_days(results) -> list[tuple[int, str, float, float]]:
    """(day index, ISO date, opening minute, closing minute) of each open day of the run."""
    scenario = results.scenario
    days = make_days(scenario.branch, scenario.arrivals, scenario.horizon.start_date, results.days)
    return [(d.index, d.date.isoformat(), d.open, d.close) for d in days if d.is_open]
