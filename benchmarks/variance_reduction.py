"""How wide is the interval on a profit difference between two teller schemes, and what narrows it?

    nice -n 10 python benchmarks/variance_reduction.py [--seeds 6] [--months 6] [--cache FILE]

Runs ``scenarios/schemes/fixed_pay.yaml`` and ``teller_piece_rate.yaml`` on seeds 1..``seeds``
for ``months`` monthly periods, once with the shared random streams (plain common random
numbers) and once in aligned mode (``arrivals.aligned`` and ``bank.loans.aligned``: customers
keyed by arrival order, loan files by post, period and index). It prints

* how long the arms stay aligned: the first first-visit customer whose segment, need,
  communication type or patience differs between the arms, and the share that agree;
* the 95 % interval on the mean profit difference (piece rate − fixed pay, ¥ over the run):
  plain paired, aligned paired, and aligned with control variates
  (``simkit.report.control_variates.controlled_difference``): the loan files' quality
  surprise ``Σ (bad − bad_share)`` and the approved loans' amount-weighted default surprise
  ``Σ amount · (defaulted − P(default by the run's end))``, both with mean zero in each arm.

Runs are cached in ``--cache`` (JSON, default /tmp/variance_reduction.json) so a re-run only
prints. One process, one run at a time (the tables in docs/experiments.md were made this way).
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

import simkit
from simkit.report.control_variates import controlled_difference
from simkit.report.intervals import difference
from simkit.scenario import load_scenario, with_overrides

ROOT = Path(__file__).resolve().parents[1]
ARMS = ("fixed_pay", "teller_piece_rate")
MODES = {"plain": {}, "aligned": {"arrivals.aligned": True, "bank.loans.aligned": True}}
ATTRIBUTES = ["segment", "need", "comm", "patience"]


def _surprises(results, scenario, months: int) -> tuple[float, float]:
    """(file quality surprise, amount-weighted default surprise) of one run: each a sum of
    (outcome − its probability) over files or loans, so each has mean zero in any arm."""
    loans = scenario.bank.loans
    if loans.demand.enabled or loans.book.inherited:
        raise SystemExit("variance_reduction: the surprises assume no marginal applicants and no inherited book")
    files = results.loan_applications
    quality = float((files["bad_risk"].astype(float) - loans.bad_share).sum())
    approved = files[files["approved"].astype(bool)]
    pd_annual = np.where(approved["bad_risk"].astype(bool), loans.pd_bad, loans.pd_good)
    hazard = 1.0 - (1.0 - pd_annual) ** (1.0 / 12.0)
    exposure = np.minimum(loans.term_months, months - approved["period"].to_numpy())  # monthly periods
    expected = 1.0 - (1.0 - hazard) ** exposure
    defaulted = (approved["defaulted_month"].fillna(-1).to_numpy() >= 0).astype(float)
    return quality, float((approved["amount"].to_numpy() * (defaulted - expected)).sum())


def _run(arm: str, mode: str, seed: int, months: int) -> dict:
    scenario = with_overrides(load_scenario(ROOT / "scenarios" / "schemes" / f"{arm}.yaml"),
                              {"horizon.periods": months, **MODES[mode]})
    results = simkit.run(scenario, seed=seed)
    quality, defaults = _surprises(results, scenario, months)
    first = results.customers
    first = first[first["return_of"] < 0]
    return {"profit": float(results.bank_periods["profit"].sum()), "quality": quality, "defaults": defaults,
            "first_visits": first[ATTRIBUTES].astype(str).values.tolist()}


def _alignment(a: dict, b: dict) -> tuple[int, float, int]:
    """(first differing first visit, share of first visits that agree, first visits compared)."""
    n = min(len(a["first_visits"]), len(b["first_visits"]))
    same = [a["first_visits"][i] == b["first_visits"][i] for i in range(n)]
    return (same.index(False) if False in same else n), sum(same) / max(n, 1), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/variance_reduction.json"))
    args = parser.parse_args()
    cache = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    for mode in MODES:
        for seed in range(1, args.seeds + 1):
            for arm in ARMS:
                key = f"{mode}/{arm}/{seed}/{args.months}"
                if key not in cache:
                    cache[key] = _run(arm, mode, seed, args.months)
                    args.cache.write_text(json.dumps(cache))
    _report(cache, args.seeds, args.months)


def _report(cache: dict, seeds: int, months: int) -> None:
    runs = {(mode, arm): [cache[f"{mode}/{arm}/{seed}/{months}"] for seed in range(1, seeds + 1)]
            for mode in MODES for arm in ARMS}
    print(f"{seeds} seeds x {months} months, profit of {ARMS[1]} - {ARMS[0]} (¥ over the run)\n")
    print("| mode | first differing first visit (per seed) | first visits agreeing | ")
    print("|---|---|---|")
    for mode in MODES:
        seen = [_alignment(a, b) for a, b in zip(runs[mode, ARMS[0]], runs[mode, ARMS[1]])]
        print(f"| {mode} | {', '.join(f'{f:,} of {n:,}' for f, _, n in seen)} | "
              f"{np.mean([s for _, s, _ in seen]):.1%} |")
    print("\n| estimator | mean difference | 95 % interval | half-width |")
    print("|---|---:|---:|---:|")
    for mode in MODES:
        a = [r["profit"] for r in runs[mode, ARMS[0]]]
        b = [r["profit"] for r in runs[mode, ARMS[1]]]
        _row(f"{mode}, paired", *difference(a, b))
        controls = {name: [rb[name] - ra[name] for ra, rb in zip(runs[mode, ARMS[0]], runs[mode, ARMS[1]])]
                    for name in ("quality", "defaults")}
        for label, columns in (("file quality", ["quality"]), ("defaults", ["defaults"]),
                               ("both", ["quality", "defaults"])):
            table = np.column_stack([controls[c] for c in columns])
            try:
                _row(f"{mode} + control variate ({label})", *controlled_difference(a, b, table)[:3])
            except simkit.errors.SimkitError as err:
                print(f"| {mode} + control variate ({label}) | {err} | | |")


def _row(label: str, mean: float, lo: float, hi: float) -> None:
    half = (hi - lo) / 2 if math.isfinite(hi - lo) else math.nan
    print(f"| {label} | {mean:,.0f} | [{lo:,.0f}, {hi:,.0f}] | {half:,.0f} |")


if __name__ == "__main__":
    main()
