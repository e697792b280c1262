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

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# # 01 · 网点的一天：谁在做什么，客户经历了什么
#
# 写给刚入行的网点员工，以及从没在柜台后面工作过的人。
#
# **你将学到**
#
# * 网点里的岗位：大堂经理、柜员、客户经理，还有自助设备，每个岗位每一分钟在做什么；
# * 客户的路线：进门、分流、取号、等候、办理、离开，以及路上可能出的岔子（走掉、差错、投诉）；
# * 一天里队伍怎样变长，怎样找出队伍最长的那个小时；
# * 哪类客户等得久；
# * 怎样读每位员工的**工作时间线（甘特图）**。

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit.dashboard.editions import (day_clock, gantt_figure, name, queue_figure, segment_waits_figure, table, tr,
                                       use_language)
from simkit.report.intervals import difference
from simkit.report.timeline import activity_shares, day_timeline
from simkit.scenario import shipped_dir
from simkit.teach import check

LANG = "en"  # this edition's language: make notebooks writes "zh" here for notebooks/zh/
SCENARIOS = shipped_dir()  # the scenario files shipped with simkit (scenarios/ in the repository)
sns.set_theme(style="whitegrid", context="notebook")
use_language(LANG)  # the Chinese edition draws its figures with a Simplified-Chinese font
pd.set_option("display.precision", 2)
pd.set_option("display.width", 120)

week = simkit.run(SCENARIOS / "baseline.yaml", days=7, seed=1)  # a week smooths the daily profiles
print(tr("nb01.week", LANG, visits=len(week.customers), days=7, per_day=week.kpis()["per_day"]))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# ## 1. 网点里的人
#
# | 岗位 | 在模型里做什么 | 出处 |
# |---|---|---|
# | 大堂经理 | 迎接每位客户，问清业务，取号；把简单业务引导到自助设备，老年客户走绿色通道，识别潜在高价值客户并推荐给客户经理；在等候区巡视（二次分流），向等候的客户营销 | 种子材料 004（大堂经理的职责），种子材料 002（培训大纲） |
# | 柜员 | 柜台业务：现金、转账、开户、银行卡；办理时可能推介产品；偶尔出差错（后督发出差错单） | 种子材料 002 |
# | 客户经理 | 在工位上办理理财和贷款，接待大堂推荐来的客户；下午外出拓展客户 | 种子材料 001、种子材料 003 |
# | 自助设备 | 查询、小额取款、缴费、转账；时不时会出故障 | 种子材料 004 |
#
# 基准网点有 1 名大堂经理（大堂经理1）、5 名柜员（柜员1 至柜员3 在普通窗口，柜员4 在贵宾窗口，柜员5 在对公窗口）、
# 2 名客户经理（客户经理1、客户经理2）和 3 台自助设备（自助设备1 至自助设备3）。客流大的网点配专职大堂经理，
# 小网点由别的员工兼任（种子材料 004）。
#
# ## 2. 一位客户的路线
#
# 每位客户每一步都记成一个事件。我们找一位一路不顺的客户：排队时被大堂经理**二次分流**到自助设备，
# 却在自助设备上没能办成（自助办理失败）。

# %%
trails = week.events.groupby("customer")["kind"].agg(lambda k: set(k.astype(str)))


def first_with(*kinds):
    """The first customer whose trail of events contains all these kinds."""
    return int(next(c for c, ks in trails.items() if set(kinds) <= ks))


def path_of(res, customer):
    """A customer's events with their day and clock time, as this edition shows tables."""
    ev = res.events[res.events["customer"] == customer]
    out = ev.assign(clock=[day_clock(t, LANG) for t in ev["t"]])[["clock", "kind", "place", "staff"]]
    return table(out.reset_index(drop=True), LANG)


unlucky = first_with("reroute", "ss_fail")
who = week.customers.loc[unlucky]
fails = week.scenario.customers.segments[str(who["segment"])].self_service_failure
print(tr("nb01.unlucky", LANG, customer=unlucky, segment=name("segment", who["segment"], LANG),
         need=name("need", who["need"], LANG), triaged=name("triaged", bool(who["triaged"]), LANG),
         outcome=name("outcome", who["outcome"], LANG), fails=fails))
