"""Indicators: the measured numbers a scheme may refer to, by name.

A period's KPIs for one person are a flat ``dict[str, float]``. Names are fixed (below) plus
``sales.<product>`` (units sold) and ``sales_amount.<product>`` (¥ fee income), so a YAML
file can name any indicator and a typo is caught when the scenario is validated.
"""
from __future__ import annotations

from collections.abc import Mapping

#: name -> meaning (the measure layer and the bank fill these)
INDICATORS = {
    "transactions": "services completed at the counter or desk",
    "errors": "error slips (后督差错) caused",
    "complaints": "formal customer complaints (投诉) naming this person",
    "grumbles": "dissatisfaction voiced on the spot (抱怨) naming this person (customers.complaints.formal_share < 1)",
    "pitches": "cross-sell pitches made",
    "sales": "products sold (all products)",
    "sales_amount": "¥ fee income from products sold (all products)",
    "triaged": "customers greeted and triaged (lobby)",
    "diverted": "customers sent to self-service (lobby)",
    "referrals": "hidden high-value customers referred (lobby)",
    "satisfaction": "mean satisfaction (0-10) of customers served",
    "days_worked": "days worked in the period",
    "deposit_balance_end": "¥ deposits of the person's clients at period end",
    "deposit_balance_avg": "¥ average deposits over the period",
    "deposit_net_increase": "¥ end minus start deposit balance",
    "deposit_avg_increase": "¥ average balance minus last period's average",
    "deposit_growth": "deposit_net_increase / deposits at start (progress, not size)",
    "loan_balance_end": "¥ loans outstanding at period end",
    "loan_balance_avg": "¥ average loans outstanding",
    "loan_net_increase": "¥ end minus start loan balance",
    "loans_approved": "¥ new loans approved in the period",
    "loan_refusals": "loan applications refused in the period",
    "loan_defaults": "loans that fell overdue in the period (first missed payment)",
    "loan_interest_income": "¥ interest collected",
    "interest_collection_ratio": "interest collected / interest due (seed 003)",
    "deposit_margin_income": "¥ internal transfer income on deposits",
    "fee_income": "¥ fee income credited (same as sales_amount for sellers)",
    "deposit_interest_paid": "¥ interest paid to depositors",
    "asset_cost": "¥ funding cost of loans",
    "loans_substandard": "¥ balance classified substandard (次级)",
    "loans_doubtful": "¥ balance classified doubtful (可疑)",
    "loans_loss": "¥ balance classified loss (损失)",
    "npl_share": "non-performing share of the loan book (0..1)",
    "collateralised_share": "share of loans with collateral (0..1)",
    "recovered_at_maturity_share": "share of maturing loans repaid on time (0..1)",
    "breaches_post_maturity": "post-maturity loan-rule breaches (seed 003: -5 points)",
    "breaches_other": "other loan-rule breaches (seed 003: -2 points)",
    "breaches_qualitative2": "second qualitative-rule breaches (seed 003: -10 points)",
    "responsibility_profit": "¥ responsibility profit (责任利润) after loan loss (seed 001)",
    "portfolio_start": "¥ client portfolio handed over at hiring (inherited)",
    "learning": "training completed (0..1)",
}
PREFIXES = ("sales.", "sales_amount.")
#: not an indicator a scheme may name: a customer manager's loan profit this period split by the
#: period each loan was approved, ``((period, ¥), ...)`` (simkit.bank.books); what their loan
#: ledger shows, and what lets responsibility-profit pay be traced back to the approvals behind it
VINTAGES = "loan_profit_by_vintage"


def known(name: str, products=()) -> bool:
    if name in INDICATORS:
        return True
    for p in PREFIXES:
        if name.startswith(p):
            return not products or name[len(p):] in products
    return False


def get(kpis: Mapping[str, float], name: str) -> float:
    """An indicator's value; indicators not measured for this person count as 0."""
    return float(kpis.get(name, 0.0))
