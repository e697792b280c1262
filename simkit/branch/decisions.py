"""The lobby manager's decisions (大堂经理): what they see, what they may choose, and the model's choice.

A lobby manager decides five things in the model (``simkit.branch.lobby``):

- **triage** (分流): where a customer they have just greeted goes, a machine, a counter ticket
  class or a customer manager's desk, and whether to refer them to a customer manager
  (a hidden high-value customer spotted), and whether to stay and teach one sent to a machine
  how to use it (客户教育, customer education): a ``Situation`` answered by a ``Decision``;
- **patrol** (二次分流): on a queue patrol, which waiting customers to move to the machines:
  a ``PatrolSituation`` answered by ``Moves``;
- **pitch** (厅堂营销): in free time, which waiting customer to approach with a product, if any:
  a ``PitchSituation`` answered by ``Pitch``;
- **complaint** (投诉处理): when a customer complains while the lobby manager is free, whether to
  take the complaint up, and whether to calm the customer first: a ``ComplaintSituation`` answered
  by ``Handle``;
- **retention** (挽留客户): when a waiting customer gets up to give up while the lobby manager is free,
  whether to try to keep them: a ``RetentionSituation`` answered by ``Retain``.

A situation holds only what a lobby manager on the floor can see: a customer's apparent segment
(a hidden high-value customer looks like ``mass``), need, communication type and booking as told
in the greeting (and, for business that needs one, whether they have brought their ID card), the
queue display, which machines are up, the clock; and the options. Anything
that decides (``LobbyDecider``) answers each kind with its decision; the model's own lobby
manager is ``ModelLobbyDecider``. Whether to patrol and when to look for someone to sell to stay
the model's rules (the scenario's patrol interval and selling zeal); the decisions above are
what a lobby manager does once there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from ..errors import SimkitError
from ..vocabulary import SELF_SERVICE

#: the channel a decision names when nothing in the branch serves the customer's need: they leave unserved
NO_SERVICE = "none"
#: the desk channel (the desk class follows from the customer: appointment, referral or walk-in)
CUSTOMER_MANAGER = "customer_manager"
#: the channel of a customer sent home for the ID card their business needs (请客户回家取证件): offered
#: only for a customer the greeting found without it (``Situation.no_id``)
HOME = "home"


class InvalidDecision(SimkitError, ValueError):
    """A lobby manager's decision that is not among the situation's options."""


@dataclass(frozen=True, slots=True)
class Waiting:
    """A waiting customer as the lobby manager sees them in the waiting area: id, apparent segment,
    need, communication type, ticket class and minutes waited so far."""

    customer: int
    segment: str
    need: str
    comm: str
    ticket: str
    waited: float


@dataclass(frozen=True, slots=True)
class Situation:
    """Triage: a customer the lobby manager has greeted must be sent somewhere.

    The customer as seen in the greeting; the floor (``queues``: live tickets per class,
    counter, machine and desk classes; ``waits``: minutes the longest-waiting live ticket of each
    class has waited; ``machines``: id -> up); the clock. ``options`` are the channels open to this
    customer: the machines (``self_service``), the counter ticket classes they may be given (their
    own, an ordinary one, the green channel where it is open), a customer manager
    (``customer_manager``), or ``none`` when nothing here serves their need; and ``home`` for a
    customer who, asked at the greeting, has not brought the ID card their business needs
    (``no_id``: ``needs.<need>.without_id``; False when their business needs none or they have it).
    A referral to a customer manager may go with any choice; teaching (``Decision.teach``) with a
    machine."""

    kind: ClassVar[str] = "triage"
    now: float  # minutes from midnight of the run's first day
    clock: str  # 'HH:MM' on the floor
    lobby_manager: str
    customer: int
    segment: str  # apparent segment
    need: str
    comm: str
    appointment: bool  # booked ahead with a customer manager
    queues: dict[str, int]
    waits: dict[str, float]
    machines: dict[str, bool]
    options: tuple[str, ...]
    no_id: bool = False  # asked at the greeting: no ID card for business that needs one


@dataclass(frozen=True, slots=True)
class PatrolSituation:
    """Patrol: the lobby manager has walked the ordinary queue, which had grown past the patrol
    threshold. ``candidates`` are the waiting customers who could be moved to a machine (their
    need is served there and they have not just failed at one), back of the queue first; at most
    ``max_moves`` of them can be talked to."""

    kind: ClassVar[str] = "patrol"
    now: float
    clock: str
    lobby_manager: str
    queues: dict[str, int]
    waits: dict[str, float]
    machines: dict[str, bool]
    candidates: tuple[Waiting, ...]
    max_moves: int


@dataclass(frozen=True, slots=True)
class PitchSituation:
    """Pitch: the lobby manager is free for a talk in the waiting area. ``candidates`` are the
    customers waiting for a counter; approaching one takes a few minutes, in which the lobby
    manager greets nobody."""

    kind: ClassVar[str] = "pitch"
    now: float
    clock: str
    lobby_manager: str
    queues: dict[str, int]
    waits: dict[str, float]
    machines: dict[str, bool]
    candidates: tuple[Waiting, ...]


@dataclass(frozen=True, slots=True)
class ComplaintSituation:
    """Complaint: a customer leaving has complained (aloud or formally) and the lobby manager is free.
    The customer as seen (apparent segment, need, communication type), the minutes they waited, the
    errors made in their business and how their visit ended (``outcome``: served, balked, reneged,
    unserved). Taking the complaint up (``Handle(True)``) keeps the lobby manager busy for
    ``staff.lobby_work.complaint_handling.handle`` minutes."""

    kind: ClassVar[str] = "complaint"
    now: float
    clock: str
    lobby_manager: str
    customer: int
    segment: str
    need: str
    comm: str
    waited: float
    errors: int
    outcome: str
    queues: dict[str, int]
    waits: dict[str, float]
    machines: dict[str, bool]


@dataclass(frozen=True, slots=True)
class RetentionSituation:
    """Retention: a waiting customer's patience has run out and they get up to leave, and the lobby
    manager is free. The customer as seen (apparent segment, need, communication type), their ticket
    class, the minutes they have waited and how many live tickets of their class are ahead of them
    (``ahead``). Trying to keep them (``Retain(True)``) keeps the lobby manager busy for
    ``staff.lobby_work.retention.retain`` minutes; the customer then waits on with chance
    ``staff.lobby_work.retention.stay``."""

    kind: ClassVar[str] = "retention"
    now: float
    clock: str
    lobby_manager: str
    customer: int
    segment: str
    need: str
    comm: str
    ticket: str
    waited: float
    ahead: int
    queues: dict[str, int]
    waits: dict[str, float]
    machines: dict[str, bool]


@dataclass(frozen=True, slots=True)
class Decision:
    """Triage: where the customer goes (one of the situation's ``options``), whether they are
    referred to a customer manager after their business, and, for a customer sent to a machine,
    whether the lobby manager stays to teach them the machine (``teach``: 客户教育). Teaching keeps the
    lobby manager busy for ``staff.lobby_work.education.teach`` minutes and makes the customer readier
    to use a machine on later visits (``staff.lobby_work.education.uptake``).

    ``diverted`` says whether the customer counts as talked into a machine (the customers table's
    ``diverted``); left ``None`` it is true when they are sent to a machine although another
    channel was open to them. The model's lobby manager sets it itself."""

    channel: str
    refer: bool = False
    diverted: bool | None = field(default=None, compare=False)
    teach: bool = False


@dataclass(frozen=True, slots=True)
class Moves:
    """Patrol: the candidates (customer ids) moved to the machines, in the order talked to."""

    customers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Pitch:
    """Pitch: the candidate (customer id) approached, or ``None`` to stay free."""

    customer: int | None = None


@dataclass(frozen=True, slots=True)
class Handle:
    """Complaint: take it up (``handle=True``: the syllabus's steps, 受理→安抚→收集信息→提出建议→达成共识→确认满意)
    or leave it alone. ``calm=False`` takes it up without calming the customer first (安抚 skipped: the
    facts asked before the customer is heard), which makes it worse than leaving it alone
    (``staff.lobby_work.complaint_handling.churn_rise``, ``repeat_rise``); only a complaint taken up
    can be handled so."""

    handle: bool = False
    calm: bool = True


@dataclass(frozen=True, slots=True)
class Retain:
    """Retention: try to keep the customer about to give up waiting (``True``: 挽留客户) or let them go."""

    retain: bool = False


#: each kind of situation and the decision that answers it
ANSWERS = {Situation: Decision, PatrolSituation: Moves, PitchSituation: Pitch, ComplaintSituation: Handle,
           RetentionSituation: Retain}


class LobbyDecider(Protocol):
    """Anything that decides for a lobby manager: the model's own (``ModelLobbyDecider``), a
    trainee through ``simkit.branch.practice.PracticeSession``, or a rule under test."""

    def decide(self, situation: Situation | PatrolSituation | PitchSituation | ComplaintSituation
               | RetentionSituation) -> Decision | Moves | Pitch | Handle | Retain:
        """The decision for ``situation``: a ``Decision`` for a ``Situation``, ``Moves`` for a
        ``PatrolSituation``, a ``Pitch`` for a ``PitchSituation``, a ``Handle`` for a
        ``ComplaintSituation``, a ``Retain`` for a ``RetentionSituation``, within its options."""
        ...


def check_decision(situation, decision):
    """``decision`` if it answers ``situation`` within its options, else ``InvalidDecision``."""
    wanted = ANSWERS[type(situation)]
    if not isinstance(decision, wanted):
        raise InvalidDecision(f"decision: a {situation.kind} situation needs a {wanted.__name__}, "
                              f"got {type(decision).__name__}")
    if isinstance(decision, Decision):
        return _check_triage(situation, decision)
    if isinstance(decision, Handle):
        return _check_handle(decision)
    if isinstance(decision, Retain):
        if not isinstance(decision.retain, bool):
            raise InvalidDecision(f"decision.retain: True (try to keep the customer) or False (let them go), "
                                  f"got {decision.retain!r}")
        return decision
    allowed = [w.customer for w in situation.candidates]
    chosen = decision.customers if isinstance(decision, Moves) else (
        () if decision.customer is None else (decision.customer,))
    for cid in chosen:
        if cid not in allowed:
            raise InvalidDecision(f"decision: customer {cid!r} is not a candidate of this {situation.kind}; "
                                  f"allowed: {', '.join(map(str, allowed)) or 'none'}")
    if isinstance(decision, Moves) and (len(set(chosen)) < len(chosen) or len(chosen) > situation.max_moves):
        raise InvalidDecision(f"decision.customers: at most {situation.max_moves} different candidates, "
                              f"got {list(chosen)}")
    return decision


def _check_handle(decision: Handle) -> Handle:
    if not isinstance(decision.handle, bool):
        raise InvalidDecision(f"decision.handle: True (take the complaint up) or False (leave it alone), "
                              f"got {decision.handle!r}")
    if not isinstance(decision.calm, bool):
        raise InvalidDecision(f"decision.calm: True (calm the customer first) or False (go straight to the facts), "
                              f"got {decision.calm!r}")
    if not decision.calm and not decision.handle:
        raise InvalidDecision("decision.calm: only a complaint taken up (handle=True) can be handled without "
                              "calming the customer; a complaint left alone has calm=True")
    return decision


def _check_triage(situation: Situation, decision: Decision) -> Decision:
    if decision.channel not in situation.options:
        raise InvalidDecision(f"decision.channel: {decision.channel!r} is not open to customer {situation.customer} "
                              f"(need {situation.need!r}); allowed: {', '.join(situation.options)}")
    if decision.diverted and decision.channel != SELF_SERVICE:
        raise InvalidDecision(f"decision.diverted: only a customer sent to {SELF_SERVICE!r} can be diverted, "
                              f"not one sent to {decision.channel!r}")
    if decision.teach and decision.channel != SELF_SERVICE:
        raise InvalidDecision(f"decision.teach: only a customer sent to {SELF_SERVICE!r} can be taught the machines, "
                              f"not one sent to {decision.channel!r}")
    return decision


class ModelLobbyDecider:
    """The model's lobby manager. Triage: offers a machine with their ``diversion`` zeal (the
    customer accepts by their segment's ``accepts_self_service``, raised for a customer taught the
    machines before: ``Branch.taught_share``) and stays to teach one who accepts, if not taught
    before, with their ``education`` habit; spots a hidden high-value
    customer with their ``referral`` zeal times ``lobby_work.spot_prob``, and otherwise gives the
    ticket the customer's need and segment call for (a desk for a VIP's or a desk-only need, the
    green channel for the elderly). A customer the greeting found without the ID card their business
    needs is sent home for it (``home``), before anything else and without a draw: the counter's
    rule, not a habit. Patrol: offers each candidate a machine the same way, until
    the patrol's moves are used up. Pitch: approaches a waiting customer at random. Complaint:
    takes it up with their ``handling`` habit, always calming the customer first. Retention: tries
    to keep a customer about to give up with their ``retention`` habit.

    It knows each customer's true segment (spotting is a chance, not a look-up) and draws from the
    branch's ``lobby`` stream, in that order, only what it needs: the same draws whoever asks."""

    def __init__(self, branch):
        self.b = branch

    def decide(self, situation):
        lm = next(m for m in self.b.lobby.lms if m.id == situation.lobby_manager)
        if isinstance(situation, Situation):
            return self.choose(self.b.customers[situation.customer], lm)
        if isinstance(situation, ComplaintSituation):
            return self.handle(lm)
        if isinstance(situation, RetentionSituation):
            return self.retain(lm)
        customers = [self.b.customers[w.customer] for w in situation.candidates]
        if isinstance(situation, PatrolSituation):
            return Moves(tuple(c.id for c in self.moves(lm, customers, situation.max_moves)))
        return Pitch(self.pick(customers).id)

    def choose(self, cust, lm) -> Decision:
        """Triage of ``cust`` greeted by ``lm`` (what ``decide`` answers, without a Situation)."""
        b = self.b
        need, seg, u = b.needs[cust.need], b.segments[cust.segment], b.rs["lobby"].uniform
        if need.without_id and cust.id_missing:
            return Decision(HOME, diverted=False)
        ch = lm.choices
        if need.ss and u() < ch.diversion * self._accepts(cust, seg):
            # a draw only with a habit to teach: a branch without customer education draws as before
            teach = ch.education > 0.0 and not cust.taught and u() < ch.education
            return Decision(SELF_SERVICE, diverted=True, teach=teach)
        refer = seg.hidden and u() < ch.referral * b.lobby_work.spot_prob
        wants_desk = need.cm and (cust.segment == "vip" or not need.teller)
        channel = b.own_channel(need, seg, to_desk=wants_desk, green=cust.segment == "elderly")
        return Decision(channel, refer=refer, diverted=False)

    def moves(self, lm, candidates, max_moves: int) -> list:
        """The ``candidates`` (customers, back of the queue first) ``lm`` moves to a machine on a patrol."""
        b, u, moved = self.b, self.b.rs["lobby"].uniform, []
        for cust in candidates:
            if len(moved) >= max_moves:
                break
            if u() < lm.choices.diversion * self._accepts(cust, b.segments[cust.segment]):
                moved.append(cust)
        return moved

    def _accepts(self, cust, seg) -> float:
        """The chance ``cust`` (of segment ``seg``) agrees to a machine when offered one."""
        return self.b.taught_share(seg.accepts_self_service) if cust.taught else seg.accepts_self_service

    def handle(self, lm) -> Handle:
        """Whether ``lm`` takes up a complaint: with their ``handling`` habit (no draw at 0)."""
        return Handle(lm.choices.handling > 0.0 and self.b.rs["lobby"].uniform() < lm.choices.handling)

    def retain(self, lm) -> Retain:
        """Whether ``lm`` tries to keep a customer about to give up: with their ``retention`` habit (no draw at 0)."""
        return Retain(lm.choices.retention > 0.0 and self.b.rs["lobby"].uniform() < lm.choices.retention)

    def pick(self, candidates):
        """The waiting customer approached with a product: one of ``candidates`` at random."""
        return candidates[int(self.b.rs["lobby"].uniform() * len(candidates))]
