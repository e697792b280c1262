"""The ``simkit`` command.

    simkit run SCENARIO [--days N] [--seed S] [--out DIR] [--no-progress]
    simkit validate FILE...
    simkit schema

Bad scenario files get one line per problem on stderr and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys

from .scenario import ScenarioError, json_schema, load_scenario


def _validate(args) -> int:
    status = 0
    for f in args.files:
        try:
            sc = load_scenario(f)
            print(f"{f}: ok (scenario {sc.name})")
        except ScenarioError as e:
            print(e, file=sys.stderr)
            status = 2
    return status


def _schema(args) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _run(args) -> int:
    import simkit
    from .report import format_kpis

    res = simkit.run(load_scenario(args.scenario), days=args.days, seed=args.seed, progress=not args.no_progress)
    print(format_kpis(res.kpis()).to_string(index=False))
    if args.out:
        print(f"saved to {res.save(args.out)}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="simkit", description="A bank branch in SimPy, and what pay does to it.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="simulate a scenario and print its KPIs")
    r.add_argument("scenario")
    r.add_argument("--days", type=int, default=None)
    r.add_argument("--seed", type=int, default=None)
    r.add_argument("--out", default=None, help="save tables (Parquet) and the resolved scenario here")
    r.add_argument("--no-progress", action="store_true")
    r.set_defaults(fn=_run)
    v = sub.add_parser("validate", help="check scenario files")
    v.add_argument("files", nargs="+")
    v.set_defaults(fn=_validate)
    s = sub.add_parser("schema", help="print the scenario JSON Schema")
    s.set_defaults(fn=_schema)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.fn(args)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
