"""The lessons keep their point: each one's headline difference is clear at its own months and
replications in a live run, a lesson survives a change of months or replications (with a note
when they are fewer than its own), and the time estimate is arithmetic on a measured rate."""
from __future__ import annotations

from dataclasses import replace

import pytest

from simkit.dashboard.app import Dashboard
from simkit.dashboard.compute import PRIOR_SECONDS_PER_UNIT, Estimator, run_comparison, run_units
from simkit.dashboard.i18n import LABELS
from simkit.dashboard.inputs import PRESETS, Inputs, apply_preset, build_scenario
from simkit.library.findings import EFFECTS
from simkit.report.intervals import clear, difference, kind_of
from simkit.scenario import FIELD_MARGINS


def test_a_lesson_survives_a_change_of_months_and_replications_with_a_note_when_they_are_fewer():
    d = Dashboard()
    d.lesson_w.value = "deposit_vs_profit"
    text = d.lesson_text_w.value
    assert "data-lesson='deposit_vs_profit'" in text and "data-lesson-short" not in text
    d.periods_w.value = 12  # more months: the lesson and its words stay, no note
    assert d.lesson_w.value == "deposit_vs_profit" and "data-lesson-short" not in d.lesson_text_w.value
    d.periods_w.value = 5  # fewer than the lesson's eight: it stays, with a note naming both
    assert d.lesson_w.value == "deposit_vs_profit"
    assert "data-lesson-short" in d.lesson_text_w.value and "measured clear at 8 months" in d.lesson_text_w.value
    d.reps_w.value = 3
    assert d.lesson_w.value == "deposit_vs_profit" and "and 3 replications" in d.lesson_text_w.value
    d.set_language("zh")
    assert "8 个月" in d.lesson_text_w.value and "随机波动" in d.lesson_text_w.value
    d.set_language("en")
    d.branch_w.value = "large_branch"  # another branch: no longer the lesson
    assert d.lesson_w.value == "" and d.lesson_text_w.value == ""


def test_a_lesson_with_field_margins_runs_them_on_both_sides_until_a_scheme_changes():
    d = Dashboard()
    d.lesson_w.value = "piece_vs_fixed"
    assert PRESETS["piece_vs_fixed"].field_margins and d.inputs().field_margins
    d.periods_w.value = 7
    assert d.inputs().field_margins
    for which in ("A", "B"):
        scenario = build_scenario(d.inputs(), which)
        assert scenario.branch.rota.enabled and scenario.pay.rules.enabled  # two of FIELD_MARGINS' switches
    d.side_w["B"]["teller"].value = "teller_sales_quota"
    assert d.lesson_w.value == "" and not d.inputs().field_margins
    assert not build_scenario(d.inputs(), "B").branch.rota.enabled


def test_every_lesson_names_its_library_experiment_and_states_no_verdict_word():
    for name, lesson in PRESETS.items():
        assert lesson.library and set(lesson.library) <= {effect[0] for effect in EFFECTS}
        for lang in ("en", "zh"):
            text = LABELS[f"preset.{name}.text"][lang]
            assert "差异明显" not in text
            assert ("may be luck" in text) if lang == "en" else ("未标注的差异可能只是随机波动" in text)
    assert set(FIELD_MARGINS) and apply_preset(Inputs(), "heavy_fines").field_margins is False


def test_the_progress_of_a_run_shows_where_its_results_will_appear():
    d = Dashboard()
    d._status("ui.status_running_left", done=3, total=10, left="20 s")
    assert "<progress value='3' max='10'" in d.run_progress_w.value and "3 of 10" in d.run_progress_w.value
    assert d.run_progress_w in d.widget.children[2].children[1].children  # the results' column
    d._status("ui.status_ready")
    assert d.run_progress_w.value == ""


def test_the_estimate_is_the_run_size_times_a_measured_rate():
    e = Estimator()
    x = apply_preset(Inputs(), "piece_vs_fixed")
    assert e.estimate(x) == pytest.approx(run_units(x) * PRIOR_SECONDS_PER_UNIT)
    assert e.estimate(replace(x, periods=12)) == pytest.approx(2 * e.estimate(x))
    for _ in range(200):  # wall seconds between simulations: a machine twice as busy
        e.record(run_units(x) / 10, 2 * PRIOR_SECONDS_PER_UNIT * run_units(x) / 10)
    assert e.estimate(x) == pytest.approx(2 * run_units(x) * PRIOR_SECONDS_PER_UNIT, rel=0.02)


#: per lesson, the headline difference B − A its text states as clear: (where, role or KPI, choice)
HEADLINE = {"piece_vs_fixed": ("choice", "teller", "pace"),
            "deposit_vs_profit": ("choice", "customer_manager", "screening"),
            "quota_vs_fixed": ("choice", "teller", "pitch"),
            "heavy_fines": ("pay", "teller", None)}


def _value(rep, where, key, choice, last):
    if where == "choice":
        c = rep.choices
        return float(c.loc[(c["role"] == key) & (c["choice"] == choice) & (c["period"] == last), "value"].iloc[0])
    return float(rep.pay.loc[rep.pay["role"] == key, "amount"].sum())


@pytest.mark.statistical
@pytest.mark.parametrize("name", list(PRESETS))
def test_each_lesson_shows_its_headline_effect_clear_at_its_own_settings(name):
    """Seeds 1-5 (``Inputs.seed`` 1), the lesson's months and replications, run as the page
    runs them; the paired 95 % interval of the headline difference excludes zero."""
    inputs = apply_preset(Inputs(), name)
    comp = run_comparison(inputs)
    where, key, choice = HEADLINE[name]
    last = inputs.periods - 1
    a = [_value(r, where, key, choice, last) for r in comp.sides["A"].reps]
    b = [_value(r, where, key, choice, last) for r in comp.sides["B"].reps]
    kind = kind_of(f"choice.{choice}") if choice else "real"
    mean, lo, hi = difference(a, b, kind)
    assert clear(lo, hi), f"{name}: {mean:+.4g} [{lo:+.4g}, {hi:+.4g}] at {inputs.periods} months"
