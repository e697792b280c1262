"""The dashboard as ipywidgets: controls on the left, panels in tabs on the right.

``Dashboard`` only wires widgets to the plain functions of ``.inputs``,
``.compute``, ``.panels``, ``.replay`` and ``.floor``. Its handlers
(``Dashboard.run``, ``Dashboard.set_language``, ``Dashboard.show_frame``, ...)
are ordinary methods, so tests call them directly without a browser; the browser test
checks that the same thing happens when a person clicks.

The replay is driven by an ``ipywidgets.Play`` widget: its clock ticks in the browser and
each tick changes ``value`` (minutes since midnight) in the kernel, which redraws the
floor plan from ``.replay.state_at``. That works in Voila, where there is no
notebook to run cells.

Running. A click on Run (``Dashboard.on_run_click``) runs
``Dashboard.run`` in a background thread, so the kernel keeps reading the page's
messages while it simulates: a second click (a double click) finds a run in progress and
is ignored, and **Cancel** (``Dashboard.cancel``) stops the run within one simulated
month. Run with exactly the inputs of the results shown does nothing (a run is
deterministic: it would give the same numbers). Before a run the page says how long it
will take (``.compute.Estimator``: from the run's size, refined from every
simulation measured); during a run, how long is left. Results are labelled with the
inputs that produced them and marked stale as soon as an input changes.

Language. The page opens in the browser's language (``app``), every control explains
itself in a tooltip (``Dashboard._set_tooltips``), and in Chinese the whole app is drawn in
Simplified Chinese faces (``FONT_CSS``) with its HTML marked ``lang="zh-CN"``.
"""
from __future__ import annotations

import os
import threading
import time
from html import escape
from typing import TYPE_CHECKING

from ..branch.calendar import horizon_ends
from ..scenario import ScenarioError, load_scenario
from .compute import Cancelled, Estimator, release_freed_memory, run_comparison, run_units_per_sim
from .floor import floor_svg
from .i18n import LANGS, browser_language, tr
from .inputs import PRESETS, ROLES, SCENARIOS, Inputs, Side, apply_preset, branch_scenarios, build_scenario, schemes_by_role
from .panels import (
    bank_html,
    behaviour_html,
    downloads_html,
    kpi_table_html,
    lesson_library_html,
    months_warning_html,
    pay_html,
    queues_html,
    results_label_html,
)
from .practice import PracticePage
from .replay import open_days, state_at
from .svg import HTML_LANG, SC_FONTS

if TYPE_CHECKING:  # for annotations only: ipywidgets is imported by the methods that build widgets
    import ipywidgets

TABS = ("kpis", "queues", "behaviour", "pay", "bank", "downloads", "replay")
#: the largest number of ordinary windows the slider offers (the floor plan fits 24 windows in all)
MAX_ORDINARY = 18
#: replay speeds: simulated minutes per tick of the Play widget (one tick every TICK_MS)
SPEEDS = (1, 2, 5, 10)
TICK_MS = 250  # (default) four frames a second: smooth enough, and light on the kernel
#: where the Chinese lesson plan for trainers lives in the repository (the page names it)
LESSON_PLAN = "docs/zh/lesson_plan.md"
#: In Chinese, every element of the page in Simplified Chinese faces (the page itself stays
#: ``lang="en"``, Voila's template, so Chromium would pick its default CJK face, Noto Sans
#: CJK JP on Debian, and draw 门复直骨 in Japanese forms). In English, Latin faces first and the
#: same Simplified Chinese faces for the Chinese left in it (the language switch's 中文, the
#: Chinese names beside some schemes). Icons keep their icon font.
_NOT_ICONS = "*:not(.fa):not([class*=' fa-']):not([class^='fa-'])"
FONT_CSS = (f"<style>.sk-app.sk-zh, .sk-app.sk-zh {_NOT_ICONS} {{font-family: {SC_FONTS} !important}}"
            f".sk-app:not(.sk-zh), .sk-app:not(.sk-zh) {_NOT_ICONS} "
            f"{{font-family: Helvetica, Arial, {SC_FONTS} !important}}</style>")
