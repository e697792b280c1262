"""What the results library holds: experiments read from ``library/experiments.yaml``.

An *experiment* is a set of arms (scheme files of ``scenarios/schemes/``, or a scheme file with
overrides of its own: ``{name: N, scheme: S, set: {...}}``) run over the same
replications for the same number of monthly periods, every field margin on
(``simkit.scenario.FIELD_MARGINS``), plus the experiment's own overrides (``set``) and an
optional ``arrivals_factor`` (every hour's arrival rate multiplied) and an optional ``people_last``
(the fairness measures of ``simkit.measure.fairness`` over each replication's last N months,
computed from every person's monthly rows, which the arm's sweep then keeps); ``margins: false``
runs the shipped defaults instead (docs/data/before/: the model before the margins). Each arm becomes one
``simkit.experiment.Sweep`` with the experiment's ``seed`` and ``replications``, so replication
``r`` of every arm runs on the same seed (common random numbers) and the sweep store, its
resume, progress bar and executors work as for any sweep.

The file is YAML 1.2 read by the scenario loader (a duplicate key is an error); a bad entry
raises ``LibraryError`` naming the file, the experiment, the field and what is allowed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SimkitError
from ..experiment.spec import Sweep
from ..limits import MAX_SEED
from ..scenario import FIELD_MARGINS, ScenarioError, load_scenario
from ..scenario.errors import short
from ..scenario.loader import read_yaml

__all__ = ["Experiment", "LibraryError", "load_experiments", "LIBRARY", "SCHEMES", "EXPERIMENTS_FILE"]

#: the library's folder: experiments.yaml, one Parquet file per experiment, manifest.json
#: (inside the package: ``simkit/library/data`` is a link to the repository's ``library/``)
LIBRARY = Path(__file__).resolve().parent / "data"
EXPERIMENTS_FILE = LIBRARY / "experiments.yaml"
SCHEMES = Path(__file__).resolve().parents[1] / "scenarios" / "schemes"
_FIELDS = {"description", "arms", "periods", "replications", "seed", "set", "arrivals_factor", "people_last", "margins"}
#: (stated reason) the library's runs: at most the behaviour tests' sixteen customer-manager
#: seeds twice over and six years; beyond that an experiment belongs in a sweep of its own
MAX_REPLICATIONS, MAX_PERIODS = 32, 72
#: (stated reason) arrivals from a fifth to five times the baseline's: the branch's range from a
#: quiet sub-branch to a city-centre branch at month end (docs/levels.md)
ARRIVALS_FACTOR_RANGE = (0.2, 5.0)


class LibraryError(SimkitError, ValueError):
    """A bad experiments file or library request: one line naming where and what is allowed."""


@dataclass(frozen=True)
class Experiment:
    """One experiment of the library: arms x replications x periods, margins on (unless ``margins``
    is false: the shipped defaults, for a table of how the model stood before the margins)."""

    name: str
    description: str
    arms: tuple[str, ...]
    periods: int
    replications: int
    seed: int
    overrides: dict = field(default_factory=dict)
    arrivals_factor: float = 1.0
    variants: dict = field(default_factory=dict)  # arm name -> (scheme file stem, its own overrides)
    people_last: int | None = None  # months over which each replication's fairness measures are taken
    margins: bool = True  # every field margin on (FIELD_MARGINS); false: the shipped defaults

    def sweep(self, arm: str) -> Sweep:
        """The sweep one arm runs: its scheme file, the margins, the experiment's settings."""
        if arm not in self.arms:
            raise LibraryError(f"experiment {self.name}: no arm {arm!r}; allowed: {', '.join(self.arms)}")
        scheme, own = self.variants.get(arm, (arm, {}))
        path = SCHEMES / f"{scheme}.yaml"
        overrides = {**(FIELD_MARGINS if self.margins else {}), **self.overrides, **own, "horizon.periods": self.periods}
        if self.arrivals_factor != 1.0:
            hourly = load_scenario(path).arrivals.hourly
            overrides["arrivals.hourly"] = {hour: rate * self.arrivals_factor for hour, rate in hourly.items()}
        return Sweep(path, set=overrides, replications=self.replications, seed=self.seed,
                     logs=["staff_periods"] if self.people_last else [],
                     name=f"{self.name}.{arm}", description=self.description)


def _where(source: str, name: str, key: str) -> str:
    return f"{source}: experiment {name}, field {key}"


