"""Paying everyone for one period: each person's components, those that read colleagues'
indicators (team pools, tournaments, relative pay), and the ledger of pay held back
(deferred settlement, annual ratings)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .payslip import Payslip
from .schemes import PayContext, PayScheme, is_tally


class PayLedger:
    """Pay earned but not yet paid, per person and component (plain, copyable state)."""

    def __init__(self, held: dict[str, dict[str, float]] | None = None):
        self.held: dict[str, dict[str, float]] = held or {}

    def copy(self) -> "PayLedger":
        return PayLedger({person: dict(entries) for person, entries in self.held.items()})  # ¥ floats

    def owed(self, person: str) -> float:
        """¥ held back for ``person`` (running totals such as the year's indicator are not money;
        negative when a loss has taken back more than was held)."""
        return sum(v for k, v in self.held.get(person, {}).items() if not is_tally(k))

    def forfeit(self, person: str) -> float:
        """A person who quits loses what was held back (the point of deferral); an over-advance
        is not recovered from someone who has left."""
        return sum(v for k, v in self.held.pop(person, {}).items() if not is_tally(k))


def peers(schemes: Mapping[str, PayScheme], person: str, scope: str | None) -> list[str]:
    """Who is in ``person``'s ``scope`` (``_Part.peer_scope``), in the order they are paid:
    everyone paid by the same scheme object, everyone, or ``person`` alone."""
    if scope == "all":
        return list(schemes)
    if scope == "scheme":
        return [p for p, scheme in schemes.items() if scheme is schemes[person]]
    return [person]


def pay_pool(schemes: Mapping[str, PayScheme], person: str) -> list[str]:
    """Everyone whose indicators ``person``'s pay reads (``person`` included): what working out
    their pay alone needs (``simkit.contract.own_pay_view``)."""
    scopes = {c.peer_scope() for c in schemes[person].components}
    return peers(schemes, person, "all" if "all" in scopes else "scheme" if "scheme" in scopes else None)


def pay_period(schemes: Mapping[str, PayScheme], kpis: Mapping[str, Mapping[str, float]], period: int,
               ledger: PayLedger, periods_per_year: int = 12) -> tuple[dict[str, Payslip], PayLedger]:
    """Payslips for everyone in ``schemes`` for ``period``; returns the new ledger too
    (the one passed in is not changed, so the function is pure).

    A component with a ``peer_scope`` gets the indicators of everyone in that scope in
    ``PayContext.peers``; its lines come after the person's other lines (pools at the foot
    of the slip)."""
    ledger = ledger.copy()
    pools: dict[tuple, dict] = {}
    slips = {}
    for person, scheme in schemes.items():
        ctx = PayContext(period=period, periods_per_year=periods_per_year, person=person)
        held = ledger.held.setdefault(person, {})
        own, shared = [], []
        for c in scheme.components:
            scope = c.peer_scope()
            if scope is None:
                own.extend(c.lines(kpis.get(person, {}), ctx, held))
                continue
            key = (scope, id(scheme) if scope == "scheme" else None)
            if key not in pools:
                pools[key] = {p: kpis.get(p, {}) for p in peers(schemes, person, scope)}
            shared.extend(c.lines(kpis.get(person, {}), replace(ctx, peers=pools[key]), held))
        slips[person] = Payslip(person, period, tuple(own + shared))
    return slips, ledger
