"""The columnar event log written inside the SimPy loop.

Rows are tuples appended to one list (the cheapest thing CPython can do); they become
columns once, at the end, in ``simkit.measure``. Nothing here imports pandas.
"""
from __future__ import annotations

#: event kinds (``simkit.vocabulary.EVENT_KINDS``, in its order), each with what ``place`` and
#: ``staff`` mean for it. A lobby manager's triage is an activity interval, not an event row.
EVENT_KINDS = {
    "arrive": "place=door",
    "ticket": "place=queue (ticket class or desk class); joins a queue",
    "balk": "place=queue they saw and refused",
    "call": "place=queue left; staff=server; service starts",
    "renege": "place=queue left; gave up waiting",
    "reroute": "place=queue left; second triage moved them (staff=lobby manager)",
    "done": "staff=server; service ends (place=channel)",
    "error": "staff=teller; place=need",
    "pitch": "staff=seller; place=channel",
    "sale": "staff=seller; place=product",
    "annoyed": "staff=seller",
    "referral": "staff=lobby manager",
    "ss_fail": "place=machine; could not finish, back to the lobby",
    "breakdown": "place=machine",
    "loan_application": "staff=customer manager",
    "prospect": "staff=customer manager; a new client won outside (value in ¥ in ``value``)",
    "grumble": "staff=last server; dissatisfaction voiced on the spot (抱怨), when complaints.formal_share < 1",
    "complaint": "staff=last server; a formal complaint (投诉)",
    "churn": "value=¥ moved to another bank",
    "leave": "place=outcome (served, balked, reneged)",
}


class EventLog:
    """The run's columnar log: event rows ``(t, customer id, kind, place, staff, value)`` and staff
    activity intervals, appended as tuples inside the SimPy loop and turned into tables once."""

    __slots__ = ("rows", "activity")

    def __init__(self):
        #: (t, customer id, kind, place, staff, value)
        self.rows: list[tuple] = []
        #: staff activity intervals: (staff id, role, activity, start, end, customer id)
        self.activity: list[tuple] = []
