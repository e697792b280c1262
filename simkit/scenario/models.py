"""The scenario schema: every knob of a branch, as strict pydantic v2 models.

A scenario is plain data. It is validated once, before any simulation starts, and is
frozen afterwards, so the SimPy loop never touches pydantic (see docs/design.md, performance
rules). Every default number carries its source in the comment beside it: a seed document
(``seed 002`` = the section ``#seed-002`` of ``docs/sources.md``), a paper, or "(default)" with the reason.

Units: time is minutes, money is yuan (¥), rates are per hour where the name says so.
"""
from __future__ import annotations

import datetime
import math
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import limits  # the upper bounds, each with its reason
from ..pay.schemes import PayScheme  # pure data and arithmetic, no simkit imports: safe below scenario
from ..pay.wage_rules import WageRules  # the minimum wage and the cap on deductions
from ..vocabulary import (
    CHANNELS,
    COMM_TYPES,
    OWN_TICKETS,
    PERIOD_MONTHS,
    PERIODS,
    ROLES,
    SEGMENTS,
    TICKET_CLASSES,
    WINDOW_TYPES,
)
from .clock import clock_to_minutes
from .consistency import check_consistency

Prob = Annotated[float, Field(ge=0.0, le=1.0)]
PosFloat = Annotated[float, Field(gt=0.0)]
NonNegFloat = Annotated[float, Field(ge=0.0)]
NonNegInt = Annotated[int, Field(ge=0)]
PosInt = Annotated[int, Field(gt=0)]
DayFactor = Annotated[float, Field(ge=limits.MIN_DAY_FACTOR, le=limits.MAX_DAY_FACTOR)]  # bounds: limits.MIN/MAX_DAY_FACTOR
# bounded kinds of number; each bound and its reason is in limits.py
Yuan = Annotated[float, Field(ge=0.0, le=limits.MAX_PAY_YUAN)]  # ¥ of pay, a fee or an effort cost
Balance = Annotated[float, Field(ge=0.0, le=limits.MAX_BALANCE_YUAN)]  # ¥ of a book, a balance or a cost
PosBalance = Annotated[float, Field(gt=0.0, le=limits.MAX_BALANCE_YUAN)]
Factor = Annotated[float, Field(gt=0.0, le=limits.MAX_FACTOR)]  # multiplies a default
NonNegFactor = Annotated[float, Field(ge=0.0, le=limits.MAX_FACTOR)]
Minutes = Annotated[float, Field(gt=0.0, le=limits.MAX_TASK_MINUTES)]  # one task's duration
Logit = Annotated[float, Field(ge=0.0, le=limits.MAX_LOGIT)]  # a logistic coefficient
Penalty = Annotated[float, Field(ge=0.0, le=limits.SATISFACTION_SCALE)]  # points on the 0..10 scale
Score = Annotated[float, Field(ge=0.0, le=limits.SATISFACTION_SCALE)]
Weight = Annotated[float, Field(gt=0.0, le=limits.MAX_WEIGHT)]  # a relative weight
Name = Annotated[str, Field(max_length=limits.MAX_NAME_CHARS)]  # a name, label or id
Crowd = Annotated[int, Field(gt=0, le=limits.MAX_QUEUE)]  # people in a queue or a patrol


def _upto(hi: int):
    """A count from 0 to ``hi`` (the bounds and their reasons are in ``.limits``)."""
    return Annotated[int, Field(ge=0, le=hi)]


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are errors, values are never coerced
    from strings, NaN and infinity are refused, and objects are immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class ByRole(Strict):
    """Base of a section with one field per role (``teller``, ``lobby_manager``,
    ``customer_manager``): ``section.of(role)`` is that role's value."""

    def of(self, role: str):
        return getattr(self, role)


class Dist(Strict):
    """A positive random duration (minutes) by its mean and coefficient of variation.

    ``lognormal`` is the usual shape of human service times (Brown et al. 2005, "Statistical
    analysis of a telephone call center", JASA 100:36-50); ``exponential`` is what queueing
    formulas assume; ``deterministic`` is for teaching.
    """

    dist: Literal["exponential", "lognormal", "gamma", "deterministic"] = "lognormal"
    mean: Minutes
    cv: NonNegFloat = 0.6  # (default) Brown et al. 2005 report service-time CVs near 1 for calls; counter work is more routine

    @field_validator("cv")
    @classmethod
    def _cv_bound(cls, cv: float, info):
        """The largest cv depends on the distribution (limits.MAX_CV, limits.MAX_GAMMA_CV)."""
        if info.data.get("dist") == "gamma" and cv > limits.MAX_GAMMA_CV:
            raise ValueError(f"too large for a gamma distribution: its sampler (Wilson-Hilferty) is accurate only "
                             f"for shape 1/cv² >= 0.5; allowed: cv <= {limits.MAX_GAMMA_CV:.4g} (√2), or dist: lognormal "
                             f"for cv up to {limits.MAX_CV:g}")
        if cv > limits.MAX_CV:
            raise ValueError(f"too large; allowed: a cv between 0 and {limits.MAX_CV:g} (at cv {limits.MAX_CV:g} a "
                             f"lognormal's median is already a fifth of its mean)")
        return cv

    @model_validator(mode="after")
    def _cv_fits(self):
        if self.dist in ("lognormal", "gamma") and self.cv == 0.0:
            raise ValueError(f"cv must be > 0 for a {self.dist} distribution; use dist: deterministic for a fixed time")
        return self


# ----------------------------------------------------------------------------- branch
class Lunch(Strict):
    """Rotating lunch breaks: staff are split into ``groups`` that go one after another,
    and the order rotates every day so nobody always eats last."""

    enabled: bool = True
    # (default) Chinese branches stay open at noon and rotate lunch (seed 002: tellers "run even to the toilet")
    start: str = "11:30"
    # (default) a short rotated lunch; the counter must stay open
    minutes: Annotated[int, Field(gt=0, le=int(limits.MAX_TASK_MINUTES))] = 40
    groups: Annotated[int, Field(gt=0, le=limits.MAX_TELLERS)] = 2  # (default) half the windows close at a time

    @field_validator("start")
    @classmethod
    def _clock(cls, v: str) -> str:
        clock_to_minutes(v)
        return v


class Rota(Strict):
    """Who works which day (排班): everyone works five days and has ``days_off`` consecutive days
    off a week, staggered so that colleagues are off on different days, while the branch opens
    every day its calendar opens. On a person's day off a relief colleague from the branch's pool
    staffs their post where ``relief`` says so for their role; elsewhere the post closes for the
    day and colleagues take its customers."""

    enabled: bool = False  # off by default: every person works every open day
    # the 40-hour, five-day week (国务院《关于职工工作时间的规定》1995, art. 3 and 7); 30.4 × 5/7
    # = 21.7 working days a month against the official 20.83 (劳社部发〔2008〕3号: 250 working
    # days a year, public holidays and leave included, which this rota leaves out)
    days_off: Annotated[int, Field(ge=1, le=6)] = 2
    # (default) a relief teller or lobby manager covers, because a window closed for a day would
    # push a branch near 80 % load into long queues and the lobby is the customers' first stop;
    # a customer manager's walk-in clients go to a colleague's desk
    relief: dict[Literal[ROLES], bool] = Field(
        default_factory=lambda: {"teller": True, "lobby_manager": True, "customer_manager": False})

    @field_validator("relief")
    @classmethod
    def _no_manager_relief(cls, v):
        if v.get("customer_manager"):
            raise ValueError("a relief customer manager is not modelled (a manager's clients and loan files are "
                             "their own book); allowed: customer_manager: false")
        return v


class SelfService(Strict):
    """Self-service machines (自助设备): ATMs and kiosks, which fail and get repaired."""

    machines: _upto(limits.MAX_MACHINES) = 3  # (default) a mid-size branch's self-service area
    # (default) about one failure per machine every two days of opening
    mtbf_minutes: Annotated[float, Field(ge=limits.MIN_MTBF_MINUTES, le=limits.MAX_MTBF_MINUTES)] = 900.0
    # (default) a technician or the cash-in-transit team within the hour
    mttr_minutes: Annotated[float, Field(gt=0.0, le=limits.MAX_REPAIR_MINUTES)] = 45.0


