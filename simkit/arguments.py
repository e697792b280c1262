"""Checks of the arguments of simkit's Python entry points and commands.

Every bad argument raises one exception type, ``ArgumentError`` (a ``ValueError``),
naming the argument, what is allowed and the value given; the command line prints it as
``--name: ...`` with exit status 2. The checks run before any simulation starts, so a
mistake costs nothing.

>>> check_days(0)
Traceback (most recent call last):
...
simkit.arguments.ArgumentError: days: must be a whole number from 1 to 10,958 (30 years) (got 0)
"""
from __future__ import annotations

import math
import numbers
import os
import tempfile
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

from numpy.random import SeedSequence

from .errors import SimkitError
from .limits import MAX_DAYS, MAX_MONTHS, MAX_SEED_BITS, MAX_YEARS, customer_problem
from .scenario.errors import short

__all__ = ["ArgumentError", "check_days", "check_seed", "check_reps", "check_level", "check_last",
           "check_count", "check_choice", "check_workers", "check_out", "check_progress", "check_flag",
           "check_executor", "check_run", "check_periods", "check_max_tasks", "check_logs", "check_work",
           "printable", "from_command_line", "EXECUTORS", "MAX_REPS", "MAX_WORKERS", "MAX_SEED_BITS",
           "MAX_WORK", "MAX_MAX_TASKS", "MAX_PRINTED"]

# (stated reason) an interval's half-width shrinks as 1/sqrt(reps): 1,000 replications make it
# 22 times narrower than 2 do, at the cost of 1,000 runs of every scenario; more is a typo
MAX_REPS = 1000

# (stated reason) the work one call may start, in expected customers over all its runs:
# measured about 35 µs per customer on one core (a 24-month scheme run, 323,000 customers in
# 11.4 s), so 10**9 customers is about 10 hours of one core. An in-memory call keeps nothing
# if it is interrupted; more work than a night's belongs in a sweep, which is stored and resumable
MAX_WORK = 1_000_000_000

# (stated reason) the most a sweep's task limit can be raised to: ten million tasks is a
# manifest of ten million ids and seeds before the first result, and weeks of work on a small cluster
MAX_MAX_TASKS = 10_000_000

# (stated reason) user text (a scenario name, a file name) printed in one line: long enough
# for any sensible name, short enough that a 2.7 MB name cannot flood a terminal
MAX_PRINTED = 120

#: where tasks run (simkit.experiment.executors)
EXECUTORS = ("serial", "processes", "dask")

# Unicode categories never printed as they are: control characters (an ANSI escape, a
# newline that forges a second line), format characters (bidi overrides such as U+202E,
# zero-width characters), line and paragraph separators, surrogates, private and unassigned
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def printable(text, limit: int = MAX_PRINTED) -> str:
    """``text`` safe to print in one line: every control, format (bidi override, zero width)
    or separator character is shown as its escape (``\\x1b``, ``\\n``, ``\\u202e``), other
    characters (Chinese names too) as they are; more than ``limit`` characters are cut, saying
    how many were left out (escapes count towards ``limit``). What a user wrote can then
    neither move the cursor, clear the screen, forge a line of output nor reverse the text
    after it."""
    text = str(text)
    parts, size = [], 0
    for i, char in enumerate(text):
        piece = _escaped(char) if unicodedata.category(char) in _HIDDEN else char
        if size + len(piece) > limit:
            return "".join(parts) + f"... ({len(text) - i:,} more characters)"
        parts.append(piece)
        size += len(piece)
    return "".join(parts)


def _escaped(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t":
        return repr(char)[1:-1]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value) -> str:
    """A value as an error message quotes it: ``repr``, cut to 60 characters; a whole number
    too long to quote is given by its size (a 5,000-digit seed is '16,607-bit number')."""
    if _whole(value) and abs(value).bit_length() > 192:  # 58 digits: more would be cut anyway
        return f"a {abs(value).bit_length():,}-bit {'negative ' if value < 0 else ''}number"
    return printable(short(value), limit=80)  # short() has cut it to 60; escapes may lengthen it a little


