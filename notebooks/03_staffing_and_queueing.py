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

# %% [markdown] tags=["lang=zh"]
# # 03 · 排班与排队论：要开几个窗口？
#
# 写给安排柜台的网点负责人，也写给学运筹学的学生。
#
# **你将学到**
#
# * 什么是**服务水平**（比如 80% 的客户在 10 分钟内被叫号），为什么窗口快忙满时等候会猛增；
# * 教科书上的**埃尔朗 C 公式**（Erlang C）怎样回答要开几个窗口这个问题，它有哪些前提；
# * 怎样用多次重复模拟得到的**置信区间**，拿模拟结果和埃尔朗 C 公式对一对；
# * 为什么基准网点有些时段要的窗口比公式说的多，有些时段又少；
# * **月末**高峰怎样打乱排班计划，要开几个窗口才撑得住。

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

import simkit
from simkit.dashboard.editions import short_date, table, tr, use_language
from simkit.scenario import load_scenario, shipped_dir, with_overrides
from simkit.teach import check
from simkit.theory import erlang_c

LANG = "en"  # this edition's language: make notebooks writes "zh" here for notebooks/zh/
SCENARIOS = shipped_dir()  # the scenario files shipped with simkit (scenarios/ in the repository)
sns.set_theme(style="whitegrid", context="notebook")
use_language(LANG)  # the Chinese edition draws its figures with a Simplified-Chinese font
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


print(tr("nb03.example", LANG, n=windows_needed(50 / 60, 1 / 6)))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# ## 1. 服务水平与埃尔朗 C 公式
#
# 国内网点按 10–15 分钟的目标考核等候（模型里的两个服务水平指标）。每个网点负责人都要回答的问题是：
# **要开几个窗口**，才能让比如 80% 的客户在 10 分钟内被叫号？
#
# 经典的答案是**埃尔朗 C 公式**（A. K. Erlang，1917 年；任何一本排队论教材都有，例如 Gross 与 Harris 的
# 《排队论基础》§2.3）。它的前提是：客户以稳定的速率 λ 随机到达（泊松过程），办理时间服从
# 平均为 1/μ 的指数分布，有 c 个一样的窗口、一条先到先办的队伍，而且没人中途放弃。这样，需要等候的概率
# C(c, λ/μ) 和平均等候都能精确算出（`simkit.theory.erlang_c`），t 分钟内被叫号的比例是
# 1 − C · e^(−(cμ − λ)t)。
#
# 关键的量是**负荷** a = λ/μ：平均要有几个窗口同时在忙。窗口快忙满时（忙碌率 ρ = a/c 接近 1），等候会猛增：

# %%
lam, mu = 40 / 60, 1 / 6  # 40 customers an hour, 6 minutes each: 4 windows' worth of work
rows = []
for c in range(5, 11):
    ec = erlang_c(c, lam, mu)
    rows.append({"windows": c, "utilisation": ec["rho"], "P(wait)": ec["p_wait"], "mean wait (min)": ec["wq"],
                 "called within 10 min": service_level(c, lam, mu, 10.0)})
table(pd.DataFrame(rows).set_index("windows").round(3), LANG)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 开 5 个窗口时，每个窗口 80% 的时间在忙，一半以上的客户要等，*平均*等候超过 3 分钟；开第六个窗口，就降到 1 分钟以下。
# 一行一行比较平均等候：按这个公式，比负荷多出来的头几个窗口最管用。
#
# ## 2. 模拟结果和埃尔朗 C 公式对得上吗？
#
# `scenarios/mmc.yaml` 把网点简化到正好符合埃尔朗 C 公式的前提：全天候的泊松到达、指数分布的办理时间、一样的窗口，
# 没有大堂、没人见排队离开、没有休息（下面第一行打印出它的速率和负荷）。我们把它运行 8 次（种子 1–8，每次 5 天），
# 在模拟值周围给出 95% 置信区间（用各次重复的 t 分布）。

