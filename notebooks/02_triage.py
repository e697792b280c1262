# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -simkit
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Triage: what the lobby manager's choices do
#
# For new lobby managers (大堂经理) and branch heads, and for anyone designing how lobby staff
# are assessed.
#
# **What you will learn**
#
# * what triage (分流) is: diversion to self-service machines, VIP routing, the green channel
#   (绿色通道), referrals to customer managers, second triage (二次分流);
# * what happens to waits, walk-outs and complaints **without a lobby manager** — or with one who
#   is too busy selling to triage;
# * how much each of the lobby manager's choices is worth, measured on the *same* customers
#   (common random numbers);
# * how to use an **interactive explorer** to try your own settings.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from simkit.teach import check
from simkit.widgets import mean_kpis, simulate, triage_explorer

SCENARIOS = Path("..") / "scenarios"
BASE = SCENARIOS / "baseline.yaml"
DAYS = range(1, 6)  # seeds 1..5, one day each: the same five days for every setting below
KPIS = ["wait_mean", "served_within_10", "balked_rate", "reneged_rate", "triaged_rate", "diversion_rate",
        "self_service_failures", "referrals", "sales", "complaints", "satisfaction_mean"]
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 3)
pd.set_option("display.width", 140)


def compare(settings: dict) -> pd.DataFrame:
    """Mean KPIs over the five days for each named setting (a dict of scenario overrides)."""
    return pd.DataFrame({name: mean_kpis(simulate(BASE, ov, DAYS, days=1), KPIS) for name, ov in settings.items()})


print(f"each setting is simulated on the same {len(DAYS)} days (seeds {list(DAYS)})")

# %% [markdown]
# ## 1. What triage is
#
# A lobby manager (大堂经理) greets each customer at the door, asks what they need and prints a
# ticket. That short conversation is **triage (分流)**:
#
# * **diversion to machines** — queries, small withdrawals, transfers and bill payments can be done
#   at a self-service machine (自助设备), "to relieve counter pressure" (seed 004). Not everyone
#   agrees (60 % of those offered, a model default), and some cannot finish alone — one elderly
#   customer in four (model default; seed 002's syllabus has a whole process for *customer education*);
# * **VIP routing** — VIP-card holders (贵宾) get a VIP ticket, served first at the VIP window;
# * **green channel (绿色通道)** — elderly and urgent customers are called first at ordinary windows (seed 004);
# * **referral (推荐)** — spotting a potential high-value customer who looks like anybody else and
#   taking them to a customer manager (客户经理) (seed 004: "refers potential high-value customers");
# * **second triage (二次分流)** — walking the queue when it grows and moving people to machines.
#
# While the lobby manager triages one customer, the next ones take a ticket by themselves and
# are not triaged at all. Time spent **selling** to waiting customers (seed 002: lobby managers
# promote products) is time not spent at the door.

# %% [markdown]
# The model's knobs: `staff.choices.lobby_manager.diversion` (how often an eligible customer is
# offered a machine), `.referral` (how hard they look for hidden high-value customers), `.selling`
# (share of free time spent selling), and in `branch`: `lobby_managers`, `green_channel`,
# `second_triage.enabled`, `calling.vip` (whom the VIP window calls).
#
# ## 2. No lobby manager, or two

# %%
staffing = compare({
    "baseline (1)": {},
    "no lobby manager": {"branch.lobby_managers": 0},
    "two lobby managers": {"branch.lobby_managers": 2},
})


def moved(table: pd.DataFrame, kpi: str, setting: str, reference: str) -> str:
    """One KPI from the reference setting to another, in words chosen from the numbers."""
    a, b = table.loc[kpi, reference], table.loc[kpi, setting]
    return f"{kpi} {'rises' if b > a else 'falls' if b < a else 'is unchanged'} ({a:.3f} -> {b:.3f})"


print(f"Means over the {len(DAYS)} days, no interval yet. Without a lobby manager: " + "; ".join(
    moved(staffing, k, "no lobby manager", "baseline (1)")
    for k in ["wait_mean", "balked_rate", "reneged_rate", "complaints", "self_service_failures"]))
