"""``FIELD_MARGINS``: every entry is a margin that is off by default and takes on every shipped scheme."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from simkit.scenario import FIELD_MARGINS, load_scenario, with_overrides
from simkit.scenario import field as field_module

from helpers import ROOT, SCENARIOS


def _value(scenario, path: str):
    value = scenario
    for part in path.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


@pytest.mark.parametrize("path", sorted(FIELD_MARGINS))
def test_each_margin_is_off_by_default_and_on_in_the_overrides(path):
    base = load_scenario(SCENARIOS / "schemes" / "fixed_pay.yaml")
    assert _value(base, path) != FIELD_MARGINS[path]
    assert _value(with_overrides(base, FIELD_MARGINS), path) == FIELD_MARGINS[path]


def test_the_margins_take_on_every_shipped_scheme():
    for path in sorted((SCENARIOS / "schemes").glob("*.yaml")):
        with_overrides(load_scenario(path), FIELD_MARGINS)


def test_every_document_the_margins_name_exists():
    text = Path(field_module.__file__).read_text(encoding="utf-8")
    named = set(re.findall(r"docs/[\w-]+\.md", text))
    assert named and all((ROOT / doc).is_file() for doc in named), sorted(d for d in named if not (ROOT / d).is_file())
