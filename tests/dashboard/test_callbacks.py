"""The dashboard's inputs, computations and widget callbacks, without a browser."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import stats

import simkit
from simkit.dashboard.compute import KPIS, mean_ci, run_kpis
from simkit.dashboard.inputs import Inputs, Side, build_scenario, schemes_by_role
from simkit.dashboard.panels import fmt_value, kpi_table_html
from simkit.dashboard.replay import state_at
from simkit.dashboard.svg import nice_ticks
from simkit.scenario import ScenarioError, load_scenario, with_overrides

from helpers import SCENARIOS


def _same(a, b):
    da, db = a.model_dump(), b.model_dump()
    for d in (da, db):
        d.pop("name"), d.pop("description")
    return da == db


def test_baseline_plus_one_scheme_is_that_scheme_file():
    """What the dashboard runs for 'baseline + teller piece rate' is the shipped scheme file, cut to 3 months."""
    built = build_scenario(Inputs(a=Side(teller="teller_piece_rate"), periods=3), "A")
    shipped = with_overrides(load_scenario(SCENARIOS / "schemes/teller_piece_rate.yaml"), {"horizon.periods": 3})
    assert _same(built, shipped)
    fixed = with_overrides(load_scenario(SCENARIOS / "schemes/fixed_pay.yaml"), {"horizon.periods": 3})
    assert _same(build_scenario(Inputs(periods=3), "A"), fixed)


def test_a_scheme_brings_its_staff_and_parameters_apply():
    x = Inputs(branch="vip_heavy", a=Side(customer_manager="cm_portfolio_adjusted", lobby_manager="lobby_sales"),
               ordinary_windows=4, machines=1, arrivals_factor=1.2)
    sc = build_scenario(x, "A")
    assert sc.branch.customer_managers == 6
    assert [p.ability.portfolio for p in sc.staff.customer_managers] == [0.25, 0.5, 0.75, 1.0, 1.5, 2.0]
    assert sc.pay.lobby_manager.components[1].kind == "commission"
    assert sc.branch.windows == {"ordinary": 4, "vip": 2, "corporate": 1}
    assert sc.branch.self_service.machines == 1
    base = load_scenario(SCENARIOS / "vip_heavy.yaml").arrivals.hourly
    assert sc.arrivals.hourly == pytest.approx({h: 1.2 * v for h, v in base.items()})
    assert sc.customers.segments["vip"].share == 0.25  # the branch file still holds


def test_schemes_are_offered_to_the_role_they_pay():
    by_role = schemes_by_role()
    assert all(v[0] == "fixed_pay" for v in by_role.values())
    assert "teller_piece_rate_fines" in by_role["teller"] and "lobby_sales" in by_role["lobby_manager"]
    assert "cm_deposit_only" in by_role["customer_manager"] and "cm_deposit_only" not in by_role["teller"]


def test_impossible_inputs_name_the_field():
    with pytest.raises(ScenarioError) as e:
        build_scenario(Inputs(machines=-1), "A")
    assert any("self_service.machines" in p.path for p in e.value.problems)


def test_mean_ci_is_the_student_t_interval():
    x = [3.0, 5.0, 4.0, 8.0]
    m, lo, hi = mean_ci(x)
    elo, ehi = stats.t.interval(0.95, len(x) - 1, loc=np.mean(x), scale=stats.sem(x))
    assert (m, lo, hi) == pytest.approx((5.0, elo, ehi))
    assert math.isnan(mean_ci([1.0])[1]) and math.isnan(mean_ci([])[0])


def test_small_helpers():
    assert fmt_value(0.1234, "pct") == "12.3" and fmt_value(float("nan"), "f1") == "—"
    assert fmt_value(12345.6, "yuan") == "¥12,346"
    assert nice_ticks(0, 9.3) == [0, 2, 4, 6, 8, 10]
    assert 'data-empty="1"' in kpi_table_html(None, "zh") and "运行" in kpi_table_html(None, "zh")


# ------------------------------------------------------------------ the widget app
def test_run_shows_what_the_python_api_returns(small_app):
    """The KPI table's numbers are the means over seeds of simkit.run on the same scenario."""
    html = small_app.panel["kpis"].value
    x = small_app.inputs()
    assert x.seeds() == [7, 8]
    for which in ("A", "B"):
        per_seed = [run_kpis(simkit.run(build_scenario(x, which), seed=s)) for s in x.seeds()]
        for name in KPIS:
            shown = re.search(rf'data-kpi="{name}" data-side="{which}" data-value="([^"]+)"', html).group(1)
            want = float(np.mean([k[name] for k in per_seed]))
            assert float(shown) == pytest.approx(want, rel=1e-12, nan_ok=True), (which, name)
    assert "data-state='done'" in small_app.status_w.value and small_app.runs == 1


