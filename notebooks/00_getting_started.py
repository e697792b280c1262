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
# # 00 · Getting started: one day in a simulated bank branch
#
# For everyone who opens simkit for the first time: new branch staff in training,
# researchers of pay design, students. No queueing theory and no Python needed to read it:
# every result below is printed for you (a Chinese edition is in `notebooks/zh/`).
#
# **What you will learn**
#
# * who works in the branch and where a customer can be served: lobby manager, tellers,
#   customer managers, self-service machines;
# * how one branch day (网点的一天) goes: when the queue is long, who waited, who gave up;
# * how to read the headline KPIs (waiting times, service level, customers who gave up);
# * what changes when the branch opens one more window, on the same day with the same customers;
# * how the exercise cells (`check(...)`) in these notebooks work.

# %% [markdown] tags=["lang=zh"]
# # 00 · 入门：模拟网点的一天
#
# 写给第一次打开 simkit 的人：新入行的柜员和大堂经理、研究薪酬设计的人、学生。读这本笔记本不需要排队论，
# 也不需要会编程：下面每个结果都已经算好、打印出来了（英文版在 `notebooks/` 目录）。
#
# **你将学到**
#
# * 网点里有哪些人、客户可以在哪里办业务：大堂经理、柜员、客户经理、自助设备；
# * 网点的一天是怎样过的：什么时候排队最长，谁等得久，谁走了；
# * 怎样读主要指标：等候时间、服务水平、离开的客户；
# * 多开一个窗口会怎样：同一天、同一批客户，再比一次；
# * 笔记本里的练习（`check(...)`）怎么做。

# %% [markdown] tags=["lang=en"]
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
#
# The grey cells are the Python that runs the simulation; you may skip them and read what
# they print. The first one loads the tools, the second reads the branch's file.

# %% [markdown] tags=["lang=zh"]
# ## 1. 我们模拟的网点
#
# 这是一家中资银行的零售网点：客户全天陆续进门，**大堂经理**迎上去，问清要办什么业务，然后**分流**：
# 简单的业务引导到**自助设备**，贵宾引导到贵宾窗口，老年客户走**绿色通道**，其他客户**取号**，
# 到**柜员**窗口排队。**客户经理**在工位上为客户办理理财和贷款，下午还有一段时间外出拓展新客户。
#
# 文件 `scenarios/baseline.yaml` 描述一家中型网点：3 个普通窗口、1 个贵宾窗口、1 个对公窗口，
# 1 名大堂经理，2 名客户经理，3 台自助设备，9:00 开门，17:00 关门。文件里每个数字都注明了出处：
# 来自真实网点的种子材料（种子材料 002 是一份培训大纲，附有柜员讲述自己工作的原话；
# `docs/sources.md` 说明每份种子材料是什么，并摘录了用到的段落），或者注明是模型的默认值。
#
# 灰色的格子是运行模拟的 Python 代码，可以跳过不看，只读它们打印出来的结果。
# 第一格准备工具，第二格读入网点的文件。

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit.dashboard.editions import (clock, compare_table, describe_branch, kpi_table, name, queue_figure, table,
                                       tr, use_language, wait_histogram)
from simkit.scenario import load_scenario, shipped_dir, with_overrides
from simkit.teach import check

LANG = "en"  # this edition's language: make notebooks writes "zh" here for notebooks/zh/
SCENARIOS = shipped_dir()  # the scenario files shipped with simkit (scenarios/ in the repository)
sns.set_theme(style="whitegrid", context="notebook")
use_language(LANG)  # the Chinese edition draws its figures with a Simplified-Chinese font
pd.set_option("display.precision", 3)
pd.set_option("display.width", 120)
print(tr("nb00.setup", LANG, version=simkit.__version__, names=sorted(p.stem for p in SCENARIOS.glob("*.yaml"))))

