"""The root of every error simkit raises on purpose.

Each error a user can meet is a ``SimkitError``, so one ``except simkit.SimkitError``
catches every refusal and nothing else (a real bug still surfaces as itself). The command
line prints ``str(error)`` — one clear line per problem, naming the file or argument, the
field and what is allowed — and exits with status 2.

The families (each defined beside the code that raises it, but for the two used by
several layers, defined here):

- ``simkit.ArgumentError`` — a bad argument of a Python entry point or a command
  (also a ``ValueError``);
- ``simkit.scenario.ScenarioError`` — a bad scenario file, one line per problem;
  ``simkit.experiment.SweepError`` is a bad sweep file;
- ``StoreError`` — a result folder that cannot be used (a sweep's, or a saved run's);
- ``simkit.experiment.executors.ExecutorError`` — an executor that cannot start;
- ``NonFiniteError`` — a number turned infinite or NaN inside a run.

This module imports nothing, so every layer can use it.
"""
from __future__ import annotations

__all__ = ["SimkitError", "NonFiniteError", "StoreError"]


class SimkitError(Exception):
    """Something simkit refuses, with a message that says what is wrong and what is allowed."""


class StoreError(SimkitError):
    """A result folder that cannot be used: a sweep folder (exists without --resume, holds
    another sweep, locked, a damaged manifest) or saved run results whose files do not
    belong together (``simkit.load``). The message names the file and the repair."""


class NonFiniteError(SimkitError, ArithmeticError):
    """A quantity became NaN or infinite inside a run: ``where`` names the person, period and
    quantity, ``value`` is what it became. The run stops here instead of hanging or writing
    NaN into its tables."""

    def __init__(self, where: str, value, hint: str = ""):
        self.where, self.value = where, value
        tail = f"; {hint}" if hint else ""
        super().__init__(f"{where} became {value!r}, so the run cannot go on{tail}")