#: The page at a projector's 1280×720 and a laptop's 1024×768 (tests/dashboard/test_browser_classroom.py
#: measures both): Run, its progress and status head the results' column (``Dashboard.run_bar``), so
#: they are on screen without scrolling; tab titles wrap onto a second row instead of being cut; the
#: dropdowns of the controls' column carry their label above them (``sk-stacked``) and the column is
#: CONTROLS_WIDTH wide, so every lesson and scheme name fits when chosen.
LAYOUT_CSS = ("<style>.sk-app .sk-tabs > .lm-TabBar, .sk-app .sk-tabs > .lm-TabBar > .lm-TabBar-content "
              "{height: auto; flex-wrap: wrap}"
              ".sk-app .sk-tabs.widget-tab > .lm-TabBar .lm-TabBar-tab {flex: 0 0 auto; max-width: none}"
              ".sk-app .sk-stacked.widget-dropdown {flex-wrap: wrap; height: auto}"
              ".sk-app .sk-stacked.widget-dropdown > .widget-label "
              "{width: 100%; max-width: none; text-align: left; line-height: 20px}"
              ".sk-app .sk-stacked.widget-dropdown > select {flex: 1 1 100%; height: var(--jp-widgets-inline-height)}</style>")
#: px: the longest option a controls' dropdown shows, "Deposit-only vs responsibility profit (customer
#: managers)", is 327 px wide in 13 px Helvetica (Chromium, measured), plus the select's 28 px of
#: padding and arrow and the column's margins
CONTROLS_WIDTH = 370
#: controls and the label that explains each (``tip.<name>``); the scheme dropdowns have their own
TIPS = {"lang_w": "language", "lesson_w": "lesson", "branch_w": "branch", "windows_w": "windows",
        "lobby_w": "lobby", "machines_w": "machines", "arrivals_w": "arrivals", "periods_w": "periods",
        "reps_w": "reps", "seed_w": "seed", "run_w": "run", "cancel_w": "cancel", "replay_side_w": "replay_side",
        "day_w": "day", "speed_w": "speed", "play_w": "play", "time_w": "time"}