class SecondTriage(Strict):
    """二次分流: the lobby manager walks the queue and moves people to machines when it grows."""

    enabled: bool = True
    threshold: Crowd = 8  # (default) a waiting area of ~20 seats looks crowded at 8 in one queue
    # (default) a patrol every ten minutes (seed 004: 大堂经理应主动巡视)
    check_every: Annotated[float, Field(ge=limits.MIN_PATROL_MINUTES, le=limits.MAX_TASK_MINUTES)] = 10.0
    minutes: Minutes = 3.0  # (default) time to walk the queue and talk to a few customers
    max_moves: Crowd = 4  # (default) how many people one patrol can talk to


class Layout(Strict):
    """The branch's layout and hours (``branch:``): windows of each type and the ticket classes
    each calls, lobby and customer managers, self-service machines, lunch and queue patrols."""

    open: str = "09:00"  # (default) usual Chinese retail branch hours 9:00-17:00
    close: str = "17:00"
    windows: dict[Literal[WINDOW_TYPES], _upto(limits.MAX_WINDOWS)] = Field(
        default_factory=lambda: {"ordinary": 3, "vip": 1, "corporate": 1})  # (default) a mid-size branch
    # seed 004: VIP window serves VIPs first, then others when idle
    calling: dict[Literal[WINDOW_TYPES], list[Literal[TICKET_CLASSES]]] = Field(
        default_factory=lambda: {"ordinary": ["green", "ordinary"],
                                 "vip": ["vip", "green", "ordinary"],
                                 "corporate": ["corporate", "ordinary"]})
    lobby_managers: _upto(limits.MAX_LOBBY_MANAGERS) = 1  # seed 004: one full-time lobby manager in a large, busy branch
    customer_managers: _upto(limits.MAX_CUSTOMER_MANAGERS) = 2  # (default) one retail and one wealth/credit customer manager
    self_service: SelfService = Field(default_factory=SelfService)
    lunch: Lunch = Field(default_factory=Lunch)
    rota: Rota = Field(default_factory=Rota)
    second_triage: SecondTriage = Field(default_factory=SecondTriage)
    green_channel: bool = True  # seed 004: elderly / urgent customers get the green channel
    vip_lounge: bool = True  # seed 004: VIPs wait in the lounge (more patient, never balk: default)

    @field_validator("open", "close")
    @classmethod
    def _clock(cls, v: str) -> str:
        clock_to_minutes(v)
        return v

    @field_validator("calling")
    @classmethod
    def _nonempty_rules(cls, v):
        for w, rule in v.items():
            if not rule:
                raise ValueError(f"calling rule for {w!r} windows is empty; list the ticket classes it calls, e.g. [ordinary]")
            if len(set(rule)) != len(rule):
                raise ValueError(f"calling rule for {w!r} windows names a ticket class twice: {rule}")
        return v

    @model_validator(mode="after")
    def _hours(self):
        if clock_to_minutes(self.open) >= clock_to_minutes(self.close):
            raise ValueError(f"open ({self.open}) must be before close ({self.close})")
        for w, n in self.windows.items():
            if n > 0 and w not in self.calling:
                raise ValueError(f"windows.{w} has {n} windows but calling.{w} gives no calling rule")
        return self

    @property
    def open_minute(self) -> int:
        return clock_to_minutes(self.open)

    @property
    def close_minute(self) -> int:
        return clock_to_minutes(self.close)


# -------------------------------------------------------------------------- arrivals
class MonthEnd(Strict):
    """The month-end rush: on the last ``last_days`` days of a month, arrival rates are multiplied by ``factor``."""

    last_days: _upto(31) = 3  # seed 000: month-end is the worst ("ants on a hot pan"); 31: a whole month
    factor: DayFactor = 1.6  # (default) month-end volume 60 % above a normal day


class Arrivals(Strict):
    """Non-homogeneous Poisson arrivals: a rate per clock hour, scaled per day."""

    hourly: dict[int, NonNegFloat] | Annotated[float, Field(ge=limits.MIN_HOURLY_RATE)] = Field(default_factory=lambda: {
        9: 70.0, 10: 62.0, 11: 55.0, 12: 42.0, 13: 45.0, 14: 52.0, 15: 58.0, 16: 48.0})
    # (default) customers per hour: opening rush, lunch dip, afternoon peak (docs/domain.md §2.1);
    # ~430 a day puts a 5-window branch near 80 % load, the seeds' "always a queue".
    # A single number means the same rate in every opening hour (textbook queues).
    weekday: list[DayFactor] = Field(default_factory=lambda: [1.1, 1.0, 1.0, 1.0, 1.05, 0.8, 0.7])
    # (default) Monday backlog, quieter weekends (Chinese branches open 7 days)
    day_of_month: dict[int, DayFactor] = Field(default_factory=lambda: {1: 1.15, 10: 1.2, 15: 1.2})
    # (default) 1st and pay days (10th, 15th) busier (the seeds name month-end only: seed 000)
    month_end: MonthEnd = Field(default_factory=MonthEnd)
    closed_weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(default_factory=list)
    # (stated reason) off: today's results stay as they are (one shared stream for customers). On, the
    # k-th customer's segment, need, communication type, patience and work content are keyed by
    # (seed, k) (simkit.branch.rng.AlignedCustomers), so two schemes run on one seed meet the same
    # customers however far their queues drift apart: common random numbers for comparisons
    aligned: bool = False

    @field_validator("hourly")
    @classmethod
    def _hours_ok(cls, v):
        if not isinstance(v, dict):
            return v
        bad = [h for h in v if not 0 <= h <= 23]
        if bad:
            raise ValueError(f"hours {bad} are not clock hours; allowed: 0 to 23")
        if v and max(v.values()) <= 0.0:
            raise ValueError("every hourly rate is 0: no customer would ever arrive")
        tiny = sorted(h for h, rate in v.items() if 0.0 < rate < limits.MIN_HOURLY_RATE)
        if tiny:
            raise ValueError(f"the rates for hours {tiny} are above 0 but below {limits.MIN_HOURLY_RATE:g} customers an "
                             f"hour (nobody in 30 years); allowed: 0, or at least {limits.MIN_HOURLY_RATE:g}")
        return v

    @field_validator("weekday")
    @classmethod
    def _seven(cls, v):
        if len(v) != 7:
            raise ValueError(f"weekday needs 7 factors (Monday..Sunday), got {len(v)}")
        return v

    @field_validator("day_of_month")
    @classmethod
    def _dom(cls, v):
        bad = [d for d in v if not 1 <= d <= 31]
        if bad:
            raise ValueError(f"days {bad} are not days of a month; allowed: 1 to 31")
        return v


# ------------------------------------------------------------------------- customers
class Segment(Strict):
    """One customer segment: its share of arrivals, what it comes for (``needs``, shares summing to 1),
    the ticket it takes, and how it reacts to machines, queues and pitches (factor 1 = the average customer)."""

    share: Prob
    needs: dict[Name, Prob]  # need name -> share of this segment's visits; must sum to 1
    ticket: Literal[OWN_TICKETS] = "ordinary"  # the ticket they take by themselves
    accepts_self_service: Prob = 0.6  # (default) share who agree when offered a machine
    self_service_unprompted: Prob = 0.25  # (default) share who go to a machine on their own
    self_service_failure: Prob = 0.05  # (default) share who cannot finish at a machine
    patience_factor: Factor = 1.0
    balking_factor: NonNegFactor = 1.0
    complaint_factor: Factor = 1.0
    pitch_receptive: Prob = 0.1  # (default) chance a pitch sells, before the seller's skill
    balance_mean: Balance = 50_000.0  # ¥ held at the bank, mean of a Pareto draw
    hidden: bool = False  # looks like a mass customer until a lobby manager spots them

    @field_validator("needs")
    @classmethod
    def _sum_one(cls, v):
        total = sum(v.values())
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"need shares sum to {total:.6g}; they must sum to 1")
        return v


class CommType(Strict):
    """Four communication types from the training syllabus (seed 002)."""

    share: Prob
    patience: Factor = 1.0
    complaint: Factor = 1.0
    balking: NonNegFactor = 1.0


def _default_comm() -> dict[str, CommType]:
    # (default) seed 002 names the four types; the factors encode its descriptions:
    # forceful = impatient and quick to complain, peaceful = patient and quiet.
    return {
        "lively": CommType(share=0.3, patience=0.9, complaint=1.0, balking=1.1),
        "forceful": CommType(share=0.2, patience=0.7, complaint=1.8, balking=1.3),
        "analytical": CommType(share=0.25, patience=1.1, complaint=1.1, balking=0.9),
        "peaceful": CommType(share=0.25, patience=1.3, complaint=0.5, balking=0.7),
    }


