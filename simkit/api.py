"""The one-call entry point: ``simkit.run(scenario)``."""
from __future__ import annotations

import os

from .arguments import ArgumentError, check_days, check_seed
from .results import Results
from .simulation import Simulation


def _as_scenario(scenario):
    from .scenario import Scenario, load_scenario
    if isinstance(scenario, Scenario):
        return scenario
    if not isinstance(scenario, (str, os.PathLike)):
        raise ArgumentError("scenario", "a Scenario or the path of a scenario YAML file", scenario)
    return load_scenario(os.fspath(scenario))


def check_run(sc, days=None, seed=None) -> None:
    """Refuse ``days`` / ``seed`` that cannot run ``sc``, before anything is simulated."""
    from .scenario.limits import customer_problem

    if days is not None:
        check_days(days)
        if sc.horizon.periods is not None:
            raise ArgumentError("days", "days only for a scenario without horizon.periods (set its "
                                        "horizon.periods instead)", days,
                                f"scenario {sc.name!r} sets horizon.periods, whose calendar gives the days")
        problem = customer_problem(sc, days)
        if problem:
            raise ArgumentError("days", problem[1], days, f"{problem[0]} for scenario {sc.name!r}")
    if seed is not None:
        check_seed(seed)


def run(scenario, days: int | None = None, seed: int | None = None, progress: bool = False) -> Results:
    """Simulate ``scenario`` (a :class:`Scenario` or a YAML path) and return its results.

    ``days`` and ``seed`` override the scenario's horizon and seed (``days`` only applies
    to scenarios without assessment periods). With ``progress=True`` a tqdm bar counts
    periods (it works in a terminal and in a notebook). A bad argument raises
    :class:`simkit.ArgumentError` before anything runs; a bad scenario file raises
    :class:`simkit.scenario.ScenarioError`.
    """
    sc = _as_scenario(scenario)
    check_run(sc, days, seed)
    seed = sc.seed if seed is None else seed
    sim = Simulation(sc, seed=seed, days=days)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(sim.ends), unit="period", desc=sc.name)
    try:
        sim.run(progress=bar)
    finally:
        if bar is not None:
            bar.close()
    return Results(sc, seed, sim.days, branch=sim.branch, sim=sim)
