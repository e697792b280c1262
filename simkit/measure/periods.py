"""Per-person indicators for one assessment period, straight from the event log.

This runs between periods (outside the SimPy loop) over the log rows and customers of the
period only, with plain Python counting: a month of a busy branch is ~150,000 rows, a few
tens of milliseconds. The result feeds the pay schemes (names from
:data:`simkit.pay.indicators.INDICATORS`) and the bank's books.
"""
from __future__ import annotations

from collections import defaultdict

from ..bank import Activity


def period_kpis(rows, activity, customers, posts, days_open: int, fees: dict, refund_share: float) -> tuple[dict, Activity]:
    """({post: {indicator: value}}, bank Activity) for the rows of one period."""
    k = {p: defaultdict(float) for p in posts}
    act = Activity()
    for _t, _cid, kind, place, staff, value in rows:
        if staff not in k and kind not in ("churn",):
            continue
        if kind == "done" and value >= 0:
            k[staff]["transactions"] += 1
        elif kind in ("error", "pitch", "referral"):
            k[staff][{"error": "errors", "pitch": "pitches", "referral": "referrals"}[kind]] += 1
        elif kind == "complaint":
            k[staff]["complaints"] += 1
            act.complaints += 1
        elif kind == "sale":
            k[staff]["sales"] += 1
            k[staff][f"sales.{place}"] += 1
            k[staff]["sales_amount"] += value
            k[staff][f"sales_amount.{place}"] += value
            k[staff]["fee_income"] += value
            act.fee_income += value
        elif kind == "loan_application":
            act.applications.append((staff, value))
        elif kind == "prospect":
            act.prospects.setdefault(staff, []).append(value)
        elif kind == "churn":
            act.churned += value
    for staff, _role, what, start, end, _cid in activity:
        if staff in k and what in ("triage", "outside"):
            if what == "triage":
                k[staff]["triaged"] += 1
            else:
                act.outside_minutes[staff] = act.outside_minutes.get(staff, 0.0) + (end - start)
    _customer_side(k, act, customers, fees, refund_share)
    for p in posts:
        k[p]["days_worked"] = float(days_open)
        act.fees_by_post[p] = k[p]["fee_income"]
    return {p: dict(v) for p, v in k.items()}, act


def _customer_side(k, act, customers, fees, refund_share):
    sat_sum, sat_n = defaultdict(float), defaultdict(int)
    for c in customers:
        if c.diverted and c.lm in k:
            k[c.lm]["diverted"] += 1
        if c.cm_visit and c.outcome == "served" and c.server in k:
            act.referral_visits[c.server] = act.referral_visits.get(c.server, 0) + 1
        if c.server in k and c.satisfaction == c.satisfaction:
            sat_sum[c.server] += c.satisfaction
            sat_n[c.server] += 1
        if c.sold and c.annoyed:  # sold to someone who felt pushed: expected refund (mis-selling)
            act.refunds += refund_share * fees[c.sold]
    for s, n in sat_n.items():
        k[s]["satisfaction"] = sat_sum[s] / n
