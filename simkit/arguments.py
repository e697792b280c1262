"""Checks of the arguments of simkit's Python entry points and commands.

Every bad argument raises one exception type, :class:`ArgumentError` (a ``ValueError``),
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
from pathlib import Path

from .errors import SimkitError
from .scenario.limits import MAX_DAYS, MAX_MONTHS, MAX_YEARS

__all__ = ["ArgumentError", "check_days", "check_seed", "check_reps", "check_level", "check_last",
           "check_count", "check_choice", "check_workers", "check_out", "MAX_REPS", "MAX_WORKERS"]

# (stated reason) an interval's half-width shrinks as 1/sqrt(reps): 1,000 replications make it
# 22 times narrower than 2 do, at the cost of 1,000 runs of every scenario; more is a typo
MAX_REPS = 1000


class ArgumentError(SimkitError, ValueError):
    """A bad argument: ``name``, what is ``allowed``, the ``value`` given."""

    def __init__(self, name: str, allowed: str, value=None, problem: str | None = None):
        self.name, self.allowed, self.value, self.problem = name, allowed, value, problem
        what = f"{problem}; allowed: {allowed}" if problem else f"must be {allowed}"
        super().__init__(f"{name}: {what} (got {value!r})")

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
    """Days to simulate: 1 to :data:`~simkit.scenario.limits.MAX_DAYS`."""
    return check_count(name, days, 1, MAX_DAYS, f"{MAX_YEARS} years")


def check_seed(seed, name: str = "seed"):
    """A seed for numpy's SeedSequence: a whole number >= 0 (it takes no negatives), or a
    SeedSequence itself (replications pass the child sequences they spawn)."""
    from numpy.random import SeedSequence

    if isinstance(seed, SeedSequence):
        return seed
    if not _whole(seed) or seed < 0:
        raise ArgumentError(name, "a whole number >= 0", seed)
    return int(seed)


def check_reps(reps, name: str = "reps") -> int:
    """Replications for an interval: at least 2 (one gives no spread), at most :data:`MAX_REPS`."""
    return check_count(name, reps, 2, MAX_REPS, "an interval needs at least 2")


def check_level(level, name: str = "level") -> float:
    """A confidence level strictly between 0 and 1 (0.95 is a 95 % interval)."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not math.isfinite(level) \
            or not 0 < level < 1:
        raise ArgumentError(name, "a number between 0 and 1 (exclusive), e.g. 0.95 for a 95 % interval", level)
    return float(level)


def check_last(last, name: str = "last") -> int:
    """Periods summarised from the end of a run: 1 to :data:`~simkit.scenario.limits.MAX_MONTHS`."""
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
