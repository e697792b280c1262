"""Checks that need the whole scenario: a need nobody can serve, a window nobody uses,
an arrival rate for an hour when the branch is shut. Each problem is reported with the
field path it concerns, so the loader can print one clear line per problem."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

from ..limits import customer_problem
from ..pay.indicators import INDICATORS, known
from ..pay.schemes import Deferred, MonthlyAnnual, PortfolioTarget, QuotaScoring, Scorecard
from ..vocabulary import ROLES
from .clock import clock_to_minutes
from .errors import shown_name

if TYPE_CHECKING:
    from .models import Scenario


class ConsistencyProblems(ValueError):
    """Several cross-field problems at once: ``problems`` is a list of (path, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


def available_channels(sc: "Scenario") -> set[str]:
    ch = set()
    if any(n > 0 for n in sc.branch.windows.values()):
        ch.add("teller")
    if sc.branch.self_service.machines > 0:
        ch.add("self_service")
    if sc.branch.customer_managers > 0:
        ch.add("customer_manager")
    return ch


def ticket_classes_produced(sc: "Scenario") -> set[str]:
    """Ticket classes some customer can hold: their own choice, or the lobby's."""
    produced = set()
    for name, seg in sc.customers.segments.items():
        if seg.share > 0 and any(share > 0 and "teller" in sc.needs[n].channels
                                 for n, share in seg.needs.items() if n in sc.needs):
            produced.add(seg.ticket)
            if name == "elderly" and sc.branch.green_channel and sc.branch.lobby_managers > 0:
                produced.add("green")
    return produced


def _problems(sc: "Scenario") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    chans = available_channels(sc)
    for seg_name, seg in sc.customers.segments.items():
        for need in seg.needs:
            if need not in sc.needs:
                out.append((f"customers.segments.{seg_name}.needs.{need}",
                            f"unknown need {shown_name(need)}; defined needs: {sorted(sc.needs)}"))
    for name, need in sc.needs.items():
        if not set(need.channels) & chans:
            out.append((f"needs.{name}.channels",
                        f"no channel can serve {name!r}: it lists {sorted(need.channels)} but the branch "
                        f"has only {sorted(chans) or 'no channels'}"))
    produced = ticket_classes_produced(sc)
    calls: set[str] = set()
    for wtype, n in sc.branch.windows.items():
        if n == 0:
            continue
        rule = sc.branch.calling.get(wtype, [])
        calls |= set(rule)
        if not set(rule) & produced:
            out.append((f"branch.windows.{wtype}",
                        f"no customer can use a {wtype!r} window: it calls {rule} but customers only hold "
                        f"{sorted(produced)} tickets"))
    for seg_name, seg in sc.customers.segments.items():
        if seg.ticket in produced and seg.ticket not in calls and "teller" in chans:
            out.append((f"customers.segments.{seg_name}.ticket",
                        f"no open window calls {seg.ticket!r} tickets; windows call {sorted(calls)}"))
    out += _hour_problems(sc)
    out += _pay_problems(sc)
    out += _people_problems(sc)
    out += _size_problems(sc)
    out += _loan_problems(sc)
    out += _lunch_problems(sc)
    out += _push_problems(sc)
    out += _target_problems(sc)
    return out


# the five-category classification (CBRC 2007) by months overdue: a worse category starts no earlier
_CATEGORIES = ("special_mention_after", "substandard_after", "doubtful_after", "loss_after")
_PROVISIONS = ("provision_substandard", "provision_doubtful", "provision_loss")


def _first_decrease(values: list) -> int | None:
    """The index of the first value below the one before it, or None if they never fall."""
    return next((i for i in range(1, len(values)) if values[i] < values[i - 1]), None)


def _loan_problems(sc: "Scenario") -> list[tuple[str, str]]:
    """Loan categories in order of months overdue, written off only once a loss, provisions
    that do not fall as loans worsen, and good borrowers safer than bad ones."""
    loans, out = sc.bank.loans, []
    months = [getattr(loans, f) for f in _CATEGORIES]
    late = _first_decrease(months)
    if late is not None:
        shown = ", ".join(f"{f} {m}" for f, m in zip(_CATEGORIES, months))
        out.append((f"bank.loans.{_CATEGORIES[late]}",
                    f"loan categories out of order ({shown}); allowed: months overdue that never decrease "
                    f"from special_mention_after to loss_after (a worse category starts no earlier)"))
    if loans.write_off_months < loans.loss_after:
        out.append(("bank.loans.write_off_months",
                    f"a loan would be written off after {_months(loans.write_off_months)} overdue, before it is "
                    f"classed as a loss at {loans.loss_after}; allowed: write_off_months >= loss_after "
                    f"({loans.loss_after})"))
    rates = [getattr(loans, f) for f in _PROVISIONS]
    fall = _first_decrease(rates)
    if fall is not None:
        shown = ", ".join(f"{f} {r:g}" for f, r in zip(_PROVISIONS, rates))
        out.append((f"bank.loans.{_PROVISIONS[fall]}",
                    f"provisions decrease as loans worsen ({shown}); allowed: provision_substandard <= "
                    f"provision_doubtful <= provision_loss"))
    if loans.pd_good >= loans.pd_bad:
        out.append(("bank.loans.pd_good",
                    f"a good borrower defaults at least as often ({loans.pd_good:g} a year) as a bad one "
                    f"(pd_bad {loans.pd_bad:g}); allowed: pd_good below pd_bad"))
    return out


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _lunch_problems(sc: "Scenario") -> list[tuple[str, str]]:
    """The lunch rotation (``groups`` one after another, ``minutes`` each, from ``start``) must
    fit in the opening day."""
    lunch, branch = sc.branch.lunch, sc.branch
    if not lunch.enabled:
        return []
    opens, closes = branch.open_minute, branch.close_minute
    day, start = closes - opens, clock_to_minutes(lunch.start)
    hours = f"the branch is open {branch.open}-{branch.close}"
    if lunch.minutes >= day:
        return [("branch.lunch.minutes", f"a lunch of {lunch.minutes} minutes is as long as the opening day "
                 f"({hours}, {day} minutes); allowed: fewer than {day} minutes, or lunch: {{enabled: false}}")]
    if not opens <= start < closes:
        return [("branch.lunch.start", f"lunch starts at {lunch.start} but {hours}; allowed: a start from "
                 f"{branch.open} to before {branch.close}")]
    end = start + lunch.groups * lunch.minutes
    if end > closes:
        return [("branch.lunch", f"{lunch.groups} lunch groups of {lunch.minutes} minutes from {lunch.start} end at "
                 f"{_clock(end)}, after closing ({hours}); allowed: start + groups × minutes by {branch.close}")]
    return []


def _push_problems(sc: "Scenario") -> list[tuple[str, str]]:
    """Products pushed in starting choices (the role's and each person's) must exist."""
    allowed = f"allowed: the scenario's products ({', '.join(sorted(sc.products)) or 'none defined'})"
    places = [(f"staff.choices.{role}", getattr(sc.staff.choices, role))
              for role in ROLES]
    places += [(f"staff.{field}.{i}.choices", p.choices)
               for field in ("tellers", "lobby_managers", "customer_managers")
               for i, p in enumerate(getattr(sc.staff, field)) if p.choices is not None]
    return [(f"{where}.push.{product}", f"pushes unknown product {shown_name(product)}; {allowed}")
            for where, choices in places for product in choices.push if product not in sc.products]


def _target_problems(sc: "Scenario") -> list[tuple[str, str]]:
    """Targets a completion can be measured against, perspectives that can pay, distinct grades."""
    out = []
    for role in ROLES:
        for i, outer in enumerate(sc.pay.of(role).components):
            # a deferred component's own rules are its inner component's
            comp, where = ((outer.inner, f"pay.{role}.components.{i}.inner") if isinstance(outer, Deferred)
                           else (outer, f"pay.{role}.components.{i}"))
            for path, target in _targets(comp):
                if not target.lower_is_better and target.target <= 0:
                    out.append((f"{where}.{path}.target",
                                f"a target of {target.target:g} for {shown_name(target.indicator)}, where more is "
                                f"better, can never be completed in proportion; allowed: a target > 0, or "
                                f"lower_is_better: true"))
            if isinstance(comp, Scorecard):
                for name, view in comp._perspectives().items():
                    if view.weight > 0 and not view.targets:
                        out.append((f"{where}.{name}", f"perspective {name!r} has weight {view.weight:g} but no "
                                    f"targets, so its share of the pool is never paid; allowed: targets for it, "
                                    f"or weight 0"))
            if isinstance(comp, PortfolioTarget) and comp.mode != "progress" and comp.base_target <= 0:
                out.append((f"{where}.base_target", f"a target of 0 for {shown_name(comp.indicator)} in "
                            f"{comp.mode!r} mode leaves completion 0 whatever is achieved; allowed: a base_target "
                            f"> 0, or mode: progress"))
            if isinstance(comp, MonthlyAnnual):
                out += _grade_problems(comp, where)
    return out


def _targets(comp) -> list[tuple[str, object]]:
    """(path within the component, Target) of every target a component scores."""
    if isinstance(comp, QuotaScoring):
        return [(f"targets.{j}", t) for j, t in enumerate(comp.targets)]
    if isinstance(comp, Scorecard):
        return [(f"{name}.targets.{j}", t) for name, view in comp._perspectives().items()
                for j, t in enumerate(view.targets)]
    return []


def _grade_problems(comp: MonthlyAnnual, where: str) -> list[tuple[str, str]]:
    """Two grades with one threshold: only one of them can ever be given."""
    out, first = [], {}
    for name, grade in comp.grades.items():
        twin = first.setdefault(grade.at_least, name)
        if twin != name:
            out.append((f"{where}.grades.{name}.at_least",
                        f"grade {shown_name(name)} has the same threshold ({grade.at_least:g}) as grade "
                        f"{shown_name(twin)}, so only one of them is ever given; allowed: a different at_least "
                        f"for each grade"))
    return out


def _size_problems(sc: "Scenario") -> list[tuple[str, str]]:
    """A horizon and arrival rates that would bring more customers than memory holds."""

    problem = customer_problem(sc)
    return [("arrivals.hourly", f"{problem[0]}; allowed: {problem[1]}")] if problem else []


def _hour_problems(sc: "Scenario") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not isinstance(sc.arrivals.hourly, dict):
        return out
    o, c = sc.branch.open_minute, sc.branch.close_minute
    open_hours = set(range(o // 60, (c + 59) // 60))
    for h in sorted(set(sc.arrivals.hourly) - open_hours):
        if sc.arrivals.hourly[h] > 0:
            out.append((f"arrivals.hourly.{h}",
                        f"a rate for {h:02d}:00 but the branch is open {sc.branch.open}-{sc.branch.close}; "
                        f"allowed hours: {min(open_hours)} to {max(open_hours)}"))
    for h in sorted(open_hours - set(sc.arrivals.hourly)):
        out.append(("arrivals.hourly", f"no rate for hour {h} while the branch is open; give {h}: <customers per hour>"))
    return out


def _pay_problems(sc: "Scenario") -> list[tuple[str, str]]:
    out = []
    for role in ROLES:
        scheme = sc.pay.of(role)
        for i, comp in enumerate(scheme.components):
            for name in comp.indicators():
                product = _product_of(name)
                if product is not None and product not in sc.products:
                    out.append((f"pay.{role}.components.{i}", f"unknown indicator {shown_name(name)}: no product "
                                f"{shown_name(product)}; allowed: the scenario's products "
                                f"({', '.join(sorted(sc.products)) or 'none defined'})"))
                elif not known(name, tuple(sc.products)):
                    out.append((f"pay.{role}.components.{i}", f"unknown indicator {shown_name(name)}; allowed: "
                                f"{', '.join(sorted(INDICATORS))}, sales.<product>, sales_amount.<product> "
                                f"with products {sorted(sc.products)}"))
    return out


def _product_of(indicator: str) -> str | None:
    """The product an indicator counts (``sales.fund`` -> ``fund``), or None."""
    head, dot, rest = indicator.partition(".")
    return rest if dot and head in ("sales", "sales_amount") else None


def _people_problems(sc: "Scenario") -> list[tuple[str, str]]:
    out = []
    teller_count = sum(sc.branch.windows.values())
    choices = sc.staff.choices  # each role's starting choices: their class is what a person's must be
    roles = (("tellers", teller_count, type(choices.teller), "T"),
             ("lobby_managers", sc.branch.lobby_managers, type(choices.lobby_manager), "L"),
             ("customer_managers", sc.branch.customer_managers, type(choices.customer_manager), "M"))
    # listed people take the first posts in order; unlisted posts get generated ids
    # (T4, L1, M3, ...), so a listed id may not collide with one of those either
    generated = {f"{prefix}{i + 1}" for field, count, _, prefix in roles
                 for i in range(len(getattr(sc.staff, field)), count)}
    seen: set[str] = set()
    for field, count, kind, _ in roles:
        people = getattr(sc.staff, field)
        if len(people) > count:
            out.append((f"staff.{field}", f"{len(people)} people listed but the branch has {count} such posts"))
        for i, p in enumerate(people):
            if p.id in seen:
                out.append((f"staff.{field}.{i}.id", f"id {p.id!r} is used twice; ids must be unique"))
            elif p.id in generated:
                out.append((f"staff.{field}.{i}.id", f"id {p.id!r} is also the id of an unlisted post "
                            "(listed people fill the first posts in order; unlisted posts are named T1.., L1.., "
                            "M1..); list the people before it or choose another id"))
            seen.add(p.id)
            if p.choices is not None and not isinstance(p.choices, kind):
                out.append((f"staff.{field}.{i}.choices", f"these are not {kind.__name__} fields"))
    return out


def check_consistency(sc: "Scenario") -> None:
    problems = _problems(sc)
    if problems:
        raise PydanticCustomError("consistency", "{detail}", {"detail": ConsistencyProblems(problems).args[0],
                                                                "problems": problems})
