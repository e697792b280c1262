"""More loading semantics: extends across folders, merge rules, overrides, YAML details,
the schema, and the command line (in process and as ``python -m simkit.cli``)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import simkit.scenario as scenario_pkg
from simkit.cli import main
from simkit.scenario import (Scenario, ScenarioError, dump_scenario, json_schema, load_scenario, scenario_from_dict,
                             with_overrides)
from simkit.scenario.loader import parse_yaml

from helpers import ROOT, SCENARIOS

BASELINE = SCENARIOS / "baseline.yaml"

EXT = "extends: base.yaml\n"


# ------------------------------------------------------------------------------ extends
def test_chain_across_folders_merges_in_order(write, base):
    write("schemes/mid.yaml", "extends: ../base.yaml\nname: mid\nbranch: {windows: {vip: 2}, lobby_managers: 2}\n"
                              "arrivals: {weekday: [1, 1, 1, 1, 1, 1, 1]}\n")
    child = write("schemes/deep/child.yaml", "extends: ../mid.yaml\nbranch: {windows: {ordinary: 4}}\n"
                                             "arrivals: {weekday: [2, 2, 2, 2, 2, 2, 2]}\n")
    sc = load_scenario(child)
    assert sc.name == "mid"  # from the middle file
    assert sc.branch.windows == {"ordinary": 4, "vip": 2}  # mappings merge at every level
    assert sc.branch.lobby_managers == 2
    assert sc.branch.calling == {"ordinary": ["ordinary"], "vip": ["vip", "ordinary"]}  # from the base
    assert sc.arrivals.weekday == [2.0] * 7  # lists replace whole
    assert "extends" not in sc.model_dump()


def test_lists_replace_whole(write, base):
    child = write("c.yaml", EXT + "branch: {calling: {vip: [vip]}}\n")
    assert load_scenario(child).branch.calling["vip"] == ["vip"]


def test_null_resets_nested_field_to_default(write, base):
    write("mid.yaml", EXT + "branch: {lobby_managers: 3, self_service: {machines: 4, mttr_minutes: 10}}\n")
    child = write("c.yaml", "extends: mid.yaml\nbranch: {lobby_managers: null, self_service: {machines: null}}\n")
    sc = load_scenario(child)
    default = Scenario.model_fields["branch"].default_factory()
    assert sc.branch.lobby_managers == default.lobby_managers
    assert sc.branch.self_service.machines == default.self_service.machines
    assert sc.branch.self_service.mttr_minutes == 10  # siblings are kept


def test_null_of_a_required_field_is_reported(write, base):
    child = write("c.yaml", EXT + "\nneeds: null\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    (p,) = info.value.problems
    assert (p.file, p.path, p.line, p.message) == (str(child), "needs", 3, "is required but missing")


def test_extends_must_be_a_path(write, base):
    child = write("c.yaml", "name: x\nextends: [base.yaml]\n")
    with pytest.raises(ScenarioError, match="c.yaml:2: extends: must be the path of another scenario file"):
        load_scenario(child)


def test_problems_in_several_files_of_a_chain_are_collected(write, base):
    write("mid.yaml", EXT + "seed: 1\nseed: 2\n")
    child = write("c.yaml", "extends: mid.yaml\nname: a\nname: b\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    assert {(Path(p.file).name, p.path, p.line) for p in info.value.problems} == {("c.yaml", "name", 3),
                                                                                ("mid.yaml", "seed", 3)}


def test_line_numbers_follow_the_file_that_set_the_value(write, base):
    child = write("c.yaml", EXT + "name: c\n\n\ncustomers:\n  segments:\n    vip: {share: 2}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    lines = {p.path: (p.file, p.line) for p in info.value.problems}
    assert lines["customers.segments.vip.share"] == (str(child), 7)


# ------------------------------------------------------------------------------ YAML 1.2
def test_yaml_1_2_scalars():
    data = parse_yaml("a: no\nb: yes\nc: on\nd: 1e-3\ne: 2026-11-02\nf: 0x1F\ng: 1_000\nh: ~\ni: True\n"
                      "j: '5'\nk: 0o17\nl: .5\nm: 09:30\n")[0]
    assert data == {"a": "no", "b": "yes", "c": "on", "d": 0.001, "e": "2026-11-02", "f": 31, "g": 1000,
                    "h": None, "i": True, "j": "5", "k": 15, "l": 0.5, "m": "09:30"}
    assert isinstance(data["d"], float)


def test_name_no_and_unquoted_date_and_float(write, base):
    f = write("y.yaml", EXT + "name: no\ndescription: yes\nhorizon: {start_date: 2026-11-09}\n"
                              "customers: {balking: {per_person: 1e-3}}\nbranch: {open: 09:30}\n")
    sc = load_scenario(f)
    assert sc.name == "no" and sc.description == "yes"
    assert sc.horizon.start_date == "2026-11-09"
    assert sc.customers.balking.per_person == 0.001
    assert sc.branch.open == "09:30"


def test_quoted_number_is_not_coerced(write, base):
    f = write("q.yaml", EXT + "seed: '5'\n")
    with pytest.raises(ScenarioError, match=r"seed: must be a whole number between 0 and 2\*\*128 - 1 \(got '5'\)"):
        load_scenario(f)


def test_anchors_aliases_and_merge_keys(write, base):
    f = write("m.yaml", EXT + "customers:\n  segments:\n    mass: &m {share: 0.5, needs: {deposit: 0.4, query: 0.6}}\n"
                              "    vip:\n      <<: *m\n      ticket: vip\n")
    sc = load_scenario(f)
    assert sc.customers.segments["vip"].share == 0.5
    assert sc.customers.segments["vip"].ticket == "vip"
    assert sc.customers.segments["vip"].needs == {"deposit": 0.4, "query": 0.6}


def test_unknown_alias_is_reported(write):
    f = write("a.yaml", "name: *nothing\n")
    with pytest.raises(ScenarioError, match="a.yaml:1: name: alias \\*nothing refers to no complete anchor"):
        load_scenario(f)


def test_bom_is_accepted(write, base):
    f = write("bom.yaml", ("\ufeff" + EXT + "name: bom\n").encode("utf-8"))
    assert load_scenario(f).name == "bom"


# ------------------------------------------------------------------------------ round trip
def test_dump_load_round_trip_baseline(write):
    sc = load_scenario(BASELINE)
    text = dump_scenario(sc)
    assert "extends" not in text
    again = load_scenario(write("dumped.yaml", text))
    assert again == sc
    assert dump_scenario(again) == text  # stable


def test_dump_of_overridden_and_minimal_scenarios(write, base):
    sc = with_overrides(load_scenario(base), {"name": "no", "description": "1e-3", "arrivals.hourly": 40.0})
    assert load_scenario(write("d.yaml", dump_scenario(sc))) == sc


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ordinary=st.integers(1, 9), lobby=st.integers(0, 3), mean=st.floats(0.01, 500, allow_nan=False),
       name=st.text(min_size=1, max_size=20))
@example(ordinary=1, lobby=0, mean=1.0, name="\x85")  # found by Hypothesis: NEL was folded to a space
def test_round_trip_property(tmp_path, mini, ordinary, lobby, mean, name):
    sc = with_overrides(scenario_from_dict(parse_yaml(mini)[0]),
                        {"branch.windows.ordinary": ordinary, "branch.lobby_managers": lobby,
                         "needs.deposit.channels.teller.mean": mean, "name": name})
    f = tmp_path / "rt.yaml"
    f.write_text(dump_scenario(sc), encoding="utf-8")
    assert load_scenario(f) == sc


# ------------------------------------------------------------------------------ overrides
def test_with_overrides_paths(base):
    sc = load_scenario(base)
    sc2 = with_overrides(sc, {"branch.windows.ordinary": 4, "arrivals.hourly.9": 80.0,
                              "arrivals.weekday.6": 0.5, "horizon.days": 1})
    assert sc2.branch.windows["ordinary"] == 4
    assert sc2.arrivals.hourly[9] == 80.0  # '9' in the path finds the int key 9
    assert sc2.arrivals.weekday[6] == 0.5
    assert sc2.horizon.days == 1
    assert sc.branch.windows["ordinary"] == 2 and sc.horizon.days == 7  # the original is untouched
    assert with_overrides(sc, {"branch.lobby_managers": None}).branch.lobby_managers == 1  # None = default


@pytest.mark.parametrize("overrides, path, phrase", [
    ({"brnach.windows.ordinary": 4}, "brnach", "did you mean 'branch'"),
    ({"branch.windows.vipp": 1}, "branch.windows.vipp", "did you mean 'vip'"),
    ({"branch.lobby_managers.count": 1}, "branch.lobby_managers.count", "is not a mapping (it is 1)"),
    ({"arrivals.weekday.9": 1.0}, "arrivals.weekday.9", "allowed indexes: 0 to 6"),
    ({"branch..open": "10:00"}, "branch..open", "is not a dotted field path"),
    ({"branch.lobby_managers": -1}, "branch.lobby_managers", "must be a whole number between 0 and 20"),
])
def test_with_overrides_errors(base, overrides, path, phrase):
    with pytest.raises(ScenarioError) as info:
        with_overrides(load_scenario(base), overrides)
    assert any(p.path == path and phrase in p.message and p.file == "<overrides>" for p in info.value.problems), \
        str(info.value)


def test_load_scenario_overrides(base):
    sc = load_scenario(base, overrides={"seed": 7, "branch.windows.vip": 2})
    assert sc.seed == 7 and sc.branch.windows == {"ordinary": 2, "vip": 2}


# ------------------------------------------------------------------------------ objects
def test_scenario_is_frozen(base):
    sc = load_scenario(base)
    with pytest.raises(Exception):
        sc.name = "other"
    with pytest.raises(Exception):
        sc.branch.self_service.machines = 9


def test_scenario_from_dict(base, mini):
    data = parse_yaml(mini)[0]
    assert scenario_from_dict(data) == load_scenario(base)
    with pytest.raises(ScenarioError, match=r"^<dict>: seed: must be a whole number between 0 and 2\*\*128 - 1 \(got -1\)$"):
        scenario_from_dict({**data, "seed": -1})
    with pytest.raises(ScenarioError, match="must be a mapping"):
        scenario_from_dict([1, 2])  # type: ignore[arg-type]


def test_scenario_error_pickles():
    import pickle

    err = ScenarioError([scenario_pkg.Problem("a.yaml", "seed", "-1", "must be >= 0", 3)])
    again = pickle.loads(pickle.dumps(err))
    assert again.problems == err.problems and str(again) == str(err)


def test_json_schema_accepts_files_with_and_without_extends():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    assert {"branch", "customers", "needs", "extends"} <= set(schema["properties"])
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(parse_yaml(BASELINE.read_text(encoding="utf-8"))[0]))
    assert not list(validator.iter_errors({"extends": "baseline.yaml", "branch": {"lobby_managers": 0}}))
    assert list(validator.iter_errors({"branch": {"lobby_managers": 0}}))  # customers, needs missing
    assert list(validator.iter_errors({"extends": "b.yaml", "brnach": {}}))


# ------------------------------------------------------------------------------ CLI
def test_cli_validate_baseline_in_process(capsys):
    assert main(["validate", str(BASELINE)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{BASELINE}: ok (scenario baseline)\n" and err == ""


def test_cli_validate_mixed_files(base, write, capsys):
    bad = write("bad.yaml", EXT + "seed: -1\n")
    assert main(["validate", str(base), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert f"{base}: ok (scenario mini)" in out
    assert err == f"{bad}:2: seed: must be a whole number between 0 and 2**128 - 1 (got -1)\n"


def test_cli_schema_is_json(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json_schema()


def test_cli_usage_error_returns_2(capsys):
    assert main(["frobnicate"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_cli_run_reports_scenario_errors_without_running(write, capsys):
    bad = write("bad.yaml", "- not a scenario\n")
    assert main(["run", str(bad), "--days", "1", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "top level must be a mapping" in err and "Traceback" not in err


def test_cli_as_module_subprocess(tmp_path):
    """One real process: a good and a bad file; the bad one's tag is never run."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    bad = tmp_path / "bad.yaml"
    marker = tmp_path / "pwned"
    bad.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    done = subprocess.run([sys.executable, "-m", "simkit.cli", "validate", "scenarios/baseline.yaml", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stdout == "scenarios/baseline.yaml: ok (scenario baseline)\n"
    assert done.stderr.startswith(f"{bad}:1: name: YAML tag '!!python/object/apply:os.system' is not allowed")
    assert "Traceback" not in done.stderr and not marker.exists()
