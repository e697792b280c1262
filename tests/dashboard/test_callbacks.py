"""The dashboard's inputs, computations and widget callbacks, without a browser."""
from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest
from scipy import stats

import simkit
from simkit.dashboard.compute import KPIS
from simkit.dashboard.compute import panel_kpis as run_kpis
from simkit.dashboard.inputs import Inputs, Side, build_scenario, schemes_by_role
from simkit.dashboard.panels import fmt_value, kpi_table_html
from simkit.dashboard.replay import state_at
from simkit.dashboard.svg import nice_ticks
from simkit.report.intervals import interval as mean_ci
from simkit.report.meaningful import minimal
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
    assert x.seeds() == [7, 8, 9]
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
    monkeypatch.setattr(d, "inputs", lambda: Inputs(machines=-1, replications=3))
    d.run()
    assert "data-state='error'" in d.status_w.value and "self_service.machines" in d.status_w.value
    assert d.comp is None and not d.run_w.disabled


# ------------------------------------------------------------------ issue 22 item 9: running
def _dashboard(**kw):
    from simkit.dashboard.app import Dashboard
    return Dashboard("en", Inputs(b=Side(teller="teller_piece_rate"), **{**SMALL_RUN, **kw}))


SMALL_RUN = dict(periods=1, replications=3, seed=7)


def test_a_double_click_runs_once_and_the_same_inputs_do_not_rerun():
    d = _dashboard()
    first = d.on_run_click()
    second = d.on_run_click()  # the second click of a double click, while the first runs
    assert first is not None and second is None
    d.wait(120)
    assert d.runs == 1 and d.simulations == 6, "a double click must run 2 × 3 simulations once, not twice"
    assert "data-state='done'" in d.status_w.value and not d.run_w.disabled and d.cancel_w.disabled
    comp = d.comp
    assert d.run() is False and d.comp is comp  # same inputs: same numbers, nothing rerun
    assert "data-state='same'" in d.status_w.value and d.simulations == 6


def test_cancel_stops_the_run_and_keeps_the_results_shown():
    d = _dashboard()
    d.run()
    comp = d.comp
    d.periods_w.value = 6
    d.reps_w.value = 5  # 10 simulations of 6 months: far longer than the cancel takes
    t0 = time.perf_counter()
    th = d.on_run_click()
    assert th is not None and not d.cancel_w.disabled
    time.sleep(0.3)
    d.cancel()
    d.wait(60)
    assert not th.is_alive() and time.perf_counter() - t0 < 20, "cancel takes effect within a month"
    assert "data-state='cancelled'" in d.status_w.value
    assert d.comp is comp and d.runs == 1  # the previous results stay, labelled with their own inputs
    assert 'data-stale="1"' in d.results_label_w.value and not d.run_w.disabled and d.cancel_w.disabled


def test_cancelled_and_uncancelled_runs():
    """run_one is simkit.run (same KPIs), and stops when the cancel flag is set."""
    import threading
    from simkit.dashboard.compute import Cancelled, run_one
    sc = build_scenario(Inputs(periods=1), "A")
    assert run_kpis(run_one(sc, 3)) == run_kpis(simkit.run(sc, seed=3))
    flag = threading.Event()
    flag.set()
    with pytest.raises(Cancelled):
        run_one(sc, 3, flag)


def test_the_time_estimate_follows_the_run_size_and_is_refined_by_measurements():
    from simkit.dashboard.compute import PRIOR_SECONDS_PER_UNIT, Estimator, run_units
    e = Estimator()
    x = Inputs(periods=4, replications=5)
    assert e.estimate(x) == pytest.approx(2 * 5 * 4 * PRIOR_SECONDS_PER_UNIT)
    assert e.estimate(Inputs(periods=8, replications=5)) == pytest.approx(2 * e.estimate(x))
    assert e.estimate(Inputs(periods=4, replications=10)) == pytest.approx(2 * e.estimate(x))
    assert e.estimate(Inputs(periods=4, replications=5, arrivals_factor=1.5)) == pytest.approx(1.5 * e.estimate(x))
    # 1,123 customers a day vs 432
    assert run_units(Inputs(branch="large_branch", periods=1, replications=3)) > 2.5 * run_units(Inputs(periods=1,
                                                                                                      replications=3))
    for _ in range(3):  # measured: 0.1 s per baseline month, five times faster than the prior
        e.record(4.0, 0.4)
    assert e.measured == 3 and 0.1 < e.rate < PRIOR_SECONDS_PER_UNIT
    for _ in range(500):
        e.record(4.0, 0.4)
    assert e.rate == pytest.approx(0.1, rel=0.03)
    assert e.remaining(x, done=5) == pytest.approx(e.estimate(x) / 2)