class Patience(Strict):
    """Reneging: each waiting customer gives up after their patience runs out.

    ``exponential`` is the Erlang-A assumption (Garnett, Mandelbaum & Reiman 2002, MSOM
    4:208-227) used to check the model against theory; ``lognormal`` (the baseline) has
    few people leaving in the first minutes, as in bank queues with a ticket in hand.
    """

    enabled: bool = True
    dist: Literal["exponential", "lognormal"] = "lognormal"
    mean_minutes: Minutes = 40.0  # (default) seed 002's complaint case is a customer who waited "too long"; most wait 30+ min
    # (default) lognormal spread: half of customers between ~26 and ~50 minutes
    cv: Annotated[float, Field(gt=0.0, le=limits.MAX_CV)] = 0.6


class Balking(Strict):
    """A customer who sees ``n`` people ahead balks with probability
    ``min(1, per_person * max(0, n - free_below))`` times their factors."""

    enabled: bool = True
    free_below: Annotated[int, Field(ge=0, le=limits.MAX_QUEUE)] = 6  # (default) a short queue deters nobody
    per_person: Prob = 0.03  # (default) each further person adds 3 % (Maister 1985: visible queues deter)


class Complaints(Strict):
    """Complaint probability at departure, a logistic function of the experience."""

    # (default) ~0.7 % of uneventful visits end in a complaint
    base_logit: Annotated[float, Field(ge=-limits.MAX_LOGIT, le=limits.MAX_LOGIT)] = -5.0
    per_wait_minute: Logit = 0.06  # (default) seed 002 case 3: long waits are the standard complaint
    per_error: Logit = 2.5  # (default) a teller's error is the other classic cause (seed 002)
    per_annoyance: Logit = 1.5  # (default) pushy selling annoys (docs/domain.md §2.5)
    reneged: Logit = 1.5  # (default) giving up after a wait makes complaint likelier
    # Of the customers who voice dissatisfaction (the chance above), the share who make it a
    # formal complaint (投诉: logged as ``complaint``, counted by the ``complaints`` indicator
    # that complaint fines read and by the bank); the rest grumble on the spot (抱怨: logged as
    # ``grumble``, counted as ``grumbles``). Either way the customer counts as mistreated
    # (churn). (stated reason for the default) 1: every voiced dissatisfaction is a complaint,
    # the count every stored result uses; formal complaints are far rarer in the field
    # (the levels table, docs/levels.md), so a calibrated share is well below 1.
    formal_share: Prob = 1.0


class Churn(Strict):
    """Mistreated high-value customers move money away (seed 001: a VIP moved ¥20M)."""

    enabled: bool = True
    satisfaction_below: Score = 5.0  # on the 0..10 satisfaction scale
    # (default) chance an unhappy wealthy customer moves money after a bad visit. At 0.01 the
    # baseline branch loses about 3 % of its deposits a year to poor service: a third of the
    # 9.6 % yearly attrition, from all causes, in J.D. Power's 2012 US Retail Banking
    # Satisfaction Study (death, moving and life events are bank.deposits.attrition). At 0.05
    # the branch would lose about 17 % a year and its deposits would halve in two years.
    probability: Prob = 0.01
    share_moved: Prob = 0.5  # (default) they move half of what they hold
    segments: list[Literal[SEGMENTS]] = Field(
        default_factory=lambda: ["vip", "potential_hv", "corporate"])  # who holds enough to matter


class Satisfaction(Strict):
    """Satisfaction at departure on a 0..10 scale: ``start`` minus penalties, clipped."""

    start: Score = 8.0  # (default) an uneventful visit is "good", not perfect
    per_wait_minute: Penalty = 0.08  # (default) a 25-minute wait costs 2 points (Maister 1985: waits feel longer than they are)
    per_error: Penalty = 2.5  # (default) an error costs more than a long wait
    annoyed: Penalty = 1.5
    left_unserved: Penalty = 3.0  # balked or reneged


class Customers(Strict):
    """Who comes (``customers:``): segments and communication types, each with shares summing to 1,
    and how customers lose patience, balk, complain, move money away and rate their visit."""

    segments: dict[Literal[SEGMENTS], Segment]
    comm_types: dict[Literal[COMM_TYPES], CommType] = Field(default_factory=_default_comm)
    patience: Patience = Field(default_factory=Patience)
    balking: Balking = Field(default_factory=Balking)
    complaints: Complaints = Field(default_factory=Complaints)
    churn: Churn = Field(default_factory=Churn)
    satisfaction: Satisfaction = Field(default_factory=Satisfaction)
    return_after_error: Prob = 0.3  # (default) seed 000: "wrote the wrong date, had to come back next day"

    @field_validator("segments", "comm_types")
    @classmethod
    def _shares(cls, v):
        if not v:
            raise ValueError("at least one entry is needed")
        total = sum(s.share for s in v.values())
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"shares sum to {total:.6g}; they must sum to 1")
        return v


# ----------------------------------------------------------------------------- needs
class Need(Strict):
    """What a customer came for: where it can be done and how long it takes there."""

    channels: dict[Literal[CHANNELS], Dist]
    cross_sell: bool = False  # a teller may pitch a product during this service
    label_zh: Name = ""
    # share of first visits for this need made without the ID card the counter must check (cash of
    # ¥50,000 or more: docs/processes.md#practice-cases); the teller turns them away. (default) 0: off
    without_id: Prob = 0.0

    @field_validator("channels")
    @classmethod
    def _some(cls, v):
        if not v:
            raise ValueError("a need must list at least one channel")
        return v


# ------------------------------------------------------------------------- products
class Product(Strict):
    """A product staff can sell: the bank's fee per sale and how often it is pitched when the seller has no preference."""

    fee: Yuan  # ¥ fee income to the bank per sale
    weight: Weight = 1.0  # how often it is pitched when the seller has no preference
    label_zh: Name = ""


# ----------------------------------------------------------------------------- staff
class TellerChoices(Strict):
    """What a teller decides: how fast to work, how carefully to check, how often to pitch, which products."""

    pace: Annotated[float, Field(ge=0.5, le=2.0)] = 1.0  # 1 = normal speed; 1.25 = 25 % faster
    pitch: Prob = 0.1  # share of eligible services with a cross-sell pitch
    # share of a full check done on each transaction (re-count the cash, re-read the voucher against
    # the screen): adds ``teller_work.check_minutes`` and prevents ``teller_work.care_error_cut`` of the
    # errors at 1. (default) 0: no check beyond the work itself (results as in a model without care)
    care: Prob = 0.0
    push: dict[Name, Weight] = Field(default_factory=dict)  # product -> relative push; empty = the products' own weights


class LobbyChoices(Strict):
    """What a lobby manager decides: how often to offer a machine, how hard to look for hidden
    high-value customers, how much free time to spend selling, and which products to push."""

    diversion: Prob = 0.7  # how often an eligible customer is offered a machine
    referral: Prob = 0.5  # how hard they look for hidden high-value customers
    selling: Prob = 0.1  # share of free time spent selling to waiting customers
    # share of the customers they send to the machines whom they stay to teach (客户教育,
    # ``staff.lobby_work.education``). (default) 0: nobody taught (results as in a model without it)
    education: Prob = 0.0
    # share of the complaints, made while they are free, that they take up (投诉处理,
    # ``staff.lobby_work.complaint_handling``). (default) 0: complaints left alone (as without it)
    handling: Prob = 0.0
    # share of the customers about to give up waiting, met while they are free, whom they try to keep
    # (挽留客户, ``staff.lobby_work.retention``). (default) 0: nobody kept (as without it)
    retention: Prob = 0.0
    push: dict[Name, Weight] = Field(default_factory=dict)


class ManagerChoices(Strict):
    """What a customer manager decides: time prospecting outside, pitching at the desk, and how
    deeply to investigate, how strictly to approve and how closely to monitor loans."""

    outside: Prob = 0.3  # share of the opening day spent prospecting outside
    pitch: Prob = 0.5  # share of desk customers offered a product
    screening: Prob = 0.6  # depth of credit investigation (seed 003); lengthens a loan interview
    strictness: Prob = 0.5  # refuse when the chance the borrower is bad, given the file, exceeds 1 - strictness
    monitoring: Prob = 0.5  # post-loan checks and recovery effort (seed 002: 贷款资金的使用监控; seed 001: 清收)
    push: dict[Name, Weight] = Field(default_factory=dict)


