"""A trainer's dashboard in the browser (Voila + ipywidgets).

``make dashboard`` serves ``dashboard/dashboard.ipynb`` with Voila; the notebook only
does ``display(simkit.dashboard.app())``. The pieces, each usable and tested alone:

* ``.inputs``   what the user picks -> a validated scenario per side (A, B)
* ``.compute``  replications of both sides with common seeds, summaries and CIs
* ``.panels``   HTML of the KPI table, queue/wait charts, learned behaviour, payslips, bank
* ``.replay``   ``state_at``: where every customer is at time t, from the tables
* ``.floor``    the floor plan with the customers in it, as SVG
* ``.i18n``     every label in English and Chinese
* ``.app``      the ipywidgets wiring; ``.serve`` starts Voila
* ``.classroom`` class mode: the lessons as read-only pages for a class, one server (``simkit class``)
"""
from .app import app  # the dashboard widget: ``app(lang)``; ipywidgets is imported when it is built
from .replay import state_at

__all__ = ["app", "state_at"]
