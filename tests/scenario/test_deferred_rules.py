"""A deferred component is checked by its inner component's rules, at the inner component's path."""
from __future__ import annotations

import pytest

from simkit.scenario import ScenarioError, load_scenario, with_overrides

from helpers import SCENARIOS


def test_a_deferred_quota_with_a_target_of_zero_is_refused_at_its_inner_path():
    scenario = load_scenario(SCENARIOS / "schemes" / "fixed_pay.yaml")
    inner = {"kind": "quota_scoring", "targets": [{"indicator": "transactions", "target": 0}]}
    with pytest.raises(ScenarioError) as caught:
        with_overrides(scenario, {"pay.teller.components": [{"kind": "fixed"}, {"kind": "deferred", "inner": inner}]})
    assert "pay.teller.components.1.inner.targets.0.target" in str(caught.value)


def test_a_deferred_quota_with_a_real_target_is_accepted():
    scenario = load_scenario(SCENARIOS / "schemes" / "fixed_pay.yaml")
    inner = {"kind": "quota_scoring", "targets": [{"indicator": "transactions", "target": 1000}]}
    with_overrides(scenario, {"pay.teller.components": [{"kind": "fixed"}, {"kind": "deferred", "inner": inner}]})
