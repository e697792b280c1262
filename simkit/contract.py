"""What a customer manager expects their own contract to pay for their habits.

:class:`LoanOutlook` is ``value(choices)``: the expected, discounted pay of reading this
period's files with ``choices`` instead of the habits actually played, worked out the way a
manager who knows their scheme would — by the real pay code:

1. the period's plain numbers as they were (the inputs of their pay:
   :attr:`simkit.bank.Books.inputs`), in this period and, as the best guess of a steady
   branch, in each period after it;
2. plus, period by period over the loans' lives, what the files would bring in expectation
   under ``choices`` minus what they would bring under the played habits
   (:func:`simkit.bank.outlook.cohort`, with the default and cure rates the person believes:
   :class:`simkit.behaviour.beliefs.LoanBelief`);
3. turned into indicators by :func:`simkit.bank.books.cm_indicators` and paid by
   :func:`simkit.pay.pay_period` from the person's ledger as it stood before this period's
   pay — advances, half-yearly settlements, floors and caps all as the scheme has them —
   for the loans' life and a year more (every settlement they touch is paid), each
   period's pay discounted by the person's ``discount``.

Deterministic: no random draws. A scheme that reads none of the indicators the files
move (deposit-only pay, a salary) gets exactly the same pay either side, so a foreseen
slope of exactly 0 (:func:`simkit.behaviour.foresight.slope`).
"""
from __future__ import annotations

import numpy as np

from .bank.books import cm_indicators
from .bank.outlook import READS, LifeTable, cohort
from .behaviour.guards import check
from .pay import PayLedger, pay_period
from .pay.schemes import Team

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


class LoanOutlook:
    """A customer manager's expected, discounted pay for a choice of habits (see the module docstring).

    Built once per manager and period; calling it, ``outlook(choices)``, gives the pay of reading
    this period's loan files with ``choices``.
    """

    reads = READS

    def __init__(self, bank, months: int, post: str, schemes: dict, kpis: dict, inputs: dict, played,
                 belief, table: LifeTable, ledger: PayLedger, period: int, discount: float):
        """Raises :class:`simkit.errors.NonFiniteError` if the pay the played habits are
        expected to bring is NaN or infinite in some period: every slope would be built on it."""
        self.cfg, self.months, self.post, self.inputs, self.belief = bank, months, post, inputs, belief
        self.period, self.gamma, self.table = period, discount ** months, table
        self.ppy = 12 // months
        mates = [p for p, s in schemes.items() if s is schemes[post]] if any(
            isinstance(c, Team) for c in schemes[post].components) else [post]
        self.schemes = {p: schemes[p] for p in mates}  # a team pool needs the team's numbers too
        self.others = {p: kpis[p] for p in mates if p != post}
        self.ledger = PayLedger({p: dict(ledger.held.get(p, {})) for p in mates})
        self.n = inputs["orig"]["applications"]
        self.played = self._cohort(played)
        self._baseline()

    def _cohort(self, choices) -> dict:
        return cohort(self.cfg.loans, self.months, self.n, choices, self.belief.pd, self.table)

    def _indicators(self, d: dict, k: int) -> dict:
        """The period ``k`` periods on: this period's numbers plus the expected change ``d``
        (arrays over periods; the previous period's change moves the book and reserve it
        starts from)."""
        i, b = self.inputs, k - 1
        at = (lambda key: d[key][k]) if k < self.life else (lambda key: 0.0)
        was = (lambda key: d[key][b]) if 0 <= b < self.life else (lambda key: 0.0)
        orig = {**i["orig"], **{key: i["orig"][key] + at(key) for key in _ORIG}}
        fl = {**i["fl"], **{key: i["fl"][key] + at(key) for key in _FLOWS}}
        bk = {key: i["bk"].get(key, 0.0) + at(key) for key in _BOOK}
        return cm_indicators(self.cfg, self.months, i["dep"], orig, fl, bk,
                             i["loans_start"] + was("loan_balance_end"), i["reserve_start"] + was("reserve"),
                             i["fees"], i["defaults"] + at("defaults"))

    def _pay(self, kpis: dict, k: int, ledger: PayLedger) -> tuple[float, PayLedger]:
        slips, ledger = pay_period(self.schemes, {**self.others, self.post: kpis}, self.period + k, ledger, self.ppy)
        return slips[self.post].total, ledger

    def _baseline(self) -> None:
        """Pay period by period if the files bring what the played habits bring: the path every
        other habit's path rejoins once its loans are closed and its ledger is the same."""
        self.life = self.played["due"].size
        self.horizon = self.life + self.ppy  # the loans' lives, then every settlement they touch
        zero = {k: np.zeros(self.life) for k in self.played}
        self.base_ledger, pays, ledger = [], [], self.ledger
        for k in range(self.horizon):
            pay, ledger = self._pay(self._indicators(zero, k), k, ledger)
            pays.append(self.gamma ** k * pay)
            self.base_ledger.append(ledger.held)
        self.base_rest = np.cumsum(pays[::-1])[::-1].tolist() + [0.0]  # discounted pay from period k on
        check(pays, [f"{k} periods on" for k in range(self.horizon)],
              f"{self.post}'s expected pay of the played habits, period {self.period}")

    def __call__(self, choices) -> float:
        rows = self._cohort(choices)
        diff = {k: v - self.played[k] for k, v in rows.items()}
        changed = max((int(np.flatnonzero(v)[-1]) for v in diff.values() if np.any(v)), default=-1)
        total, ledger = 0.0, self.ledger
        for k in range(self.horizon):
            pay, ledger = self._pay(self._indicators(diff, k), k, ledger)
            total += self.gamma ** k * pay
            if k > changed and ledger.held == self.base_ledger[k]:
                return total + self.base_rest[k + 1]  # from here on it is the baseline's pay
        return total
