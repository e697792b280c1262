"""Random streams: one independent generator per purpose, all derived from one seed.

Why per purpose: with a stream for arrivals, one for customers' traits, one for service
and so on, changing how staff behave does not change *which customers arrive* or what
they want. Two pay schemes run with the same seed therefore meet the same customers
(common random numbers), which makes comparisons far sharper than independent runs.

Why buffered: a NumPy call per scalar draw costs about a microsecond; drawing 4,096 at a
time and handing them out from a Python list costs a tenth of that, and the sequence is
exactly the same on every run.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

#: Purposes in a fixed order: the index is part of each stream's seed, so never reorder.
PURPOSES = ("arrivals", "customers", "service", "lobby", "errors", "sales", "balking",
            "machines", "managers", "departure", "staff", "complaints", "identity")

_BUF = 4096  # largest refill; refills start at 32 and double, so short runs pay little


class Draws:
    """Buffered scalar draws (uniform, standard exponential, standard normal) from one generator."""

    __slots__ = ("gen", "_u", "_ui", "_e", "_ei", "_n", "_ni", "_size")

    def __init__(self, gen: np.random.Generator):
        self.gen = gen
        self._size = {"u": 32, "e": 32, "n": 32}
        self._u, self._ui = [], 0
        self._e, self._ei = [], 0
        self._n, self._ni = [], 0

    def uniform(self) -> float:
        i = self._ui
        if i >= len(self._u):
            self._u, i = self.gen.random(self._grow("u")).tolist(), 0
        self._ui = i + 1
        return self._u[i]

    def expo(self) -> float:
        i = self._ei
        if i >= len(self._e):
            self._e, i = self.gen.standard_exponential(self._grow("e")).tolist(), 0
        self._ei = i + 1
        return self._e[i]

    def normal(self) -> float:
        i = self._ni
        if i >= len(self._n):
            self._n, i = self.gen.standard_normal(self._grow("n")).tolist(), 0
        self._ni = i + 1
        return self._n[i]

    def _grow(self, kind: str) -> int:
        n = self._size[kind]
        self._size[kind] = min(_BUF, 2 * n)
        return n

    def choice(self, cum: list[float], items: list):
        """Pick from ``items`` with cumulative probabilities ``cum`` (last entry 1.0).
        A single item is returned without a draw."""
        if len(items) == 1:
            return items[0]
        return items[min(bisect_right(cum, self.uniform()), len(items) - 1)]

    def pareto_mean(self, mean: float, alpha: float = 1.161, cap: float = 40.0) -> float:
        """A Pareto draw whose mean is ``mean``. alpha = log(5)/log(4) = 1.161 is the index at
        which 20 % of holders own 80 % of the total: seed 000's 80/20 rule. Draws are
        capped at ``cap`` × mean, because a branch's largest client is finite (an uncapped
        alpha near 1 has no usable variance: one draw could exceed the branch). The cap
        takes mass from the tail, so the scale is set for the *capped* draw to keep the
        stated mean (``pareto_scale``); scaled as if uncapped, it delivered 66 % of it."""
        return min(mean * pareto_scale(alpha, cap) * math.exp(self.expo() / alpha), cap * mean)


@lru_cache(maxsize=None)
def pareto_scale(alpha: float, cap: float) -> float:
    """Scale ``u = x_m / mean`` of a Pareto(``alpha``) capped at ``cap`` × mean whose mean is
    ``mean``. For ``X`` Pareto with scale ``x_m`` and ``c`` the cap,
    ``E[min(X, c)] = x_m (1 + (1 − (x_m/c)^(α−1)) / (α − 1))``; with the mean as unit this
    is ``u (1 + (1 − (u/cap)^(α−1)) / (α − 1)) = 1``, increasing in ``u`` on (0, 1], so
    Brent's method brackets it (``(α − 1)/α``, the uncapped answer, is the limit as ``cap`` grows)."""
    def excess(u: float) -> float:
        return u * (1.0 + (1.0 - (u / cap) ** (alpha - 1.0)) / (alpha - 1.0)) - 1.0
    return brentq(excess, 1e-12, 1.0, xtol=1e-16)


