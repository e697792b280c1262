"""Reading the results library: tidy tables and paired effects with intervals.

``load(name)`` gives an experiment's rows (``arm, replication, scope, period, role, metric,
value``; scope ``staff``: the mean over the people of ``role`` in a month, ``bank``: the
branch's books in a month, ``run``: the whole run, ``people``: a role's fairness measures over
the experiment's last months, where it keeps them). ``effect`` compares two arms on one
number as the behaviour tests do: each replication's mean over the last ``tail`` months,
then a paired Student-t interval over the replications (they share seeds: common random
numbers; ``simkit.report.intervals.difference``), kept inside the difference's range.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..report.intervals import clear, difference, kind_of
from .spec import LIBRARY, LibraryError

__all__ = ["Effect", "effect", "experiments", "forget", "load", "manifest", "per_replication", "series"]

TAIL = 6  # the behaviour tests' summary: the last six months, once learning has settled (tests/scheme_runs.py)
_MAKE = "run `make results` (or `simkit results`) to compute it"


def manifest(library: Path = LIBRARY) -> dict:
    """The library's manifest: every experiment's settings, arms, scenario digests and task ids."""
    path = Path(library) / "manifest.json"
    if not path.exists():
        raise LibraryError(f"{path}: the results library has no manifest; {_MAKE}")
    return json.loads(path.read_text())


def experiments(library: Path = LIBRARY) -> pd.DataFrame:
    """One row per stored experiment: its arms, months, replications, rows and size."""
    rows = [{"experiment": name, "arms": ", ".join(entry["arms"]), "months": entry["periods"],
             "replications": entry["replications"], "rows": entry["rows"], "MB": round(entry["bytes"] / 1e6, 2)}
            for name, entry in manifest(library)["experiments"].items()]
    return pd.DataFrame(rows)


@lru_cache(maxsize=16)
def _read(path: str, _mtime: float) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    for name in ("arm", "scope", "role", "metric"):
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def forget() -> None:
    """Drop the experiments read so far from memory (they are read again when next asked for):
    for a long-lived process, such as class mode, that has rendered all it needs."""
    _read.cache_clear()


def load(name: str, library: Path = LIBRARY) -> pd.DataFrame:
    """An experiment's rows (a copy: change it freely)."""
    stored = manifest(library)["experiments"]
    if name not in stored:
        raise LibraryError(f"the results library has no experiment {name!r}; stored: {', '.join(stored) or 'none'}")
    path = Path(library) / stored[name]["file"]
    if not path.exists():
        raise LibraryError(f"{path}: the library file of {name} is missing; {_MAKE}")
    return _read(str(path), path.stat().st_mtime).copy()


def _rows(name: str, metric: str, role: str | None, library: Path) -> pd.DataFrame:
    rows = load(name, library)
    named = rows["metric"] == metric
    if role:
        scope = "people" if ((rows["scope"] == "people") & named).any() else "staff"
    else:
        scope = "bank" if ((rows["scope"] == "bank") & named).any() else "run"
    chosen = rows[(rows["scope"] == scope) & (rows["metric"] == metric)
                  & ((rows["role"] == role) if role else rows["role"].isna())]
    if chosen.empty:
        where = f"role {role}" if role else "the bank or the run"
        known = sorted(rows.loc[(rows["role"] == role) if role else rows["role"].isna(), "metric"].unique())
        raise LibraryError(f"experiment {name}: no metric {metric!r} for {where}; stored: {', '.join(known)}")
    return chosen


def series(name: str, metric: str, *, role: str | None = None, library: Path = LIBRARY) -> pd.DataFrame:
    """One number's rows in every arm, replication and month (``period`` 0-based)."""
    return _rows(name, metric, role, library).reset_index(drop=True)


@dataclass(frozen=True)
class Effect:
    """``scheme − reference`` on one number, paired over the library's replications."""

    experiment: str
    scheme: str
    reference: str
    metric: str
    role: str | None
    months: tuple[int, int] | None  # first and last month (1-based) averaged; None for a whole-run KPI
    n: int
    scheme_mean: float
    reference_mean: float
    mean: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Whether the interval excludes zero."""
        return clear(self.low, self.high)

    def __str__(self) -> str:
        who = f"{self.role} " if self.role else ""
        when = f" over months {self.months[0]}–{self.months[1]}" if self.months else ""
        return (f"{self.experiment}: {self.scheme} − {self.reference}, {who}{self.metric}{when}: "
                f"{self.mean:+.3g} [{self.low:.3g}, {self.high:.3g}], n={self.n}")


def _tail(rows: pd.DataFrame, tail: int) -> tuple[pd.DataFrame, tuple[int, int] | None]:
    """The rows of the last ``tail`` months and those months (1-based), or all rows of a run KPI."""
    if not rows["period"].notna().any():
        return rows, None
    last = int(rows["period"].max())
    first = max(0, last - tail + 1)
    return rows[rows["period"] >= first], (first + 1, last + 1)


def per_replication(name: str, metric: str, *, role: str | None = None, tail: int = TAIL,
                    library: Path = LIBRARY) -> tuple[pd.Series, tuple[int, int] | None]:
    """Each (arm, replication)'s value of ``metric`` over the last ``tail`` months, and those
    months: the mean of the monthly values, or for ``"A/B"`` the ratio of the two sums (an
    error rate: errors over transactions; output per teller-day: transactions over days worked)."""
    if not (isinstance(tail, int) and not isinstance(tail, bool) and tail >= 1):
        raise LibraryError(f"tail: {tail!r} is not allowed; allowed: a whole number of months >= 1")
    if "/" in metric:
        top, bottom = metric.split("/", 1)
        (num, months), (den, _) = (_tail(_rows(name, m, role, library), tail) for m in (top, bottom))
        keys = ["arm", "replication"]
        return num.groupby(keys)["value"].sum() / den.groupby(keys)["value"].sum(), months
    rows, months = _tail(_rows(name, metric, role, library), tail)
    return rows.groupby(["arm", "replication"])["value"].mean(), months


def effect(name: str, scheme: str, reference: str, metric: str, *, role: str | None = None, tail: int = TAIL,
           level: float = 0.95, library: Path = LIBRARY) -> Effect:
    """``scheme − reference`` on ``metric`` (of ``role``'s staff, else the bank's or the run's; ``"A/B"``
    a ratio of sums): each replication's value over the last ``tail`` months
    (``per_replication``), a paired ``level`` interval over the replications.

    Why so many parameters: the comparison (experiment, two arms, number, role) and how it is
    summarised (tail, level), each a keyword with the behaviour tests' default."""
    per_rep, months = per_replication(name, metric, role=role, tail=tail, library=library)
    arms = set(per_rep.index.get_level_values("arm"))
    for arm in (scheme, reference):
        if arm not in arms:
            raise LibraryError(f"experiment {name}: no arm {arm!r}; allowed: {', '.join(sorted(arms))}")
    a, b = per_rep.loc[reference].sort_index(), per_rep.loc[scheme].sort_index()
    common = a.index.intersection(b.index)
    a, b = a.loc[common], b.loc[common]
    kind = "real" if "/" in metric or kind_of(metric) == "positive" else kind_of(metric)
    diff, low, high = difference(a.to_numpy(), b.to_numpy(), kind, level)
    return Effect(name, scheme, reference, metric, role, months, len(common), float(b.mean()), float(a.mean()),
                  diff, low, high)
