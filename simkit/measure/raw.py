"""Headline KPIs straight from a run's raw records, without building the tidy tables.

``simkit.Results.kpis`` builds the ``customers``, ``events`` and ``staff_activity``
DataFrames (every column, categoricals, a sort) and then reduces them to some thirty
numbers. A sweep that keeps only summaries needs just the numbers, and building the
tables costs it about as much as the simulation itself. ``kpis_from_records``
reads the same records — the ``simkit.branch.customer.Customer`` objects, the
event rows and the activity intervals of ``simkit.branch.log.EventLog`` — and
returns **the same numbers, bit for bit**, because every reduction is done the way the
table path does it:

* counts and shares of counts are exact (``k / n`` is what a boolean column's mean is);
* means and sums of float columns go through the same NumPy / pandas reductions on
  arrays holding the same values in the same order (pairwise summation, NaN skipped the
  way pandas skips it);
* utilisation sums each person's minutes per activity with the Kahan-compensated sum
  pandas' ``groupby().sum()`` uses, over the intervals in the table's order (by start,
  stably), then adds the busy groups in the grouped table's order.

``tests/experiment/test_fast_summary.py`` checks equality against the table path on
single- and multi-period runs. Nothing here runs inside the SimPy loop.
"""
from __future__ import annotations

try:
    from collections import _count_elements  # the C helper behind Counter
except ImportError:  # pragma: no cover - another Python implementation
    def _count_elements(mapping, iterable):
        for x in iterable:
            mapping[x] = mapping.get(x, 0) + 1
from operator import attrgetter, itemgetter

import numpy as np
import pandas as pd

from ..vocabulary import ACTIVITIES, OUTCOMES, WORK_ACTIVITIES
from .kpis import SERVICE_LEVELS

__all__ = ["kpis_from_records", "BUSY"]

#: the activities that count as busy time in ``utilisation_<role>``
BUSY = ACTIVITIES[:WORK_ACTIVITIES]  # serving ... complaints, retention: work
_ROLES = ("teller", "customer_manager", "lobby_manager", "machine")
_COUNTED = (("referral", "referrals"), ("pitch", "pitches"), ("sale", "sales"), ("error", "errors"),
            ("complaint", "complaints"), ("churn", "churned_customers"), ("prospect", "prospects_won"),
            ("loan_application", "loan_applications"), ("ss_fail", "self_service_failures"))


def _count(items) -> dict:
    """Counts of each item (a plain dict counts in C; ``Counter`` takes a slower path)."""
    counts: dict = {}
    _count_elements(counts, items)
    return counts


def _floats(customers, name: str, n: int) -> np.ndarray:
    return np.fromiter(map(attrgetter(name), customers), dtype=float, count=n)


def _customer_kpis(customers: list, rows: list, days: int) -> dict:
    """``simkit.measure.customer_kpis`` of ``customers_table`` / ``events_table``."""
    n = len(customers)
    outcome = _count(map(attrgetter("outcome"), customers))
    out = {"customers": n, "per_day": n / days if days else np.nan, "served": int(outcome.get("served", 0))}
    for o in OUTCOMES[1:]:  # every outcome but served
        out[f"{o}_rate"] = float(outcome.get(o, 0) / n) if n else np.nan
    start = _floats(customers, "start", n)
    w = _floats(customers, "wait", n)[~np.isnan(start)]
    if len(w) == 0:
        out.update({"wait_mean": np.nan, "wait_p90": np.nan, "wait_max": np.nan,
                    **{f"served_within_{int(s)}": np.nan for s in SERVICE_LEVELS}})
    else:
        out.update({"wait_mean": float(w.mean()), "wait_p90": float(np.quantile(w, 0.9)), "wait_max": float(w.max()),
                    **{f"served_within_{int(s)}": float((w <= s).mean()) for s in SERVICE_LEVELS}})
    kind_of = list(map(itemgetter(2), rows))
    kinds = _count(kind_of)
    for kind, name in _COUNTED:
        out[name] = int(kinds.get(kind, 0))
    # a boolean column's mean is its count of True over n (a sum of 0/1 is exact)
    out["diversion_rate"] = float(sum(map(attrgetter("diverted"), customers)) / n) if n else np.nan
    out["triaged_rate"] = float(sum(map(attrgetter("triaged"), customers)) / n) if n else np.nan
    tellers = [c for c in customers if c.channel == "teller"]
    services = sum(map(attrgetter("services"), tellers))
    out["error_rate"] = float(sum(map(attrgetter("errors"), tellers)) / max(1, services))
    out["complaint_rate"] = float(sum(map(attrgetter("complained"), customers)) / n) if n else np.nan
    out["satisfaction_mean"] = float(pd.Series(_floats(customers, "satisfaction", n)).mean()) if n else np.nan
    sales, at = [], -1
    for _ in range(kinds.get("sale", 0)):  # the few sale rows, found by C-level scans of the kinds
        at = kind_of.index("sale", at + 1)
        sales.append(rows[at][5])
    out["fee_income"] = float(pd.Series(np.array(sales, dtype=float)).sum())
    out["deposits_lost"] = float(pd.Series(_floats(customers, "churned", n)).sum())
    return out


def _kahan(values) -> float:
    """pandas' ``groupby().sum()`` of one group: Kahan-compensated, NaN skipped."""
    total = comp = 0.0
    for v in values:
        if v != v:
            continue
        y = v - comp
        t = total + y
        comp = t - total - y
        if comp != comp:  # an infinite value: pandas resets the compensation (GH#53606)
            comp = 0.0
        total = t
    return total


def _utilisation(activity: list, days_open: int, open_minutes: float) -> dict:
    """``utilisation_<role>`` as ``simkit.Results.kpis`` computes it from
    ``simkit.measure.utilisation`` of the ``staff_activity`` table."""
    if not activity:
        return {f"utilisation_{role}": float("nan") for role in _ROLES}
    groups: dict = {}  # staff -> role -> activity -> minutes (nested: no key tuple per interval)
    for staff, role, what, start, end, _ in sorted(activity, key=itemgetter(3)):  # within a group: by start, stably
        try:
            groups[staff][role][what].append(end - start)
        except KeyError:
            groups.setdefault(staff, {}).setdefault(role, {}).setdefault(what, []).append(end - start)
    staff_of: dict[str, set] = {}
    busy: dict[str, list] = {}
    for staff in sorted(groups):  # the grouped table's order: staff, role, activity
        for role in sorted(groups[staff]):
            staff_of.setdefault(role, set()).add(staff)
            for what in sorted(groups[staff][role]):
                if what in BUSY:
                    busy.setdefault(role, []).append(_kahan(groups[staff][role][what]))
    out = {}
    for role in _ROLES:
        staff = len(staff_of.get(role, ()))
        minutes = pd.Series(np.array(busy.get(role, []), dtype=float)).sum()
        out[f"utilisation_{role}"] = float(minutes / (staff * days_open * open_minutes)) if staff else float("nan")
    return out


def kpis_from_records(customers: list, rows: list, activity: list, days: int, days_open: int, open_minutes: float) -> dict:
    """The headline KPIs of a run, equal to ``simkit.Results.kpis``, from its raw records:
    the branch's customers, the event log's rows and activity intervals, the days
    simulated, the days the branch was open and its minutes open a day."""
    return {**_customer_kpis(customers, rows, days), **_utilisation(activity, days_open, open_minutes)}
