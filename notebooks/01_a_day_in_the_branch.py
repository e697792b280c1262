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
# * how the queue builds over the day and why it peaks at lunch;
# * who waits, by customer segment;
# * how to read a **timeline (Gantt chart)** of what each member of staff did.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit.report import queue_over_day, waits_by_segment
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
# | lobby manager | 大堂经理 | greets each customer, asks the need, prints a ticket; sends simple jobs to machines, elderly customers to the green channel (绿色通道), spots potential high-value customers and refers them to a customer manager; walks the queue (二次分流, second triage) and sells to waiting customers | seed 002, seed 004 (training syllabus) |
# | teller | 柜员 | counter transactions: cash, transfers, account opening, cards; may pitch a product during service; sometimes errs (an error slip, 后督) | seed 002 |
# | customer manager | 客户经理 | desk for wealth products and loans, referred customers; prospects outside in the afternoon | seed 001, seed 003 |
# | self-service machine | 自助设备 | queries, small withdrawals, bill payments, transfers; breaks down now and then | seed 002 |
#
# The baseline branch has 1 lobby manager (L1), 5 tellers (T1–T3 at ordinary windows, T4 at
# the VIP window, T5 at the corporate window), 2 customer managers (M1, M2) and 3 machines
# (S1–S3). In a busy branch there is a full-time lobby manager; smaller branches share the
# job (seed 002).
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
print(f"customer {unlucky}: {week.customers.loc[unlucky, 'segment']}, came for {week.customers.loc[unlucky, 'need']}")
path_of(week, unlucky)

# %% [markdown]
# Read it line by line. The customer took a ticket by themselves — the lobby manager was busy
# with someone else, so nobody asked what they needed. Later the lobby manager, walking the queue
# (second triage), moved them to a machine: good for the queue, but they could not finish alone
# (`ss_fail`; one elderly customer in four cannot, a stated model default — seed 002/004 stress
# teaching customers to use machines). Back in the counter queue, they waited again. Read the
# `clock` column: how long did the detour cost? Each step was reasonable; together they can make
# a bad visit — the kind that ends in a complaint (投诉).
#
# A happier path: a hidden high-value customer whom the lobby manager recognised and
# **referred** (推荐) to a customer manager, who pitched a product:

# %%
referred = first_with("referral", "pitch")
path_of(week, referred)

# ## 3. Where customers went, and how visits ended
#
# Triage sends each segment to different places: about one VIP in five ends up at a customer
# manager's desk, mass customers are the ones sent to machines, and the elderly stay at the counter:

# %%
c = week.customers
pd.crosstab(c["segment"], c["channel"], margins=True)

# %%
(100 * pd.crosstab(c["segment"], c["outcome"], normalize="index")).round(1).add_suffix(" %")

# %% [markdown]
# *Balked*: saw the queue and left at once. *Reneged*: took a ticket and gave up waiting.
# VIPs and corporate clients give up more often than the elderly here, although they are fewer:
# they have one window each, so one long service blocks the line. In the model, patience is a
# draw around 40 minutes scaled by segment and communication type (seed 002 sorts customers into
# lively, forceful, analytical and peaceful types).
#
# ## 4. The queue over the day
#
# Customers arrive most at the 9:00 opening (arrival rates by hour are a model default shaped
# after DOMAIN §2: opening rush, lunch dip, afternoon peak). Yet the longest queue is around
# **12:00**: that is when tellers take turns at lunch (rotated lunch breaks keep the counter open,
# but with fewer windows — seed 002: tellers "run even to the toilet").

# %%
queue_over_day(week)
plt.show()

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
# stretch of work on the first day. Look for: the tellers' lunch rotation around 11:30–13:00
# (two groups, a model default); the customer managers leaving for prospecting at 14:00
# (seed 001: up to nine cold visits a day); the lobby manager's many short triage bars and the
# gaps when the lobby is empty; machines idle most of the day.

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

# %% [markdown]
# Tellers serve almost the whole day: on the first day each is at the counter about 90 % of the
# opening hours. That is the seeds' picture of a counter "always with a queue" — and the reason the
# lobby manager's triage matters (notebook 02).
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
# **Exercise 01.idle_role** — Over the whole week, which *kind* of resource spent the smallest
# share of its opening hours serving customers: `"teller"`, `"lobby_manager"`,
# `"customer_manager"` or `"machine"`? (Look at the `utilisation_…` entries of `week.kpis()`.)

# %% tags=["answer"]
answer = ...  # one of the four names, in quotes
### BEGIN SOLUTION
util = {k: v for k, v in week.kpis().items() if k.startswith("utilisation_")}
answer = min(util, key=util.get).removeprefix("utilisation_")
### END SOLUTION

# %%
check("01.idle_role", answer)

# %% [markdown]
# ## Questions for discussion
#
# 1. The customer in section 2 was moved to a machine by second triage and came back. Should the lobby manager
#    send elderly customers to machines at all? What would you change — the rule, or the help at
#    the machine (客户教育, customer education in the syllabus, seed 004)?
# 2. The queue peaks at lunch, not at the opening rush. Name two ways a branch could fix that
#    without hiring, and what each costs.
# 3. Customer managers leave for prospecting at 14:00 although customers keep coming. Who gains
#    and who loses from that rule? How would the pay scheme influence it (notebook 05)?
# 4. The Gantt chart shows machines idle most of the day while tellers are overloaded. What keeps
#    customers at the counter? Which of these reasons can the lobby manager change?
