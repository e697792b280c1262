"""The explorer pattern every notebook widget follows: controls, a Run button, a progress
bar, and figures and tables that refresh.

An ``Explorer`` is three plain things glued to ipywidgets:

``controls``    ``{name: widget}`` — any ipywidgets value widget (slider, dropdown, checkbox).
``run_fn``      ``run_fn(values: dict, progress: callable(done, total)) -> result``. Runs the
                simulation(s). Called **only when Run is pressed** (or ``explorer.run()``):
                moving a slider never starts a simulation, it only marks the view as stale.
``render_fns``  ``{title: fn(result) -> Figure | Axes | DataFrame | str}``. Each fills one
                output area after a run.

Because ``run_fn`` and ``render_fns`` are ordinary functions of ordinary data, tests call
them directly (and call ``explorer.run()``) without a browser or a kernel; the widgets are
only the thin layer that collects values and shows results.

>>> ex = Explorer({"days": int_slider("days", 1, 7, 1)}, run_fn=my_run, render_fns={"KPIs": my_table})  # doctest: +SKIP
>>> ex.run(); ex                                                                                        # doctest: +SKIP
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Callable

import matplotlib.pyplot as plt

from ..experiment.comparison import Comparison, Work, compare_variants, results_of
from ..scenario import Scenario, load_scenario, with_overrides

if TYPE_CHECKING:  # for annotations only: each function that builds a widget imports ipywidgets itself
    import ipywidgets

Progress = Callable[[int, int], None]
_STYLE = {"description_width": "14em"}  # long labels like "lobby managers (大堂经理)" stay readable
_LAYOUT = {"width": "34em"}


# ----------------------------------------------------------------- control helpers
def float_slider(label: str, lo: float, hi: float, value: float, step: float = 0.05) -> ipywidgets.FloatSlider:
    import ipywidgets as widgets

    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=label, style=_STYLE,
                               layout=widgets.Layout(**_LAYOUT), continuous_update=False, readout_format=".2f")


def int_slider(label: str, lo: int, hi: int, value: int) -> ipywidgets.IntSlider:
    import ipywidgets as widgets

    return widgets.IntSlider(value=value, min=lo, max=hi, step=1, description=label, style=_STYLE,
                             layout=widgets.Layout(**_LAYOUT), continuous_update=False)


def dropdown(label: str, options, value) -> ipywidgets.Dropdown:
    import ipywidgets as widgets

    return widgets.Dropdown(options=options, value=value, description=label, style=_STYLE,
                            layout=widgets.Layout(**_LAYOUT))


def checkbox(label: str, value: bool) -> ipywidgets.Checkbox:
    import ipywidgets as widgets

    return widgets.Checkbox(value=value, description=label, style=_STYLE, indent=False)


# ------------------------------------------------------------------------ explorer
#: what an explorer says about itself (``Explorer(texts=...)`` replaces any of them, e.g. in
#: Chinese: ``simkit.dashboard.editions``); ``{done}``/``{total}``/``{error}``/``{values}`` filled in
TEXTS = {"progress": "progress", "ready": "Choose the settings and press <b>Run</b>.", "running": "running …",
         "running_count": "running … {done}/{total}", "failed": "could not run: {error}", "done": "done: {values}",
         "stale": "settings changed: press <b>Run</b> to simulate them"}


class Explorer:
    """Controls + Run button + progress bar + refreshing outputs (see the module docstring).

    Why seven parameters: the pattern's three parts (controls, run, renderers) and what the
    widget says (title, the Run button's label, its other texts), each with a default."""

    def __init__(self, controls: dict[str, ipywidgets.ValueWidget], run_fn: Callable[[dict, Progress], Any],
                 render_fns: dict[str, Callable[[Any], Any]], title: str = "", run_label: str = "Run",
                 texts: dict[str, str] | None = None):
        import ipywidgets as widgets

        unknown = sorted(set(texts or {}) - set(TEXTS))
        if unknown:
            raise KeyError(f"Explorer texts: no text {unknown[0]!r}; allowed: {', '.join(TEXTS)}")
        self.texts = {**TEXTS, **(texts or {})}
        self.controls = dict(controls)
        self.run_fn = run_fn
        self.render_fns = dict(render_fns)
        self.title = title
        self.button = widgets.Button(description=run_label, button_style="primary", icon="play")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description=self.texts["progress"])
        self.status = widgets.HTML(value=self.texts["ready"])
        self.outputs = {name: widgets.Output() for name in self.render_fns}
        self.result: Any = None  # what run_fn returned last time
        self.rendered: dict[str, Any] = {}  # what each render fn returned last time
        self.error: Exception | None = None
        self.runs = 0
        self.button.on_click(lambda _button: self.run())
        for w in self.controls.values():
            w.observe(self._mark_stale, names="value")
        self._widget = None

    # -------------------------------------------------------------- the callbacks
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: w.value for name, w in self.controls.items()}

    def set(self, **values) -> "Explorer":
        """Set controls by name (what a user does with the mouse); does not run."""
        for name, v in values.items():
            if name not in self.controls:
                raise KeyError(f"no control {name!r}; controls: {', '.join(self.controls)}")
            self.controls[name].value = v
        return self

    def report(self, done: int, total: int) -> None:
        """The progress callback handed to ``run_fn``."""
        self.progress.max = max(1, total)
        self.progress.value = min(done, total)
        self.status.value = self.texts["running_count"].format(done=done, total=total)

    def run(self) -> Any:
        """Run the simulation with the current values and refresh every output."""
        self.button.disabled = True
        self.progress.value = 0.0
        self.status.value = self.texts["running"]
        values = self.values()
        try:
            result = self.run_fn(values, self.report)
        except Exception as exc:  # bad settings: say so in the widget, keep the last good view
            self.error = exc
            failed = self.texts["failed"].format(error=html.escape(str(exc)))
            self.status.value = f"<span style='color:#b00'>{failed}</span>"
            return None
        finally:
            self.button.disabled = False
        self.error, self.result, self.runs = None, result, self.runs + 1
        self.rendered = {name: fn(result) for name, fn in self.render_fns.items()}
        for name, obj in self.rendered.items():
            _show(self.outputs[name], obj)
        self.progress.value = self.progress.max
        self.status.value = self.texts["done"].format(values=", ".join(f"{k} = {_short(v)}" for k, v in values.items()))
        return result

    def _mark_stale(self, change) -> None:
        if self.runs:
            self.status.value = self.texts["stale"]

    # ------------------------------------------------------------------ the view
    @property
    def widget(self) -> ipywidgets.Widget:
        if self._widget is None:
            import ipywidgets as widgets

            head = [widgets.HTML(f"<h4>{html.escape(self.title)}</h4>")] if self.title else []
            outs = list(self.outputs.values())
            if len(outs) > 1:
                tabs = widgets.Tab(children=outs)
                for i, name in enumerate(self.outputs):
                    tabs.set_title(i, name)
                outs = [tabs]
            self._widget = widgets.VBox(head + [widgets.VBox(list(self.controls.values())),
                                                widgets.HBox([self.button, self.progress]), self.status] + outs)
        return self._widget

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


