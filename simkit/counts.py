"""What a teller or lobby manager expects their own scheme to pay for their habits, from the counts they see.

A teller sees every day how many customers they served, their error slips, the products they
offered and sold, and how often they sat waiting for the next ticket; they know how they are
paid (the payslip prints the formula). So they can work out roughly what a faster pace or more
pitching would bring, as a customer manager works out what their screening brings
(``simkit.contract``). ``CountOutlook`` is ``value(choices)``: the expected,
discounted pay of playing ``choices`` this period, whose counts then move as
``TellerCounts`` or ``LobbyCounts`` say, with the periods after it as this one was,
paid by the real pay code (``simkit.pay.pay_period``) from the person's ledger as it stood
before this period's pay for a year (every settlement the period touches is paid in it), so
quotas, deductions, team pools and annual settlements all count as the scheme has them.

What the person believes their choices do to their counts (their own period's numbers, the
work rules they were trained on, nothing hidden):

* **Teller.** A transaction takes ``τ = busy minutes / transactions`` on average: the base
  work, which falls as ``1/pace``; checking (``care × check minutes``), which grows with care;
  redoing errors (``errors × rework minutes``), whose rate grows as ``pace^elasticity`` and
  falls as ``1 − cut × care`` (``cut``: the share of errors a full check prevents); and pitches
  (``pitches × pitch minutes``), which grow with the pitch share. Serving faster brings more
  customers only as far as customers are waiting: ``T' = T (1 + u (τ/τ' − 1))`` with ``u``
  the share of their available time they were busy (exact when they are never idle,
  ``u = 1``, and when customers are the limit, ``u → 0``).
  Errors, pitches and sales scale with the transactions and their own rates. A choice whose
  count was 0 (no pitch tried) shows no rate to scale, so its foreseen slope is 0.
* **Lobby manager.** Customers diverted to machines, referrals and sales grow in proportion to
  diversion, referral zeal and selling.

Complaints and satisfaction are held at the period's values: who will complain is not
something a person can count on. Deterministic: no random draws.
"""
from __future__ import annotations

from dataclasses import dataclass

from .contract import PayTerms, own_pay_view
from .pay import pay_period

#: the choices whose counts each role can foresee (``simkit.behaviour.foresight.slope`` reads only these)
READS = {"teller": ("pace", "pitch", "care"), "lobby_manager": ("diversion", "referral", "selling")}


def _ratio(new: float, old: float) -> float:
    return new / old if old > 0 else 0.0


def _with_sales(kpis: dict, factor: float) -> dict:
    """``kpis`` with every sales count and amount (and the fee income they bring) scaled by ``factor``."""
    out = dict(kpis)
    for name, value in kpis.items():
        if name.startswith(("sales", "fee_income")):
            out[name] = value * factor
    return out


@dataclass(frozen=True)
class TellerCounts:
    """A teller's counts for a choice of pace, care and pitch share (the module docstring gives the rule).

    ``kpis``: their indicators this period; ``played``: the choices played; ``busy``: minutes
    serving; ``available``: minutes at the window (open time less breaks); ``work``: the
    scenario's teller work rules (error elasticity, check, rework and pitch minutes, the share
    of errors a check prevents)."""

    kpis: dict
    played: object
    busy: float
    available: float
    work: object

    def __call__(self, choices) -> dict:
        now, played, work = self.kpis, self.played, self.work
        transactions = now.get("transactions", 0.0)
        if transactions <= 0 or self.busy <= 0:
            return dict(now)
        errors, pitches = now.get("errors", 0.0), now.get("pitches", 0.0)
        # errors left after checking: 1 − cut × care of those made (exactly 1.0 at care 0 either side)
        missed = _ratio(1.0 - work.care_error_cut * choices.care, 1.0 - work.care_error_cut * played.care)
        error_factor = (choices.pace / played.pace) ** work.pace_error_elasticity * missed
        pitch_factor = _ratio(choices.pitch, played.pitch)
        rework, pitch = errors * work.rework.mean / transactions, pitches * work.pitch.mean / transactions
        minutes = self.busy / transactions
        base = max(minutes - rework - pitch - played.care * work.check_minutes, 0.0)
        new_minutes = (base * played.pace / choices.pace + rework * error_factor + pitch * pitch_factor
                       + choices.care * work.check_minutes)
        busy_share = min(self.busy / self.available, 1.0) if self.available > 0 else 1.0
        served = 1.0 + busy_share * (minutes / new_minutes - 1.0) if new_minutes > 0 else 1.0
        out = _with_sales(now, served * pitch_factor)
        out.update(transactions=transactions * served, errors=errors * served * error_factor,
                   pitches=pitches * served * pitch_factor)
        return out


@dataclass(frozen=True)
class LobbyCounts:
    """A lobby manager's counts for a choice of diversion, referral zeal and selling: each count
    in proportion to its choice (``kpis``: their indicators this period; ``played``: the choices
    played)."""

    kpis: dict
    played: object

    def __call__(self, choices) -> dict:
        now, played = self.kpis, self.played
        out = _with_sales(now, _ratio(choices.selling, played.selling))
        out["diverted"] = now.get("diverted", 0.0) * _ratio(choices.diversion, played.diversion)
        out["referrals"] = now.get("referrals", 0.0) * _ratio(choices.referral, played.referral)
        return out


class CountOutlook:
    """A teller's or lobby manager's expected, discounted pay for a choice of habits this period,
    whose counts are ``counts(choices)`` (``TellerCounts``, ``LobbyCounts``), paid by
    their scheme from their ledger over a year (see the module docstring). Built once per person
    and period, ``CountOutlook(terms, post, role, counts)``; call it with choices."""

    def __init__(self, terms: PayTerms, post: str, role: str, counts):
        self.reads = READS[role]
        self.post, self.period, self.counts = post, terms.period, counts
        self.periods_a_year, self.gamma = 12 // terms.months, terms.discount ** terms.months
        self.schemes, self.others, self.ledger = own_pay_view(terms, post)
        self.now = terms.kpis[post]  # the periods after this one, as this one was

    def __call__(self, choices) -> float:
        total, ledger = 0.0, self.ledger
        for ahead in range(self.periods_a_year):  # a year: every settlement the period touches is paid in it
            kpis = {**self.others, self.post: self.counts(choices) if ahead == 0 else self.now}
            slips, ledger = pay_period(self.schemes, kpis, self.period + ahead, ledger, self.periods_a_year)
            total += self.gamma ** ahead * slips[self.post].total
        return total
