"""Pay components as plug-ins: a component registered at run time (as a notebook or a package
does) is accepted everywhere a shipped one is — ``PayScheme.model_validate``, a scenario file,
``with_overrides``, a sweep, ``simkit.compare`` — and a run pays it; wrong kinds and fields are
refused naming what is allowed; a package's entry point is found."""
from __future__ import annotations

import json
import sys
import textwrap
from typing import Literal

import pytest

import simkit
from simkit.compare import compare
from simkit.experiment import Sweep, run_sweep
from simkit.pay import (
    Part,
    PayComponentError,
    PayLedger,
    PayLine,
    PayScheme,
    components,
    get,
    pay_period,
    register_component,
    registry,
    unregister_component,
    yuan,
)
from simkit.scenario import ScenarioError, load_scenario, with_overrides
from simkit.scenario.loader import json_schema

from helpers import SCENARIOS

FIXED_PAY = SCENARIOS / "schemes" / "fixed_pay.yaml"


class AttendanceBonus(Part):
    """A toy component: ¥ ``per_day`` for every day worked."""

    kind: Literal["attendance_bonus"] = "attendance_bonus"
    per_day: float = 10.0

    def indicators(self):
        return ["days_worked"]

    def lines(self, kpis, ctx, held):
        days = get(kpis, "days_worked")
        return [PayLine("attendance", "performance", days * self.per_day, f"{days:g} days × {yuan(self.per_day)}")]


@pytest.fixture
def toy():
    register_component(AttendanceBonus)
    yield AttendanceBonus
    unregister_component("attendance_bonus")


def _scheme_file(tmp_path, component: str, name: str = "toy_scheme"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(f"""\
        extends: {FIXED_PAY}
        name: {name}
        pay:
          teller:
            components:
              - {{kind: fixed, base: 2000, position: 500}}
              - {component}
        """), encoding="utf-8")
    return path


def test_a_registered_component_validates_and_pays(toy):
    scheme = PayScheme.model_validate({"components": [{"kind": "attendance_bonus", "per_day": 50}]})
    assert isinstance(scheme.components[0], AttendanceBonus)
    slips, _ = pay_period({"T1": scheme}, {"T1": {"days_worked": 22}}, 0, PayLedger())
    assert slips["T1"].total == 1100.0  # 22 × ¥50
    assert str(slips["T1"]).splitlines()[1].endswith("22 days × ¥50.00")
    assert "attendance_bonus" in components()


def test_a_scenario_file_with_a_registered_component_round_trips(toy, tmp_path):
    scenario = load_scenario(_scheme_file(tmp_path, "{kind: attendance_bonus, per_day: 40}"))
    assert scenario.pay.teller.components[1] == AttendanceBonus(per_day=40.0)
    dumped = json.loads(simkit.scenario.loader.scenario_json(scenario))
    assert dumped["pay"]["teller"]["components"][1] == {"kind": "attendance_bonus", "per_day": 40.0}
    changed = with_overrides(scenario, {"pay.teller.components.1.per_day": 60.0})
    assert changed.pay.teller.components[1].per_day == 60.0
    assert "attendance_bonus" in json.dumps(json_schema())


def test_a_registered_component_is_paid_in_a_run(toy, tmp_path):
    scenario = with_overrides(load_scenario(_scheme_file(tmp_path, "{kind: attendance_bonus, per_day: 40}")),
                              {"horizon.periods": 1})
    tellers = simkit.run(scenario, seed=3).staff_periods.query("role == 'teller'")
    expected = 2500 + 40 * tellers["kpi.days_worked"]  # base + position + ¥40 a day worked
    assert (tellers["pay"] == expected).all(), tellers[["pay", "kpi.days_worked"]]


def test_a_registered_component_in_compare_and_a_sweep(toy, tmp_path):
    base = with_overrides(load_scenario(_scheme_file(tmp_path, "{kind: attendance_bonus, per_day: 40}")),
                          {"horizon.periods": 1})
    richer = with_overrides(base, {"pay.teller.components.1.per_day": 400.0, "name": "richer"})
    headlines = compare([base, richer], reps=2, executor="serial")
    assert headlines.names == ["toy_scheme", "richer"] and len(headlines.runs) == 4
    sweep = Sweep(base, grid={"pay.teller.components.1.per_day": [0.0, 400.0]}, replications=1)
    summary = run_sweep(sweep, tmp_path / "sweep", executor="serial", progress=False).summary
    paid = summary[summary["metric"].astype(str).str.contains("pay")]
    assert set(summary["pay.teller.components.1.per_day"]) == {0.0, 400.0}
    assert not paid.empty


