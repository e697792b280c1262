"""simkit.widgets without a browser: the Explorer pattern and the triage explorer's callbacks."""
from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import simkit  # noqa: E402
from simkit.scenario import load_scenario, with_overrides  # noqa: E402
from simkit.widgets import Explorer, float_slider, int_slider, mean_kpis, simulate  # noqa: E402
from simkit.widgets import triage  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "scenarios" / "baseline.yaml"


@pytest.fixture
def toy():
    calls = []

    def run_fn(values, progress):
        calls.append(dict(values))
        for i in range(3):
            progress(i + 1, 3)
        if values["x"] > 0.9:
            raise ValueError("x too large for this toy")
        return {"double": 2 * values["x"], "n": values["n"]}

    ex = Explorer({"x": float_slider("x", 0.0, 1.0, 0.5), "n": int_slider("n", 1, 5, 2)}, run_fn,
                  {"table": lambda r: pd.DataFrame([r]), "text": lambda r: f"double = {r['double']:.2f}"},
                  title="toy")
    return ex, calls


def test_moving_controls_does_not_simulate(toy):
    ex, calls = toy
    ex.set(x=0.3, n=4)
    ex.controls["x"].value = 0.2
    assert calls == [] and ex.result is None


def test_run_uses_current_values_and_refreshes_every_output(toy):
    ex, calls = toy
    ex.set(x=0.25)
    result = ex.run()
    assert calls == [{"x": 0.25, "n": 2}]
    assert result == {"double": 0.5, "n": 2} and ex.result is result and ex.runs == 1
    assert ex.rendered["text"] == "double = 0.50"
    assert ex.rendered["table"].loc[0, "double"] == 0.5
    assert len(ex.outputs["table"].outputs) == 1 and len(ex.outputs["text"].outputs) == 1  # replaced, not appended
    ex.run()
    assert len(ex.outputs["text"].outputs) == 1


def test_progress_bar_reaches_the_end_and_status_reports(toy):
    ex, _ = toy
    ex.run()
    assert ex.progress.max == 3 and ex.progress.value == 3
    assert ex.status.value.startswith("done:") and "x = 0.50" in ex.status.value
    ex.set(n=3)
    assert "settings changed" in ex.status.value


def test_the_run_button_runs(toy):
    ex, calls = toy
    ex.button.click()
    assert len(calls) == 1 and not ex.button.disabled


def test_a_failing_run_keeps_the_last_good_view(toy):
    ex, calls = toy
    ex.run()
    good = ex.rendered["text"]
    ex.set(x=1.0)
    assert ex.run() is None
    assert isinstance(ex.error, ValueError) and "x too large" in ex.status.value
    assert ex.rendered["text"] == good and ex.runs == 1 and not ex.button.disabled


def test_unknown_control_is_named(toy):
    ex, _ = toy
    with pytest.raises(KeyError, match="controls: x, n"):
        ex.set(y=1)


def test_widget_has_controls_button_and_tabs(toy):
    ex, _ = toy
    w = ex.widget
    kids = w.children
    assert ex.button in kids[2].children and ex.progress in kids[2].children
    assert kids[-1].get_title(0) == "table" and kids[-1].get_title(1) == "text"


def test_simulate_equals_simkit_run_with_the_same_overrides_and_seeds():
    calls = []
    runs = simulate(BASE, {"branch.windows.ordinary": 4}, seeds=[3, 4], days=1,
                    progress=lambda d, t: calls.append((d, t)))
    sc = with_overrides(load_scenario(BASE), {"branch.windows.ordinary": 4})
    direct = [simkit.run(sc, days=1, seed=s).kpis() for s in (3, 4)]
    assert [r.kpis() for r in runs] == direct
    assert calls == [(1, 2), (2, 2)]
    m = mean_kpis(runs, ["wait_mean"])
    assert m["wait_mean"] == pytest.approx((direct[0]["wait_mean"] + direct[1]["wait_mean"]) / 2)


# --------------------------------------------------------------- triage explorer
DEFAULTS = {"lobby_managers": 1, "diversion": 0.7, "referral": 0.5, "selling": 0.1, "green_channel": True,
            "second_triage": True, "vip_rule": next(iter(triage.VIP_RULES)), "days": 1}


def test_default_controls_reproduce_the_baseline_settings():
    """The explorer starts where baseline.yaml is: overriding with its defaults changes nothing."""
    sc = load_scenario(BASE)
    assert with_overrides(sc, triage.triage_overrides(DEFAULTS)) == sc


def test_controls_map_onto_scenario_fields():
    v = dict(DEFAULTS, lobby_managers=2, diversion=0.2, green_channel=False, vip_rule="VIPs only (idle otherwise)")
    sc = with_overrides(load_scenario(BASE), triage.triage_overrides(v))
    assert sc.branch.lobby_managers == 2 and sc.branch.green_channel is False
    assert sc.staff.choices.lobby_manager.diversion == 0.2 and sc.branch.calling["vip"] == ["vip"]


def test_run_triage_same_setting_same_numbers_and_one_progress_bar():
    ticks = []
    res = triage.run_triage(DEFAULTS, lambda d, t: ticks.append((d, t)))
    assert ticks == [(1, 2), (2, 2)]
    table = triage.kpi_comparison(res)
    assert (table["change"] == 0).all(), "common random numbers: the same setting must give the same day"


def test_no_lobby_manager_means_no_triage_and_shows_in_the_table():
    res = triage.run_triage(dict(DEFAULTS, lobby_managers=0))
    t = triage.kpi_comparison(res)
    assert t.loc["triaged_rate", "your setting"] == 0 and t.loc["diversion_rate", "your setting"] == 0
    assert t.loc["triaged_rate", "base branch"] > 0.2
    assert t.loc["wait_mean", "change"] == pytest.approx(t.loc["wait_mean", "your setting"] - t.loc["wait_mean", "base branch"], abs=2e-3)


def test_figures_and_segment_table():
    res = triage.run_triage(DEFAULTS)
    fig = triage.queue_figure(res)
    assert len(fig.axes[0].get_lines()) >= 2
    seg = triage.segment_waits(res)
    assert set(seg["branch"]) == {"base branch", "your setting"} and "vip" in set(seg["segment"])
    assert triage.segment_figure(res).axes[0].get_title().startswith("Who waits")


def test_triage_explorer_runs_end_to_end():
    ex = triage.triage_explorer(days=1, diversion=0.2)
    assert ex.values()["diversion"] == 0.2
    ex.run()
    assert set(ex.rendered) == {"KPIs", "queues", "waits by segment"}
    assert ex.rendered["KPIs"].loc["diversion_rate", "change"] < 0  # less diversion asked, less done