print("With two lobby managers: " + "; ".join(
    moved(staffing, k, "two lobby managers", "baseline (1)") for k in ["triaged_rate", "wait_mean"]))
staffing.round(3)

# %% [markdown]
# Without a lobby manager nobody is triaged or diverted, so the mechanism predicts longer
# queues at the counter, more customers who walk out (balk) or give up (renege), more
# complaints — and *fewer* failures at the machines, simply because fewer people are sent to
# them. A second lobby manager should triage a larger share of the customers (`triaged_rate`).
# The lines above the table say which way each KPI moved on these days.
#
# Five days are a small sample, and these are means without intervals: notebook 03 shows how
# to put a confidence interval on such a difference, and a KPI counted in ones a day (sales,
# referrals) needs many days before its change stands out from day-to-day noise.
#
# ## 3. Each choice on its own
#
# Change one thing at a time, everything else as in the baseline:

# %%
choices = compare({
    "baseline": {},
    "diversion 0.2": {"staff.choices.lobby_manager.diversion": 0.2},
    "diversion 1.0": {"staff.choices.lobby_manager.diversion": 1.0},
    "busy selling (0.8)": {"staff.choices.lobby_manager.selling": 0.8},
    "no second triage": {"branch.second_triage.enabled": False},
    "VIP window: VIPs only": {"branch.calling.vip": ["vip"]},
})
for setting in choices.columns.drop("baseline"):
    print(f"{setting}: " + "; ".join(moved(choices, k, setting, "baseline") for k in ["wait_mean", "triaged_rate",
                                                                                      "sales"]))
choices.loc[["wait_mean", "served_within_10", "balked_rate", "triaged_rate", "diversion_rate", "sales",
             "complaints"]].round(3)

# %% [markdown]
# * **Diversion**: offering machines to few customers (0.2) or to everyone eligible (1.0) —
#   the first two lines above say which way the mean wait moves from the baseline's on these
#   five days. Ranking the levers by their effect takes the twenty days of exercise 02.best_lever.
# * A lobby manager **busy selling** is expected to triage fewer customers and sell more (the
#   line for `busy selling (0.8)` says what these days show). Which of the two the branch wants
#   depends on how the lobby manager is assessed — seed 002 lists both service standards *and*
#   product promotion among their targets.
# * Letting the VIP window call **VIPs only** should keep it idle when no VIP is waiting, which
#   would lengthen the branch's mean wait; its line says whether it did here.
#
# A diversion sweep shows the shape of the effect:

# %%
levels = [0.2, 0.4, 0.6, 0.8, 1.0]
sweep = compare({lv: {"staff.choices.lobby_manager.diversion": lv} for lv in levels}).T
sweep.index.name = "diversion"
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
sns.lineplot(data=sweep, x="diversion", y="wait_mean", marker="o", ax=axes[0])
sns.lineplot(data=sweep, x="diversion", y="self_service_failures", marker="o", ax=axes[1], color="C3")
axes[0].set(ylabel="mean wait (min)", title="Mean wait by diversion")
axes[1].set(ylabel="failures at machines per day", title="Failures at machines by diversion")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 4. The green channel: who pays for priority?
#
# The green channel lets elderly customers jump the ordinary queue. Queueing theory says priority
# is never free: the wait should move to someone else. Mean wait by segment with and without it:

# %%
def waits_by_segment(overrides):
    runs = simulate(BASE, overrides, DAYS, days=1)
    c = pd.concat([r.customers for r in runs])
    c = c[c["start"].notna()]
    return c.groupby(c["segment"].astype(str))["wait"].mean()


green = pd.DataFrame({"with green channel": waits_by_segment({}),
                      "without": waits_by_segment({"branch.green_channel": False})})
green["change"] = green["without"] - green["with green channel"]
green.round(2)

# %% [markdown]
# Priority is meant to move waiting from the elderly to the customers who share the ordinary
# windows with them. Read the `change` column: how much longer do the elderly wait without the
# green channel, and do the others wait less — or, on five days, is their change lost in
# day-to-day noise (notebook 03 shows how to put an interval on it)? Priority mostly decides
# *who* waits; whether it also changes how long the branch as a whole keeps people waiting is
# what the other rows ask.
#
# ## 5. Try it yourself: the triage explorer
#
# Move the controls and press **Run**. Nothing is simulated while you move sliders; Run simulates
# the chosen number of days with your setting *and* with the baseline on the same seeds, then the
# tabs show KPIs, queues over the day, and waits by segment. (In a static view of this notebook the
# widget does not show; its KPI table is printed below it.)

