"""The reference: an M/M/c queue written the way the SimPy documentation teaches it,
one ``simpy.Resource`` and one generator process per customer."""
from __future__ import annotations

import random

import simpy


def bare_mmc(n: int, c: int, lam: float, mu: float, seed: int = 1) -> list[float]:
    """Simulate ``n`` customers; return their waits (so the work cannot be skipped)."""
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=c)
    rnd = random.Random(seed)
    waits: list[float] = []

    def customer(env):
        arrived = env.now
        with servers.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rnd.expovariate(mu))

    def source(env):
        for _ in range(n):
            yield env.timeout(rnd.expovariate(lam))
            env.process(customer(env))

    env.process(source(env))
    env.run()
    return waits
