"""Notebook 02's explorer: what the lobby manager's (大堂经理) triage choices do.

The controls map onto scenario fields (dotted paths, see ``triage_overrides``); the
explorer runs the chosen setting *and* the unchanged base branch on the same seeds (common
random numbers: the same customers arrive in both), so every difference on screen comes
from the setting, not from luck of the draw.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from ..report.figures import queue_profile
from ..scenario import shipped
from .core import Explorer, checkbox, compare_settings, dropdown, float_slider, int_slider, mean_kpis

BASE = shipped("baseline")

#: calling rules for the VIP window (贵宾窗口) a user can pick
VIP_RULES = {
    "VIPs first, then green channel, then others": ["vip", "green", "ordinary"],
    "VIPs only (idle otherwise)": ["vip"],
}
KPIS = ["wait_mean", "served_within_10", "balked_rate", "reneged_rate", "diversion_rate", "triaged_rate",
        "referrals", "complaints", "sales", "utilisation_lobby_manager", "utilisation_teller"]


def triage_overrides(values: dict) -> dict:
    """Explorer values -> dotted-path overrides of the scenario."""
    return {
        "branch.lobby_managers": int(values["lobby_managers"]),
        "staff.choices.lobby_manager.diversion": float(values["diversion"]),
        "staff.choices.lobby_manager.referral": float(values["referral"]),
        "staff.choices.lobby_manager.selling": float(values["selling"]),
        "branch.green_channel": bool(values["green_channel"]),
        "branch.second_triage.enabled": bool(values["second_triage"]),
        "branch.calling.vip": list(VIP_RULES[values["vip_rule"]]),
    }


def run_triage(values: dict, progress=None, base=BASE) -> dict:
    """Simulate ``values["days"]`` days (seeds 1..n) with the setting and with the base branch."""
    n = int(values["days"])
    cmp = compare_settings(base, {"base": None, "setting": triage_overrides(values)}, range(1, n + 1), days=1,
                           progress=progress)
    return {"values": dict(values), "base": list(cmp.results["base"]), "setting": list(cmp.results["setting"])}


def kpi_comparison(result: dict) -> pd.DataFrame:
    """Mean KPIs over the simulated days: base branch, your setting, and the difference."""
    b, s = mean_kpis(result["base"], KPIS), mean_kpis(result["setting"], KPIS)
    df = pd.DataFrame({"base branch": b, "your setting": s})
    df["change"] = df["your setting"] - df["base branch"]
    df.index.name = f"mean of {len(result['base'])} day(s)"
    return df.round(3)


def _profile(runs, label):
    prof = pd.concat([queue_profile(r) for r in runs]).groupby("minute", as_index=False)["length"].sum()
    prof["length"] /= len(runs)
    prof["hour"] = prof["minute"] / 60.0
    prof["branch"] = label
    return prof


def queue_figure(result: dict):
    """Customers waiting at the counters over the day, base vs setting."""
    df = pd.concat([_profile(result["base"], "base branch"), _profile(result["setting"], "your setting")])
    fig, ax = plt.subplots(figsize=(8, 3.5))
    sns.lineplot(data=df, x="hour", y="length", hue="branch", ax=ax)
    ax.set(xlabel="clock time (hour)", ylabel="customers waiting at counters", title="Counter queues over the day")
    return fig


def segment_waits(result: dict) -> pd.DataFrame:
    """Mean wait (min) of customers who were called, by segment, base vs setting."""
    rows = []
    for label, runs in (("base branch", result["base"]), ("your setting", result["setting"])):
        called = pd.concat([r.customers for r in runs])
        called = called[called["start"].notna()]
        waits = called.groupby(called["segment"].astype(str))["wait"].mean()
        rows += [{"segment": seg, "branch": label, "mean wait (min)": v} for seg, v in waits.items()]
    return pd.DataFrame(rows)


def segment_figure(result: dict):
    fig, ax = plt.subplots(figsize=(8, 3.5))
    sns.barplot(data=segment_waits(result), x="segment", y="mean wait (min)", hue="branch", ax=ax)
    ax.set(title="Who waits: mean wait by customer segment")
    return fig


def triage_controls(base_values: dict | None = None) -> dict:
    v = {"lobby_managers": 1, "diversion": 0.7, "referral": 0.5, "selling": 0.1, "green_channel": True,
         "second_triage": True, "vip_rule": next(iter(VIP_RULES)), "days": 3, **(base_values or {})}
    return {
        "lobby_managers": int_slider("lobby managers (大堂经理)", 0, 2, v["lobby_managers"]),
        "diversion": float_slider("diversion to machines (分流)", 0.0, 1.0, v["diversion"]),
        "referral": float_slider("referral zeal (推荐客户经理)", 0.0, 1.0, v["referral"]),
        "selling": float_slider("selling in the lobby", 0.0, 1.0, v["selling"]),
        "green_channel": checkbox("green channel (绿色通道)", v["green_channel"]),
        "second_triage": checkbox("second triage (二次分流)", v["second_triage"]),
        "vip_rule": dropdown("VIP window calls", list(VIP_RULES), v["vip_rule"]),
        "days": int_slider("days to simulate", 1, 10, v["days"]),
    }


def triage_explorer(base=BASE, **start) -> Explorer:
    """The explorer of notebook 02. ``start`` sets initial control values (e.g. ``diversion=0.2``)."""
    return Explorer(triage_controls(start), lambda values, progress: run_triage(values, progress, base),
                    {"KPIs": kpi_comparison, "queues": queue_figure, "waits by segment": segment_figure},
                    title="Triage explorer: the lobby manager's choices")
