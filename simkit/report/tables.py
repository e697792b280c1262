"""Human-readable KPI tables: units and sensible number formats."""
from __future__ import annotations

import pandas as pd

#: KPI name -> (unit, kind) where kind picks the format
UNITS = {
    "customers": ("visits", "int"), "per_day": ("visits/day", "f1"), "served": ("visits", "int"),
    "balked_rate": ("%", "pct"), "reneged_rate": ("%", "pct"), "unserved_rate": ("%", "pct"),
    "inside_rate": ("%", "pct"), "wait_mean": ("min", "f1"), "wait_p90": ("min", "f1"), "wait_max": ("min", "f1"),
    "served_within_10": ("%", "pct"), "served_within_15": ("%", "pct"), "diversion_rate": ("%", "pct"),
    "triaged_rate": ("%", "pct"), "error_rate": ("% of services", "pct"), "complaint_rate": ("%", "pct"),
    "satisfaction_mean": ("0-10", "f2"), "fee_income": ("¥", "yuan"), "deposits_lost": ("¥", "yuan"),
}


def _fmt(value, kind):
    if value != value:  # NaN
        return "—"
    return {"int": f"{value:,.0f}", "f1": f"{value:,.1f}", "f2": f"{value:,.2f}", "pct": f"{100 * value:.1f}",
            "yuan": f"¥{value:,.0f}"}[kind]


def format_kpis(kpis: dict) -> pd.DataFrame:
    """A three-column table (kpi, value, unit) with values formatted for reading."""
    rows = []
    for name, value in kpis.items():
        unit, kind = UNITS.get(name, ("%" if name.startswith("utilisation") else "count",
                                      "pct" if name.startswith("utilisation") else "int"))
        rows.append({"kpi": name, "value": _fmt(value, kind), "unit": unit})
    return pd.DataFrame(rows)
