"""The one-call entry point: ``simkit.run(scenario)``."""
from __future__ import annotations

import os

from .arguments import ArgumentError, check_progress, check_run, printable
from .results import Results
from .scenario import Scenario, load_scenario, revalidated
from .simulation import Simulation


def _as_scenario(scenario):
    """A checked Scenario from a Scenario object (validated again: ``model_copy`` and
    ``model_construct`` skip validation) or from the path of a YAML file."""
    if isinstance(scenario, Scenario):
        return revalidated(scenario)
    if not isinstance(scenario, (str, os.PathLike)):
        raise ArgumentError("scenario", "a Scenario or the path of a scenario YAML file", scenario)
    return load_scenario(os.fspath(scenario))


def run(scenario, days: int | None = None, seed: int | None = None, progress: bool = False) -> Results:
    """Simulate ``scenario`` (a ``Scenario`` or a YAML path) and return its results.

    ``days`` and ``seed`` override the scenario's horizon and seed (``days`` only applies
    to scenarios without assessment periods). With ``progress=True`` a tqdm bar counts
    periods (it works in a terminal and in a notebook). A bad argument raises
    ``simkit.ArgumentError`` before anything runs; a bad scenario file raises
    ``simkit.scenario.ScenarioError``.
    """
    check_progress(progress)
    scenario = _as_scenario(scenario)
    check_run(scenario, days, seed)
    seed = scenario.seed if seed is None else seed
    simulation = Simulation(scenario, seed=seed, days=days)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(simulation.ends), unit="period", desc=printable(scenario.name))
    try:
        simulation.run(progress=bar)
    finally:
        if bar is not None:
            bar.close()
    return Results(scenario, seed, simulation.days, branch=simulation.branch, sim=simulation)
