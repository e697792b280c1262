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
# # 01 · A day in the branch: who does what, and what the customer lives through
#
# For new branch staff in training and anyone who has never worked behind the counter.
#
# **What you will learn**
#
# * the roles in a branch — lobby manager (大堂经理), teller (柜员), customer manager (客户经理),
#   self-service machines (自助设备) — and what each does minute by minute;
# * a customer's path: arrive, triage (分流), ticket (取号), wait, service, leave — and what
#   goes wrong on the way (giving up, errors, complaints);
# * how the queue builds over the day, and how to find the hour it is longest;
# * who waits, by customer segment;
# * how to read a **timeline (Gantt chart)** of what each member of staff did.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit.report import queue_over_day, waits_by_segment
from simkit.report.intervals import difference
from simkit.report.timeline import activity_shares, day_timeline, staff_gantt
from simkit.teach import check

SCENARIOS = Path("..") / "scenarios"
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 2)
pd.set_option("display.width", 120)


def clock(minutes: float) -> str:
    """Minutes since the first midnight -> 'day d, HH:MM'."""
    day, m = divmod(int(minutes), 1440)
    return f"day {day + 1}, {m // 60:02d}:{m % 60:02d}"


week = simkit.run(SCENARIOS / "baseline.yaml", days=7, seed=1)  # a week smooths the daily profiles
print(f"{len(week.customers)} visits in 7 days, {week.kpis()['per_day']:.0f} a day")

# %% [markdown]
# ## 1. The people in the branch
#
# | role | 中文 | what they do in the model | source |
# |---|---|---|---|
# | lobby manager | 大堂经理 | greets each customer, asks the need, prints a ticket; sends simple jobs to machines, elderly customers to the green channel (绿色通道), spots potential high-value customers and refers them to a customer manager; walks the queue (二次分流, second triage) and sells to waiting customers | seed 004 (the lobby manager's duties), seed 002 (training syllabus) |
# | teller | 柜员 | counter transactions: cash, transfers, account opening, cards; may pitch a product during service; sometimes errs (an error slip, 后督) | seed 002 |
# | customer manager | 客户经理 | desk for wealth products and loans, referred customers; prospects outside in the afternoon | seed 001, seed 003 |
# | self-service machine | 自助设备 | queries, small withdrawals, bill payments, transfers; breaks down now and then | seed 004 |
#
# The baseline branch has 1 lobby manager (L1), 5 tellers (T1–T3 at ordinary windows, T4 at
# the VIP window, T5 at the corporate window), 2 customer managers (M1, M2) and 3 machines
# (S1–S3). In a busy branch there is a full-time lobby manager; smaller branches share the
# job (seed 004).
#
# ## 2. One customer's path
#
# Every step of every visit is an event. Let us find a visit where several things went wrong:
# a customer whom **second triage** (二次分流) moved from the queue to a machine, and who could
# not finish there (`ss_fail`).

# %%
trails = week.events.groupby("customer")["kind"].agg(lambda k: set(k.astype(str)))


def first_with(*kinds):
    """The first customer whose trail of events contains all these kinds."""
    return int(next(c for c, ks in trails.items() if set(kinds) <= ks))


def path_of(res, customer):
    ev = res.events[res.events["customer"] == customer]
    out = ev.assign(clock=ev["t"].map(clock))[["clock", "kind", "place", "staff"]]
    return out.reset_index(drop=True)


unlucky = first_with("reroute", "ss_fail")
who = week.customers.loc[unlucky]
fails = week.scenario.customers.segments[str(who["segment"])].self_service_failure
print(f"customer {unlucky}: {who['segment']}, came for {who['need']}; triaged at the door: {bool(who['triaged'])}; "
      f"visit ended: {who['outcome']} (a {who['segment']} customer fails at a machine with chance {fails:.0%}, "
      "a model default)")
path_of(week, unlucky)

# %% [markdown]
# Read it line by line. A customer whom nobody triaged at the door took a ticket by themselves
# (when the lobby manager is busy with someone else, nobody asks what the next customer needs).
# Later the lobby manager, walking the queue (second triage), moved them to a machine: good
# for the queue, but they could not finish alone (`ss_fail`; the chance is a stated model
# default per segment, printed above — seed 002's syllabus stresses teaching customers to use
# machines). Back in the counter queue, they waited again; the line above says how the
# visit ended. Read the `clock` column: how long did the detour cost? Each step was
# reasonable; together they can make a bad visit — the kind that ends in a complaint (投诉).
#
# A happier path: a hidden high-value customer whom the lobby manager recognised and
# **referred** (推荐) to a customer manager, who pitched a product:

