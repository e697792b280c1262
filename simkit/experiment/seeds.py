"""Seeds for replications: children of one ``numpy.random.SeedSequence``.

Replication ``r`` of an experiment with seed ``S`` runs with ``SeedSequence(S).spawn(n)[r]``,
which is the sequence with entropy ``S`` and spawn key ``(r,)``. Spawned children are
designed to give statistically independent streams (NumPy's "parallel random number
generation" guide), and a child depends only on ``S`` and ``r`` — not on how many
replications there are, nor on which process or machine runs it. So replication 3 is the
same run whether the experiment has 5 replications or 50, on one core or on a cluster.

In a sweep every point uses the *same* children: replication ``r`` of every point meets
the same customers (common random numbers, see ``simkit.branch.rng``), which makes
differences between points far sharper than independent draws would.

A seed is stored as plain data, ``{"entropy": S, "spawn_key": [r]}``, so a manifest can be
read back and any single replication rerun with ``simkit.run``::

    simkit.run(scenario, seed=as_sequence({"entropy": 7, "spawn_key": [3]}))
"""
from __future__ import annotations

import numpy as np

__all__ = ["replication_seeds", "as_sequence", "as_data"]


def replication_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """The ``n`` children of ``SeedSequence(seed)``, one per replication."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0 (got {seed!r})")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"the number of replications must be a whole number >= 1 (got {n!r})")
    return np.random.SeedSequence(int(seed)).spawn(int(n))


def as_data(ss: np.random.SeedSequence) -> dict:
    """A seed sequence as JSON-ready data."""
    return {"entropy": int(ss.entropy), "spawn_key": [int(k) for k in ss.spawn_key]}


def as_sequence(data: dict) -> np.random.SeedSequence:
    """Inverse of ``as_data``."""
    return np.random.SeedSequence(int(data["entropy"]), spawn_key=tuple(int(k) for k in data["spawn_key"]))
