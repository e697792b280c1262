"""What a customer manager expects their own contract to pay for their habits.

``LoanOutlook`` is ``value(choices)``: the expected, discounted pay of reading this
period's files with ``choices`` instead of the habits actually played, worked out the way a
manager who knows their scheme would — by the real pay code:

1. the period's plain numbers as they were (the inputs of their pay:
   ``simkit.bank.Books.inputs``), in this period and, as the best guess of a steady
   branch, in each period after it;
2. plus, period by period over the loans' lives, what the files would bring in expectation
   under ``choices`` minus what they would bring under the played habits
   (``simkit.bank.outlook.cohort``, with the default and cure rates the person believes:
   ``simkit.behaviour.beliefs.LoanBelief``);
3. turned into indicators by ``simkit.bank.books.cm_indicators`` and paid by
   ``simkit.pay.pay_period`` from the person's ledger as it stood before this period's
   pay — advances, half-yearly settlements, floors and caps all as the scheme has them —
   for the loans' life and a year more (every settlement they touch is paid), each
   period's pay discounted by the person's ``discount``.

Deterministic: no random draws. A scheme that reads none of the indicators the files
move (deposit-only pay, a salary) gets exactly the same pay either side, so a foreseen
slope of exactly 0 (``simkit.behaviour.foresight.slope``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .bank.books import ManagerPeriod, cm_indicators
from .bank.outlook import READS, LifeTable, cohort
from .behaviour.guards import check
from .pay import PayLedger, pay_period, pay_pool

_ORIG = ("loans_approved", "approvals", "breaches_other")
_FLOWS = ("due", "collected", "repaid", "written_off", "loss", "matured", "on_time", "unvisited")
_BOOK = ("loan_balance_end", "loans_substandard", "loans_doubtful", "loans_loss", "secured", "reserve")


#: indicators a manager's files do not move (their deposits, fee income): a scheme that reads
#: only these, or none of a manager's indicators, foresees exactly nothing in the files
UNMOVED = frozenset({"deposit_balance_end", "deposit_balance_avg", "deposit_net_increase", "deposit_avg_increase",
                     "deposit_growth", "portfolio_start", "deposit_margin_income", "deposit_interest_paid",
                     "fee_income"})


def reads_loans(scheme, indicators) -> bool:
    """Whether ``scheme`` reads any of a manager's ``indicators`` that their files move."""
    return any(name in indicators and name not in UNMOVED for name in scheme.indicators())


@dataclass(frozen=True)
class PayTerms:
    """What every manager's outlook in one period shares: the bank's settings, the period's
    length and number, everyone's scheme and indicators, the pay ledger as it stood before the
    period's pay, what the branch's record teaches about loans, and how pay ahead is discounted."""

    bank: object  # the scenario's bank settings
    months: int  # months in a period
    period: int  # the period just closed (0-based)
    schemes: dict  # post -> their pay scheme
    kpis: dict  # post -> their indicators this period
    ledger: PayLedger  # pay held back, before this period's pay
    belief: object  # simkit.behaviour.beliefs.LoanBelief: believed default and cure rates
    table: LifeTable  # the loans' life table built from that belief
    discount: float  # a month's discount factor on pay ahead


def own_pay_view(terms: PayTerms, post: str) -> tuple[dict, dict, PayLedger]:
    """What working out ``post``'s own pay needs: (the schemes, the other posts' indicators, a
    copy of the held-back pay) of ``post`` and, when their scheme pays a team pool, of every
    post on that scheme (the pool is shared, so their numbers are part of ``post``'s pay)."""
    schemes = terms.schemes
    mates = pay_pool(schemes, post)
    return ({p: schemes[p] for p in mates}, {p: terms.kpis[p] for p in mates if p != post},
            PayLedger({p: dict(terms.ledger.held.get(p, {})) for p in mates}))


