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
from dataclasses import dataclass, replace

import numpy as np

from .bank import Books
from .bank.outlook import LifeTable
from .behaviour import ChoiceSpace, Learner, Tenure, labour
from .behaviour.beliefs import LoanBelief
from .behaviour.foresight import slope
from .branch import Branch, BranchPlan
from .branch.calendar import horizon_ends
from .branch.rng import Draws
from .contract import LoanOutlook, PayTerms, reads_loans
from .counts import CountOutlook, LobbyCounts, TellerCounts
from .errors import NonFiniteError
from .measure.periods import PeriodLog, period_kpis
from .pay import Fixed, PayLedger, pay_period, wage_rules
from .vocabulary import ACTIVITIES, PERIOD_MONTHS, ROLES, WORK_ACTIVITIES

#: extra random streams of the layers above the branch (the branch's own are in branch.rng)
_BANK, _BEHAVIOUR = 101, 102
#: paid days in a month of fixed pay (劳社部发〔2008〕3号: 月计薪天数 21.75), to price a day of relief
PAID_DAYS_A_MONTH = 21.75
BREAKS = ACTIVITIES[WORK_ACTIVITIES:]  # lunch, a customer manager's time outside, a machine down: time away from the post


def _stream(seed, key):
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(ss.entropy, spawn_key=tuple(ss.spawn_key) + (key,))))


@dataclass(frozen=True, slots=True)
class StaffPeriod:
    """One person's period as the ``staff_periods`` table records it: who held the post, what
    they played and where their learning got to, their indicators, payslip, effort cost and
    utility, and whether they quit at its end."""

    period: int
    post: str
    person: str  # the post's holder (T1, then T1.2 after a replacement)
    member: object  # simkit.branch.staff.Member: role and abilities
    played: object  # the choices tried this period
    policy: object  # the choices their learning has settled on after it
    kpis: dict
    slip: object  # simkit.pay.Payslip
    effort: float  # ¥ effort cost of the period
    utility: float  # pay − effort
    quit: bool


