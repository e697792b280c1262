"""``simkit sweep``, ``simkit report`` and ``simkit learnability`` (wired into ``simkit.cli`` by ``add_commands``).

    simkit sweep SWEEP.yaml [--executor serial|processes|dask] [--address tcp://host:8786]
                            [--workers N] [--out DIR] [--resume] [--max-tasks N] [--no-progress]
    simkit report DIR [--scope run|bank|staff|all] [--period last|all|N|mean|mean:K] [--metric GLOB]...
                      [--role ROLE] [--level 0.95] [--long] [--csv FILE]
    simkit learnability SCENARIO.yaml --role ROLE --choice NAME[=VALUE]... [--person ID] [--habit NAME=VALUE]...
                        [--reps N] [--periods N] [--seed S] [--executor serial|processes|dask] [--workers N]
                        [--level 0.95]

Exit status: 0 done; 2 bad sweep file, bad argument (``--workers 0``, ``--max-tasks 0``,
``--level 1.5``, ...) or unusable output folder (one clear line per problem, nothing has
run); 130 interrupted by Ctrl-C (finished tasks are kept: rerun with ``--resume``).
``simkit report`` reports the intact tasks of a damaged folder (exit 0) and names each
damaged task file on stderr with the command that recomputes it; a damaged manifest exits
2 with the command that rebuilds it (``simkit.experiment.store``).

A sweep is counted before anything is built: more than ``--max-tasks`` tasks (default
``simkit.experiment.spec.MAX_TASKS``, 10,000) is refused at once; otherwise a bar
counts the points as they are checked and then the tasks as they finish.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..arguments import (
    MAX_MAX_TASKS,
    ArgumentError,
    check_executor,
    check_level,
    check_max_tasks,
    check_out,
    check_periods,
    check_reps,
    check_seed,
    from_command_line,
    printable,
)
from ..vocabulary import ROLES
from .executors import ExecutorError
from .learnability import learnability
from .report import format_table, select
from .runner import SweepInterrupted, run_sweep
from .spec import MAX_TASKS, load_sweep
from .store import ResultStore, StoreError
from .summary import confidence_intervals, period_means

EXIT_OK, EXIT_BAD, EXIT_INTERRUPTED = 0, 2, 130
#: (stated reason) damaged task files `simkit report` names one by one: enough to see what
#: happened (a disk, a copy), few enough to leave the table on screen; the rest are counted
SHOWN_DAMAGED = 10
#: (stated reason) a path or a command naming two is printed whole, to be copied: two paths of
#: PATH_MAX (4,096 bytes on Linux) and the words around them
_COMMAND_CHARS = 8_300


@dataclass(frozen=True)
class _Shown:
    """What ``simkit report`` shows of a sweep (its options; the defaults are what ``simkit
    sweep`` prints when it finishes): which rows, at which confidence level, how laid out,
    and a CSV file to write every row to."""

    scope: str = "run"
    period: str = "last"
    metrics: tuple = ()
    role: str | None = None
    level: float = 0.95
    long: bool = False
    csv: str | None = None


def _sweep(args) -> int:
    # an ArgumentError is printed by simkit.cli as `--name: ...` (exit status 2)
    check_executor(args.executor, args.workers, args.address)
    check_max_tasks(args.max_tasks)
    if args.out:
        check_out(args.out)
    # a SweepError is printed by simkit.cli (exit status 2); the points are checked under a bar
    sweep = load_sweep(args.sweep, max_tasks=args.max_tasks, progress=not args.no_progress)
    out = Path(args.out) if args.out else Path("out") / "sweeps" / sweep.name
    if not args.out:
        check_out(out, "out")
    print(f"{sweep!r} -> {out} ({args.executor})", file=sys.stderr)
    try:
        result = run_sweep(sweep, out, executor=args.executor, workers=args.workers, address=args.address,
                           resume=args.resume, progress=not args.no_progress)
    except (StoreError, ExecutorError) as e:
        print(e, file=sys.stderr)
        return EXIT_BAD
    except SweepInterrupted as e:
        print(e, file=sys.stderr)
        return EXIT_INTERRUPTED
    print(_report_text(result.store, _Shown()))
    print(f"saved to {out}  (simkit report {out} --scope bank|staff for per-period rows)")
    return EXIT_OK


def _report_text(store, shown: _Shown) -> str:
    """The report of ``store``'s finished tasks: a head line, then the table ``shown`` asks for."""
    summary = store.summary(skip_damaged=True)  # damaged task files are named by _report
    manifest = store.manifest
    done, total = len(store.sound_ids), len(manifest["tasks"])
    damaged = f", {len(store.damaged)} damaged and skipped" if store.damaged else ""
    head = (f"sweep '{printable(manifest['name'])}': {done} of {total} tasks finished{damaged} "
            f"({len(manifest['points'])} points x {printable(manifest['replications'])} replications, seed "
            f"{printable(manifest['seed'])}); mean [low, high] of the {shown.level:.0%} interval over replications, "
            f"inside each metric's range (n = replications)")
    if done < total:
        head += f"\nto compute the other {total - done}: {printable(store.resume_command(), _COMMAND_CHARS)}"
    if summary.empty:
        return head + "\n(no finished tasks yet)"
    label, period = None, shown.period
    if period.startswith("mean"):  # each replication's mean over (its last K) periods, then the interval
        last = int(period[5:]) if period != "mean" else None
        summary, period = period_means(summary, last), "all"
        label = "mean of all periods" if last is None else f"mean of last {last}"
    ci = confidence_intervals(summary.drop(columns=["task"]), shown.level)
    if shown.csv:
        ci.to_csv(shown.csv, index=False)
        head += f"\nall {len(ci)} rows written to {shown.csv}"
    table = select(ci, shown.scope, period, shown.metrics, shown.role)
    return head + "\n" + format_table(table, store.parameters(), shown.long, label)


