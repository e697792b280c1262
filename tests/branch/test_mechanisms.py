"""The branch's mechanisms do what the domain says, with choices set by hand (no pay,
no learning): each comparison uses the same seed, so both runs meet the same customers."""
from __future__ import annotations

import numpy as np
import pandas as pd

import simkit
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

BASE = load_scenario(SCENARIOS / "baseline.yaml")


def _run(changes=None, days=14, scenario=BASE):
    return simkit.run(with_overrides(scenario, changes or {}), days=days)


def _teller_minutes(res):
    a = res.staff_activity
    return a[(a["role"] == "teller") & (a["activity"] == "serve")]["minutes"]


def test_faster_pace_means_shorter_services_more_errors_shorter_waits():
    slow, fast = _run({"staff.choices.teller.pace": 0.9}), _run({"staff.choices.teller.pace": 1.3})
    assert _teller_minutes(fast).mean() < _teller_minutes(slow).mean()
    assert fast.kpis()["error_rate"] > slow.kpis()["error_rate"]
    assert fast.kpis()["wait_mean"] < slow.kpis()["wait_mean"]


def test_pitching_lengthens_service_and_sells():
    none, lots = _run({"staff.choices.teller.pitch": 0.0}), _run({"staff.choices.teller.pitch": 0.8})
    def teller_sales(res):
        e = res.events
        return int(((e["kind"] == "sale") & e["staff"].astype(str).str.startswith("T")).sum())
    assert teller_sales(none) == 0 < teller_sales(lots)
    assert _teller_minutes(lots).mean() > _teller_minutes(none).mean()
    assert lots.kpis()["complaint_rate"] > none.kpis()["complaint_rate"]


def test_without_a_lobby_manager_nobody_is_triaged_diverted_or_referred():
    res = simkit.run(load_scenario(SCENARIOS / "no_lobby_manager.yaml"), days=7)
    c, k = res.customers, res.kpis()
    assert k["triaged_rate"] == 0 and k["diversion_rate"] == 0 and k["referrals"] == 0
    assert not (c["ticket"] == "green").any()
    base = simkit.run(BASE, days=7).kpis()
    assert base["diversion_rate"] > 0.05 and base["referrals"] > 0
    assert k["wait_mean"] > base["wait_mean"]  # triage relieves the counter


def test_a_selling_lobby_manager_triages_fewer():
    calm, seller = _run({"staff.choices.lobby_manager.selling": 0.0}), _run({"staff.choices.lobby_manager.selling": 1.0})
    assert seller.kpis()["triaged_rate"] < calm.kpis()["triaged_rate"]
    assert seller.kpis()["diversion_rate"] < calm.kpis()["diversion_rate"]


def test_vip_window_calls_vips_first():
    res = simkit.run(load_scenario(SCENARIOS / "vip_heavy.yaml"), days=7)
    w = res.customers.groupby("ticket", observed=True)["wait"].mean()
    assert w["vip"] < w["ordinary"]


def test_month_end_is_busier():
    res = simkit.run(load_scenario(SCENARIOS / "month_end.yaml"))
    per_day = res.customers.groupby("day").size()
    assert per_day.iloc[-3:].mean() > 1.3 * per_day.iloc[:3].mean()


def test_customer_managers_outside_leave_desk_customers_waiting():
    inside, outside = _run({"staff.choices.customer_manager.outside": 0.0}), \
        _run({"staff.choices.customer_manager.outside": 0.6})
    desk = ["appointment", "referral", "walkin"]
    wi = inside.customers[inside.customers["ticket"].isin(desk)]["wait"].mean()
    wo = outside.customers[outside.customers["ticket"].isin(desk)]["wait"].mean()
    assert wo > wi
    assert outside.kpis()["prospects_won"] >= inside.kpis()["prospects_won"] == 0


def test_breakdowns_send_customers_back_to_the_counter():
    res = _run({"branch.self_service.mtbf_minutes": 30.0}, days=3)
    assert (res.events["kind"] == "breakdown").sum() > 0
    assert res.kpis()["self_service_failures"] > 0


def test_save_and_load_round_trip(tmp_path):
    res = simkit.run(BASE, days=2)
    res.save(tmp_path / "r")
    back = simkit.load(tmp_path / "r")
    assert back.scenario == res.scenario and back.seed == res.seed
    for name in ("customers", "events", "staff_activity", "queue"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(res, name), check_categorical=False)
    assert back.kpis() == res.kpis() or np.allclose(list(back.kpis().values()), list(res.kpis().values()),
                                                    equal_nan=True)


def test_cli_run_prints_kpis_and_saves(tmp_path, capsys):
    from simkit.cli import main
    assert main(["run", str(SCENARIOS / "baseline.yaml"), "--days", "1", "--no-progress", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "wait_mean" in out and (tmp_path / "o" / "customers.parquet").exists()
