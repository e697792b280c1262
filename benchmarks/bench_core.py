"""simkit against bare SimPy, in one process, interleaved, reported as ratios.

    python benchmarks/bench_core.py [--repeats 5] [--quick]

1. ``mmc.yaml`` through simkit vs the bare SimPy M/M/4 with the same number of customers
   (target: simkit <= 1.5x bare per customer).
2. The full ``baseline.yaml`` branch per customer served vs bare SimPy per customer
   (target: <= 3x).
3. Cost per customer of the baseline in runs of 1, 7 and 30 days (target: flat). The same
   30 calendar days are simulated each time — as thirty 1-day runs, as 7-day runs, as one
   30-day run — so the busy/quiet mix of days is identical and only run length differs.

Machines here are noisy, so each measurement is repeated, simkit and bare SimPy
alternate, and the *minimum* of each is used (the run least disturbed by other work).
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bare_simpy import bare_mmc  # noqa: E402

from simkit.branch import Branch, BranchPlan  # noqa: E402
from simkit.scenario import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[1] / "scenarios"


def timed(fn):
    gc.collect()
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def simkit_run(sc, days):
    b = Branch(BranchPlan.compile(sc, days=days)).run()
    return b


def runs_of(sc, days, total):
    """Simulate ``total`` consecutive calendar days as runs of ``days`` days each."""
    import datetime as dt

    from simkit.scenario import with_overrides

    start = dt.date.fromisoformat(sc.horizon.start_date)
    scs = [with_overrides(sc, {"horizon.start_date": (start + dt.timedelta(days=k)).isoformat()})
           for k in range(0, total, days)]
    t, n = 0.0, 0
    for s in scs:
        dt_, b = timed(lambda: simkit_run(s, days))
        t, n = t + dt_, n + len(b.customers)
    return t, n


def per_customer_pair(sc, days, repeats, served_only=False):
    """(min seconds per customer for simkit, same for bare SimPy on as many customers)."""
    best_s, best_b, n = float("inf"), float("inf"), 0
    c = sum(sc.branch.windows.values())
    for _ in range(repeats):
        ts, b = timed(lambda: simkit_run(sc, days))
        n = sum(1 for x in b.customers if x.outcome == "served") if served_only else len(b.customers)
        tb, _ = timed(lambda: bare_mmc(n, 4, 0.72, 0.2))
        best_s, best_b = min(best_s, ts / n), min(best_b, tb / n)
    return best_s, best_b, n, c


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fewer days, for a smoke run")
    a = ap.parse_args(argv)
    mmc, base = load_scenario(ROOT / "mmc.yaml"), load_scenario(ROOT / "baseline.yaml")
    d_mmc = 5 if a.quick else 20
    s, b, n, _ = per_customer_pair(mmc, d_mmc, a.repeats)
    print(f"M/M/4, {n} customers: simkit {s*1e6:.1f} us/customer, bare SimPy {b*1e6:.1f} us/customer "
          f"({1/b:,.0f}/s): ratio {s/b:.2f} (target <= 1.5)")
    s2, b2, n2, _ = per_customer_pair(base, 7 if a.quick else 30, a.repeats, served_only=True)
    print(f"baseline branch, {n2} served: simkit {s2*1e6:.1f} us/served customer, bare SimPy {b2*1e6:.1f}: "
          f"ratio {s2/b2:.2f} (target <= 3)")
    per = {1: [], 7: [], 30: []}
    for _ in range(a.repeats):  # interleaved, so slow spells of the machine hit all three alike
        for days in per:
            t, n = runs_of(base, days, total=28 if days == 7 else 30)
            per[days].append(t / n)
    costs = [statistics.median(v) for v in per.values()]
    for days, c in zip(per, costs):
        print(f"baseline in runs of {days:>2} days: {c*1e6:.1f} us/customer (median of {a.repeats})")
    print(f"cost per customer, 30 days / 1 day: {costs[-1]/costs[0]:.2f} (target: flat, ~1)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
