"""The customer record. Customers are data, not processes: servers pull them from queues
(the ticket machine's 叫号), and timed events that belong to a customer (giving up) are
callbacks. That keeps a customer's cost to the two or three SimPy events a visit needs."""
from __future__ import annotations

import math

INF = math.inf


class Customer:
    """One visit to the branch: who came (segment, communication type, need), their patience and
    work content, and everything that happens to them (triage, channel, ticket, wait, service,
    outcome, satisfaction). A plain record with slots, not a SimPy process: servers pull tickets
    and set its fields, so a visit costs one arrival, one service and at most one patience timer.

    Why so many parameters: one customer is made per arrival, on the hottest path of a run; its
    fields are passed as plain values so no intermediate record is built per customer."""

    __slots__ = (
        "id", "day", "arrive", "segment", "comm", "need", "visit", "return_of",
        "patience", "work_e", "work_z", "appointment",
        "triaged", "lm", "diverted", "referred", "cm_visit",
        "channel", "ticket", "first_ticket_t", "queued_t", "seq", "waiting", "wait",
        "start", "end", "server", "outcome", "errors", "pitched", "annoyed", "sold",
        "complained", "satisfaction", "churned", "ss_failed", "will_return", "services", "taught", "soothed",
        "inflamed", "retained", "id_missing",
    )

    def __init__(self, cid, day, arrive, segment, comm, need, patience, work_e, work_z):
        self.id = cid
        self.day = day
        self.arrive = arrive
        self.segment = segment
        self.comm = comm
        self.need = need
        self.visit = 1
        self.return_of = -1
        self.patience = patience
        self.work_e = work_e
        self.work_z = work_z
        self.appointment = False
        self.triaged = False
        self.lm = ""
        self.diverted = False
        self.referred = False
        self.cm_visit = False
        self.channel = ""
        self.ticket = ""
        self.first_ticket_t = math.nan
        self.queued_t = math.nan
        self.seq = 0
        self.waiting = False
        self.wait = 0.0
        self.start = math.nan
        self.end = math.nan
        self.server = ""
        self.outcome = "inside"
        self.errors = 0
        self.pitched = 0
        self.annoyed = False
        self.sold = ""
        self.complained = False
        self.satisfaction = math.nan
        self.churned = 0.0
        self.ss_failed = False
        self.will_return = False
        self.services = 0
        # taught the machines by a lobby manager (客户教育) on this visit or an earlier one: not a
        # column of the customers table (the ``teach`` activity rows name whom), carried to later visits
        self.taught = False
        # a complaint of theirs taken up by a lobby manager (投诉处理) on this visit or an earlier one:
        # not a column (the ``complaint`` activity rows name whom), carried to later visits
        self.soothed = False
        # a complaint of theirs taken up without calming them first (投诉处理 done badly) on this visit or
        # an earlier one: not a column, carried to later visits
        self.inflamed = False
        # came without the ID card their business needs (``needs.<need>.without_id``): None until asked
        # (``Branch.lacks_id``: at the lobby manager's greeting, or else when a teller calls them)
        self.id_missing = None
        # talked into waiting on by a lobby manager when about to give up (挽留客户) on this visit: when
        # their patience runs out again they leave. Not a column (the ``retain`` activity rows name whom)
        self.retained = False

    #: columns of the ``customers`` table, in order
    COLUMNS = ("id", "day", "visit", "return_of", "segment", "comm", "need", "appointment", "triaged", "lm",
               "diverted", "referred", "cm_visit", "channel", "ticket", "arrive", "first_ticket_t", "start",
               "end", "wait", "server", "outcome", "services", "errors", "pitched", "annoyed", "sold",
               "complained", "satisfaction", "churned", "ss_failed", "will_return", "patience")
