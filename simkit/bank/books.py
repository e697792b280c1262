"""The bank's books for one branch: balances that outlive a day.

Each assessment period ``Books.close_period`` takes what happened in the branch (loan
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

from ..branch.rng import FILE_KEY, Draws, keyed, post_key
from ..pay.indicators import VINTAGES
from .loans import (
    BURN_IN_STREAM,
    DEMAND_STREAM,
    Loan,
    decide,
    inherited_book,
    loan_size,
    marginal_files,
    month_step,
    provision_rate,
    side_stream,
    starting_reputation,
    updated_reputation,
)

#: the sources of a loan file in aligned mode's keys (``Books._keyed_files``): applications made in the
#: branch, leads from time outside, marginal applicants; and the draws that count the leads
BRANCH_FILE, LEAD_FILE, MARGINAL_FILE, LEAD_COUNT = 0, 1, 2, 3


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


@dataclass(frozen=True, slots=True)
class ManagerPeriod:
    """One customer manager's plain numbers for one period: what their indicators, and so their
    pay, are computed from (``cm_indicators``). ``Books.inputs`` holds one per manager
    after each period; a manager's foresight (``simkit.contract``) varies ``files``,
    ``flows`` and ``book`` to see what other habits would pay."""

    deposits: dict[str, float]  # their portfolio's deposit indicators (``deposit_balance_end``, ...)
    files: dict[str, float]  # the files they decided: ``applications``, ``approvals``, ``loans_approved``, ``breaches_other``
    flows: dict[str, float]  # their loans' flows in the period: ``due``, ``collected``, ``loss``, ``matured``, ...
    book: dict[str, float]  # their loan book at the end: balance, classified balances, secured, reserve
    loans_start: float  # ¥ loan balance at the start of the period
    reserve_start: float  # ¥ provisions held at the start of the period
    fees: float  # ¥ fee income credited to them
    defaults: int  # loans of theirs that fell overdue in the period


class Observed:
    """What the branch's loan record shows of one period, with nothing hidden in it: for each
    loan that was performing, its reading at approval, its months performing and whether it
    fell overdue; and how many overdue loan-months there were and how many of them were cured.
    What staff may learn about loans from (``simkit.behaviour.beliefs.LoanBelief``)."""

    __slots__ = ("performing", "overdue_months", "cures", "defaults_by_post")

    def __init__(self):
        # id(loan) -> [reading, months performing (each weighted by the loan's risk_scale), fell overdue 0/1]
        self.performing: dict[int, list] = {}
        self.overdue_months = 0
        self.cures = 0
        self.defaults_by_post: dict[str, int] = {}

    def record(self, loan, was_overdue: bool) -> None:
        if was_overdue:
            self.overdue_months += 1
            self.cures += loan.state == "repaid"
            return
        row = self.performing.setdefault(id(loan), [loan.reading, 0, 0])
        row[1] += loan.risk_scale  # exposure: a month of a loan whose size scaled its risk counts as that many
        if loan.overdue:
            row[2] += 1
            self.defaults_by_post[loan.cm] = self.defaults_by_post.get(loan.cm, 0) + 1

    def loans(self) -> tuple[list[float], list[float], list[int]]:
        """(readings, months performing, defaults), one entry per loan performing this period. A
        month of a loan whose size scaled its borrower's risk (``Loan.risk_scale``) counts as that
        many months, so the hazard learnt from the record is a borrower's at the bank's mean size."""
        rows = list(self.performing.values())
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


class Books:
    """The bank's books behind the branch: customer managers' deposit portfolios, the walk-in retail
    book and the loan book. ``close_period`` moves them one period on from that period's
    ``Activity`` and returns the bank's row and each manager's pay indicators."""

    def __init__(self, bank, managers: dict[str, object], draws, period_months: int, visit_minutes: float):
        """``managers``: post -> ability (for the inherited portfolio and connections)."""
        self.bank, self.draws, self.months, self.visit_minutes = bank, draws, period_months, visit_minutes
        deposits = bank.deposits
        self.deposits = {m: deposits.mean_portfolio * a.portfolio for m, a in managers.items()}
        self.portfolio_start = dict(self.deposits)
        self.prev_avg = dict(self.deposits)
        self.retail = deposits.retail_book
        self.loans: list[Loan] = []
        # every application read: (period, post, screening, strictness, risk, bad, the Loan if approved)
        self.files: list[tuple] = []
        self.reserve = 0.0
        self.period = 0
        self.flows: dict[str, float] = {}  # this period's deposit flows (set by _deposits)
        self.observed = Observed()  # this period's loan record (set by _age_loans)
        # each manager's inputs of ``cm_indicators`` this period (what their pay was computed from)
        self.inputs: dict[str, ManagerPeriod] = {}
        # the loan demand each manager meets (docs/loans.md): their reputation, the market's
        # smoothed view of their approval rate, and a stream of its own for marginal applicants
        self.reputation: dict[str, float] = {}
        self.demand_rs = side_stream(draws, DEMAND_STREAM) if bank.loans.demand.enabled else None
        if bank.loans.book.inherited:
            self._inherit_book({post: bank.loans.book.habits for post in managers})

    # ------------------------------------------------------------------ deposits
    def _deposits(self, act: Activity, abilities) -> dict[str, dict]:
        dep, draws, out = self.bank.deposits, self.draws, {}
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
                if draws.uniform() < dep.referral_conversion * abilities[m].selling:
                    inflow += dep.referral_balance_mean * math.exp(draws.normal() * 0.8 - 0.32)
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
        settings, draws = self.bank.loans, self.draws
        stats = {m: {"loans_approved": 0.0, "applications": 0, "approvals": 0, "breaches_other": 0} for m in choices}
        apps = list(act.applications)
        for m, minutes in sorted(act.outside_minutes.items()):
            visits = minutes / self.visit_minutes
            lead_draws = self._keyed(m, LEAD_COUNT, 0) if settings.aligned else draws
            leads = sum(lead_draws.uniform() < settings.outside_lead
                        for _ in range(int(visits) + (lead_draws.uniform() < visits % 1)))
            apps += [(m, choices[m].screening)] * leads
        files = [(m, screening, None, draws) for m, screening in apps]  # (post, screening, bad share, stream)
        demand = settings.demand
        if demand.enabled:  # marginal applicants, drawn in by each manager's reputation (docs/loans.md)
            for m in sorted(choices):
                known = self.reputation.setdefault(m, starting_reputation(settings, choices[m].screening,
                                                                          choices[m].strictness))
                files += [(m, choices[m].screening, demand.marginal_bad_share, self.demand_rs)] * marginal_files(
                    self.demand_rs, demand, known, self.months)
        if settings.aligned:
            files = self._keyed_files(files, len(act.applications))
        for m, screening, bad_share, stream in files:
            d = decide(settings, stream, screening, choices[m].strictness, bad_share, loan_size(demand, choices[m].strictness))
            st = stats[m]
            st["applications"] += 1
            loan = None
            if d.terms is not None:
                amount, pd, secured = d.terms
                loan = Loan(m, amount, pd, self.period * self.months, settings.term_months, secured, reading=d.risk,
                            risk_scale=d.scale)
                self.loans.append(loan)
                st["approvals"] += 1
                st["loans_approved"] += amount
                st["breaches_other"] += int(d.breach)
            self.files.append((self.period, m, screening, choices[m].strictness, d.risk, d.bad, loan))
        if demand.enabled:
            for m, st in stats.items():
                self.reputation[m] = updated_reputation(demand, self.reputation[m], st["approvals"],
                                                        st["applications"], self.months)
        return stats

    def _keyed(self, post: str, source: int, index: int) -> Draws:
        """Aligned mode's draws for one file (or one post's lead count): keyed by (seed, post,
        period, ``source``, ``index``), the same in every run with the seed whatever else was drawn."""
        return keyed(self.draws.gen.bit_generator.seed_seq, FILE_KEY, post_key(post), self.period, source, index)

    def _keyed_files(self, files: list[tuple], from_branch: int) -> list[tuple]:
        """``files`` (post, screening, bad share, stream) with each stream replaced by its keyed
        one: the first ``from_branch`` files are applications made in the branch, then leads,
        then marginal applicants (drawn from ``demand_rs``); files are numbered per post and source."""
        counted: dict[tuple[str, int], int] = {}
        out = []
        for i, (post, screening, bad_share, stream) in enumerate(files):
            source = BRANCH_FILE if i < from_branch else LEAD_FILE if stream is self.draws else MARGINAL_FILE
            index = counted[post, source] = counted.get((post, source), -1) + 1
            out.append((post, screening, bad_share, self._keyed(post, source, index)))
        return out

    def _age_loans(self, choices) -> dict[str, dict]:
        settings, draws = self.bank.loans, self.draws
        keys = ("due", "collected", "repaid", "written_off", "loss", "matured", "on_time", "unvisited")
        flows = {m: dict.fromkeys(keys, 0.0) for m in choices}
        by_loan: dict[int, list[float]] = {}  # id(loan) -> [interest collected, loss written off]
        seen = self.observed = Observed()
        for month in range(self.months):
            for loan in self.loans:
                if loan.state != "open" or loan.start > self.period * self.months + month:
                    continue
                was_overdue = loan.overdue > 0
                f = month_step(loan, settings, draws, choices[loan.cm].monitoring, self.period * self.months + month)
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
        profit (``cm_indicators``); split by vintage it is what the manager's own loan ledger
        shows — which approvals are now paying and which are going bad — the evidence that
        lets them hold a loan's outcome against the month they approved it."""
        settings, months = self.bank.loans, self.months
        funding = settings.funding_rate * months / 12
        out: dict[str, dict[int, float]] = {}
        for loan in self.loans:  # this period's loans: open at the start, approved, or closed during it
            was = id(loan) in opening
            is_open = loan.state == "open"
            if not (was or is_open):
                continue
            collected, loss = by_loan.get(id(loan), (0.0, 0.0))
            reserve = loan.reserve(settings) if is_open else 0.0
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
        settings, rows = self.bank.loans, []
        for period, post, screening, strictness, read, bad, loan in self.files:
            row = {"period": period, "post": post, "screening": screening, "strictness": strictness,
                   "risk": read, "bad_risk": bad, "approved": loan is not None}
            if loan is not None:
                row.update(amount=loan.amount, secured=loan.secured, state=loan.state,
                           category=loan.category(settings) if loan.state == "open" else None,
                           defaulted_month=loan.defaulted, profit=loan.profit)
            rows.append(row)
        return rows

    def _book(self) -> dict[str, dict]:
        settings = self.bank.loans
        out: dict[str, dict] = {}
        for loan in self.loans:
            if loan.state != "open":
                continue
            b = out.setdefault(loan.cm, {"loan_balance_end": 0.0, "loans_substandard": 0.0, "loans_doubtful": 0.0,
                                         "loans_loss": 0.0, "secured": 0.0, "reserve": 0.0})
            cat = loan.category(settings)
            b["loan_balance_end"] += loan.amount
            if cat in ("substandard", "doubtful", "loss"):
                b[f"loans_{cat}"] += loan.amount
            b["secured"] += loan.amount * loan.secured
            b["reserve"] += loan.amount * provision_rate(cat, settings)
        return out

    # ------------------------------------------------------------------ the period
    def close_period(self, act: Activity, choices: dict, abilities: dict) -> tuple[dict, dict[str, dict]]:
        """Move the books one period on. Returns (bank row, {post: indicators})."""
        settings, months = self.bank, self.months
        loans_start = sum(ln.amount for ln in self.loans if ln.state == "open")
        start = self._book()
        book_start = {m: v["loan_balance_end"] for m, v in start.items()}
        reserve_start_by = {m: v["reserve"] for m, v in start.items()}
        opening = {id(ln): ln.reserve(settings.loans) for ln in self.loans}
        dep_start = sum(self.deposits.values()) + self.retail
        dep = self._deposits(act, abilities)
        orig = self._originate(act, choices)
        flows, by_loan = self._age_loans(choices)
        book = self._book()
        vintages = self._vintages(opening, by_loan)
        self.loans = [ln for ln in self.loans if ln.state == "open"]
        self.inputs = {m: ManagerPeriod(dep[m], orig[m], flows[m], book.get(m, {}), book_start.get(m, 0.0),
                                        reserve_start_by.get(m, 0.0), act.fees_by_post.get(m, 0.0),
                                        self.observed.defaults_by_post.get(m, 0)) for m in self.deposits}
        kpis = {m: cm_indicators(settings, months, self.inputs[m]) for m in self.deposits}
        for m, indicators in kpis.items():
            indicators[VINTAGES] = tuple(sorted(vintages.get(m, {}).items()))
        row = self._pnl(act, kpis, flows, book, loans_start, dep_start)
        self.period += 1
        return row, kpis

    def _pnl(self, act, kpis, flows, book, loans_start, dep_start) -> dict:
        bank, months = self.bank, self.months
        loans_end = sum(b["loan_balance_end"] for b in book.values())
        reserve_end = sum(b["reserve"] for b in book.values())
        written_off = sum(f["written_off"] for f in flows.values())
        losses = sum(f["loss"] for f in flows.values())
        provisions = reserve_end - self.reserve + losses
        deposits = sum(self.deposits.values()) + self.retail
        interest = sum(f["collected"] for f in flows.values())
        funding = sum(k["asset_cost"] for k in kpis.values())
        margin = deposits * (bank.deposits.ftp_rate - bank.deposits.rate_paid) * months / 12
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
            "staff_pay": act.staff_pay, "operating_cost": bank.operating_cost * months,
            "complaints": act.complaints, "churned_deposits": act.churned,
            "applications": sum(k["loan_applications"] for k in kpis.values()),
            "approvals": sum(k["loan_approvals"] for k in kpis.values()),
        }
        row["profit"] = (interest - funding + margin + act.fee_income - act.refunds - provisions
                         - act.staff_pay - row["operating_cost"])
        self.reserve = reserve_end
        return row

    def _inherit_book(self, habits: dict) -> None:
        """Give each post the loan book the loans' own law holds in steady state at month 0
        (``simkit.bank.loans.inherited_book``: a burn-in on a stream of its own, so the
        run's own draws stay where they were), the reserve that book carries, and, with demand
        on, the reputation its approvals earned. ``habits``: post -> the choices the book was made with."""
        settings = self.bank.loans
        self.loans, reputation = inherited_book(settings, side_stream(self.draws, BURN_IN_STREAM), habits, self.months)
        self.reserve = sum(loan.reserve(settings) for loan in self.loans)
        if settings.demand.enabled:
            self.reputation = reputation


