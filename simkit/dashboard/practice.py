"""The practice page (模拟训练): a trainee plays the lobby manager of the simulated branch.

``PracticePage(lang).widget`` is the page: choose a case, press Start, and each decision of the
lobby manager is shown as the floor shows it (``situation_html``: the customer's apparent segment,
need and communication type, the queue display with its longest waits, the machines up or down)
with a button per choice; or let the model decide five minutes. When the case ends (or on Finish),
the debrief (``simkit.branch.debrief``) sets the trainee's window against the model's lobby manager
on the same customers, in the page's language (a language switch redraws it), with the session
record and the run's event log to download.

The page's handlers (``start``, ``choose``, ``move``, ``pitch``, ``handle``, ``retain``, ``let_model``,
``finish``, ``set_language``) are plain methods that tests call without a browser; the buttons call them.
Nothing waits on a wall clock: the branch stands still between clicks.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from ..branch import BranchPlan
from ..branch.debrief import Debrief, Outcomes, RecordedSession, debrief, word
from ..branch.decisions import Decision, Handle, Moves, Pitch, Retain
from ..branch.practice import PracticeSession
from ..branch.trainers import LABELS, SCORE_COLUMNS, record_scores, session_table, table_csv
from ..errors import SimkitError
from ..scenario import load_scenario, with_overrides
from ..vocabulary import SELF_SERVICE
from .i18n import LANGS, tr
from .inputs import SCENARIOS
from .panels import data_uri
from .svg import HTML_LANG

if TYPE_CHECKING:  # for annotations only: ipywidgets is imported by the methods that build widgets
    import ipywidgets


@dataclass(frozen=True, slots=True)
class Case:
    """A practice case: the branch scenario file, the day, the clock time it starts, its minutes and
    the scenario overrides it needs (pairs of a dotted path and a value)."""

    scenario: str
    date: str
    start: str
    minutes: float
    overrides: tuple = ()


#: the cases offered. The morning rush: the baseline's busiest hour (09:00, 70 customers an hour by the
#: scenario's default profile) on its first Monday; the month-end afternoon: the month-end scenario's last
#: day of November (its month-end factor applies) at the afternoon peak (15:00). 45 minutes each: long
#: enough for a few dozen decisions, short enough for one sitting of a class. Customers who waited too
#: long: the syllabus's case of a customer who waited too long and flew into a rage (seed 002,
#: docs/sources.md#seed-002-complaints), practised in
#: the month-end's last hour (16:00-17:00: the most complaints of its hours, three on the scenario's seed)
#: with complaint handling on (docs/processes.md) and the model's lobby manager taking up half of them.
#: The VIP without ID over the withdrawal limit (the syllabus's case 2), the elderly customer at a broken
#: machine and the customers about to give up waiting (挽留客户): docs/processes.md#practice-cases says why
#: each day, window and setting.
CASES = {
    "morning_rush": Case("baseline.yaml", "2026-11-02", "09:00", 45.0),
    "month_end_afternoon": Case("month_end.yaml", "2026-11-30", "15:00", 45.0),
    "complaints": Case("month_end.yaml", "2026-11-30", "16:00", 60.0,
                       (("staff.lobby_work.complaint_handling.enabled", True),
                        ("staff.choices.lobby_manager.handling", 0.5))),
    "vip_without_id": Case("baseline.yaml", "2026-11-03", "10:00", 60.0,
                           (("needs.cash_withdrawal_large.without_id", 0.5),
                            ("staff.lobby_work.complaint_handling.enabled", True),
                            ("staff.choices.lobby_manager.handling", 0.5))),
    "elderly_broken_machine": Case("baseline.yaml", "2026-11-28", "10:50", 45.0),
    "retention": Case("month_end.yaml", "2026-11-30", "11:00", 60.0,
                      (("staff.lobby_work.retention.enabled", True),
                       ("staff.choices.lobby_manager.retention", 0.5))),
}
#: minutes of branch time the model decides when the trainee hands over (the page's button)
MODEL_STRETCH = 5.0
#: the buttons of a complaint (``PracticePage.handle``) and a retention (``PracticePage.retain``): the
#: label's key, the button's code (its class ``sk-choice-<code>``) and the handler's arguments
ANSWER_BUTTONS = {
    "complaint": (("practice.handle", "handle", (True,)), ("practice.handle_uncalmed", "handle_uncalmed", (True, False)),
                  ("practice.leave", "leave", (False,))),
    "retention": (("practice.retain", "retain", (True,)), ("practice.let_go", "let_go", (False,))),
}
#: the debrief table's rows: measure and how many decimals it is shown with
MEASURES = (("arrived", 0), ("mean_wait", 1), ("walkouts", 0), ("complaints", 0), ("referrals", 0), ("sales", 0),
            ("churned", 0))


#: the page's tables: numbers right-aligned with room between the columns
STYLE = ("<style>.sk-practice table td, .sk-practice table th {padding: 2px 12px; text-align: right}"
         ".sk-practice table td:first-child, .sk-practice table th:first-child {text-align: left}</style>")


class PracticeError(SimkitError, ValueError):
    """A practice page asked for a case it does not have, or a call that does not fit the situation."""


@lru_cache(maxsize=None)
def case_plan(name: str) -> BranchPlan:
    """The branch plan of case ``name`` (compiled once per process)."""
    case = CASES[name]
    return BranchPlan.compile(with_overrides(load_scenario(SCENARIOS / case.scenario), dict(case.overrides)), days=1)


def case_session(name: str) -> PracticeSession:
    """A new practice session of case ``name`` (the scenario's own seed: every trainee of a case meets
    the same customers)."""
    if name not in CASES:
        raise PracticeError(f"case: {name!r} is not a practice case; allowed: {', '.join(CASES)}")
    case = CASES[name]
    return PracticeSession(case_plan(name), start=case.start, minutes=case.minutes, date=case.date)


def start_session(name: str) -> RecordedSession:
    """A new recorded practice session of case ``name`` (``case_session``)."""
    return RecordedSession(case_session(name))


# ----------------------------------------------------------------- what the page shows
def _clock(minutes: float) -> str:
    minute = int(minutes % 1440)
    return f"{minute // 60:02d}:{minute % 60:02d}"


def floor_html(situation, lang: str) -> str:
    """The queue display (tickets waiting and the longest wait per class) and the machines."""
    t = lambda key, **fmt: escape(tr(key, lang, **fmt))  # noqa: E731
    rows = "".join(f"<tr data-queue='{escape(cls)}'><td>{escape(word('channel', cls, lang))}</td><td>{n}</td>"
                   f"<td>{situation.waits.get(cls, 0.0):.1f}</td></tr>"
                   for cls, n in situation.queues.items() if n)
    machines = " · ".join(f"{escape(m)} {t('practice.up' if up else 'practice.down')}"
                          for m, up in situation.machines.items())
    return (f"<table class='sk-practice-queues'><tr><th>{t('practice.queue')}</th><th>{t('practice.waiting')}</th>"
            f"<th>{t('practice.longest')}</th></tr>{rows}</table>"
            f"<p>{t('practice.machines')}: {machines or '—'}</p>")


def situation_html(situation, recorded: RecordedSession, lang: str) -> str:
    """What the lobby manager sees now, in ``lang``; ``data-step`` counts the steps taken so far."""
    session, steps = recorded.session, len(recorded.taken)
    t = lambda key, **fmt: escape(tr(key, lang, **fmt))  # noqa: E731
    head = t("practice.clock", clock=_clock(session.now), start=_clock(session.start), end=_clock(session.end),
             n=recorded.decisions)
    if situation is None:
        return f"<div class='sk-practice-state' data-step='{steps}' data-kind='end'><p>{head}</p></div>"
    body = [f"<p><b>{t('practice.kind.' + situation.kind)}</b></p>"]
    if situation.kind == "triage":
        booked = tr("practice.booked" if situation.appointment else "practice.not_booked", lang)
        body.append("<p>" + t("practice.customer", customer=situation.customer, seg=word("seg", situation.segment, lang),
                              need=word("need", situation.need, lang), comm=word("comm", situation.comm, lang),
                              booked=booked) + "</p>")
        if situation.no_id:
            body.append(f"<p class='sk-practice-no-id'>{t('practice.no_id')}</p>")
    elif situation.kind == "patrol":
        body.append(f"<p>{t('practice.max_moves', n=situation.max_moves)}</p>")
    elif situation.kind == "complaint":
        body.append("<p>" + t("practice.complainant", customer=situation.customer,
                              seg=word("seg", situation.segment, lang), need=word("need", situation.need, lang),
                              comm=word("comm", situation.comm, lang), waited=situation.waited,
                              outcome=word("outcome", situation.outcome, lang)) + "</p>")
    elif situation.kind == "retention":
        body.append("<p>" + t("practice.leaver", customer=situation.customer, seg=word("seg", situation.segment, lang),
                              need=word("need", situation.need, lang), comm=word("comm", situation.comm, lang),
                              waited=situation.waited, ahead=situation.ahead) + "</p>")
    body.append(floor_html(situation, lang))
    return (f"<div class='sk-practice-state' data-step='{steps}' data-kind='{situation.kind}' "
            f"data-now='{situation.now!r}'><p>{head}</p>{''.join(body)}</div>")


def candidate_label(waiting, lang: str) -> str:
    """A waiting customer as a patrol or pitch lists them."""
    return tr("practice.candidate", lang, customer=waiting.customer, seg=word("seg", waiting.segment, lang),
              need=word("need", waiting.need, lang), waited=waiting.waited)


def debrief_html(report: Debrief, lang: str, start: float, end: float) -> str:
    """The debrief in ``lang``: the window's figures, yours and the model's (``data-value``: the exact
    number), how many decisions differed, and the costliest decisions in plain words."""
    t = lambda key, **fmt: escape(tr(key, lang, **fmt))  # noqa: E731
    diff = report.differences
    rows = []
    for name, decimals in MEASURES:
        cells = [(side, getattr(outcome, name)) for side, outcome in (("you", report.trainee), ("model", report.model))]
        cells.append(("diff", diff[name]))
        rows.append(f"<tr data-measure='{name}'><td>{t('practice.m.' + name)}</td>"
                    + "".join(f"<td data-side='{side}' data-value='{value!r}'>{value:,.{decimals}f}</td>"
                              for side, value in cells) + "</tr>")
    costly = "".join(f"<li data-clock='{c.clock}' data-kind='{c.kind}'>{escape(c.text[lang])}</li>" for c in report.costly)
    return (f"<div class='sk-practice-debrief' data-debrief='1'><h3>{t('practice.debrief')}</h3>"
            f"<p class='sk-note'>{t('practice.window', start=_clock(start), end=_clock(end))}</p>"
            f"<table><tr><th>{t('practice.measure')}</th><th>{t('practice.you')}</th><th>{t('practice.model')}</th>"
            f"<th>{t('practice.diff')}</th></tr>{''.join(rows)}</table>"
            f"<p>{t('practice.decisions', n=report.decisions, k=report.differing)}</p>"
            f"<h4>{t('practice.costly')}</h4>"
            + (f"<ol class='sk-practice-costly'>{costly}</ol>" if costly else f"<p>{t('practice.no_costly')}</p>")
            + f"<p class='sk-note'>{t('practice.cost_note')}</p></div>")


def log_csv(rows) -> bytes:
    """A run's event rows as CSV (``t, customer, kind, place, staff, value``; numbers as Python writes
    them, so they read back exactly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("t", "customer", "kind", "place", "staff", "value"))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def downloads_html(recorded: RecordedSession, report: Debrief, lang: str, case: str = "") -> str:
    """Links to the session record of case ``case`` (in ``lang``, UTF-8 with a byte-order mark so
    spreadsheets read the Chinese) and the trainee's event log."""
    record = table_csv(session_table(recorded, report, case), lang).encode("utf-8-sig")
    files = (("practice_record.csv", record, "practice.dl_record"),
             ("practice_log.csv", log_csv(recorded.finish().rows), "practice.dl_log"))
    return "<ul>" + "".join(
        f"<li><a class='sk-download sk-practice-download' data-file='{name}' download='{name}' "
        f"href='{data_uri('text/csv', data)}' target='_blank'>{escape(tr(key, lang))}</a></li>"
        for name, data, key in files) + "</ul>"


