"""What a sweep is: a base scenario, the points to try, replications and a seed.

In Python::

    from simkit.experiment import Sweep
    sw = Sweep("scenarios/schemes/teller_piece_rate.yaml",
               set={"horizon.periods": 3},
               grid={"pay.teller.components.1.per_transaction": [0.5, 1.5, 3.0]},
               replications=4, seed=2026)

or in a YAML file (paths relative to the file; keys are dotted scenario field paths)::

    name: piece_rate_levels
    scenario: ../scenarios/schemes/teller_piece_rate.yaml
    set: {horizon.periods: 3}                    # applied to every point
    grid:                                        # every combination of these values
      pay.teller.components.1.per_transaction: [0.5, 1.5, 3.0]
    points:                                      # and/or explicit points
      - {pay.teller.components.1.per_transaction: 0, branch.windows.ordinary: 4}
    replications: 4
    seed: 2026
    logs: []                                     # full tables to keep, e.g. [customers, events]

The points are the grid's combinations (last key varying fastest) followed by the
explicit points; with neither, the base scenario alone is the one point. Every point is
resolved and validated when the sweep is built — a bad dotted path or value is reported
with the sweep file, the line, the field and what is allowed, before any task runs.
"""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..scenario import Scenario, ScenarioError, load_scenario, with_overrides
from ..scenario.errors import Problem, short
from .seeds import as_data, replication_seeds
from .tasks import LOG_TABLES, Task, task_id

__all__ = ["Sweep", "Point", "load_sweep", "SweepError"]

_FIELDS = ("name", "description", "scenario", "set", "grid", "points", "replications", "seed", "days", "logs")
_RESERVED = {"seed": "the sweep's own 'seed' and 'replications' set every run's seed",
             "extends": "'extends' belongs in scenario files; point 'scenario' at the file instead"}


class SweepError(ScenarioError):
    """A bad sweep (file or arguments): one line per problem, like a bad scenario."""


@dataclass(frozen=True)
class Point:
    """One point of a sweep: its index, its overrides and the resolved scenario."""

    index: int
    overrides: dict
    scenario: Scenario = field(repr=False)


