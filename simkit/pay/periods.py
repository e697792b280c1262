"""Paying everyone for one period: each person's components, team pools, and the
ledger of pay held back (deferred settlement, annual ratings)."""
from __future__ import annotations

from collections.abc import Mapping

from .indicators import get
from .payslip import PayLine, Payslip, yuan
from .schemes import TALLIES, PayContext, PayScheme, Team


class PayLedger:
    """Pay earned but not yet paid, per person and component (plain, copyable state)."""

    def __init__(self, held: dict[str, dict[str, float]] | None = None):
        self.held: dict[str, dict[str, float]] = held or {}

    def copy(self) -> "PayLedger":
        return PayLedger({person: dict(entries) for person, entries in self.held.items()})  # ¥ floats

    def owed(self, person: str) -> float:
        """¥ held back for ``person`` (running totals such as the year's indicator are not money;
        negative when a loss has taken back more than was held)."""
        return sum(v for k, v in self.held.get(person, {}).items() if k not in TALLIES)

    def forfeit(self, person: str) -> float:
        """A person who quits loses what was held back (the point of deferral); an over-advance
        is not recovered from someone who has left."""
        return sum(v for k, v in self.held.pop(person, {}).items() if k not in TALLIES)


def _team_lines(schemes, kpis) -> dict[str, list[PayLine]]:
    """Team components: one pool per scheme object (a role's team) and component."""
    out: dict[str, list[PayLine]] = {p: [] for p in schemes}
    groups: dict[tuple, tuple[Team, list[str]]] = {}
    for person, scheme in schemes.items():
        for i, c in enumerate(scheme.components):
            if isinstance(c, Team):
                groups.setdefault((id(scheme), i), (c, []))[1].append(person)
    for comp, members in groups.values():
        total = sum(get(kpis[m], comp.indicator) for m in members)
        pool = comp.rate * total
        for m in members:
            share = 1 / len(members) if comp.rule == "equal" or total == 0 else get(kpis[m], comp.indicator) / total
            out[m].append(PayLine("team pool", "team", pool * share,
                                  f"{yuan(pool)} pool ({total:,.0f} × {yuan(comp.rate)}) × {share:.1%}"))
    return out


def pay_period(schemes: Mapping[str, PayScheme], kpis: Mapping[str, Mapping[str, float]], period: int,
               ledger: PayLedger, periods_per_year: int = 12) -> tuple[dict[str, Payslip], PayLedger]:
    """Payslips for everyone in ``schemes`` for ``period``; returns the new ledger too
    (the one passed in is not changed, so the function is pure)."""
    ledger = ledger.copy()
    team = _team_lines(schemes, kpis)
    slips = {}
    for person, scheme in schemes.items():
        ctx = PayContext(period=period, periods_per_year=periods_per_year)
        held = ledger.held.setdefault(person, {})
        lines = [ln for c in scheme.components for ln in c.lines(kpis.get(person, {}), ctx, held)]
        slips[person] = Payslip(person, period, tuple(lines + team[person]))
    return slips, ledger
