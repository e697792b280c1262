"""simkit — a retail bank branch in SimPy, and how the way staff are paid changes what they do.

>>> import simkit
>>> res = simkit.run("scenarios/baseline.yaml", days=1)   # doctest: +SKIP
>>> res.kpi_table()                                        # doctest: +SKIP

Every refusal is a ``simkit.SimkitError``: a bad argument raises
``simkit.ArgumentError`` (also a ``ValueError``) naming it and what is allowed; a bad
scenario file raises ``simkit.scenario.ScenarioError``; a number that turns NaN or
infinite inside a run raises ``simkit.NonFiniteError`` naming the person, period and
quantity (see ``simkit.errors``).

References in comments and docstrings stay inside the repository: "seed 002" is the section
``## seed 002`` of docs/sources.md (the seed documents' passages the code relies on, quoted),
"docs/domain.md §2" the domain brief, "docs/design.md rule 2" the design's rules, and the
Chinese terms are in docs/glossary.md (tests/test_references.py holds the code to this).
"""
from .api import run
from .arguments import ArgumentError
from .errors import NonFiniteError, SimkitError
from .results import Results, load

__all__ = ["run", "load", "Results", "ArgumentError", "SimkitError", "NonFiniteError"]
__version__ = "0.1.0"
