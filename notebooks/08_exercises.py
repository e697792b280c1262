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
# # 08 · Exercises
#
# For students (and trainers setting homework). Each exercise has an **answer cell** — replace
# the `...` with your answer — and a **check cell** that tells you ✔ right, ✘ not quite (with a
# hint), or that you have not answered yet. Notebooks 00–03 teach what you need.
#
# **What you will learn**
#
# * to read the result tables and KPIs of a simulated branch on your own;
# * to compute a queueing-theory answer (Erlang C) and a confidence interval;
# * to change a branch — windows, calling rules — so that it meets a service target;
# * to change a **pay scheme** (绩效考核, performance assessment) so that it meets a fairness target.
#
# Rules: use the public API (`simkit.run`, `Results` tables and `kpis()`, `simkit.scenario`,
# `simkit.theory`, `simkit.widgets.simulate`). Keep the seeds given in each question: with the
# same seed you get the same customers, so the answer is checkable. When a teacher grades the
# notebook (nbgrader), each exercise of Parts A and B is worth one point and each of Part C two.

# %%
import math

import pandas as pd
from scipy import stats

import simkit
from simkit.scenario import load_scenario, shipped_dir, with_overrides
from simkit.teach import check
from simkit.theory import erlang_c
from simkit.widgets import mean_kpis, simulate

SCENARIOS = shipped_dir()  # the scenarios installed with simkit: the notebook runs from any folder
BASE = SCENARIOS / "baseline.yaml"
pd.set_option("display.precision", 3)
week2 = simkit.run(BASE, days=7, seed=2)  # used by exercises 1 and 3
print(f"baseline, 7 days, seed 2: {len(week2.customers)} visits")

# %% [markdown]
# ## Part A — reading results
#
# **Exercise 08.vip_share** — In `week2` (baseline, 7 days, seed 2), what share of all visits were
# made by VIP customers (segment `"vip"`)? A fraction between 0 and 1, to three decimals.

# %% tags=["answer"]
answer = ...  # a fraction, to three decimals

# %% tags=["points-1"]
check("08.vip_share", answer)

# %% [markdown]
# **Exercise 08.no_lobby_sl15** — Simulate `scenarios/no_lobby_manager.yaml` for 7 days with
# seed 2. What share of called customers were called within 15 minutes (the KPI `served_within_15`)?

# %% tags=["answer"]
answer = ...  # a fraction

# %% tags=["points-1"]
check("08.no_lobby_sl15", answer)

# %% [markdown]
# **Exercise 08.complaint_driver** — In the model, a customer's chance of complaining grows with
# what happened during the visit (`customers.complaints` in the scenario: each number is added to the
# log-odds of a complaint). Which raises the chance more: **(a)** one teller error, or **(b)** ten
# extra minutes of waiting? Look it up in `week2.scenario.customers.complaints`; answer `"a"` or `"b"`.

# %% tags=["answer"]
answer = ...  # "a" or "b"

# %% tags=["points-1"]
check("08.complaint_driver", answer)

# %% [markdown]
# ## Part B — theory and uncertainty
#
# **Exercise 08.erlang_wait** — A small branch has 3 windows; 30 customers arrive per hour at
# random; each takes 5 minutes on average (exponential). What is the mean wait in minutes
# according to Erlang C? (`erlang_c(c, lam, mu)` takes rates **per minute**.)

# %% tags=["answer"]
answer = ...  # minutes

# %% tags=["points-1"]
check("08.erlang_wait", answer)

# %% [markdown]
# **Exercise 08.ci_halfwidth** — Simulate the baseline for one day with each of the seeds 1–10 and
# take each day's `wait_mean`. What is the **half-width** of the 95 % confidence interval of their
# mean (Student's t with 9 degrees of freedom: t × s / √n)?

# %% tags=["answer"]
answer = ...  # minutes

# %% tags=["points-1"]
check("08.ci_halfwidth", answer)

# %% [markdown]
# **Exercise 08.pace_errors** — Tellers who hurry make more mistakes (seed 002: "don't seek speed,
# seek accuracy", 不求快,先求稳). Run the baseline for 3 days with seed 1 with every teller at
# pace 1.4 (`staff.choices.teller.pace`). What is the `error_rate` (errors per counter service),
# to three decimals?

# %% tags=["answer"]
answer = ...  # a fraction, to three decimals

# %% tags=["points-1"]
check("08.pace_errors", answer)

# %% [markdown]
# ## Part C — change the branch, change the scheme
#
# **Exercise 08.vip_fast** — The branch head wants VIPs (贵宾) served faster **without more
# windows or staff**. Using only overrides of `branch.windows.*` (at most 5 windows in total) and
# `branch.calling.*` (which tickets each window type calls, in order), make the VIPs' mean wait
# **below 4 minutes** while the mean wait of all customers stays **below 6.5 minutes**, over seeds
# 1–3 (one day each). Answer with a dict of overrides, e.g. `{"branch.windows.vip": 1}`.

# %% tags=["answer"]
answer = ...  # a dict of dotted-path overrides

# %% tags=["points-2"]
check("08.vip_fast", answer)

# %% [markdown]
# **Exercise 08.fair_fines** — Under a piece rate with fines (seed 002: "deductions are the main
# theme of the job"), the tellers' fines can eat half of what the piece rate pays. Complaints mostly
# come from long waits, which a teller does not control. Re-design the teller scheme
#
# ```python
# {"components": [{"kind": "fixed", "base": 2000.0, "position": 500.0},
#                 {"kind": "piece_rate", "per_transaction": P, "fine_per_error": E, "fine_per_complaint": C}]}
# ```
#
# so that, in one month of the baseline branch (`horizon.periods: 1`, seed 1), the tellers' fines
# together are **at most 20 % of their piece-rate pay**, while an error still costs **at least ¥20**
# and the piece rate is **at most ¥2.00**. Answer with `{"per_transaction": P, "fine_per_error": E,
# "fine_per_complaint": C}`. (Build the scenario with `with_overrides(load_scenario(BASE),
# {"horizon.periods": 1, "pay.teller": {...}})` and look at `res.payslips`.)

# %% tags=["answer"]
answer = ...  # a dict with per_transaction, fine_per_error, fine_per_complaint

# %% tags=["points-2"]
check("08.fair_fines", answer)

# %% [markdown]
# ## Questions for discussion
#
# 1. Whatever you changed in 08.vip_fast, does somebody else now wait longer so that VIPs wait
#    less? Who, and how would you find out with the model? Think of the customers of the green channel.
# 2. Look at the scheme you chose in 08.fair_fines: what does each fine tell a teller to care
#    about, and what is left that a teller now has no pay reason to care about?
# 3. The confidence interval in 08.ci_halfwidth is about one day's noise. How many days would you
#    simulate before comparing two pay schemes? How many months for schemes with learning?
# 4. Which of these exercises depends most on the model's assumed numbers (defaults) rather than
#    on the seeds' facts? How would you check that assumption in a real branch?
