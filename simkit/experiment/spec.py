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

**Size.** The tasks are counted first — grid values multiplied, explicit points added,
times the replications — without building a single combination, and a sweep of more than
``MAX_TASKS`` tasks (10,000) is refused at once unless the limit is raised
(``max_tasks=N``, ``simkit sweep --max-tasks N``): a million-point grid is far more often a
typo (a range written out by a script, one list too many) than a plan, and each point is a
resolved scenario in memory and in the manifest. With ``progress=True`` a bar counts the
points as they are checked, from the first one.
"""
from __future__ import annotations

import difflib
import hashlib
import itertools
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import MappingStartEvent, ScalarEvent, SequenceStartEvent, StreamEndEvent

from ..limits import MAX_DAYS, MAX_SEED, MAX_SEED_BITS, MAX_YEARS, customer_problem
from ..scenario import Scenario, ScenarioError, load_scenario, scenario_json, with_overrides
from ..scenario.errors import Problem, short
from ..scenario.loader import MAX_BYTES, read_yaml
from .seeds import as_data, replication_seeds
from .tasks import LOG_TABLES, Task, task_id

__all__ = ["Sweep", "Point", "load_sweep", "SweepError", "MAX_TASKS"]

#: tasks (points x replications) a sweep may have unless asked for more (``max_tasks``,
#: ``simkit sweep --max-tasks N``). (default) 10,000 is some 400 times the largest sweep
#: shipped (cm_lending_habits: 24 tasks of 24 months), about an hour of one-month baseline
#: runs on two cores (0.7 s each) and a day of 24-month ones; every point is a resolved
#: scenario kept in memory and in the manifest (about 10 kB each), so much larger sweeps are
#: better split or thought through first.
MAX_TASKS = 10_000

_FIELDS = ("name", "description", "scenario", "set", "grid", "points", "replications", "seed", "days", "logs")
#: what a sweep file holds, for messages about the file as a whole
_SWEEP_FIELDS = "sweep fields (scenario:, set:, grid:, points:, replications:, seed:, ...)"
_NAME = re.compile(r"[\w][\w.-]{0,99}")  # a folder name: out/sweeps/<name>
_RESERVED = {"seed": "the sweep's own 'seed' and 'replications' set every run's seed",
             "extends": "'extends' belongs in scenario files; point 'scenario' at the file instead"}


def _safe_name(text: str) -> str:
    """A folder name made from a scenario's name or a file's stem."""
    return re.sub(r"[^\w.-]+", "_", str(text)).strip("._")[:100] or "sweep"


class SweepError(ScenarioError):
    """A bad sweep (file or arguments): one line per problem, like a bad scenario."""


@dataclass(frozen=True)
class Point:
    """One point of a sweep: its index, its overrides and the resolved scenario."""

    index: int
    overrides: dict
    scenario: Scenario = field(repr=False)
    # the scenario as canonical JSON (what task ids hash), computed once per point
    _json: str = field(default="", repr=False, compare=False)


class Sweep:
    """Points × replications, validated on construction (raises ``SweepError``).

    Why so many parameters: they are the fields of a sweep file (module docstring), one
    keyword each with a default, so ``Sweep(...)`` in Python reads like the YAML it mirrors;
    ``source`` and ``_where`` only say where a file's problems are.

    Parameters:
        ``scenario``: the base, a ``Scenario`` or a path. ``grid``: dotted paths to lists
        of values (all combinations). ``points``: a list of override mappings. ``set``:
        overrides of every point. ``replications``: runs per point, with seeds spawned from
        ``seed`` (default: the base scenario's seed). ``days``: passed to ``simkit.run``.
        ``logs``: the full tables to store besides the summaries (none by default).
        ``name``: the sweep's name (its folder out/sweeps/<name>; default the base
        scenario's). ``description``: free text. ``source``: the sweep file, named in
        messages. ``max_tasks``: the size limit (``MAX_TASKS``; None for none).
        ``progress``: a bar while the points are checked. ``_where``: ``(section, key...)``
        -> the line of the sweep file that holds it (given by ``load_sweep``).
    """

    def __init__(self, scenario, *, grid: dict | None = None, points: list | None = None,
                 set: dict | None = None, replications: int = 1, seed: int | None = None,  # noqa: A002
                 days: int | None = None, logs=(), name: str | None = None, description: str = "",
                 source: str = "<sweep>", max_tasks: int | None = MAX_TASKS, progress: bool = False, _where=None):
        """Why so many parameters: the fields of a sweep file (the class docstring lists them)."""
        self.source = source
        self._where = _where or (lambda *keys: None)  # (section, key...) -> line in the sweep file
        if max_tasks is not None and (isinstance(max_tasks, bool) or not isinstance(max_tasks, int) or max_tasks < 1):
            raise ValueError(f"max_tasks: must be a whole number >= 1, or None for no limit (got {max_tasks!r})")
        problems: list[Problem] = []
        base = self._base(scenario, problems)
        self.name = self._name(name, base, problems)
        if not isinstance(description, str):
            problems.append(self._problem("description", short(description), "must be text"))
            description = ""
        self.description = description
        self.fixed = {} if set is None else set
        self.grid = {} if grid is None else grid
        self.explicit = [] if points is None else points
        self.replications = self._count(replications, problems)
        self.days = days
        self.logs = self._logs(logs, problems)
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS):
            problems.append(self._problem("days", short(days), f"must be a whole number from 1 to {MAX_DAYS:,} "
                                                               f"({MAX_YEARS} years), or absent"))
        if seed is None and base is not None:
            seed = base.seed
        if seed is None and base is None:
            seed = 0  # the base scenario's problems are reported; its seed is unknown, not wrong
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            problems.append(self._problem("seed", short(seed), f"must be a whole number between 0 and "
                                                              f"2**{MAX_SEED_BITS} - 1"))
            seed = 0
        self.seed = seed
        self.max_tasks = max_tasks
        if self._structure(problems):
            self._check_size(max_tasks, problems)
        if problems or base is None:
            raise SweepError(problems)
        self.base = base
        self.points = self._resolve(base, progress)
        self._tasks = None

    # ------------------------------------------------------------------ building blocks
    def _problem(self, path: str, value, message: str, *keys) -> Problem:
        return Problem(self.source, path, value, message, self._where(*(keys or (path,))))

    def _name(self, name, base, problems) -> str:
        """The sweep's name, which names its default folder (out/sweeps/<name>)."""
        if name is None:
            return _safe_name(base.name if base is not None else "sweep")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            problems.append(self._problem("name", short(name), "must be a short name of letters, digits, '_', '-' "
                                          "and '.' (it names the result folder out/sweeps/<name>), e.g. "
                                          "piece_rate_levels"))
            return "sweep"
        return name

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
            problems.append(self._problem("scenario", None, f"the base scenario above has problems "
                                          f"({os.path.basename(str(scenario))}); fix that file, or point "
                                          f"'scenario' at another"))
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
                                              f"{_RESERVED[first]}", *(where or (section,)), key))
                ok = False
        return ok

    def _structure(self, problems) -> bool:
        """Check the shape of set / grid / points (the values are checked per point later)."""
        ok_set = self._check_keys("set", self.fixed, problems)
        ok_grid = self._check_keys("grid", self.grid, problems)
        if not (ok_set and ok_grid):
            return False
        self.fixed = {str(k): v for k, v in self.fixed.items()}
        self.grid = {str(k): v for k, v in self.grid.items()}
        for key, values in self.grid.items():
            if not isinstance(values, (list, tuple)) or not values:
                problems.append(self._problem(f"grid.{key}", short(values), "must be a non-empty list of values "
                                              "to try, e.g. [2, 3, 4]", "grid", key))
        if not isinstance(self.explicit, list):
            problems.append(self._problem("points", short(self.explicit), "must be a list of mappings"))
            return False
        before = len(problems)
        for i, p in enumerate(self.explicit):
            self._check_keys(f"points.{i}", p, problems, "points", i)
        if len(problems) > before or any(str(p.path).startswith("grid.") for p in problems):
            return False
        self.explicit = [{str(k): v for k, v in p.items()} for p in self.explicit]
        return True

    @property
    def n_points(self) -> int:
        """Points in the sweep: grid combinations plus explicit points (1: the base alone)."""
        return (self._n_grid() + len(self.explicit)) or 1

    def _check_size(self, max_tasks, problems) -> None:
        """Refuse a sweep of more than ``max_tasks`` tasks, counted without building any point."""
        n = self.n_points * self.replications
        if max_tasks is None or n <= max_tasks:
            return
        sizes = " x ".join(f"{len(v):,}" for v in self.grid.values())
        parts = ([f"a grid of {sizes} = {self._n_grid():,} combinations"] if self.grid else []) + \
            ([f"{len(self.explicit):,} explicit points"] if self.explicit else [])
        what = " plus ".join(parts) or "1 point"
        section = "grid" if self.grid else "points" if self.explicit else "replications"
        reps = f"{self.replications:,} replication{'s' if self.replications != 1 else ''}"
        problems.append(self._problem(section, None, f"the sweep has {n:,} tasks ({what}, x {reps}); allowed: at "
                                      f"most {max_tasks:,} tasks — ask for more with "
                                      f"`simkit sweep --max-tasks N` (Python: max_tasks=N), or sweep fewer values"))

    def _overrides(self):
        """Overrides of every point, lazily: grid combinations (last key fastest), then explicit points."""
        if self.grid:
            keys = list(self.grid)
            for vals in itertools.product(*self.grid.values()):
                yield dict(zip(keys, vals))
        yield from self.explicit
        if not self.grid and not self.explicit:
            yield {}

    def _resolve(self, base: Scenario, progress: bool = False) -> list[Point]:
        """Validate every point now, so no task runs on a sweep with a bad point."""
        from tqdm.auto import tqdm

        points, problems, seen = [], [], {}
        n_grid = self._n_grid()
        bar = tqdm(total=self.n_points, unit="point", desc=f"{self.name}: checking points", disable=not progress,
                   dynamic_ncols=True, mininterval=0.25)
        try:
            for i, over in enumerate(self._overrides()):
                bar.update(1)
                merged = {**self.fixed, **over}
                try:
                    scenario = with_overrides(base, merged, source=self.source)
                except ScenarioError as e:
                    problems.extend(self._attribute(p, i, over) for p in e.problems)
                    if len(set(problems)) > 50:  # enough to fix first (a bad grid value repeats, once shown)
                        break
                    continue
                if self.days is not None and scenario.horizon.periods:
                    problems.append(self._problem("days", str(self.days), "the scenario sets horizon.periods, "
                                                  "which fixes the days; allowed: no 'days' with a multi-period "
                                                  "scenario"))
                    break  # the same for every point
                too_many = customer_problem(scenario, self.days) if self.days is not None else None
                if too_many:  # (a scenario's own horizon is checked when it is validated)
                    problems.append(self._problem("days", str(self.days), f"{too_many[0]} [in point {i}: "
                                                  f"{short(over, 120)}]; allowed: {too_many[1]}"))
                    continue
                text = scenario_json(scenario)
                digest = hashlib.sha256(text.encode()).hexdigest()
                twin = seen.setdefault(digest, Point(i, over, scenario, text))
                if twin.index != i:
                    problems.append(Problem(self.source, "points", None, f"point {i} ({short(over, 120)}) resolves "
                                            f"to the same scenario as point {twin.index} "
                                            f"({short(twin.overrides, 120)}); allowed: distinct points",
                                            self._where("points", i - n_grid) if i >= n_grid else
                                            self._where("grid")))
                    continue
                points.append(twin)
        finally:
            bar.close()
        if problems:
            raise SweepError(list(dict.fromkeys(problems)))  # a bad grid value fails once per combination
        return points

    def _attribute(self, p: Problem, index: int, over: dict) -> Problem:
        """Name the sweep entry that set the bad value: section, key, line.

        Point ``index`` is a grid combination (below the grid's size), an explicit point
        (the next ``len(explicit)``), or — with neither — the base scenario alone, whose only
        overrides are ``set``."""
        n_grid = self._n_grid()
        explicit = index - n_grid if n_grid <= index < n_grid + len(self.explicit) else None
        for section, keys in (("points", self.explicit[explicit] if explicit is not None else {}),
                              ("grid", over if index < n_grid else {}), ("set", self.fixed)):
            for key in keys:
                if p.path == key or p.path.startswith(key + ".") or key.startswith(p.path + "."):
                    if section == "points":
                        return Problem(self.source, f"points.{explicit}.{key}", p.value, p.message,
                                       self._where("points", explicit, key))
                    return Problem(self.source, f"{section}.{key}", p.value, p.message, self._where(section, key))
        return Problem(self.source, p.path, p.value, f"{p.message} [in point {index}: {short(over, 200)}]", None)

    def _n_grid(self) -> int:
        return math.prod(len(v) for v in self.grid.values()) if self.grid else 0

    # ------------------------------------------------------------------ what it runs
    @property
    def parameters(self) -> list[str]:
        """The dotted paths that vary between points (grid keys, then explicit points' keys)."""
        keys = list(self.grid)
        for p in self.explicit:
            keys += [k for k in p if k not in keys]
        return keys

    def tasks(self) -> list[Task]:
        """Every task, point-major: point 0's replications first (computed once, then kept)."""
        if self._tasks is None:
            seeds = [as_data(s) for s in replication_seeds(self.seed, self.replications)]
            self._tasks = [Task(task_id(p.scenario, s, self.days, scenario_text=p._json or None), p.index, r,
                                p.scenario, s, self.days, self.logs)
                           for p in self.points for r, s in enumerate(seeds)]
        return list(self._tasks)

    def __len__(self) -> int:
        return len(self.points) * self.replications

    def __repr__(self) -> str:
        return (f"Sweep({self.name!r}: {len(self.points)} points x {self.replications} replications, "
                f"seed {self.seed})")