# %%
scenario = load_scenario(SCENARIOS / "baseline.yaml")
print(describe_branch(scenario, LANG))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# ## 2. 模拟一天
#
# `simkit.run` 读入网点场景，模拟出结果。**随机种子**决定了每一个随机因素：种子相同，进门的客户和这一天
# 就完全相同，所以每次运行这本笔记本，下面的数字都一样。换一个种子，就是另外一天（可能性同样大）。
#
# 先看图：一天里各类窗口前有多少客户在等。普通窗口的队伍什么时候最长：9:00 刚开门的时候，还是柜员
# 轮流吃午饭、开着的窗口变少的时候？（笔记本 01 用一整周的数据回答这个问题。）

# %%
res = simkit.run(SCENARIOS / "baseline.yaml", days=1, seed=1)
queue_figure(res, LANG)
plt.show()

# %% [markdown] tags=["lang=en"]
# Then the numbers. Read them like a branch manager's daily report:
#
# * `customers` visits came in; `served` were served; the rest **balked** (saw the queue and
#   left at once) or **reneged** (took a ticket, waited, gave up).
# * `wait_mean` is the average wait before service in minutes; `served_within_10` is the
#   **service level** (服务水平): the share of customers called within 10 minutes.
#   `served_within_15` is the same with the other target Chinese branches report against
#   (`simkit/measure/kpis.py` names both).
# * `wait_p90`: the wait that 9 customers in 10 did not exceed.

# %% [markdown] tags=["lang=zh"]
# 再看数字，像读网点的营业日报一样读：
#
# * 【到店】是进门的客户人次，【办结】是办完业务的人次；其余的客户要么**见排队离开**（一看队伍太长，
#   转身就走），要么**等候中放弃**（取了号，等不下去走了）。
# * 【平均等候】是客户开始办理之前平均等了几分钟；【10 分钟内叫号】就是**服务水平**：10 分钟之内被叫到号
#   的客户占多少。【15 分钟内叫号】是同样的指标，换成另一个不少网点考核用的标准。
# * 【90% 分位等候】：10 个客户里有 9 个等候不超过这个时间。

# %%
kpis = res.kpis()
print(tr("nb00.headline", LANG, customers=kpis["customers"], served=kpis["served"],
         within_10=kpis["served_within_10"], within_15=kpis["served_within_15"]))
kpi_table(kpis, LANG)

# %% [markdown] tags=["lang=en"]
# ## 3. The tables behind the numbers
#
# Every KPI is computed from tidy tables (one row per observation, ready for pandas and
# seaborn). `customers` has one row per visit:

# %% [markdown] tags=["lang=zh"]
# ## 3. 数字背后的明细表
#
# 每个指标都是从明细表算出来的，表里一行记一件事。客户表每一行是一位客户的一次到店：

# %%
cols = ["segment", "need", "triaged", "channel", "ticket", "arrive", "wait", "server", "outcome", "satisfaction"]
print(tr("nb00.opens", LANG, clock=clock(scenario.branch.open_minute), minute=scenario.branch.open_minute))
table(res.customers[cols].head(8), LANG)

# %% [markdown] tags=["lang=en"]
# The tables store times as **minutes since midnight of the first day** (540 is 9:00, the opening);
# they are shown here as clock times. `events` is the full trail of every visit — arrive, triage,
# ticket, call, done, pitch, sale, complaint, leave:

# %% [markdown] tags=["lang=zh"]
# 表里的时间按**从第一天零点起的分钟数**记录（540 就是 9:00 开门），这里换算成了钟点。事件表记下每位客户
# 到店的全过程：进门、分流、取号、叫号、办结、推介、售出、投诉、离开。第一位客户的记录：

# %%
table(res.events[res.events["customer"] == 0], LANG)

# %% [markdown] tags=["lang=en"]
# `staff_activity` says what each member of staff did and when (T = teller, L = lobby
# manager, M = customer manager, S = self-service machine), and `utilisation()` sums it up:

# %% [markdown] tags=["lang=zh"]
# 员工工作表记下每位员工和每台设备什么时候在做什么。下表把一天的时间按工作内容分开，
# 数字是占全天营业时间的比例：

# %%
util = res.utilisation()
table(util.pivot_table(index=["role", "staff"], columns="activity", values="share", observed=True).fillna(0).round(2),
      LANG)

# %% [markdown] tags=["lang=en"]
# ## 4. Asking questions with pandas
#
# Who waited longest? Group the visits by customer segment:

# %% [markdown] tags=["lang=zh"]
# ## 4. 用数据回答问题
#
# 谁等得最久？把客户按类别分组来看：

# %%
served = res.customers[res.customers["start"].notna()]
table(served.groupby("segment", observed=True)["wait"]
      .agg(visits="size", mean_wait="mean", p90=lambda w: w.quantile(0.9))
      .sort_values("mean_wait", ascending=False).round(1), LANG)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 看看有专属窗口的客户：贵宾客户（贵宾窗口）和对公客户（对公窗口）。一个窗口只有一名柜员，他在办一笔
# 耗时长的业务时，别人帮不上忙（普通窗口从不叫贵宾号和对公号），所以这些享受优先的客户反而可能比大众客户
# 等得*更久*：把他们那两行和上表中大众客户那一行比一比。这样是否可以接受，是网点的设计问题，
# 笔记本 02 专门讨论。
#
# ## 5. 自己画图
#
# 任何一张表都可以画成图。下图是等候时间的分布，按客户是否经过大堂经理分流分开：

# %%
wait_histogram(served, LANG, seed=1)
plt.show()

# %% [markdown] tags=["lang=en"]
# ## 6. Change the branch and compare
#
# `with_overrides` changes fields by their dotted path in the YAML and checks the result
# again (a wrong name or value is a clear error, never a silent default). Open a fourth
# ordinary window and run the *same* day (same seed: the same customers arrive):

# %% [markdown] tags=["lang=zh"]
# ## 6. 改变网点，再比一比
#
# 在代码里可以改网点文件中的任何一项，改完会重新检查（名称或数值写错会明确报错，不会悄悄用默认值）。
# 下面多开第 4 个普通窗口，再模拟*同一天*（种子相同，进门的客户也相同）：

# %%
four = with_overrides(scenario, {"branch.windows.ordinary": 4})
res4 = simkit.run(four, days=1, seed=1)
kpis4 = res4.kpis()
print(tr("nb00.compare", LANG, wait_a=kpis["wait_mean"], wait_b=kpis4["wait_mean"],
         gave_up_a=kpis["balked_rate"] + kpis["reneged_rate"], gave_up_b=kpis4["balked_rate"] + kpis4["reneged_rate"]))
keys = ["served", "balked_rate", "reneged_rate", "wait_mean", "served_within_10", "utilisation_teller"]
compare_table({tr("nb00.windows", LANG, n=3): kpis, tr("nb00.windows", LANG, n=4): kpis4}, keys, LANG)

# %% [markdown] tags=["lang=en"]
# Did the extra window shorten the wait, and did fewer customers give up? The line above the
# table says by how much on this day. One day is one draw, though: notebook 03 shows how to
# tell a real difference from luck.
#
# Results can be saved (Parquet tables plus the fully resolved scenario) and loaded again,
# so every figure can be traced back to its inputs: `res.save("out/run1")`, `simkit.load("out/run1")`.

# %% [markdown] tags=["lang=zh"]
# 多开一个窗口，等候时间缩短了吗？离开的客户少了吗？表上面那一行给出了这一天变化了多少。不过一天只是
# 抽到的一次：怎样分辨真正的差别和运气，笔记本 03 会讲。
#
# 结果可以保存下来，以后再读入，所以每张图都能追溯到它的输入：`res.save("out/run1")`、`simkit.load("out/run1")`。

# %% [markdown] tags=["lang=en"]
# ## 7. Exercises
#
# Each exercise has an **answer cell** (replace the `...`) and a **check cell**. The check
# says ✔ right, ✘ not quite (with a hint), or that you have not answered yet.<!-- BEGIN SOLUTION --> In this
# notebook the answers are filled in, so you can see how it works.<!-- END SOLUTION -->
#
# The first two exercises are about another day of the same branch: the cell below runs it
# with seed 2, so other customers arrive, and keeps it as `day2`. Its tables and KPIs are
# read as `res`'s were above.

