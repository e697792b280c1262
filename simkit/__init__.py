"""simkit — a retail bank branch in SimPy, and how the way staff are paid changes what they do.

>>> import simkit
>>> res = simkit.run("scenarios/baseline.yaml", days=1)   # doctest: +SKIP
>>> res.kpi_table()                                        # doctest: +SKIP

A bad argument raises :class:`simkit.ArgumentError` (a ``ValueError``) naming it and what
is allowed; a bad scenario file raises :class:`simkit.scenario.ScenarioError`.
"""
from .api import run
from .arguments import ArgumentError
from .results import Results, load

__all__ = ["run", "load", "Results", "ArgumentError"]
__version__ = "0.1.0"
