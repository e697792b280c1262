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
# # 03 · Staffing and queueing theory: how many windows?
#
# For branch heads who plan the counter (柜台) and for students of operations research.
#
# **What you will learn**
#
# * what a **service level** is ("80 % of customers called within 10 minutes") and why waits
#   explode as the windows fill up;
# * how the textbook **Erlang C** formula answers "how many windows?", and what it assumes;
# * how to check the simulation against Erlang C, with **confidence intervals** from replications;
# * why the baseline branch can need more windows than Erlang C says at some hours, and fewer at others;
# * how the **month-end peak** (月末) breaks a staffing plan, and how many windows it takes to hold it.

# %%
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

import simkit
from simkit.scenario import load_scenario, with_overrides
from simkit.teach import check
from simkit.theory import erlang_c

SCENARIOS = Path("..") / "scenarios"
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 3)
pd.set_option("display.width", 140)


def service_level(c: int, lam: float, mu: float, t: float) -> float:
    """Erlang C: share of customers called within t minutes, P(W <= t) = 1 - C * exp(-(c mu - lam) t)."""
    if lam / mu >= c:
        return 0.0  # unstable: the queue grows without end
    return 1.0 - erlang_c(c, lam, mu)["p_wait"] * math.exp(-(c * mu - lam) * t)


def windows_needed(lam: float, mu: float, target: float = 0.8, t: float = 10.0) -> int:
    """The fewest windows whose Erlang C service level reaches the target."""
    c = max(1, math.ceil(lam / mu))
    while service_level(c, lam, mu, t) < target:
        c += 1
    return c


print(f"example: 50 customers/h, 6 min each -> {windows_needed(50 / 60, 1 / 6)} windows for 80 % within 10 min")

# %% [markdown]
# ## 1. The service level and Erlang C
#
# Chinese branches report waits against targets of 10–15 minutes (the model's two service-level
# KPIs). The question every branch head faces: **how many windows must be open** so that, say,
# 80 % of customers are called within 10 minutes?
#
# The classic answer is the **Erlang C** formula (A. K. Erlang, 1917; any queueing text, e.g.
# Gross & Harris, *Fundamentals of Queueing Theory*, §2.3). It assumes customers arrive at random
# at a steady rate λ (a Poisson process), service times are exponential with mean 1/μ, there are
# c identical windows and one first-come-first-served queue, and nobody gives up. Then the
# probability of having to wait at all, C(c, λ/μ), and the mean wait follow exactly
# (`simkit.theory.erlang_c`), and the share called within t minutes is
# 1 − C · e^(−(cμ − λ)t).
#
# The key quantity is the **offered load** a = λ/μ: how many windows would be busy on average.
# Waits explode as the windows fill up (utilisation ρ = a/c near 1):

# %%
lam, mu = 40 / 60, 1 / 6  # 40 customers an hour, 6 minutes each: 4 windows' worth of work
rows = []
for c in range(5, 11):
    ec = erlang_c(c, lam, mu)
    rows.append({"windows": c, "utilisation": ec["rho"], "P(wait)": ec["p_wait"], "mean wait (min)": ec["wq"],
                 "called within 10 min": service_level(c, lam, mu, 10.0)})
pd.DataFrame(rows).set_index("windows").round(3)

# %% [markdown]
# With 5 windows each is busy 80 % of the time, more than half the customers wait, and the
# *average* wait is over 3 minutes; a sixth window cuts it below 1 minute. Compare the mean wait
# from one row to the next: in the formula, the first windows above the offered load buy the most.
#
# ## 2. Does the simulation agree with Erlang C?
#
# `scenarios/mmc.yaml` strips the branch down to exactly Erlang C's assumptions: Poisson arrivals
# around the clock, exponential services, identical windows, no lobby, no balking, no breaks
# (the first line below prints its rates and load). We run it 8 times (seeds 1–8, 5 days each)
# and put a 95 % confidence interval (Student's t over the replications) around the simulated
# values.

# %%
mmc = load_scenario(SCENARIOS / "mmc.yaml")
lam_mmc, mu_mmc = 43.2 / 60, 1 / 5
print(f"{lam_mmc * 60:.1f} arrivals an hour, {1 / mu_mmc:.0f}-minute services on average: "
      f"load per window {lam_mmc / mu_mmc / 4:.2f} with 4 windows, {lam_mmc / mu_mmc / 5:.2f} with 5")