def test_the_app_shows_the_estimate_and_refines_it(small_app):
    from simkit.dashboard.app import Dashboard
    d = Dashboard()
    assert "data-measured='0'" in d.estimate_w.value and "estimated from the run's size" in d.estimate_w.value
    assert "measured='2'" not in small_app.estimate_w.value
    assert f"data-measured='{small_app.estimator.measured}'" in small_app.estimate_w.value
    assert small_app.estimator.measured == 6 and "refined from 6 simulations measured" in small_app.estimate_w.value


def test_results_are_labelled_with_their_inputs_and_marked_stale(small_app):
    label = small_app.results_label_w.value
    assert 'data-stale="0"' in label and "Results for" in label
    assert "seeds 7, 8, 9" in label and "1 months" in label and "Piece rate" in label
    seed = small_app.seed_w.value
    try:
        small_app.seed_w.value = seed + 1
        assert 'data-stale="1"' in small_app.results_label_w.value and "Press Run" in small_app.results_label_w.value
        assert "seeds 7, 8, 9" in small_app.results_label_w.value  # still the inputs that produced them
    finally:
        small_app.seed_w.value = seed
    assert 'data-stale="0"' in small_app.results_label_w.value  # back to the inputs of the results


# ------------------------------------------------------------------ issue 23 item 2: intervals
def test_default_is_at_least_five_replications_and_few_months_are_explained():
    from simkit.dashboard.app import Dashboard
    from simkit.dashboard.panels import months_warning_html
    assert Inputs().replications >= 5 and Inputs().periods >= 4
    d = Dashboard()
    assert d.reps_w.value >= 5 and d.months_warning_w.value == ""
    for n in (1, 2, 3):
        d.periods_w.value = n
        assert f'data-few-months="{n}"' in d.months_warning_w.value and "three payslips" in d.months_warning_w.value
        assert "三张工资单" in months_warning_html(n, "zh")
    d.periods_w.value = 4
    assert d.months_warning_w.value == ""


def test_small_runs_say_why_a_equals_b(small_app):
    assert 'data-few-months="1"' in small_app.panel["kpis"].value  # the session's run has one month
    assert 'data-few-months="1"' in small_app.results_label_w.value


def test_kpi_intervals_come_from_report_intervals_and_respect_their_range(small_app):
    from simkit.report import intervals as I
    from simkit.dashboard.compute import KPI_KINDS, kpi_summary
    tab = kpi_summary(small_app.comp).set_index("kpi")
    html = small_app.panel["kpis"].value
    for name in KPIS:
        kind = KPI_KINDS[name]
        assert kind == I.kind_of(name)
        for side in ("A", "B"):
            xs = [r.kpis[name] for r in small_app.comp.sides[side].reps]
            want = I.interval(xs, kind=kind)
            assert (tab.loc[name, side], tab.loc[name, f"{side}_lo"], tab.loc[name, f"{side}_hi"]) == \
                pytest.approx(want, nan_ok=True)
        xa, xb = ([r.kpis[name] for r in small_app.comp.sides[w].reps] for w in ("A", "B"))
        assert (tab.loc[name, "diff"], tab.loc[name, "diff_lo"], tab.loc[name, "diff_hi"]) == \
            pytest.approx(I.difference(xa, xb, kind=kind), nan_ok=True)
        said = I.verdict(tab.loc[name, "diff"], tab.loc[name, "diff_lo"], tab.loc[name, "diff_hi"],
                         minimal=minimal(name), arms=(xa, xb))
        assert tab.loc[name, "verdict"] == said and bool(tab.loc[name, "clear"]) == (said == "clear")
        assert tab.loc[name, "minimal"] == pytest.approx(minimal(name), nan_ok=True)
        cell = re.search(rf'<td class="[^"]*" data-kpi="{name}" data-side="diff"[^>]*>.*?</td>', html).group(0)
        assert f'data-clear="{int(said == "clear")}"' in cell and f'data-verdict="{said}"' in cell
        assert (">clear<" in cell) == (said == "clear")


