"""Which months' work a settlement pays for, as a person reads it off their payslips.

Deferred pay (seed 001: responsibility-profit pay partly advanced monthly, 60 % by default, and settled
half-yearly; the leasing case's annual rating) arrives in a lump, months after the work
that earned it. Learning from cash as it arrives would hold *this* month's trial
responsible for half a year's held-back pay: a ¥15,000 surprise every sixth month that
no choice of this month caused. The payslip says better: each month shows what was held
back, and the settlement line says how many months it settles (``PayLine.covers``). So a
person traces each settlement back to the months it covers, each month's share what its
payslip showed held back, and what that does not account for (an annual rating decided at
year end, a floor) shared equally. The learning rule counts what a payslip shows held back as
pay of its month at once and, when the settlement comes, replaces it with the share traced
there, discounted for the wait (``simkit.behaviour.learning.Learner.read``).

Nothing here is hidden from the person: the held-back amounts and the settlement are on
their own payslips. Months before they were hired are someone else's work: the share
traced there is marked ``BEFORE_HIRE`` and not learned from.
"""
from __future__ import annotations

from collections import deque

HISTORY = 24  # months of payslips kept: the longest settlement cycle in the seeds is a year
BEFORE_HIRE = -1  # key of the part of a settlement that paid for work before this person was hired


class Deferrals:
    """One person's recent held-back amounts, newest last."""

    __slots__ = ("held",)

    def __init__(self):
        self.held: deque[float] = deque(maxlen=HISTORY)

    def trace(self, slip) -> dict[int, float]:
        """``{periods ago: ¥}`` — the settlements on ``slip`` split over the periods they pay
        for (0 = this period; ``BEFORE_HIRE``: periods before this person's first). Call
        once per period, in order.

        Each covered period gets what its payslip showed held back (signed: a loss month
        took from the settlement); what the held amounts do not account for — an annual
        rating nobody held anything for, the floor that stops a losing half-year paying
        less than nothing — is shared equally over the periods covered. (A scheme with two
        settlements of different cycles would share one history of held amounts; none of
        the shipped schemes has two.)"""
        self.held.append(slip.held)
        out: dict[int, float] = {}
        for line in slip.lines:
            if line.kind != "settlement" or line.covers < 1:
                continue
            recent = list(self.held)[-line.covers:]  # oldest first; shorter for a new hire
            each = (line.amount - sum(recent)) / line.covers
            for i, h in enumerate(recent):
                if h + each:
                    ago = len(recent) - 1 - i
                    out[ago] = out.get(ago, 0.0) + h + each
            before = each * (line.covers - len(recent))
            if before:
                out[BEFORE_HIRE] = out.get(BEFORE_HIRE, 0.0) + before
        return out