class ArgumentError(SimkitError, ValueError):
    """A bad argument: ``name``, what is ``allowed``, the ``value`` given, and what is wrong
    with it (``problem``; with ``allowed=None`` the problem says what is allowed itself)."""

    def __init__(self, name: str, allowed: str | None, value=None, problem: str | None = None):
        self.name, self.allowed, self.value, self.problem = name, allowed, value, problem
        what = problem if allowed is None else f"{problem}; allowed: {allowed}" if problem else f"must be {allowed}"
        super().__init__(f"{name}: {what} (got {shown(value)})")

    def as_flag(self) -> str:
        """The message as the command line says it: ``--days: ...``."""
        return "--" + self.name.replace("_", "-") + str(self)[len(self.name):]


def _whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_count(name: str, value, lo: int, hi: int, what: str = "") -> int:
    """A whole number from ``lo`` to ``hi``; ``what`` says what the bound is (e.g. '30 years')."""
    if not _whole(value) or not lo <= value <= hi:
        why = f" ({what})" if what else ""
        raise ArgumentError(name, f"a whole number from {lo:,} to {hi:,}{why}", value)
    return int(value)


def check_days(days, name: str = "days") -> int:
    """Days to simulate: 1 to ``simkit.limits.MAX_DAYS``."""
    return check_count(name, days, 1, MAX_DAYS, f"{MAX_YEARS} years")


def check_seed(seed, name: str = "seed"):
    """A seed for numpy's SeedSequence: a whole number from 0 (it takes no negatives) below
    2**``MAX_SEED_BITS``, or a SeedSequence itself (replications pass the child
    sequences they spawn)."""
    if isinstance(seed, SeedSequence):
        return seed
    if not _whole(seed) or not 0 <= seed < 2 ** MAX_SEED_BITS:
        raise ArgumentError(name, f"a whole number from 0 to 2**{MAX_SEED_BITS} - 1 (SeedSequence mixes a seed "
                                  f"into a pool of {MAX_SEED_BITS} bits; a longer seed adds no independence)", seed)
    return int(seed)


def check_reps(reps, name: str = "reps") -> int:
    """Replications for an interval: at least 2 (one gives no spread), at most ``MAX_REPS``."""
    return check_count(name, reps, 2, MAX_REPS, "an interval needs at least 2")


