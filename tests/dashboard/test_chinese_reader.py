"""What a Chinese reader meets, without a browser: numbers counted in 万, staff by role name,
full-width punctuation, the page's language from the browser's, tooltips on every control,
and downloads labelled in Chinese (the browser side: test_browser_zh.py)."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from simkit.dashboard.app import TIPS, _descendants
from simkit.dashboard.compute import KPIS, downloads
from simkit.dashboard.floor import label_forms
from simkit.dashboard.i18n import LABELS, browser_language, staff_name, tr
from simkit.dashboard.panels import downloads_html, pay_html, results_label_html
from simkit.dashboard.svg import Chart, line_chart, tick_text

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: half-width punctuation that reads wrong between Chinese characters
_HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,:;()?!]|[,:;()?!][\u4e00-\u9fff]")


@pytest.mark.parametrize(("value", "en", "zh"), [
    (200_000, "200k", "20万"), (20_000, "20k", "2万"), (5_000, "5000", "5000"), (-30_000, "-30k", "-3万"),
    (2_500_000, "2.5M", "250万"), (150_000_000, "150M", "1.5亿"), (0.5, "0.5", "0.5")])
def test_axis_ticks_count_in_wan_in_chinese(value, en, zh):
    assert tick_text(value, "en") == en
    assert tick_text(value, "zh") == zh


def test_a_chinese_chart_counts_in_wan_and_names_its_language_and_faces():
    series = [{"label": "A", "color": "#000", "x": [0, 1, 2], "y": [0.0, 150_000.0, 300_000.0]}]
    zh = line_chart(series, Chart("利润", "月份", "元", lang="zh"))
    en = line_chart(series, Chart("profit", "month", "¥"))
    assert "万</text>" in zh and "k</text>" not in zh and "k</text>" in en
    assert 'lang="zh-CN"' in zh and "Noto Sans CJK SC" in zh and 'lang="en"' in en


@pytest.mark.parametrize(("code", "en", "zh"), [
    ("T1", "Teller 1", "柜员1"), ("M2", "Customer manager 2", "客户经理2"), ("S3", "Machine 3", "自助设备3"),
    ("L2", "Lobby manager 2", "大堂经理2"), ("cm_rich", "cm_rich", "cm_rich")])
def test_staff_are_named_by_their_role(code, en, zh):
    assert staff_name(code, "en") == en
    assert staff_name(code, "zh") == zh


def test_the_only_lobby_manager_has_no_number_and_codes_are_the_last_resort():
    assert staff_name("L1", "zh", alone=True) == "大堂经理"
    assert staff_name("L1", "en", alone=True) == "Lobby manager"
    forms = label_forms("T1", "window", "ordinary", "serve", "zh")
    assert forms[0][0][0] == "柜员1 普通" and forms[-1] == [("T1", True, False)]


@pytest.mark.parametrize(("accept", "query", "lang"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "", "zh"), ("zh-TW", "", "zh"), ("zh", None, "zh"),
    ("en-US,en;q=0.9,zh-CN;q=0.8", "", "en"), ("fr-FR,zh-CN;q=0.5", "", "zh"), ("fr-FR", "", "en"),
    (None, None, "en"), ("zh-CN", "token=x&lang=en", "en"), ("en-GB", "lang=zh", "zh"),
    ("zhx", "", "en")])
def test_the_page_opens_in_the_browsers_language(accept, query, lang):
    assert browser_language(accept, query) == lang


def test_no_chinese_label_uses_half_width_punctuation_or_english_words():
    """Chinese labels use full-width punctuation beside Chinese characters and no "vs" or
    "bytes" (placeholders, codes in `{}` and file formats aside)."""
    bad = {}
    for key, entry in LABELS.items():
        text = re.sub(r"\{[^}]*\}|[\w/-]+\.(?:md|json|csv)", "0", entry["zh"])  # placeholders, file names
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - {"simkit", "CSV", "SVG", "JSON", "Parquet", "inputs"}
        if _HALF_WIDTH.search(text) or words:
            bad[key] = entry["zh"]
    assert not bad, bad


def test_every_control_has_a_tooltip_and_none_is_left_unset(small_app):
    """ipywidgets writes an unset tooltip into the page as the text "null"."""
    for lang in ("zh", "en"):
        small_app.set_language(lang)
        for name, key in TIPS.items():
            assert getattr(small_app, name).tooltip == tr(f"tip.{key}", lang), name
        unset = [type(w).__name__ for w in _descendants(small_app.widget) if getattr(w, "tooltip", "") is None]
        assert unset == []
        assert tr("tip.branch", lang) in small_app.branch_w.description  # a dropdown carries it in its label
        assert ("sk-zh" in small_app.widget._dom_classes) == (lang == "zh")
        assert "docs/zh/lesson_plan.md" in small_app.lesson_plan_w.value


def test_chinese_downloads_name_kpis_in_chinese_beside_their_codes(small_app):
    files = downloads(small_app.comp, "zh")
    raw = files["kpis_summary.csv"][1]
    assert raw.startswith("\ufeff".encode("utf-8"))  # spreadsheets on Chinese Windows read it as UTF-8
    table = pd.read_csv(io.BytesIO(raw))
    assert list(table.columns[:2]) == ["指标", "kpi"] and list(table["kpi"]) == list(KPIS)
    assert all(_CJK.search(label) for label in table["指标"])
    english = pd.read_csv(io.BytesIO(downloads(small_app.comp)["kpis_summary.csv"][1]))
    assert english.columns[0] == "kpi" and "指标" not in english.columns
    listing = downloads_html(small_app.comp, "zh")
    assert "字节" in listing and "bytes" not in listing


def test_chinese_panels_name_staff_and_use_full_width_punctuation(small_app):
    pay = pay_html(small_app.comp, "zh")
    assert re.search(r"<th title='T1'>柜员1，第 \d+ 个月</th>", pay), pay[:2000]
    label = results_label_html(small_app.comp, "zh")
    assert "结果对应的输入：" in label and "柜员：" in label and "; " not in label
