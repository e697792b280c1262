"""Wage rules: a payslip after the law's floor and its cap on deductions.

Two rules of Chinese labour law act on every payslip, whatever the scheme and role:

* 《工资支付暂行规定》(劳部发〔1994〕489号) 第十六条: deductions from a month's wage for losses the
  worker caused may not exceed 20 % of that month's wage, and if what is left after them is below
  the local monthly minimum wage, the minimum is paid. The rule's text, as it is commonly
  reproduced: 「经济损失的赔偿，可从劳动者本人的工资中扣除。但每月扣除的部分不得超过劳动者当月工资的20%。
  若扣除后的剩余工资部分低于当地月最低工资标准，则按最低工资标准支付。」
* 《最低工资规定》(劳动和社会保障部令第21号, 2004) 第十二条: for normal work in the legal working hours
  the employer pays at least the local minimum wage, so a month whose earnings fall short (a loss
  taken back by responsibility-profit pay) is topped up to it as well.

The model applies the cap to every line of kind ``deduction`` (fines per error or complaint,
missed-quota deductions, deductions per bad loan) alike: it cannot tell a fine from a claim for
a loss, and the rule is the only legal limit on either. What the rules change is written on the
payslip as lines of their own, with their arithmetic, so a reader can check them by hand::

    error fines                           ¥   -4,800.00   -30 errors × ¥160.00
    deductions capped at 20% of the wage  ¥    4,300.00   deductions ¥4,800.00 > 20% × ¥2,500.00 = ¥500.00: ¥4,300.00 not deducted
    topped up to the minimum wage         ¥      540.00   ¥2,540.00 × 1 month = ¥2,540.00 − ¥2,000.00 = ¥540.00

A payslip after the rules is never negative. ``apply`` is pure: the slip passed in is not
changed; with the rules disabled it is returned as it is (the same object), so pay is unchanged.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .payslip import PayLine, Payslip, yuan
from .schemes import Yuan

#: the payslip line the deduction cap writes (kind ``deduction``: it gives back part of the deductions)
CAP_LINE = "deductions capped at {share:.0%} of the wage"
#: the payslip line the minimum wage writes (kind ``minimum``)
FLOOR_LINE = "topped up to the minimum wage"


class WageRules(BaseModel):
    """The wage rules on every payslip (``pay.rules`` in a scenario): a monthly minimum wage and
    a cap on deductions as a share of the month's wage. Off unless ``enabled``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    # (default) off: payslips as the schemes make them, so results stay as they were
    enabled: bool = False
    # ¥ a month. (source) Beijing's monthly minimum wage, ¥2,540 from 1 September 2024 (北京市人力资源和
    # 社会保障局, notice on raising the minimum wage standard, 2024), the figure for a full-time
    # worker. Not checked against the notice here: set your city's current figure; a county
    # branch's province sets a lower tier (about ¥1,800-2,200 a month).
    minimum_wage: Yuan = 2540.0
    # (source) 《工资支付暂行规定》第十六条: deductions may not exceed 20 % of the month's wage
    deduction_cap: Annotated[float, Field(ge=0.0, le=1.0)] = 0.20


def wage(slip: Payslip) -> float:
    """¥ of a payslip's wage before deductions: every line paid that is not a deduction."""
    return sum(line.amount for line in slip.lines if line.kind != "deduction")


def apply(slip: Payslip, rules: WageRules, months: int = 1) -> Payslip:
    """``slip`` after ``rules`` for a period of ``months`` months: deductions capped at
    ``deduction_cap`` of the wage (``wage``, never less than 0), then the total topped up
    to ``minimum_wage × months``. Each change is a line of its own with its arithmetic."""
    if not rules.enabled:
        return slip
    lines = list(slip.lines)
    earned = wage(slip)
    deducted = -slip.deductions
    cap = rules.deduction_cap * max(earned, 0.0)
    if deducted > cap:
        back = deducted - cap
        lines.append(PayLine(CAP_LINE.format(share=rules.deduction_cap), "deduction", back,
                             f"deductions {yuan(deducted)} > {rules.deduction_cap:.0%} × {yuan(earned)} = "
                             f"{yuan(cap)}: {yuan(back)} not deducted"))
    paid = sum(line.amount for line in lines)
    floor = rules.minimum_wage * months
    if paid < floor:
        lines.append(PayLine(FLOOR_LINE, "minimum", floor - paid,
                             f"{yuan(rules.minimum_wage)} × {months} month{'s' * (months != 1)} = {yuan(floor)}"
                             f" − {yuan(paid)} = {yuan(floor - paid)}"))
    return Payslip(slip.person, slip.period, tuple(lines))


def apply_all(slips: Mapping[str, Payslip], rules: WageRules, months: int = 1) -> dict[str, Payslip]:
    """Every payslip of a period after ``rules`` (``apply``), by person."""
    return {person: apply(slip, rules, months) for person, slip in slips.items()}