def _fake_comparison(values: dict[str, tuple[list, list]]):
    """A Comparison whose replications have the given KPI values (others 1.0)."""
    from simkit.dashboard.compute import RepSummary, SideResult
    from simkit.dashboard.compute import RunResult as Comparison
    n = len(next(iter(values.values()))[0])
    sides = {}
    for j, which in enumerate(("A", "B")):
        reps = [RepSummary(seed=i, kpis={k: values.get(k, ([1.0] * n, [1.0] * n))[j][i] for k in KPIS},
                           queue=None, waits={}, choices=None, pay=None, bank=None) for i in range(n)]
        sides[which] = SideResult(None, reps)
    return Comparison(Inputs(replications=n), sides)


def test_no_share_above_100_percent_and_no_negative_ratio_fee_or_sales():
    """The t interval would give 101 % served within 10 minutes and a negative NPL ratio,
    fee income and sales count here; the dashboard's intervals stay in range."""
    from simkit.dashboard.compute import kpi_summary
    comp = _fake_comparison({"served_within_10": ([0.99, 1.0, 0.96], [0.9, 1.0, 0.97]),
                             "npl_ratio": ([0.0, 0.004, 0.0], [0.0, 0.0, 0.01]),
                             "fee_income": ([0.0, 900.0, 20.0], [0.0, 0.0, 1500.0]),
                             "sales": ([0.0, 4.0, 0.0], [1.0, 0.0, 9.0])})
    t = kpi_summary(comp).set_index("kpi")
    for name in ("served_within_10", "npl_ratio"):
        for side in ("A", "B"):
            assert 0.0 <= t.loc[name, f"{side}_lo"] <= t.loc[name, side] <= t.loc[name, f"{side}_hi"] <= 1.0
        assert -1.0 <= t.loc[name, "diff_lo"] and t.loc[name, "diff_hi"] <= 1.0
    for name in ("fee_income", "sales"):
        for side in ("A", "B"):
            assert 0.0 <= t.loc[name, f"{side}_lo"] <= t.loc[name, side]
    # and the unclipped t interval would not have been
    x = np.array([0.99, 1.0, 0.96])
    assert x.mean() + stats.t.ppf(0.975, 2) * x.std(ddof=1) / np.sqrt(3) > 1.0
    html = kpi_table_html(comp, "en")
    for hi in re.findall(r'data-kpi="(?:served_within_10|npl_ratio)" data-side="[AB]" data-value="[^"]+" '
                         r'data-lo="([^"]+)" data-hi="([^"]+)"', html):
        assert all(0.0 <= float(v) <= 1.0 for v in hi)


