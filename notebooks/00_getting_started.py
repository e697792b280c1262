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
# # 00 · Getting started: one day in a simulated bank branch
#
# For everyone who opens simkit for the first time: new branch staff in training,
# researchers of pay design, students. No queueing theory needed.
#
# **What you will learn**
#
# * how to simulate a branch day (网点的一天) with one line of Python, and why every run names a *seed*;
# * what the result tables hold — one row per customer visit, per event, per stretch of staff work;
# * how to read the headline KPIs (waiting times, service level, customers who gave up);
# * how to make your first plots with seaborn, and how to change the branch and compare;
# * how the exercise cells (`check(...)`) in these notebooks work.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit.report import format_kpis, queue_over_day
from simkit.scenario import load_scenario, with_overrides
from simkit.teach import check

SCENARIOS = Path("..") / "scenarios"  # notebooks run with notebooks/ as working directory
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 3)
pd.set_option("display.width", 120)
print(f"simkit {simkit.__version__}; scenarios: {sorted(p.stem for p in SCENARIOS.glob('*.yaml'))}")

# %% [markdown]
# ## 1. The branch we simulate
#
# A retail branch (零售网点) of a Chinese bank: customers arrive all day, a **lobby manager
# (大堂经理)** greets them and *triages* (分流) — sends simple jobs to the **self-service
# machines (自助设备)**, VIPs to the VIP window, elderly customers to the **green channel
# (绿色通道)** — and everybody else takes a queue ticket (取号) for a **teller (柜员)** window.
# **Customer managers (客户经理)** sit at desks for wealth products and loans, and spend part
# of the afternoon outside finding new clients.
#
# The file `scenarios/baseline.yaml` describes a mid-size branch: 3 ordinary windows, 1 VIP
# window, 1 corporate window, 1 lobby manager, 2 customer managers, 3 machines, open
# 9:00–17:00. Every number in it names its source: a seed document from real branches
# (`seed 002` is a training syllabus with tellers' own accounts of the job; `docs/sources.md`
# says what each seed is and quotes the passages used) or a stated default.

# %%
sc = load_scenario(SCENARIOS / "baseline.yaml")
print(sc.description)
print("windows:", sc.branch.windows, "| lobby managers:", sc.branch.lobby_managers,
      "| customer managers:", sc.branch.customer_managers, "| machines:", sc.branch.self_service.machines)

# %% [markdown]
# ## 2. Simulate one day
#
# `simkit.run` takes a scenario (or the path of its YAML file) and returns a `Results`
# object. The **seed** fixes every random draw: the same seed gives exactly the same customers
# and the same day, which is why the numbers below are the same every time you run this
# notebook. A different seed is a different (equally likely) day.
#
# First the picture: how many customers were waiting for each kind of window over the day.
# Where is the ordinary queue longest: at the 9:00 opening, or while the tellers take turns
# at lunch and fewer windows are open? (Notebook 01 answers it over a whole week.)

# %%
res = simkit.run(SCENARIOS / "baseline.yaml", days=1, seed=1)
queue_over_day(res)
plt.show()

# %% [markdown]
# Then the numbers. Read them like a branch manager's daily report:
#
# * `customers` visits came in; `served` were served; the rest **balked** (saw the queue and
#   left at once) or **reneged** (took a ticket, waited, gave up).
# * `wait_mean` is the average wait before service in minutes; `served_within_10` is the
#   **service level** (服务水平): the share of customers called within 10 minutes.
#   `served_within_15` is the same with the other target Chinese branches report against
#   (`simkit/measure/kpis.py` names both).
# * `wait_p90`: the wait that 9 customers in 10 did not exceed.

# %%
k = res.kpis()
print(f"{k['customers']} visits, {k['served']} served; service level {k['served_within_10']:.1%} within 10 min "
      f"and {k['served_within_15']:.1%} within 15 min")
format_kpis(k).head(12)

# %% [markdown]
# ## 3. The tables behind the numbers
#
# Every KPI is computed from tidy tables (one row per observation, ready for pandas and
# seaborn). `customers` has one row per visit:

# %%
cols = ["segment", "need", "triaged", "channel", "ticket", "arrive", "wait", "server", "outcome", "satisfaction"]
print(f"the branch opens at {sc.branch.open}, minute {sc.branch.open_minute} of the day")
res.customers[cols].head(8)

# %% [markdown]
# Times are **minutes since midnight of the first day** (540 is 9:00, the opening). `events` is the full
# trail of every visit — arrive, triage, ticket, call, done, pitch, sale, complaint, leave:

# %%
res.events[res.events["customer"] == 0]

# %% [markdown]
# `staff_activity` says what each member of staff did and when (T = teller, L = lobby
# manager, M = customer manager, S = self-service machine), and `utilisation()` sums it up:

# %%
util = res.utilisation()
util.pivot_table(index=["role", "staff"], columns="activity", values="share", observed=True).fillna(0).round(2)

# %% [markdown]
# ## 4. Asking questions with pandas
#
# Who waited longest? Group the visits by customer segment:

# %%
served = res.customers[res.customers["start"].notna()]
(served.groupby("segment", observed=True)["wait"]
       .agg(visits="size", mean_wait="mean", p90=lambda w: w.quantile(0.9))
       .sort_values("mean_wait", ascending=False).round(1))

