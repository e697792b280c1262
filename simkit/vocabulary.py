"""The words every layer shares: roles and assessment periods.

A leaf module (it imports nothing from simkit), so the scenario's literals, the branch, pay,
the books and the reports can all name these things the same way without importing each other.
"""
from __future__ import annotations

__all__ = ["ROLES", "PERIOD_MONTHS"]

#: the roles whose staff a scenario lists, whose choices are learned and who are paid
ROLES = ("teller", "lobby_manager", "customer_manager")

#: months in each assessment period (the horizon's ``period``)
PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