def _whole(value, lo: int, hi: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise LibraryError(f"{where}: {value!r} is not allowed; allowed: a whole number from {lo} to {hi}")
    return value


def _variant(arm, known: list[str], where: str) -> tuple[str, str, dict]:
    """An arm: a scheme name, or ``{name, scheme, set}`` -> (name, scheme, overrides)."""
    if isinstance(arm, dict):
        if set(arm) - {"name", "scheme", "set"} or not isinstance(arm.get("name"), str) \
                or not isinstance(arm.get("set", {}), dict):
            raise LibraryError(f"{where}: {short(arm)}: allowed: a scheme name or "
                               "{name: NAME, scheme: SCHEME, set: {dotted.path: value}}")
        name, scheme, own = arm["name"], arm.get("scheme"), dict(arm.get("set", {}))
    else:
        name, scheme, own = arm, arm, {}
    if scheme not in known:
        raise LibraryError(f"{where}: unknown scheme {scheme!r}; allowed: {', '.join(known)}")
    return name, scheme, own


def _arms(value, where: str) -> tuple[tuple[str, ...], dict]:
    known = sorted(p.stem for p in SCHEMES.glob("*.yaml"))
    if not isinstance(value, list) or len(value) < 2:
        raise LibraryError(f"{where}: allowed: a list of at least two scheme names ({', '.join(known)})")
    arms = [_variant(arm, known, where) for arm in value]
    names = [name for name, _scheme, _own in arms]
    if len(set(names)) != len(names):
        raise LibraryError(f"{where}: an arm is listed twice; allowed: each arm once")
    return tuple(names), {name: (scheme, own) for name, scheme, own in arms if own or name != scheme}


def _experiment(name: str, entry, source: str) -> Experiment:
    """One entry of the file, checked field by field."""
    if not isinstance(entry, dict):
        raise LibraryError(f"{source}: experiment {name}: allowed: a mapping of {', '.join(sorted(_FIELDS))}")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise LibraryError(f"{_where(source, name, unknown[0])}: unknown field; allowed: {', '.join(sorted(_FIELDS))}")
    missing = sorted({"arms", "periods", "replications", "seed"} - set(entry))
    if missing:
        raise LibraryError(f"{_where(source, name, missing[0])}: missing; every experiment needs arms, periods, "
                           "replications and seed")
    overrides = entry.get("set") or {}
    if not isinstance(overrides, dict):
        raise LibraryError(f"{_where(source, name, 'set')}: allowed: a mapping of dotted scenario paths to values")
    factor = entry.get("arrivals_factor", 1.0)
    lo, hi = ARRIVALS_FACTOR_RANGE
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not lo <= factor <= hi:
        raise LibraryError(f"{_where(source, name, 'arrivals_factor')}: {factor!r} is not allowed; "
                           f"allowed: a number from {lo} to {hi}")
    arms, variants = _arms(entry["arms"], _where(source, name, "arms"))
    periods = _whole(entry["periods"], 1, MAX_PERIODS, _where(source, name, "periods"))
    margins = entry.get("margins", True)
    if not isinstance(margins, bool):
        raise LibraryError(f"{_where(source, name, 'margins')}: {margins!r} is not allowed; allowed: true (every "
                           "field margin on, the default) or false (the shipped defaults)")
    people_last = entry.get("people_last")
    if people_last is not None:
        people_last = _whole(people_last, 1, periods, _where(source, name, "people_last"))
    return Experiment(
        name=name, description=str(entry.get("description", "")), arms=arms, variants=variants,
        periods=periods, people_last=people_last, margins=margins,
        replications=_whole(entry["replications"], 3, MAX_REPLICATIONS, _where(source, name, "replications")),
        seed=_whole(entry["seed"], 0, MAX_SEED, _where(source, name, "seed")),
        overrides=dict(overrides), arrivals_factor=float(factor))


def load_experiments(path: str | os.PathLike = EXPERIMENTS_FILE) -> dict[str, Experiment]:
    """Every experiment of the file, in its order; each arm's sweep is built (and so every
    override validated against the scenario) before this returns."""
    source = str(path)
    try:
        data, _locations, _replaced, problems = read_yaml(path, source)
    except ScenarioError as e:
        raise LibraryError(str(e)) from None
    if problems:
        raise LibraryError(str(problems[0]))
    if not isinstance(data, dict) or not data:
        raise LibraryError(f"{source}: allowed: a mapping of experiment names to experiments")
    experiments = {str(name): _experiment(str(name), entry, source) for name, entry in data.items()}
    for experiment in experiments.values():
        for arm in experiment.arms:
            try:
                experiment.sweep(arm)
            except ScenarioError as e:
                raise LibraryError(f"{_where(source, experiment.name, 'set')} (arm {arm}): {e}") from None
    return experiments
