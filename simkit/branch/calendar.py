"""The branch calendar: which days are open, how busy each is, and when.

Time is minutes from midnight of the first day (docs/design.md rule 5); day ``d`` spans
``[1440 d, 1440 (d+1))``. Day factors multiply the hourly arrival profile: weekday ×
day of month × month-end.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from ..vocabulary import PERIOD_MONTHS

DAY = 1440.0


@dataclass(frozen=True, slots=True)
class Day:
    """One calendar day of the run: its date, whether the branch opens, its traffic factor, its
    opening and closing minutes (absolute), and the arrival profile as piecewise-constant rates."""

    index: int
    date: dt.date
    is_open: bool
    factor: float
    open: float  # absolute minutes
    close: float
    #: (start, end, rate per minute) pieces of the arrival profile, absolute minutes
    pieces: tuple[tuple[float, float, float], ...]


def day_factor(arrivals, date: dt.date) -> float:
    f = arrivals.weekday[date.weekday()] * arrivals.day_of_month.get(date.day, 1.0)
    last = _cal.monthrange(date.year, date.month)[1]
    if date.day > last - arrivals.month_end.last_days:
        f *= arrivals.month_end.factor
    return f


def make_days(layout, arrivals, start_date: str, days: int) -> list[Day]:
    """``days`` calendar days from ``start_date``: the branch's hours from ``layout`` (the
    scenario's ``branch:``), which days it opens and how busy each is from ``arrivals``."""
    start = dt.date.fromisoformat(start_date)
    o, c = layout.open_minute, layout.close_minute
    out = []
    for i in range(days):
        date = start + dt.timedelta(days=i)
        is_open = date.weekday() not in arrivals.closed_weekdays
        f = day_factor(arrivals, date)
        base = i * DAY
        pieces = []
        hourly = arrivals.hourly
        if not isinstance(hourly, dict):  # one rate all day
            hourly = {h: hourly for h in range(o // 60, (c + 59) // 60)}
        for h, rate in sorted(hourly.items()):
            a, b = max(h * 60, o), min(h * 60 + 60, c)
            if b > a and rate > 0 and is_open:
                pieces.append((base + a, base + b, rate * f / 60.0))
        out.append(Day(i, date, is_open, f, base + o, base + c, tuple(pieces)))
    return out


def days_off(rota, index: int) -> frozenset[int]:
    """The weekdays (0 = Monday) on which the ``index``-th person of a role is off under ``rota``
    (the scenario's ``branch.rota``): ``rota.days_off`` consecutive days, the first person's from
    Saturday and each next person's ``days_off`` days later, so colleagues' days off differ."""
    first = (5 + rota.days_off * index) % 7
    return frozenset((first + k) % 7 for k in range(rota.days_off))


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def horizon_ends(horizon, days: int | None = None) -> list[int]:
    """Day index at which each assessment period of ``horizon`` (the scenario's ``horizon:``)
    ends (exclusive), from the calendar.

    With ``horizon.periods`` set, periods are calendar months (or quarters, ...) from the
    start date; otherwise the whole horizon (or ``days``) is one period."""
    if horizon.periods is None:
        return [days if days is not None else horizon.days]
    start = dt.date.fromisoformat(horizon.start_date)
    step = PERIOD_MONTHS[horizon.period]
    return [(add_months(start, step * (k + 1)) - start).days for k in range(horizon.periods)]