def _report(args) -> int:
    p = args.period
    if p not in ("last", "all", "mean") and not p.isdigit() and not (p.startswith("mean:") and p[5:].isdigit()
                                                                    and int(p[5:]) >= 1):
        print(f"--period: allowed: last, all, a period number, mean or mean:K with K >= 1 (got {p!r})",
              file=sys.stderr)
        return EXIT_BAD
    check_level(args.level)
    if args.csv:
        csv = Path(args.csv)
        if csv.is_dir() or not csv.parent.is_dir():
            raise ArgumentError("csv", "a file in an existing folder", args.csv,
                                "is a folder" if csv.is_dir() else f"the folder {csv.parent} does not exist")
    try:
        store = ResultStore.read(args.dir)
    except StoreError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD
    try:
        text = _report_text(store, _Shown(args.scope, args.period, tuple(args.metric), args.role, args.level,
                                          args.long, args.csv))
    except OSError as e:  # the CSV could not be written
        print(f"--csv: cannot write {args.csv}: {e.strerror or e}", file=sys.stderr)
        return EXIT_BAD
    for line in _damage_lines(store):
        print(line, file=sys.stderr)
    print(text)
    return EXIT_OK


def _damage_lines(store) -> list[str]:
    """One line per damaged task file met by the report (the first ``SHOWN_DAMAGED``,
    then a count), each saying it was skipped and what recomputes it."""
    fix = printable(store.resume_command(), _COMMAND_CHARS)
    items = list(store.damaged.items())
    lines = [f"{printable(path, _COMMAND_CHARS)} is damaged ({printable(why)}); skipped: `{fix}` recomputes it"
             for path, why in items[:SHOWN_DAMAGED]]
    if len(items) > SHOWN_DAMAGED:
        folder = printable(store.dir, _COMMAND_CHARS)
        lines.append(f"... and {len(items) - SHOWN_DAMAGED} more damaged task files in {folder}, skipped: `{fix}` "
                     f"recomputes them")
    return lines


def _name_value(flag: str, text: str, optional: bool = False) -> tuple[str, float | None]:
    """``NAME=NUMBER`` (or a bare ``NAME`` when the value is ``optional``) from ``--flag``."""
    name, _, value = text.partition("=")
    try:
        return name, (None if optional and not value else float(value))
    except ValueError:
        allowed = "NAME or NAME=NUMBER" if optional else "NAME=NUMBER"
        raise ValueError(f"{flag} {text}: allowed: {allowed}, e.g. screening=0.16") from None


def _learnability(args) -> int:
    check_reps(args.reps)  # an ArgumentError is printed by simkit.cli (exit status 2)
    check_executor(args.executor, args.workers)
    if args.periods is not None:
        check_periods(args.periods)
    if args.seed is not None:
        check_seed(args.seed)
    check_level(args.level)
    try:
        choices = [_name_value("--choice", c, optional=True) for c in args.choice]
        habits = dict(_name_value("--habit", h) for h in args.habit)
        rows = [learnability(args.scenario, args.role, name, at, person=args.person, habits=habits, reps=args.reps,
                             seed=args.seed, periods=args.periods, level=args.level, executor=args.executor,
                             workers=args.workers, progress=not args.no_progress) for name, at in choices]
    except ArgumentError:
        raise  # printed by simkit.cli as `--name: ...`, like every other bad argument
    except ValueError as e:  # a --choice or --habit that is not NAME=NUMBER
        print(e, file=sys.stderr)
        return EXIT_BAD
    table = pd.concat(rows, ignore_index=True)
    who = "alone" if table["person"][0] != "all" else "the whole role"
    print(f"{printable(table['scheme'][0])}, {args.role} {table['person'][0]} ({who} changes the habit): pay slope and "
          f"effort slope in ¥ a period per logit unit of the "
          f"choice; luck = sd of a period's pay; needed = periods of trials before the slope clears two "
          f"standard errors (the rule keeps about {table['window'][0]:.0f}); {int(table['reps'][0])} replications, "
          f"{args.level:.0%} interval" + (f"; other habits held at {table['habits'][0]}" if table["habits"][0] else ""))
    for row in table.itertuples():
        print(f"  {row.choice:<11} at {row.at:<6.3g} tried {row.low:.3g}-{row.high:.3g}  slope {row.slope:>8,.0f} "
              f"[{row.slope_lo:,.0f}, {row.slope_hi:,.0f}]  effort {row.effort_slope:>6,.0f}  luck {row.luck:>7,.0f}  "
              f"needed {row.needed:>8,.1f}  {row.verdict}")
    return EXIT_OK


