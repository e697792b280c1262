"""The branch reduced to textbook queues must agree with queueing theory.

Method: one long run per case; the first day is dropped as warm-up; the rest is cut into
equal batches of simulated days, and the batch means give a Student-t 99 % confidence
interval (batch means, Law & Kelton, *Simulation Modeling and Analysis*, §9.5.3). Each
batch spans at least several relaxation times of the queue, so batches are close to
independent. The theoretical value must lie inside the interval, and the interval must
be narrow enough (half-width under 15 % of the value; 20 % per priority class) that the
check has teeth — and ``test_a_wrong_model_would_be_caught`` shows it does.
"""
from __future__ import annotations

import numpy as np
import pytest

from simkit.branch import Branch, BranchPlan
from simkit.scenario import load_scenario, with_overrides
from simkit.theory import erlang_a, erlang_c, priority_waits

from helpers import SCENARIOS, t_interval

pytestmark = pytest.mark.statistical

C, MU = 4, 0.2  # mmc.yaml: 4 windows, exponential service with mean 5 minutes
WARMUP = 1440.0
N_BATCHES = 40


def _run(sc, batch_days: int):
    b = Branch(BranchPlan.compile(sc, days=1 + N_BATCHES * batch_days)).run()
    cs = [c for c in b.customers if c.arrive >= WARMUP]
    batch = np.array([int((c.arrive - WARMUP) // (1440.0 * batch_days)) for c in cs])
    return cs, batch


def _batch_means(values, batch):
    values = np.asarray(values, dtype=float)
    return [values[batch == k].mean() for k in range(N_BATCHES)]


def _check(name, sim_batches, theory, max_rel_half_width=0.15):
    lo, hi = t_interval(sim_batches, 0.99)
    assert lo <= theory <= hi, f"{name}: theory {theory:.4f} outside the 99% CI [{lo:.4f}, {hi:.4f}]"
    assert (hi - lo) / 2 < max_rel_half_width * theory, f"{name}: CI [{lo:.4f}, {hi:.4f}] too wide to test anything"


# Batch length per load: long enough for the 15 % precision requirement (relative noise
# in the mean wait is largest at low load, autocorrelation is largest at high load; at
# rho = 0.9 five-day batches gave a half-width near 19 %, so the batch is 12 days: the
# half-width shrinks with the square root of the run length, to about 12 %).
@pytest.mark.parametrize("rho,batch_days", [(0.5, 3), (0.7, 3), (0.8, 3), (0.9, 12)])
def test_mmc_agrees_with_erlang_c(rho, batch_days):
    lam = rho * C * MU  # per minute
    sc = with_overrides(load_scenario(SCENARIOS / "mmc.yaml"), {"arrivals.hourly": lam * 60, "seed": int(rho * 1000)})
    cs, batch = _run(sc, batch_days=batch_days)
    theory = erlang_c(C, lam, MU)
    assert all(c.outcome == "served" for c in cs[:-50])  # nobody balks or gives up in M/M/c
    _check("P(wait)", _batch_means([c.wait > 0 for c in cs], batch), theory["p_wait"])
    _check("E[Wq]", _batch_means([c.wait for c in cs], batch), theory["wq"])


def test_abandonment_agrees_with_erlang_a():
    sc = load_scenario(SCENARIOS / "mmc_abandonment.yaml")
    lam, theta = 48.0 / 60, 1 / 10.0
    cs, batch = _run(sc, batch_days=1)
    theory = erlang_a(C, lam, MU, theta)
    _check("P(wait)", _batch_means([c.wait > 0 for c in cs], batch), theory["p_wait"])
    _check("P(abandon)", _batch_means([c.outcome == "reneged" for c in cs], batch), theory["p_abandon"])
    _check("E[Wq]", _batch_means([c.wait for c in cs], batch), theory["wq"])


def test_priority_classes_agree_with_cobham():
    sc = load_scenario(SCENARIOS / "mmc_priority.yaml")
    lam = 40.8 / 60
    cs, batch = _run(sc, batch_days=3)
    w_vip, w_ord = priority_waits(C, [0.2 * lam, 0.8 * lam], MU)
    for seg, theory in (("vip", w_vip), ("mass", w_ord)):
        sel = np.array([c.segment == seg for c in cs])
        waits = np.array([c.wait for c in cs])[sel]
        _check(f"W[{seg}]", _batch_means(waits, batch[sel]), theory, max_rel_half_width=0.20)


def test_theory_formulas_against_known_values():
    # Erlang C with c=2, a=1 (rho=0.5): C = 1/3 (textbook value), Wq = C/(c mu - lam) = 1/3
    assert erlang_c(2, 1.0, 1.0)["p_wait"] == pytest.approx(1 / 3)
    assert erlang_c(2, 1.0, 1.0)["wq"] == pytest.approx(1 / 3)
    # M/M/1: P(wait) = rho, Wq = rho / (mu - lam)
    assert erlang_c(1, 0.6, 1.0)["wq"] == pytest.approx(0.6 / 0.4)
    # Erlang A with theta = mu is an M/M/infinity: nobody waits longer than... p_wait = P(N >= c), Poisson(a)
    from scipy.stats import poisson
    assert erlang_a(3, 2.0, 1.0, 1.0)["p_wait"] == pytest.approx(poisson.sf(2, 2.0))
    # Erlang A with tiny theta approaches Erlang C
    assert erlang_a(4, 0.6, 0.2, 1e-9)["p_wait"] == pytest.approx(erlang_c(4, 0.6, 0.2)["p_wait"], rel=1e-4)
    # one priority class is plain Erlang C
    assert priority_waits(4, [0.6], 0.2)[0] == pytest.approx(erlang_c(4, 0.6, 0.2)["wq"])


def test_a_wrong_model_would_be_caught():
    """The check has power: the same run compared with Erlang C for 3 windows instead of 4
    (or a 10 % slower service) falls outside the interval."""
    lam = 0.7 * C * MU
    sc = with_overrides(load_scenario(SCENARIOS / "mmc.yaml"), {"arrivals.hourly": lam * 60, "seed": 700})
    cs, batch = _run(sc, batch_days=3)
    lo, hi = t_interval(_batch_means([c.wait for c in cs], batch), 0.99)
    wrong = erlang_c(C, lam, MU / 1.1)["wq"]
    assert not lo <= wrong <= hi
