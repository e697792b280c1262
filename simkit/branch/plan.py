"""The compiled branch configuration: everything one SimPy branch needs from a scenario, built once.

``BranchPlan.compile`` reads a validated ``simkit.scenario.models.Scenario`` and keeps
only what the branch uses: its layout and calendar, the customers' mix and manners, the needs
with their service-time samplers compiled, products, the staff's work settings and roster, and
the seed. It is the only place in ``simkit.branch`` that reads a scenario (the way Ciw turns
keyword arguments into a ``Network`` before a ``Simulation`` runs on it).

Nothing in a plan depends on a run's random streams, so one plan serves any number of branches:
replications with other seeds, other rosters, customers given in advance. A plan is frozen; the
branch copies the one thing it changes during a run, its staff.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..scenario.consistency import available_channels
from ..scenario.models import (
    Arrivals,
    Balking,
    Churn,
    CommType,
    Complaints,
    Layout,
    LobbyWork,
    ManagerWork,
    Patience,
    Product,
    Satisfaction,
    Segment,
    TellerWork,
)
from ..vocabulary import ROLES
from .calendar import Day, make_days
from .customer import INF
from .rng import cumulative
from .sampling import Sampler, compile_dist
from .staff import Member, staff_roster


class CompiledNeed:
    """A need compiled for the loop: samplers per channel and which channels serve it here."""

    __slots__ = ("samplers", "cross_sell", "ss", "teller", "cm", "without_id")

    def __init__(self, need, channels_here, name: str = ""):
        self.samplers = {ch: compile_dist(d, f"needs.{name}.channels.{ch}") for ch, d in need.channels.items()}
        self.cross_sell = need.cross_sell
        self.ss = "self_service" in need.channels and "self_service" in channels_here
        self.teller = "teller" in need.channels and "teller" in channels_here
        self.cm = "customer_manager" in need.channels and "customer_manager" in channels_here
        self.without_id = need.without_id


@dataclass(frozen=True, slots=True)
class BranchPlan:
    """The compiled branch configuration (make one with ``compile``).

    Plain settings are the scenario's own validated sections (``layout`` is its ``branch:``);
    the rest is compiled from them: the calendar, samplers, cumulative shares for the draws.
    The class lists every field the branch reads, so it has more than the usual handful."""

    seed: int
    layout: Layout  # windows, calling rules, hours, machines, lunch, patrols
    days: tuple[Day, ...]  # the calendar of the run
    arrivals: Arrivals  # the calendar's pieces already hold its rates
    channels: frozenset[str]  # the channels this branch has
    needs: dict[str, CompiledNeed]
    segments: dict[str, Segment]
    segment_names: tuple[str, ...]
    segment_cum: list[float]  # cumulative segment shares, for one draw per customer
    need_mix: dict[str, tuple[list[str], list[float]]]  # segment -> (need names, cumulative shares)
    comm_types: dict[str, CommType]
    comm_names: tuple[str, ...]
    comm_cum: list[float]
    patience: Patience
    patience_mean: float  # minutes; infinite when patience is switched off
    patience_mu: float  # log-mean and log-sd of a unit-mean lognormal with the patience's cv
    patience_sigma: float
    balking: Balking
    complaints: Complaints
    churn: Churn
    satisfaction: Satisfaction
    return_after_error: float
    products: dict[str, Product]  # weight and fee of each
    product_names: tuple[str, ...]
    product_cum: list[float]
    teller_work: TellerWork
    lobby_work: LobbyWork
    manager_work: ManagerWork
    rework: Sampler
    pitch_time: Sampler
    triage_time: Sampler
    sell_time: Sampler
    teach_time: Sampler  # one teaching at the machines (客户教育)
    handle_time: Sampler  # one complaint taken up (投诉处理)
    retain_time: Sampler  # one try to keep a customer about to give up waiting (挽留客户)
    referral_time: Sampler
    green_channel_open: bool  # a green channel is offered and some staffed window calls it
    roster: tuple[Member, ...]
    relief_choices: dict[str, object]  # role -> the habits a relief colleague brings: the role's starting choices

    @classmethod
    def compile(cls, scenario, days: int | None = None) -> BranchPlan:
        """The plan of ``scenario`` for ``days`` days (default: the scenario's horizon).

        Raises what compiling a sampler raises (``simkit.branch.sampling.compile_dist``)
        for a duration no run could draw."""
        layout, customers = scenario.branch, scenario.customers
        run_days = scenario.horizon.days if days is None else days
        channels = frozenset(available_channels(scenario))
        return cls(
            seed=scenario.seed, layout=layout, arrivals=scenario.arrivals, channels=channels,
            days=tuple(make_days(layout, scenario.arrivals, scenario.horizon.start_date, run_days)),
            needs={name: CompiledNeed(need, channels, name) for name, need in scenario.needs.items()},
            **_customer_fields(customers), **_product_fields(scenario.products), **_work_fields(scenario.staff),
            green_channel_open=_green_channel_open(layout),
            roster=tuple(staff_roster(layout, scenario.staff)),
            relief_choices={role: getattr(scenario.staff.choices, role) for role in ROLES})

    def staff_members(self) -> list[Member]:
        """A fresh copy of the roster for one branch: the run changes its members' choices and abilities."""
        return [replace(member, meta=dict(member.meta)) for member in self.roster]


def _customer_fields(customers) -> dict:
    """Segments, communication types and their draws; patience, balking, complaints, churn, satisfaction."""
    segments, comm, patience = customers.segments, customers.comm_types, customers.patience
    log_var = math.log1p(patience.cv ** 2)
    return dict(
        segments=segments, segment_names=tuple(segments),
        segment_cum=cumulative([s.share for s in segments.values()]),
        need_mix={n: (list(s.needs), cumulative(list(s.needs.values()))) for n, s in segments.items()},
        comm_types=comm, comm_names=tuple(comm), comm_cum=cumulative([c.share for c in comm.values()]),
        patience=patience, patience_mean=patience.mean_minutes if patience.enabled else INF,
        patience_mu=-log_var / 2.0, patience_sigma=math.sqrt(log_var),  # a unit-mean lognormal
        balking=customers.balking, complaints=customers.complaints, churn=customers.churn,
        satisfaction=customers.satisfaction, return_after_error=customers.return_after_error)


def _product_fields(products) -> dict:
    return dict(products=products, product_names=tuple(products),
                product_cum=cumulative([p.weight for p in products.values()]) if products else [])


def _work_fields(staff) -> dict:
    """The staff's work settings and the durations of their tasks, compiled."""
    return dict(
        teller_work=staff.teller_work, lobby_work=staff.lobby_work, manager_work=staff.manager_work,
        rework=compile_dist(staff.teller_work.rework, "staff.teller_work.rework"),
        pitch_time=compile_dist(staff.teller_work.pitch, "staff.teller_work.pitch"),
        triage_time=compile_dist(staff.lobby_work.triage, "staff.lobby_work.triage"),
        sell_time=compile_dist(staff.lobby_work.sell, "staff.lobby_work.sell"),
        teach_time=compile_dist(staff.lobby_work.education.teach, "staff.lobby_work.education.teach"),
        handle_time=compile_dist(staff.lobby_work.complaint_handling.handle,
                                 "staff.lobby_work.complaint_handling.handle"),
        retain_time=compile_dist(staff.lobby_work.retention.retain, "staff.lobby_work.retention.retain"),
        referral_time=compile_dist(staff.manager_work.referral, "staff.manager_work.referral"))


def _green_channel_open(layout) -> bool:
    calls = {c for w, n in layout.windows.items() if n for c in layout.calling.get(w, [])}
    return layout.green_channel and "green" in calls