def add_commands(sub) -> None:
    """Add ``sweep``, ``report`` and ``learnability`` to the ``simkit`` command's subparsers."""
    sweep = sub.add_parser("sweep", help="run a sweep file: points x replications, resumable, on all cores or Dask")
    sweep.add_argument("sweep", metavar="SWEEP.yaml")
    sweep.add_argument("--executor", default="processes",
                   help="where tasks run (default: processes, one per core)")
    sweep.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                   help="Dask scheduler address (with --executor dask; default: a LocalCluster)")
    sweep.add_argument("--workers", type=from_command_line, default=None, metavar="N",
                   help="worker processes for processes / a Dask LocalCluster (default: every core)")
    sweep.add_argument("--out", default=None, metavar="DIR", help="result folder (default: out/sweeps/<name>)")
    sweep.add_argument("--resume", action="store_true", help="finish an interrupted sweep in DIR (same sweep file)")
    sweep.add_argument("--max-tasks", type=from_command_line, default=MAX_TASKS, metavar="N",
                   help=f"refuse a sweep of more than N tasks (points x replications), counted before anything "
                        f"is built (default {MAX_TASKS:,}; at most {MAX_MAX_TASKS:,})")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bars")
    sweep.set_defaults(fn=_sweep)
    report = sub.add_parser("report", help="summaries of a sweep folder with confidence intervals")
    report.add_argument("dir", metavar="DIR")
    report.add_argument("--scope", choices=("run", "bank", "staff", "all"), default="run",
                   help="run: whole-run KPIs (default); bank / staff: per-period rows of multi-period runs")
    report.add_argument("--period", default="last",
                   help="for bank/staff rows: last (default), all, a number, mean (each replication's mean "
                        "over all periods, then the interval over replications) or mean:K (over its last K)")
    report.add_argument("--metric", action="append", default=[], metavar="GLOB", help="only metrics matching (repeatable)")
    report.add_argument("--role", default=None, choices=ROLES, help="only this role's staff rows")
    report.add_argument("--level", type=from_command_line, default=0.95, help="confidence level (default 0.95)")
    report.add_argument("--long", action="store_true", help="one row per point and metric")
    report.add_argument("--csv", default=None, metavar="FILE", help="also write every summary row with its CI to FILE")
    report.set_defaults(fn=_report)
    learn = sub.add_parser("learnability", help="how clearly a role's pay shows what a choice does to it "
                                             "(frozen runs either side of a point)")
    learn.add_argument("scenario", metavar="SCENARIO.yaml")
    learn.add_argument("--role", required=True, choices=ROLES)
    learn.add_argument("--choice", action="append", required=True, metavar="NAME[=VALUE]",
                    help="a choice of the role, at VALUE (default: its starting value); repeatable")
    learn.add_argument("--person", default=None,
                    help="whose habit changes (default: the role's first, e.g. T1); 'all': the whole role together, "
                         "only for work that does not interact (a manager screening their own loan files)")
    learn.add_argument("--habit", action="append", default=[], metavar="NAME=VALUE",
                    help="hold another habit of the role at VALUE for everyone, e.g. screening=0.16 (what strictness "
                         "pays once investigations are a formality); repeatable")
    learn.add_argument("--reps", type=from_command_line, default=4, help="replications either side (default 4, 2 to 1,000)")
    learn.add_argument("--periods", type=from_command_line, default=None, help="periods per run (default: the scenario's)")
    learn.add_argument("--seed", type=from_command_line, default=None, help="seed (default: the scenario's)")
    learn.add_argument("--executor", default="processes", help="serial, processes or dask (default: processes)")
    learn.add_argument("--workers", type=from_command_line, default=None, metavar="N")
    learn.add_argument("--level", type=from_command_line, default=0.95, help="confidence level (default 0.95)")
    learn.add_argument("--no-progress", action="store_true", help="no progress bar")
    learn.set_defaults(fn=_learnability)
