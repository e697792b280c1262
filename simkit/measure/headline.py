"""The few numbers that decide between pay schemes, from one run.

``headline(res)`` flattens a run into one dict: what customers got, what the bank earned
and risked, what staff were paid and did. ``simkit compare`` and the replication summaries
put these side by side with confidence intervals. ``last`` restricts period-based figures
to the final periods (after learning has settled); customer figures follow the same
periods.
"""
from __future__ import annotations

import numpy as np

from .fairness import fairness

#: (name, unit, what it says) in the order the comparison table prints them
HEADLINE = (
    ("wait_mean", "min", "mean wait of customers"),
    ("served_within_10", "%", "share served within 10 minutes"),
    ("complaint_rate", "%", "complaints per customer"),
    ("error_rate", "%", "teller errors per transaction"),
    ("sales", "count/period", "products sold"),
    ("teller_pace", "x", "tellers' mean pace"),
    ("teller_pitch", "0-1", "tellers' mean pitch intensity"),
    ("cm_screening", "0-1", "customer managers' mean screening effort"),
    ("cm_strictness", "0-1", "customer managers' mean approval strictness"),
    ("approval_rate", "%", "share of loan applications approved"),
    ("new_loans", "¥/period", "loans originated"),
    ("npl_ratio", "%", "non-performing loans / loans at the end"),
    ("deposits", "¥", "deposits at the end"),
    ("profit", "¥/period", "branch profit after staff pay"),
    ("staff_pay", "¥/period", "total staff pay"),
    ("effort", "¥/person/period", "mean effort cost"),
    ("quits", "count", "staff who quit"),
    ("gini_teller", "0-1", "Gini of teller pay"),
    ("gini_customer_manager", "0-1", "Gini of customer manager pay"),
)


def headline(res, last: int | None = None) -> dict[str, float]:
    """One run in the numbers of ``HEADLINE`` (NaN where a run has no such thing)."""
    sp, bp, cu = res.staff_periods, res.bank_periods, res.customers
    if last is not None:
        first = int(bp["period"].max()) + 1 - last
        sp, bp, cu = sp[sp["period"] >= first], bp[bp["period"] >= first], cu[cu["period"] >= first]
    n_periods = max(1, len(bp))
    done = cu[cu["outcome"] != "inside"]
    role = lambda r, col: _mean(sp.loc[sp["role"] == r, col]) if col in sp else float("nan")  # noqa: E731
    tx = sp.loc[sp["role"] == "teller", "kpi.transactions"].sum() if "kpi.transactions" in sp else 0.0
    out = {
        "wait_mean": _mean(done["wait"]),
        "served_within_10": 100 * _mean((done["outcome"] == "served") & (done["wait"] <= 10)),
        "complaint_rate": 100 * _mean(done["complained"]),
        "error_rate": 100 * sp.loc[sp["role"] == "teller", "kpi.errors"].sum() / tx if tx else float("nan"),
        "sales": float((done["sold"].astype(str) != "").sum()) / n_periods,
        "teller_pace": role("teller", "choice.pace"),
        "teller_pitch": role("teller", "choice.pitch"),
        "cm_screening": role("customer_manager", "choice.screening"),
        "cm_strictness": role("customer_manager", "choice.strictness"),
        "approval_rate": (100 * float(bp["approvals"].sum() / bp["applications"].sum())
                          if len(bp) and bp["applications"].sum() else float("nan")),
        "new_loans": _mean(bp["new_loans"]),
        "npl_ratio": 100 * float(bp["npl_ratio"].iloc[-1]) if len(bp) else float("nan"),
        "deposits": float(bp["deposits"].iloc[-1]) if len(bp) else float("nan"),
        "profit": _mean(bp["profit"]),
        "staff_pay": _mean(bp["staff_pay"]),
        "effort": _mean(sp["effort"]),
        "quits": float(sp["quit"].sum()),
    }
    fair = fairness(sp, res.scenario)
    for r in ("teller", "customer_manager"):
        out[f"gini_{r}"] = float(fair.loc[r, "gini_pay"]) if r in fair.index else float("nan")
    return out


def _mean(x) -> float:
    x = np.asarray(x, dtype=float)
    return float(x.mean()) if len(x) else float("nan")
