"""The results library: experiments computed once, stored in the repository, read instantly.

The notebooks and the dashboard's lessons have a minute; what pay does to staff needs 24–36
simulated months over 8–16 replications. So those experiments are defined in
``library/experiments.yaml`` (``spec``), computed by ``make results`` / ``simkit results``
(``build``: through the sweep store, resumable, on processes or Dask) and stored as compact
Parquet files with a manifest; ``read`` gives them back as tidy tables and paired effects with
intervals. A test re-runs one task of every experiment and requires identical numbers, so the
library cannot silently drift from the model (tests/library/test_library_truth.py).

>>> from simkit import library
>>> library.effect("teller_pay", "teller_piece_rate", "fixed_pay", "policy.pace", role="teller")  # doctest: +SKIP
Effect(teller_pay: teller_piece_rate − fixed_pay, teller policy.pace over months 19–24: +0.21 [0.17, 0.25], n=8)
"""
from .build import build, condense, people_rows
from .findings import effects_table, like_for_like
from .read import Effect, effect, experiments, load, manifest, per_replication, series
from .spec import Experiment, LibraryError, load_experiments

__all__ = ["build", "condense", "people_rows", "Effect", "effect", "effects_table", "experiments", "like_for_like",
           "load", "manifest", "per_replication", "series", "Experiment",
           "LibraryError", "load_experiments"]
