"""A 36-month, 20-staff branch with learning between monthly periods.

    python benchmarks/bench_incentives.py [--months 36] [--scheme teller_piece_rate]

Runs ``scenarios/large_branch.yaml`` (13 windows, 2 lobby managers, 5 customer managers)
under one scheme from ``scenarios/schemes/`` with learning on, and reports the wall time,
the time per branch-month, and the share of time spent outside the SimPy loop (period
indicators, the bank's books, payslips and learning). Target (issue 4): under a minute
on the 2-core CI machine, so a notebook can show it live.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from simkit.scenario import load_scenario, with_overrides
from simkit.simulation import Simulation

ROOT = Path(__file__).resolve().parents[1] / "scenarios"


def build(months: int, scheme: str):
    """The large branch, paid as ``scheme`` pays, learning for ``months`` monthly periods."""
    paid = load_scenario(ROOT / "schemes" / f"{scheme}.yaml")
    return with_overrides(load_scenario(ROOT / "large_branch.yaml"), {
        "name": f"large_branch+{scheme}",
        "pay": paid.pay.model_dump(mode="json"), "behaviour": paid.behaviour.model_dump(mode="json"),
        "horizon": {**paid.horizon.model_dump(mode="json"), "periods": months}})


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=36)
    ap.add_argument("--scheme", default="teller_piece_rate")
    args = ap.parse_args(argv)
    sc = build(args.months, args.scheme)
    staff = sum(sc.branch.windows.values()) + sc.branch.lobby_managers + sc.branch.customer_managers
    t = time.perf_counter()
    sim = Simulation(sc).run()
    wall = time.perf_counter() - t
    customers = len(sim.branch.customers)
    outside = sim.timing["books_pay_learning"]
    print(f"{sc.name}: {staff} staff, {args.months} monthly periods, {customers:,} customer visits")
    print(f"wall time                  {wall:8.1f} s   (target < 60 s on the CI machine)")
    print(f"per branch-month           {wall / args.months:8.2f} s")
    print(f"inside the SimPy loop      {sim.timing['branch']:8.1f} s   ({sim.timing['branch'] / wall:.0%})")
    print(f"outside: indicators, books, pay, learning {outside:5.1f} s   ({outside / wall:.1%})")


if __name__ == "__main__":
    main()
