"""A queue-ticket machine log (叫号 data): its columns, reading it with checks, and writing one.

The columns are documented in docs/fitting.md (the codebook). ``read_tickets`` returns a
table with the times as ``datetime64`` and three derived columns in minutes: ``wait``
(ticket to call, or to leaving), ``service`` (call to finish) and ``left`` (whether the
customer left before being called). A file that cannot be read that way raises a
``TicketError``: one line naming the file, the line and column, what is allowed and the value
found. ``ticket_log`` turns a simulated branch's customers into such a log.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..arguments import printable
from ..errors import SimkitError

__all__ = ["COLUMNS", "TIME_COLUMNS", "TicketError", "read_tickets", "ticket_log", "write_tickets", "MAX_BYTES"]

#: the codebook's columns, in the order a written log has them (docs/fitting.md)
COLUMNS = ("date", "ticket_time", "call_time", "finish_time", "window", "business")
TIME_COLUMNS = ("ticket_time", "call_time", "finish_time")
# (stated reason) a branch issues a few hundred tickets a day, about 90 bytes each: 200 MB is
# decades of one branch's log; a larger file is a mistake or belongs to many branches
MAX_BYTES = 200 * 1024 * 1024
_TIME_OF_DAY = re.compile(r"^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_TIME_ZONE = re.compile(r"\d(?:Z|[+-]\d{2}:?\d{2})$")
_ALLOWED_TIME = ("an ISO datetime such as 2026-11-02T09:15:00 (no time zone), or a time of day HH:MM[:SS] on the "
                 "row's date")


class TicketError(SimkitError, ValueError):
    """A ticket log that cannot be fitted: the message names the file, the line (the header is
    line 1) and column, what is allowed and the value found, in one line."""

    def __init__(self, path, problem: str, line: int | None = None, column: str | None = None, more: int = 0):
        where = printable(os.fspath(path))
        if line is not None:
            where += f", line {line:,}"
        if column is not None:
            where += f", column {column}"
        tail = f" (and {more:,} more rows with this problem)" if more else ""
        super().__init__(f"{where}: {problem}{tail}")


def _raw_table(path: Path) -> pd.DataFrame:
    """The file as text cells, after checking it exists, is small enough, UTF-8 and a CSV."""
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise TicketError(path, f"{what}; allowed: a CSV file with the columns {', '.join(COLUMNS)} (docs/fitting.md)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TicketError(path, f"is {size:,} bytes; allowed: at most {MAX_BYTES:,} (one branch's log); split the file")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True)
    except UnicodeDecodeError as e:
        raise TicketError(path, f"is not UTF-8 text (byte {e.start:,}); allowed: a CSV saved as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise TicketError(path, f"is empty; allowed: a header line ({','.join(COLUMNS)}) and one row per ticket") from None
    except (pd.errors.ParserError, csv.Error) as e:
        raise TicketError(path, f"is not a readable CSV ({printable(str(e).strip(), 160)})") from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise TicketError(path, f"has no column {', '.join(missing)}; allowed: a header naming {', '.join(COLUMNS)} "
                                f"(other columns are ignored)", line=1)
    if table.empty:
        raise TicketError(path, "has a header but no tickets; allowed: one row per ticket", line=2)
    return table[list(COLUMNS)].apply(lambda column: column.str.strip())


def _first_bad(path: Path, table: pd.DataFrame, bad, column: str, allowed: str) -> None:
    """Raise for the first row where ``bad`` holds, quoting its ``column``."""
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        rows = np.flatnonzero(bad)
        value = printable(table[column].iloc[rows[0]], 60)
        raise TicketError(path, f"{allowed} (got {value!r})", line=int(rows[0]) + 2, column=column, more=len(rows) - 1)


def _dates(path: Path, table: pd.DataFrame) -> pd.Series:
    dates = pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce")
    _first_bad(path, table, dates.isna(), "date", "not a date; allowed: YYYY-MM-DD, e.g. 2026-11-02")
    return dates


def _times(path: Path, table: pd.DataFrame, column: str, dates: pd.Series) -> pd.Series:
    """A time column as datetimes (NaT where empty); a time of day is put on the row's date."""
    text = table[column]
    _first_bad(path, table, text.str.contains(_TIME_ZONE), column,
               f"has a time zone; allowed: {_ALLOWED_TIME}, every time in the branch's local time")
    short = text.str.match(_TIME_OF_DAY)
    full = text.where(~short, dates.dt.strftime("%Y-%m-%d") + "T" + text)
    times = pd.to_datetime(full.where(text != ""), format="ISO8601", errors="coerce")
    no_clock = ~text.str.contains(":", regex=False)  # a date alone is not a time of day
    _first_bad(path, table, (times.isna() | no_clock) & (text != ""), column, f"not a time; allowed: {_ALLOWED_TIME}")
    return times


