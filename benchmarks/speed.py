"""How fast pay acts, before the field margins and with them: months to half of each effect.

    python benchmarks/speed.py [--build] [--workers 2]

"After" is the results library (every field margin on: library/, docs/library.md's speed
table). "Before" is ``docs/data/before/``: the library's experiments that have a monthly path,
run with the shipped defaults on the same seed, replications and months
(``docs/data/before/experiments.yaml``, ``margins: false``). Both are read by the same
``simkit.library.speed.speed_table``; an effect a library does not show (``shown`` is not
"yes") has no months to half there and prints "–".

``--build`` computes the "before" library first (the sweeps go to ``out/before``; an
interrupted build resumes; 120 runs, 72 of 24 months and 48 of 36). docs/flip.md holds the table this prints
(tests/test_field_tables.py checks it, and re-runs one task of the "before" library).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from simkit.arguments import ArgumentError, check_count
from simkit.library.build import build
from simkit.library.findings import EFFECTS
from simkit.library.spec import LIBRARY, LibraryError, load_experiments
from simkit.library.speed import speed_table

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "docs" / "data" / "before"
WORK = ROOT / "out" / "before"


def _number(value) -> str:
    return "–" if value is None or value != value else f"{int(value)}"


def _cells(name: str, library: Path) -> list[str]:
    """An effect's final size and months to half in one library; "not measured" where the library
    has no such number (formal complaints and voiced dissatisfaction are told apart only with
    the margins on), "not shown" where it does not show the effect."""
    try:
        found = speed_table([name], library=library)
    except LibraryError:
        return ["not measured", "–"]
    if found.empty:
        return ["not shown", "–"]
    row = found.iloc[0]
    return [f"{row['final']:+.3g}", _number(row["months to half"])]


def table(before: Path = BEFORE, after: Path = LIBRARY) -> str:
    """The effects of the "before" library's experiments, each with its final effect and months
    to half before the margins and with them (a Markdown table)."""
    kept = set(load_experiments(before / "experiments.yaml"))
    names = [name for name, experiment, *_ in EFFECTS if experiment in kept]
    rows = ["| effect | final, before | months to half, before | final, with the margins | "
            "months to half, with the margins |", "|---|---|---|---|---|"]
    for name in names:
        rows.append(f"| {name} | " + " | ".join(_cells(name, before) + _cells(name, after)) + " |")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="compute the 'before' library first (resumable)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        workers = check_count("workers", args.workers, 1, os.cpu_count() or 1, "this machine's cores")
    except ArgumentError as e:
        print(f"speed: {e}", file=sys.stderr)
        return 2
    if args.build:
        build(library=BEFORE, work=WORK, workers=workers, progress=False)
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
