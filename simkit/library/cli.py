"""``simkit results``: compute the results library (wired into ``simkit.cli`` by ``add_commands``).

    simkit results [--only NAME]... [--executor serial|processes|dask] [--workers N]
                   [--address tcp://HOST:PORT] [--work DIR] [--list] [--no-progress]

Runs the experiments of ``library/experiments.yaml`` that are named (default: all), each arm
as a sweep into ``--work`` (default ``out/library``; an interrupted run resumes where it
stopped), and writes ``library/<name>.parquet`` and ``library/manifest.json``. ``--list``
prints the stored experiments and does nothing else. Exit status: 0 done; 2 bad argument or
experiments file; 130 interrupted (finished tasks are kept: run the same command again).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..arguments import check_executor, check_out, from_command_line, printable
from ..experiment.runner import SweepInterrupted
from .build import WORK, build
from .read import experiments
from .spec import LibraryError, load_experiments

__all__ = ["add_commands"]


def _command(args) -> int:
    if args.list:
        print(experiments().to_string(index=False))
        return 0
    known = load_experiments()
    for name in args.only or ():
        if name not in known:
            raise LibraryError(f"--only: no experiment {printable(name)!s}; allowed: {', '.join(known)}")
    check_executor(args.executor, args.workers, args.address)
    check_out(args.work, "work")
    try:
        manifest = build(args.only, work=Path(args.work), executor=args.executor, workers=args.workers,
                         address=args.address, progress=not args.no_progress)
    except SweepInterrupted as e:
        print(e, file=sys.stderr)
        print("run the same command again to resume", file=sys.stderr)
        return 130
    total = sum(entry["bytes"] for entry in manifest["experiments"].values())
    print(f"library: {len(manifest['experiments'])} experiments, {total / 1e6:.1f} MB")
    return 0


def add_commands(commands) -> None:
    """``simkit results`` on ``commands`` (argparse subparsers of ``simkit.cli``)."""
    command = commands.add_parser("results", help="compute the results library the notebooks and lessons read "
                                                  "(library/experiments.yaml; resumable)")
    command.add_argument("--only", action="append", metavar="NAME", help="this experiment only (repeat for more)")
    command.add_argument("--executor", default="processes", help="serial, processes (default) or dask")
    command.add_argument("--workers", type=from_command_line, default=None, metavar="N",
                         help="worker processes (default: every core)")
    command.add_argument("--address", default=None, metavar="tcp://HOST:PORT", help="a Dask scheduler (with dask)")
    command.add_argument("--work", default=str(WORK), metavar="DIR",
                         help=f"where the sweeps' stores go (default {WORK}; resumed when present)")
    command.add_argument("--list", action="store_true", help="list the stored experiments and stop")
    command.add_argument("--no-progress", action="store_true", help="no progress bars")
    command.set_defaults(fn=_command)