# %% [markdown]
# Look at the segments with a window of their own — VIPs (贵宾窗口) and corporate clients
# (对公窗口): one window means one server, and when it is busy with a long service nobody else
# can help (ordinary windows never call VIP or corporate tickets), so these "privileged" customers
# can wait *longer* than mass customers — compare their rows with the `mass` row above. Whether
# that is acceptable is a design question for the branch — notebook 02 takes it up.
#
# ## 5. Your own plots
#
# Any table makes a seaborn figure. The distribution of waits, by whether the lobby manager
# triaged the customer:

# %%
fig, ax = plt.subplots(figsize=(8, 3.5))
sns.histplot(data=served, x="wait", hue="triaged", bins=30, multiple="stack", ax=ax)
ax.set(xlabel="wait before service (min)", ylabel="customers", title="Waits on one baseline day (seed 1)")
plt.show()

# %% [markdown]
# ## 6. Change the branch and compare
#
# `with_overrides` changes fields by their dotted path in the YAML and checks the result
# again (a wrong name or value is a clear error, never a silent default). Open a fourth
# ordinary window and run the *same* day (same seed: the same customers arrive):

# %%
four = with_overrides(sc, {"branch.windows.ordinary": 4})
res4 = simkit.run(four, days=1, seed=1)
keys = ["served", "balked_rate", "reneged_rate", "wait_mean", "served_within_10", "utilisation_teller"]
compare = pd.DataFrame({"3 ordinary windows": res.kpis(), "4 ordinary windows": res4.kpis()}).loc[keys].T
print(f"mean wait: {compare.iloc[0]['wait_mean']:.1f} -> {compare.iloc[1]['wait_mean']:.1f} min; "
      f"customers who gave up: {compare.iloc[0][['balked_rate', 'reneged_rate']].sum():.1%} -> "
      f"{compare.iloc[1][['balked_rate', 'reneged_rate']].sum():.1%}")
compare.round(3)

# %% [markdown]
# Did the extra window shorten the wait, and did fewer customers give up? The line above the
# table says by how much on this day. One day is one draw, though: notebook 03 shows how to
# tell a real difference from luck.
#
# Results can be saved (Parquet tables plus the fully resolved scenario) and loaded again,
# so every figure can be traced back to its inputs: `res.save("out/run1")`, `simkit.load("out/run1")`.
#
# ## 7. Exercises
#
# Each exercise has an **answer cell** (replace the `...`) and a **check cell**. The check
# says ✔ right, ✘ not quite (with a hint), or that you have not answered yet. In this
# notebook the answers are filled in, so you can see how it works.
#
# **Exercise 00.customers** — How many customer visits did the baseline branch have on the
# simulated day above (seed 1)?

# %% tags=["answer"]
answer = ...  # a whole number
### BEGIN SOLUTION
answer = len(res.customers)
### END SOLUTION

# %%
check("00.customers", answer)

# %% [markdown]
# **Exercise 00.gave_up** — What share of the visits on that day ended with the customer
# giving up, i.e. balked *or* reneged? Answer as a fraction between 0 and 1.

# %% tags=["answer"]
answer = ...  # a fraction, e.g. 0.25
### BEGIN SOLUTION
answer = res.kpis()["balked_rate"] + res.kpis()["reneged_rate"]
### END SOLUTION

# %%
check("00.gave_up", answer)

# %% [markdown]
# **Exercise 00.busiest** — Which segment made the most visits on that day? Answer with the
# segment's name as it appears in the tables (`"vip"`, `"elderly"`, ...). (Not "which segment waited
# longest": on one day that ranking changes from seed to seed — it is decided by luck, and a
# question must not be.)

# %% tags=["answer"]
answer = ...  # a segment name, in quotes
### BEGIN SOLUTION
answer = res.customers["segment"].astype(str).value_counts().idxmax()
### END SOLUTION

# %%
check("00.busiest", answer)

# %% tags=["solution"]
# how far outside its noise the exercise is decided: the busiest segment's lead over the next,
# against the standard error of a difference of two counts of arrivals (Poisson: the square
# root of their sum)
visits = res.customers["segment"].astype(str).value_counts()
lead, se = visits.iloc[0] - visits.iloc[1], (visits.iloc[0] + visits.iloc[1]) ** 0.5
print(f"{visits.index[0]} made the most visits: {lead} more than the next segment ({visits.index[1]}), "
      f"standard error {se:.1f} ({lead / se:.1f} standard errors)")

# %% [markdown]
# ## Questions for discussion
#
# 1. The KPI table reports a *mean* wait and a *90th percentile*. Which one would a customer
#    care about, and which one would a branch head report upwards? Why can they tell different stories?
# 2. Did the VIPs and corporate clients wait longer than mass customers on this day? If so, is
#    that a failure of the branch, of the calling rule, or of one unlucky day? What would you look at next?
# 3. Why is it useful that the same seed gives the same customers when you change the number
#    of windows? What would go wrong in the comparison without it?
# 4. The model's numbers come from seed documents and stated defaults, not from one real
#    branch's data. Which numbers would you most want to measure in your own branch?