path_of(week, unlucky)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 一行一行读。这位客户进门时没人分流，自己取了号（大堂经理正忙着接待别人时，没人问下一位客户办什么业务）。
# 后来大堂经理巡视等候区（二次分流），把他引导到自助设备：这对队伍有好处，但他一个人办不成
# （自助办理失败；各类客户失败的概率是模型注明的默认值，上面已打印；种子材料 002 的培训大纲强调要教客户使用自助设备）。
# 回到柜台队伍，他又得重新等；上面那一行说明了这次到店的结果。看【时刻】一列：绕这一圈花了多少时间？
# 每一步都说得过去，合在一起却可能是一次很糟的到店，正是那种会以投诉收场的经历。
#
# 再看一条顺利的路线：大堂经理认出一位潜在高价值客户，把他**推荐**给客户经理，客户经理向他推介了产品：

# %%
referred = first_with("referral", "pitch")
path_of(week, referred)

# %% [markdown] tags=["lang=en"]
# ## 3. Where customers went, and how visits ended
#
# Triage sends each segment to different places — VIPs to the VIP window and the customer
# managers' desks, simple jobs to machines, everybody else to the counter. Over the week:

# %% [markdown] tags=["lang=zh"]
# ## 3. 客户去了哪里，结果如何
#
# 分流把不同类别的客户送到不同的地方：贵宾去贵宾窗口和客户经理那里，简单业务去自助设备，其他客户去柜台。
# 一周下来：

# %%
customers = week.customers
where = pd.crosstab(customers["segment"], customers["channel"], normalize="index")
for seg in ["vip", "mass", "elderly"]:
    print(tr("nb01.where", LANG, segment=name("segment", seg, LANG), desk=where.loc[seg, "customer_manager"],
             machine=where.loc[seg, "self_service"], counter=where.loc[seg, "teller"]))
table(pd.crosstab(customers["segment"], customers["channel"], margins=True), LANG)

# %%
outcomes = 100 * pd.crosstab(customers["segment"], customers["outcome"], normalize="index")
gave_up = (outcomes["balked"] + outcomes["reneged"]).sort_values(ascending=False)
print(tr("nb01.gave_up", LANG, list=tr("nb01.list_sep", LANG).join(
    tr("nb01.share", LANG, name=name("segment", seg, LANG), value=v) for seg, v in gave_up.items())))
table(outcomes.round(1), LANG).add_suffix(tr("nb01.percent_suffix", LANG))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# **见排队离开**：一看队伍，转身就走。**等候中放弃**：取了号，等不下去走了。有专属窗口的客户（贵宾、对公）
# 走掉的比例可能比想象的高：每类只有一个窗口，一笔耗时长的业务就会堵住整条队；和共用三个普通窗口的老年客户
# 比一比。在模型里，每位客户的耐心是围绕一个平均值随机抽取的（网点场景里的 `customers.patience.mean_minutes`），
# 再按客户类别和沟通类型调整（种子材料 002 把客户分为活泼型、力量型、分析型、平和型四种）。
#
# ## 4. 一天里的队伍
#
# 9:00 开门时进门的客户最多（各小时的到店率是模型的默认值，依据 `docs/domain.md` §2 设定：开门一拨、午间回落、
# 下午一个高峰）。柜台队伍是那时最长，还是更晚一些、柜员轮流吃午饭的时候最长？（轮流吃午饭能让柜台一直开着，
# 但开着的窗口少了。种子材料 002 里柜员说：「连上洗手间都要跑着去」。）先看图，再看计算出来的一行：
# 到店最多的小时，和队伍最长的小时：

# %%
queue_figure(week, LANG)
plt.show()

