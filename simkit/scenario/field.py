"""The field margins: every mechanism through which pay acts in the field, switched on together.

Each margin is built and tested on its own and is off by default, so that stored results,
notebooks and the 27 effects stay as they are until the whole set is recalibrated
(docs/flip.md says where that stands). ``FIELD_MARGINS`` switches them all on, as
overrides any scenario takes::

    from simkit.scenario import load_scenario, with_overrides, FIELD_MARGINS
    scenario = with_overrides(load_scenario("scenarios/schemes/teller_piece_rate.yaml"), FIELD_MARGINS)

The results library (library/experiments.yaml) is computed with them on; the shipped defaults
switch them on once the scheme runs, notebooks and lessons are recorded again (docs/flip.md).
"""
from __future__ import annotations

__all__ = ["FIELD_MARGINS"]

#: override path -> value, one line per margin, with the document that describes it
FIELD_MARGINS: dict[str, object] = {
    "behaviour.turnover.market.enabled": True,  # quits and sorting hires (docs/labour.md)
    "pay.rules.enabled": True,  # minimum wage, deductions capped at 20 % (simkit.pay.wage_rules)
    "bank.loans.demand.enabled": True,  # applications answer a manager's reputation; loan size (docs/loans.md)
    "bank.loans.book.inherited": True,  # each manager inherits a book in steady state (docs/loans.md)
    "behaviour.learning.scale": "linear",  # no habit stuck at a range's end (docs/learning.md)
    "behaviour.learning.foresee_counts": True,  # tellers and lobby managers see their counts (simkit.counts)
    "behaviour.choices.teller.care.learn": True,  # care, a teller's own choice (docs/care.md)
    # 1 % of voiced dissatisfaction becomes a formal complaint: about 2.8 a branch-month at the
    # baseline's ~280 voiced a month, the top of the sourced 0.058-2.3 (docs/levels.md)
    "customers.complaints.formal_share": 0.01,
    "branch.rota.enabled": True,  # five days on, two off; relief at the counter (docs/rota.md)
    # a larger loan is riskier, default risk in proportion to the debt-service burden: without it
    # the loan-size margin made leniency free to any pay that counts profit (docs/loans.md item 5)
    "bank.loans.demand.size_risk": 1.0,
}
