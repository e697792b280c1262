"""The helpers notebooks 02 and 03 print their Chinese editions with (``simkit.dashboard.editions``):
``relabel`` (tables of KPIs by setting), ``short_date`` (dates without an extra number), and the
triage explorer in Chinese (controls, title, tabs, KPI table and figures), which must run exactly
the simulations the English one runs."""
from __future__ import annotations

import re

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from simkit.dashboard.editions import EditionError, explorer_kpis, relabel, short_date, tr, triage_explorer, use_language
from simkit.errors import SimkitError
from simkit.scenario import shipped
from simkit.widgets import triage as widgets_triage

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")  # tests/notebooks/test_editions.py: ENGLISH_WORD
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_relabel_names_rows_and_columns_in_chinese_and_leaves_english_alone():
    frame = pd.DataFrame({"baseline": [6.4, 0.7], "no lobby manager": [8.9, 0.6]},
                         index=["wait_mean", "served_within_10"])
    assert relabel(frame, "en", index="metric", columns="set") is frame
    zh = relabel(frame, "zh", index="metric", columns="set", index_name=tr("nb02.mean_of_days", "zh", n=3))
    assert list(zh.index) == ["平均等候（分钟）", "10 分钟内叫号的比例"]
    assert list(zh.columns) == ["基准", "无大堂经理"] and zh.index.name == "3 天平均"
    assert zh.to_numpy().tolist() == frame.to_numpy().tolist()
    unknown = relabel(pd.DataFrame({"x": [1]}, index=["y"]), "zh", index="metric", columns="set")
    assert list(unknown.index) == ["y"] and list(unknown.columns) == ["x"]


def test_short_date_is_the_code_s_form_in_english_and_has_the_same_numbers_in_chinese():
    days = pd.date_range("2026-11-24", periods=7)
    assert [short_date(d, "en") for d in days] == list(days.strftime("%a %d %b"))
    assert short_date(days[-1], "zh") == "30日（周一）" and short_date(days[0], "zh") == "24日（周二）"
    for day in days:
        assert re.findall(r"\d+", short_date(day, "zh")) == [str(day.day)]
        assert re.findall(r"\d+", short_date(day, "en")) == [f"{day.day:02d}"]


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(SimkitError, match=r"language 'fr' is not available; allowed: en, zh"):
        short_date(pd.Timestamp("2026-11-30"), "fr")
    assert issubclass(EditionError, SimkitError)


@pytest.fixture(scope="module")
def explorers():
    """The triage explorer in both languages with the notebook's start values, run for one day."""
    matplotlib.use("Agg")
    saved = dict(plt.rcParams)
    use_language("zh")
    made = {lang: triage_explorer(shipped("baseline"), lang, lobby_managers=1, diversion=0.4, selling=0.6, days=1)
            for lang in ("en", "zh")}
    for explorer in made.values():
        explorer.run()
    yield made
    plt.rcParams.update(saved)


def test_the_chinese_explorer_runs_the_english_one_s_simulations(explorers):
    en, zh = explorers["en"], explorers["zh"]
    assert en.values() == zh.values()
    assert widgets_triage.triage_overrides(en.values()) == widgets_triage.triage_overrides(zh.values())
    assert explorer_kpis(en, "en").to_numpy().tolist() == explorer_kpis(zh, "zh").to_numpy().tolist()


def test_the_chinese_explorer_speaks_chinese(explorers):
    zh = explorers["zh"]
    texts = [zh.title, zh.button.description, *zh.outputs, *(c.description for c in zh.controls.values())]
    texts += [zh.progress.description, *(re.sub(r"\{\w+\}", "", v) for k, v in zh.texts.items() if k != "done")]
    texts.append(zh.status.value.split("：")[0])  # the status after the run; the values after "：" are code names
    texts += [label for label, _ in zh.controls["vip_rule"].options]
    table = explorer_kpis(zh, "zh")
    texts += [*map(str, table.index), *map(str, table.columns), table.index.name]
    english = [t for t in texts if ENGLISH_WORD.search(t) or not CJK.search(t)]
    assert not english, f"English or no Chinese in the Chinese explorer: {english}"


def test_the_chinese_explorer_s_figures_have_no_english_word(explorers):
    figures = [explorers["zh"].rendered[tr(key, "zh")] for key in ("explorer.tab_queues", "explorer.tab_waits")]
    for fig in figures:
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
        assert any(CJK.search(t) for t in texts)
        assert not [t for t in texts if ENGLISH_WORD.search(t)], texts
        plt.close(fig)


def test_the_english_explorer_title_has_no_character_html_escapes():
    """The widget writes its title through html.escape: an apostrophe would become &#x27;, a number
    in the English edition's output that the Chinese edition lacks (test_editions.py compares them)."""
    assert "'" not in tr("explorer.title", "en") and '"' not in tr("explorer.title", "en")
