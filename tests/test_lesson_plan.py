"""The Chinese lesson plan (docs/zh/lesson_plan.md) names only what exists.

A trainer reads the plan aloud and clicks what it names, so every dashboard name it marks
【…】 must be a Chinese label of the dashboard (``simkit.dashboard.i18n.LABELS``), every
notebook and notebook section or exercise it names must exist, the eight modules must be
headings whose minutes add up to the half day the timetable states, every 「quotation」
must be on docs/sources.md, and the model's numbers the plan puts into words (the four
communication types' factors, the elderly at machines, complaints, churn) must still be the
baseline branch's.
"""
from __future__ import annotations

import json
import math
import re

import pytest
from helpers import ROOT, quotations

from simkit.dashboard.i18n import LABELS
from simkit.scenario import load_scenario

PLAN = ROOT / "docs" / "zh" / "lesson_plan.md"
INDEX = ROOT / "docs" / "zh" / "README.md"
SOURCES = ROOT / "docs" / "sources.md"
#: the eight modules: the syllabus's six detailed processes, the four communication types and
#: the teller's own day (docs/sources.md#seed-002-syllabus)
MODULES = ("开门迎客", "业务接待", "客户分流", "客户教育", "挽留客户", "投诉处理", "沟通类型", "柜员的一天")
COMPLAINT_STEPS = ("受理投诉", "安抚客户", "收集信息", "提出建议", "达成共识", "确认满意", "回馈跟踪")
#: a half-day course: three and a half to four hours, the break included
HALF_DAY_MINUTES = (210, 240)
MARKED = re.compile(r"【([^】]+)】")
HEADING = re.compile(r"^## (.+)$", re.M)
MINUTES = re.compile(r"（(\d+) 分钟）")
NOTEBOOK = re.compile(r"notebooks/([\w./-]+\.(?:ipynb|py))")  # zh/01_...: a Chinese edition
#: a notebook section (第 2 节（*One customer's path*）) or exercise (*Exercise 02.best_lever*)
#: of the notebook named last before it
SECTION = re.compile(r"第 (\d+) 节（\*([^*]+)\*）|\*Exercise (\d\d\.\w+)\*")
WIDTH = str.maketrans("，：；！？（）　", ",:;!?() ")  # full-width and ASCII punctuation alike


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(WIDTH))


def _markdown_cells(notebook: str) -> str:
    cells = json.loads(_text(ROOT / "notebooks" / notebook))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _section(title_part: str) -> str:
    """The text of the plan's ``## `` section whose heading contains ``title_part``."""
    parts = re.split(r"^(?=## )", _text(PLAN), flags=re.M)
    found = [p for p in parts if p.startswith("## ") and title_part in p.splitlines()[0]]
    assert len(found) == 1, f"docs/zh/lesson_plan.md: {len(found)} headings contain {title_part!r}, expected 1"
    return found[0]


@pytest.mark.parametrize("doc", [PLAN, INDEX], ids=lambda p: p.name)
def test_every_dashboard_name_marked_in_the_plan_is_a_chinese_label(doc):
    chinese = {entry["zh"] for entry in LABELS.values()}
    named = MARKED.findall(_text(doc))
    unknown = sorted({name for name in named if name not in chinese})
    assert not unknown, f"{doc.name}: 【names】 that no dashboard label reads (simkit/dashboard/i18n.py): {unknown}"


def test_the_plan_names_the_dashboards_tabs_lessons_and_kpis():
    named = set(MARKED.findall(_text(PLAN)))
    for key in ("ui.tab_kpis", "ui.tab_queues", "ui.tab_behaviour", "ui.tab_pay", "ui.tab_replay",
                "preset.heavy_fines", "kpi.wait_mean", "kpi.complaint_rate", "kpi.diversion_rate",
                "kpi.deposits_lost", "ui.lobby_managers", "ui.machines", "ui.run"):
        assert LABELS[key]["zh"] in named, f"the lesson plan never names {key} ({LABELS[key]['zh']})"


def test_the_dashboard_points_to_the_plan():
    assert "docs/zh/lesson_plan.md" in LABELS["ui.lesson_plan"]["zh"] and PLAN.is_file()