# %%
referred = first_with("referral", "pitch")
path_of(week, referred)

# %% [markdown]
# ## 3. Where customers went, and how visits ended
#
# Triage sends each segment to different places — VIPs to the VIP window and the customer
# managers' desks, simple jobs to machines, everybody else to the counter. Over the week:

# %%
c = week.customers
where = pd.crosstab(c["segment"], c["channel"], normalize="index")
for seg in ["vip", "mass", "elderly"]:
    print(f"{seg:8s}: {where.loc[seg, 'customer_manager']:.0%} at a customer manager's desk, "
          f"{where.loc[seg, 'self_service']:.0%} at a machine, {where.loc[seg, 'teller']:.0%} at the counter")
pd.crosstab(c["segment"], c["channel"], margins=True)

# %%
outcomes = 100 * pd.crosstab(c["segment"], c["outcome"], normalize="index")
gave_up = (outcomes["balked"] + outcomes["reneged"]).sort_values(ascending=False)
print("gave up (balked or reneged), most first: " + ", ".join(f"{seg} {v:.1f} %" for seg, v in gave_up.items()))
outcomes.round(1).add_suffix(" %")

# %% [markdown]
# *Balked*: saw the queue and left at once. *Reneged*: took a ticket and gave up waiting.
# Segments with a window of their own (VIP, corporate) can give up more often than their
# numbers suggest: one window each means one long service blocks their line — compare their
# rows with the elderly, who share three ordinary windows. In the model, patience is a draw
# around a mean (the scenario's `customers.patience.mean_minutes`) scaled by segment and
# communication type (seed 002 sorts customers into lively, forceful, analytical and
# peaceful types).
#
# ## 4. The queue over the day
#
# Customers arrive most at the 9:00 opening (arrival rates by hour are a model default shaped
# after `docs/domain.md` §2: opening rush, lunch dip, afternoon peak). Is the counter queue
# longest then, or later, when tellers take turns at lunch (rotated lunch breaks keep the
# counter open, but with fewer windows — seed 002: tellers 「连上洗手间都要跑着去」, *run even
# to the toilet*)? The figure first, then a computed line: the busiest hour for arrivals, and
# the hour of the longest queue:

# %%
queue_over_day(week)
plt.show()