class Dashboard:
    """The trainer's dashboard: ``Dashboard(lang).widget`` is the page (controls, tabs, replay).

    Its handlers (``run``, ``set_language``, ``show_frame``, ...) are plain methods,
    so a test drives it without a browser.
    """

    def __init__(self, lang: str = "en", inputs: Inputs | None = None):
        import ipywidgets as widgets

        self.lang = lang
        self.comp = None
        self.runs = 0  # completed runs (shown in the status line for tests)
        self.simulations = 0  # simulations started by runs, completed or not (a double click must not double it)
        self.estimator = Estimator()
        self._quiet = False
        self._t0 = self._last_tick = 0.0
        self._lock = threading.Lock()
        self._running = False
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._inputs_running: Inputs | None = None
        self.branches = branch_scenarios()
        self.schemes = schemes_by_role()
        start = inputs or Inputs()
        self._build_controls(start)
        self._build_panels()
        self._build_replay()
        self.results_label_w = widgets.HTML()
        self.results_label_w.add_class("sk-results-label-html")
        #: the run's progress bar, under Run and the status line, above the results it will replace
        self.run_progress_w = widgets.HTML()
        self.run_progress_w.add_class("sk-run-progress")
        right = widgets.VBox([self.run_bar, self.run_progress_w, self.results_label_w, self.tabs],
                             layout=widgets.Layout(flex="1", min_width="0", margin="0 0 0 12px"))
        self.widget = widgets.VBox([widgets.HTML(FONT_CSS + LAYOUT_CSS), self.title, widgets.HBox([self.controls, right])],
                                   layout=widgets.Layout(width="100%"))
        self.widget.add_class("sk-app")
        self._quiet = True  # one redraw at the end, not one per widget set below
        self.set_language(lang)
        self.on_branch()
        if inputs is not None:  # explicit inputs win over the branch file's numbers
            self._set_params(start)
        self._quiet = False
        self._watch_inputs()
        self.on_inputs()

    # ------------------------------------------------------------------ building
    def _build_controls(self, start: Inputs) -> None:
        import ipywidgets as widgets

        self.title = widgets.HTML()
        self.lang_w = widgets.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=self.lang)
        self.lang_w.add_class("sk-lang")
        self.lang_w.observe(lambda ch: self.set_language(ch["new"]), "value")
        self.branch_w = widgets.Dropdown(options=self.branches, value=start.branch, layout=widgets.Layout(width="auto"))
        self.branch_w.add_class("sk-branch")
        self.branch_w.add_class("sk-stacked")
        self.branch_w.observe(lambda ch: None if self._quiet else self.on_branch(), "value")
        self.side_w = {}
        self.side_box = {}
        for which in ("A", "B"):
            side = start.side(which)
            self.side_w[which] = {}
            for role in ROLES:
                dropdown = widgets.Dropdown(options=self.schemes[role], value=side.of(role),
                                            layout=widgets.Layout(width="auto"))
                dropdown.add_class(f"sk-side-{which.lower()}-{role.replace('_', '-')}")
                dropdown.add_class("sk-stacked")
                self.side_w[which][role] = dropdown
            self.side_box[which] = widgets.HTML()
        slider = dict(style={"description_width": "150px"}, layout=widgets.Layout(width="310px"))
        self.lesson_w = widgets.Dropdown(options=[("", "")], value="", layout=widgets.Layout(width="auto"))
        self.lesson_w.add_class("sk-lesson")
        self.lesson_w.add_class("sk-stacked")
        self.lesson_w.observe(lambda ch: None if self._quiet else self.on_lesson(ch["new"]), "value")
        self.lesson_text_w = widgets.HTML(layout=widgets.Layout(width="320px"), _dom_classes=("sk-lesson-text",))
        self.lesson_plan_w = widgets.HTML(layout=widgets.Layout(width="320px"), _dom_classes=("sk-lesson-plan",))
        self.windows_w = widgets.IntSlider(min=0, max=MAX_ORDINARY, **slider)
        self.lobby_w = widgets.IntSlider(min=0, max=3, **slider)
        self.machines_w = widgets.IntSlider(min=0, max=6, **slider)
        self.arrivals_w = widgets.FloatSlider(value=start.arrivals_factor, min=0.5, max=1.5, step=0.05, **slider)
        self.periods_w = widgets.IntSlider(value=start.periods, min=1, max=24, **slider)
        # min: inputs.MIN_REPLICATIONS (Inputs refuses fewer; tests/dashboard check the two agree)
        self.reps_w = widgets.IntSlider(value=start.replications, min=3, max=10, **slider)
        self.seed_w = widgets.BoundedIntText(value=start.seed, min=0, max=2**31 - 1, **slider)
        for name, widget in (("windows", self.windows_w), ("lobby", self.lobby_w), ("machines", self.machines_w),
                          ("arrivals", self.arrivals_w), ("periods", self.periods_w), ("reps", self.reps_w),
                          ("seed", self.seed_w)):
            widget.add_class(f"sk-{name}")
        self.params_h = widgets.HTML()
        self.months_warning_w = widgets.HTML(layout=widgets.Layout(width="310px"))
        self.months_warning_w.add_class("sk-months-warning")
        self._build_run_bar()
        rows = [self.lang_w, self.lesson_w, self.lesson_text_w, self.lesson_plan_w, self.branch_w]
        for which in ("A", "B"):
            rows += [self.side_box[which], *self.side_w[which].values()]
        rows += [self.params_h, self.windows_w, self.lobby_w, self.machines_w, self.arrivals_w, self.periods_w,
                 self.months_warning_w, self.reps_w, self.seed_w]
        self.controls = widgets.VBox(rows, layout=widgets.Layout(width=f"{CONTROLS_WIDTH}px",
                                                                 min_width=f"{CONTROLS_WIDTH}px"))

    def _build_run_bar(self) -> None:
        """Run, Cancel, the status line and the estimate: one bar at the top of the results' column."""
        import ipywidgets as widgets

        self.run_w = widgets.Button(button_style="primary", icon="play", layout=widgets.Layout(width="140px"))
        self.run_w.add_class("sk-run")
        self.run_w.on_click(lambda _b: self.on_run_click())
        self.cancel_w = widgets.Button(button_style="warning", icon="stop", disabled=True, layout=widgets.Layout(width="105px"))
        self.cancel_w.add_class("sk-cancel")
        self.cancel_w.on_click(lambda _b: self.cancel())
        self.estimate_w = widgets.HTML()
        self.estimate_w.add_class("sk-estimate")
        #: counts a run's simulations (``_tick``); the bar shown is ``run_progress_w``'s
        self.progress_w = widgets.IntProgress(value=0, min=0, max=1)
        self.status_w = widgets.HTML(_dom_classes=("sk-status",))
        self.run_bar = widgets.HBox([self.run_w, self.cancel_w, widgets.VBox([self.status_w, self.estimate_w],
                                                                             layout=widgets.Layout(flex="1"))])
        self.run_bar.add_class("sk-run-bar")

    def _input_widgets(self) -> list:
        return [self.branch_w, *(dropdown for x in ("A", "B") for dropdown in self.side_w[x].values()), self.windows_w,
                self.lobby_w, self.machines_w, self.arrivals_w, self.periods_w, self.reps_w, self.seed_w]

    def _watch_inputs(self) -> None:
        for widget in self._input_widgets():
            widget.observe(lambda _c: None if self._quiet else self.on_inputs(), "value")

    def _build_panels(self) -> None:
        import ipywidgets as widgets

        self.panel = {name: widgets.HTML() for name in TABS[:-1]}
        for name, h in self.panel.items():
            h.add_class(f"sk-panel-{name}")

    def _build_replay(self) -> None:
        import ipywidgets as widgets

        self.replay_side_w = widgets.ToggleButtons(options=["A", "B"], value="A", style={"button_width": "48px"})
        self.replay_side_w.add_class("sk-replay-side")
        self.day_w = widgets.Dropdown(options=[])
        self.day_w.add_class("sk-day")
        self.play_w = widgets.Play(value=0, min=0, max=1, step=SPEEDS[0], interval=TICK_MS, show_repeat=False)
        self.play_w.add_class("sk-play")
        self.time_w = widgets.IntSlider(value=0, min=0, max=1, readout=False, layout=widgets.Layout(width="360px"))
        self.time_w.add_class("sk-time")
        widgets.jslink((self.play_w, "value"), (self.time_w, "value"))
        self.speed_w = widgets.ToggleButtons(options=[(f"×{s}", s) for s in SPEEDS], value=SPEEDS[0],
                                             style={"button_width": "48px"})
        self.speed_w.add_class("sk-speed")
        self.clock_w = widgets.HTML()
        self.clock_w.add_class("sk-clock")
        self.floor_w = widgets.HTML()
        self.floor_w.add_class("sk-floor-html")
        self.replay_hint = widgets.HTML()
        self.replay_side_w.observe(lambda _c: None if self._quiet else self.on_replay_source(), "value")
        self.day_w.observe(lambda _c: None if self._quiet else self.on_day(), "value")
        self.play_w.observe(lambda ch: self.show_frame(ch["new"]), "value")
        self.time_w.observe(lambda ch: self.show_frame(ch["new"]), "value")
        self.speed_w.observe(lambda ch: self.set_speed(ch["new"]), "value")
        bar = widgets.HBox([self.play_w, self.time_w, self.clock_w])
        opts = widgets.HBox([self.replay_side_w, self.day_w, self.speed_w])
        self.replay_box = widgets.VBox([self.replay_hint, opts, bar, self.floor_w])
        self.practice = PracticePage(self.lang)  # the practice tab (模拟训练), after the replay
        self.tabs = widgets.Tab(children=[*self.panel.values(), self.replay_box, self.practice.widget],
                                layout=widgets.Layout(flex="1"))
        self.tabs.add_class("sk-tabs")

    # ------------------------------------------------------------------ inputs
    def inputs(self) -> Inputs:
        """What the Run button will run, read from the widgets."""
        sides = {x: Side(**{r: self.side_w[x][r].value for r in ROLES}) for x in ("A", "B")}
        lesson = PRESETS.get(self.lesson_w.value)
        return Inputs(branch=self.branch_w.value, a=sides["A"], b=sides["B"], ordinary_windows=self.windows_w.value,
                      lobby_managers=self.lobby_w.value, machines=self.machines_w.value,
                      arrivals_factor=round(float(self.arrivals_w.value), 4), periods=self.periods_w.value,
                      replications=self.reps_w.value, seed=int(self.seed_w.value),
                      field_margins=bool(lesson and lesson.field_margins))

    def on_branch(self) -> None:
        """A new branch file: its windows, lobby managers and machines become the sliders' values."""
        b = load_scenario(SCENARIOS / f"{self.branch_w.value}.yaml").branch
        self.windows_w.value = b.windows.get("ordinary", 0)
        self.lobby_w.value = b.lobby_managers
        self.machines_w.value = b.self_service.machines

    def on_inputs(self) -> None:
        """Any input changed: the lesson cleared if the branch or a side's scheme no longer is
        the lesson's (its words would not match; other months or replications keep it, with a
        note when they are fewer than the lesson's), a new time estimate, the months warning,
        the results marked stale (or not, if the inputs are back to those of the results), and
        the floor plan redrawn for the new inputs while there are no results to replay."""
        if self.lesson_w.value and not _is_lesson(self.inputs(), self.lesson_w.value):
            self._quiet = True
            try:
                self.lesson_w.value = ""
            finally:
                self._quiet = False
        self._show_lesson_text()
        x = self.inputs()
        self.months_warning_w.value = months_warning_html(x.periods, self.lang)
        self.show_estimate(x)
        self.results_label_w.value = results_label_html(self.comp, self.lang, self.stale)
        if self.comp is None:
            self.show_frame(self.play_w.value)

    @property
    def stale(self) -> bool:
        """Whether the inputs have changed since the results shown were computed."""
        return self.comp is not None and self.inputs() != self.comp.inputs

    def on_lesson(self, name: str) -> None:
        """A lesson chosen: its inputs set (not run), its explanation shown."""
        if not name:
            self.lesson_text_w.value = ""
            return
        x = apply_preset(self.inputs(), name)
        self._quiet = True
        try:
            self.branch_w.value = x.branch
            self.on_branch()
            for which in ("A", "B"):
                for role in ROLES:
                    self.side_w[which][role].value = x.side(which).of(role)
            self.periods_w.value = x.periods
            self.reps_w.value = x.replications
            self.arrivals_w.value = x.arrivals_factor
        finally:
            self._quiet = False
        self._show_lesson_text()
        self.on_inputs()

    def _show_lesson_text(self) -> None:
        """The chosen lesson's explanation, and under it a note when the months or
        replications chosen are fewer than those at which the lesson's effect was measured
        clear (``Preset.periods``, ``Preset.replications``)."""
        name = self.lesson_w.value
        if not name:
            self.lesson_text_w.value = ""
            return
        lesson, months, reps = PRESETS[name], self.periods_w.value, self.reps_w.value
        short = months < lesson.periods or reps < lesson.replications
        words = tr("preset.short", self.lang, periods=months, reps=reps, need_periods=lesson.periods,
                   need_reps=lesson.replications)
        note = f"<br><i data-lesson-short='1'>{words}</i>" if short else ""
        self.lesson_text_w.value = (f"<p class='sk-note' data-lesson='{name}' style='white-space:normal'>"
                                    f"{tr(f'preset.{name}.text', self.lang)}{note}"
                                    f"{lesson_library_html(lesson.library, self.lang)}</p>")

    def show_estimate(self, x: Inputs | None = None) -> None:
        x = x or self.inputs()
        estimator = self.estimator
        how = (tr("ui.estimate_measured", self.lang, n=estimator.measured) if estimator.measured
               else tr("ui.estimate_prior", self.lang))
        secs = estimator.estimate(x)
        text = tr("ui.estimate", self.lang, secs=self._duration(secs), sims=2 * x.replications, periods=x.periods,
                  how=how)
        self.estimate_w.value = (f"<span class='sk-note' data-estimate='{secs:.3f}' data-measured='{estimator.measured}'>"
                                 f"{text}</span>")

    def _duration(self, secs: float) -> str:
        if secs < 60:
            return tr("ui.seconds", self.lang, n=max(1.0, secs))
        m, sec = divmod(int(round(secs)), 60)
        return tr("ui.minutes_secs", self.lang, m=m, s=sec)

    def _set_params(self, x: Inputs) -> None:
        for widget, v in ((self.windows_w, x.ordinary_windows), (self.lobby_w, x.lobby_managers),
                       (self.machines_w, x.machines)):
            if v is not None:
                widget.value = v

    # ------------------------------------------------------------------ running
    def _claim(self) -> bool:
        """Start a run unless one is going on (then say so and refuse)."""
        with self._lock:
            if self._running:
                return False
            self._running = True
            self._cancel.clear()
            return True

    def on_run_click(self) -> threading.Thread | None:
        """The Run button: the run goes to a background thread so that the page stays
        live (Cancel works, a second click is seen and ignored). Returns the thread, or
        None when a run was already going on."""
        if not self._claim():
            return None
        self.run_w.disabled, self.cancel_w.disabled = True, False
        self._thread = threading.Thread(target=self.run, kwargs={"claimed": True}, daemon=True,
                                        name="simkit-dashboard-run")
        self._thread.start()
        return self._thread

    def cancel(self) -> None:
        """The Cancel button: the run stops within one simulated month; the results shown
        before it stay (labelled with their own inputs)."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until a run started by ``on_run_click`` has ended (for tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self, claimed: bool = False) -> bool:
        """Run both sides, then redraw every panel and reset the replay. Returns whether it
        ran: not when another run is going on, nor when the results shown are already for
        exactly these inputs (a run is deterministic)."""
        if not claimed and not self._claim():
            self._flash("ui.status_busy")
            return False
        cancelled = False
        try:
            x = self.inputs()
            if self.comp is not None and x == self.comp.inputs:
                self._status("ui.status_same")
                return False
            self.run_w.disabled, self.cancel_w.disabled = True, False
            self._inputs_running = x
            total = 2 * x.replications
            self.progress_w.max, self.progress_w.value = total, 0
            self.simulations += total
            self._t0 = self._last_tick = time.perf_counter()
            self._status("ui.status_running_left", done=0, total=total,
                         left=self._duration(self.estimator.estimate(x)))
            try:
                comp = run_comparison(x, progress=self._tick, cancel=self._cancel)
            except ScenarioError as e:
                self._last_status = ("ui.status_error", {})
                self.status_w.value = (f"<span data-state='error' data-run='{self.runs}'><b>"
                                       f"{tr('ui.status_error', self.lang)}</b><br>"
                                       + "<br>".join(f"{p.path}: {p.message}" for p in e.problems) + "</span>")
                return False
            except Cancelled:
                cancelled = True  # said last, once the page is ready for the next run (below)
                return False
            except Exception as e:  # a background thread has nowhere else to report to
                self._last_status = ("ui.status_error", {})
                self.status_w.value = (f"<span data-state='error' data-run='{self.runs}'><b>"
                                       f"{tr('ui.status_error', self.lang)}</b><br>{type(e).__name__}: {e}</span>")
                return False
            secs = time.perf_counter() - self._t0
            self.comp = comp
            self.runs += 1
            self._status("ui.status_done", n=x.replications, seeds=", ".join(map(str, x.seeds())),
                         periods=x.periods, secs=secs)
            self.render()
            self.on_replay_source()
            return True
        finally:
            self._inputs_running = None
            with self._lock:
                self._running = False
            self.run_w.disabled, self.cancel_w.disabled = False, True
            self.show_estimate()
            self.results_label_w.value = results_label_html(self.comp, self.lang, self.stale)
            if self.comp is None:  # cancelled or failed before any results: "No results yet" again
                self.render()
            if cancelled:  # only now: a page that reads "cancelled" can run again at once
                self._status("ui.status_cancelled", done=self.progress_w.value, total=total)
            release_freed_memory()

    def _tick(self, seconds: float = 0.0) -> None:
        """After each simulation: count it, refine the estimate with the wall time since the
        previous one ended (not the simulation's own ``seconds``: the wall time, summaries and
        page updates included, is what the page promises)."""
        x = self._inputs_running
        now = time.perf_counter()
        if x is not None:
            self.estimator.record(run_units_per_sim(x), now - self._last_tick)
        self._last_tick = now
        self.progress_w.value += 1
        left = self.estimator.remaining(x, self.progress_w.value) if x is not None else 0.0
        self._status("ui.status_running_left", done=self.progress_w.value, total=self.progress_w.max,
                     left=self._duration(left))

    def _flash(self, key) -> None:
        """A note under the status line that does not replace it (a run is going on)."""
        self.estimate_w.value = f"<span class='sk-note' data-busy='1'>{tr(key, self.lang)}</span>"

    def _status(self, key, **fmt) -> None:
        """Status line; ``data-state`` and ``data-run`` let a browser test wait for a run to
        end; ``data-sims`` counts the simulations runs have started (a double click must
        not double it)."""
        self._last_status = (key, fmt)
        state = key.removeprefix("ui.status_").removesuffix("_left")
        text = tr(key, self.lang, **fmt)
        self.status_w.value = (f"<span data-state='{state}' data-run='{self.runs}' data-sims='{self.simulations}'>"
                               f"{text}</span>")
        # the bar under the status line; its words are the status line's, for screen readers
        self.run_progress_w.value = (f"<div data-run-progress='1'><progress value='{fmt['done']}' max='{fmt['total']}' "
                                     f"aria-label='{escape(text, quote=True)}' style='width:100%'></progress></div>"
                                     if state == "running" else "")
        if state == "running" and self.comp is None:
            self._show_running(text)

    def _show_running(self, text: str) -> None:
        """Before the first results, the result panels say that a run is going on and how far
        it is (not "No results yet: press Run" while it runs); ``render`` redraws them."""
        note = _in_lang(f"<p class='sk-note' data-running='1'>{text}</p>", self.lang)
        for panel in self.panel.values():
            panel.value = note

    def render(self) -> None:
        """Redraw the result panels (after a run or a language switch)."""
        for name, fn in (("kpis", kpi_table_html), ("queues", queues_html), ("behaviour", behaviour_html),
                         ("pay", pay_html), ("bank", bank_html)):
            self.panel[name].value = _in_lang(fn(self.comp, self.lang), self.lang)
        self.panel["downloads"].value = _in_lang(downloads_html(self.comp, self.lang, {
            name: self.panel[name].value for name in ("queues", "behaviour", "bank")}), self.lang)
        self.results_label_w.value = results_label_html(self.comp, self.lang, self.stale)

    # ------------------------------------------------------------------ language
    def set_language(self, lang: str) -> None:
        """Switch every label to ``lang`` ('en' or 'zh'); results are redrawn, not rerun."""
        if lang not in LANGS:
            raise ValueError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")
        self.lang = lang
        if self.lang_w.value != lang:
            self.lang_w.value = lang
        t = lambda key: tr(key, lang)  # noqa: E731
        (self.widget.add_class if lang == "zh" else self.widget.remove_class)("sk-zh")
        self.title.value = f"<h2 lang='{HTML_LANG[lang]}' style='margin:4px 0'>{t('ui.title')}</h2>"
        self.lesson_plan_w.value = (f"<p class='sk-note' lang='{HTML_LANG[lang]}' data-lesson-plan='{LESSON_PLAN}' "
                                    f"style='white-space:normal'>{t('ui.lesson_plan')}</p>")
        self._set_tooltips()
        self.lang_w.description = t("ui.language")
        quiet, self._quiet = self._quiet, True
        try:
            _relabel(self.lesson_w, [(t("ui.lesson_none"), "")] + [(t("preset." + n), n) for n in PRESETS])
            _describe(self.lesson_w, t("ui.lesson"))
            _relabel(self.branch_w, [(t("branch." + b), b) for b in self.branches])
            _describe(self.branch_w, t("ui.branch"))
            for which in ("A", "B"):
                self.side_box[which].value = f"<b>{t('ui.side_' + which.lower())}</b>"
                for role, dropdown in self.side_w[which].items():
                    _relabel(dropdown, [(t("scheme." + s), s) for s in self.schemes[role]])
                    _describe(dropdown, t("role." + role))
            _describe(self.day_w, t("ui.day"))
        finally:
            self._quiet = quiet
        self.params_h.value = f"<b>{t('ui.parameters')}</b>"
        for widget, key in ((self.windows_w, "ui.ordinary_windows"), (self.lobby_w, "ui.lobby_managers"),
                         (self.machines_w, "ui.machines"), (self.arrivals_w, "ui.arrivals_factor"),
                         (self.periods_w, "ui.periods"), (self.reps_w, "ui.replications"), (self.seed_w, "ui.seed")):
            widget.description = t(key)
        self.run_w.description = t("ui.run")
        self.cancel_w.description = t("ui.cancel")
        self._show_lesson_text()
        self.replay_side_w.description = t("ui.replay_side")
        self.speed_w.description = t("ui.speed")
        self.replay_hint.value = f"<p class='sk-note'>{t('ui.replay_hint')}</p>"
        self.tabs.titles = tuple(t("ui.tab_" + name) for name in TABS) + (t("practice.tab"),)
        self.practice.set_language(lang)
        key, fmt = getattr(self, "_last_status", ("ui.status_ready", {}))
        self._status(key, **fmt)
        self.render()
        self.show_frame(self.play_w.value)
        if not self._quiet:
            self.on_inputs()

    def _set_tooltips(self) -> None:
        """Every control explains itself on hover in the page's language, and no widget
        says "null": ipywidgets writes its ``tooltip`` into the label's ``title`` as it is,
        and an unset one (None) becomes the text "null"; widgets with nothing to explain
        get an empty tooltip (no title shown)."""
        for name, key in TIPS.items():
            getattr(self, name).tooltip = tr(f"tip.{key}", self.lang)
        for which in ("A", "B"):
            for dropdown in self.side_w[which].values():
                dropdown.tooltip = tr("tip.scheme", self.lang, side=which)
        for widget in _descendants(self.widget):
            if getattr(widget, "tooltip", "") is None:
                widget.tooltip = ""

    # ------------------------------------------------------------------ replay
    @property
    def replay_results(self):
        """Full results of the first replication of the side being replayed (or None)."""
        return None if self.comp is None else self.comp.sides[self.replay_side_w.value].first

    def on_replay_source(self) -> None:
        """New results to replay: list their open days; show the first day of the last month."""
        results = self.replay_results
        if results is None:
            return
        days = open_days(results)
        ends = horizon_ends(results.scenario.horizon, results.days)
        last_start = ends[-2] if len(ends) > 1 else 0  # the last month: what staff have learned by then
        default = next((d[0] for d in days if d[0] >= last_start), days[0][0])
        self._days = {d[0]: d for d in days}
        self._quiet = True
        try:
            self.day_w.options = [(f"{d[1]}", d[0]) for d in days]
            self.day_w.value = default
        finally:
            self._quiet = False
        self.on_day()

    def on_day(self) -> None:
        """A new day: the Play widget runs from 30 minutes before opening to an hour after closing."""
        if self.replay_results is None or self.day_w.value is None:
            return
        idx, _date, t_open, t_close = self._days[self.day_w.value]
        lo, hi = int(t_open - idx * 1440) - 30, int(t_close - idx * 1440) + 60
        self.play_w.playing = False
        for widget in (self.play_w, self.time_w):
            widget.min, widget.max = 0, hi  # widen first so value stays valid
            widget.min = lo
            widget.value = lo
        self.show_frame(lo)

    def set_speed(self, minutes_per_tick: int) -> None:
        self.play_w.step = int(minutes_per_tick)

    def show_frame(self, minute: int) -> None:
        """Draw the floor plan at ``minute`` (minutes since midnight of the chosen day)."""
        results = self.replay_results
        if results is None or self.day_w.value is None:
            self.floor_w.value = _in_lang(floor_svg(None, self._floor_scenario(), self.lang), self.lang)
            self.clock_w.value = ""
            return
        state = state_at(results, self.day_w.value * 1440 + minute)
        self.floor_w.value = _in_lang(floor_svg(state, results.scenario, self.lang), self.lang)
        self.clock_w.value = f"<span data-clock='{state.clock}'>{tr('ui.clock', self.lang)} <b>{state.clock}</b></span>"

    def _floor_scenario(self):
        """The plan before a run: the branch with the inputs chosen (the branch file if they
        cannot run)."""
        try:
            return build_scenario(self.inputs(), "A")
        except ScenarioError:
            return load_scenario(SCENARIOS / f"{self.branch_w.value}.yaml")


def _is_lesson(x: Inputs, name: str) -> bool:
    """Whether ``x`` still runs lesson ``name``: its branch and both sides' schemes (months,
    replications and the other parameters are the user's to change)."""
    p = PRESETS[name]
    return (x.branch, x.a, x.b) == (p.branch, p.a, p.b)