def test_clear_differences_are_marked_and_others_not():
    comp = _fake_comparison({"sales": ([10.0, 12.0, 11.0], [20.0, 23.0, 21.0]),  # B − A ≈ +10, tight
                             "wait_mean": ([5.0, 9.0, 2.0], [6.0, 4.0, 8.0]),  # noise
                             # +0.02 of 10, tight: its interval excludes 0, below the 0.5 that matters
                             "satisfaction_mean": ([7.00, 7.10, 7.20], [7.02, 7.12, 7.22]),
                             "deposits_lost": ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0])})  # none in either arm
    html = kpi_table_html(comp, "en")
    sales = re.search(r'<td class="sk-kpi sk-clear" data-kpi="sales" data-side="diff"[^>]*data-clear="1" '
                      r'data-verdict="clear"', html)
    assert sales, "a clear difference is marked"
    assert re.search(r'data-kpi="wait_mean" data-side="diff"[^>]*data-clear="0" data-verdict="unclear"', html)
    small = re.search(r'data-kpi="satisfaction_mean" data-side="diff"[^>]*data-clear="0" data-verdict="small".*?</td>',
                      html).group(0)
    assert ">too small to matter<" in small and ">clear<" not in small
    none = re.search(r'data-kpi="deposits_lost" data-side="diff"[^>]*data-verdict="none".*?</td>', html).group(0)
    assert ">none in either arm<" in none
    assert "interval of B − A excludes zero" in html and "minimal meaningful size" in html
    zh = kpi_table_html(comp, "zh")
    assert "差异明显" not in zh, "“obviously different” overstates what an interval says"
    assert "不太可能是偶然" in zh and "有意义的最小差异" in zh and ">差异过小<" in zh and ">两组均为零<" in zh


def test_the_dashboard_refuses_fewer_than_three_replications():
    from simkit import SimkitError
    from simkit.dashboard.app import Dashboard
    from simkit.dashboard.inputs import MIN_REPLICATIONS
    assert MIN_REPLICATIONS == 3
    for bad in (2, 0, 2.5, True):
        with pytest.raises(SimkitError, match=r"^replications: must be a whole number of at least 3 .*\(got "):
            Inputs(replications=bad)
    assert Dashboard().reps_w.min == MIN_REPLICATIONS, "the slider offers no run the inputs refuse"


# ------------------------------------------------------------------ issue 23 item 7: pay below zero
class _Res:
    def __init__(self, **t):
        self.__dict__.update(t)


def _pay_comparison():
    import pandas as pd
    from simkit.dashboard.compute import RepSummary, SideResult
    from simkit.dashboard.compute import RunResult as Comparison
    sp = pd.DataFrame({"role": ["teller", "teller"], "person": ["T1", "T2"], "period": [0, 0],
                       "pay": [2500.0, -4940.0]})
    slips = pd.DataFrame({"person": ["T1", "T2", "T2", "T2"], "period": [0, 0, 0, 0],
                          "line": ["base salary", "base salary", "error fines", "complaint fines"],
                          "kind": ["base", "base", "deduction", "deduction"],
                          "amount": [2500.0, 1500.0, -5440.0, -1000.0],
                          "formula": ["¥2,500.00", "¥1,500.00", "-68 errors × ¥80.00", "-25 complaints × ¥40.00"]})
    pay = pd.DataFrame({"role": ["teller", "teller"], "kind": ["base", "deduction"], "amount": [2000.0, -3220.0]})
    months = pd.DataFrame({"role": ["teller"], "months": [2], "negative": [1], "lowest": [-4940.0]})
    rep = RepSummary(seed=1, kpis={}, queue=None, waits={}, choices=None, pay=pay, bank=None, pay_months=months)
    first = _Res(staff_periods=sp, payslips=slips)
    return Comparison(Inputs(), {w: SideResult(None, [rep], first) for w in ("A", "B")})


def test_negative_pay_is_shown_flagged_with_the_reason():
    from simkit.dashboard.panels import pay_html
    html = pay_html(_pay_comparison(), "en")
    assert "¥−4,940" in html and 'data-negative="1"' in html
    assert "seed 002 — fines are paid out of pocket" in html
    assert "data-negative-note='1'" in html and "data-count='1'" in html
    assert "data-payslip='T2'" in html  # the lowest month is shown, not only the first person's
    assert "¥−1,220" in html  # the average monthly pay (2,000 − 3,220) flagged too
    zh = pay_html(_pay_comparison(), "zh")
    assert "罚款由员工自掏腰包" in zh and "¥−4,940" in zh and "薪酬为负" in zh


