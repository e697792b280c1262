"""The ``simkit`` command.

    simkit validate FILE...
    simkit schema
    simkit run SCENARIO [--days N] [--seed S] [--out DIR [--force]] [--no-progress]
    simkit compare A.yaml B.yaml ... [--reps 5] [--seed S] [--last K] [--executor serial|processes|dask] [--workers N]
    simkit sweep SWEEP.yaml ... | simkit report DIR      (see simkit.experiment)
    simkit export RESULTS_DIR... --out DIR [--force]          (see simkit.export)
    simkit fit TICKETS.csv [--base SCENARIO.yaml] [--out DIR] [--force] [--name NAME] [--level 0.95]   (see simkit.fit)
    simkit sensitivity REFERENCE.yaml SCHEME.yaml --metric KEY --factor PATH... [--method M]   (simkit.experiment.sensitivity)
    simkit class [--address A] [--port P] [--token T]   (the lessons read-only for a class: simkit.dashboard.classroom)

A bad scenario file gets one line per problem on stderr (file, line, field path, what is
allowed, the value found) and exit status 2, never a traceback; so does a bad argument
(``--days 0``, ``--reps 1``, ``--level 2``, an ``--out`` that cannot be written or already
holds results, without ``--force``), checked before anything runs, with the same message the
Python function gives (simkit.arguments). Every size has an upper bound (simkit.limits).
Every user text printed (a scenario's name, a file name) is escaped first
(``simkit.arguments.printable``), so a name cannot clear the screen or forge a line.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

import pandas as pd

from .api import run
from .arguments import ArgumentError, check_out, check_run, from_command_line, printable
from .compare import compare
from .dashboard.classroom import add_commands as add_class_command
from .errors import SimkitError
from .experiment.cli import add_commands
from .experiment.sensitivity import add_commands as add_sensitivity_command
from .export import add_commands as add_export_command
from .fit.cli import add_commands as add_fit_command
from .library.cli import add_commands as add_results_command
from .results import check_save_folder
from .scenario import ScenarioError, json_schema, load_scenario

EXIT_OK, EXIT_BAD_SCENARIO = 0, 2


def _validate(args) -> int:
    status = EXIT_OK
    for f in args.files:
        try:
            scenario = load_scenario(f)
        except ScenarioError as e:
            print(e, file=sys.stderr)
            status = EXIT_BAD_SCENARIO
        else:
            print(f"{printable(f)}: ok (scenario {printable(scenario.name)})")  # a name cannot forge a line
    return status


def _schema(args) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _run(args) -> int:
    scenario = load_scenario(args.scenario)
    check_run(scenario, days=args.days, seed=args.seed)
    if args.out:  # before the run, not after it: writable, and no earlier results unless --force
        check_out(args.out)
        check_save_folder(args.out, args.force, "out")
    results = run(scenario, days=args.days, seed=args.seed, progress=not args.no_progress)
    print(results.kpi_table().to_string())
    if scenario.horizon.periods:
        _print_periods(results)
    if args.out:
        try:
            print(f"saved to {printable(results.save(args.out, overwrite=args.force))}")
        except OSError as e:  # the disk filled up or the folder went away during the run
            print(f"--out: cannot save the results to {printable(args.out)}: {e.strerror or e}", file=sys.stderr)
            return EXIT_BAD_SCENARIO
    return EXIT_OK


def _print_periods(results) -> None:
    """Multi-period runs: the bank period by period, staff by role at the end, fairness."""
    bank = results.bank_periods[["period", "deposits", "loans", "new_loans", "npl_ratio", "provisions", "fee_income",
                             "staff_pay", "complaints", "profit"]]
    with pd.option_context("display.float_format", "{:,.3f}".format, "display.width", 160):
        print("\nthe bank, period by period")
        print(bank.to_string(index=False))
        staff = results.staff_periods
        end = staff[staff["period"] == staff["period"].max()]
        cols = [c for c in end.columns if c.startswith("policy.")] + ["pay", "effort", "utility"]
        print("\nstaff at the end (mean per role; policy = where learning has got to)")
        print(end.groupby("role")[cols].mean().T.to_string())
        print(f"\nquits over the run: {int(staff['quit'].sum())}")
        print("\nfairness over the run")
        print(results.fairness().to_string())


def _compare(args) -> int:
    cmp = compare(args.scenarios, reps=args.reps, seed=args.seed, last=args.last, level=args.level,
                  executor=args.executor, workers=args.workers, progress=not args.no_progress)
    table = cmp.table()
    table.columns = [printable(c) for c in table.columns]  # scenario names, as their files spell them
    with pd.option_context("display.width", 250, "display.max_colwidth", 40):
        print(table.to_string())
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake said in one line: values quoted in it are cut to 60
    characters (a 5,000-digit number is not echoed) and escaped like every printed user text."""

    def error(self, message: str):
        cut = re.sub(r"'([^']{57})[^']+'", r"'\1...'", message)
        # (stated reason) 400 characters: argparse's longest message, a list of choices, fits
        self.exit(EXIT_BAD_SCENARIO, f"{self.prog}: {printable(cut, 400)} (usage: {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    command_line = _Parser(prog="simkit", description="A bank branch in SimPy, and what pay does to it.")
    commands = command_line.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check scenario files (exit status 2 if any has a problem)")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(fn=_validate)
    schema = commands.add_parser("schema", help="print the scenario JSON Schema")
    schema.set_defaults(fn=_schema)
    run_command = commands.add_parser("run", help="simulate a scenario and print its KPIs")
    run_command.add_argument("scenario", metavar="SCENARIO")
    run_command.add_argument("--days", type=from_command_line, default=None, help="days to simulate (default: the scenario's)")
    run_command.add_argument("--seed", type=from_command_line, default=None,
                   help="random seed, 0 to 2**128 - 1 (default: the scenario's)")
    run_command.add_argument("--out", default=None, metavar="DIR",
                   help="save tables and the resolved scenario here (a new or empty folder, or --force)")
    run_command.add_argument("--force", action="store_true", help="with --out: replace the results saved in DIR")
    run_command.add_argument("--no-progress", action="store_true", help="no progress bar")
    run_command.set_defaults(fn=_run)
    compare_command = commands.add_parser("compare", help="scenarios side by side with confidence intervals over replications")
    compare_command.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    compare_command.add_argument("--reps", type=from_command_line, default=5,
                   help="replications per scenario (default 5, 2 to 1,000)")
    compare_command.add_argument("--seed", type=from_command_line, default=None, help="root seed (default: the first scenario's)")
    compare_command.add_argument("--last", type=from_command_line, default=None,
                   help="periods summarised, from the end (default: the last quarter of the horizon)")
    compare_command.add_argument("--level", type=from_command_line, default=0.95, help="confidence level (default 0.95)")
    compare_command.add_argument("--executor", default="processes", help="serial, processes (default) or dask (a local cluster)")
    compare_command.add_argument("--workers", type=from_command_line, default=None, metavar="N",
                   help="worker processes (default: every core)")
    compare_command.add_argument("--no-progress", action="store_true", help="no progress bar")
    compare_command.set_defaults(fn=_compare)
    add_commands(commands)  # simkit sweep | report | learnability
    add_export_command(commands)  # simkit export
    add_fit_command(commands)  # simkit fit
    add_sensitivity_command(commands)  # simkit sensitivity
    add_results_command(commands)  # simkit results
    add_class_command(commands)  # simkit class
    return command_line


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
    except SimkitError as e:  # a result folder, an executor, a run that cannot go on: one clear line each
        print(f"simkit {args.command}: {e}", file=sys.stderr)
        return EXIT_BAD_SCENARIO
    except BrokenPipeError:  # `simkit report DIR | head`: the reader has gone; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
