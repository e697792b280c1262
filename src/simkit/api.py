"""The one-call entry point: ``simkit.run(scenario)``."""
from __future__ import annotations

import os

from .branch import Branch
from .results import Results


def _as_scenario(scenario):
    from .scenario import Scenario, load_scenario
    if isinstance(scenario, Scenario):
        return scenario
    return load_scenario(os.fspath(scenario))


def run(scenario, days: int | None = None, seed: int | None = None, progress: bool = False) -> Results:
    """Simulate ``scenario`` (a :class:`Scenario` or a YAML path) and return its results.

    ``days`` and ``seed`` override the scenario's horizon and seed. With ``progress=True``
    a tqdm bar counts simulated days (it works in a terminal and in a notebook).
    """
    sc = _as_scenario(scenario)
    days = sc.horizon.days if days is None else days
    seed = sc.seed if seed is None else seed
    branch = Branch(sc, seed=seed, days=days)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=days, unit="day", desc=sc.name)
    try:
        branch.run(progress=bar)
    finally:
        if bar is not None:
            bar.close()
    return Results(sc, seed, days, branch=branch)