class Sweep:
    """Points × replications, validated on construction (raises :class:`SweepError`).

    ``scenario`` is a :class:`Scenario` or a path; ``set`` overrides every point; ``grid``
    maps dotted paths to lists of values (all combinations); ``points`` is a list of
    override mappings; ``replications`` runs per point with seeds spawned from ``seed``
    (default: the base scenario's seed); ``days`` is passed to :func:`simkit.run`;
    ``logs`` names the full tables to store besides the summaries (none by default).
    """

    def __init__(self, scenario, *, grid: dict | None = None, points: list | None = None,
                 set: dict | None = None, replications: int = 1, seed: int | None = None,  # noqa: A002
                 days: int | None = None, logs=(), name: str | None = None, description: str = "",
                 source: str = "<sweep>", _where=None):
        self.source = source
        self._where = _where or (lambda *keys: None)  # (section, key...) -> line in the sweep file
        problems: list[Problem] = []
        base = self._base(scenario, problems)
        self.name = name or (base.name if base is not None else "sweep")
        self.description = description
        self.fixed = {} if set is None else set
        self.grid = {} if grid is None else grid
        self.explicit = [] if points is None else points
        self.replications = self._count(replications, problems)
        self.days = days
        self.logs = self._logs(logs, problems)
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            problems.append(self._problem("days", short(days), "must be a whole number >= 1 (or absent)"))
        if seed is None and base is not None:
            seed = base.seed
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            problems.append(self._problem("seed", short(seed), "must be a whole number >= 0"))
            seed = 0
        self.seed = seed
        combos = self._combinations(problems)
        if problems or base is None:
            raise SweepError(problems)
        self.base = base
        self.points = self._resolve(base, combos)

    # ------------------------------------------------------------------ building blocks
    def _problem(self, path: str, value, message: str, *keys) -> Problem:
        return Problem(self.source, path, value, message, self._where(*(keys or (path,))))

    def _base(self, scenario, problems) -> Scenario | None:
        if isinstance(scenario, Scenario):
            return scenario
        if not isinstance(scenario, (str, os.PathLike)) or not str(scenario).strip():
            problems.append(self._problem("scenario", short(scenario), "must be the path of a scenario file "
                                          "(relative to the sweep file) or a Scenario"))
            return None
        try:
            return load_scenario(scenario)
        except ScenarioError as e:  # the scenario's own problems, plus where the sweep names it
            problems.extend(e.problems)
            problems.append(self._problem("scenario", short(str(scenario)), "the base scenario above has problems"))
            return None

    def _count(self, n, problems) -> int:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            problems.append(self._problem("replications", short(n), "must be a whole number >= 1"))
            return 1
        return n

    def _logs(self, logs, problems) -> tuple:
        if isinstance(logs, str) or not isinstance(logs, (list, tuple)):
            problems.append(self._problem("logs", short(logs), f"must be a list of table names from: "
                                                               f"{', '.join(LOG_TABLES)}"))
            return ()
        bad = [x for x in logs if x not in LOG_TABLES]
        for x in bad:
            problems.append(self._problem("logs", short(x), f"unknown table; allowed: {', '.join(LOG_TABLES)}"))
        return tuple(dict.fromkeys(x for x in logs if x in LOG_TABLES))

    def _check_keys(self, section: str, mapping, problems, *where) -> bool:
        if not isinstance(mapping, dict):
            problems.append(self._problem(section, short(mapping), "must be a mapping of dotted field paths to "
                                          "values, e.g. {branch.windows.ordinary: 4}", *where))
            return False
        ok = True
        for key in mapping:
            first = str(key).split(".")[0]
            if first in _RESERVED:
                problems.append(self._problem(f"{section}.{key}", None, f"cannot be set by a sweep: "
                                              f"{_RESERVED[first]}", *where, key))
                ok = False
        return ok

    def _combinations(self, problems) -> list[dict]:
        """Overrides of every point (grid combinations, then explicit points), unvalidated."""
        ok_set = self._check_keys("set", self.fixed, problems)
        ok_grid = self._check_keys("grid", self.grid, problems)
        if not (ok_set and ok_grid):
            return []
        self.fixed = {str(k): v for k, v in self.fixed.items()}
        self.grid = {str(k): v for k, v in self.grid.items()}
        for key, values in self.grid.items():
            if not isinstance(values, (list, tuple)) or not values:
                problems.append(self._problem(f"grid.{key}", short(values), "must be a non-empty list of values "
                                              "to try, e.g. [2, 3, 4]", "grid", key))
        if not isinstance(self.explicit, list):
            problems.append(self._problem("points", short(self.explicit), "must be a list of mappings"))
            return []
        for i, p in enumerate(self.explicit):
            self._check_keys(f"points.{i}", p, problems, "points", i)
        if problems:
            return []
        self.explicit = [{str(k): v for k, v in p.items()} for p in self.explicit]
        keys = list(self.grid)
        combos = [dict(zip(keys, vals)) for vals in itertools.product(*self.grid.values())] if keys else []
        return combos + self.explicit or [{}]

    def _resolve(self, base: Scenario, combos: list[dict]) -> list[Point]:
        """Validate every point now, so no task runs on a sweep with a bad point."""
        points, problems, seen = [], [], {}
        for i, over in enumerate(combos):
            merged = {**self.fixed, **over}
            try:
                sc = with_overrides(base, merged, source=self.source)
            except ScenarioError as e:
                problems.extend(self._attribute(p, i, over) for p in e.problems)
                continue
            if self.days is not None and sc.horizon.periods:
                problems.append(self._problem("days", str(self.days), "the scenario sets horizon.periods, which "
                                              "fixes the days; allowed: no 'days' with a multi-period scenario"))
                continue
            digest = task_id(sc, {}, None)
            twin = seen.setdefault(digest, Point(i, over, sc))
            if twin.index != i:
                problems.append(Problem(self.source, "points", None, f"point {i} ({short(over, 120)}) resolves to "
                                        f"the same scenario as point {twin.index} ({short(twin.overrides, 120)}); "
                                        f"allowed: distinct points",
                                        self._where("points", i - self._n_grid()) if i >= self._n_grid() else
                                        self._where("grid")))
                continue
            points.append(Point(i, over, sc))
        if problems:
            raise SweepError(list(dict.fromkeys(problems)))  # a bad grid value fails once per combination
        return points

    def _attribute(self, p: Problem, index: int, over: dict) -> Problem:
        """Name the sweep entry that set the bad value: section, key, line."""
        for section, keys in (("points", self.explicit[index - self._n_grid()] if index >= self._n_grid() else {}),
                              ("grid", over if index < self._n_grid() else {}), ("set", self.fixed)):
            for key in keys:
                if p.path == key or p.path.startswith(key + ".") or key.startswith(p.path + "."):
                    if section == "points":
                        return Problem(self.source, f"points.{index - self._n_grid()}.{key}", p.value, p.message,
                                       self._where("points", index - self._n_grid(), key))
                    return Problem(self.source, f"{section}.{key}", p.value, p.message, self._where(section, key))
        return Problem(self.source, p.path, p.value, f"{p.message} [in point {index}: {short(over, 200)}]", None)

    def _n_grid(self) -> int:
        n = 1
        for v in self.grid.values():
            n *= len(v)
        return n if self.grid else 0

    # ------------------------------------------------------------------ what it runs
    @property
    def parameters(self) -> list[str]:
        """The dotted paths that vary between points (grid keys, then explicit points' keys)."""
        keys = list(self.grid)
        for p in self.explicit:
            keys += [k for k in p if k not in keys]
        return keys

    def tasks(self) -> list[Task]:
        """Every task, point-major: point 0's replications first."""
        seeds = [as_data(s) for s in replication_seeds(self.seed, self.replications)]
        return [Task(task_id(p.scenario, s, self.days), p.index, r, p.scenario, s, self.days, self.logs)
                for p in self.points for r, s in enumerate(seeds)]

    def __len__(self) -> int:
        return len(self.points) * self.replications

    def __repr__(self) -> str:
        return (f"Sweep({self.name!r}: {len(self.points)} points x {self.replications} replications, "
                f"seed {self.seed})")