def test_run_kpis_are_results_kpis_plus_the_books(small_app):
    res = small_app.comp.sides["A"].first
    k = run_kpis(res)
    assert k["wait_mean"] == res.kpis()["wait_mean"]
    assert k["bank_profit"] == pytest.approx(res.bank_periods["profit"].sum())


def test_every_panel_is_drawn(small_app):
    p = small_app.panel
    assert p["queues"].value.count("<svg") == 2 and 'data-chart="waits"' in p["queues"].value
    assert 'data-chart="choice.teller.pace"' in p["behaviour"].value
    assert "data-payslip=" in p["pay"].value and "data-pay-total='teller'" in p["pay"].value
    assert 'data-chart="profit"' in p["bank"].value and 'data-chart="npl"' in p["bank"].value


def test_language_switch_relabels_without_rerunning(small_app):
    comp = small_app.comp
    try:
        small_app.set_language("zh")
        assert small_app.comp is comp
        assert small_app.tabs.titles[0] == "关键指标" and small_app.run_w.description == "运行"
        assert "平均等候" in small_app.panel["kpis"].value and "完成" in small_app.status_w.value
        assert small_app.side_w["B"]["teller"].value == "teller_piece_rate"  # the choice survives relabelling
        assert dict(small_app.side_w["B"]["teller"].options)["计件工资"] == "teller_piece_rate"
        assert "入口" in small_app.floor_w.value
    finally:
        small_app.set_language("en")
    assert small_app.tabs.titles[0] == "KPIs"


def test_replay_callbacks_follow_state_at(small_app):
    res = small_app.replay_results
    day = small_app.day_w.value
    assert small_app.play_w.min == small_app.time_w.min < 9 * 60
    small_app.set_speed(5)
    assert small_app.play_w.step == 5
    for minute in (570, 615, 700):
        small_app.show_frame(minute)
        s = state_at(res, day * 1440 + minute)
        svg = small_app.floor_w.value
        assert f'data-t="{day * 1440.0 + minute!r}"' in svg
        assert int(re.search(r'data-count-waiting="(\d+)"', svg).group(1)) == s.counts["waiting"]
        assert s.clock in small_app.clock_w.value
    small_app.replay_side_w.value = "B"
    assert small_app.replay_results is small_app.comp.sides["B"].first
    small_app.replay_side_w.value = "A"


def test_branch_change_resets_the_parameters():
    from simkit.dashboard.app import Dashboard
    d = Dashboard()
    d.branch_w.value = "vip_heavy"
    assert (d.windows_w.value, d.lobby_w.value, d.machines_w.value) == (2, 1, 3)
    d.branch_w.value = "no_lobby_manager"
    assert d.inputs().lobby_managers == 0 and d.inputs().branch == "no_lobby_manager"
    assert 'data-empty="1"' in d.panel["kpis"].value and "<svg" in d.floor_w.value


def test_bad_inputs_show_the_problem_instead_of_crashing(monkeypatch):
    from simkit.dashboard.app import Dashboard
    d = Dashboard()
    monkeypatch.setattr(d, "inputs", lambda: Inputs(machines=-1, replications=2))
    d.run()
    assert "data-state='error'" in d.status_w.value and "self_service.machines" in d.status_w.value
    assert d.comp is None and not d.run_w.disabled