# %%
mmc = load_scenario(SCENARIOS / "mmc.yaml")
lam_mmc, mu_mmc = 43.2 / 60, 1 / 5
print(tr("nb03.mmc", LANG, per_hour=lam_mmc * 60, service=1 / mu_mmc, load4=lam_mmc / mu_mmc / 4,
         load5=lam_mmc / mu_mmc / 5))


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
print(tr("nb03.inside", LANG, inside=inside, n=len(mmc_check), width4=width.loc[4], width5=width.loc[5]))
table(mmc_check.round(3), LANG)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 模型符合公式前提的地方，理论值应当落在模拟结果自身的不确定范围之内；上面第一行数了数有几个落在里面。
# 项目的测试把这项检查做得更严，用批均值和多种负荷：`tests/branch/test_queueing_theory.py`。
# 比较那一行打印的两个宽度：负荷接近满的时候，同样模拟 5 天，结果可能碰巧好看，也可能碰巧难看。
# 这就是为什么相信某一次运行之前，要先重复多次。
#
# ## 3. 真实的网点不是埃尔朗 C 公式
#
# 现在像排班的人那样，把公式用到基准网点上：取每个营业小时的到店率、最后到柜台办理的客户占比，
# 以及模拟一周里量出来的柜台平均办理时间，再问埃尔朗 C 公式每个小时要几个窗口。

# %%
base = load_scenario(SCENARIOS / "baseline.yaml")
week = simkit.run(base, days=7, seed=1)
cust = week.customers
at_counter = cust[(cust["channel"] == "teller") & cust["start"].notna()]
counter_share = len(at_counter) / len(cust)
service = at_counter["end"] - at_counter["start"]
mean_service = float(service.mean())
print(tr("nb03.counter", LANG, share=counter_share, service=mean_service, cv=service.std() / mean_service))
level = week.kpis()["served_within_10"]
print(tr("nb03.week", LANG, level=level, verdict=tr("nb03.meets", LANG) if level >= 0.8
         else tr("nb03.short", LANG, points=100 * (0.8 - level))))

plan = []
for hour, per_hour in sorted(base.arrivals.hourly.items()):
    lam_h = per_hour * counter_share / 60
    plan.append({"hour": hour, "arrivals/h": per_hour, "to counter/h": per_hour * counter_share,
                 "offered load": lam_h * mean_service, "Erlang C windows for 80/10": windows_needed(lam_h, 1 / mean_service)})
plan = pd.DataFrame(plan).set_index("hour")
need = plan["Erlang C windows for 80/10"]
print(tr("nb03.asks", LANG, low=need.min(), high=need.max(), windows=sum(base.branch.windows.values())))
table(plan.round(2), LANG)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 表格上面两行把公式的答案和模拟一周的服务水平放在一起；下面的图显示哪些时段没达到目标，图下面那一行说明公式在哪些
# 时段说多了、哪些时段说少了。为什么会这样？
#
# * **客户会放弃。** 见排队离开和等候中放弃都会把人从队伍里带走（埃尔朗 C 公式假定客户有无限的耐心），
#   所以公式会**高估**留下来的人的等候。
# * **窗口不是合在一起用的。** 贵宾窗口和对公窗口在自己的队伍空了时会叫普通号，但贵宾客户和对公客户永远用不了普通窗口；
#   分开的队伍浪费了能力，从这一点看，公式会**低估**等候。
# * **办理时间的波动可能比指数分布小**（对数正态分布：把上面打印的变异系数和指数分布的 1 比一比；
#   真实办理时间的数据见 Brown 等人 2005 年的论文，*JASA* 100:36–50），而办理时间越稳定，队伍越短。
# * **到店并不平稳**：9:00 开门的一拨人和午餐轮换都会让队伍变长，按小时取平均是看不出来的。
#
# 埃尔朗 C 公式是很好的初步估计，也能用来检查模型；真正回答一个网点的问题，要靠模拟。

