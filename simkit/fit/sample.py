"""A ticket log made by simkit itself: the baseline branch's counter customers in the codebook's columns.

``sample_log`` runs a scenario and returns its log; ``python scripts/make_sample_tickets.py``
rewrites the shipped sample, ``simkit/fit/sample_tickets.csv`` (``SAMPLE``), from the baseline
scenario's first ``SAMPLE_DAYS`` days and its own seed, so the same file comes out every time.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..api import run
from .fitting import BASELINE
from .tickets import ticket_log, write_tickets

__all__ = ["SAMPLE", "SAMPLE_DAYS", "BASELINE", "sample_log", "write_sample"]

SAMPLE = Path(__file__).with_name("sample_tickets.csv")
# (stated reason) one week shows every weekday once and keeps the file near 200 KB, under
# the 300 KB a package data file may take here
SAMPLE_DAYS = 7


def sample_log(scenario=BASELINE, days: int | None = SAMPLE_DAYS, seed: int | None = None) -> pd.DataFrame:
    """Run ``scenario`` (a path or ``Scenario``) and return its counter customers as a ticket log."""
    return ticket_log(run(scenario, days=days, seed=seed))


def write_sample(path=SAMPLE, scenario=BASELINE, days: int | None = SAMPLE_DAYS) -> Path:
    """Write the sample ticket log of ``scenario`` to ``path`` and return the path."""
    return write_tickets(sample_log(scenario, days), path)
