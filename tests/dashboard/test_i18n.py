"""Every label in English and Chinese, and every label the dashboard can ask for exists."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from simkit.dashboard.compute import KPIS
from simkit.dashboard.floor import ACTIVITY_COLORS
from simkit.dashboard.i18n import LABELS, LANGS, formula_text, line_label, tr
from simkit.dashboard.inputs import PRESETS, ROLES, SCHEMES, branch_scenarios
from simkit.dashboard.replay import ZONES
from simkit.pay.payslip import KINDS
from simkit.scenario import load_scenario
from simkit.scenario.models import RoleRanges

from helpers import ROOT, SCENARIOS

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: labels that are the same in both languages on purpose
_SAME = {"ui.diff", "seg.vip", "win.vip"}
#: labels that are punctuation alone: full width in Chinese
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]+")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_has_both_languages(key):
    entry = LABELS[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS), key
    assert _fields(entry["en"]) == _fields(entry["zh"]), f"{key}: placeholders differ"
    if key not in _SAME and not _PUNCTUATION.fullmatch(entry["zh"]):
        assert _CJK.search(entry["zh"]), f"{key}: the Chinese label has no Chinese in it: {entry['zh']!r}"


def _needed() -> set[str]:
    keys = {f"kpi.{k}" for k in KPIS} | {f"zone.{z}" for z in ZONES} | {f"role.{r}" for r in ROLES}
    keys |= {f"pay.{k}" for k in KINDS} | {f"act.{a}" for a in ACTIVITY_COLORS}
    keys |= {f"choice.{c}" for role in ROLES for c in RoleRanges().of(role)}
    keys |= {f"out.{o}" for o in ("served", "balked", "reneged", "unserved", "inside")}
    keys |= {f"win.{w}" for w in ("ordinary", "vip", "corporate")}
    keys |= {f"branch.{b}" for b in branch_scenarios()} | {f"scheme.{p.stem}" for p in SCHEMES.glob("*.yaml")}
    keys |= {f"ui.tab_{t}" for t in ("kpis", "queues", "behaviour", "pay", "bank", "downloads", "replay")}
    from simkit.pay.indicators import INDICATORS
    keys |= {f"ind.{k}" for k in INDICATORS}  # a pay formula or line may name any of them
    keys |= {f"preset.{p}" for p in PRESETS} | {f"preset.{p}.text" for p in PRESETS}
    from simkit.dashboard.compute import downloads  # noqa: F401  (the file names below are its keys)
    keys |= {f"ui.dl.{f}" for f in ("kpis_summary.csv", "kpis_by_replication.csv", "kpis_by_replication.parquet",
                                    "inputs.json")}
    for b in branch_scenarios():
        keys |= {f"seg.{s}" for s in load_scenario(SCENARIOS / f"{b}.yaml").customers.segments}
    return keys


def test_every_needed_label_exists():
    """A new KPI, zone, segment, choice, pay kind, scheme file or branch file needs a label here."""
    missing = sorted(_needed() - set(LABELS))
    assert not missing, f"add these to simkit/dashboard/i18n.py LABELS: {missing}"


def test_every_payslip_line_name_is_translated():
    """Line names are read from the pay code itself, so a new line cannot slip through."""
    src = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "simkit/pay").glob("*.py"))
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


def _every_shipped_payslip_line():
    """Every line every shipped scheme writes over a year, for every role, from indicators
    that make every line appear (quotas missed and met, breaches, settlements, a year's
    rating): the pay code's own words, not a copy of them."""
    from simkit.pay import PayLedger, pay_period

    lines = []
    for path in sorted(SCHEMES.glob("*.yaml")):
        sc = load_scenario(path)
        for role in ROLES:
            scheme = sc.pay.of(role)
            names = {n for c in scheme.components if hasattr(c, "indicators") for n in c.indicators()}
            for level in (0.0, 0.5, 3.0):
                k = {n: level * 1000.0 for n in names} | {n: level for n in names if "ratio" in n or "share" in n}
                k |= {"transactions": 900 * level, "errors": 12 * level, "complaints": 3 * level,
                      "breaches_post_maturity": level, "breaches_other": level, "breaches_qualitative2": level,
                      "responsibility_profit": 60_000.0 * (level - 1)}
                ledger = PayLedger()
                for period in range(12):
                    slips, ledger = pay_period({"P": scheme}, {"P": k}, period, ledger)
                    lines += [(path.stem, ln.name, ln.formula) for ln in slips["P"].lines]
    return lines


def test_every_shipped_formula_reads_in_chinese():
    """Issue 23: the payslip formulas stayed English in Chinese mode. Every formula the shipped
    schemes write is translated word by word (numbers and ¥ amounts kept); only 'max' (a
    function) and a grade letter may stay in Latin letters."""
    lines = _every_shipped_payslip_line()
    formulas = {f for _, _, f in lines}
    assert len(formulas) > 100 and any("errors" in f for f in formulas) and any("/¥10k" in f for f in formulas)
    for stem, name, f in lines:
        zh = formula_text(f, "zh")
        left = set(re.findall(r"[A-Za-z]{2,}", zh)) - {"max"}
        assert not left, f"{stem} · {name}: {f!r} -> {zh!r} keeps {left}"
        num = r"\d[\d,]*(?:\.\d+)?"
        assert re.findall(num, f.replace("/¥10k", "")) == re.findall(num, zh), (f, zh)  # every number kept
        assert formula_text(f, "en") == f
        label = line_label(name, "zh")
        assert not re.search(r"[A-Za-z]{2,}", label), f"{stem}: line {name!r} -> {label!r}"


def test_formula_patterns():
    assert formula_text("-30 errors × ¥40.00", "zh") == "-30 次差错 × ¥40.00"
    assert formula_text("2 of 3 sold, 1 short: -¥400.00", "zh") == "售出 2 / 任务 3，差 1：-¥400.00"
    assert (formula_text("¥100,000.00 × ¥800.00/¥10k, 60% of it if positive advanced", "zh")
            == "¥100,000.00 × ¥800.00/万元，为正时预发其中 60%")
    assert formula_text("85% × 120% interest_collection_ratio × 30 pts × ¥60.00", "zh") == \
        "85% × 120% 利息收回率 × 30 分 × ¥60.00"
    with pytest.raises(ValueError, match="allowed: en, zh"):
        formula_text("x", "fr")