def scores_html(rows: list[dict], lang: str) -> str:
    """A class's ranked scores (``simkit.branch.trainers.class_scores`` rows) as a table in ``lang``, with
    the table to download as CSV (``class_scores.csv``, labels in ``lang``, then the column codes)."""
    labels = LABELS[lang]
    head = "".join(f"<th>{escape(labels[name])}</th>" for name in SCORE_COLUMNS)
    body = "".join(f"<tr data-trainee='{escape(str(row['trainee']))}'>"
                   + "".join(f"<td data-col='{name}'>{escape(str(row[name]))}</td>" for name in SCORE_COLUMNS)
                   + "</tr>" for row in rows)
    data = table_csv(rows, lang, SCORE_COLUMNS).encode("utf-8-sig")
    return (f"<table class='sk-practice-scores'><tr>{head}</tr>{body}</table>"
            f"<p class='sk-note'>{escape(tr('practice.scores_note', lang))}</p>"
            f"<ul><li><a class='sk-download sk-practice-download' data-file='class_scores.csv' download='class_scores.csv' "
            f"href='{data_uri('text/csv', data)}' target='_blank'>{escape(tr('practice.dl_scores', lang))}</a></li></ul>")


def uploaded_records(files) -> dict[str, str]:
    """The records in ``files`` (a ``FileUpload``'s value: items with ``name`` and ``content``), each
    under its file name without ``.csv`` (a name given twice gets `` (2)``, `` (3)``...)."""
    texts: dict[str, str] = {}
    for item in files:
        stem = item["name"].rsplit(".", 1)[0] if item["name"].lower().endswith(".csv") else item["name"]
        name, n = stem, 1
        while name in texts:
            n += 1
            name = f"{stem} ({n})"
        try:
            texts[name] = bytes(item["content"]).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PracticeError(f"record {item['name']!r}: not UTF-8 text; allowed: practice_record.csv "
                                f"as the page saved it") from None
    return texts