def _check_order(path: Path, table: pd.DataFrame, parsed: pd.DataFrame) -> None:
    """Ticket on its date, call after ticket, finish after call: what a machine log cannot break."""
    _first_bad(path, table, parsed["ticket_time"].isna(), "ticket_time",
               f"is empty; allowed: {_ALLOWED_TIME} (every ticket has one)")
    _first_bad(path, table, parsed["ticket_time"].dt.normalize() != parsed["date"], "ticket_time",
               "is not on the row's date; allowed: a ticket time on the date in the date column")
    _first_bad(path, table, parsed["call_time"] < parsed["ticket_time"], "call_time",
               "is before the ticket time; allowed: a call at or after the ticket, or empty if the customer left")
    called = parsed["call_time"].notna()
    _first_bad(path, table, called & parsed["finish_time"].isna(), "finish_time",
               "is empty for a customer who was called; allowed: the time their service ended")
    _first_bad(path, table, called & (parsed["finish_time"] < parsed["call_time"]), "finish_time",
               "is before the call time; allowed: the time service ended, at or after the call")
    _first_bad(path, table, ~called & (parsed["finish_time"] < parsed["ticket_time"]), "finish_time",
               "is before the ticket time; allowed: the time the customer left, after the ticket, or empty")
    _first_bad(path, table, called & (table["window"] == ""), "window",
               "is empty for a customer who was called; allowed: the window (counter) that called them")
    _first_bad(path, table, table["business"] == "", "business",
               "is empty; allowed: the business type (a need of the base scenario, by name or Chinese label)")


def read_tickets(path) -> pd.DataFrame:
    """The log at ``path``, checked, with times as datetimes and ``wait``, ``service`` (minutes) and ``left``.

    ``wait`` is ticket to call for a customer who was called, ticket to leaving for one who
    left with a known leaving time, and NaN for one who left at an unknown time."""
    path = Path(os.fspath(path))
    table = _raw_table(path)
    parsed = pd.DataFrame({"date": _dates(path, table)})
    for column in TIME_COLUMNS:
        parsed[column] = _times(path, table, column, parsed["date"])
    parsed["window"], parsed["business"] = table["window"], table["business"]
    _check_order(path, table, parsed)
    parsed["left"] = parsed["call_time"].isna()
    end_of_wait = parsed["call_time"].where(~parsed["left"], parsed["finish_time"])
    parsed["wait"] = (end_of_wait - parsed["ticket_time"]).dt.total_seconds() / 60.0
    parsed["service"] = (parsed["finish_time"] - parsed["call_time"]).dt.total_seconds() / 60.0
    parsed.attrs["source"] = str(path)
    return parsed


def _clock(start: dt.datetime, minutes: pd.Series) -> pd.Series:
    """Minutes from midnight of the run's first day as ISO datetimes to the second ('' where NaN)."""
    stamps = pd.Timestamp(start) + pd.to_timedelta(minutes.round(4), unit="min")
    return stamps.dt.round("s").dt.strftime("%Y-%m-%dT%H:%M:%S").fillna("")


def ticket_log(results) -> pd.DataFrame:
    """The counter customers of a simulated run (``simkit.Results``) as a ticket log in the codebook's columns.

    A ticket machine issues tickets for the counter windows only, so customers served at a
    machine or a customer manager's desk, and customers who balked (left without a ticket),
    are not in it. A customer who gave up waiting has no call time, and their leaving time as
    ``finish_time`` (the simulation knows it; a real machine logs it when the ticket is
    cancelled or skipped)."""
    customers = results.customers
    counter = customers[(customers["channel"] == "teller") & customers["outcome"].isin(["served", "reneged"])]
    counter = counter.sort_values("first_ticket_t", kind="stable")
    start = dt.datetime.fromisoformat(results.scenario.horizon.start_date)
    served = counter["outcome"] == "served"
    days = pd.Timestamp(start) + pd.to_timedelta(counter["day"], unit="D")
    return pd.DataFrame({
        "date": days.dt.strftime("%Y-%m-%d").to_numpy(),
        "ticket_time": _clock(start, counter["first_ticket_t"]).to_numpy(),
        "call_time": _clock(start, counter["start"].where(served)).to_numpy(),
        "finish_time": _clock(start, counter["end"]).to_numpy(),
        "window": counter["server"].astype(str).where(served, "").to_numpy(),
        "business": counter["need"].astype(str).to_numpy(),
    })


def write_tickets(log: pd.DataFrame, path) -> Path:
    """Write ``log`` (the codebook's columns) as a UTF-8 CSV at ``path``."""
    path = Path(os.fspath(path))
    log.loc[:, list(COLUMNS)].to_csv(path, index=False, lineterminator="\n")
    return path
