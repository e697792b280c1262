"""Reports: figures (seaborn) and formatted tables built from results."""
from .figures import queue_over_day, waits_by_segment
from .tables import format_kpis

__all__ = ["queue_over_day", "waits_by_segment", "format_kpis"]
