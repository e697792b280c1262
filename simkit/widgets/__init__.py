"""Interactive explorers for the notebooks (ipywidgets).

Every explorer is a ``simkit.widgets.core.Explorer``: controls, a Run button (nothing
is simulated while sliders move), a progress bar, and figures and KPI tables that refresh.
The callbacks are plain functions of plain data, unit-tested without a browser
(``tests/notebooks/test_widgets.py``).

* ``triage_explorer`` — notebook 02: what the lobby manager's (大堂经理) choices do.
* ``simkit.widgets.pay`` — notebooks 04, 05, 07: pay-scheme explorers.
"""
from .core import Explorer, checkbox, compare_settings, dropdown, float_slider, int_slider, mean_kpis, simulate
from .triage import triage_explorer

__all__ = ["Explorer", "checkbox", "compare_settings", "dropdown", "float_slider", "int_slider", "mean_kpis", "simulate",
           "triage_explorer"]