def window_outcomes(recorded: RecordedSession) -> Outcomes:
    """The trainee's window's figures, read off the session's own event log."""
    result = recorded.finish()
    return Outcomes.from_log(result.rows, result.start, result.end)


# ----------------------------------------------------------------- the page
class PracticePage:
    """The practice tab: ``PracticePage(lang).widget``. ``recorded`` is the session being played (a
    ``simkit.branch.debrief.RecordedSession``), ``situation`` the decision waiting (None when none
    is), ``report`` the debrief once the case has ended."""

    def __init__(self, lang: str = "en"):
        import ipywidgets as widgets

        self.lang = lang
        self.recorded: RecordedSession | None = None
        self.situation = None
        self.report: Debrief | None = None
        self.title_w = widgets.HTML()
        self.intro_w = widgets.HTML()
        self.case_w = widgets.Dropdown(options=list(CASES), value=next(iter(CASES)), tooltip="",
                                       layout=widgets.Layout(width="420px"))
        self.case_w.add_class("sk-practice-case")
        self.brief_w = widgets.HTML()
        self.brief_w.add_class("sk-practice-brief")
        self.case_w.observe(lambda _change: self._render_brief(), names="value")
        self.start_w = self._button("sk-practice-start", lambda _b: self.start())
        self.model_w = self._button("sk-practice-model5", lambda _b: self.let_model())
        self.finish_w = self._button("sk-practice-finish", lambda _b: self.finish())
        self.refer_w = widgets.Checkbox(value=False, indent=False, tooltip="")
        self.refer_w.add_class("sk-practice-refer")
        self.teach_w = widgets.Checkbox(value=False, indent=False, tooltip="")
        self.teach_w.add_class("sk-practice-teach")
        self.case = None
        self.state_w = widgets.HTML()
        self.state_w.add_class("sk-practice-situation")
        self.choices_w = widgets.VBox()
        self.choices_w.add_class("sk-practice-choices")
        self.debrief_w = widgets.HTML()
        self.debrief_w.add_class("sk-practice-debrief-html")
        self.downloads_w = widgets.HTML()
        self.downloads_w.add_class("sk-practice-downloads")
        controls = widgets.HBox([self.case_w, self.start_w, self.model_w, self.finish_w])
        self.widget = widgets.VBox([self.title_w, self.intro_w, controls, self.brief_w, self.state_w, self.choices_w,
                                    self.debrief_w, self.downloads_w, self._class_view()])
        self.widget.add_class("sk-practice")
        self.set_language(lang)

    def _class_view(self) -> ipywidgets.VBox:
        """The trainers' class comparison: an upload of several saved records, Compare, the ranked table."""
        import ipywidgets as widgets

        self.scores: list[dict] | None = None
        self.scores_error = ""
        self.class_title_w = widgets.HTML()
        self.upload_w = widgets.FileUpload(accept=".csv", multiple=True, tooltip="")
        self.upload_w.add_class("sk-practice-upload")
        self.compare_w = self._button("sk-practice-compare", lambda _b: self.compare())
        self.scores_w = widgets.HTML()
        self.scores_w.add_class("sk-practice-scores-html")
        return widgets.VBox([self.class_title_w, widgets.HBox([self.upload_w, self.compare_w]), self.scores_w])

    def _button(self, css: str, on_click) -> ipywidgets.Button:
        import ipywidgets as widgets

        button = widgets.Button(tooltip="", layout=widgets.Layout(width="auto"))
        button.add_class(css)
        button.on_click(on_click)
        return button

    # ------------------------------------------------------------ handlers
    def start(self, case: str | None = None) -> None:
        """A new session of ``case`` (default: the one chosen in the dropdown), run to its first decision."""
        case = case if case is not None else self.case_w.value
        self.recorded = start_session(case)
        self.case = case
        self.report = None
        self._advance()

    def choose(self, channel: str, refer: bool | None = None, teach: bool | None = None) -> None:
        """Triage: send the customer to ``channel``, referred if ``refer`` (default: the referral box),
        and, sent to a machine, taught it if ``teach`` (default: the teaching box; only a customer sent to
        a machine can be taught: ``teach=True`` with another channel is refused)."""
        if teach is None:
            teach = self.teach_w.value and channel == SELF_SERVICE
        self._decide("triage", Decision(channel, refer=self.refer_w.value if refer is None else refer, teach=teach))

    def move(self, customers) -> None:
        """Patrol: move ``customers`` (ids) to the machines."""
        self._decide("patrol", Moves(tuple(customers)))

    def pitch(self, customer: int | None) -> None:
        """Pitch: approach ``customer`` (an id), or nobody."""
        self._decide("pitch", Pitch(customer))

    def handle(self, take_up: bool, calm: bool = True) -> None:
        """Complaint: take it up (the syllabus's steps, 受理→安抚→…; with ``calm=False`` straight to the
        facts, the customer not calmed first) or leave it alone."""
        self._decide("complaint", Handle(bool(take_up), calm=bool(calm)))

    def retain(self, keep: bool) -> None:
        """Retention: try to keep the customer about to give up waiting (挽留客户), or let them go."""
        self._decide("retention", Retain(bool(keep)))

    def let_model(self, minutes: float = MODEL_STRETCH) -> None:
        """The model's lobby manager decides the waiting situation and the next ``minutes`` of branch time."""
        self._playing("let_model")
        self.recorded.let_model_decide(minutes)
        self._advance()

    def finish(self) -> Debrief:
        """End the case (the model decides what is left of it) and show the debrief."""
        if self.recorded is None:
            raise PracticeError("finish: no case is being played; press Start first")
        if self.report is None:
            self.report = debrief(self.recorded)
        self.situation = None
        self._render()
        return self.report

    def compare(self, files=None) -> list[dict] | None:
        """For trainers: rank a class on one case from saved records (``files``: items with ``name`` and
        ``content``, as a ``FileUpload`` gives them; default: the files uploaded), each trainee named by
        their file's name. Shows the ranked table, or why the records cannot be compared; returns the
        rows (``simkit.branch.trainers.class_scores``) or None."""
        files = self.upload_w.value if files is None else files
        self.scores, self.scores_error = None, ""
        try:
            self.scores = record_scores(uploaded_records(files), case_session)
        except SimkitError as error:
            self.scores_error = str(error)
        self._render_scores()
        return self.scores

    def _render_brief(self) -> None:
        """What the chosen case puts before the trainee, in the page's language."""
        text = tr("practice.brief." + self.case_w.value, self.lang)
        self.brief_w.value = (f"<div lang='{HTML_LANG[self.lang]}' class='sk-note' style='white-space:normal' "
                              f"data-case='{self.case_w.value}'><p>{escape(text)}</p></div>")

    def _render_scores(self) -> None:
        lang = self.lang
        if self.scores is not None:
            html = scores_html(self.scores, lang)
        elif self.scores_error:
            html = f"<p class='sk-practice-compare-error'>{escape(self.scores_error)}</p>"
        else:
            html = ""
        self.scores_w.value = f"<div lang='{HTML_LANG[lang]}'>{html}</div>"

    def set_language(self, lang: str) -> None:
        """Every label, the situation and the debrief in ``lang``."""
        if lang not in LANGS:
            raise PracticeError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")
        self.lang = lang
        t = lambda key: tr(key, lang)  # noqa: E731
        value = self.case_w.value
        self.case_w.options = [(t("practice.case." + name), name) for name in CASES]
        self.case_w.value = value
        self.case_w.description = t("practice.case")
        self._render_brief()
        for button, key in ((self.start_w, "practice.start"), (self.model_w, "practice.model5"),
                            (self.finish_w, "practice.finish")):
            button.description = t(key)
        self.refer_w.description = t("practice.refer")
        self.teach_w.description = t("practice.teach")
        self.title_w.value = f"{STYLE}<h3 lang='{HTML_LANG[lang]}'>{escape(t('practice.title'))}</h3>"
        self.class_title_w.value = (f"<div lang='{HTML_LANG[lang]}'><h4>{escape(t('practice.class'))}</h4>"
                                    f"<p class='sk-note' style='white-space:normal'>"
                                    f"{escape(t('practice.class_intro'))}</p></div>")
        self.upload_w.description = t("practice.upload")
        self.compare_w.description = t("practice.compare")
        self._render_scores()
        self.intro_w.value = (f"<div lang='{HTML_LANG[lang]}' class='sk-note' style='white-space:normal'>"
                              f"<p>{escape(t('practice.intro'))}</p><p>{escape(t('practice.not_modelled'))}</p></div>")
        self._render()

    # ------------------------------------------------------------ internals
    def _playing(self, call: str) -> None:
        if self.recorded is None or self.report is not None:
            raise PracticeError(f"{call}: no case is being played; press Start first")

    def _decide(self, kind: str, decision) -> None:
        self._playing(kind)
        if self.situation is None or self.situation.kind != kind:
            waiting = "nothing" if self.situation is None else f"a {self.situation.kind}"
            raise PracticeError(f"{kind}: the decision waiting is {waiting}, not a {kind}")
        self.recorded.decide(decision)
        self._advance()

    def _advance(self) -> None:
        self.situation = self.recorded.next_situation()
        if self.situation is None:
            self.finish()
        else:
            self._render()

    def _render(self) -> None:
        """Draw the page's state: nothing yet, a decision waiting, or the debrief."""
        lang, playing = self.lang, self.recorded is not None and self.report is None
        self.model_w.disabled = self.finish_w.disabled = not playing
        wrap = lambda html: f"<div lang='{HTML_LANG[lang]}'>{html}</div>"  # noqa: E731
        if self.recorded is None:
            self.state_w.value = wrap(f"<p class='sk-practice-state' data-step='0'>{escape(tr('practice.ready', lang))}</p>")
            self.choices_w.children, self.debrief_w.value, self.downloads_w.value = (), "", ""
            _no_null_tooltips(self.widget)
            return
        self.state_w.value = wrap(situation_html(self.situation, self.recorded, lang))
        self.choices_w.children = self._choice_widgets() if playing else ()
        _no_null_tooltips(self.widget)
        if self.report is None:
            self.debrief_w.value = self.downloads_w.value = ""
            return
        result = self.recorded.finish()
        self.debrief_w.value = wrap(f"<p>{escape(tr('practice.ended', lang))}</p>"
                                    + debrief_html(self.report, lang, result.start, result.end))
        self.downloads_w.value = wrap(downloads_html(self.recorded, self.report, lang, self.case))

    def _choice_widgets(self) -> tuple:
        """A button per choice of the waiting situation (and the referral and teaching boxes, or a box per
        candidate)."""
        import ipywidgets as widgets

        situation, lang = self.situation, self.lang
        if situation.kind == "triage":
            self.refer_w.value = self.teach_w.value = False
            buttons = [self._choice(word("channel", option, lang), option, lambda _b, o=option: self.choose(o))
                       for option in situation.options]
            teach = (self.teach_w,) if SELF_SERVICE in situation.options else ()
            return (widgets.HBox(buttons, tooltip=""), self.refer_w, *teach)
        if situation.kind == "patrol":
            boxes = [widgets.Checkbox(value=False, indent=False, tooltip="", description=candidate_label(w, lang),
                                      layout=widgets.Layout(width="auto")) for w in situation.candidates]
            ids = [w.customer for w in situation.candidates]
            move = self._choice(tr("practice.move", lang), "move",
                                lambda _b: self.move([cid for cid, box in zip(ids, boxes, strict=True) if box.value]))
            return (*boxes, move)
        if situation.kind in ANSWER_BUTTONS:
            answer = self.handle if situation.kind == "complaint" else self.retain
            return (widgets.HBox([self._choice(tr(key, lang), code, lambda _b, a=args: answer(*a))
                                  for key, code, args in ANSWER_BUTTONS[situation.kind]], tooltip=""),)
        buttons = [self._choice(candidate_label(w, lang), str(w.customer), lambda _b, c=w.customer: self.pitch(c))
                   for w in situation.candidates]
        return (*buttons, self._choice(tr("practice.nobody", lang), "nobody", lambda _b: self.pitch(None)))

    def _choice(self, label: str, code: str, on_click) -> ipywidgets.Button:
        button = self._button("sk-practice-choice", on_click)
        button.add_class(f"sk-choice-{code}")
        button.description = label
        return button


def _no_null_tooltips(widget) -> None:
    """An empty tooltip on ``widget`` and every widget inside it that has none: ipywidgets writes an
    unset one (None) into the page as the text "null"."""
    if getattr(widget, "tooltip", "") is None:
        widget.tooltip = ""
    for child in getattr(widget, "children", ()):
        _no_null_tooltips(child)