def replicate(sc, seeds, days):
    out = []
    for s in seeds:
        cust = simkit.run(sc, days=days, seed=s).customers
        called = cust[cust["start"].notna()]
        out.append({"P(wait)": float((called["wait"] > 1e-9).mean()), "mean wait (min)": float(called["wait"].mean()),
                    "called within 10 min": float((called["wait"] <= 10).mean())})
    return pd.DataFrame(out)


def ci95(x):
    half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean() - half, x.mean() + half


rows = []
for c in (4, 5):
    reps = replicate(with_overrides(mmc, {"branch.windows.ordinary": c}), seeds=range(1, 9), days=5)
    theory = erlang_c(c, lam_mmc, mu_mmc)
    theory_values = {"P(wait)": theory["p_wait"], "mean wait (min)": theory["wq"],
                     "called within 10 min": service_level(c, lam_mmc, mu_mmc, 10.0)}
    for kpi, th in theory_values.items():
        lo, hi = ci95(reps[kpi])
        rows.append({"windows": c, "KPI": kpi, "Erlang C": th, "simulation": reps[kpi].mean(),
                     "95% CI low": lo, "95% CI high": hi, "theory inside CI": bool(lo <= th <= hi)})
mmc_check = pd.DataFrame(rows).set_index(["windows", "KPI"])
inside = int(mmc_check["theory inside CI"].sum())
width = (mmc_check["95% CI high"] - mmc_check["95% CI low"]).xs("mean wait (min)", level="KPI")
print(f"Erlang C inside the simulation's 95 % interval for {inside} of {len(mmc_check)} values; "
      f"the mean wait's interval is {width.loc[4]:.2f} min wide with 4 windows, {width.loc[5]:.2f} min with 5")
mmc_check.round(3)

# %% [markdown]
# Where the model meets the formula's assumptions, theory should fall inside the simulation's
# own uncertainty; the first line above counts how often it does. The project's test suite makes
# this check stricter, with batch means and several loads:
# `tests/branch/test_queueing_theory.py`. Compare the two widths the line prints: near full load
# the same 5 simulated days can look good or bad by chance. That is the reason to replicate before
# trusting any single run.
#
# ## 3. The real branch is not Erlang C
#
# Now apply the formula to the baseline branch the way a planner would: take the arrival rate
# for each opening hour, the share of customers who end up at a counter, and the mean counter
# service time measured in a simulated week — and ask Erlang C how many windows each hour needs.

# %%
base = load_scenario(SCENARIOS / "baseline.yaml")
week = simkit.run(base, days=7, seed=1)
cust = week.customers
at_counter = cust[(cust["channel"] == "teller") & cust["start"].notna()]
counter_share = len(at_counter) / len(cust)
service = at_counter["end"] - at_counter["start"]
mean_service = float(service.mean())
print(f"share of visits served at a counter: {counter_share:.3f}; mean counter service: {mean_service:.2f} min "
      f"(incl. pitches and rework), coefficient of variation {service.std() / mean_service:.2f}")
level = week.kpis()["served_within_10"]
print(f"simulated week: {level:.1%} of called customers called within 10 min, against the 80 % target: "
      + ("meets it" if level >= 0.8 else f"{100 * (0.8 - level):.1f} percentage points short"))

plan = []
for hour, per_hour in sorted(base.arrivals.hourly.items()):
    lam_h = per_hour * counter_share / 60
    plan.append({"hour": hour, "arrivals/h": per_hour, "to counter/h": per_hour * counter_share,
                 "offered load": lam_h * mean_service, "Erlang C windows for 80/10": windows_needed(lam_h, 1 / mean_service)})
plan = pd.DataFrame(plan).set_index("hour")
need = plan["Erlang C windows for 80/10"]
print(f"Erlang C asks for {need.min()}–{need.max()} windows, hour by hour; the branch has "
      f"{sum(base.branch.windows.values())} (fewer while tellers rotate lunch)")
plan.round(2)