def _first_node(text: str):
    """The kind of the document's top node ('mapping', 'list', 'text', 'empty'), or None if
    the text does not parse (then ``read_yaml`` says why, with the line)."""
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if isinstance(event, MappingStartEvent):
                return "mapping"
            if isinstance(event, SequenceStartEvent):
                return "list"
            if isinstance(event, ScalarEvent):
                return "empty" if event.value in ("", "~", "null", "Null", "NULL") and not event.style else "value"
            if isinstance(event, StreamEndEvent):
                return "empty"
    except YAMLError:
        return None
    return None


def _read(path, source: str):
    """Read a sweep file with the scenario loader's safe reader; problems with the file as a
    whole (missing, a folder, empty, not a mapping, too large) are said in a sweep's terms."""
    def fatal(message, line=None):
        return SweepError([Problem(source, "", None, message, line)])

    allowed = f"allowed: a YAML file of {_SWEEP_FIELDS}"
    p = Path(path)
    if p.is_dir():
        raise fatal(f"is a folder; {allowed}")
    if not p.exists():
        raise fatal("file not found; allowed: the path of a sweep file (YAML), e.g. sweeps/windows.yaml")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise fatal(f"the file is larger than {MAX_BYTES:,} bytes; allowed: at most {MAX_BYTES:,} bytes (a sweep "
                        f"file is a few hundred bytes: a grid lists values, it does not list every point)")
        text = p.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = None  # read_yaml reports it, with the byte and line
    kind = _first_node(text.removeprefix("\ufeff")) if text is not None else None
    if kind == "empty":
        raise fatal(f"the file is empty; {allowed}")
    if kind in ("list", "value"):
        what = "a list" if kind == "list" else "a single value"
        raise fatal(f"the top level must be a mapping of {_SWEEP_FIELDS}, not {what}", 1)
    try:
        data, locs, _, problems = read_yaml(path, source)
    except SweepError:
        raise
    except ScenarioError as e:  # malformed YAML, a forbidden tag, ...: the reader's words fit any YAML file
        raise SweepError(e.problems) from None
    return data, locs, problems