class Choices(Strict):
    """Each role's starting choices (``staff.choices``); a person listed under ``staff`` may give their own."""

    teller: TellerChoices = Field(default_factory=TellerChoices)
    lobby_manager: LobbyChoices = Field(default_factory=LobbyChoices)
    customer_manager: ManagerChoices = Field(default_factory=ManagerChoices)


class Ability(Strict):
    """Personal differences: 1 = an average member of staff."""

    speed: Annotated[float, Field(ge=limits.MIN_ABILITY, le=limits.MAX_FACTOR)] = 1.0
    accuracy: Annotated[float, Field(ge=limits.MIN_ABILITY, le=limits.MAX_FACTOR)] = 1.0
    selling: Annotated[float, Field(ge=limits.MIN_ABILITY, le=limits.MAX_FACTOR)] = 1.0
    # ¥ of deposits a month brought by relatives and old classmates (seeds: 唯存款论 rewards connections)
    connections: Balance = 0.0
    # inherited client portfolio, in multiples of the bank's mean portfolio (seed 001: 700 clients handed over)
    portfolio: Annotated[float, Field(ge=0.0, le=limits.MAX_PORTFOLIO_MULTIPLE)] = 1.0


class Person(Strict):
    """One named member of staff: their ability and, optionally, their own choices instead of their role's."""

    id: Name
    ability: Ability = Field(default_factory=Ability)
    choices: TellerChoices | LobbyChoices | ManagerChoices | None = None


class TellerWork(Strict):
    """How teller work goes: the error rate and how it grows with pace, the time to redo an error
    or make a pitch, what checking costs in minutes and saves in errors (``care``), and the share
    of pitched customers annoyed."""

    error_prob: Prob = 0.02  # (default) 2 % of transactions produce an error slip (后督) at normal pace
    # (default) errors grow with pace^2: seed 002 "don't seek speed, seek accuracy"
    pace_error_elasticity: Annotated[float, Field(ge=0.0, le=limits.MAX_PACE_ERROR_ELASTICITY)] = 2.0
    rework: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=4.0, cv=0.5))  # (default) recount and re-key
    # (default) minutes a full check adds to a transaction. Seed 002: cash is counted at 5 minutes
    # for 10 bundles of 100 notes (30 s a bundle) and always run through the counting machine once
    # more ("一定要过数钞点钞机 ... 再复核一遍钱的数字"), and each voucher (凭证) is re-read against
    # the screen: about half a minute each for an ordinary transaction, 1 minute in all
    check_minutes: Annotated[float, Field(ge=0.0, le=limits.MAX_CHECK_MINUTES)] = 1.0
    # (default, stated reason) share of errors a full check prevents: a second reading catches most
    # keying slips and the machine recount most miscounts; human-reliability tables put a checker's
    # miss rate on routine written work near one in ten (Swain & Guttmann 1983, NUREG/CR-1278), and a
    # teller checking their own work misses more than an independent checker, so 0.8
    care_error_cut: Prob = 0.8
    pitch: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=3.5, cv=0.5))
    # (default) introducing a product at the counter — the pitch, a brochure, for funds and wealth
    # products the risk questionnaire regulators require — takes a few minutes
    annoy_prob: Prob = 0.15  # (default) share of pitched customers annoyed


class Education(Strict):
    """客户教育 (customer education, seed 002's syllabus: 「客户教育流程、步骤、标准」): the lobby manager
    walks a customer they send to the machines through the transaction there. How many they teach is
    their habit ``staff.choices.lobby_manager.education``; this block says what a teaching costs and
    brings, and whether customers sent to the machines come back for a later visit, where what they
    learned shows. Off by default: no later visits, and a habit of 0 teaches nobody (docs/processes.md)."""

    # (default) off: the model's customers are fresh draws and only an error brings one back, so a
    # branch without this block runs exactly as before
    enabled: bool = False
    # (default, stated reason) one guided transaction at the machine: the lobby manager shows the
    # menu, the card and the receipt while the customer keys in their own business (a query, a bill,
    # a small withdrawal: seed 004's diverted business), about as long as that business at the counter
    teach: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=5.0, cv=0.5))
    # (default, stated reason) a taught customer closes half the gap to always using a machine: not
    # knowing the steps, which one guided transaction removes, is one of about two usual obstacles,
    # the other (preferring a person, distrust of machines) stays
    uptake: Prob = 0.5
    # (default, stated reason) a customer sent to the machines comes back with the same business this
    # many days later (the next open day at the same clock time if the branch is shut): routine retail
    # business (bills, pensions, salaries) comes round monthly
    revisit_days: Annotated[int, Field(ge=1, le=limits.MAX_DAYS)] = 30


class ComplaintHandling(Strict):
    """投诉处理 (complaint handling, seed 002: 受理→安抚→收集信息→提出建议→达成共识→确认满意→回馈跟踪): a
    lobby manager who is free when a customer complains may take the complaint up. How often they do
    is their habit ``staff.choices.lobby_manager.handling``; this block says what a handling costs and
    brings, and what one taken up without calming the customer first costs (``churn_rise``,
    ``repeat_rise``). Off by default: a branch without this block runs exactly as before (docs/processes.md)."""

    # (default) off: complaints are left alone, and churn is decided at the departure as before
    enabled: bool = False
    # (default, stated reason) the syllabus's seven steps on the floor, accept, calm, gather the
    # facts, propose, agree, confirm (the follow-up call comes later, off the floor), a minute or two each
    handle: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=10.0, cv=0.5))
    # (default, stated reason) share of a complainant's chance to move money away that a handled
    # complaint removes: settling the grievance on the spot answers this visit's cause, not the
    # causes that came before it, so half
    churn_cut: Prob = 0.5
    # (default, stated reason) share of the chance to complain on later visits that a handled
    # complaint removes: the customer has been heard and told what will change; half, as churn_cut
    repeat_cut: Prob = 0.5
    # (default, stated reason) a complaint taken up without calming the customer first (the facts asked
    # before the customer is heard: the syllabus's 安抚 skipped) raises the complainant's chance to move
    # money away by this share of it: the handling becomes a second grievance on top of the first (the
    # "double deviation" of a failed recovery: Bitner, Booms & Tetreault 1990, J. Marketing 54:71-84);
    # as large as the cut that calming first brings, so half
    churn_rise: Annotated[float, Field(ge=0.0, le=limits.MAX_FACTOR)] = 0.5
    # (default, stated reason) likewise for the chance to complain on later visits, as churn_rise
    repeat_rise: Annotated[float, Field(ge=0.0, le=limits.MAX_FACTOR)] = 0.5


class Retention(Strict):
    """挽留客户 (customer retention, seed 002's syllabus: 「挽留客户流程、步骤、标准」): a lobby manager who is
    free when a waiting customer gets up to give up may try to keep them. How often they try is their
    habit ``staff.choices.lobby_manager.retention``; this block says what a try costs and brings. Off
    by default: a branch without this block runs exactly as before (docs/processes.md)."""

    # (default) off: a customer whose patience runs out leaves as before
    enabled: bool = False
    # (default, stated reason) a few sentences at the customer's seat: an apology, where they stand in
    # the queue and about how long is left, a seat or water, the machines or a booking for business that
    # can go there; shorter than a complaint's seven steps
    retain: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=3.0, cv=0.5))
    # (default, stated reason) chance a customer the lobby manager tries to keep agrees to wait on: of
    # the two usual reasons to give up, not knowing how long is left (which the lobby manager's estimate
    # answers) and having no more time (which it cannot), neither is known to be the commoner, so half
    stay: Prob = 0.5
    # (default, stated reason) a customer who agrees waits on for this share of their patience before
    # they give up for good: told how long is left, they give the wait a second chance, not a full one
    more_patience: Annotated[float, Field(gt=0.0, le=limits.MAX_FACTOR)] = 0.5


