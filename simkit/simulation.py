"""A run over assessment periods: the branch, the books, pay and learning in a loop.

    for each period:
        staff try choices (behaviour)          ->  the branch runs the period's days (SimPy)
        indicators from the period's events     ->  the bank closes its books (deposits, loans, P&L)
        payslips from each person's scheme     ->  utility = pay received − effort cost
        each person learns from their own utility; some quit and are replaced

Data flows down (docs/design.md) and back up only through the learners at period boundaries.
The branch never sees a pay scheme; the learners never see anything but their own utility.
"""
from __future__ import annotations

import math
import time

import numpy as np

from .bank import Books
from .bank.outlook import LifeTable
from .behaviour import ChoiceSpace, Learner, Tenure, new_hire_ability
from .behaviour.beliefs import LoanBelief
from .behaviour.foresight import slope
from .branch import Branch
from .branch.calendar import build_days, period_ends
from .branch.rng import Draws
from .contract import LoanOutlook, reads_loans
from .errors import NonFiniteError
from .measure.periods import period_kpis
from .pay import PayLedger, pay_period
from .vocabulary import PERIOD_MONTHS, ROLES

#: extra random streams of the layers above the branch (the branch's own are in branch.rng)
_BANK, _BEHAVIOUR = 101, 102


def _stream(seed, key):
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(ss.entropy, spawn_key=tuple(ss.spawn_key) + (key,))))