# %%
q = week.queue[week.queue["queue"] == "ordinary"].sort_values("t", kind="stable")
stay = q["t"].shift(-1).fillna(q["t"]).sub(q["t"]).clip(upper=60)  # how long each queue length lasted (min)
hour = (q["t"] % 1440 // 60).astype(int)
mean_queue = (q["length"] * stay).groupby(hour).sum() / stay.groupby(hour).sum()  # time-weighted, per hour
busiest_arrivals = int((c["arrive"] % 1440 // 60).value_counts().idxmax())
lunch = week.scenario.branch.lunch
print(f"most arrivals: the {busiest_arrivals}:00 hour; longest ordinary queue on average: the {mean_queue.idxmax()}:00 "
      f"hour ({mean_queue.max():.1f} people waiting); lunch rotation from {lunch.start}, {lunch.minutes} min each, "
      f"{lunch.groups} groups")

# %%
arrivals = c.assign(hour=(c["arrive"] % 1440 // 60).astype(int)).groupby("hour").size() / 7
served = c[c["start"].notna()]
waits = served.assign(hour=(served["arrive"] % 1440 // 60).astype(int)).groupby("hour")["wait"].mean()
by_hour = pd.DataFrame({"arrivals per day": arrivals, "mean wait (min)": waits}).round(1)
by_hour

# %% [markdown]
# ## 5. Who waits
#
# Waits by segment over the week (boxes: middle half of customers; whiskers: the usual range):

# %%
waits_by_segment(week)
plt.show()

# %% [markdown]
# ## 6. What each member of staff did: a timeline
#
# The **Gantt chart** below has one row per person (or machine) and a coloured bar for each
# stretch of work on the first day. Look for: the tellers' lunch rotation from 11:30
# (in groups, a model default printed above); the customer managers leaving for prospecting at 14:00
# (seed 002: up to nine cold visits a day); the lobby manager's many short triage bars and the
# gaps when the lobby is empty; how much of the day each machine stands idle.

# %%
fig, ax = plt.subplots(figsize=(11, 5.5))
staff_gantt(week, day=0, ax=ax)
plt.show()

# %% [markdown]
# The same day as a table: minutes per person and activity (`serve` for a machine is a customer
# using it).

# %%
activity_shares(week, day=0).round(0)

# %% [markdown]
# And the raw intervals behind the chart, e.g. the lobby manager's first ten minutes:

# %%
day_timeline(week, day=0).query("staff == 'L1' and start_h < 9.2").round(2)

# %%
b = week.scenario.branch
opening = (int(b.close[:2]) * 60 + int(b.close[3:])) - (int(b.open[:2]) * 60 + int(b.open[3:]))
serving = activity_shares(week, day=0).loc[["T1", "T2", "T3", "T4", "T5"], "serve"] / opening
print(f"share of the {opening} opening minutes each teller spent serving on the first day: "
      + ", ".join(f"{t} {v:.0%}" for t, v in serving.items()))

# %% [markdown]
# How much of the day did the tellers spend serving? The line above says, teller by teller. The
# seeds picture a counter with a queue all day — the reason the lobby manager's triage matters
# (notebook 02).
#
# ## 7. Exercises
#
# **Exercise 01.peak_hour** — In the hour-by-hour table above, at which clock hour (9, 10, …)
# was the mean wait of customers arriving in that hour longest?

# %% tags=["answer"]
answer = ...  # a clock hour, e.g. 15
### BEGIN SOLUTION
answer = by_hour["mean wait (min)"].idxmax()
### END SOLUTION

# %%
check("01.peak_hour", answer)

# %% [markdown]
# **Exercise 01.t1_serving** — How many minutes did teller T1 spend serving customers on the
# first day (day 0)? Round to whole minutes.

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = activity_shares(week, day=0).loc["T1", "serve"]
### END SOLUTION

# %%
check("01.t1_serving", answer)

# %% [markdown]
# **Exercise 01.idle_role** — Over the whole week, which kind of *staff* (people, not machines)
# spent the smallest share of its opening hours serving customers: `"teller"`,
# `"lobby_manager"` or `"customer_manager"`? (Look at the `utilisation_…` entries of `week.kpis()`.)
# Machines are left out on purpose: over a week they and the customer managers are about equally
# busy, too close for one week to rank them — a question must not be decided by luck.

# %% tags=["answer"]
answer = ...  # one of the three names, in quotes
### BEGIN SOLUTION
util = {k: v for k, v in week.kpis().items() if k.startswith("utilisation_") and k != "utilisation_machine"}
answer = min(util, key=util.get).removeprefix("utilisation_")
### END SOLUTION

# %%
check("01.idle_role", answer)

# %% tags=["solution"]
# how far outside its noise the exercise is decided: the same utilisation day by day (busy
# minutes as utilisation_... counts them, over each role's staff and opening minutes), and the
# least utilised role's lead over the runner-up, paired by day, with its 99.9 % t interval
sa = week.staff_activity
busy = sa[sa["activity"].isin(["serve", "triage", "sell", "second_triage"])]
per_day = busy.assign(day=(busy["start"] // 1440).astype(int)).groupby(["day", "role"], observed=True)["minutes"].sum()
per_day = per_day.unstack() / (sa.groupby("role", observed=True)["staff"].nunique() * opening)
ranked = per_day[["teller", "lobby_manager", "customer_manager"]].mean().sort_values()
lead, lo, hi = difference(per_day[ranked.index[0]], per_day[ranked.index[1]], kind="share", level=0.999)
se = (per_day[ranked.index[1]] - per_day[ranked.index[0]]).std(ddof=1) / len(per_day) ** 0.5
print(f"{ranked.index[0]} is the least utilised: {lead:.3f} below the runner-up ({ranked.index[1]}), paired "
      f"standard error {se:.3f} over {len(per_day)} days ({lead / se:.1f} standard errors; 99.9 % interval "
      f"[{lo:.3f}, {hi:.3f}])")

# %% [markdown]
# ## Questions for discussion
#
# 1. The customer in section 2 was moved to a machine by second triage and came back. Which
#    customers should the lobby manager send to machines — and the elderly, who fail there more
#    often (a model default)? What would you change — the rule, or the help at the machine
#    (客户教育, customer education in the syllabus, seed 002)?
# 2. Section 4's computed line names the hour of the longest queue. If it falls in the lunch
#    rotation rather than the opening rush, name two ways a branch could fix that without
#    hiring, and what each costs.
# 3. Customer managers leave for prospecting at 14:00 although customers keep coming. Who gains
#    and who loses from that rule? How would the pay scheme influence it (notebook 05)?
# 4. Does the Gantt chart show machines standing idle while the tellers serve almost without a
#    break? If so, what keeps customers at the counter? Which of these reasons can the lobby
#    manager change?