class LobbyWork(Strict):
    """How lobby work goes: greeting and triage time, the chance of spotting a hidden high-value
    customer, same-day referrals, selling to customers in the waiting area, teaching customers
    the machines (``education``), taking up complaints (``complaint_handling``) and keeping customers
    about to give up waiting (``retention``)."""

    triage: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=1.0, cv=0.5))  # (default) greet, ask, print a ticket
    spot_prob: Prob = 0.6  # (default) chance a hidden high-value customer is recognised at full referral zeal
    referral_visit: Prob = 0.5  # (default) share of referred customers who see a customer manager the same day
    sell: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=4.0, cv=0.5))  # (default) a talk in the waiting area
    # (default) minutes between selling rounds at full selling zeal
    sell_gap: Annotated[float, Field(ge=limits.MIN_SELL_GAP_MINUTES, le=limits.MAX_TASK_MINUTES)] = 6.0
    annoy_prob: Prob = 0.2  # (default) being approached while waiting annoys a few more than at the counter
    education: Education = Field(default_factory=Education)
    complaint_handling: ComplaintHandling = Field(default_factory=ComplaintHandling)
    retention: Retention = Field(default_factory=Retention)


class ManagerWork(Strict):
    """How customer managers' work goes: prospecting visits outside (start, length, success, what a
    new client brings), a referral's first talk, booked appointments, and the share of pitches that annoy."""

    outside_start: str = "14:00"  # (default) visits in the afternoon after the morning rush
    # seed 002: up to 9 cold visits a day
    visit_minutes: Annotated[float, Field(ge=limits.MIN_VISIT_MINUTES, le=limits.MAX_TASK_MINUTES)] = 45.0
    visit_success: Prob = 0.05  # seed 002: cold visits have a low success rate
    # (default) ¥ a new client brings, mean of a (capped) Pareto draw: a mid-tier retail client; prospecting at the default share
    # adds about 13 % a year to a manager's book (30 % growth against 17 % without it; deposit-only, 24 months, 2 seeds)
    prospect_balance_mean: PosBalance = 100_000.0
    referral: Dist = Field(default_factory=lambda: Dist(dist="lognormal", mean=15.0, cv=0.5))  # (default) a first talk
    appointment_share: Prob = 0.3  # (default) share of desk customers who booked ahead and are called first
    annoy_prob: Prob = 0.05  # (default) a pitch at the desk is expected, rarely annoying

    @field_validator("outside_start")
    @classmethod
    def _clock(cls, v: str) -> str:
        clock_to_minutes(v)
        return v


class Staff(Strict):
    """The staff (``staff:``): each role's starting choices, optional named people with their own
    ability or choices, and how each role's work goes."""

    choices: Choices = Field(default_factory=Choices)
    # optional per-person ability / choices; never more people than posts (limits.py)
    tellers: list[Person] = Field(default_factory=list, max_length=limits.MAX_TELLERS)
    lobby_managers: list[Person] = Field(default_factory=list, max_length=limits.MAX_LOBBY_MANAGERS)
    customer_managers: list[Person] = Field(default_factory=list, max_length=limits.MAX_CUSTOMER_MANAGERS)
    teller_work: TellerWork = Field(default_factory=TellerWork)
    lobby_work: LobbyWork = Field(default_factory=LobbyWork)
    manager_work: ManagerWork = Field(default_factory=ManagerWork)


# --------------------------------------------------------------------------- horizon


class Horizon(Strict):
    """How long to simulate. ``days`` alone runs one stretch of days; ``periods`` runs that
    many assessment periods (calendar months, quarters, ...) with pay and learning between
    them, and then ``days`` is derived from the calendar."""

    days: Annotated[int, Field(ge=1, le=limits.MAX_DAYS)] = 7  # bound: limits.MAX_YEARS
    start_date: str = "2026-11-02"  # (default) a Monday, so weekday effects start at the week's start
    period: Literal[PERIODS] = "month"  # seed 001: monthly advances, half-yearly settlement
    periods: Annotated[int, Field(ge=1, le=limits.MAX_MONTHS)] | None = None  # bound: limits.MAX_YEARS of periods

    @field_validator("start_date")
    @classmethod
    def _iso(cls, v):
        try:
            datetime.date.fromisoformat(v)
        except ValueError:
            raise ValueError(f"{v!r} is not a date; allowed: YYYY-MM-DD") from None
        return v

    @field_validator("periods")
    @classmethod
    def _span(cls, v, info):
        step = PERIOD_MONTHS.get(info.data.get("period"), 1)
        if v is not None and v * step > limits.MAX_MONTHS:
            raise ValueError(f"{v:,} periods of {step} months is more than {limits.MAX_YEARS} years; allowed: at most "
                             f"{limits.MAX_MONTHS // step} {info.data.get('period')} periods")
        return v

    @model_validator(mode="after")
    def _ends_in_calendar(self):
        start = datetime.date.fromisoformat(self.start_date)
        span = self.days if self.periods is None else self.periods * PERIOD_MONTHS[self.period] * 31
        if (datetime.date.max - start).days < span:  # the calendar (datetime) ends on 9999-12-31
            raise ValueError(f"a horizon from {self.start_date} would run past 9999-12-31; allowed: a start_date "
                             "that leaves room for the horizon, e.g. 2026-01-01")
        return self


class LoanDemand(Strict):
    """Loan demand that answers the customer manager (``bank.loans.demand``; docs/loans.md).

    Off, the files are the branch's walk-ins plus the leads of outside visits, whatever the
    manager does. On, *marginal* applicants come on top: each month ``marginal_pool`` times the
    manager's reputation, a smoothed average of the share of their files approved (a manager
    known to approve easily draws more of them, one known to refuse draws fewer); a share
    ``marginal_bad_share`` of them are bad risks. And a loan's size follows the manager's
    strictness: ``amount × exp(size_slope × (size_reference − strictness))``, and a larger loan is
    riskier: its borrower's default probability times ``size ** size_risk``."""

    enabled: bool = False  # (stated reason) off: today's results stay as they are
    # (stated reason) would-be applicants a manager-month if sure of approval. Each applies when
    # the chance of approval times what the loan is worth to them beats their cost of applying;
    # with that cost spread evenly over its range the number who apply is proportional to the
    # chance of approval (hence pool × reputation). 8 puts about 6 marginal files on top of the
    # 31 a month of the baseline branch at the starting habits (a fifth more), and about 8 at a
    # manager who approves everyone: not sourced, the parameter to set against Agarwal &
    # Ben-David's (2018) application effect
    marginal_pool: Annotated[float, Field(ge=0.0, le=limits.MAX_LOAN_FILES_PER_MONTH)] = 8.0
    # (stated reason) those who apply only because a manager approves easily are those who expect
    # a careful reading to refuse them (adverse selection: Stiglitz & Weiss 1981, AER 71(3)):
    # half of them bad, 2.5 times the share among ordinary applicants. Agarwal & Ben-David (2018)
    # find the default rate of approved loans +24 % under volume pay
    marginal_bad_share: Prob = 0.5
    # (stated reason) the market's mean memory of a manager's approvals, in months: word of mouth
    # among small-business borrowers; Agarwal & Ben-David (2018) see applications move within
    # months of the incentive change, so a memory of half a year
    reputation_months: Annotated[float, Field(ge=1.0, le=limits.MAX_MONTHS)] = 6.0
    # (stated reason) log-slope of loan size in strictness: ln(1.15) / 0.5, so moving from the
    # starting strictness (0.5) to approving everything (0) lends 15 % more per loan, Agarwal &
    # Ben-David's (2018) loan-size effect of volume pay (+15 %)
    size_slope: Annotated[float, Field(ge=0.0, le=limits.MAX_LOAN_SIZE_SLOPE)] = 0.2795
    size_reference: Prob = 0.5  # the strictness at which a loan has its mean size: the starting habit
    # elasticity of a loan's default probability in its size: a borrower's ``pd × size ** size_risk``
    # (``simkit.bank.loans.risk_scale``). 0 (the default) keeps every result made with demand on as
    # it was; 1 is the field value of docs/flip.md (stated reason: the same borrower repays a larger
    # loan out of the same income, so the chance of missing a payment rises with the debt-service
    # burden, about in proportion; with Agarwal & Ben-David's (2018) +15 % loan size that is
    # +15 % of the +24 % they find in the default rate of approved loans, the rest from whom they approve)
    size_risk: Annotated[float, Field(ge=0.0, le=limits.MAX_LOAN_SIZE_RISK)] = 0.0


