"""Pay: compensation and assessment schemes as pure functions of a period's indicators.

A *payslip* lists every line of pay with the arithmetic that produced it. A scheme is a
list of components (fixed pay, piece rate with fines, commissions and quotas, deposit-only
bonus, quota-completion scoring, responsibility profit, portfolio-adjusted targets, the
balanced scorecard, the monthly/annual split, team pools, deferral of any of them,
tournaments, relative pay) added together, and any scheme can be put on any role in a
scenario's ``pay:`` section. Components are registered by ``kind`` (``simkit.pay.registry``):
a package or a notebook adds its own with ``register_component``::

    pay:
      teller:
        components:
          - {kind: fixed, base: 3000, position: 800}
          - {kind: piece_rate, per_transaction: 2.0, fine_per_error: 50}
          - {kind: commission, per_unit: {fund: 30}, quotas: {fund: 5}, quota_deduction: 300}

>>> from simkit.pay import PayScheme, pay_period, PayLedger
>>> s = PayScheme.model_validate({"components": [{"kind": "fixed"}, {"kind": "piece_rate", "fine_per_error": 50}]})
>>> slips, _ = pay_period({"T1": s}, {"T1": {"transactions": 1200, "errors": 3}}, 0, PayLedger())
>>> slips["T1"].total   # 3000 + 1000 + 1200 × 2 − 3 × 50
6250.0
"""
from .indicators import INDICATORS, get, known
from .payslip import PayLine, Payslip, yuan
from .periods import PayLedger, pay_period, pay_pool
from .plugins import RelativePay, Tournament
from .registry import PayComponentError, components, register_component, unregister_component
from .schemes import (
    Commission,
    Deferred,
    DepositOnly,
    Fixed,
    Malus,
    MonthlyAnnual,
    Part,
    PayContext,
    PayScheme,
    PieceRate,
    PortfolioTarget,
    QuotaScoring,
    ResponsibilityProfit,
    Scorecard,
    Team,
)

__all__ = ["PayScheme", "Payslip", "PayLine", "PayLedger", "PayContext", "pay_period", "pay_pool", "INDICATORS",
           "known", "get", "yuan", "Fixed", "PieceRate", "Commission", "DepositOnly", "QuotaScoring",
           "ResponsibilityProfit", "PortfolioTarget", "Scorecard", "MonthlyAnnual", "Team", "Deferred", "Malus",
           "Tournament", "RelativePay", "Part", "register_component", "unregister_component", "components",
           "PayComponentError"]
