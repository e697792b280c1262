"""The bank's books for one branch: balances that outlive a day.

Each assessment period :meth:`Books.close_period` takes what happened in the branch (loan
applications, new clients won, referrals, churn, sales, complaints, pay) and the customer
managers' current choices, moves the balances forward — deposits by portfolio, the loan
book month by month, provisions by the five-category classification — and returns the
branch's profit and loss for the period plus each customer manager's indicators (the
inputs of their pay). Books are kept per *post* (M1, M2, ...): a portfolio stays with the
desk when a customer manager leaves, and the successor inherits it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..pay.indicators import VINTAGES
from .loans import Loan, decide, month_step, provision_rate


@dataclass
class Activity:
    """What the branch produced in one period, in plain numbers."""

    applications: list[tuple[str, float]] = field(default_factory=list)  # (post, screening used)
    outside_minutes: dict[str, float] = field(default_factory=dict)  # post -> minutes prospecting
    prospects: dict[str, list[float]] = field(default_factory=dict)  # post -> ¥ brought by each new client
    referral_visits: dict[str, int] = field(default_factory=dict)  # post -> referred customers met
    churned: float = 0.0  # ¥ moved to other banks by mistreated customers
    fee_income: float = 0.0
    refunds: float = 0.0
    complaints: int = 0
    staff_pay: float = 0.0
    fees_by_post: dict[str, float] = field(default_factory=dict)


class Observed:
    """What the branch's loan record shows of one period, with nothing hidden in it: for each
    loan that was performing, its reading at approval, its months performing and whether it
    fell overdue; and how many overdue loan-months there were and how many of them were cured.
    What staff may learn about loans from (:class:`simkit.behaviour.beliefs.LoanBelief`)."""

    __slots__ = ("performing", "overdue_months", "cures", "defaults_by_post")

    def __init__(self):
        self.performing: dict[int, list] = {}  # id(loan) -> [reading, months performing, fell overdue 0/1]
        self.overdue_months = 0
        self.cures = 0
        self.defaults_by_post: dict[str, int] = {}

    def record(self, loan, was_overdue: bool) -> None:
        if was_overdue:
            self.overdue_months += 1
            self.cures += loan.state == "repaid"
            return
        row = self.performing.setdefault(id(loan), [loan.reading, 0, 0])
        row[1] += 1
        if loan.overdue:
            row[2] += 1
            self.defaults_by_post[loan.cm] = self.defaults_by_post.get(loan.cm, 0) + 1

    def loans(self) -> tuple[list[float], list[int], list[int]]:
        """(readings, months performing, defaults), one entry per loan performing this period."""
        rows = list(self.performing.values())
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


class Books:
    """The bank's books behind the branch: customer managers' deposit portfolios, the walk-in retail
    book and the loan book. :meth:`close_period` moves them one period on from that period's
    :class:`Activity` and returns the bank's row and each manager's pay indicators."""

    def __init__(self, cfg, managers: dict[str, object], rs, period_months: int, visit_minutes: float):
        """``managers``: post -> ability (for the inherited portfolio and connections)."""
        self.cfg, self.rs, self.months, self.visit_minutes = cfg, rs, period_months, visit_minutes
        dep = cfg.deposits
        self.deposits = {m: dep.mean_portfolio * a.portfolio for m, a in managers.items()}
        self.portfolio_start = dict(self.deposits)
        self.prev_avg = dict(self.deposits)
        self.retail = dep.retail_book
        self.loans: list[Loan] = []
        # every application read: (period, post, screening, strictness, risk, bad, the Loan if approved)
        self.files: list[tuple] = []
        self.reserve = 0.0
        self.period = 0
        self.flows: dict[str, float] = {}  # this period's deposit flows (set by _deposits)
        self.observed = Observed()  # this period's loan record (set by _age_loans)
        # each manager's inputs of :func:`cm_indicators` this period (what their pay was computed from)
        self.inputs: dict[str, dict] = {}

    # ------------------------------------------------------------------ deposits
    def _deposits(self, act: Activity, abilities) -> dict[str, dict]:
        dep, rs, out = self.cfg.deposits, self.rs, {}
        total = sum(self.deposits.values()) + self.retail or 1.0
        retail_churn = min(self.retail, act.churned * self.retail / total)
        self.retail -= retail_churn
        # the period's flows, for the roll-forward start + inflows - attrition - churn = end
        self.flows = {"deposit_inflows": 0.0, "deposit_attrition": 0.0, "deposit_churn": retail_churn}
        for m, bal in self.deposits.items():
            start = bal
            bal *= (1.0 - dep.attrition) ** self.months
            self.flows["deposit_attrition"] += start - bal
            churn = min(bal, act.churned * start / total)  # the money that left belonged to someone's book, pro rata
            bal -= churn
            inflow = sum(act.prospects.get(m, []))
            for _ in range(act.referral_visits.get(m, 0)):
                if rs.uniform() < dep.referral_conversion * abilities[m].selling:
                    inflow += dep.referral_balance_mean * math.exp(rs.normal() * 0.8 - 0.32)
            inflow += abilities[m].connections * self.months
            bal += inflow
            self.flows["deposit_churn"] += churn
            self.flows["deposit_inflows"] += inflow
            self.deposits[m] = bal
            avg = (start + bal) / 2.0
            out[m] = {"deposit_balance_end": bal, "deposit_balance_avg": avg, "deposit_net_increase": bal - start,
                      "deposit_avg_increase": avg - self.prev_avg[m], "deposit_growth": (bal - start) / max(start, 1.0),
                      "portfolio_start": self.portfolio_start[m]}
            self.prev_avg[m] = avg
        return out

    # ------------------------------------------------------------------ loans
    def _originate(self, act: Activity, choices) -> dict[str, dict]:
        cfg, rs = self.cfg.loans, self.rs
        stats = {m: {"loans_approved": 0.0, "applications": 0, "approvals": 0, "breaches_other": 0} for m in choices}
        apps = list(act.applications)
        for m, minutes in sorted(act.outside_minutes.items()):
            visits = minutes / self.visit_minutes
            leads = sum(rs.uniform() < cfg.outside_lead for _ in range(int(visits) + (rs.uniform() < visits % 1)))
            apps += [(m, choices[m].screening)] * leads
        for m, screening in apps:
            d = decide(cfg, rs, screening, choices[m].strictness)
            st = stats[m]
            st["applications"] += 1
            loan = None
            if d.terms is not None:
                amount, pd, secured = d.terms
                loan = Loan(m, amount, pd, self.period * self.months, cfg.term_months, secured, reading=d.risk)
                self.loans.append(loan)
                st["approvals"] += 1
                st["loans_approved"] += amount
                st["breaches_other"] += int(d.breach)
            self.files.append((self.period, m, screening, choices[m].strictness, d.risk, d.bad, loan))
        return stats

    def _age_loans(self, choices) -> dict[str, dict]:
        cfg, rs = self.cfg.loans, self.rs
        keys = ("due", "collected", "repaid", "written_off", "loss", "matured", "on_time", "unvisited")
        flows = {m: dict.fromkeys(keys, 0.0) for m in choices}
        by_loan: dict[int, list[float]] = {}  # id(loan) -> [interest collected, loss written off]
        seen = self.observed = Observed()
        for month in range(self.months):
            for loan in self.loans:
                if loan.state != "open" or loan.start > self.period * self.months + month:
                    continue
                was_overdue = loan.overdue > 0
                f = month_step(loan, cfg, rs, choices[loan.cm].monitoring, self.period * self.months + month)
                for k in keys:
                    flows[loan.cm][k] += f[k]
                got = by_loan.setdefault(id(loan), [0.0, 0.0])
                got[0] += f["collected"]
                got[1] += f["loss"]
                seen.record(loan, was_overdue)
        return flows, by_loan

    def _vintages(self, opening: dict[int, float], by_loan: dict[int, list[float]]) -> dict[str, dict[int, float]]:
        """Each manager's loan profit this period by the period the loans were approved:
        interest collected − funding cost − loan loss (reserve charged + written-off loss),
        loan by loan. Summed over vintages it is exactly the loan part of responsibility
        profit (:func:`cm_indicators`); split by vintage it is what the manager's own loan ledger
        shows — which approvals are now paying and which are going bad — the evidence that
        lets them hold a loan's outcome against the month they approved it."""
        cfg, months = self.cfg.loans, self.months
        funding = cfg.funding_rate * months / 12
        out: dict[str, dict[int, float]] = {}
        for loan in self.loans:  # this period's loans: open at the start, approved, or closed during it
            was = id(loan) in opening
            is_open = loan.state == "open"
            if not (was or is_open):
                continue
            collected, loss = by_loan.get(id(loan), (0.0, 0.0))
            reserve = loan.reserve(cfg) if is_open else 0.0
            pnl = (collected - loan.amount * (was + is_open) / 2.0 * funding
                   - (reserve - opening.get(id(loan), 0.0) + loss))
            loan.profit += pnl
            v = loan.start // months
            book = out.setdefault(loan.cm, {})
            book[v] = book.get(v, 0.0) + pnl
        return out

    def file_rows(self) -> list[dict]:
        """Every loan application read so far, with the decision and, for approved loans,
        what became of them by now (the ``loan_applications`` table of the results)."""
        cfg, rows = self.cfg.loans, []
        for period, post, screening, strictness, read, bad, loan in self.files:
            row = {"period": period, "post": post, "screening": screening, "strictness": strictness,
                   "risk": read, "bad_risk": bad, "approved": loan is not None}
            if loan is not None:
                row.update(amount=loan.amount, secured=loan.secured, state=loan.state,
                           category=loan.category(cfg) if loan.state == "open" else None,
                           defaulted_month=loan.defaulted, profit=loan.profit)
            rows.append(row)
        return rows

    def _book(self) -> dict[str, dict]:
        cfg = self.cfg.loans
        out: dict[str, dict] = {}
        for loan in self.loans:
            if loan.state != "open":
                continue
            b = out.setdefault(loan.cm, {"loan_balance_end": 0.0, "loans_substandard": 0.0, "loans_doubtful": 0.0,
                                         "loans_loss": 0.0, "secured": 0.0, "reserve": 0.0})
            cat = loan.category(cfg)
            b["loan_balance_end"] += loan.amount
            if cat in ("substandard", "doubtful", "loss"):
                b[f"loans_{cat}"] += loan.amount
            b["secured"] += loan.amount * loan.secured
            b["reserve"] += loan.amount * provision_rate(cat, cfg)
        return out

    # ------------------------------------------------------------------ the period
    def close_period(self, act: Activity, choices: dict, abilities: dict) -> tuple[dict, dict[str, dict]]:
        """Move the books one period on. Returns (bank row, {post: indicators})."""
        cfg, months = self.cfg, self.months
        loans_start = sum(ln.amount for ln in self.loans if ln.state == "open")
        start = self._book()
        book_start = {m: v["loan_balance_end"] for m, v in start.items()}
        reserve_start_by = {m: v["reserve"] for m, v in start.items()}
        opening = {id(ln): ln.reserve(cfg.loans) for ln in self.loans}
        dep_start = sum(self.deposits.values()) + self.retail
        dep = self._deposits(act, abilities)
        orig = self._originate(act, choices)
        flows, by_loan = self._age_loans(choices)
        book = self._book()
        vintages = self._vintages(opening, by_loan)
        self.loans = [ln for ln in self.loans if ln.state == "open"]
        self.inputs = {m: {"dep": dep[m], "orig": orig[m], "fl": flows[m], "bk": book.get(m, {}),
                           "loans_start": book_start.get(m, 0.0), "reserve_start": reserve_start_by.get(m, 0.0),
                           "fees": act.fees_by_post.get(m, 0.0),
                           "defaults": self.observed.defaults_by_post.get(m, 0)} for m in self.deposits}
        kpis = {m: cm_indicators(cfg, months, **self.inputs[m]) for m in self.deposits}
        for m, k in kpis.items():
            k[VINTAGES] = tuple(sorted(vintages.get(m, {}).items()))
        row = self._pnl(act, kpis, flows, book, loans_start, dep_start)
        self.period += 1
        return row, kpis

    def _pnl(self, act, kpis, flows, book, loans_start, dep_start) -> dict:
        c, months = self.cfg, self.months
        loans_end = sum(b["loan_balance_end"] for b in book.values())
        reserve_end = sum(b["reserve"] for b in book.values())
        written_off = sum(f["written_off"] for f in flows.values())
        losses = sum(f["loss"] for f in flows.values())
        provisions = reserve_end - self.reserve + losses
        deposits = sum(self.deposits.values()) + self.retail
        interest = sum(f["collected"] for f in flows.values())
        funding = sum(k["asset_cost"] for k in kpis.values())
        margin = deposits * (c.deposits.ftp_rate - c.deposits.rate_paid) * months / 12
        npl = sum(b["loans_substandard"] + b["loans_doubtful"] + b["loans_loss"] for b in book.values())
        row = {
            "period": self.period, "deposits": deposits, "deposits_start": dep_start, **self.flows,
            "loans": loans_end, "loans_start": loans_start,
            "new_loans": sum(k["loans_approved"] for k in kpis.values()),
            "repaid": sum(f["repaid"] for f in flows.values()), "written_off": written_off,
            "npl": npl, "npl_ratio": npl / loans_end if loans_end else 0.0, "reserve": reserve_end,
            "loan_losses": losses,
            "interest_income": interest, "funding_cost": funding, "deposit_margin": margin,
            "fee_income": act.fee_income, "refunds": act.refunds, "provisions": provisions,
            "staff_pay": act.staff_pay, "operating_cost": c.operating_cost * months,
            "complaints": act.complaints, "churned_deposits": act.churned,
            "applications": sum(k["loan_applications"] for k in kpis.values()),
            "approvals": sum(k["loan_approvals"] for k in kpis.values()),
        }
        row["profit"] = (interest - funding + margin + act.fee_income - act.refunds - provisions
                         - act.staff_pay - row["operating_cost"])
        self.reserve = reserve_end
        return row


