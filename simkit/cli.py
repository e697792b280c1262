"""The ``simkit`` command.

    simkit validate FILE...
    simkit schema
    simkit run SCENARIO [--days N] [--seed S] [--out DIR] [--no-progress]
    simkit compare A.yaml B.yaml ... [--reps 5] [--seed S] [--last K] [--executor serial|processes]
    simkit sweep SWEEP.yaml ... | simkit report DIR      (see simkit.experiment)

A bad scenario file gets one line per problem on stderr (file, line, field path, what is
allowed, the value found) and exit status 2, never a traceback; so does a bad argument
(``--days 0``, ``--reps 1``, ``--level 2``, an ``--out`` that cannot be written), checked
before anything runs. Every size has an upper bound (simkit.scenario.limits).
"""
from __future__ import annotations

import argparse
import json
import sys

from .arguments import ArgumentError, check_out
from .scenario import ScenarioError, json_schema, load_scenario

EXIT_OK, EXIT_BAD_SCENARIO = 0, 2


def _validate(args) -> int:
    status = EXIT_OK
    for f in args.files:
        try:
            sc = load_scenario(f)
        except ScenarioError as e:
            print(e, file=sys.stderr)
            status = EXIT_BAD_SCENARIO
        else:
            print(f"{f}: ok (scenario {sc.name})")
    return status


def _schema(args) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _run(args) -> int:
    import simkit
    from .api import check_run

    sc = load_scenario(args.scenario)
    check_run(sc, days=args.days, seed=args.seed)
    if args.out:
        check_out(args.out)  # before the run, not after it
    res = simkit.run(sc, days=args.days, seed=args.seed, progress=not args.no_progress)
    print(res.kpi_table().to_string())
    if sc.horizon.periods:
        _print_periods(res)
    if args.out:
        try:
            print(f"saved to {res.save(args.out)}")
        except OSError as e:  # the disk filled up or the folder went away during the run
            print(f"--out: cannot save the results to {args.out}: {e.strerror or e}", file=sys.stderr)
            return EXIT_BAD_SCENARIO
    return EXIT_OK


def _print_periods(res) -> None:
    """Multi-period runs: the bank period by period, staff by role at the end, fairness."""
    import pandas as pd

    bank = res.bank_periods[["period", "deposits", "loans", "new_loans", "npl_ratio", "provisions", "fee_income",
                             "staff_pay", "complaints", "profit"]]
    with pd.option_context("display.float_format", "{:,.3f}".format, "display.width", 160):
        print("\nthe bank, period by period")
        print(bank.to_string(index=False))
        sp = res.staff_periods
        end = sp[sp["period"] == sp["period"].max()]
        cols = [c for c in end.columns if c.startswith("policy.")] + ["pay", "effort", "utility"]
        print("\nstaff at the end (mean per role; policy = where learning has got to)")
        print(end.groupby("role")[cols].mean().T.to_string())
        print(f"\nquits over the run: {int(sp['quit'].sum())}")
        print("\nfairness over the run")
        print(res.fairness().to_string())


def _compare(args) -> int:
    from .compare import compare

    cmp = compare(args.scenarios, reps=args.reps, seed=args.seed, last=args.last, level=args.level,
                  executor=args.executor, progress=not args.no_progress)
    import pandas as pd
    with pd.option_context("display.width", 250, "display.max_colwidth", 40):
        print(cmp.table().to_string())
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="simkit", description="A bank branch in SimPy, and what pay does to it.")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check scenario files (exit status 2 if any has a problem)")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(fn=_validate)
    s = sub.add_parser("schema", help="print the scenario JSON Schema")
    s.set_defaults(fn=_schema)
    r = sub.add_parser("run", help="simulate a scenario and print its KPIs")
    r.add_argument("scenario", metavar="SCENARIO")
    r.add_argument("--days", type=int, default=None, help="days to simulate (default: the scenario's)")
    r.add_argument("--seed", type=int, default=None, help="random seed (default: the scenario's)")
    r.add_argument("--out", default=None, metavar="DIR", help="save tables and the resolved scenario here")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.set_defaults(fn=_run)
    c = sub.add_parser("compare", help="scenarios side by side with confidence intervals over replications")
    c.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    c.add_argument("--reps", type=int, default=5, help="replications per scenario (default 5, at least 2)")
    c.add_argument("--seed", type=int, default=None, help="root seed (default: the first scenario's)")
    c.add_argument("--last", type=int, default=None,
                   help="periods summarised, from the end (default: the last quarter of the horizon)")
    c.add_argument("--level", type=float, default=0.95, help="confidence level (default 0.95)")
    c.add_argument("--executor", choices=["serial", "processes"], default="processes")
    c.add_argument("--no-progress", action="store_true", help="no progress bar")
    c.set_defaults(fn=_compare)
    from .experiment.cli import add_commands  # simkit sweep | report
    add_commands(sub)
    return p


def _safe_streams() -> None:
    """Never die on printing a character the terminal cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def _as_given(e: ArgumentError) -> str:
    """The message in the command line's words: ``--days: ...``; positional arguments bare."""
    return str(e) if e.name in ("scenario", "scenarios") else e.as_flag()


def main(argv: list[str] | None = None) -> int:
    _safe_streams()
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # --help, or a usage error argparse has already printed
        return e.code if isinstance(e.code, int) else EXIT_BAD_SCENARIO
    try:
        return args.fn(args)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_SCENARIO
    except ArgumentError as e:
        print(f"simkit {args.command}: {_as_given(e)}", file=sys.stderr)
        return EXIT_BAD_SCENARIO
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