def _short(v) -> str:
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def _show(out: ipywidgets.Output, obj) -> None:
    """Replace what an output area shows. Figures are closed after they are captured, so a
    notebook cell that calls ``run()`` does not show them a second time below the widget."""
    out.outputs = ()  # reset the model itself: clear_output() only asks a live front end to clear
    if isinstance(obj, str):
        from IPython.display import Markdown
        obj = Markdown(obj)
    fig = getattr(obj, "figure", None) if not hasattr(obj, "savefig") else obj
    if fig is not None and hasattr(fig, "savefig"):
        out.append_display_data(fig)
        plt.close(fig)
    else:
        out.append_display_data(obj)


# --------------------------------------------------------------- run_fn building blocks
def simulate(base, overrides: dict | None = None, seeds=(1,), days: int | None = None,
             progress: Progress | None = None) -> list:
    """Run ``base`` (a Scenario or YAML path) with dotted-path ``overrides`` once per seed:
    the list of each run's ``simkit.Results``.

    The usual body of a ``run_fn``: ``progress(done, total)`` is called after each run, so
    the explorer's bar moves once per replication. Same seeds, same answer (common random
    numbers between settings, see the README).
    """
    return list(compare_settings(base, {"": overrides}, seeds, days, progress).results[""])


def compare_settings(base, settings: dict[str, dict | None], seeds=(1,), days: int | None = None,
                     progress: Progress | None = None) -> Comparison:
    """Run ``base`` with each setting (``{name: dotted-path overrides or None}``) once per
    seed, the same seeds for every setting, in this process
    (``simkit.experiment.compare_variants``): a Comparison whose results are each run's
    ``simkit.Results``. ``progress(done, total)`` counts runs over all settings."""
    scenario = base if isinstance(base, Scenario) else load_scenario(str(base))
    variants = {name: with_overrides(scenario, over) if over else scenario for name, over in settings.items()}
    return compare_variants(variants, list(seeds), Work(results_of, days=days), progress=progress)


def mean_kpis(results: list, names: list[str]) -> dict[str, float]:
    """The mean of each named KPI over runs (one number per KPI)."""
    rows = [r.kpis() for r in results]
    return {n: float(sum(k[n] for k in rows) / len(rows)) for n in names}
