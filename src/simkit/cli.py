"""The ``simkit`` command.

    simkit validate FILE...
    simkit schema
    simkit run SCENARIO [--days N] [--seed S] [--out DIR] [--no-progress]

A bad scenario file gets one line per problem on stderr (file, line, field path, what is
allowed, the value found) and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys

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

    sc = load_scenario(args.scenario)
    res = simkit.run(sc, days=args.days, seed=args.seed, progress=not args.no_progress)
    print(res.kpi_table().to_string())
    if args.out:
        print(f"saved to {res.save(args.out)}")
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
    return p


def _safe_streams() -> None:
    """Never die on printing a character the terminal cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


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
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
