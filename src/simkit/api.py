"""The one-call entry point: ``simkit.run(scenario)``."""
from __future__ import annotations

import os

from .results import Results
from .simulation import Simulation


def _as_scenario(scenario):
    from .scenario import Scenario, load_scenario
    if isinstance(scenario, Scenario):
        return scenario
    return load_scenario(os.fspath(scenario))


def run(scenario, days: int | None = None, seed: int | None = None, progress: bool = False) -> Results:
    """Simulate ``scenario`` (a :class:`Scenario` or a YAML path) and return its results.

    ``days`` and ``seed`` override the scenario's horizon and seed (``days`` only applies
    to scenarios without assessment periods). With ``progress=True`` a tqdm bar counts
    periods (it works in a terminal and in a notebook).
    """
    sc = _as_scenario(scenario)
    if days is not None and sc.horizon.periods is not None:
        raise ValueError("days= cannot be combined with a scenario that sets horizon.periods")
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
