"""The levels table: the model's pay, working days, transactions, turnover, complaints, NPL ratio
and loans per manager beside sourced real-world figures, for the shipped scheme scenarios.

    python benchmarks/levels.py [--periods 12] [--seeds 4] [--out docs/levels.md]
                                [--scheme fixed_pay --scheme teller_piece_rate ...]

Runs each scheme file in ``scenarios/schemes/`` for ``--periods`` monthly periods at each of
``--seeds`` seeds (11, 12, ...: the seeds of the behaviour tests, ``tests/scheme_runs.py``),
one run after another (the machine is shared), builds :func:`simkit.report.levels.levels` for
each scheme, prints the table as markdown and writes it, with the command and the date, to
``--out``. A progress bar counts runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
import time
from pathlib import Path

import simkit
from simkit.arguments import ArgumentError, check_count, check_periods
from simkit.report.levels import levels, levels_markdown
from simkit.scenario import load_scenario, with_overrides

ROOT = Path(__file__).resolve().parents[1]
SCHEMES = ROOT / "scenarios" / "schemes"
#: the schemes whose levels matter most: the reference, the teller piece rate, the customer
#: managers' responsibility profit (the issue's three)
DEFAULT_SCHEMES = ("fixed_pay", "teller_piece_rate", "cm_responsibility_profit")
FIRST_SEED = 11  # (stated reason) the behaviour tests' seeds start here (tests/scheme_runs.py)
MAX_SEEDS = 64  # (stated reason) 64 runs of a scheme is hours on the shared 2-core machine


def _scheme_path(name: str) -> Path:
    path = SCHEMES / f"{name}.yaml"
    if not path.is_file():
        shipped = ", ".join(sorted(p.stem for p in SCHEMES.glob("*.yaml")))
        raise ArgumentError("scheme", f"one of {shipped}", name, "no such scheme file")
    return path


def run_scheme(name: str, periods: int, seeds: list[int], bar=None) -> list[simkit.Results]:
    """One run of scheme ``name`` per seed, ``periods`` monthly periods each."""
    scenario = with_overrides(load_scenario(_scheme_path(name)), {"horizon.periods": periods})
    runs = []
    for seed in seeds:
        runs.append(simkit.run(scenario, seed=seed))
        if bar is not None:
            bar.update(1)
    return runs


def document(markdown: str, command: str, seconds: float, periods: int, seeds: list[int]) -> str:
    """``docs/levels.md``: what the table is, how it was made, the table and its sources."""
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "# Levels against sources\n\n"
        "The model's levels beside sourced real-world figures, so a practitioner can see where they are off.\n"
        f"Made by `{command}` on {today} ({seconds / 60:.1f} min): each scheme file run for {periods} monthly "
        f"periods at seeds {', '.join(map(str, seeds))}; model cells are the mean over the seeds with a 95 % "
        "interval (`simkit.report.intervals.interval`). Every figure is an average over the whole run "
        "(learning included), except the NPL ratio, read at the run's end.\n\n"
        "Verdicts are computed, never typed in (`simkit.report.levels.verdict`): *within* when the model's "
        "interval meets the source's range, *above ×N* / *below ×N* when it lies wholly outside, N being the "
        "model's mean over the range's nearer end (or the end over the mean). The sources and how sure each is "
        "are in `SOURCES` in `simkit/report/levels.py`, listed below the table.\n\n"
        + markdown)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periods", type=int, default=12, help="monthly periods a run (default 12)")
    ap.add_argument("--seeds", type=int, default=4, help=f"runs a scheme, seeds {FIRST_SEED}, {FIRST_SEED + 1}, ...")
    ap.add_argument("--scheme", action="append", help=f"a scheme file's name (default: {', '.join(DEFAULT_SCHEMES)})")
    ap.add_argument("--out", default=str(ROOT / "docs" / "levels.md"), help="markdown file to write ('-': none)")
    args = ap.parse_args(argv)
    try:
        periods = check_periods(args.periods, "periods")
        seeds = list(range(FIRST_SEED, FIRST_SEED + check_count("seeds", args.seeds, 1, MAX_SEEDS, "runs a scheme")))
        schemes = args.scheme or list(DEFAULT_SCHEMES)
        for name in schemes:
            _scheme_path(name)
    except ArgumentError as e:
        print(e.as_flag(), file=sys.stderr)
        return 2
    from tqdm.auto import tqdm
    start = time.perf_counter()
    tables = {}
    with tqdm(total=len(schemes) * len(seeds), unit="run", desc="levels") as bar:
        for name in schemes:
            tables[name] = levels(run_scheme(name, periods, seeds, bar))
    seconds = time.perf_counter() - start
    markdown = levels_markdown(tables)
    print(markdown)
    if args.out != "-":
        command = "python benchmarks/levels.py " + shlex.join(argv if argv is not None else sys.argv[1:])
        Path(args.out).write_text(document(markdown, command.strip(), seconds, periods, seeds), encoding="utf-8")
        print(f"written to {args.out} in {seconds:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