def streams(seed: int | np.random.SeedSequence) -> dict[str, Draws]:
    """One ``Draws`` per purpose, independent, derived from ``seed`` by SeedSequence."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return {name: Draws(np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(ss.entropy, spawn_key=tuple(ss.spawn_key) + (i,)))))
        for i, name in enumerate(PURPOSES)}


def cumulative(weights: list[float]) -> list[float]:
    total = float(sum(weights))
    acc, out = 0.0, []
    for w in weights:
        acc += w / total
        out.append(acc)
    out[-1] = 1.0
    return out


# ---------------------------------------------------------------------- keyed draws (aligned mode)
#: spawn-key entries of the keyed families, appended to the run's seed as ``streams`` appends a
#: purpose's index (0-11) and ``simkit.simulation`` its layers' keys (101, 102): distinct from both
CUSTOMER_KEY, RETURN_KEY, FILE_KEY = 201, 202, 203
#: rows of the customers' table generated at a time (stated reason: one generator and three array
#: draws per 1,024 customers cost about a microsecond a customer, a generator per customer thirty)
_ROWS = 1024
#: draws a customer needs at most: uniforms (segment, need, communication type, appointment),
#: exponentials (patience when exponential, work content), normals (patience when lognormal, work noise)
CUSTOMER_DRAWS = (4, 2, 2)


def sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    """``seed`` as a SeedSequence (an int seeds one; a SeedSequence is itself)."""
    return seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)


def keyed(seed: int | np.random.SeedSequence, *key: int) -> Draws:
    """A ``Draws`` that depends on ``seed`` and ``key`` alone (non-negative integers appended to
    the seed's spawn key): the same key gives the same draws in every run with that seed, whatever
    else the run drew. Common random numbers by key rather than by position in a shared stream."""
    ss = sequence(seed)
    return Draws(np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(ss.entropy, spawn_key=tuple(ss.spawn_key) + tuple(key)))))


def post_key(post: str) -> int:
    """A post's name (``M1``) as a non-negative integer for a spawn key: its UTF-8 bytes read as
    one number, so distinct names give distinct keys and the same name the same key in every run."""
    return int.from_bytes(post.encode("utf-8"), "big")


class Row:
    """The draws of one keyed item (a customer), handed out in order like a ``Draws``:
    ``uniform``, ``expo`` and ``normal`` take the next value of their kind. Asking for more
    than the row holds raises StopIteration: the number of draws per item is fixed by design."""

    __slots__ = ("_u", "_e", "_n")

    def __init__(self, uniforms: list[float], expos: list[float], normals: list[float]):
        self._u, self._e, self._n = iter(uniforms), iter(expos), iter(normals)

    def uniform(self) -> float:
        return next(self._u)

    def expo(self) -> float:
        return next(self._e)

    def normal(self) -> float:
        return next(self._n)

    def choice(self, cum: list[float], items: list):
        """As ``Draws.choice``, from this row's next uniform; a single item takes no draw."""
        if len(items) == 1:
            return items[0]
        return items[min(bisect_right(cum, self.uniform()), len(items) - 1)]


class KeyedRows:
    """Row ``index`` of a table of draws that depends on (seed, ``key``, ``index``) alone: the
    ``index``-th customer gets the same segment, need, patience and work content in every run
    with the seed, whatever happened before they came. Rows are generated 1,024 at a time, the
    block ``index // 1024`` from its own generator keyed (seed, ``key``, block)."""

    def __init__(self, seed: int | np.random.SeedSequence, key: int, draws: tuple[int, int, int] = CUSTOMER_DRAWS):
        self.seed, self.key, self.draws = sequence(seed), key, draws
        self._block, self._rows = -1, ([], [], [])

    def row(self, index: int) -> Row:
        block, at = divmod(index, _ROWS)
        if block != self._block:
            gen = keyed(self.seed, self.key, block).gen
            uniforms, expos, normals = self.draws
            self._rows = (gen.random((_ROWS, uniforms)).tolist(), gen.standard_exponential((_ROWS, expos)).tolist(),
                          gen.standard_normal((_ROWS, normals)).tolist())
            self._block = block
        return Row(self._rows[0][at], self._rows[1][at], self._rows[2][at])


class AlignedCustomers:
    """The customers' draws in aligned mode (``arrivals.aligned``): the k-th first visit of a run
    draws row k of ``KeyedRows``; a return after an error draws from a stream keyed by the index
    of the first visit it returns from and its visit number. So a customer's attributes depend on
    the seed and their place in the arrival order only, not on what the staff did before."""

    def __init__(self, seed: int | np.random.SeedSequence):
        self.seed = sequence(seed)
        self.rows = KeyedRows(self.seed, CUSTOMER_KEY)
        self.first_visits = 0
        self.index_of: dict[int, int] = {}  # customer id -> index of the first visit it is or returns from

    def draws(self, customer_id: int, like=None) -> Row | Draws:
        """The draws of the customer about to be made with ``customer_id``; ``like``: the
        customer they return as (``Branch.arrive``), or None for a first visit."""
        if like is None:
            index, self.first_visits = self.first_visits, self.first_visits + 1
            self.index_of[customer_id] = index
            return self.rows.row(index)
        index = self.index_of[like.id]
        self.index_of[customer_id] = index
        return keyed(self.seed, RETURN_KEY, index, like.visit + 1)
