"""Key performance indicators from the tidy tables (vectorised; never inside the loop)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocabulary import OUTCOMES

SERVICE_LEVELS = (10.0, 15.0)  # (default) minutes: two round service-level thresholds; the seeds name none (docs/domain.md §2.4)


def _waits(cust: pd.DataFrame) -> dict:
    called = cust[cust["start"].notna()]
    w = called["wait"].to_numpy()
    if len(w) == 0:
        return {"wait_mean": np.nan, "wait_p90": np.nan, "wait_max": np.nan,
                **{f"served_within_{int(s)}": np.nan for s in SERVICE_LEVELS}}
    return {"wait_mean": float(w.mean()), "wait_p90": float(np.quantile(w, 0.9)), "wait_max": float(w.max()),
            **{f"served_within_{int(s)}": float((w <= s).mean()) for s in SERVICE_LEVELS}}


def customer_kpis(cust: pd.DataFrame, events: pd.DataFrame, days: int) -> dict:
    n = len(cust)
    out = {"customers": n, "per_day": n / days if days else np.nan, "served": int((cust["outcome"] == "served").sum())}
    for o in OUTCOMES[1:]:  # every outcome but served
        out[f"{o}_rate"] = float((cust["outcome"] == o).mean()) if n else np.nan
    out.update(_waits(cust))
    counts = events["kind"].value_counts()
    for kind, name in (("referral", "referrals"), ("pitch", "pitches"), ("sale", "sales"), ("error", "errors"),
                       ("complaint", "complaints"), ("churn", "churned_customers"), ("prospect", "prospects_won"),
                       ("loan_application", "loan_applications"), ("ss_fail", "self_service_failures")):
        out[name] = int(counts.get(kind, 0))
    out["diversion_rate"] = float(cust["diverted"].mean()) if n else np.nan
    out["triaged_rate"] = float(cust["triaged"].mean()) if n else np.nan
    served = cust[cust["channel"] == "teller"]
    out["error_rate"] = float(served["errors"].sum() / max(1, served["services"].sum()))
    out["complaint_rate"] = float(cust["complained"].mean()) if n else np.nan
    out["satisfaction_mean"] = float(cust["satisfaction"].mean()) if n else np.nan
    out["fee_income"] = float(events.loc[events["kind"] == "sale", "value"].sum())
    out["deposits_lost"] = float(cust["churned"].sum())
    return out


def utilisation(activity: pd.DataFrame, days_open: int, open_minutes: float) -> pd.DataFrame:
    """Share of each member's opening time spent per activity (serve, lunch, outside, ...)."""
    if activity.empty:
        return pd.DataFrame(columns=["staff", "role", "activity", "minutes", "share"])
    g = activity.groupby(["staff", "role", "activity"], observed=True)["minutes"].sum().reset_index()
    g["share"] = g["minutes"] / (days_open * open_minutes)
    return g


def kpi_table(kpis: dict) -> pd.DataFrame:
    return pd.DataFrame({"kpi": list(kpis), "value": list(kpis.values())})