# %%
sim_hours = cust[cust["start"].notna()].assign(hour=(cust["arrive"] % 1440 // 60).astype(int))
plan["simulated: called within 10 min"] = sim_hours.groupby("hour")["wait"].apply(lambda w: (w <= 10).mean())
fig, ax = plt.subplots(figsize=(8, 3.5))
sns.barplot(x=plan.index, y=plan["simulated: called within 10 min"], color="C0", ax=ax)
ax.axhline(0.8, color="C3", ls="--", label=tr("nb03.target", LANG))
ax.set(xlabel=tr("nb03.hour_axis", LANG), ylabel=tr("nb03.level_axis", LANG), title=tr("nb03.level_title", LANG),
       ylim=(0, 1))
ax.legend(loc="lower left")
plt.show()
short = plan.index[plan["simulated: called within 10 min"] < 0.8]
COMMA = tr("ui.comma", LANG)
print(tr("nb03.below", LANG, hours=COMMA.join(f"{h}:00" for h in short) or tr("nb03.none", LANG)))
windows_open = sum(base.branch.windows.values())
meets = plan["simulated: called within 10 min"] >= 0.8
too_many = [f"{h}:00" for h in plan.index if need[h] > windows_open and meets[h]]
too_few = [f"{h}:00" for h in plan.index if need[h] <= windows_open and not meets[h]]
print(tr("nb03.errs", LANG, windows=windows_open, too_many=COMMA.join(too_many) or tr("nb03.no_hour", LANG),
         too_few=COMMA.join(too_few) or tr("nb03.no_hour", LANG)))

# %% [markdown] tags=["lang=en"]
# ## 4. Month-end peaks (月末)
#
# 「在银行最害怕的就是月末」 — *what you fear most in a bank is month-end* (seed 000): salaries,
# bills, loan repayments and sales targets all fall on the last days. `scenarios/month_end.yaml`
# is the baseline branch over the last week of November 2026 with more arrivals on the last
# days of the month (a model default; the first line below prints it). The mean wait per day,
# with the baseline's 3 ordinary windows, with 4 and with 5:

# %% [markdown] tags=["lang=zh"]
# ## 4. 月末高峰
#
# 「在银行最害怕的就是月末」（种子材料 000）：发工资、缴费、还贷和销售指标都挤在最后几天。`scenarios/month_end.yaml`
# 是基准网点在 2026 年 11 月最后一周的情形，每月最后几天到店的客户更多（模型默认值，下面第一行打印出来）。
# 开基准的 3 个普通窗口、开 4 个和开 5 个时，每天的平均等候：

# %%
month_end = load_scenario(SCENARIOS / "month_end.yaml")
rush = month_end.arrivals.month_end
print(tr("nb03.rush", LANG, more=rush.factor - 1, days=rush.last_days))
DAYS = pd.date_range(month_end.horizon.start_date, periods=month_end.horizon.days)
DAY_NAMES = {short_date(d, "en"): short_date(d, LANG) for d in DAYS}  # the code's dates -> this edition's


def by_day(n_ordinary: int) -> pd.DataFrame:
    res = simkit.run(with_overrides(month_end, {"branch.windows.ordinary": n_ordinary}), seed=1)
    called = res.customers[res.customers["start"].notna()]
    dates = [short_date(d, "en") for d in DAYS]  # 'Mon 30 Nov': how the code names a day
    g = called.groupby("day")["wait"]
    return pd.DataFrame({"date": dates, "ordinary windows": n_ordinary, "visits": res.customers.groupby("day").size(),
                         "mean wait (min)": g.mean(), "called within 10 min": g.apply(lambda w: (w <= 10).mean())})


days_table = pd.concat([by_day(n) for n in (3, 4, 5)], ignore_index=True)
fig, ax = plt.subplots(figsize=(9, 3.5))
sns.barplot(data=days_table, x="date", y="mean wait (min)", hue="ordinary windows", ax=ax)
ax.set_xticks(ax.get_xticks(), [DAY_NAMES[t.get_text()] for t in ax.get_xticklabels()])
ax.set(xlabel="", ylabel=tr("col.mean wait (min)", LANG), title=tr("nb03.month_title", LANG))
ax.get_legend().set_title(tr("col.ordinary windows", LANG))
plt.show()

# %% [markdown] tags=["lang=en"]
# Then the numbers: the service level of each day, and how many ordinary windows reach the target.

# %% [markdown] tags=["lang=zh"]
# 再看数字：每天的服务水平，以及开几个普通窗口能达到目标。

# %%
levels = days_table.pivot(index="date", columns="ordinary windows", values="called within 10 min").loc[
    days_table["date"].unique()]
for date in levels.index:
    enough = [n for n in levels.columns if levels.loc[date, n] >= 0.8]
    print(tr("nb03.enough", LANG, date=DAY_NAMES[date], n=enough[0]) if enough else
          tr("nb03.not_even", LANG, date=DAY_NAMES[date], n=levels.columns.max(), best=levels.loc[date].max()))
table(levels.rename(index=DAY_NAMES).round(3), LANG)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 把月末最后几天（本节第一行说了是几天）和其他日子比一比：上面几行说明了每天要几个普通窗口。网点可以临时加开窗口、
# 从后台借人上柜台，或者让更多大堂人员在场，把客户引导到自助设备（分流，种子材料里大堂经理的流程讲的就是这个）。
# 用模型可以给每种办法算一算代价。
#
# ## 5. 练习
#
# **练习 03.windows_needed**：一家大型城区网点最忙的时候，预计每小时有 108 位客户到柜台，平均每笔办理 6 分钟。
# 按埃尔朗 C 公式，要开几个窗口，才能让至少 80% 的客户在 10 分钟内被叫号？（用 `windows_needed`。第 3 节按小时
# 打印的窗口数是基准网点的，不是这家网点的。）

# %% tags=["answer"]
answer = ...  # a whole number of windows
### BEGIN SOLUTION
answer = windows_needed(108 / 60, 1 / 6)
### END SOLUTION

# %%
check("03.windows_needed", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 03.last_day_wait** — In the month-end week with the baseline's 3 ordinary windows,
# what was the mean wait (in minutes) on Monday 30 November?

# %% [markdown] tags=["lang=zh"]
# **练习 03.last_day_wait**：月末这一周，开基准的 3 个普通窗口时，11 月 30 日（星期一）的平均等候是多少分钟？
# （代码里这一天写作 `'Mon 30 Nov'`。）

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = days_table.query("`ordinary windows` == 3 and date == 'Mon 30 Nov'")["mean wait (min)"].item()
### END SOLUTION

# %%
check("03.last_day_wait", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 03.month_end_windows** — At month-end the branch head holds the counter to a lower
# standard than the everyday 80 %: **75 % of called customers called within 10 minutes**. Staffing
# three peak days to the everyday target would leave the extra windows idle the rest of the month,
# and one month-end's level swings by a few points with the customers who happen to come. Change
# the branch so that, over the **three month-end days together** (28–30 November, seed 1), at
# least 75 % of the customers who are called are called within 10 minutes — with **as few ordinary
# windows as possible**. Answer with the number of ordinary windows (`branch.windows.ordinary`).

# %% [markdown] tags=["lang=zh"]
# **练习 03.month_end_windows**：月末时，网点负责人给柜台定的标准比平时的 80% 低：**被叫号的客户中 75% 在 10 分钟内被叫号**。
# 按平时的目标给三个高峰日排班，多出来的窗口在这个月其余的日子都会闲着；而且一次月末的服务水平会随碰巧来的客户上下
# 浮动几个百分点。改一改网点，让**月末三天合在一起**（11 月 28–30 日，种子 1）被叫号的客户中至少 75% 在 10 分钟内被叫号，
# 而且**普通窗口尽量少**。用普通窗口数（`branch.windows.ordinary`）作答。

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
check("03.month_end_windows", answer, LANG)

# %% tags=["solution"]
# how far from the target the answer is decided: the answer clears the month-end standard, one
# window fewer falls short of it (seed 1; across seeds 1-20 both margins are beyond the 99.9 %
# t bound, tests/notebooks/test_fair_grading.py)
print(tr("nb03.margin", LANG, n=answer, level=month_end_level(answer),
         points=(month_end_level(answer) - MONTH_END_TARGET) * 100, target=MONTH_END_TARGET, fewer=answer - 1,
         fewer_level=month_end_level(answer - 1), fewer_points=(month_end_level(answer - 1) - MONTH_END_TARGET) * 100))

# %% [markdown] tags=["lang=en"]
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
# %% [markdown] tags=["lang=zh"]
# ## 讨论题
#
# 1. 埃尔朗 C 公式不考虑中途放弃的客户。一个网点的服务水平“达标”，是因为没耐心的客户都走了，这算服务得好吗？
#    哪个指标能揭示这一点？
# 2. 第 3 节里排班的人把所有窗口合在一起算。什么时候，尽管浪费了能力，单设贵宾窗口和对公窗口仍然划算？
# 3. 月末最后几天要加开窗口（加几个：看你对练习 03.month_end_windows 的回答）。比较几种办法：加柜员、从后台借人上柜台、
#    加一名大堂经理往自助设备分流。每种办法各要付出什么代价，各有什么风险（差错、投诉）？
# 4. 告诉网点负责人某项改变“有效”之前，你想要重复模拟多少次？用第 2 节置信区间的宽度来说明理由。

