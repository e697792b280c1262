"""Reports: figures (seaborn), formatted tables and intervals built from results.

``simkit.report.intervals`` is the one place for "mean [low, high]" over replications:
``interval``, ``difference``, ``kind_of``, ``clear`` and ``describe`` are re-exported here.
"""
from .figures import queue_over_day, waits_by_segment
from .intervals import clear, describe, difference, interval, kind_of
from .levels import levels
from .loan_quality import loan_quality
from .panel import codebook, loan_files, person_month_panel
from .tables import format_kpis

__all__ = ["queue_over_day", "waits_by_segment", "format_kpis", "interval", "difference", "kind_of", "clear",
           "describe", "levels", "loan_quality", "person_month_panel", "loan_files", "codebook"]