class InheritedBook(Strict):
    """The loan book a customer manager inherits at month 0 (``bank.loans.book``; docs/loans.md).

    Off, every book starts empty. On, the bank runs the loans' own law (origination with
    ``habits``, ageing by ``simkit.bank.loans.month_step``) for a loan's whole life before
    month 0 on a random stream of its own, so each post starts with the book in steady state."""

    inherited: bool = False  # (stated reason) off: today's results stay as they are
    # files a manager-month before month 0: the mean of the baseline branch at the starting
    # habits, measured (fixed_pay.yaml, seeds 1-3, 24 months: 31.3, 32.1, 31.2)
    files_per_month: Annotated[float, Field(ge=0.0, le=limits.MAX_LOAN_FILES_PER_MONTH)] = 31.5
    # the habits the inherited loans were made and followed up with: the starting habits
    habits: ManagerChoices = Field(default_factory=ManagerChoices)


class Loans(Strict):
    """The loan book (docs/domain.md §1; seed 003: collateral ratio, recovery at maturity;
    seed 002: credit investigation, monitoring)."""

    demand: LoanDemand = Field(default_factory=LoanDemand)
    book: InheritedBook = Field(default_factory=InheritedBook)
    # (stated reason) off: today's results stay as they are. On, each application's quality, signal and terms
    # are keyed by (seed, manager post, period, source, file index) (simkit.bank.books), so two
    # schemes run on one seed read the same files: common random numbers for comparisons
    aligned: bool = False

    rate: Prob = 0.045  # (default) annual rate: the 1-year LPR (3.45 % in 2024) plus 100 bp
    funding_rate: Prob = 0.025  # (default) internal funding cost (asset cost) per year
    amount_mean: PosBalance = 300_000.0  # (default) ¥ a small-business / consumer loan
    amount_cv: Annotated[float, Field(gt=0.0, le=limits.MAX_CV)] = 0.8
    # (default) one-year working-capital loans dominate branch lending
    term_months: Annotated[int, Field(ge=1, le=limits.MAX_LOAN_TERM_MONTHS)] = 12
    bad_share: Prob = 0.2  # (default) share of applicants who are bad risks (hidden from the bank)
    pd_good: Prob = 0.02  # (default) annual default probability of a good borrower
    pd_bad: Prob = 0.40  # (default) annual default probability of a bad borrower
    # signal noise (sd), in units of (pd_bad - pd_good), with no investigation and with a full
    # one; precision is linear in between (simkit.bank.loans.noise). (stated reason) With no
    # investigation a file barely separates good from bad (sd > the gap); a full one nearly
    # always does (sd 0.15: a bad file reads below the midpoint 0.04 % of the time)
    noise_unscreened: Annotated[float, Field(gt=0.0, le=limits.MAX_SIGNAL_NOISE)] = 1.2
    noise_screened: Annotated[float, Field(gt=0.0, le=limits.MAX_SIGNAL_NOISE)] = 0.15
    outside_lead: Prob = 0.04  # (default) chance a prospecting visit brings a loan application (a few a month)
    # Monthly chance an overdue loan is brought current (and repaid) without follow-up, and the
    # extra chance at full monitoring (seed 001: 清收). (default) Chosen with the collateral
    # figures below so that at middling follow-up (monitoring 0.3-0.4) 55-65 % of defaulted
    # loans are never cured and the loss given default is about 40-45 %, the Basel II
    # foundation-IRB LGD of senior unsecured claims (BCBS 2006, §287). (3 % + 25 % would cure
    # almost every defaulted loan, so a bad loan would cost the bank little and no pay scheme
    # could reward screening.)
    recovery_base: Prob = 0.01
    recovery_monitoring: Prob = 0.10
    collateral_base: Prob = 0.3  # share of loans with collateral without investigation
    collateral_screening: Prob = 0.5  # extra share at full investigation (seed 003: collateral ratio)
    loss_given_default_secured: Prob = 0.4  # (default) collateral recovers 60 %
    # (default) overdue months before a loss loan is written off
    write_off_months: Annotated[int, Field(ge=1, le=limits.MAX_OVERDUE_MONTHS)] = 24
    # five-category classification by months overdue (CBRC 2007 guidance: > 90 days overdue is at least substandard)
    special_mention_after: Annotated[int, Field(ge=1, le=limits.MAX_OVERDUE_MONTHS)] = 1
    substandard_after: Annotated[int, Field(ge=1, le=limits.MAX_OVERDUE_MONTHS)] = 3
    doubtful_after: Annotated[int, Field(ge=1, le=limits.MAX_OVERDUE_MONTHS)] = 6
    loss_after: Annotated[int, Field(ge=1, le=limits.MAX_OVERDUE_MONTHS)] = 12
    provision_substandard: Prob = 0.30  # seed 001: substandard × 30 %
    provision_doubtful: Prob = 0.50  # seed 001: doubtful × 50 %
    provision_loss: Prob = 1.00  # seed 001: loss × 100 %


class Deposits(Strict):
    """The deposit book: its transfer price and the interest paid, customer managers' inherited
    portfolios, the walk-in retail book, monthly attrition and what a converted referral brings."""

    ftp_rate: Prob = 0.025  # (default) internal transfer price credited for deposits, per year
    rate_paid: Prob = 0.012  # (default) interest paid to depositors, per year (demand/time mix)
    mean_portfolio: PosBalance = 20_000_000.0  # (default) ¥ a customer manager's inherited client deposits
    attrition: Prob = 0.01  # (default) share of a portfolio that drifts away each month
    retail_book: Balance = 400_000_000.0  # (default) ¥ walk-in retail deposits not managed by anyone
    referral_conversion: Prob = 0.3  # (default) a referred customer who meets a manager opens an account
    # (default) ¥ brought by a converted referral (a spotted potential high-value customer's first deposit)
    referral_balance_mean: PosBalance = 200_000.0


class Bank(Strict):
    """The bank's books behind the branch (``bank:``): loans, deposits, the monthly operating cost
    and the share of sales to annoyed customers later refunded."""

    loans: Loans = Field(default_factory=Loans)
    deposits: Deposits = Field(default_factory=Deposits)
    operating_cost: Balance = 150_000.0  # (default) ¥ a month: rent, systems, security, cash logistics
    refund_share: Prob = 0.3  # (default) share of sales to annoyed customers later refunded (mis-selling)


class ChoiceRange(Strict):
    """A learnable choice: its range and the effort cost (¥ per period) at the top of the range.

    Cost is ``cost × ((x - lo) / (hi - lo))**2``: convex, zero at the least a supervisor
    accepts (``lo``), the usual shape of effort cost in agency models."""

    lo: float
    hi: float
    cost: Yuan = 0.0
    learn: bool = True

    @model_validator(mode="after")
    def _order(self):
        if not self.lo < self.hi:
            raise ValueError(f"lo ({self.lo}) must be below hi ({self.hi})")
        return self


# (default) effort costs in ¥ a month at full effort; chosen so that a pay scheme worth a few
# thousand yuan can move choices across their range, which is the seeds' claim ("full
# motivation gives 3-4 times" the effort that keeps the job).
def _r(lo, hi, cost, learn=True):
    return Field(default_factory=lambda: ChoiceRange(lo=lo, hi=hi, cost=cost, learn=learn))


def choice_domain(choices: type[BaseModel], name: str) -> tuple[float, float]:
    """(least, most) a choice can take: the bounds declared on its field in ``choices``."""
    meta = choices.model_fields[name].metadata
    least = next((m.ge for m in meta if getattr(m, "ge", None) is not None), -math.inf)
    most = next((m.le for m in meta if getattr(m, "le", None) is not None), math.inf)
    return least, most


class _Ranges(Strict):
    """The learnable ranges of one role. The learner moves a choice anywhere inside its range
    (``simkit.behaviour.space``) and the run uses it as that choice, so each range must lie
    within the values the choice itself may take (its field in ``staff.choices``): a pace must
    stay a positive speed, a pitch a probability."""

    choices_model: ClassVar[type[BaseModel]]
    role: ClassVar[str]

    @field_validator("*")
    @classmethod
    def _in_domain(cls, r: "ChoiceRange", info):
        least, most = choice_domain(cls.choices_model, info.field_name)
        if r.lo < least or r.hi > most:
            raise ValueError(f"the range {r.lo:g} to {r.hi:g} leaves the values a {cls.role}'s {info.field_name} "
                             f"can take; allowed: lo and hi within {least:g} to {most:g} (the bounds of "
                             f"staff.choices.{cls.role}.{info.field_name})")
        return r


