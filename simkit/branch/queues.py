"""Ticket queues and the calling rule (叫号).

Each ticket class (``ordinary``, ``vip``, ``green``, ``corporate``, the machines' queue,
the customer-manager desk classes) is a FIFO queue. A free server *calls* the first
waiting ticket of the first non-empty class in its calling rule: a strict,
non-preemptive priority order, the discipline the ticket machines in Chinese branches
implement (the VIP window calls VIP tickets first, then ordinary ones when idle).

Customers who give up stay in the deque and are skipped when reached (lazy deletion:
O(1) per renege instead of O(n)). An entry is ``(customer, seq)`` and is live only while
the customer is waiting *and* still on that ticket (``customer.seq == seq``): a customer
moved away and later queued in the same class again must not be called twice. The live
count per class is kept exactly, because customers read it off the queue display.
"""
from __future__ import annotations

from collections import deque


class Queues:
    """The ticket queues, one FIFO per ticket class, with the servers that call each class in their
    calling order; a free server takes the first live ticket of its best class."""

    __slots__ = ("q", "n", "callers")

    def __init__(self, classes):
        self.q = {c: deque() for c in classes}
        self.n = {c: 0 for c in classes}  # live (still waiting) tickets per class
        self.callers: dict[str, list] = {c: [] for c in classes}  # servers that call c, best first

    def register(self, server):
        """Add a server; for each class it calls, servers that call it earlier come first."""
        for rank, cls in enumerate(server.rule):
            lst = self.callers[cls]
            lst.append((rank, len(lst), server))
            lst.sort(key=lambda x: (x[0], x[1]))

    def put(self, cust, cls):
        self.q[cls].append((cust, cust.seq))
        self.n[cls] += 1
        cust.waiting = True
        for _, _, s in self.callers[cls]:
            if s.idle_ev is not None:
                ev, s.idle_ev = s.idle_ev, None
                ev.succeed()
                return

    def take(self, rule):
        """Call the next ticket by ``rule``; return (customer, class) or None."""
        for cls in rule:
            if self.n[cls]:
                q = self.q[cls]
                while True:
                    c, seq = q.popleft()
                    if c.waiting and c.seq == seq:
                        c.waiting = False
                        self.n[cls] -= 1
                        return c, cls

    def drop(self, cust, cls):
        """A waiting customer leaves the queue (gave up, or was moved)."""
        cust.waiting = False
        self.n[cls] -= 1

    def waiting_in(self, classes):
        return [c for cls in classes for c, seq in self.q[cls] if c.waiting and c.seq == seq]
