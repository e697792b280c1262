"""Every label in English and Chinese, and every label the dashboard can ask for exists."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from simkit.dashboard.compute import KPIS
from simkit.dashboard.floor import ACTIVITY_COLORS
from simkit.dashboard.i18n import LABELS, LANGS, line_label, tr
from simkit.dashboard.inputs import ROLES, SCHEMES, branch_scenarios
from simkit.dashboard.replay import ZONES
from simkit.pay.payslip import KINDS
from simkit.scenario import load_scenario
from simkit.scenario.models import RoleRanges

from helpers import ROOT, SCENARIOS

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: labels that are the same in both languages on purpose
_SAME = {"ui.diff", "seg.vip", "win.vip"}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_has_both_languages(key):
    entry = LABELS[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS), key
    assert _fields(entry["en"]) == _fields(entry["zh"]), f"{key}: placeholders differ"
    if key not in _SAME:
        assert _CJK.search(entry["zh"]), f"{key}: the Chinese label has no Chinese in it: {entry['zh']!r}"


def _needed() -> set[str]:
    keys = {f"kpi.{k}" for k in KPIS} | {f"zone.{z}" for z in ZONES} | {f"role.{r}" for r in ROLES}
    keys |= {f"pay.{k}" for k in KINDS} | {f"act.{a}" for a in ACTIVITY_COLORS}
    keys |= {f"choice.{c}" for role in ROLES for c in RoleRanges().of(role)}
    keys |= {f"out.{o}" for o in ("served", "balked", "reneged", "unserved", "inside")}
    keys |= {f"win.{w}" for w in ("ordinary", "vip", "corporate")}
    keys |= {f"branch.{b}" for b in branch_scenarios()} | {f"scheme.{p.stem}" for p in SCHEMES.glob("*.yaml")}
    keys |= {f"ui.tab_{t}" for t in ("kpis", "queues", "behaviour", "pay", "bank", "replay")}
    for b in branch_scenarios():
        keys |= {f"seg.{s}" for s in load_scenario(SCENARIOS / f"{b}.yaml").customers.segments}
    return keys


def test_every_needed_label_exists():
    """A new KPI, zone, segment, choice, pay kind, scheme file or branch file needs a label here."""
    missing = sorted(_needed() - set(LABELS))
    assert not missing, f"add these to simkit/dashboard/i18n.py LABELS: {missing}"


def test_every_payslip_line_name_is_translated():
    """Line names are read from the pay code itself, so a new line cannot slip through."""
    src = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/simkit/pay").glob("*.py"))
    names = set(re.findall(r'PayLine\(\s*f?"([^"]+)"', src))
    assert names, "found no PayLine names: has the pay code moved?"
    for name in names:
        head = name.split("{")[0].strip()
        translated = line_label(head if "{" in name else name, "zh")
        assert _CJK.search(translated), f"payslip line {name!r} has no Chinese label"


def test_tr_formats_and_rejects_unknown_language():
    assert tr("ui.status_running", "en", done=1, total=4) == "Running 1 of 4 simulations…"
    assert "1/4" in tr("ui.status_running", "zh", done=1, total=4)
    assert tr("scheme.not_there_yet", "zh") == "not_there_yet"  # falls back to the file name
    with pytest.raises(ValueError, match="allowed: en, zh"):
        tr("ui.run", "fr")


def test_line_label_prefixes():
    assert line_label("commission fund", "zh") == "提成 基金"  # products and indicators are translated too
    assert line_label("commission fund fees", "zh") == "提成 基金 手续费"
    assert line_label("base salary", "zh") == "基本工资"
    assert line_label("something new", "zh") == "something new"