def load_sweep(path: str | os.PathLike) -> Sweep:
    """Read and validate a sweep file (safe YAML 1.2, the scenario loader's reader)."""
    from ..scenario.loader import read_yaml

    source = str(path)
    data, locs, _, problems = read_yaml(path, source)
    if problems:
        raise SweepError(problems)

    def where(*keys):
        for n in range(len(keys), 0, -1):
            hit = locs.get(tuple(str(k) for k in keys[:n]))
            if hit is not None:
                return hit[1]
        return None

    found = []
    for key in data:
        if key not in _FIELDS:
            import difflib
            near = difflib.get_close_matches(str(key), _FIELDS, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            found.append(Problem(source, str(key), None, f"unknown field {str(key)!r}; {hint}allowed: "
                                 f"{', '.join(_FIELDS)}", where(key)))
    if "scenario" not in data:
        found.append(Problem(source, "scenario", None, "is required: the path of the base scenario file, "
                             "relative to this file", None))
    if found:
        raise SweepError(found)
    scenario = data["scenario"]
    if isinstance(scenario, str):
        scenario = Path(path).parent / scenario
        if not scenario.is_file():
            raise SweepError([Problem(source, "scenario", short(data["scenario"]),
                                      f"the file does not exist: {os.path.normpath(scenario)}; allowed: a scenario "
                                      f"file path relative to the folder of {source}", where("scenario"))])
        scenario = os.path.normpath(scenario)
    for key in ("set", "grid"):
        if data.get(key) is None:
            data.pop(key, None)
    return Sweep(scenario, grid=data.get("grid"), points=data.get("points"), set=data.get("set"),
                 replications=data.get("replications", 1), seed=data.get("seed"), days=data.get("days"),
                 logs=data.get("logs") or [], name=data.get("name") or Path(path).stem,
                 description=data.get("description") or "", source=source, _where=where)