class Simulation:
    """One run of a scenario over its assessment periods: the branch, the books, pay and learning.

    ``Simulation(scenario, seed, days).run()`` steps every period (:meth:`step`); the rows it
    collects (``staff_rows``, ``bank_rows``, ``payslip_rows``) become :class:`simkit.Results` tables.
    """

    def __init__(self, sc, seed=None, days=None):
        self.sc = sc
        self.seed = sc.seed if seed is None else seed
        self.ends = period_ends(sc, days)
        self.days = self.ends[-1]
        self.branch = Branch(sc, seed=self.seed, days=self.days)
        self.months = PERIOD_MONTHS[sc.horizon.period] if sc.horizon.periods else max(1, round(self.days / 30.44))
        self.people = {m.id: m for m in self.branch.staff}
        self.person = {m.id: m.id for m in self.branch.staff}  # post -> current person
        cms = {m.id: m.ability for m in self.branch.staff if m.role == "customer_manager"}
        self.books = Books(sc.bank, cms, Draws(_stream(self.seed, _BANK)), self.months,
                           sc.staff.manager_work.visit_minutes)
        self.ledger = PayLedger()
        loans = sc.bank.loans  # what the branch's record teaches about loans (staff's shared knowledge)
        self.belief = LoanBelief(loans.pd_good, loans.pd_bad, sc.behaviour.learning.prior_loan_years)
        self._behaviour_rng = _stream(self.seed, _BEHAVIOUR)
        self.spaces = {role: ChoiceSpace(role, sc.behaviour.choices.of(role), list(sc.products),
                                         sc.behaviour.learning.push, sc.behaviour.effort_substitution)
                       for role in ROLES}
        self.learners = {post: self._learner(m) for post, m in self.people.items()}
        self.tenure = {post: Tenure() for post in self.people}
        self.staff_rows, self.bank_rows, self.payslip_rows = [], [], []
        self.period = 0
        self.foreseen: dict[str, np.ndarray] = {}  # this period's foreseen pay slopes, unweighed (_foresee)
        self.measure_foresight = False  # also for staff who do not learn (measuring, e.g. against learnability)
        # wall-clock seconds inside the SimPy loop and in the layers above it (benchmarks)
        self.timing = {"branch": 0.0, "books_pay_learning": 0.0}

    def _learner(self, member):
        space = self.spaces[member.role]
        self.branch.set_choices(member.id, space.clip(member.choices))
        if not self.sc.behaviour.learning.enabled:
            return None
        return Learner(space, member.choices, self.sc.behaviour.learning,
                       np.random.Generator(np.random.PCG64(self._behaviour_rng.integers(2**63))), self.months)

    # ------------------------------------------------------------------ one period
    def step(self) -> None:
        p, b = self.period, self.branch
        for post, learner in self.learners.items():
            if learner is not None:
                learner.who = self._who(post, p)
                b.set_choices(post, learner.propose(self.people[post].choices))
        played = {post: m.choices for post, m in self.people.items()}
        rows0, act0, cust0 = len(b.log.rows), len(b.log.activity), len(b.customers)
        t0 = time.perf_counter()
        b.run(until_day=self.ends[p])
        t1 = time.perf_counter()
        self.timing["branch"] += t1 - t0
        first = self.ends[p - 1] if p else 0
        open_days = sum(d.is_open for d in b.days[first:self.ends[p]])
        fees = {n: pr.fee for n, pr in self.sc.products.items()}
        kpis, act = period_kpis(b.log.rows[rows0:], b.log.activity[act0:], b.customers[cust0:], list(self.people),
                                open_days, fees, self.sc.bank.refund_share)
        cm = {post: m.choices for post, m in self.people.items() if m.role == "customer_manager"}
        abil = {post: m.ability for post, m in self.people.items() if m.role == "customer_manager"}
        bank_row, cm_kpis = self.books.close_period(act, cm, abil)
        for post, extra in cm_kpis.items():
            kpis[post].update(extra)
        self._observe_loans()
        schemes = {post: self.sc.pay.of(m.role) for post, m in self.people.items()}
        before = self.ledger
        slips, self.ledger = pay_period(schemes, kpis, p, self.ledger, 12 // self.months)
        foreseen = self._foresee(p, schemes, kpis, played, before)
        total_pay = sum(s.total for s in slips.values())
        bank_row["staff_pay"], bank_row["profit"] = total_pay, bank_row["profit"] - total_pay  # pay is a cost
        _finite_row(bank_row, f"the bank's books, period {p}")
        self.bank_rows.append(bank_row)
        self._people_step(p, played, kpis, slips, open_days, foreseen)
        self.timing["books_pay_learning"] += time.perf_counter() - t1
        self.period += 1

    def _observe_loans(self) -> None:
        seen = self.books.observed
        self.belief.observe(*seen.loans())
        self.belief.observe_overdue(seen.overdue_months, seen.cures)
        self.belief.check(f"after period {self.period}")

    def _who(self, post: str, p: int) -> str:
        """The person at ``post`` and the period, as errors name them."""
        return f"{self.people[post].role} {self.person[post]} (post {post}), period {p}"

    def _foresee(self, p, schemes, kpis, played, ledger) -> dict:
        """Each customer manager's foreseen pay slope of their habits (¥ a period per logit
        unit), weighed by their role's foresight (:mod:`simkit.contract`); none for roles whose
        outcomes this model does not foresee (tellers, the lobby: no loan files), at foresight
        0, or for people who do not learn (unless :attr:`measure_foresight` is set). The
        unweighed slopes are kept in :attr:`foreseen` and recorded as ``foreseen.<choice>``."""
        out, table, self.foreseen = {}, None, {}
        for post, inputs in self.books.inputs.items():  # the posts that read loan files
            role = self.people[post].role
            learner, space = self.learners.get(post), self.spaces[role]
            w = self.sc.behaviour.learning.foresight.of(role)
            if w == 0.0 or (learner is None and not self.measure_foresight):
                continue
            if not reads_loans(schemes[post], kpis[post]):  # the same pay either side: exactly 0
                self.foreseen[post] = out[post] = np.zeros(space.size)
                continue
            table = table or LifeTable(self.sc.bank.loans, self.belief.cure())  # the branch's record: one for all
            value = LoanOutlook(self.sc.bank, self.months, post, schemes, kpis, inputs, played[post], self.belief,
                                table, ledger, p, self.sc.behaviour.learning.discount)
            theta = learner.theta if learner is not None else space.encode(played[post])
            self.foreseen[post] = slope(space, theta, played[post], value, self._who(post, p))
            out[post] = w * self.foreseen[post]
        return out

    def _people_step(self, p, played, kpis, slips, open_days, foreseen):
        turnover = self.sc.behaviour.turnover
        for post, member in self.people.items():
            space = self.spaces[member.role]
            effort = space.effort(played[post]) * self.months  # effort costs are ¥ a month
            utility = slips[post].total - effort
            learner = self.learners[post]
            policy = played[post]
            if learner is not None:
                learner.read(slips[post], open_days, foreseen.get(post))
                policy = learner.mean_choices(played[post])
            quit_ = turnover.enabled and self.tenure[post].quits(
                utility, turnover.outside_option[member.role], turnover, float(self._behaviour_rng.random()),
                self.months)
            self._record(p, post, member, played[post], policy, kpis[post], slips[post], effort, utility, quit_)
            if quit_:
                self._replace(post, member)

    def _replace(self, post, member):
        self.ledger.forfeit(post)
        t = self.tenure[post]
        t.hires += 1
        t.below = 0
        self.person[post] = f"{post}.{t.hires + 1}"
        member.ability = new_hire_ability(member.ability, self.sc.behaviour.turnover, self._behaviour_rng)
        member.choices = self._start_choices(member.role)
        self.branch.set_ability(post, member.ability)
        self.learners[post] = self._learner(member)

    def _start_choices(self, role):
        ch = self.sc.staff.choices
        return {"teller": ch.teller, "lobby_manager": ch.lobby_manager, "customer_manager": ch.customer_manager}[role]

    def _record(self, p, post, member, choices, policy, kpis, slip, effort, utility, quit_):
        row = {"period": p, "post": post, "person": self.person[post], "role": member.role,
               "speed": member.ability.speed, "accuracy": member.ability.accuracy, "selling": member.ability.selling}
        names = self.sc.behaviour.choices.of(member.role)
        row.update({f"choice.{n}": getattr(choices, n) for n in names})  # what they played this period (a trial)
        row.update({f"policy.{n}": getattr(policy, n) for n in names})  # where their learning has got to after it
        for prod, w in choices.push.items():
            row[f"push.{prod}"] = w
        row.update({f"kpi.{k}": v for k, v in kpis.items() if not isinstance(v, tuple)})  # numbers only
        row.update({f"pay.{k}": v for k, v in slip.by_kind().items()})
        row.update({"pay": slip.total, "held": slip.held, "effort": effort, "utility": utility, "quit": quit_})
        if post in self.foreseen:  # what they work out each habit pays (¥ a period per logit unit)
            space = self.spaces[member.role]
            row.update({f"foreseen.{n}": float(g) for (n, _), g in zip(space.dims, self.foreseen[post])})
        who = self._who(post, p)
        _finite_row(row, who)
        self.staff_rows.append(row)
        person = self.person[post]  # the post's current holder (T1, then T1.2 after a replacement)
        lines = slip.to_rows()
        for r in lines:
            _finite_row(r, f"{who}: payslip line {r.get('line', '')}")
        self.payslip_rows.extend({**r, "person": person, "post": post} for r in lines)

    def run(self, progress=None) -> "Simulation":
        while self.period < len(self.ends):
            self.step()
            if progress is not None:
                progress.update(1)
        return self

    @property
    def open_days(self) -> int:
        return sum(d.is_open for d in build_days(self.sc, self.days))


def _finite_row(row: dict, where: str) -> None:
    """Raise :class:`NonFiniteError` for the first NaN or infinite number of an output row
    (``where``: whose row and which period), so no table of a run holds one. A row lists only
    the columns that apply to its person, so a NaN here is never a column left empty."""
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise NonFiniteError(f"{where}: {key}", value, "an extreme number in the scenario let it overflow; "
                                 "look for a huge amount of money, rate or choice range in the scenario")
