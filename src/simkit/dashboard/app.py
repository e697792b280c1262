"""The dashboard as ipywidgets: controls on the left, panels in tabs on the right.

:class:`Dashboard` only wires widgets to the plain functions of :mod:`.inputs`,
:mod:`.compute`, :mod:`.panels`, :mod:`.replay` and :mod:`.floor`. Its handlers
(:meth:`Dashboard.run`, :meth:`Dashboard.set_language`, :meth:`Dashboard.show_frame`, ...)
are ordinary methods, so tests call them directly without a browser; the browser test
checks that the same thing happens when a person clicks.

The replay is driven by an ``ipywidgets.Play`` widget: its clock ticks in the browser and
each tick changes ``value`` (minutes since midnight) in the kernel, which redraws the
floor plan from :func:`~.replay.state_at`. That works in Voila, where there is no
notebook to run cells.
"""
from __future__ import annotations

import time

import ipywidgets as w

from .compute import run_comparison
from .floor import floor_svg
from .i18n import LANGS, tr
from .inputs import ROLES, Inputs, Side, branch_scenarios, schemes_by_role, SCENARIOS
from .panels import bank_html, behaviour_html, kpi_table_html, pay_html, queues_html
from .replay import open_days, state_at

TABS = ("kpis", "queues", "behaviour", "pay", "bank", "replay")
#: replay speeds: simulated minutes per tick of the Play widget (one tick every TICK_MS)
SPEEDS = (1, 2, 5, 10)
TICK_MS = 250  # (default) four frames a second: smooth enough, and light on the kernel


