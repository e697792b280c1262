"""Loading semantics: extends and deep merge, null resets, YAML 1.2, overrides, round trip."""
from __future__ import annotations

import subprocess
import sys

import pytest

from simkit.cli import main
from simkit.scenario import (Scenario, ScenarioError, dump_scenario, json_schema, load_scenario,
                             with_overrides)

from helpers import ROOT, SCENARIOS


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_extends_chain_deep_merges(tmp_path):
    _write(tmp_path, "a.yaml", f"extends: {SCENARIOS / 'baseline.yaml'}\nbranch: {{windows: {{ordinary: 5}}}}\n")
    b = _write(tmp_path, "b.yaml", "extends: a.yaml\nbranch: {lobby_managers: 2}\nname: b\n")
    sc = load_scenario(b)
    assert sc.name == "b"
    assert sc.branch.lobby_managers == 2
    assert sc.branch.windows == {"ordinary": 5, "vip": 1, "corporate": 1}  # mappings merge key by key
    assert sc.branch.customer_managers == 2  # inherited from the baseline


def test_null_resets_a_field_to_its_default(tmp_path):
    p = _write(tmp_path, "n.yaml", f"extends: {SCENARIOS / 'baseline.yaml'}\nbranch: {{self_service: null}}\n")
    assert load_scenario(p).branch.self_service.machines == 3  # the model default, not the file's


def test_yaml_1_2_semantics(tmp_path):
    p = _write(tmp_path, "y.yaml", f"extends: {SCENARIOS / 'baseline.yaml'}\nname: no\n"
                                  "branch: {self_service: {mttr_minutes: 1e-3}}\nhorizon: {start_date: 2026-11-02}\n")
    sc = load_scenario(p)
    assert sc.name == "no"  # YAML 1.1 would have made this False
    assert sc.branch.self_service.mttr_minutes == pytest.approx(0.001)
    assert sc.horizon.start_date == "2026-11-02"


def test_round_trip_of_every_shipped_scenario(tmp_path):
    for f in sorted(SCENARIOS.glob("*.yaml")):
        sc = load_scenario(f)
        again = load_scenario(_write(tmp_path, f.name, dump_scenario(sc)))
        assert again == sc, f.name


def test_overrides_by_dotted_path():
    sc = load_scenario(SCENARIOS / "baseline.yaml")
    sc2 = with_overrides(sc, {"branch.windows.ordinary": 4, "staff.choices.teller.pace": 1.2})
    assert sc2.branch.windows["ordinary"] == 4 and sc2.staff.choices.teller.pace == 1.2
    assert sc.branch.windows["ordinary"] == 3  # the original is untouched
    with pytest.raises(ScenarioError, match="did you mean 'windows'"):
        with_overrides(sc, {"branch.windowz.ordinary": 4})
    with pytest.raises(ScenarioError, match="is not a mapping"):
        with_overrides(sc, {"seed.x": 1})


def test_scenarios_are_frozen():
    sc = load_scenario(SCENARIOS / "baseline.yaml")
    with pytest.raises(Exception):
        sc.seed = 3
    with pytest.raises(Exception):
        sc.branch.lobby_managers = 5


def test_load_overrides_argument():
    sc = load_scenario(SCENARIOS / "baseline.yaml", overrides={"seed": 7})
    assert sc.seed == 7


def test_json_schema_lists_the_top_level_fields(capsys):
    schema = json_schema()
    assert {"branch", "customers", "needs", "arrivals", "staff", "horizon"} <= set(schema["properties"])
    assert main(["schema"]) == 0
    assert '"branch"' in capsys.readouterr().out


def test_validate_all_shipped_scenarios(capsys):
    files = [str(f) for f in sorted(SCENARIOS.glob("*.yaml"))]
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.count(": ok") == len(files)


def test_cli_in_a_subprocess():
    out = subprocess.run([sys.executable, "-m", "simkit.cli", "validate", str(SCENARIOS / "baseline.yaml")],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "ok (scenario baseline)" in out.stdout


def test_python_construction_is_validated_too():
    with pytest.raises(Exception, match="sum to 1"):
        Scenario.model_validate({"customers": {"segments": {"mass": {"share": 0.5, "needs": {"x": 1.0}}}},
                                 "needs": {"x": {"channels": {"teller": {"mean": 3}}}}})
