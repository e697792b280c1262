"""Customers given in advance, instead of drawn: the branch's seam for exact-trace tests.

A list of ``Visitor`` records handed to ``simkit.branch.model.Branch`` as
``visitors=`` replaces the random arrival process: each visitor walks in at their minute
with the segment, communication type and need given, brings one mean unit of work, and
gives up after exactly ``patience`` minutes in a queue. With deterministic service times
(``dist: deterministic``) and no random mechanism switched on, the event log is then fixed
to the minute, which is how tests pin the branch's rules down.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..arguments import ArgumentError


@dataclass(frozen=True, slots=True)
class Visitor:
    """One customer given in advance.

    ``minute`` counts from midnight of the first day (day ``d`` spans ``[1440 d, 1440 (d+1))``);
    ``segment``, ``need`` and ``comm`` are names the scenario defines; ``patience`` is the
    exact number of minutes they wait in a queue before giving up (``inf``: never);
    ``appointment`` says they booked a customer manager (the desk calls them first).
    """

    minute: float
    segment: str
    need: str
    comm: str
    patience: float = math.inf
    appointment: bool = False


def check_visitors(visitors, segments, needs, comms) -> list[Visitor]:
    """``visitors`` as a list in order of arrival, or an ``ArgumentError`` naming the
    first visitor whose segment, need or communication type the scenario does not define,
    who arrives before the one listed ahead of them (or before minute 0), or whose patience
    is negative."""
    listed, earliest = list(visitors), 0.0
    for i, visitor in enumerate(listed):
        for field, names in (("segment", segments), ("need", needs), ("comm", comms)):
            if getattr(visitor, field) not in names:
                raise ArgumentError(f"visitors[{i}].{field}", f"one of the scenario's {sorted(names)}",
                                    getattr(visitor, field))
        if not visitor.minute >= earliest:
            raise ArgumentError(f"visitors[{i}].minute", f"a minute from {earliest} on (visitors are "
                                                         "listed in order of arrival)", visitor.minute)
        if not visitor.patience >= 0:
            raise ArgumentError(f"visitors[{i}].patience", "minutes from 0 to inf", visitor.patience)
        earliest = visitor.minute
    return listed