class LoanOutlook:
    """A customer manager's expected, discounted pay for a choice of habits (see the module docstring).

    Built once per manager and period, ``LoanOutlook(terms, post, numbers, played)`` (``numbers``:
    the manager's ``simkit.bank.books.ManagerPeriod``); calling it, ``outlook(choices)``,
    gives the pay of reading this period's loan files with ``choices``.
    """

    reads = READS

    def __init__(self, terms: PayTerms, post: str, numbers: ManagerPeriod, played):
        """Raises ``simkit.errors.NonFiniteError`` if the pay the played habits are
        expected to bring is NaN or infinite in some period: every slope would be built on it."""
        self.bank, self.months, self.post, self.numbers, self.belief = terms.bank, terms.months, post, numbers, terms.belief
        self.period, self.gamma, self.table = terms.period, terms.discount ** terms.months, terms.table
        self.periods_a_year = 12 // terms.months
        self.schemes, self.others, self.ledger = own_pay_view(terms, post)
        self.files = numbers.files["applications"]
        self.played = self._cohort(played)
        self._baseline()

    def _cohort(self, choices) -> dict:
        return cohort(self.bank.loans, self.months, self.files, choices, self.belief.pd, self.table)

    def _indicators(self, change: dict, ahead: int) -> dict:
        """The period ``ahead`` periods on: this period's numbers plus the expected ``change``
        (arrays over periods; the previous period's change moves the book and reserve it
        starts from)."""
        now, before = self.numbers, ahead - 1
        at = (lambda key: change[key][ahead]) if ahead < self.life else (lambda key: 0.0)
        was = (lambda key: change[key][before]) if 0 <= before < self.life else (lambda key: 0.0)
        return cm_indicators(self.bank, self.months, replace(
            now,
            files={**now.files, **{key: now.files[key] + at(key) for key in _ORIG}},
            flows={**now.flows, **{key: now.flows[key] + at(key) for key in _FLOWS}},
            book={key: now.book.get(key, 0.0) + at(key) for key in _BOOK},
            loans_start=now.loans_start + was("loan_balance_end"), reserve_start=now.reserve_start + was("reserve"),
            defaults=now.defaults + at("defaults")))

    def _pay(self, kpis: dict, ahead: int, ledger: PayLedger) -> tuple[float, PayLedger]:
        slips, ledger = pay_period(self.schemes, {**self.others, self.post: kpis}, self.period + ahead, ledger,
                                   self.periods_a_year)
        return slips[self.post].total, ledger

    def _baseline(self) -> None:
        """Pay period by period if the files bring what the played habits bring: the path every
        other habit's path rejoins once its loans are closed and its ledger is the same."""
        self.life = self.played["due"].size
        self.horizon = self.life + self.periods_a_year  # the loans' lives, then every settlement they touch
        zero = {key: np.zeros(self.life) for key in self.played}
        self.base_ledger, pays, ledger = [], [], self.ledger
        for ahead in range(self.horizon):
            pay, ledger = self._pay(self._indicators(zero, ahead), ahead, ledger)
            pays.append(self.gamma ** ahead * pay)
            self.base_ledger.append(ledger.held)
        self.base_rest = np.cumsum(pays[::-1])[::-1].tolist() + [0.0]  # discounted pay from each period on
        check(pays, [f"{ahead} periods on" for ahead in range(self.horizon)],
              f"{self.post}'s expected pay of the played habits, period {self.period}")

    def __call__(self, choices) -> float:
        rows = self._cohort(choices)
        change = {key: value - self.played[key] for key, value in rows.items()}
        changed = max((int(np.flatnonzero(v)[-1]) for v in change.values() if np.any(v)), default=-1)
        total, ledger = 0.0, self.ledger
        for ahead in range(self.horizon):
            pay, ledger = self._pay(self._indicators(change, ahead), ahead, ledger)
            total += self.gamma ** ahead * pay
            if ahead > changed and ledger.held == self.base_ledger[ahead]:
                return total + self.base_rest[ahead + 1]  # from here on it is the baseline's pay
        return total
