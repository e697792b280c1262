"""Per-person indicators for one assessment period, straight from the event log.

This runs between periods (outside the SimPy loop) over the log rows and customers of the
period only, with plain Python counting: a month of a busy branch is ~150,000 rows, a few
tens of milliseconds. The result feeds the pay schemes (names from
``simkit.pay.indicators.INDICATORS``) and the bank's books.
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from ..bank import Activity
from ..vocabulary import RELIEF


class PeriodLog(NamedTuple):
    """What the branch recorded in one period: its event rows ``(t, customer, kind, place, staff,
    value)``, staff activity spans ``(staff, role, activity, start, end, customer)`` (both as
    ``simkit.branch.log.EventLog`` holds them) and the customers who came."""

    rows: list[tuple]
    activity: list[tuple]
    customers: list


def period_kpis(log: PeriodLog, posts, days_open: int, fees: dict, refund_share: float) -> tuple[dict, Activity]:
    """({post: {indicator: value}}, bank Activity) for the ``log`` of one period: the indicators of
    each of ``posts`` over ``days_open`` open days; ``fees``: ¥ fee of each product, of which
    ``refund_share`` is expected back from a sale to an annoyed customer."""
    # relief colleagues' work counts for the branch (complaints, fees), for nobody's indicators
    indicators = {p: defaultdict(float) for p in [*posts, *RELIEF.values()]}
    days_off = dict.fromkeys(posts, 0)
    activity = Activity()
    for _t, _cid, kind, place, staff, value in log.rows:
        if staff not in indicators and kind not in ("churn",):
            continue
        if kind == "done" and value >= 0:
            indicators[staff]["transactions"] += 1
        elif kind in ("error", "pitch", "referral"):
            indicators[staff][{"error": "errors", "pitch": "pitches", "referral": "referrals"}[kind]] += 1
        elif kind == "complaint":
            indicators[staff]["complaints"] += 1
            activity.complaints += 1
        elif kind == "grumble":
            indicators[staff]["grumbles"] += 1
        elif kind == "sale":
            indicators[staff]["sales"] += 1
            indicators[staff][f"sales.{place}"] += 1
            indicators[staff]["sales_amount"] += value
            indicators[staff][f"sales_amount.{place}"] += value
            indicators[staff]["fee_income"] += value
            activity.fee_income += value
        elif kind == "loan_application":
            activity.applications.append((staff, value))
        elif kind == "prospect":
            activity.prospects.setdefault(staff, []).append(value)
        elif kind == "churn":
            activity.churned += value
    for staff, _role, what, start, end, _cid in log.activity:
        if what == "off":
            days_off[staff] += 1
        elif staff in indicators and what in ("triage", "outside"):
            if what == "triage":
                indicators[staff]["triaged"] += 1
            else:
                activity.outside_minutes[staff] = activity.outside_minutes.get(staff, 0.0) + (end - start)
    _customer_side(indicators, activity, log.customers, fees, refund_share)
    for p in posts:
        indicators[p]["days_worked"] = float(days_open - days_off[p])
        activity.fees_by_post[p] = indicators[p]["fee_income"]
    return {p: dict(indicators[p]) for p in posts}, activity


def _customer_side(indicators, activity, customers, fees, refund_share):
    sat_sum, sat_n = defaultdict(float), defaultdict(int)
    for c in customers:
        if c.diverted and c.lm in indicators:
            indicators[c.lm]["diverted"] += 1
        if c.cm_visit and c.outcome == "served" and c.server in indicators:
            activity.referral_visits[c.server] = activity.referral_visits.get(c.server, 0) + 1
        if c.server in indicators and c.satisfaction == c.satisfaction:
            sat_sum[c.server] += c.satisfaction
            sat_n[c.server] += 1
        if c.sold and c.annoyed:  # sold to someone who felt pushed: expected refund (mis-selling)
            activity.refunds += refund_share * fees[c.sold]
    for s, n in sat_n.items():
        indicators[s]["satisfaction"] = sat_sum[s] / n
