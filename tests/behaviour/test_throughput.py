"""Where the queue, not the arrivals, limits throughput, learned speed shows up as output.

In the shipped baseline the tellers are idle a quarter of the time, so a faster teller
mostly waits sooner for the next customer. Here each seed's tellers keep the pace they
learned under fixed pay or piece rate (their final policies from the 24-month runs) and
work three days with twice the customers, so the queue never empties: transactions per
teller-hour must then be higher for the piece-rate tellers, seed by seed.
"""
from __future__ import annotations

import simkit
from simkit.scenario import load_scenario, with_overrides

from scheme_runs import SEEDS
from helpers import SCENARIOS, t_interval

DAYS = 3


def _per_teller_hour(paces: dict, seed: int) -> float:
    base = load_scenario(SCENARIOS / "baseline.yaml")
    hourly = base.arrivals.hourly
    busy = {h: 2 * v for h, v in hourly.items()} if isinstance(hourly, dict) else 2 * hourly
    tellers = [{"id": post, "choices": {"pace": pace, "pitch": 0.0}} for post, pace in sorted(paces.items())]
    sc = with_overrides(base, {"arrivals.hourly": busy, "staff.tellers": tellers})
    res = simkit.run(sc, days=DAYS, seed=seed)
    cu = res.customers
    n = int(((cu["channel"] == "teller") & (cu["outcome"] == "served")).sum())
    b = sc.branch
    return n / (len(paces) * res.days_open * (b.close_minute - b.open_minute) / 60)


def test_learned_pace_raises_output_when_the_queue_is_the_limit(arms):
    diffs = []
    for seed in SEEDS:
        rate = {}
        for arm in ("teller_piece_rate", "fixed_pay"):
            paces = {k.split(".", 1)[1]: v for k, v in arms[arm][seed].items() if k.startswith("pace.")}
            rate[arm] = _per_teller_hour(paces, seed)
        diffs.append(rate["teller_piece_rate"] - rate["fixed_pay"])
    lo, hi = t_interval(diffs, 0.95)
    assert lo > 0, f"transactions per teller-hour, piece rate − fixed: [{lo:.3f}, {hi:.3f}] should be above 0"