def cm_indicators(bank, months: int, period: ManagerPeriod) -> dict:
    """A customer manager's indicators for one period of ``months`` months from the period's
    plain numbers (``bank``: the scenario's bank settings). A pure function, so that what a
    manager expects a habit to do to their pay is computed by the very formulas that compute
    their pay (``simkit.contract``)."""
    book, flows, files, fees = period.book, period.flows, period.files, period.fees
    end = book.get("loan_balance_end", 0.0)
    avg = (period.loans_start + end) / 2.0
    npl = book.get("loans_substandard", 0.0) + book.get("loans_doubtful", 0.0) + book.get("loans_loss", 0.0)
    # seed 001's loan loss, charged as the classified balances change: each loan is charged
    # once as it deteriorates (and credited back when recovered or written off with collateral)
    loan_loss = book.get("reserve", 0.0) - period.reserve_start + flows["loss"]
    deposit_avg = period.deposits["deposit_balance_avg"]
    out = dict(period.deposits)
    out.update({
        "loan_balance_end": end, "loan_balance_avg": avg, "loan_net_increase": end - period.loans_start,
        "loans_approved": files["loans_approved"], "loan_applications": files["applications"],
        "loan_approvals": files["approvals"], "loan_refusals": files["applications"] - files["approvals"],
        "loan_defaults": period.defaults, "breaches_other": files["breaches_other"],
        "breaches_post_maturity": flows["unvisited"], "loan_interest_income": flows["collected"],
        "interest_collection_ratio": flows["collected"] / flows["due"] if flows["due"] else 1.0,
        "loans_substandard": book.get("loans_substandard", 0.0), "loans_doubtful": book.get("loans_doubtful", 0.0),
        "loans_loss": book.get("loans_loss", 0.0), "npl_share": npl / end if end else 0.0,
        "collateralised_share": book.get("secured", 0.0) / end if end else 0.0,
        "recovered_at_maturity_share": flows["on_time"] / flows["matured"] if flows["matured"] else 1.0,
        "deposit_margin_income": deposit_avg * bank.deposits.ftp_rate * months / 12,
        "deposit_interest_paid": deposit_avg * bank.deposits.rate_paid * months / 12,
        "asset_cost": avg * bank.loans.funding_rate * months / 12, "fee_income": fees, "loan_loss": loan_loss,
    })
    out["responsibility_profit"] = (out["loan_interest_income"] + out["deposit_margin_income"] + fees
                                    - out["deposit_interest_paid"] - out["asset_cost"] - loan_loss)
    return out
