"""The scenarios that ship inside the package: found through importlib.resources, the same
files as the repository's scenarios/ in a checkout, and refused by name when absent."""
from __future__ import annotations

import pytest

from simkit.scenario import ScenarioError, load_scenario, shipped, shipped_dir, shipped_names

from helpers import SCENARIOS


def test_the_shipped_folder_is_the_repositorys_scenarios():
    assert shipped_dir() == SCENARIOS.resolve()


def test_every_repository_scenario_is_shipped():
    on_disk = sorted(p.relative_to(SCENARIOS).with_suffix("").as_posix() for p in SCENARIOS.glob("**/*.yaml"))
    assert shipped_names() == on_disk
    assert "baseline" in on_disk and "schemes/fixed_pay" in on_disk


def test_names_with_and_without_suffix_give_one_path():
    assert shipped("baseline") == shipped("baseline.yaml") == SCENARIOS.resolve() / "baseline.yaml"


def test_extends_resolves_beside_the_shipped_file():
    scheme = load_scenario(shipped("schemes/teller_piece_rate"))  # extends fixed_pay.yaml -> ../baseline.yaml
    assert scheme.name == "teller_piece_rate"
    assert scheme.branch == load_scenario(shipped("baseline")).branch


@pytest.mark.parametrize("name", ["nowhere", "../pyproject.toml", "schemes", "schemes/../baseline"])
def test_an_unknown_name_is_refused_with_the_allowed_names(name):
    with pytest.raises(ScenarioError) as caught:
        shipped(name)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{name}: no shipped scenario of that name; allowed: ") and "schemes/fixed_pay" in message