def cm_indicators(cfg, months: int, dep, orig, fl, bk, loans_start, reserve_start, fees, defaults) -> dict:
    """A customer manager's indicators for one period from the period's plain numbers: their
    deposits (``dep``), the files they decided (``orig``), their loans' flows (``fl``) and book
    at the end (``bk``), the book and reserve at the start, fee income credited and the number
    of loans that fell overdue. A pure function, so that what a manager expects a habit to do
    to their pay is computed by the very formulas that compute their pay (:mod:`simkit.contract`)."""
    c = cfg
    end = bk.get("loan_balance_end", 0.0)
    avg = (loans_start + end) / 2.0
    npl = bk.get("loans_substandard", 0.0) + bk.get("loans_doubtful", 0.0) + bk.get("loans_loss", 0.0)
    # seed 001's loan loss, charged as the classified balances change: each loan is charged
    # once as it deteriorates (and credited back when recovered or written off with collateral)
    loan_loss = bk.get("reserve", 0.0) - reserve_start + fl["loss"]
    k = dict(dep)
    k.update({
        "loan_balance_end": end, "loan_balance_avg": avg, "loan_net_increase": end - loans_start,
        "loans_approved": orig["loans_approved"], "loan_applications": orig["applications"],
        "loan_approvals": orig["approvals"], "loan_refusals": orig["applications"] - orig["approvals"],
        "loan_defaults": defaults, "breaches_other": orig["breaches_other"],
        "breaches_post_maturity": fl["unvisited"], "loan_interest_income": fl["collected"],
        "interest_collection_ratio": fl["collected"] / fl["due"] if fl["due"] else 1.0,
        "loans_substandard": bk.get("loans_substandard", 0.0), "loans_doubtful": bk.get("loans_doubtful", 0.0),
        "loans_loss": bk.get("loans_loss", 0.0), "npl_share": npl / end if end else 0.0,
        "collateralised_share": bk.get("secured", 0.0) / end if end else 0.0,
        "recovered_at_maturity_share": fl["on_time"] / fl["matured"] if fl["matured"] else 1.0,
        "deposit_margin_income": dep["deposit_balance_avg"] * c.deposits.ftp_rate * months / 12,
        "deposit_interest_paid": dep["deposit_balance_avg"] * c.deposits.rate_paid * months / 12,
        "asset_cost": avg * c.loans.funding_rate * months / 12, "fee_income": fees, "loan_loss": loan_loss,
    })
    k["responsibility_profit"] = (k["loan_interest_income"] + k["deposit_margin_income"] + fees
                                  - k["deposit_interest_paid"] - k["asset_cost"] - loan_loss)
    return k