class Simulation:
    """One run of a scenario over its assessment periods: the branch, the books, pay and learning.

    ``Simulation(scenario, seed, days).run()`` steps every period (``step``); the rows it
    collects (``staff_rows``, ``bank_rows``, ``payslip_rows``) become ``simkit.Results`` tables.
    """

    def __init__(self, scenario, seed=None, days=None):
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.ends = horizon_ends(scenario.horizon, days)
        self.days = self.ends[-1]
        self.branch = Branch(BranchPlan.compile(scenario, self.days), seed=self.seed)
        self.months = (PERIOD_MONTHS[scenario.horizon.period] if scenario.horizon.periods
                       else max(1, round(self.days / 30.44)))
        self.people = {m.id: m for m in self.branch.staff}
        self.person = {m.id: m.id for m in self.branch.staff}  # post -> current person
        managers = {m.id: m.ability for m in self.branch.staff if m.role == "customer_manager"}
        self.books = Books(scenario.bank, managers, Draws(_stream(self.seed, _BANK)), self.months,
                           scenario.staff.manager_work.visit_minutes)
        self.ledger = PayLedger()
        loans = scenario.bank.loans  # what the branch's record teaches about loans (staff's shared knowledge)
        self.belief = LoanBelief(loans.pd_good, loans.pd_bad, scenario.behaviour.learning.prior_loan_years)
        self._behaviour_rng = _stream(self.seed, _BEHAVIOUR)
        learning = scenario.behaviour.learning
        self.spaces = {role: ChoiceSpace(role, scenario.behaviour.choices.of(role), list(scenario.products),
                                         learning.push, scenario.behaviour.effort_substitution, learning.scale)
                       for role in ROLES}
        self.schemes = {post: scenario.pay.of(m.role) for post, m in self.people.items()}
        self.fees = {name: product.fee for name, product in scenario.products.items()}
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
        if not self.scenario.behaviour.learning.enabled:
            return None
        return Learner(space, member.choices, self.scenario.behaviour.learning,
                       np.random.Generator(np.random.PCG64(self._behaviour_rng.integers(2**63))), self.months)

    # ------------------------------------------------------------------ one period
    def step(self) -> None:
        """One period: staff try choices, the branch runs the period's days, the books close,
        everyone is paid, and each person learns from their utility (and may quit)."""
        period = self.period
        played = self.play()
        t0 = time.perf_counter()
        log = self._run_branch(period)
        t1 = time.perf_counter()
        open_days = self._open_days(period)
        kpis, activity = period_kpis(log, list(self.people), open_days, self.fees, self.scenario.bank.refund_share)
        bank_row = self._close_books(kpis, activity)
        terms = PayTerms(self.scenario.bank, self.months, period, self.schemes, kpis, self.ledger, self.belief,
                         None, self.scenario.behaviour.learning.discount)
        slips, self.ledger = pay_period(self.schemes, kpis, period, self.ledger, 12 // self.months)
        slips = wage_rules.apply_all(slips, self.scenario.pay.rules, self.months)  # minimum wage, capped deductions
        foreseen = self._foresee(terms, played, log)
        self._pay_costs(bank_row, slips, period, self._relief_pay(kpis, open_days))
        self._people_step(period, played, kpis, slips, foreseen)
        self.timing["branch"] += t1 - t0
        self.timing["books_pay_learning"] += time.perf_counter() - t1
        self.period += 1

    def play(self) -> dict:
        """Each learner proposes this period's trial choices and the branch is told them;
        returns every post's choices for the period."""
        for post, learner in self.learners.items():
            if learner is not None:
                learner.who = self._who(post, self.period)
                self.branch.set_choices(post, learner.propose(self.people[post].choices))
        return {post: m.choices for post, m in self.people.items()}

    def _run_branch(self, period: int) -> PeriodLog:
        """Run the branch's days up to the end of ``period``; what it recorded in them."""
        log, customers = self.branch.log, self.branch.customers
        marks = len(log.rows), len(log.activity), len(customers)
        self.branch.run(until_day=self.ends[period])
        return PeriodLog(log.rows[marks[0]:], log.activity[marks[1]:], customers[marks[2]:])

    def _open_days(self, period: int) -> int:
        first = self.ends[period - 1] if period else 0
        return sum(d.is_open for d in self.branch.days[first:self.ends[period]])

    def _close_books(self, kpis: dict, activity) -> dict:
        """Close the books on the period; the customer managers' indicators join ``kpis``."""
        managers = [post for post, m in self.people.items() if m.role == "customer_manager"]
        bank_row, manager_kpis = self.books.close_period(activity, {p: self.people[p].choices for p in managers},
                                                         {p: self.people[p].ability for p in managers})
        for post, extra in manager_kpis.items():
            kpis[post].update(extra)
        self._observe_loans()
        return bank_row

    def _relief_pay(self, kpis: dict, open_days: int) -> float:
        """What the relief colleagues who covered this period's days off cost: a day of the
        holder's fixed pay (base and position) for each day covered, a month's fixed pay being
        21.75 paid days (劳社部发〔2008〕3号: 月计薪天数)."""
        rota = self.scenario.branch.rota
        if not rota.enabled:
            return 0.0
        total = 0.0
        for post, member in self.people.items():
            if rota.relief.get(member.role, False):
                fixed = sum(c.base + c.position for c in self.schemes[post].components if isinstance(c, Fixed))
                total += (open_days - kpis[post]["days_worked"]) * fixed / PAID_DAYS_A_MONTH
        return total

    def _pay_costs(self, bank_row: dict, slips: dict, period: int, relief_pay: float) -> None:
        """Pay is a cost of the bank: the period's payslips, and the relief colleagues who
        covered days off, come off its profit."""
        total_pay = sum(s.total for s in slips.values())
        bank_row["staff_pay"], bank_row["relief_pay"] = total_pay, relief_pay
        bank_row["profit"] = bank_row["profit"] - total_pay - relief_pay
        _finite_row(bank_row, f"the bank's books, period {period}")
        self.bank_rows.append(bank_row)

    def _observe_loans(self) -> None:
        seen = self.books.observed
        self.belief.observe(*seen.loans())
        self.belief.observe_overdue(seen.overdue_months, seen.cures)
        self.belief.check(f"after period {self.period}")

    def _who(self, post: str, period: int) -> str:
        """The person at ``post`` and the period, as errors name them."""
        return f"{self.people[post].role} {self.person[post]} (post {post}), period {period}"

    def _foresee(self, terms: PayTerms, played: dict, log: PeriodLog | None = None) -> dict:
        """Each customer manager's foreseen pay slope of their habits (¥ a period per logit
        unit), weighed by their role's foresight (``simkit.contract``); with
        ``learning.foresee_counts`` (and the period's ``log``), each teller's and lobby
        manager's too (``simkit.counts``); none at foresight 0 or for people who do not
        learn (unless ``measure_foresight`` is set). The unweighed slopes are kept in
        ``foreseen`` and recorded as ``foreseen.<choice>``."""
        out, self.foreseen = {}, {}
        if log is not None and self.scenario.behaviour.learning.foresee_counts:
            self._foresee_counts(terms, played, log, out)
        for post, numbers in self.books.inputs.items():  # the posts that read loan files
            role = self.people[post].role
            learner, space = self.learners.get(post), self.spaces[role]
            weight = self.scenario.behaviour.learning.foresight.of(role)
            if weight == 0.0 or (learner is None and not self.measure_foresight):
                continue
            if not reads_loans(terms.schemes[post], terms.kpis[post]):  # the same pay either side: exactly 0
                self.foreseen[post] = out[post] = np.zeros(space.size)
                continue
            if terms.table is None:  # the branch's record: one life table for all
                terms = replace(terms, table=LifeTable(terms.bank.loans, self.belief.cure()))
            out[post] = weight * self._slope(post, LoanOutlook(terms, post, numbers, played[post]), played[post],
                                             terms.period)
        return out

    def _slope(self, post: str, value, played, period: int) -> np.ndarray:
        """The unweighed foreseen slope of ``value`` at ``post``'s habits, kept in ``foreseen``."""
        learner, space = self.learners.get(post), self.spaces[self.people[post].role]
        theta = learner.theta if learner is not None else space.encode(played)
        self.foreseen[post] = slope(space, theta, played, value, self._who(post, period))
        return self.foreseen[post]

    def _foresee_counts(self, terms: PayTerms, played: dict, log: PeriodLog, out: dict) -> None:
        """Tellers' and lobby managers' foreseen slopes from their counts (``simkit.counts``) into ``out``."""
        busy, available = self._minutes(log, terms.period)
        for post, member in self.people.items():
            role, learner = member.role, self.learners.get(post)
            weight = self.scenario.behaviour.learning.foresight.of(role)
            # customer managers foresee through their loan files (LoanOutlook), not counts
            if role == "customer_manager" or weight == 0.0 or (learner is None and not self.measure_foresight):
                continue
            kpis = terms.kpis[post]
            counts = (TellerCounts(kpis, played[post], busy.get(post, 0.0), available.get(post, 0.0),
                                   self.scenario.staff.teller_work) if role == "teller"
                      else LobbyCounts(kpis, played[post]))
            out[post] = weight * self._slope(post, CountOutlook(terms, post, role, counts), played[post], terms.period)

    def _minutes(self, log: PeriodLog, period: int) -> tuple[dict, dict]:
        """({post: minutes serving}, {post: minutes at their post: open time less breaks}) in ``period``."""
        first = self.ends[period - 1] if period else 0
        open_minutes = sum(day.close - day.open for day in self.branch.days[first:self.ends[period]] if day.is_open)
        busy, away = {}, {}
        for staff, _role, what, start, end, _customer in log.activity:
            if what == "serve":
                busy[staff] = busy.get(staff, 0.0) + (end - start)
            elif what in BREAKS:
                away[staff] = away.get(staff, 0.0) + (end - start)
        return busy, {post: open_minutes - away.get(post, 0.0) for post in self.people}

    def _people_step(self, period: int, played: dict, kpis: dict, slips: dict, foreseen: dict) -> None:
        """Each person learns from their utility, is recorded, and may quit and be replaced."""
        turnover = self.scenario.behaviour.turnover
        offers = self._offers(kpis) if turnover.enabled and turnover.market.enabled else {}
        for post, member in self.people.items():
            space = self.spaces[member.role]
            effort = space.effort(played[post]) * self.months  # effort costs are ¥ a month
            utility = slips[post].total - effort
            learner = self.learners[post]
            policy = played[post]
            if learner is not None:
                learner.read(slips[post], kpis[post]["days_worked"], foreseen.get(post))
                policy = learner.mean_choices(played[post])
            quits = turnover.enabled and labour.quits(self.tenure[post], utility, member, turnover,
                                                      float(self._behaviour_rng.random()), self.months)
            self._record(StaffPeriod(period, post, self.person[post], member, played[post], policy, kpis[post],
                                     slips[post], effort, utility, quits))
            if quits:
                self._replace(post, member, offers.get(member.role))

    def _offers(self, kpis: dict) -> dict:
        """What a vacant post of each role offers applicants (``simkit.behaviour.labour``), made
        from the period just closed before anyone in it is replaced."""
        efforts = {role: self.spaces[role].effort(self._start_choices(role)) for role in ROLES}  # ¥ a month
        return labour.offers(self.people, kpis, self.scenario.pay, efforts, self.months)

    def _replace(self, post, member, offer=None):
        """A new person takes ``post``: held-back pay is forfeited, abilities come from the
        applicant who took the ``offer`` (or a draw around 1 without a labour market), and they
        start at the role's starting habits with a fresh learner."""
        self.ledger.forfeit(post)
        tenure = self.tenure[post]
        tenure.hires += 1
        tenure.below = 0
        self.person[post] = f"{post}.{tenure.hires + 1}"
        hired = labour.hire(member.ability, offer, self.scenario.behaviour.turnover, self._behaviour_rng)
        tenure.vacancies.append(hired)
        member.ability = hired.ability
        member.choices = self._start_choices(member.role)
        self.branch.set_ability(post, member.ability)
        self.learners[post] = self._learner(member)

    def _start_choices(self, role):
        return getattr(self.scenario.staff.choices, role)

    def _record(self, staff: StaffPeriod) -> None:
        """Append the person's ``staff_periods`` row and payslip lines, each checked finite."""
        who = self._who(staff.post, staff.period)
        row = staff_row(staff, self.scenario.behaviour.choices.of(staff.member.role))
        if staff.post in self.foreseen:  # what they work out each habit pays (¥ a period per logit unit)
            space = self.spaces[staff.member.role]
            row.update({f"foreseen.{n}": float(g) for (n, _), g in zip(space.dims, self.foreseen[staff.post])})
        _finite_row(row, who)
        self.staff_rows.append(row)
        lines = staff.slip.to_rows()
        for line in lines:
            _finite_row(line, f"{who}: payslip line {line.get('line', '')}")
        self.payslip_rows.extend({**line, "person": staff.person, "post": staff.post} for line in lines)

    def run(self, progress=None) -> "Simulation":
        while self.period < len(self.ends):
            self.step()
            if progress is not None:
                progress.update(1)
        return self

    @property
    def open_days(self) -> int:
        return sum(d.is_open for d in self.branch.days)


def staff_row(staff: StaffPeriod, choice_names) -> dict:
    """The ``staff_periods`` row of one person's period (``choice_names``: their role's learnable choices)."""
    member, played, policy = staff.member, staff.played, staff.policy
    row = {"period": staff.period, "post": staff.post, "person": staff.person, "role": member.role,
           "speed": member.ability.speed, "accuracy": member.ability.accuracy, "selling": member.ability.selling}
    row.update({f"choice.{n}": getattr(played, n) for n in choice_names})  # what they played this period (a trial)
    row.update({f"policy.{n}": getattr(policy, n) for n in choice_names})  # where their learning has got to after it
    for product, weight in played.push.items():
        row[f"push.{product}"] = weight
    row.update({f"kpi.{name}": v for name, v in staff.kpis.items() if not isinstance(v, tuple)})  # numbers only
    row.update({f"pay.{kind}": v for kind, v in staff.slip.by_kind().items()})
    row.update({"pay": staff.slip.total, "held": staff.slip.held, "effort": staff.effort, "utility": staff.utility,
                "quit": staff.quit})
    return row


def _finite_row(row: dict, where: str) -> None:
    """Raise ``NonFiniteError`` for the first NaN or infinite number of an output row
    (``where``: whose row and which period), so no table of a run holds one. A row lists only
    the columns that apply to its person, so a NaN here is never a column left empty."""
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise NonFiniteError(f"{where}: {key}", value, "an extreme number in the scenario let it overflow; "
                                 "look for a huge amount of money, rate or choice range in the scenario")
