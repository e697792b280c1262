"""Checks that need the whole scenario: a need nobody can serve, a window nobody uses,
an arrival rate for an hour when the branch is shut. Each problem is reported with the
field path it concerns, so the loader can print one clear line per problem."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

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
            if seg.ticket != "ordinary" and sc.branch.lobby_managers == 0:
                pass
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
    return out


def _size_problems(sc: "Scenario") -> list[tuple[str, str]]:
    """A horizon and arrival rates that would bring more customers than memory holds."""
    from .limits import customer_problem

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
    from ..pay.indicators import INDICATORS, known

    out = []
    for role in ("teller", "lobby_manager", "customer_manager"):
        scheme = sc.pay.of(role)
        for i, comp in enumerate(scheme.components):
            for name in comp.indicators():
                if not known(name, tuple(sc.products)):
                    out.append((f"pay.{role}.components.{i}", f"unknown indicator {shown_name(name)}; allowed: "
                                f"{', '.join(sorted(INDICATORS))}, sales.<product>, sales_amount.<product> "
                                f"with products {sorted(sc.products)}"))
    return out


def _people_problems(sc: "Scenario") -> list[tuple[str, str]]:
    from .models import LobbyChoices, ManagerChoices, TellerChoices

    out = []
    teller_count = sum(sc.branch.windows.values())
    roles = (("tellers", teller_count, TellerChoices, "T"),
             ("lobby_managers", sc.branch.lobby_managers, LobbyChoices, "L"),
             ("customer_managers", sc.branch.customer_managers, ManagerChoices, "M"))
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
