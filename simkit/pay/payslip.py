"""Payslips: every yuan with the arithmetic that produced it."""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("base", "position", "performance", "commission", "deduction", "deferred", "settlement", "team",
         "minimum")  # minimum: a top-up to the minimum wage (simkit.pay.wage_rules)


@dataclass(frozen=True, slots=True)
class PayLine:
    """One line of a payslip: what it pays for, its kind, the ¥ paid and held back, and the
    arithmetic written out (``formula``) so that a reader can check it by hand."""

    name: str
    kind: str  # one of KINDS
    amount: float  # ¥ paid this period (deferred lines record what was earned but held back)
    formula: str  # the arithmetic, readable: "120 tx × ¥3.00 = ¥360.00"
    held: float = 0.0  # ¥ earned this period but held back to be paid later (< 0: a loss taken from it)
    # settlement lines: how many periods of work this pays for, this one included (a half-year's
    # held-back profit pay, a year's rating); what lets a person hold the right months responsible
    covers: int = 0
    # ((periods ago, ¥), ...): the part of this line (paid and held back) that the person's own
    # records trace to work of earlier periods — responsibility-profit pay moved this month by
    # loans approved months ago, as their loan ledger shows (simkit.bank.books, by vintage)
    traced: tuple = ()


@dataclass(frozen=True, slots=True)
class Payslip:
    """A person's pay for one period as lines; ``total`` is what is paid out, ``held`` what is kept
    back for a later settlement, and ``str()`` prints the arithmetic line by line."""

    person: str
    period: int
    lines: tuple[PayLine, ...] = field(default_factory=tuple)

    @property
    def total(self) -> float:
        """¥ paid out this period: the sum of the lines (deferred amounts are not paid)."""
        return sum(line.amount for line in self.lines)

    @property
    def held(self) -> float:
        return sum(line.held for line in self.lines)

    def traced(self) -> dict[int, float]:
        """``{periods ago: ¥}`` of this period's pay traced to earlier periods' work (``PayLine.traced``)."""
        out: dict[int, float] = {}
        for line in self.lines:
            for ago, amount in line.traced:
                out[ago] = out.get(ago, 0.0) + amount
        return out

    @property
    def deductions(self) -> float:
        return sum(line.amount for line in self.lines if line.kind == "deduction")

    def by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.kind] = out.get(line.kind, 0.0) + line.amount
        return out

    def to_rows(self) -> list[dict]:
        return [{"person": self.person, "period": self.period, "line": ln.name, "kind": ln.kind,
                 "amount": ln.amount, "held": ln.held, "formula": ln.formula} for ln in self.lines]

    def __str__(self) -> str:
        width = max([len(ln.name) for ln in self.lines] + [5])
        rows = [f"Payslip — {self.person}, period {self.period}"]
        for ln in self.lines:
            held = (f"  (held back ¥{ln.held:,.2f})" if ln.held > 0 else
                    f"  (taken from the settlement ¥{-ln.held:,.2f})" if ln.held < 0 else "")
            rows.append(f"  {ln.name:<{width}}  ¥{ln.amount:>12,.2f}   {ln.formula}{held}")
        rows.append(f"  {'total':<{width}}  ¥{self.total:>12,.2f}")
        return "\n".join(rows)


def yuan(x: float) -> str:
    return f"¥{x:,.2f}"