def test_every_notebook_section_and_exercise_named_exists():
    text = _text(PLAN)
    named = NOTEBOOK.findall(text)
    assert named, "the lesson plan names no notebook"
    missing = [n for n in named if not (ROOT / "notebooks" / n).is_file()]
    assert not missing, f"notebooks named by the lesson plan that do not exist: {missing}"
    events = sorted([(m.start(), "notebook", m.group(1)) for m in NOTEBOOK.finditer(text)]
                    + [(m.start(), "ref", m) for m in SECTION.finditer(text)], key=lambda e: e[0])
    current, wrong, checked = None, [], 0
    for _, kind, value in events:
        if kind == "notebook":
            current = value
            continue
        assert current is not None, f"a notebook section is named before any notebook: {value.group(0)}"
        cells = _markdown_cells(current)
        number, title, exercise = value.groups()
        ok = (f"## {number}. {title}" in cells) if exercise is None else (f"**Exercise {exercise}**" in cells)
        wrong += [] if ok else [f"{current}: {value.group(0)}"]
        checked += 1
    assert checked >= 5, f"only {checked} notebook sections named"
    assert not wrong, "notebook sections or exercises the plan names that the notebooks lack:\n  " + "\n  ".join(wrong)


def test_the_eight_modules_are_headings_and_fill_half_a_day():
    headings = HEADING.findall(_text(PLAN))
    missing = [m for m in MODULES if not any(m in h for h in headings)]
    assert not missing, f"modules without a heading in docs/zh/lesson_plan.md: {missing}"
    triage = next(h for h in headings if "客户分流" in h)
    assert all(kind in triage for kind in ("一次分流", "二次分流", "外分流")), triage
    minutes = [int(n) for h in headings for n in MINUTES.findall(h)]
    total = re.search(r"\*\*合计\*\* \| \*\*(\d+)（", _text(PLAN))
    assert total, "the timetable has no total row"
    assert sum(minutes) == int(total.group(1)), (sum(minutes), total.group(1))
    assert HALF_DAY_MINUTES[0] <= sum(minutes) <= HALF_DAY_MINUTES[1], sum(minutes)


def test_the_complaint_module_walks_the_seven_steps_in_order():
    text = _section("投诉处理")
    at = [text.find(step) for step in COMPLAINT_STEPS]
    assert -1 not in at and at == sorted(at), dict(zip(COMPLAINT_STEPS, at))


def test_every_quotation_in_the_plan_is_on_the_sources_page():
    quotes = quotations(_text(PLAN))
    assert len(quotes) >= 10, quotes
    sources = _norm(_text(SOURCES))
    missing = [q for q in quotes if _norm(q) not in sources]
    assert not missing, "quotations in docs/zh/lesson_plan.md that docs/sources.md lacks:\n  " + "\n  ".join(missing)


def test_the_model_numbers_the_plan_states_are_the_baseline_branchs():
    customers = load_scenario(ROOT / "scenarios" / "baseline.yaml").customers
    section = _section("沟通类型")
    for name, zh in (("lively", "活泼型"), ("forceful", "力量型"), ("analytical", "分析型"), ("peaceful", "平和型")):
        kind = customers.comm_types[name]
        row = f"| {zh} | {kind.share:.0%} | {kind.patience} | {kind.complaint} | {kind.balking} |"
        assert row in section, f"the communication-type table lacks the model's row {row}"
    elderly = customers.segments["elderly"]
    assert (elderly.accepts_self_service, elderly.self_service_failure) == (0.2, 0.25)  # 约五分之一, 约四分之一
    complaints = customers.complaints
    assert 1.7 <= math.exp(10 * complaints.per_wait_minute) <= 1.9  # 每多等 10 分钟，大约增加八成
    assert math.exp(complaints.per_error) > 10  # 一次差错，十倍以上 (odds; p ≈ odds at the base 0.7 %)
    churn = customers.churn
    assert (churn.satisfaction_below, churn.share_moved) == (5.0, 0.5)  # 低于 5 分，一半的存款
    assert set(churn.segments) == {"vip", "potential_hv", "corporate"}  # 贵宾、潜在高价值和对公客户