class TellerRanges(_Ranges):
    """The range and effort cost of each learnable teller choice: ``pace``, ``pitch`` and ``care``
    (``care`` is held at its starting value unless ``care.learn`` is set: docs/care.md)."""

    choices_model: ClassVar[type[BaseModel]] = TellerChoices
    role: ClassVar[str] = "teller"
    pace: ChoiceRange = _r(0.8, 1.6, 2000.0)  # a supervisor accepts 80 % of normal speed
    pitch: ChoiceRange = _r(0.0, 1.0, 1500.0)
    # (default, stated reason) checking every transaction in full is tedious attention rather than
    # strain, so it costs half of working flat out (pace); at ¥1,000 a fine of a few tens of yuan
    # an error moves it across its range (about 30 errors a month at 2 %: a ¥40 fine puts ¥1,200
    # a month at stake, a full check saves 80 % of it). Not learned by default
    care: ChoiceRange = _r(0.0, 1.0, 1000.0, learn=False)


class LobbyRanges(_Ranges):
    """The range and effort cost of each learnable lobby-manager choice: ``diversion``, ``referral``,
    ``selling``, ``education``, ``handling`` and ``retention`` (the last three held at their starting
    values unless their ``learn`` is set)."""

    choices_model: ClassVar[type[BaseModel]] = LobbyChoices
    role: ClassVar[str] = "lobby_manager"
    diversion: ChoiceRange = _r(0.2, 1.0, 1000.0)
    referral: ChoiceRange = _r(0.1, 1.0, 800.0)
    selling: ChoiceRange = _r(0.0, 1.0, 1200.0)
    # (default, stated reason) teaching is a talk with one customer at a time, like looking for
    # hidden high-value customers (referral), so the same cost; not learned by default, so that a
    # branch without customer education learns as before (learn: true makes it a habit like the others)
    education: ChoiceRange = _r(0.0, 1.0, 800.0, learn=False)
    # (default, stated reason) calming an angry customer is strain, like talking waiting customers
    # into machines (diversion), so the same cost; not learned by default, as education
    handling: ChoiceRange = _r(0.0, 1.0, 1000.0, learn=False)
    # (default, stated reason) talking a customer out of leaving is calming an annoyed customer, as
    # handling a complaint, so the same cost; not learned by default, as education and handling
    retention: ChoiceRange = _r(0.0, 1.0, 1000.0, learn=False)


class ManagerRanges(_Ranges):
    """The range and effort cost of each learnable customer-manager choice, from prospecting
    (``outside``) to loan ``monitoring``."""

    choices_model: ClassVar[type[BaseModel]] = ManagerChoices
    role: ClassVar[str] = "customer_manager"
    outside: ChoiceRange = _r(0.0, 0.6, 2500.0)  # seed 002: cold visits are hard work
    pitch: ChoiceRange = _r(0.0, 1.0, 800.0)
    screening: ChoiceRange = _r(0.1, 1.0, 2000.0)  # seeds: investigations become "only an income certificate"
    strictness: ChoiceRange = _r(0.0, 1.0, 0.0)  # saying no costs no effort
    monitoring: ChoiceRange = _r(0.1, 1.0, 1500.0)


class RoleRanges(Strict):
    """The learnable choice ranges of every role (``behaviour.choices``); ``of(role)`` gives one
    role's ranges by choice name."""

    teller: TellerRanges = Field(default_factory=TellerRanges)
    lobby_manager: LobbyRanges = Field(default_factory=LobbyRanges)
    customer_manager: ManagerRanges = Field(default_factory=ManagerRanges)

    def of(self, role: str) -> dict[str, "ChoiceRange"]:
        return dict(getattr(self, role))


class RoleWeights(ByRole):
    """A weight from 0 to 1 for each role."""

    teller: Prob = 1.0
    lobby_manager: Prob = 1.0
    customer_manager: Prob = 1.0


class Learning(Strict):
    """The one learning rule (see ``simkit.behaviour.learning``)."""

    enabled: bool = False  # (default) choices stay as given unless a scenario turns learning on
    rate: Annotated[float, Field(gt=0.0, le=limits.MAX_LEARNING_RATE)] = 0.6  # step size at hiring
    # spread of trial choices (logit units: about ±0.1 of pace around 1.0)
    exploration: Annotated[float, Field(gt=0.0, le=limits.MAX_EXPLORATION)] = 0.6
    # periods of tenure after which learning steps are halved (trials keep their spread)
    halflife: Annotated[float, Field(gt=0.0, le=limits.MAX_HALFLIFE)] = 12.0
    discount: Prob = 0.97  # per month: pay next month is worth 97 % of pay now (patient, but not fully)
    trace: Prob = 0.5  # how long a choice is held responsible for later pay (eligibility trace decay)
    # (stated reason) weight kept, per month, on earlier evidence about what a choice does to pay:
    # 0.85 weighs about the last year of payslips (an effective (1 + μ)/(1 − μ) ≈ 12 months, the
    # span of an annual review); a choice counts only as far as that evidence beats its noise
    memory: Annotated[float, Field(gt=0.0, le=1.0)] = 0.85
    push: bool = True  # learn which products to push
    # A month with 23 working days pays more than one with 20 under piece rates; staff know
    # how many days they worked, so what they expect to be paid is a line in working days,
    # learned from their own payslips (stated reason: otherwise the calendar, not the choices,
    # drives most of what they learn). ``false``: they expect the same pay every period.
    per_day: bool = True
    # How far each role acts on what they can work out of their own pay scheme, 0 to 1
    # (``simkit.behaviour.foresight``): 0, only on what their realised payslips have shown;
    # 1, also on the full expected, discounted pay of their habits, worked out from the scheme's
    # formula (printed on the payslip, published to them), their own reading of each file and
    # what the branch's loan record shows. (default) 1: officers know how they are paid and
    # change their screening within one session when the contract changes (Cole, Kanz &
    # Klapper 2015, *J. Finance* 70:537-575), and volume-paid officers' approvals and defaults
    # rise within months (Agarwal & Ben-David 2018, *JFE* 129:608-628). Where a role's pay reads
    # no outcome a person can foresee (tellers, the lobby) the foreseen slope is exactly 0.
    foresight: "RoleWeights" = Field(default_factory=lambda: RoleWeights())
    # (stated reason) professional training's weight, in loan-years per band of a file's reading,
    # on its default rates (a bad risk at pd_bad a year, a good one at pd_good): about a branch's
    # record of one band over a year, so the branch's own record outweighs it within a year or two
    prior_loan_years: Annotated[float, Field(gt=0.0, le=limits.MAX_PRIOR_LOAN_YEARS)] = 20.0
    # How a learned choice's parameter maps onto its range (simkit.behaviour.space): ``logit``
    # (default, stated reason: the scale every stored result and notebook was made with) slows
    # a habit to a stop near an end of its range, where the effort slope vanishes; ``linear``
    # keeps pay and effort slopes whole up to the ends, so no habit stays at an end that pays
    # nothing for it.
    scale: Literal["logit", "linear"] = "logit"
    # Whether tellers and lobby managers also work out what their habits pay from the counts they
    # see (simkit.counts: their transactions, errors, pitches and sales, how often they wait for
    # the next ticket, their scheme's formula), weighed by their role's foresight, as customer
    # managers do from their loan files. (stated reason for the default) false: the rule every
    # stored result and notebook was made with; a teller then learns what a habit pays only from
    # their monthly payslips.
    foresee_counts: bool = False


class RoleQuitRates(ByRole):
    """A chance a month for each role."""

    # (stated reason: no published turnover by bank role was found) 0.0087 a month, 10 % a year
    # (1 − 0.9913¹²) for every role, the part of turnover pay does not drive (moving, family,
    # study, exams for the civil service). Press reports of 前程无忧's yearly turnover survey put
    # all-industry employee turnover at about 15 % a year (14.8 % for 2025, read second-hand),
    # and bank posts count among China's most stable jobs, so the base is set below it. Seed
    # 002's 20-30 % a year is tellers in branches under pressure: the market adds it through
    # the shortfall below the outside option (docs/labour.md: 5-8 % below it gives 20-29 %).
    teller: Prob = 0.0087
    lobby_manager: Prob = 0.0087
    customer_manager: Prob = 0.0087