# %% tags=["nbval-ignore-output"]
ex = triage_explorer(BASE, lobby_managers=1, diversion=0.4, selling=0.6, days=3)
ex.run()
ex

# %%
ex.rendered["KPIs"]

# %% [markdown]
# ## 6. Exercises
#
# **Exercise 02.no_lobby_wait** — By how many minutes does the mean wait rise when the branch has
# no lobby manager (mean over the five days of section 2)?

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = staffing.loc["wait_mean", "no lobby manager"] - staffing.loc["wait_mean", "baseline (1)"]
### END SOLUTION

# %%
check("02.no_lobby_wait", answer)

# %% [markdown]
# **Exercise 02.best_lever** — Which one change cuts the mean wait most? (a) a second lobby
# manager, (b) no selling at all (selling 0.0), (c) the VIP window calls VIPs only. Five days
# are too few to rank levers whose effects are close, so measure each on the 20 days of
# `LEVER_DAYS` (the same days for each: common random numbers), then answer with a letter.

# %%
LEVER_DAYS = range(1, 21)  # seeds 1..20, one day each
LEVERS = {"a": {"branch.lobby_managers": 2}, "b": {"staff.choices.lobby_manager.selling": 0.0},
          "c": {"branch.calling.vip": ["vip"]}}
print(f"{len(LEVERS)} levers, each on the same {len(LEVER_DAYS)} days")

# %% tags=["answer"]
answer = ...  # "a", "b" or "c"
### BEGIN SOLUTION
lever_waits = pd.DataFrame({k: [r.kpis()["wait_mean"] for r in simulate(BASE, ov, LEVER_DAYS, days=1)]
                            for k, ov in LEVERS.items()})
answer = lever_waits.mean().idxmin()
### END SOLUTION

# %%
check("02.best_lever", answer)

# %% tags=["solution"]
# how far outside its noise the exercise is decided: the best lever's lead over the runner-up,
# paired day by day, in standard errors of that paired difference
ranked = lever_waits.mean().sort_values()
lead = lever_waits[ranked.index[1]] - lever_waits[ranked.index[0]]
se = lead.std(ddof=1) / len(lead) ** 0.5
print(f"({ranked.index[0]}) cuts the mean wait most: {lead.mean():.2f} min more than the runner-up "
      f"({ranked.index[1]}), paired standard error {se:.2f} min over {len(lead)} days, "
      f"{lead.mean() / se:.1f} standard errors")

# %% [markdown]
# **Exercise 02.sell_and_serve** — The branch head wants the lobby manager to spend at least half
# of their free time selling (`selling` ≥ 0.5). Choose `diversion`, `referral` and `selling` (each
# between 0 and 1) so that the mean wait over seeds 1–3 (one day each) stays **below 5.5 minutes**.
# Answer with a dict, e.g. `{"diversion": 0.7, "referral": 0.5, "selling": 0.5}`.

# %% tags=["answer"]
answer = ...  # a dict with the keys diversion, referral, selling
### BEGIN SOLUTION
answer = {"diversion": 1.0, "referral": 0.5, "selling": 0.5}
### END SOLUTION

# %%
check("02.sell_and_serve", answer)

# %% [markdown]
# ## Questions for discussion
#
# 1. If diversion shortens the counter queue but sends more elderly customers to machines they
#    cannot use, how would you assess a lobby manager so that they divert the *right* customers?
# 2. Seed 002 asks lobby managers both to keep service standards and to promote products. In
#    section 3, what does the branch gain and lose when the lobby manager sells more? Who should
#    decide the balance, and with which KPI?
# 3. The green channel is meant to move waiting time from the elderly to others. Is that fair?
#    Would your answer change in a branch where half the customers are elderly?
# 4. Small branches have no full-time lobby manager (seed 004). Using section 2, argue for or
#    against a part-time one in a branch like the baseline.
