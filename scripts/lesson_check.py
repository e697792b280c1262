"""Run the dashboard's lessons exactly as the page does and print, per lesson, the wall time
and the paired 95 % interval of its headline differences (B − A).

Each lesson runs ``simkit.dashboard.compute.run_comparison`` on
``simkit.dashboard.inputs.apply_preset(Inputs(), name)`` — the same function, inputs and
seeds as a press of Run — optionally with other months, replications, field margins or a
serial run, so a lesson's settings can be chosen from measured numbers::

    nice -n 5 .venv/bin/python scripts/lesson_check.py                       # every lesson, its own settings
    nice -n 5 .venv/bin/python scripts/lesson_check.py piece_vs_fixed --months 8 --reps 6 --margins on

It prints one Markdown row per headline measure: lesson, months, replications, margins,
seconds, the estimate the page shows (``Estimator`` at its prior) and the difference's mean
[95 % CI], and whether the interval excludes zero.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import replace

from simkit.dashboard.compute import KPI_KINDS, LEVEL, Estimator, run_comparison
from simkit.dashboard.inputs import PRESETS, Inputs, apply_preset
from simkit.report.intervals import clear, difference, kind_of

#: per lesson, the measures its text speaks of: (label, where, role or KPI, choice)
HEADLINES = {
    "piece_vs_fixed": [("teller pace", "choice", "teller", "pace"), ("error_rate", "kpi", "error_rate", None),
                       ("wait_mean", "kpi", "wait_mean", None), ("teller pay", "pay", "teller", None)],
    "deposit_vs_profit": [("cm screening", "choice", "customer_manager", "screening"),
                          ("npl_ratio", "kpi", "npl_ratio", None), ("bank_profit", "kpi", "bank_profit", None),
                          ("cm pay", "pay", "customer_manager", None)],
    "quota_vs_fixed": [("teller pitch", "choice", "teller", "pitch"), ("sales", "kpi", "sales", None),
                       ("complaint_rate", "kpi", "complaint_rate", None), ("teller pay", "pay", "teller", None)],
    "heavy_fines": [("teller pace", "choice", "teller", "pace"), ("teller care", "choice", "teller", "care"),
                    ("error_rate", "kpi", "error_rate", None), ("teller pay", "pay", "teller", None)],
}


def measure(rep, where: str, key: str, choice: str | None, last: int) -> float:
    """One replication's value of a headline measure: a role's learned choice in the last
    month (mean over its staff), a KPI over the run, or a role's mean monthly pay."""
    if where == "choice":
        c = rep.choices
        rows = c[(c["role"] == key) & (c["choice"] == choice) & (c["period"] == last)]
        return float(rows["value"].iloc[0]) if len(rows) else float("nan")
    if where == "kpi":
        return float(rep.kpis[key])
    pay = rep.pay
    return float(pay.loc[pay["role"] == key, "amount"].sum())


def headlines(comp, name: str) -> list[tuple[str, float, float, float]]:
    """(label, mean, lo, hi) of B − A for each of the lesson's headline measures, paired by seed."""
    last = comp.inputs.periods - 1
    out = []
    for label, where, key, choice in HEADLINES[name]:
        a = [measure(r, where, key, choice, last) for r in comp.sides["A"].reps]
        b = [measure(r, where, key, choice, last) for r in comp.sides["B"].reps]
        kind = kind_of(f"choice.{choice}") if where == "choice" else KPI_KINDS.get(key, "real")
        mean, lo, hi = difference(a, b, kind, LEVEL)
        out.append((label, mean, lo, hi))
    return out


def check(name: str, months: int | None, reps: int | None, margins: bool | None) -> list[str]:
    """Run one lesson as the page does and return its Markdown rows."""
    inputs = apply_preset(Inputs(), name)
    changes = {k: v for k, v in (("periods", months), ("replications", reps), ("field_margins", margins)) if v is not None}
    inputs = replace(inputs, **changes)
    shown = Estimator().estimate(inputs)
    started = time.perf_counter()
    comp = run_comparison(inputs)
    secs = time.perf_counter() - started
    rows = []
    for label, mean, lo, hi in headlines(comp, name):
        rows.append(f"| {name} | {inputs.periods} | {inputs.replications} | {'on' if inputs.field_margins else 'off'} "
                    f"| {secs:.0f} | {shown:.0f} | {label} | {mean:+.4g} [{lo:+.4g}, {hi:+.4g}] "
                    f"| {'yes' if clear(lo, hi) else 'no'} |")
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", metavar="LESSON", help="lessons to run (default: all)")
    parser.add_argument("--months", type=int, help="months instead of the lesson's own")
    parser.add_argument("--reps", type=int, help="replications instead of the lesson's own")
    parser.add_argument("--margins", choices=("on", "off"), help="field margins on or off instead of the lesson's own")
    args = parser.parse_args(argv)
    unknown = [name for name in args.lessons if name not in PRESETS]
    if unknown:
        parser.error(f"lessons: unknown {', '.join(unknown)}; allowed: {', '.join(PRESETS)}")
    margins = None if args.margins is None else args.margins == "on"
    print("| lesson | months | reps | margins | live s | shown s | measure | B − A mean [95 % CI] | clear |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.lessons or PRESETS:
        for row in check(name, args.months, args.reps, margins):
            print(row, flush=True)


if __name__ == "__main__":
    main()