class RoleOutside(ByRole):
    """¥ a month, net of effort, that a role's job elsewhere is worth to a person of ability 1.

    (stated reason) Those who hold a post chose it over the job elsewhere, so under the default
    fixed pay a person of ability 1 at the role's starting habits is above it, by the teller's
    margin over ``turnover.outside_option`` (¥4,000 − ¥183 effort = ¥3,817, 9 % above ¥3,500) for
    every role: the lobby ¥4,700 − ¥921 = ¥3,779 / 1.09, the customer manager ¥6,500 − ¥4,166 =
    ¥2,334 / 1.09. (``turnover.outside_option``'s ¥5,000 for a customer manager is 2.1 times what
    their default pay leaves after effort: at it the market would see them leave at 90 % a year.)
    """

    teller: Yuan = 3500.0
    lobby_manager: Yuan = 3465.0
    customer_manager: Yuan = 2140.0


class LabourMarket(Strict):
    """Who leaves and who comes (``simkit.behaviour.labour``), under ``behaviour.turnover``
    because it refines quitting and hiring there (on only where turnover is) and draws
    applicants with the new hires' ability spread. When enabled it replaces ``patience`` and
    ``quit_prob``: a base chance a month by role, rising smoothly (logistic) with the shortfall
    of utility below an outside option that rises with ability; a vacant post is offered to
    applicants until one accepts."""

    enabled: bool = False  # (default) off: quitting and hiring as ``patience`` / ``quit_prob`` say
    base_quit: RoleQuitRates = Field(default_factory=RoleQuitRates)
    # at ability 1; replaces ``turnover.outside_option`` when the market is on
    outside_option: RoleOutside = Field(default_factory=RoleOutside)
    # (stated reason) the chance a month of someone far below their outside option: 20 %, a mean
    # of five months to leave, since a worker may leave on 30 days' written notice (劳动合同法
    # 第三十七条) and finding the next job takes a few months more
    max_quit: Prob = 0.20
    # (stated reason) the shortfall (a share of the outside option) at which the chance is
    # halfway from the base to the most: a fifth below what the job elsewhere is worth
    half_shortfall: Annotated[float, Field(ge=0.0, le=1.0)] = 0.20
    # (stated reason) how fast the chance rises around ``half_shortfall``, per unit of shortfall:
    # at 15 it climbs from a tenth to nine tenths of its rise over ±0.15 (ln 81 / 15 / 2) around it,
    # so ¥3,400 against ¥3,500 adds little and ¥232 against ¥3,500 is near the most
    steepness: Annotated[float, Field(gt=0.0, le=limits.MAX_QUIT_STEEPNESS)] = 15.0
    # (stated reason) the outside option is outside_option × ability ** elasticity (ability: the
    # geometric mean of speed, accuracy and selling). 0.5: other employers pay for ability (1 if
    # they saw it fully) but see it only partly and late (Gibbons & Katz 1991, J. Labor Econ.
    # 9:351-380: the outside market learns a worker's ability slowly), so halfway between 0 and 1
    ability_elasticity: Annotated[float, Field(ge=0.0, le=limits.MAX_ABILITY_ELASTICITY)] = 0.5
    # (stated reason) offers a branch makes for one vacant post a month: about one a week (a
    # written test, an interview and an offer each week); n offers until one is accepted keep the
    # post vacant n / 4 months
    applicants_per_month: Annotated[float, Field(ge=limits.MIN_APPLICANTS_PER_MONTH,
                                                   le=limits.MAX_APPLICANTS_PER_MONTH)] = 4.0
    # (stated reason) after half a year of offers (24 at one a week) the bank takes the candidate
    # who likes the post most rather than leave a counter unstaffed longer
    max_applicants: Annotated[int, Field(gt=0, le=limits.MAX_APPLICANTS)] = 24

    @model_validator(mode="after")
    def _rises(self):
        for role in ROLES:
            if self.base_quit.of(role) > self.max_quit:
                raise ValueError(f"base_quit.{role} ({self.base_quit.of(role)}) exceeds max_quit ({self.max_quit}): "
                                 "the chance of quitting must rise with the shortfall; raise max_quit")
        return self


class Turnover(Strict):
    """Staff whose utility stays below their outside option quit (seed 002: 20-30 % teller turnover)."""

    enabled: bool = True
    outside_option: dict[Literal[ROLES], Yuan] = Field(
        default_factory=lambda: {"teller": 3500.0, "lobby_manager": 3800.0, "customer_manager": 5000.0})
    # (default) ¥ a month a comparable job elsewhere is worth, net of its effort
    # (default) months in a row below the outside option before thinking of quitting
    patience: Annotated[int, Field(gt=0, le=limits.MAX_MONTHS)] = 3
    # (default) chance a month of quitting once patience is exhausted: a person kept below the
    # outside option leaves within a year with probability 1 − 0.975¹² ≈ 26 %, seed 002's 20–30 %
    # yearly teller turnover (流失率) in branches under pressure and fines. (0.5 would give
    # 120 % a year under sales quotas and 300 % under heavy fines; see simkit.behaviour.turnover.)
    quit_prob: Prob = 0.025
    # spread (lognormal) of new hires' speed, accuracy and selling
    ability_sd: Annotated[float, Field(ge=0.0, le=limits.MAX_ABILITY_SD)] = 0.15
    # the labour market: smooth quitting, outside options by ability, applicants who sort by pay
    market: LabourMarket = Field(default_factory=LabourMarket)


class Behaviour(Strict):
    """How staff adapt (``behaviour:``): the learning rule, each role's learnable choice ranges,
    how far a role's tasks compete for effort, and turnover."""

    learning: Learning = Field(default_factory=Learning)
    choices: RoleRanges = Field(default_factory=RoleRanges)
    # (default) how far a role's tasks compete for the same time and attention: 0 = separate effort
    # costs, 1 = Holmström & Milgrom's (1991) cost of total effort C(t1 + t2). Halfway (stated
    # reason): a teller's speed and pitching, a lobby manager's triage and selling, a customer
    # manager's prospecting and loan screening share one working day, but not wholly — some
    # effort is specific to a task. See simkit.behaviour.space.
    effort_substitution: Prob = 0.5
    turnover: Turnover = Field(default_factory=Turnover)


class Pay(Strict):
    """The pay scheme of each role (any scheme on any role)."""

    # (default) ¥/month fixed pay by post at a county-level branch
    teller: PayScheme = Field(default_factory=lambda: PayScheme.model_validate(
        {"components": [{"kind": "fixed", "base": 3000.0, "position": 1000.0}]}))
    lobby_manager: PayScheme = Field(default_factory=lambda: PayScheme.model_validate(
        {"components": [{"kind": "fixed", "base": 3500.0, "position": 1200.0}]}))
    customer_manager: PayScheme = Field(default_factory=lambda: PayScheme.model_validate(
        {"components": [{"kind": "fixed", "base": 4500.0, "position": 2000.0}]}))
    # the wage rules on every role's payslips (simkit.pay.wage_rules): off unless enabled
    rules: WageRules = Field(default_factory=WageRules)

    def of(self, role: str) -> PayScheme:
        return getattr(self, role)


class Scenario(Strict):
    """One branch, its customers and staff, for a number of days, with one seed."""

    name: Name = "unnamed"
    description: Annotated[str, Field(max_length=limits.MAX_TEXT_CHARS)] = ""
    # (default) the date the project's baseline was fixed; any seed below 2**128 (limits.MAX_SEED_BITS)
    seed: Annotated[int, Field(ge=0, le=limits.MAX_SEED)] = 20261123
    horizon: Horizon = Field(default_factory=Horizon)
    branch: Layout = Field(default_factory=Layout)
    arrivals: Arrivals = Field(default_factory=Arrivals)
    customers: Customers
    needs: dict[Name, Need]
    products: dict[Name, Product] = Field(default_factory=dict)
    staff: Staff = Field(default_factory=Staff)
    pay: Pay = Field(default_factory=Pay)
    bank: Bank = Field(default_factory=Bank)
    behaviour: Behaviour = Field(default_factory=Behaviour)

    @model_validator(mode="after")
    def _consistent(self):
        check_consistency(self)
        return self
