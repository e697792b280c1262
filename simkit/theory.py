"""Queueing formulas the simulation is checked against.

* Erlang C — M/M/c: probability of waiting and mean wait (Erlang 1917; any queueing text,
  e.g. Gross & Harris, *Fundamentals of Queueing Theory*, §2.3).
* Erlang A — M/M/c+M, exponential patience (Palm 1943; Garnett, Mandelbaum & Reiman
  2002): solved exactly as a birth–death chain, truncated where the tail is negligible.
* M/M/c with non-preemptive priority classes and a common service rate (Cobham 1954;
  Gross & Harris §3.4): ``W_k = C(c, a) / (c μ) / ((1 - σ_{k-1}) (1 - σ_k))``.

All rates are per minute. Pure functions, no simulation.
"""
from __future__ import annotations


def erlang_b(c: int, a: float) -> float:
    """Blocking probability of M/M/c/c with offered load ``a = λ/μ`` (stable recursion)."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, lam: float, mu: float) -> dict:
    """M/M/c: ``p_wait`` (an arrival has to wait), ``wq`` (mean wait), ``lq``, ``rho``."""
    a = lam / mu
    if a >= c:
        raise ValueError(f"unstable: offered load {a:.3g} >= {c} servers")
    b = erlang_b(c, a)
    pw = c * b / (c - a * (1.0 - b))
    wq = pw / (c * mu - lam)
    return {"p_wait": pw, "wq": wq, "lq": lam * wq, "rho": a / c}


def erlang_a(c: int, lam: float, mu: float, theta: float, tol: float = 1e-14) -> dict:
    """M/M/c+M: ``p_wait`` (an arrival finds all servers busy), ``p_abandon``, ``wq``
    (mean time in queue over all arrivals, abandoners included) and ``lq``."""
    probs = [1.0]
    n = 0
    while True:  # unnormalised p_n of the birth–death chain
        n += 1
        death = min(n, c) * mu + max(n - c, 0) * theta
        probs.append(probs[-1] * lam / death)
        if n > c and probs[-1] < tol * sum(probs):
            break
    total = sum(probs)
    p = [x / total for x in probs]
    lq = sum((k - c) * pk for k, pk in enumerate(p) if k > c)
    return {"p_wait": sum(p[c:]), "p_abandon": theta * lq / lam, "wq": lq / lam, "lq": lq}


def priority_waits(c: int, lams: list[float], mu: float) -> list[float]:
    """Mean wait per class (highest priority first) in M/M/c, non-preemptive priority."""
    lam = sum(lams)
    pw = erlang_c(c, lam, mu)["p_wait"]
    w0 = pw / (c * mu)
    out, sigma_prev = [], 0.0
    for lk in lams:
        sigma = sigma_prev + lk / (c * mu)
        out.append(w0 / ((1.0 - sigma_prev) * (1.0 - sigma)))
        sigma_prev = sigma
    return out

