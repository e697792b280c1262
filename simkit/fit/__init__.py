"""Fitting a branch: a queue-ticket machine log (叫号 data) -> a scenario that extends a base.

``fit_tickets(path)`` reads and checks the log (columns: docs/fitting.md), estimates the
arrival profile by hour and day of month, each business type's service time and customers'
patience, with confidence intervals; ``write_fit(fit, out)`` writes the scenario, the table of
estimates and a goodness-of-fit figure per fitted quantity. ``sample_log`` makes a log from a
simulated branch. The command is ``simkit fit TICKETS.csv`` (simkit.fit.cli).
"""
from __future__ import annotations

from .fitting import Fit, fit_tickets, write_fit
from .sample import SAMPLE, sample_log, write_sample
from .tickets import COLUMNS, TicketError, read_tickets, ticket_log, write_tickets

__all__ = ["Fit", "fit_tickets", "write_fit", "SAMPLE", "sample_log", "write_sample", "COLUMNS", "TicketError",
           "read_tickets", "ticket_log", "write_tickets"]