def load_sweep(path: str | os.PathLike, max_tasks: int | None = MAX_TASKS, progress: bool = False) -> Sweep:
    """Read and validate a sweep file (safe YAML 1.2, the scenario loader's reader).

    ``max_tasks``: refuse a sweep of more tasks than this (default ``MAX_TASKS``;
    ``None``: no limit), counted before any point is built. ``progress``: a bar while the
    points are checked."""
    source = str(path)
    data, locs, problems = _read(path, source)
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
            near = difflib.get_close_matches(str(key), _FIELDS, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            if str(key) in _RESERVED:
                hint = f"{_RESERVED[str(key)]}; "
            found.append(Problem(source, str(key), None, f"unknown sweep field {str(key)!r}; {hint}allowed: "
                                 f"{', '.join(_FIELDS)}", where(key)))
    if "scenario" not in data:
        found.append(Problem(source, "scenario", None, "is required: the path of the base scenario file, "
                             "relative to this file", None))
    if found:
        raise SweepError(found)
    scenario = data["scenario"]
    if isinstance(scenario, str) and scenario.strip():
        scenario = Path(path).parent / scenario
        if not scenario.is_file():
            what = "is a folder" if scenario.is_dir() else "does not exist"
            raise SweepError([Problem(source, "scenario", short(data["scenario"]),
                                      f"the file {what}: {os.path.normpath(scenario)}; allowed: a scenario "
                                      f"file path relative to the folder of {source}", where("scenario"))])
        scenario = os.path.normpath(scenario)
    for key in ("set", "grid"):
        if data.get(key) is None:
            data.pop(key, None)
    return Sweep(scenario, grid=data.get("grid"), points=data.get("points"), set=data.get("set"),
                 replications=data.get("replications", 1), seed=data.get("seed"), days=data.get("days"),
                 logs=data.get("logs") or [], name=data.get("name", _safe_name(Path(path).stem)),
                 description=data.get("description") or "", source=source, max_tasks=max_tasks, progress=progress,
                 _where=where)
