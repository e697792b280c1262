"""simkit — a retail bank branch in SimPy, and how the way staff are paid changes what they do.

>>> import simkit
>>> res = simkit.run("scenarios/baseline.yaml", days=1)   # doctest: +SKIP
>>> res.kpi_table()                                        # doctest: +SKIP
"""
from .api import run
from .results import Results, load

__all__ = ["run", "load", "Results"]
__version__ = "0.1.0"
