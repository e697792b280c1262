"""The smallest difference worth calling a difference, per metric.

An interval that excludes zero says a difference is unlikely to be chance; it does not say
the difference matters. With enough replications a wait shorter by six seconds or a
satisfaction higher by 0.02 of 10 is "significant" and changes nothing a customer, a
teller or a branch head would notice. ``simkit.report.intervals.verdict`` therefore asks
both: does the interval exclude zero, and is the difference at least the metric's
*minimal meaningful difference* registered here?

Each size below carries its reason: a source (a regulator's reporting precision, a seed
document, a standard effect size) or the resolution at which the people concerned read
the number. Sizes are in the metric's own unit; for a share (``MinimalSize.share``) the
size is a fraction of 1 and is multiplied by the share's ``scale`` (100 for a share given
in percent), so "NPL ratio" as a fraction and "NPL ratio, last month (%)" get the same
0.1 percentage point.

Lookup (``lookup``) goes by exact name first, then by the first pattern that matches
(``PATTERNS``, regular expressions over the normalised name: lower case, runs of other
characters as ``_``, a ``kpi.`` prefix dropped). A metric with no registered size gets
``None`` here and ``minimal`` gives NaN: the verdict then rests on the interval alone and
every display says so (``NO_MINIMAL``) instead of inventing a number.

>>> minimal("wait_mean")
1.0
>>> minimal("NPL ratio, last month (%)", scale=100.0)
0.1
>>> lookup("something new") is None
True
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["MinimalSize", "SIZES", "PATTERNS", "NO_MINIMAL", "lookup", "minimal", "normalise"]

#: what a display says for a metric without a registered size (the interval rule alone applies)
NO_MINIMAL = "no minimal size registered"


@dataclass(frozen=True)
class MinimalSize:
    """The minimal meaningful difference of one metric: ``size`` in ``unit`` (for a
    ``share``, a fraction of 1, scaled by the caller's ``scale``), and why (``reason``)."""

    size: float
    unit: str
    reason: str
    share: bool = False


# ----------------------------------------------------------------------- the sizes
_WAIT = MinimalSize(1.0, "minute", "waits are shown to customers and counted by branches in whole minutes (the queue "
                    "display, the seeds' complaint case 「等候时间过长」, the 10- and 15-minute service levels): a "
                    "difference under a minute is below what anyone reads")
_SERVICE_SHARE = MinimalSize(0.01, "percentage point", "one customer in a hundred: service levels and shares of "
                             "customers are read in whole percent", share=True)
_SATISFACTION = MinimalSize(0.5, "point of 0-10", "half of the smallest step (one point) a customer can give on "
                            "the 0-10 satisfaction scale (docs/glossary.md, 满意度)")
_COMPLAINT_RATE = MinimalSize(0.001, "complaints per customer", "one more complaint per 1,000 customers: about "
                              "13 a month at the baseline branch's ~432 customers a day, the size a branch's monthly "
                              "complaint tally shows", share=True)
_ERROR_RATE = MinimalSize(0.001, "errors per transaction", "one more error slip (后督) per 1,000 transactions: about "
                          "one a month for a teller at 60 transactions a day (docs/levels.md), each fined on the "
                          "payslip (seed 002)", share=True)
_COUNT = MinimalSize(1.0, "count", "one event (a complaint, a sale, a quit, an approval): a difference under one is "
                     "no event at all")
_HABIT = MinimalSize(0.05, "of the habit's 0-1 range", "a twentieth of a learned habit's range: the dashboard's "
                     "behaviour charts are read on 0-1 axes with grid lines 0.2 apart, and a shift under 0.05 is "
                     "invisible there", share=True)
_PACE = MinimalSize(0.05, "x normal speed", "5 % of a service time, about 15 seconds of a five-minute transaction: "
                    "the learned pace's range is 0.8-1.6 (simkit.scenario.models), and a customer timing a counter "
                    "cannot tell less")
_PAY = MinimalSize(100.0, "¥ per person a month", "about 2 % of a teller's ¥4,000-5,300 a month (docs/levels.md): "
                   "a single fine or bonus line on a payslip is of this size (seed 002)")
_BRANCH_MONEY = MinimalSize(1000.0, "¥", "branches report money in 万元 (¥10,000) to one decimal, so ¥1,000 is the "
                            "smallest step their books show")
_NPL = MinimalSize(0.001, "percentage point", "0.1 percentage point: the regulator (NFRA, formerly CBIRC) publishes "
                   "the NPL ratio to 0.01 pp (1.59 % for 2023 Q4, docs/levels.md) and the national ratio moves by "
                   "about 0.1 pp a year; seed 003 scores banks' staff on the NPL share", share=True)
_APPROVAL = MinimalSize(0.01, "percentage point", "one more approval per 100 applications", share=True)
_BAD_APPROVED = MinimalSize(0.01, "percentage point", "one more bad risk among every 100 loans approved", share=True)
_UTILISATION = MinimalSize(0.01, "percentage point", "1 % of an open day, about five minutes of a teller's eight "
                           "hours", share=True)
_GINI = MinimalSize(0.01, "Gini point", "Gini coefficients are compared at two decimals (the second decimal is the "
                    "step statistical offices report)")
_CORRELATION = MinimalSize(0.1, "correlation", "Cohen's 'small' correlation, r = 0.1 (Cohen 1988, Statistical "
                           "Power Analysis for the Behavioral Sciences, §3.2)")
_R2 = MinimalSize(0.02, "share of variance", "Cohen's 'small' effect for explained variance, f² = 0.02 (Cohen 1988, "
                  "§9.2.2)", share=True)
_DAYS = MinimalSize(1.0, "day", "a working day: rotas and payslips count whole days")

#: exact names (normalised: ``normalise``)
SIZES: dict[str, MinimalSize] = {
    "wait_mean": _WAIT, "wait_p90": _WAIT, "wait_max": _WAIT, "wait": _WAIT,
    "served_within_10": _SERVICE_SHARE, "served_within_15": _SERVICE_SHARE, "service_level": _SERVICE_SHARE,
    "balked_rate": _SERVICE_SHARE, "reneged_rate": _SERVICE_SHARE, "diversion_rate": _SERVICE_SHARE,
    "satisfaction_mean": _SATISFACTION, "satisfaction": _SATISFACTION,
    "complaint_rate": _COMPLAINT_RATE, "error_rate": _ERROR_RATE,
    "complaints": _COUNT, "errors": _COUNT, "sales": _COUNT, "quits": _COUNT, "pitches": _COUNT,
    "loan_approvals": _COUNT, "approvals": _COUNT,
    "npl_ratio": _NPL, "approval_rate": _APPROVAL, "approved": _APPROVAL, "bad_share_approved": _BAD_APPROVED,
    "utilisation_teller": _UTILISATION, "pace": _PACE, "teller_pace": _PACE,
    "teller_pitch": _HABIT, "cm_screening": _HABIT, "cm_strictness": _HABIT,
    "pay": _PAY, "effort": _PAY,
    "staff_pay": _BRANCH_MONEY, "bank_profit": _BRANCH_MONEY, "profit": _BRANCH_MONEY, "fee_income": _BRANCH_MONEY,
    "deposits_lost": _BRANCH_MONEY, "deposits": _BRANCH_MONEY, "new_loans": _BRANCH_MONEY,
    "days_worked": _DAYS,
}

#: (pattern, size), first match wins, over the normalised name; a size of None stops the search
#: (a share, rate or percentage not registered above is not an amount of money or a count)
PATTERNS: tuple[tuple[re.Pattern, MinimalSize | None], ...] = tuple((re.compile(p), s) for p, s in (
    (r"^(choice|policy)_pace$", _PACE),
    (r"^(choice|policy)_(care|pitch|diversion|referral|selling|outside|screening|strictness|monitoring)$", _HABIT),
    (r"^pace(_|$)", _PACE),
    (r"^(pitch|screening|strictness|monitoring|diversion|referral|selling|outside)(_|$)", _HABIT),
    (r"corr|spearman|pearson", _CORRELATION),
    (r"(^|_)r2($|_)|r²|explained", _R2),
    (r"gini", _GINI),
    (r"npl", _NPL),
    (r"approv.*(rate|share|%|pct)|^approved", _APPROVAL),
    (r"^wait", _WAIT),
    (r"served_within|service_level", _SERVICE_SHARE),
    (r"satisfaction", _SATISFACTION),
    (r"^complaint_rate|complaints_per_customer", _COMPLAINT_RATE),
    (r"^error_rate|errors_per_transaction", _ERROR_RATE),
    (r"utilisation|utilization", _UTILISATION),
    (r"%|(^|_)(share|rate|ratio|fraction)($|_)", None),
    (r"^(sales|complaints|quits|pitches|errors)(_|$)", _COUNT),
    (r"(^|_)pay($|_)|payslip|bonus|¥_per_person", _PAY),
    (r"profit|fee_income|deposits|loans|income", _BRANCH_MONEY),
))


def normalise(name: str) -> str:
    """The registry's form of a metric name: lower case, each run of characters other
    than letters, digits, ``²`` and ``%`` as one ``_``, and a leading ``kpi_`` dropped
    (``kpi.sales`` of ``staff_periods`` is the same thing as ``sales``)."""
    text = re.sub(r"[^0-9a-z²%¥]+", "_", str(name).strip().lower()).strip("_")
    return text[4:] if text.startswith("kpi_") else text


def lookup(name: str) -> MinimalSize | None:
    """The registered minimal meaningful difference of ``name``, or None when none is
    registered (exact normalised name first, then ``PATTERNS`` in order)."""
    key = normalise(name)
    if key in SIZES:
        return SIZES[key]
    return next((size for pattern, size in PATTERNS if pattern.search(key)), None)


def minimal(name: str, scale: float = 1.0) -> float:
    """The minimal meaningful difference of ``name`` in its own unit (a share's size times
    ``scale``: 100 for a share in percent); NaN when none is registered, which
    ``simkit.report.intervals.verdict`` reads as "the interval alone decides"."""
    size = lookup(name)
    if size is None:
        return math.nan
    return size.size * scale if size.share else size.size