# %%
q = week.queue[week.queue["queue"] == "ordinary"].sort_values("t", kind="stable")
stay = q["t"].shift(-1).fillna(q["t"]).sub(q["t"]).clip(upper=60)  # how long each queue length lasted (min)
hour = (q["t"] % 1440 // 60).astype(int)
mean_queue = (q["length"] * stay).groupby(hour).sum() / stay.groupby(hour).sum()  # time-weighted, per hour
busiest_arrivals = int((customers["arrive"] % 1440 // 60).value_counts().idxmax())
lunch = week.scenario.branch.lunch
print(tr("nb01.hours", LANG, arrivals=busiest_arrivals, queue=mean_queue.idxmax(), length=mean_queue.max(),
         lunch=lunch.start, minutes=lunch.minutes, groups=lunch.groups))

# %%
arrivals = customers.assign(hour=(customers["arrive"] % 1440 // 60).astype(int)).groupby("hour").size() / 7
served = customers[customers["start"].notna()]
waits = served.assign(hour=(served["arrive"] % 1440 // 60).astype(int)).groupby("hour")["wait"].mean()
by_hour = pd.DataFrame({"arrivals per day": arrivals, "mean wait (min)": waits}).round(1)
table(by_hour, LANG)

# %% [markdown] tags=["lang=en"]
# ## 5. Who waits
#
# Waits by segment over the week (boxes: middle half of customers; whiskers: the usual range):

# %% [markdown] tags=["lang=zh"]
# ## 5. 谁等得久
#
# 一周里各类客户的等候时间（箱子：中间一半的客户；两端的线：通常的范围）：

# %%
segment_waits_figure(week, LANG)
plt.show()

# %% [markdown] tags=["lang=en"]
# ## 6. What each member of staff did: a timeline
#
# The **Gantt chart** below has one row per person (or machine) and a coloured bar for each
# stretch of work on the first day. Look for: the tellers' lunch rotation from 11:30
# (in groups, a model default printed above); the customer managers leaving for prospecting at 14:00
# (seed 002: up to nine cold visits a day); the lobby manager's many short triage bars and the
# gaps when the lobby is empty; how much of the day each machine stands idle.

# %% [markdown] tags=["lang=zh"]
# ## 6. 每位员工做了什么：工作时间线
#
# 下面的**甘特图**每个人（或每台设备）占一行，第一天的每一段工作画成一段彩色的条。请留意：柜员从 11:30 起
# 分批轮流吃午饭（批数是模型默认值，上面已打印）；客户经理 14:00 外出拓展客户（种子材料 002：每天最多拜访九家）；
# 大堂经理那一串短短的分流引导，以及大堂没人时的空档；每台自助设备一天里有多少时间闲着。

# %%
gantt_figure(week, 0, LANG)
plt.show()

# %% [markdown] tags=["lang=en"]
# The same day as a table: minutes per person and activity (`serve` for a machine is a customer
# using it).

# %% [markdown] tags=["lang=zh"]
# 同一天，列成表：每个人在每项工作上花了多少分钟（自助设备的【办理业务】是客户在使用它）。

# %%
table(activity_shares(week, day=0).round(0), LANG)

# %% [markdown] tags=["lang=en"]
# And the raw intervals behind the chart, e.g. the lobby manager's first ten minutes:

# %% [markdown] tags=["lang=zh"]
# 图背后的原始记录，例如大堂经理开门后最初十分钟的记录：

# %%
table(day_timeline(week, day=0).query("staff == 'L1' and start_h < 9.2").round(2), LANG)

# %%
branch = week.scenario.branch
opening = (int(branch.close[:2]) * 60 + int(branch.close[3:])) - (int(branch.open[:2]) * 60 + int(branch.open[3:]))
serving = activity_shares(week, day=0).loc[["T1", "T2", "T3", "T4", "T5"], "serve"] / opening
print(tr("nb01.serving", LANG, opening=opening, list=tr("nb01.list_sep", LANG).join(
    tr("nb01.staff_share", LANG, name=name("staff", t, LANG), value=v) for t, v in serving.items())))

# %% [markdown] tags=["lang=en"]
# How much of the day did the tellers spend serving? The line above says, teller by teller. The
# seeds picture a counter with a queue all day — the reason the lobby manager's triage matters
# (notebook 02).
#
# ## 7. Exercises
#
# **Exercise 01.peak_hour** — In the hour-by-hour table above, at which clock hour (9, 10, …)
# was the mean wait of customers arriving in that hour longest?

# %% [markdown] tags=["lang=zh"]
# 柜员一天里有多少时间在办理业务？上面那一行逐个柜员给出了答案。种子材料描述的柜台整天都有人排队，
# 这正是大堂经理的分流之所以重要的原因（笔记本 02）。
#
# ## 7. 练习
#
# **练习 01.peak_hour**：在上面按小时列出的表里，哪个钟点（9、10、……）进门的客户平均等候最久？

# %% tags=["answer"]
answer = ...  # a clock hour, e.g. 15
### BEGIN SOLUTION
answer = by_hour["mean wait (min)"].idxmax()
### END SOLUTION

# %%
check("01.peak_hour", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 01.t1_serving** — The activity table above is the first day's (day 0). How many
# minutes did teller T1 spend serving customers on the second day (day 1)? Round to whole minutes.

# %% [markdown] tags=["lang=zh"]
# **练习 01.t1_serving**：上面的工作内容表是第一天（代码里的第 0 天）的。第二天（代码里的第 1 天），柜员1 办理业务一共用了
# 多少分钟？四舍五入到整分钟。

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = activity_shares(week, day=1).loc["T1", "serve"]
### END SOLUTION

# %%
check("01.t1_serving", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 01.idle_role** — Over the whole week, which kind of *staff* (people, not machines)
# spent the smallest share of its opening hours serving customers: `"teller"`,
# `"lobby_manager"` or `"customer_manager"`? (Look at the `utilisation_…` entries of `week.kpis()`.)
# Machines are left out on purpose: over a week they and one of the kinds of staff are about
# equally busy, too close for one week to rank them — a question must not be decided by luck.

# %% [markdown] tags=["lang=zh"]
# **练习 01.idle_role**：整整一周，哪一类*员工*（只算人，不算设备）用在办理业务上的时间占营业时间的比例最小？
# 用代码里的岗位名作答（加引号）：`"teller"` 柜员、`"lobby_manager"` 大堂经理、`"customer_manager"` 客户经理。
# （看 `week.kpis()` 里以 `utilisation_` 开头的几项。）这里特意不算自助设备：一周下来，自助设备和其中一类员工差不多一样忙，
# 一周的数据分不出高下，而练习题不能靠运气。

# %% tags=["answer"]
answer = ...  # one of the three names, in quotes
### BEGIN SOLUTION
util = {k: v for k, v in week.kpis().items() if k.startswith("utilisation_") and k != "utilisation_machine"}
answer = min(util, key=util.get).removeprefix("utilisation_")
### END SOLUTION

# %%
check("01.idle_role", answer, LANG)

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
print(tr("nb01.least", LANG, first=name("role", ranked.index[0], LANG), lead=lead,
         second=name("role", ranked.index[1], LANG), se=se, days=len(per_day), ratio=lead / se, low=lo, high=hi))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# ## 讨论题
#
# 1. 第 2 节那位客户被二次分流到自助设备，又回到了柜台。大堂经理应该把哪些客户引导到自助设备？老年客户在自助设备上
#    更容易办不成（模型默认值），要不要引导他们？你会改什么：分流的规则，还是自助设备旁的帮助（培训大纲里的客户教育，
#    种子材料 002）？
# 2. 第 4 节计算出来的那一行给出了队伍最长的小时。如果它落在午餐轮换时段而不是开门的时候，说出两种不用加人就能解决的
#    办法，以及各自的代价。
# 3. 客户经理 14:00 外出拓展客户，可客户还在不断进门。这条规则让谁得益、让谁吃亏？薪酬办法会怎样影响它（笔记本 05）？
# 4. 甘特图里，是不是柜员几乎不停地在办业务，自助设备却闲着？如果是，是什么把客户留在了柜台？其中哪些原因是大堂经理能改变的？