def _in_lang(html: str, lang: str) -> str:
    """``html`` marked as written in ``lang`` (``lang="zh-CN"``: browsers choose Simplified
    Chinese glyph forms and voices by it)."""
    return f'<div lang="{HTML_LANG[lang]}">{html}</div>'


def _describe(widget: ipywidgets.DescriptionWidget, text: str) -> None:
    """Label a control with ``text``. A dropdown with a description shows no tooltip of its
    own (ipywidgets puts it on the list only when the description is empty), so a
    dropdown's label carries the tooltip itself."""
    import ipywidgets as widgets

    if isinstance(widget, widgets.Dropdown):
        widget.description_allow_html = True
        widget.description = f'<span title="{escape(widget.tooltip or "")}">{escape(text)}</span>'
    else:
        widget.description = text


def _descendants(widget):
    """``widget`` and every widget inside it (boxes' and tabs' children)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def _relabel(dropdown: ipywidgets.Dropdown, options) -> None:
    """New option labels, same selected value."""
    value = dropdown.value
    dropdown.options = options
    if value in [v for _, v in options]:
        dropdown.value = value


def app(lang: str | None = None) -> ipywidgets.Widget:
    """The dashboard widget, for a notebook or Voila: ``display(app())``. Without ``lang``
    it opens in the browser's language: Voila hands the kernel the page request's query
    (``QUERY_STRING``: ``?lang=zh`` wins) and, as ``serve`` configures it, its
    ``Accept-Language`` header (``HTTP_ACCEPT_LANGUAGE``: zh-CN, zh-TW, zh -> Chinese);
    English otherwise, and in a plain notebook."""
    if lang is None:
        lang = browser_language(os.environ.get("HTTP_ACCEPT_LANGUAGE"), os.environ.get("QUERY_STRING"))
    return Dashboard(lang).widget
