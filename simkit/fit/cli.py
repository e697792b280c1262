"""``simkit fit`` (wired into ``simkit.cli`` by ``add_commands``).

    simkit fit TICKETS.csv [--base SCENARIO.yaml] [--out DIR] [--force] [--name NAME] [--level 0.95]

Reads a branch's queue-ticket log (columns: docs/fitting.md), fits arrivals, service times
and patience, and writes into DIR (default ``out/fit/<file name>``) a scenario that
``extends`` the base, ``estimates.csv`` (every estimate with its interval) and one
goodness-of-fit figure per fitted quantity. Exit status: 0 done; 2 a bad log, base scenario,
argument or output folder (one line, nothing written).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..arguments import check_level, from_command_line, printable
from .fitting import BASELINE, check_fit_folder, check_name, fit_tickets, write_fit

EXIT_OK = 0
_SHOWN = ["quantity", "key", "estimate", "low", "high", "n", "written"]


def _fit(args) -> int:
    # an ArgumentError, ScenarioError or TicketError is printed by simkit.cli in one line (exit status 2)
    level = check_level(args.level)
    check_name(args.name)
    out = Path(args.out) if args.out else Path("out") / "fit" / Path(args.tickets).stem
    check_fit_folder(out, args.force)
    fit = fit_tickets(args.tickets, base=args.base, level=level)
    paths = write_fit(fit, out, name=args.name, force=args.force)
    table = fit.estimates[_SHOWN].copy()
    table["key"] = table["key"].map(printable)  # business types as the log spells them
    with pd.option_context("display.width", 160, "display.float_format", "{:,.4g}".format):
        print(f"{printable(args.tickets)}: {len(fit.data['log']):,} tickets; estimates with {level:.0%} intervals")
        print(table.to_string(index=False))
    for note in fit.notes:
        print(f"note: {note}")
    figures = sum(1 for path in paths.values() if path.suffix == ".png")
    print(f"wrote {printable(paths['scenario'])} (extends {printable(args.base)}), {printable(paths['estimates'])} "
          f"and {figures} figures")
    return EXIT_OK


def add_commands(sub) -> None:
    """Add ``fit`` to the ``simkit`` command's subparsers."""
    fit = sub.add_parser("fit", help="fit a branch's queue-ticket log: a scenario extending a base, with intervals")
    fit.add_argument("tickets", metavar="TICKETS.csv", help="the ticket log (columns: docs/fitting.md)")
    fit.add_argument("--base", default=str(BASELINE), metavar="SCENARIO.yaml",
                     help="the scenario the fit extends (default: scenarios/baseline.yaml)")
    fit.add_argument("--out", default=None, metavar="DIR", help="result folder (default: out/fit/<file name>)")
    fit.add_argument("--force", action="store_true", help="replace an earlier fit in DIR")
    fit.add_argument("--name", default=None, help="the fitted scenario's name (default: fitted_<file name>)")
    fit.add_argument("--level", type=from_command_line, default=0.95, help="confidence level (default 0.95)")
    fit.set_defaults(fn=_fit)