# %% [markdown]
# The two lines above the table set the formula's answer against the simulated week's
# service level, and the chart below shows which hours miss the target; the line under the
# chart says whether the formula errs in either direction, hour by hour. Why would it?
#
# * **Customers give up.** Balking and reneging remove people from the queue (Erlang C assumes
#   infinite patience); the formula **overstates** the wait of those who stay.
# * **Windows are not pooled.** VIP and corporate windows call ordinary tickets when their own
#   queue is empty, but a VIP or corporate customer can never use an ordinary window; separate
#   queues waste capacity, so on that count the formula **understates** waits.
# * **Service times may vary less than exponential** (lognormal: compare the coefficient of
#   variation printed above with 1 for the exponential; Brown et al. 2005, *JASA* 100:36–50, for
#   real service data) — and less variable service means shorter queues.
# * **Arrivals are not steady**: the 9:00 rush and the lunch rotation build queues that a per-hour
#   average does not see.
#
# Erlang C is a good first guess and a check on the model; the simulation is what answers the
# question for a real branch.

# %%
sim_hours = cust[cust["start"].notna()].assign(hour=(cust["arrive"] % 1440 // 60).astype(int))
plan["simulated: called within 10 min"] = sim_hours.groupby("hour")["wait"].apply(lambda w: (w <= 10).mean())
fig, ax = plt.subplots(figsize=(8, 3.5))
sns.barplot(x=plan.index, y=plan["simulated: called within 10 min"], color="C0", ax=ax)
ax.axhline(0.8, color="C3", ls="--", label="target 80 %")
ax.set(xlabel="hour of arrival", ylabel="called within 10 min", title="Baseline week (seed 1): service level by hour",
       ylim=(0, 1))
ax.legend(loc="lower left")
plt.show()
short = plan.index[plan["simulated: called within 10 min"] < 0.8]
print("hours of arrival below the 80 % target: " + (", ".join(f"{h}:00" for h in short) or "none"))
windows_open = sum(base.branch.windows.values())
meets = plan["simulated: called within 10 min"] >= 0.8
too_many = [f"{h}:00" for h in plan.index if need[h] > windows_open and meets[h]]
too_few = [f"{h}:00" for h in plan.index if need[h] <= windows_open and not meets[h]]
print(f"Erlang C asks for more than the branch's {windows_open} windows, yet the branch meets the target: "
      f"{', '.join(too_many) or 'no hour'}; Erlang C says {windows_open} suffice, yet the branch misses it: "
      f"{', '.join(too_few) or 'no hour'}")

# %% [markdown]
# ## 4. Month-end peaks (月末)
#
# 「在银行最害怕的就是月末」 — *what you fear most in a bank is month-end* (seed 000): salaries,
# bills, loan repayments and sales targets all fall on the last days. `scenarios/month_end.yaml`
# is the baseline branch over the last week of November 2026 with more arrivals on the last
# days of the month (a model default; the first line below prints it). The mean wait per day,
# with the baseline's 3 ordinary windows, with 4 and with 5:

# %%
month_end = load_scenario(SCENARIOS / "month_end.yaml")
rush = month_end.arrivals.month_end
print(f"month-end rush: {rush.factor - 1:.0%} more arrivals on the last {rush.last_days} days of the month")


def by_day(n_ordinary: int) -> pd.DataFrame:
    res = simkit.run(with_overrides(month_end, {"branch.windows.ordinary": n_ordinary}), seed=1)
    called = res.customers[res.customers["start"].notna()]
    dates = pd.date_range(month_end.horizon.start_date, periods=month_end.horizon.days).strftime("%a %d %b")
    g = called.groupby("day")["wait"]
    return pd.DataFrame({"date": dates, "ordinary windows": n_ordinary, "visits": res.customers.groupby("day").size(),
                         "mean wait (min)": g.mean(), "called within 10 min": g.apply(lambda w: (w <= 10).mean())})


days_table = pd.concat([by_day(n) for n in (3, 4, 5)], ignore_index=True)
fig, ax = plt.subplots(figsize=(9, 3.5))
sns.barplot(data=days_table, x="date", y="mean wait (min)", hue="ordinary windows", ax=ax)
ax.set(xlabel="", title="Month-end week: mean wait by day and number of ordinary windows")
plt.show()

# %% [markdown]
# Then the numbers: the service level of each day, and how many ordinary windows reach the target.

# %%
levels = days_table.pivot(index="date", columns="ordinary windows", values="called within 10 min").loc[
    days_table["date"].unique()]
for date in levels.index:
    enough = [n for n in levels.columns if levels.loc[date, n] >= 0.8]
    print(f"{date}: " + (f"{enough[0]} ordinary windows reach 80 % within 10 min" if enough
                         else f"not even {levels.columns.max()} ordinary windows reach 80 % ({levels.loc[date].max():.1%})"))
levels.round(3)

# %% [markdown]
# Compare the month's last days (the first line of this section says how many) with the
# others: the lines above say how many ordinary windows each day needs. A branch can open temporary windows, borrow back-office
# staff for the counter, or put more lobby staff on the floor to divert customers to machines
# (分流, the triage the seeds' lobby-manager processes describe). The model lets you price each option.
#
# ## 5. Exercises
#
# **Exercise 03.windows_needed** — A large city branch expects 108 counter customers an hour at
# its busiest, with a mean service time of 6 minutes. According to Erlang C, how many windows must
# be open so that at least 80 % are called within 10 minutes? (Use `windows_needed`. The windows
# section 3 prints hour by hour are the baseline branch's, not this branch's.)

# %% tags=["answer"]
answer = ...  # a whole number of windows
### BEGIN SOLUTION
answer = windows_needed(108 / 60, 1 / 6)
### END SOLUTION

# %%
check("03.windows_needed", answer)

# %% [markdown]
# **Exercise 03.last_day_wait** — In the month-end week with the baseline's 3 ordinary windows,
# what was the mean wait (in minutes) on Monday 30 November?

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = days_table.query("`ordinary windows` == 3 and date == 'Mon 30 Nov'")["mean wait (min)"].item()
### END SOLUTION

# %%
check("03.last_day_wait", answer)

# %% [markdown]
# **Exercise 03.month_end_windows** — At month-end the branch head holds the counter to a lower
# standard than the everyday 80 %: **75 % of called customers called within 10 minutes**. Staffing
# three peak days to the everyday target would leave the extra windows idle the rest of the month,
# and one month-end's level swings by a few points with the customers who happen to come. Change
# the branch so that, over the **three month-end days together** (28–30 November, seed 1), at
# least 75 % of the customers who are called are called within 10 minutes — with **as few ordinary
# windows as possible**. Answer with the number of ordinary windows (`branch.windows.ordinary`).

# %% tags=["answer"]
answer = ...  # a whole number of ordinary windows
### BEGIN SOLUTION
MONTH_END_TARGET = 0.75
month_end_levels = {}


def month_end_level(n):
    if n not in month_end_levels:
        res = simkit.run(with_overrides(month_end, {"branch.windows.ordinary": n}), seed=1)
        last3 = res.customers[(res.customers["day"] >= 4) & res.customers["start"].notna()]
        month_end_levels[n] = (last3["wait"] <= 10).mean()
    return month_end_levels[n]


answer = next(n for n in range(3, 10) if month_end_level(n) >= MONTH_END_TARGET)
### END SOLUTION

# %%
check("03.month_end_windows", answer)

# %% tags=["solution"]
# how far from the target the answer is decided: the answer clears the month-end standard, one
# window fewer falls short of it (seed 1; across seeds 1-20 both margins are beyond the 99.9 %
# t bound, tests/notebooks/test_fair_grading.py)
print(f"{answer} ordinary windows: {month_end_level(answer):.1%} called within 10 min, "
      f"{(month_end_level(answer) - MONTH_END_TARGET) * 100:+.1f} points from the {MONTH_END_TARGET:.0%} standard; "
      f"{answer - 1}: {month_end_level(answer - 1):.1%}, {(month_end_level(answer - 1) - MONTH_END_TARGET) * 100:+.1f} points")

# %% [markdown]
# ## Questions for discussion
#
# 1. Erlang C ignores customers who give up. Is a branch that "meets" its service level because
#    impatient customers left actually serving well? Which KPI would reveal it?
# 2. The planner in section 3 pooled all windows. When does keeping separate VIP and corporate
#    windows pay off despite the wasted capacity?
# 3. Month-end needs extra windows for its last days (how many: your answer to exercise
#    03.month_end_windows). Compare the options: extra tellers, back-office staff at the counter, a
#    second lobby manager diverting to machines. What does each cost, and what does each risk
#    (errors, complaints)?
# 4. How many replications would you want before telling a branch head that a change "works"?
#    Use the width of the confidence intervals in section 2 to argue.