def test_payslip_formulas_are_chinese_in_chinese_mode():
    from simkit.dashboard.panels import pay_html
    zh = pay_html(_pay_comparison(), "zh")
    formulas = re.findall(r"<td class='sk-formula'>([^<]*)</td>", zh)
    assert "-68 次差错 × ¥80.00" in formulas and "-25 次投诉 × ¥40.00" in formulas
    assert not any(re.search(r"[A-Za-z]{2,}", f) for f in formulas), formulas


def test_heavy_fines_really_pay_below_zero_and_the_panel_flags_it():
    """Not a made-up case: the shipped heavy-fines scheme pays some tellers below zero in
    month 1 (seed 2: ¥−3,740)."""
    from simkit.dashboard.compute import run_comparison
    from simkit.dashboard.panels import pay_html
    comp = run_comparison(Inputs(b=Side(teller="teller_heavy_fines"), periods=1, replications=3, seed=2))
    html = pay_html(comp, "en")
    assert "data-negative-side='B'" in html and "data-negative-side='A'" not in html
    assert "¥−3,740" in html


# ------------------------------------------------------------------ issue 23 item 8: downloads, lessons
def test_downloads_parse_and_carry_their_inputs(small_app):
    import base64
    import io
    import json
    import pandas as pd
    import pyarrow.parquet as pq
    from simkit.dashboard.compute import downloads, kpi_summary
    files = downloads(small_app.comp)
    summary = pd.read_csv(io.BytesIO(files["kpis_summary.csv"][1]))
    want = kpi_summary(small_app.comp)
    assert list(summary["kpi"]) == list(KPIS)
    assert np.allclose(summary["A"], want["A"], equal_nan=True) and np.allclose(summary["diff_hi"], want["diff_hi"],
                                                                               equal_nan=True)
    rec = json.loads(summary["inputs"].iloc[0])
    assert rec["seeds"] == [7, 8, 9] and rec["b"]["teller"] == "teller_piece_rate" and rec["periods"] == 1
    runs = pd.read_csv(io.BytesIO(files["kpis_by_replication.csv"][1]))
    assert len(runs) == 2 * 3 * len(KPIS) and set(runs["seed"]) == {7, 8, 9}
    table = pq.read_table(io.BytesIO(files["kpis_by_replication.parquet"][1]))
    assert json.loads(table.schema.metadata[b"simkit.inputs"])["seeds"] == [7, 8, 9]
    assert table.to_pandas()["value"].tolist() == pytest.approx(runs["value"].tolist())
    assert json.loads(files["inputs.json"][1])["replications"] == 3
    html = small_app.panel["downloads"].value
    hrefs = dict(re.findall(r'data-file="([^"]+)" data-kind="\w+" download="[^"]+" href="([^"]+)"', html))
    assert set(files) <= set(hrefs) and "queue.svg" in hrefs and "profit.svg" in hrefs
    back = base64.b64decode(hrefs["kpis_summary.csv"].split(",", 1)[1])
    assert back == files["kpis_summary.csv"][1]
    svg = base64.b64decode(hrefs["queue.svg"].split(",", 1)[1]).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" data-chart="queue"') and svg.endswith("</svg>")


def test_a_lesson_sets_the_inputs_explains_itself_and_clears_when_changed():
    from simkit.dashboard.app import Dashboard
    from simkit.dashboard.inputs import PRESETS
    d = Dashboard()
    for name, p in PRESETS.items():
        d.lesson_w.value = name
        x = d.inputs()
        assert (x.a, x.b, x.periods, x.branch) == (p.a, p.b, p.periods, p.branch)
        assert x.replications >= 5 and f"data-lesson='{name}'" in d.lesson_text_w.value
    d.set_language("zh")
    assert "重罚" in d.lesson_text_w.value and "自掏腰包" in d.lesson_text_w.value
    d.set_language("en")
    assert d.lesson_w.value == "heavy_fines" and "out of pocket" in d.lesson_text_w.value
    d.side_w["B"]["teller"].value = "teller_piece_rate"  # no longer the lesson: its words would not match
    assert d.lesson_w.value == "" and d.lesson_text_w.value == ""