def check_level(level, name: str = "level") -> float:
    """A confidence level strictly between 0 and 1 (0.95 is a 95 % interval)."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not math.isfinite(level) \
            or not 0 < level < 1:
        raise ArgumentError(name, "a number between 0 and 1 (exclusive), e.g. 0.95 for a 95 % interval", level)
    return float(level)


def check_last(last, name: str = "last") -> int:
    """Periods summarised from the end of a run: 1 to ``simkit.limits.MAX_MONTHS``."""
    return check_count(name, last, 1, MAX_MONTHS, "periods from the end of the run")


def check_choice(name: str, value, options) -> str:
    """One of ``options``."""
    if not isinstance(value, str) or value not in options:
        raise ArgumentError(name, "one of " + ", ".join(map(repr, options)), value)
    return value


# (stated reason) worker processes: more than the cores of any one machine only adds overhead
MAX_WORKERS = 1024


def check_workers(workers, name: str = "workers") -> int:
    return check_count(name, workers, 1, MAX_WORKERS, "processes")


def check_out(out, name: str = "out") -> Path:
    """A folder results can be written to, checked before a run rather than after it: it
    exists as a writable folder, or its nearest existing parent is one."""
    path = Path(os.fspath(out))
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    allowed = "a folder that can be created or written to"
    if not probe.is_dir():
        what = "is a file, not a folder" if probe == path else f"{probe} is a file, so no folder can be made in it"
        raise ArgumentError(name, allowed, str(out), what)
    try:  # try it: os.access says yes to root even on a read-only file system
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as e:
        raise ArgumentError(name, allowed, str(out), f"{probe} is not writable ({e.strerror or e})") from None
    return path


def check_progress(progress, name: str = "progress") -> bool:
    """Whether to show a progress bar: ``True`` or ``False`` (``"no"`` is not a no)."""
    return check_flag(progress, name)


def check_flag(value, name: str) -> bool:
    """``True`` or ``False`` exactly: a string or a number here is a mistake, not a choice."""
    if not isinstance(value, bool):
        raise ArgumentError(name, "True or False", value)
    return value


def check_executor(executor, workers=None, address=None) -> None:
    """Where tasks run: one of ``EXECUTORS``; ``workers`` (None: every core) and a Dask
    scheduler ``address`` (text, only with ``executor="dask"``)."""
    check_choice("executor", executor, EXECUTORS)
    if workers is not None:
        check_workers(workers)
    if address is not None:
        if executor != "dask":
            raise ArgumentError("address", "an address only with executor 'dask' (--executor dask)", address,
                                f"executor {executor!r} takes no address")
        # (stated reason) a scheduler address is a scheme, a host name (at most 253 characters) and a port
        if not isinstance(address, str) or not address.strip() or len(address) > 1000:
            raise ArgumentError("address", "the address of a Dask scheduler, e.g. tcp://host:8786", address)


def check_periods(periods, name: str = "periods") -> int:
    """Assessment periods of a run: 1 to ``simkit.limits.MAX_MONTHS``."""
    return check_count(name, periods, 1, MAX_MONTHS, "assessment periods")


def check_max_tasks(max_tasks, name: str = "max_tasks") -> int:
    """The most tasks a sweep may have: 1 to ``MAX_MAX_TASKS``."""
    return check_count(name, max_tasks, 1, MAX_MAX_TASKS, "tasks in one sweep")


def check_logs(logs, tables, name: str = "logs") -> tuple:
    """Names of the tables to keep, each one of ``tables``."""
    if isinstance(logs, (str, bytes)) or not hasattr(logs, "__iter__"):
        raise ArgumentError(name, "a list of table names: " + ", ".join(tables), logs)
    logs = tuple(logs)
    for table in logs:
        if table not in tables:
            raise ArgumentError(name, "table names among " + ", ".join(tables), table, "unknown table")
    return logs


def check_work(name: str, value, customers: float, runs: str) -> None:
    """Refuse a call whose runs would simulate more than ``MAX_WORK`` customers in all:
    ``customers`` is the total expected, ``runs`` says how it adds up ('2 runs x 1,000
    replications of 360 periods'); ``name``/``value`` is the argument to lower."""
    if customers <= MAX_WORK:
        return
    hours = customers * 35e-6 / 3600  # the measured cost per customer (see MAX_WORK)
    raise ArgumentError(name, f"at most {MAX_WORK:,} customers in one call (about 10 hours of one core); fewer "
                              f"replications or periods, or a sweep (simkit sweep: stored and resumable) for more",
                        value, f"{runs} would simulate about {customers:,.3g} customers (about {hours:,.0f} hours "
                               f"of one core)")


def from_command_line(text: str):
    """A command-line value as the Python API would receive it, so both get the same check
    and message: a whole number (any length, ``--seed`` of 5,000 digits included), else a
    number, else the text itself. Never fails: the checks say what is allowed."""
    stripped = text.strip()
    try:
        # (stated reason) 100,000 characters: under Linux's 128 kB limit on one argument, read in under a second
        number = Decimal(stripped) if len(stripped) <= 100_000 else None
    except InvalidOperation:
        return text
    if number is None or not number.is_finite():
        return float(stripped) if number is not None else text
    if number == number.to_integral_value() and "." not in stripped and "e" not in stripped.lower():
        return int(number)
    return float(number)


def check_run(scenario, days=None, seed=None) -> None:
    """Refuse ``days`` / ``seed`` that cannot run ``scenario``, before anything is simulated
    (``simkit.run``, ``replicate``, ``simkit run`` and each sweep task share this check)."""
    if days is not None:
        check_days(days)
        if scenario.horizon.periods is not None:
            raise ArgumentError("days", "days only for a scenario without horizon.periods (set its "
                                        "horizon.periods instead)", days,
                                f"scenario '{printable(scenario.name)}' sets horizon.periods, whose calendar "
                                f"gives the days")
        problem = customer_problem(scenario, days)
        if problem:
            raise ArgumentError("days", problem[1], days, f"{problem[0]} for scenario '{printable(scenario.name)}'")
    if seed is not None:
        check_seed(seed)
