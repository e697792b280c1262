"""A trainer's dashboard in the browser (Voila + ipywidgets).

``make dashboard`` serves ``dashboard/dashboard.ipynb`` with Voila; the notebook only
does ``display(simkit.dashboard.app())``. The pieces, each usable and tested alone:

* :mod:`.inputs`   what the user picks -> a validated scenario per side (A, B)
* :mod:`.compute`  replications of both sides with common seeds, summaries and CIs
* :mod:`.panels`   HTML of the KPI table, queue/wait charts, learned behaviour, payslips, bank
* :mod:`.replay`   :func:`state_at`: where every customer is at time t, from the tables
* :mod:`.floor`    the floor plan with the customers in it, as SVG
* :mod:`.i18n`     every label in English and Chinese
* :mod:`.app`      the ipywidgets wiring; :mod:`.serve` starts Voila
"""
from .app import app  # the dashboard widget: ``app(lang)``; ipywidgets is imported when it is built
from .replay import state_at

__all__ = ["app", "state_at"]
