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
# # 08 · Exercises<!-- BEGIN SOLUTION --> — solutions<!-- END SOLUTION -->
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

# %% [markdown] tags=["lang=zh"]
# # 08 · 练习<!-- BEGIN SOLUTION -->（参考答案）<!-- END SOLUTION -->
#
# 写给学员（也写给布置作业的讲师）。每道练习有一个**作答格**（把 `...` 换成你的答案）和一个**检查格**，
# 它会告诉你 ✔ 答对了、✘ 还不对（附提示），或者你还没有作答。需要的知识，前面的几本笔记本（入门、网点的一天、分流、排班与排队论）都讲过。
#
# **你将学到**
#
# * 自己读懂模拟网点的结果表和关键指标；
# * 算出一个排队论的答案（埃尔朗 C 公式）和一个置信区间；
# * 改动网点（窗口、叫号规则），让它达到服务目标；
# * 改动**绩效考核**办法，让它达到公平的目标。
#
# 规则：只用公开的接口（`simkit.run`、`Results` 的各张表和 `kpis()`、`simkit.scenario`、`simkit.theory`、
# `simkit.widgets.simulate`）。每道题给的种子不要改：种子相同，来的客户就相同，答案才能检查。讲师用 nbgrader 批改时，
# 甲、乙两部分每题一分，丙部分每题两分。

# %%
import math

import pandas as pd
from scipy import stats

import simkit
from simkit.dashboard.editions import tr
from simkit.scenario import load_scenario, shipped_dir, with_overrides
from simkit.teach import check
from simkit.theory import erlang_c
from simkit.widgets import mean_kpis, simulate

LANG = "en"  # this edition's language: make notebooks writes "zh" here for notebooks/zh/
SCENARIOS = shipped_dir()  # the scenarios installed with simkit: the notebook runs from any folder
BASE = SCENARIOS / "baseline.yaml"
pd.set_option("display.precision", 3)
week2 = simkit.run(BASE, days=7, seed=2)  # used by exercises 1 and 3
print(tr("nb08.week", LANG, visits=len(week2.customers)))

# %% [markdown] tags=["lang=en"]
# ## Part A — reading results
#
# **Exercise 08.vip_share** — In `week2` (baseline, 7 days, seed 2), what share of all visits were
# made by VIP customers (segment `"vip"`)? A fraction between 0 and 1, to three decimals.

# %% [markdown] tags=["lang=zh"]
# ## 甲部分：读懂结果
#
# **练习 08.vip_share**：在 `week2`（基准网点，7 天，种子 2）里，贵宾客户（类别 `"vip"`）的到店人次占全部到店人次的比例是多少？
# 用 0 到 1 之间的小数作答，保留三位小数。

# %% tags=["answer"]
answer = ...  # a fraction, to three decimals
### BEGIN SOLUTION
answer = (week2.customers["segment"] == "vip").mean()
### END SOLUTION

