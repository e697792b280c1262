"""Measurement: the event log becomes tidy tables and KPIs."""
from .fairness import book_pay_gap, contributions, fairness, gini
from .kpis import customer_kpis, kpi_table, utilisation
from .tables import activity_table, customers_table, events_table, in_branch_series, queue_table

__all__ = ["customers_table", "events_table", "activity_table", "queue_table", "in_branch_series",
           "customer_kpis", "utilisation", "kpi_table",
           "fairness", "book_pay_gap", "contributions", "gini"]