class Dashboard:
    def __init__(self, lang: str = "en", inputs: Inputs | None = None):
        self.lang = lang
        self.comp = None
        self.runs = 0  # completed runs (shown in the status line for tests)
        self._quiet = False
        self._t0 = 0.0
        self.branches = branch_scenarios()
        self.schemes = schemes_by_role()
        start = inputs or Inputs()
        self._build_controls(start)
        self._build_panels()
        self._build_replay()
        self.widget = w.VBox([self.title, w.HBox([self.controls, self.tabs])], layout=w.Layout(width="100%"))
        self.widget.add_class("sk-app")
        self.set_language(lang)
        self.on_branch()
        if inputs is not None:  # explicit inputs win over the branch file's numbers
            self._set_params(start)

    # ------------------------------------------------------------------ building
    def _build_controls(self, start: Inputs) -> None:
        self.title = w.HTML()
        self.lang_w = w.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=self.lang)
        self.lang_w.add_class("sk-lang")
        self.lang_w.observe(lambda ch: self.set_language(ch["new"]), "value")
        self.branch_w = w.Dropdown(options=self.branches, value=start.branch)
        self.branch_w.add_class("sk-branch")
        self.branch_w.observe(lambda ch: None if self._quiet else self.on_branch(), "value")
        self.side_w = {}
        self.side_box = {}
        for which in ("A", "B"):
            side = start.side(which)
            self.side_w[which] = {}
            for role in ROLES:
                dd = w.Dropdown(options=self.schemes[role], value=side.of(role), style={"description_width": "140px"},
                                layout=w.Layout(width="320px"))
                dd.add_class(f"sk-side-{which.lower()}-{role.replace('_', '-')}")
                self.side_w[which][role] = dd
            self.side_box[which] = w.HTML()
        sl = dict(style={"description_width": "150px"}, layout=w.Layout(width="310px"))
        self.windows_w = w.IntSlider(min=0, max=8, **sl)
        self.lobby_w = w.IntSlider(min=0, max=3, **sl)
        self.machines_w = w.IntSlider(min=0, max=6, **sl)
        self.arrivals_w = w.FloatSlider(value=start.arrivals_factor, min=0.5, max=1.5, step=0.05, **sl)
        self.periods_w = w.IntSlider(value=start.periods, min=1, max=24, **sl)
        self.reps_w = w.IntSlider(value=start.replications, min=2, max=10, **sl)
        self.seed_w = w.BoundedIntText(value=start.seed, min=0, max=2**31 - 1, **sl)
        for name, wid in (("windows", self.windows_w), ("lobby", self.lobby_w), ("machines", self.machines_w),
                          ("arrivals", self.arrivals_w), ("periods", self.periods_w), ("reps", self.reps_w),
                          ("seed", self.seed_w)):
            wid.add_class(f"sk-{name}")
        self.params_h = w.HTML()
        self.run_w = w.Button(button_style="primary", icon="play", layout=w.Layout(width="310px"))
        self.run_w.add_class("sk-run")
        self.run_w.on_click(lambda _b: self.run())
        self.progress_w = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="310px"))
        self.status_w = w.HTML(layout=w.Layout(width="310px"))
        self.status_w.add_class("sk-status")
        rows = [self.lang_w, self.branch_w]
        for which in ("A", "B"):
            rows += [self.side_box[which], *self.side_w[which].values()]
        rows += [self.params_h, self.windows_w, self.lobby_w, self.machines_w, self.arrivals_w, self.periods_w,
                 self.reps_w, self.seed_w, self.run_w, self.progress_w, self.status_w]
        self.controls = w.VBox(rows, layout=w.Layout(width="330px", min_width="330px"))

    def _build_panels(self) -> None:
        self.panel = {name: w.HTML() for name in TABS[:-1]}
        for name, h in self.panel.items():
            h.add_class(f"sk-panel-{name}")

    def _build_replay(self) -> None:
        self.replay_side_w = w.ToggleButtons(options=["A", "B"], value="A", style={"button_width": "48px"})
        self.replay_side_w.add_class("sk-replay-side")
        self.day_w = w.Dropdown(options=[])
        self.day_w.add_class("sk-day")
        self.play_w = w.Play(value=0, min=0, max=1, step=SPEEDS[0], interval=TICK_MS, show_repeat=False)
        self.play_w.add_class("sk-play")
        self.time_w = w.IntSlider(value=0, min=0, max=1, readout=False, layout=w.Layout(width="360px"))
        self.time_w.add_class("sk-time")
        w.jslink((self.play_w, "value"), (self.time_w, "value"))
        self.speed_w = w.ToggleButtons(options=[(f"×{s}", s) for s in SPEEDS], value=SPEEDS[0],
                                       style={"button_width": "48px"})
        self.speed_w.add_class("sk-speed")
        self.clock_w = w.HTML()
        self.clock_w.add_class("sk-clock")
        self.floor_w = w.HTML()
        self.floor_w.add_class("sk-floor-html")
        self.replay_hint = w.HTML()
        self.replay_side_w.observe(lambda _c: None if self._quiet else self.on_replay_source(), "value")
        self.day_w.observe(lambda _c: None if self._quiet else self.on_day(), "value")
        self.play_w.observe(lambda ch: self.show_frame(ch["new"]), "value")
        self.time_w.observe(lambda ch: self.show_frame(ch["new"]), "value")
        self.speed_w.observe(lambda ch: self.set_speed(ch["new"]), "value")
        bar = w.HBox([self.play_w, self.time_w, self.clock_w])
        opts = w.HBox([self.replay_side_w, self.day_w, self.speed_w])
        self.replay_box = w.VBox([self.replay_hint, opts, bar, self.floor_w])
        self.tabs = w.Tab(children=[*self.panel.values(), self.replay_box], layout=w.Layout(flex="1"))
        self.tabs.add_class("sk-tabs")

    # ------------------------------------------------------------------ inputs
    def inputs(self) -> Inputs:
        """What the Run button will run, read from the widgets."""
        sides = {x: Side(**{r: self.side_w[x][r].value for r in ROLES}) for x in ("A", "B")}
        return Inputs(branch=self.branch_w.value, a=sides["A"], b=sides["B"], ordinary_windows=self.windows_w.value,
                      lobby_managers=self.lobby_w.value, machines=self.machines_w.value,
                      arrivals_factor=round(float(self.arrivals_w.value), 4), periods=self.periods_w.value,
                      replications=self.reps_w.value, seed=int(self.seed_w.value))

    def on_branch(self) -> None:
        """A new branch file: its windows, lobby managers and machines become the sliders' values."""
        from ..scenario import load_scenario
        b = load_scenario(SCENARIOS / f"{self.branch_w.value}.yaml").branch
        self.windows_w.value = b.windows.get("ordinary", 0)
        self.lobby_w.value = b.lobby_managers
        self.machines_w.value = b.self_service.machines

    def _set_params(self, x: Inputs) -> None:
        for wid, v in ((self.windows_w, x.ordinary_windows), (self.lobby_w, x.lobby_managers),
                       (self.machines_w, x.machines)):
            if v is not None:
                wid.value = v

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        """The Run button: run both sides, then redraw every panel and reset the replay."""
        from ..scenario import ScenarioError

        x = self.inputs()
        self.run_w.disabled = True
        self.progress_w.max, self.progress_w.value = 2 * x.replications, 0
        self._t0 = time.perf_counter()
        self._status("ui.status_running", done=0, total=2 * x.replications)
        try:
            self.comp = run_comparison(x, progress=self._tick)
        except ScenarioError as e:
            self._last_status = ("ui.status_error", {})
            self.status_w.value = (f"<span data-state='error' data-run='{self.runs}'><b>"
                                   f"{tr('ui.status_error', self.lang)}</b><br>"
                                   + "<br>".join(f"{p.path}: {p.message}" for p in e.problems) + "</span>")
            return
        finally:
            self.run_w.disabled = False
        secs = time.perf_counter() - self._t0
        self.runs += 1
        self._status("ui.status_done", n=x.replications, seeds=", ".join(map(str, x.seeds())), periods=x.periods,
                     secs=secs)
        self.render()
        self.on_replay_source()

    def _tick(self) -> None:
        self.progress_w.value += 1
        self._status("ui.status_running", done=self.progress_w.value, total=self.progress_w.max)

    def _status(self, key, **fmt) -> None:
        """Status line; ``data-state`` and ``data-run`` let a browser test wait for a run to end."""
        self._last_status = (key, fmt)
        state = key.removeprefix("ui.status_")
        self.status_w.value = (f"<span data-state='{state}' data-run='{self.runs}'>"
                               f"{tr(key, self.lang, **fmt)}</span>")

    def render(self) -> None:
        """Redraw the result panels (after a run or a language switch)."""
        for name, fn in (("kpis", kpi_table_html), ("queues", queues_html), ("behaviour", behaviour_html),
                         ("pay", pay_html), ("bank", bank_html)):
            self.panel[name].value = fn(self.comp, self.lang)

    # ------------------------------------------------------------------ language
    def set_language(self, lang: str) -> None:
        """Switch every label to ``lang`` ('en' or 'zh'); results are redrawn, not rerun."""
        if lang not in LANGS:
            raise ValueError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")
        self.lang = lang
        if self.lang_w.value != lang:
            self.lang_w.value = lang
        t = lambda key: tr(key, lang)  # noqa: E731
        self.title.value = f"<h2 style='margin:4px 0'>{t('ui.title')}</h2>"
        self.lang_w.description = t("ui.language")
        self._quiet = True
        try:
            _relabel(self.branch_w, [(t("branch." + b), b) for b in self.branches])
            self.branch_w.description = t("ui.branch")
            for which in ("A", "B"):
                self.side_box[which].value = f"<b>{t('ui.side_' + which.lower())}</b>"
                for role, dd in self.side_w[which].items():
                    _relabel(dd, [(t("scheme." + s), s) for s in self.schemes[role]])
                    dd.description = t("role." + role)
            self.day_w.description = t("ui.day")
        finally:
            self._quiet = False
        self.params_h.value = f"<b>{t('ui.parameters')}</b>"
        for wid, key in ((self.windows_w, "ui.ordinary_windows"), (self.lobby_w, "ui.lobby_managers"),
                         (self.machines_w, "ui.machines"), (self.arrivals_w, "ui.arrivals_factor"),
                         (self.periods_w, "ui.periods"), (self.reps_w, "ui.replications"), (self.seed_w, "ui.seed")):
            wid.description = t(key)
        self.run_w.description = t("ui.run")
        self.replay_side_w.description = t("ui.replay_side")
        self.speed_w.description = t("ui.speed")
        self.replay_hint.value = f"<p class='sk-note'>{t('ui.replay_hint')}</p>"
        self.tabs.titles = tuple(t("ui.tab_" + name) for name in TABS)
        key, fmt = getattr(self, "_last_status", ("ui.status_ready", {}))
        self._status(key, **fmt)
        self.render()
        self.show_frame(self.play_w.value)

    # ------------------------------------------------------------------ replay
    @property
    def replay_results(self):
        """Full results of the first replication of the side being replayed (or None)."""
        return None if self.comp is None else self.comp.sides[self.replay_side_w.value].first

    def on_replay_source(self) -> None:
        """New results to replay: list their open days; show the first day of the last month."""
        res = self.replay_results
        if res is None:
            return
        from ..branch.calendar import period_ends
        days = open_days(res)
        ends = period_ends(res.scenario, res.days)
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
        for wid in (self.play_w, self.time_w):
            wid.min, wid.max = 0, hi  # widen first so value stays valid
            wid.min = lo
            wid.value = lo
        self.show_frame(lo)

    def set_speed(self, minutes_per_tick: int) -> None:
        self.play_w.step = int(minutes_per_tick)

    def show_frame(self, minute: int) -> None:
        """Draw the floor plan at ``minute`` (minutes since midnight of the chosen day)."""
        res = self.replay_results
        if res is None or self.day_w.value is None:
            self.floor_w.value = floor_svg(None, self._floor_scenario(), self.lang)
            self.clock_w.value = ""
            return
        state = state_at(res, self.day_w.value * 1440 + minute)
        self.floor_w.value = floor_svg(state, res.scenario, self.lang)
        self.clock_w.value = f"<span data-clock='{state.clock}'>{tr('ui.clock', self.lang)} <b>{state.clock}</b></span>"

    def _floor_scenario(self):
        from ..scenario import load_scenario
        return load_scenario(SCENARIOS / f"{self.branch_w.value}.yaml")


def _relabel(dd: w.Dropdown, options) -> None:
    """New option labels, same selected value."""
    value = dd.value
    dd.options = options
    if value in [v for _, v in options]:
        dd.value = value


def app(lang: str = "en") -> w.Widget:
    """The dashboard widget, for a notebook or Voila: ``display(app())``."""
    return Dashboard(lang).widget