# %% [markdown] tags=["lang=zh"]
# ## 7. 练习
#
# 每道练习有一个**作答格**（把 `...` 换成你的答案）和一个**检查格**。检查格显示 ✔ 表示答对，✘ 表示还不对
# （并给出提示），或者提示你还没有作答。<!-- BEGIN SOLUTION -->这本笔记本里答案已经填好，你可以看看它是怎么运作的。<!-- END SOLUTION -->
#
# 前两道练习问的是同一个网点的另一天：下面这一格用种子 2 运行它，来的是另一批客户，结果存为 `day2`。
# 它的表格和指标，和上面 `res` 的读法一样。

# %% tags=["no-output"]
day2 = simkit.run(SCENARIOS / "baseline.yaml", days=1, seed=2)

# %% [markdown] tags=["lang=en"]
# **Exercise 00.customers** — How many customer visits did the branch have on `day2`?

# %% [markdown] tags=["lang=zh"]
# **练习 00.customers**：`day2` 那一天，网点共有多少人次客户到店？

# %% tags=["answer"]
answer = ...  # a whole number
### BEGIN SOLUTION
answer = len(day2.customers)
### END SOLUTION

# %%
check("00.customers", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 00.gave_up** — What share of the visits on `day2` ended with the customer
# giving up, i.e. balked *or* reneged? Answer as a fraction between 0 and 1.

# %% [markdown] tags=["lang=zh"]
# **练习 00.gave_up**：`day2` 那一天的到店客户中，有多大比例没办成业务就走了，即见排队离开*或*等候中放弃？
# 用 0 到 1 之间的小数作答。

# %% tags=["answer"]
answer = ...  # a fraction, e.g. 0.25
### BEGIN SOLUTION
answer = day2.kpis()["balked_rate"] + day2.kpis()["reneged_rate"]
### END SOLUTION

# %%
check("00.gave_up", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 00.busiest** — Back to the day of `res` (seed 1): which segment made the most
# visits? Answer with the segment's name as it appears in the tables (`"vip"`, `"elderly"`, ...).
# (Not "which segment waited longest": on one day that ranking changes from seed to seed — it is
# decided by luck, and a question must not be.)

# %% [markdown] tags=["lang=zh"]
# **练习 00.busiest**：回到 `res` 那一天（种子 1），哪一类客户到店次数最多？用代码里的类别名作答（加引号）：
# `"mass"` 大众客户、`"vip"` 贵宾客户、`"elderly"` 老年客户、`"corporate"` 对公客户、`"potential_hv"` 潜在高价值客户。
# （这里不问哪一类客户等得最久：只看一天的话，这个排名换一个种子就会变，是运气决定的，而练习题不能靠运气。）

# %% tags=["answer"]
answer = ...  # a segment name, in quotes
### BEGIN SOLUTION
answer = res.customers["segment"].astype(str).value_counts().idxmax()
### END SOLUTION

# %%
check("00.busiest", answer, LANG)

# %% tags=["solution"]
# how far outside its noise the exercise is decided: the busiest segment's lead over the next,
# against the standard error of a difference of two counts of arrivals (Poisson: the square
# root of their sum)
visits = res.customers["segment"].astype(str).value_counts()
lead, se = visits.iloc[0] - visits.iloc[1], (visits.iloc[0] + visits.iloc[1]) ** 0.5
print(tr("nb00.busiest", LANG, first=name("segment", visits.index[0], LANG), lead=lead,
         second=name("segment", visits.index[1], LANG), se=se, ratio=lead / se))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# ## 讨论题
#
# 1. 指标表里有*平均*等候，也有 *90% 分位*等候。客户在意的是哪一个？网点负责人向上级汇报的会是哪一个？
#    为什么两者说的情况可能不一样？
# 2. 这一天贵宾客户和对公客户是不是比大众客户等得更久？如果是，这是网点的问题、叫号规则的问题，
#    还是这一天运气不好？你下一步会看什么？
# 3. 改变窗口数量的时候，种子相同、进门的客户就相同，这有什么好处？如果没有这一点，比较会出什么问题？
# 4. 模型里的数字来自种子材料和注明的默认值，不是某一家真实网点的数据。在你自己的网点，你最想实际测一测
#    哪些数字？