# %% tags=["points-1"]
check("08.vip_share", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.vip_share", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["lang=en"]
# **Exercise 08.no_lobby_sl15** — Simulate `scenarios/no_lobby_manager.yaml` for 7 days with
# seed 2. What share of called customers were called within 15 minutes (the KPI `served_within_15`)?

# %% [markdown] tags=["lang=zh"]
# **练习 08.no_lobby_sl15**：用种子 2 把 `scenarios/no_lobby_manager.yaml`（无大堂经理）模拟 7 天。被叫号的客户里，
# 15 分钟内被叫号的比例是多少（关键指标 `served_within_15`）？

# %% tags=["answer"]
answer = ...  # a fraction
### BEGIN SOLUTION
answer = simkit.run(SCENARIOS / "no_lobby_manager.yaml", days=7, seed=2).kpis()["served_within_15"]
### END SOLUTION

# %% tags=["points-1"]
check("08.no_lobby_sl15", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.no_lobby_sl15", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["lang=en"]
# **Exercise 08.complaint_driver** — In the model, a customer's chance of complaining grows with
# what happened during the visit (`customers.complaints` in the scenario: each number is added to the
# log-odds of a complaint). Which raises the chance more: **(a)** one teller error, or **(b)** ten
# extra minutes of waiting? Look it up in `week2.scenario.customers.complaints`; answer `"a"` or `"b"`.

# %% [markdown] tags=["lang=zh"]
# **练习 08.complaint_driver**：在模型里，客户投诉的可能性随到店时的遭遇而增加（网点场景里的 `customers.complaints`：
# 每个数都加在投诉的对数几率上）。哪一样让投诉的可能性增加得更多：**（a）**柜员出一次差错，还是**（b）**多等十分钟？
# 在 `week2.scenario.customers.complaints` 里查一查，用 `"a"` 或 `"b"` 作答。

# %% tags=["answer"]
answer = ...  # "a" or "b"
### BEGIN SOLUTION
cp = week2.scenario.customers.complaints
answer = "a" if cp.per_error > 10 * cp.per_wait_minute else "b"
### END SOLUTION

# %% tags=["points-1"]
check("08.complaint_driver", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.complaint_driver", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["solution", "lang=en"]
# *Solution note.* One error adds 2.5 to the log-odds, ten minutes of waiting 10 × 0.06 = 0.6:
# seed 002 names both as classic complaint causes, and an error is by far the worse experience.

# %% [markdown] tags=["solution", "lang=zh"]
# *参考答案说明。* 一次差错让对数几率增加 2.5，多等十分钟增加 10 × 0.06 = 0.6。种子材料 002 把两者都列为典型的投诉原因，
# 而出差错对客户来说要糟糕得多。

# %% [markdown] tags=["lang=en"]
# ## Part B — theory and uncertainty
#
# **Exercise 08.erlang_wait** — A small branch has 3 windows; 30 customers arrive per hour at
# random; each takes 5 minutes on average (exponential). What is the mean wait in minutes
# according to Erlang C? (`erlang_c(c, lam, mu)` takes rates **per minute**.)

# %% [markdown] tags=["lang=zh"]
# ## 乙部分：理论与不确定性
#
# **练习 08.erlang_wait**：一个小网点有 3 个窗口；每小时随机到达 30 位客户；平均每位办理 5 分钟（指数分布）。
# 按埃尔朗 C 公式，平均等候是多少分钟？（`erlang_c(c, lam, mu)` 要的是**每分钟**的速率。）

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = erlang_c(3, 30 / 60, 1 / 5)["wq"]
### END SOLUTION

# %% tags=["points-1"]
check("08.erlang_wait", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.erlang_wait", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["lang=en"]
# **Exercise 08.ci_halfwidth** — Simulate the baseline for one day with each of the seeds 1–10 and
# take each day's `wait_mean`. What is the **half-width** of the 95 % confidence interval of their
# mean (Student's t with 9 degrees of freedom: t × s / √n)?

# %% [markdown] tags=["lang=zh"]
# **练习 08.ci_halfwidth**：把基准网点用种子 1–10 各模拟一天，取每天的 `wait_mean`。它们平均值的 95% 置信区间的
# **半宽**是多少（自由度为 9 的 t 分布：t × s / √n）？

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
daily = [r.kpis()["wait_mean"] for r in simulate(BASE, None, range(1, 11), days=1)]
s = pd.Series(daily)
answer = stats.t.ppf(0.975, len(s) - 1) * s.std(ddof=1) / math.sqrt(len(s))
### END SOLUTION

# %% tags=["points-1"]
check("08.ci_halfwidth", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.ci_halfwidth", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["lang=en"]
# **Exercise 08.pace_errors** — Tellers who hurry make more mistakes (seed 002: "don't seek speed,
# seek accuracy", 不求快,先求稳). Run the baseline for 3 days with seed 1 with every teller at
# pace 1.4 (`staff.choices.teller.pace`). What is the `error_rate` (errors per counter service),
# to three decimals?

# %% [markdown] tags=["lang=zh"]
# **练习 08.pace_errors**：赶速度的柜员出错更多（种子材料 002：「不求快,先求稳」）。让每位柜员的节奏都是 1.4
# （`staff.choices.teller.pace`），用种子 1 把基准网点模拟 3 天。柜员差错率 `error_rate`（每笔柜台业务的差错数）是多少？
# 保留三位小数。

# %% tags=["answer"]
answer = ...  # a fraction, to three decimals
### BEGIN SOLUTION
fast = with_overrides(load_scenario(BASE), {"staff.choices.teller.pace": 1.4})
answer = simkit.run(fast, days=3, seed=1).kpis()["error_rate"]
### END SOLUTION

# %% tags=["points-1"]
check("08.pace_errors", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.pace_errors", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["lang=en"]
# ## Part C — change the branch, change the scheme
#
# **Exercise 08.vip_fast** — The branch head wants VIPs (贵宾) served faster **without more
# windows or staff**. Using only overrides of `branch.windows.*` (at most 5 windows in total) and
# `branch.calling.*` (which tickets each window type calls, in order), make the VIPs' mean wait
# **below 3 minutes** while the mean wait of all customers is **at most a quarter minute longer
# than today's branch on the same days**, over seeds 1–30 (one day each). Answer with a dict of overrides, e.g. `{"branch.windows.vip": 1}`.

# %% [markdown] tags=["lang=zh"]
# ## 丙部分：改网点，改考核办法
#
# **练习 08.vip_fast**：网点负责人希望贵宾客户办得更快，但**不加窗口、不加人**。只用 `branch.windows.*`（窗口合计最多 5 个）
# 和 `branch.calling.*`（每类窗口按什么顺序叫哪些号）的覆盖参数，让种子 1–30（每个一天）里贵宾客户的平均等候**低于 3 分钟**，
# 同时全部客户的平均等候**比现在的网点在同样的几天里最多长 0.25 分钟**。用一个覆盖参数字典作答，例如 `{"branch.windows.vip": 1}`。

# %% tags=["answer"]
answer = ...  # a dict of dotted-path overrides
### BEGIN SOLUTION
answer = {"branch.calling.ordinary": ["vip", "green", "ordinary"]}  # every window calls VIPs first
### END SOLUTION

# %% tags=["points-2"]
check("08.vip_fast", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.vip_fast", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["lang=en"]
# **Exercise 08.fair_fines** — Under a piece rate with fines (seed 002: "deductions are the main
# theme of the job"), the tellers' fines can eat half of what the piece rate pays. Complaints mostly
# come from long waits, which a teller does not control. Re-design the teller scheme
#
# ```python
# {"components": [{"kind": "fixed", "base": 2000.0, "position": 500.0},
#                 {"kind": "piece_rate", "per_transaction": P, "fine_per_error": E, "fine_per_complaint": C}]}
# ```
#
# so that, in one month of the baseline branch (`horizon.periods: 1`) with each of the seeds 1–10,
# summed, the tellers' fines together are **at most 24 % of their piece-rate pay**, while an error still costs **at least ¥20**
# and the piece rate is **at most ¥2.00**. Answer with `{"per_transaction": P, "fine_per_error": E,
# "fine_per_complaint": C}`. (Build the scenario with `with_overrides(load_scenario(BASE),
# {"horizon.periods": 1, "pay.teller": {...}})` and look at `res.payslips`.)

# %% [markdown] tags=["lang=zh"]
# **练习 08.fair_fines**：在带罚款的计件工资下（种子材料 002：「扣钱是工作的主旋律」），柜员的罚款可能吃掉计件工资的一半。
# 投诉大多来自长时间的等候，而等候不是柜员能管得了的。重新设计柜员的考核办法
#
# ```python
# {"components": [{"kind": "fixed", "base": 2000.0, "position": 500.0},
#                 {"kind": "piece_rate", "per_transaction": P, "fine_per_error": E, "fine_per_complaint": C}]}
# ```
#
# 使基准网点一个月（`horizon.periods: 1`），种子 1–10 各一个月合计，柜员的罚款**不超过计件工资的 24%**，同时一次差错仍要罚
# **至少 20 元**，每笔计件**不超过 2.00 元**。用 `{"per_transaction": P, "fine_per_error": E, "fine_per_complaint": C}`
# 作答。（用 `with_overrides(load_scenario(BASE), {"horizon.periods": 1, "pay.teller": {...}})` 建网点场景，
# 再看 `res.payslips`。）

# %% tags=["answer"]
answer = ...  # a dict with per_transaction, fine_per_error, fine_per_complaint
### BEGIN SOLUTION
answer = {"per_transaction": 2.0, "fine_per_error": 20.0, "fine_per_complaint": 0.0}
### END SOLUTION

# %% tags=["points-2"]
check("08.fair_fines", answer, LANG)
### BEGIN HIDDEN TESTS
from simkit.teach import grade
grade("08.fair_fines", answer)
### END HIDDEN TESTS

# %% [markdown] tags=["solution", "lang=en"]
# *Solution notes for the trainer.* The solution to 08.vip_fast lets every window call VIP
# tickets first; discuss what that does to the elderly customers who relied on the green channel.
# The solution to 08.fair_fines drops the complaint fine, so tellers have no pay reason left to
# care about complaints; discuss what else could make them care without punishing them for waits
# they cannot control.

# %% [markdown] tags=["solution", "lang=zh"]
# *给讲师的参考答案说明。* 08.vip_fast 的参考答案让每个窗口都先叫贵宾号；请讨论这对原来靠绿色通道的老年客户意味着什么。
# 08.fair_fines 的参考答案取消了投诉罚款，于是柜员在薪酬上再也没有理由在意投诉；请讨论还有什么办法能让他们在意，
# 又不因他们管不了的等候而罚他们。

# %% [markdown] tags=["lang=en"]
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
# %% [markdown] tags=["lang=zh"]
# ## 讨论题
#
# 1. 不管你在 08.vip_fast 里改了什么，是不是有别人为了让贵宾少等而多等了？是谁？用模型怎样查出来？想一想走绿色通道的客户。
# 2. 看看你在 08.fair_fines 里选的办法：每一项罚款在告诉柜员要在意什么？还剩下什么事，柜员现在在薪酬上没有理由在意了？
# 3. 08.ci_halfwidth 的置信区间反映的是一天的随机起伏。比较两种薪酬办法之前，你会模拟多少天？如果员工会学习、调整行为，
#    要模拟多少个月？
# 4. 这些练习里，哪一道最依赖模型假定的数字（默认值），而不是种子材料里的事实？在真实的网点里，你会怎样检验这个假定？