def test_an_unknown_kind_lists_the_registered_kinds(toy, tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(_scheme_file(tmp_path, "{kind: attendence_bonus}"))
    text = str(info.value)
    assert "unknown kind 'attendence_bonus'; did you mean 'attendance_bonus'?" in text
    assert "'piece_rate'" in text and "'tournament'" in text and "'attendance_bonus'" in text


def test_an_unknown_field_lists_that_components_fields(toy, tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(_scheme_file(tmp_path, "{kind: attendance_bonus, per_dya: 3}"))
    assert str(info.value).endswith("pay.teller.components.1.per_dya: unknown field 'per_dya'; "
                                    "did you mean 'per_day'? allowed here: kind, per_day")
    with pytest.raises(ScenarioError) as info:
        load_scenario(_scheme_file(tmp_path, "{kind: piece_rate, per_transactoin: 2}"))
    assert str(info.value).endswith("pay.teller.components.1.per_transactoin: unknown field 'per_transactoin'; "
                                    "did you mean 'per_transaction'? allowed here: kind, per_transaction, "
                                    "fine_per_error, fine_per_complaint, indicator, fines")


def test_a_field_of_a_component_inside_deferred_is_named_with_its_fields(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(_scheme_file(tmp_path, "{kind: deferred, inner: {kind: piece_rate, per_transactoin: 2}}"))
    assert str(info.value).endswith("pay.teller.components.1.inner.per_transactoin: unknown field "
                                    "'per_transactoin'; did you mean 'per_transaction'? allowed here: kind, "
                                    "per_transaction, fine_per_error, fine_per_complaint, indicator, fines")


def test_an_unknown_kind_in_python_names_the_known_kinds():
    with pytest.raises(ValueError, match="does not match any of the expected tags: 'fixed', 'piece_rate'"):
        PayScheme.model_validate({"components": [{"kind": "nope"}]})


class NoKind(Part):
    """No kind: not a component."""

    def lines(self, kpis, ctx, held):
        return []


class TwoKinds(Part):
    """Two kinds in one: not a component."""

    kind: Literal["a", "b"] = "a"

    def lines(self, kpis, ctx, held):
        return []


class NotFixed(Part):
    """A kind simkit ships: refused."""

    kind: Literal["fixed"] = "fixed"

    def lines(self, kpis, ctx, held):
        return []


@pytest.mark.parametrize("cls,words", [
    (NoKind, "needs a field kind: Literal['its_kind']"),
    (TwoKinds, "needs a field kind: Literal['its_kind']"),
    (NotFixed, "kind 'fixed' is already registered by simkit.pay.schemes.Fixed"),
    (dict, "must be a pydantic model class"),
])
def test_a_class_that_cannot_be_a_component_is_refused(cls, words):
    with pytest.raises(PayComponentError, match=words.replace("[", r"\[").replace("]", r"\]")):
        register_component(cls)


def test_registering_the_same_class_again_is_harmless(toy):
    assert register_component(AttendanceBonus) is AttendanceBonus
    with pytest.raises(PayComponentError, match="a shipped kind cannot be removed"):
        unregister_component("piece_rate")


def _package(tmp_path, module: str, entry: str):
    """A package installed on ``sys.path``: a module and a dist-info naming its entry point."""
    (tmp_path / f"{module}.py").write_text(textwrap.dedent("""\
        from typing import Literal

        from simkit.pay import Part, PayLine, register_component


        class PlugBonus(Part):
            kind: Literal["plug_bonus"] = "plug_bonus"
            amount: float = 7.0

            def lines(self, kpis, ctx, held):
                return [PayLine("plug bonus", "performance", self.amount, "flat")]
        """), encoding="utf-8")
    info = tmp_path / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[simkit.pay_components]\n{entry}\n", encoding="utf-8")


def test_a_packages_entry_point_is_loaded_on_first_validation(tmp_path, monkeypatch):
    _package(tmp_path, "toy_pay_plugin", "plug_bonus = toy_pay_plugin:PlugBonus")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(registry._LOADED, "entry_points", False)
    try:
        scheme = PayScheme.model_validate({"components": [{"kind": "plug_bonus", "amount": 9}]})
        assert type(scheme.components[0]).__module__ == "toy_pay_plugin"
        assert scheme.components[0].amount == 9.0
    finally:
        unregister_component("plug_bonus")
        sys.modules.pop("toy_pay_plugin", None)


def test_a_broken_entry_point_is_named(tmp_path, monkeypatch):
    _package(tmp_path, "toy_broken_plugin", "broken = toy_missing_module:Nothing")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(registry._LOADED, "entry_points", False)
    with pytest.raises(PayComponentError, match=r"plug-in broken = 'toy_missing_module:Nothing' \(entry point "
                                                r"group simkit.pay_components\) failed to load: ModuleNotFoundError"):
        PayScheme.model_validate({"components": [{"kind": "fixed"}]})
