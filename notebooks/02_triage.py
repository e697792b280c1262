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

# %% [markdown] tags=["lang=zh"]
# # 02 · 分流：大堂经理的选择带来了什么
#
# 写给新上岗的大堂经理和网点负责人，也写给设计大堂人员考核办法的人。
#
# **你将学到**
#
# * 什么是分流：引导到自助设备、贵宾引导、绿色通道、推荐给客户经理、二次分流；
# * **没有大堂经理**时，或者大堂经理忙着营销顾不上分流时，等候、走掉的客户和投诉会怎样；
# * 在*同一批*客户身上（共同随机数）量一量，大堂经理的每一项选择各值多少；
# * 怎样用**交互式探索工具**试一试你自己的设置。

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from simkit.dashboard.editions import explorer_kpis, relabel, table, tr, triage_explorer, use_language
from simkit.scenario import shipped_dir
from simkit.teach import check
from simkit.widgets import mean_kpis, simulate

LANG = "en"  # this edition's language: make notebooks writes "zh" here for notebooks/zh/
SCENARIOS = shipped_dir()  # the scenario files shipped with simkit (scenarios/ in the repository)
BASE = SCENARIOS / "baseline.yaml"
DAYS = range(1, 6)  # seeds 1..5, one day each: the same five days for every setting below
KPIS = ["wait_mean", "served_within_10", "balked_rate", "reneged_rate", "triaged_rate", "diversion_rate",
        "self_service_failures", "referrals", "sales", "complaints", "satisfaction_mean"]
sns.set_theme(style="whitegrid", context="notebook")
use_language(LANG)  # the Chinese edition draws its figures with a Simplified-Chinese font
pd.set_option("display.precision", 3)
pd.set_option("display.width", 140)


def compare(settings: dict) -> pd.DataFrame:
    """Mean KPIs over the five days for each named setting (a dict of scenario overrides)."""
    return pd.DataFrame({name: mean_kpis(simulate(BASE, ov, DAYS, days=1), KPIS) for name, ov in settings.items()})


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of KPIs (rows) by setting (columns) as this edition shows it."""
    return relabel(frame, LANG, index="metric", columns="set")


print(tr("nb02.days", LANG, n=len(DAYS), seeds=list(DAYS)))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# ## 1. 什么是分流
#
# 大堂经理在门口迎接每位客户，问清要办什么业务，帮他取号。这一番简短的交谈就是**分流**：
#
# * **引导到自助设备**：查询、小额取款、转账和缴费可以在自助设备上办，目的是「缓解柜台压力」（种子材料 004）。
#   不是每个人都愿意（模型默认：被建议的客户里 60% 同意），也有人一个人办不成：老年客户四个里有一个
#   （模型默认值；种子材料 002 的培训大纲为此专门有一个流程，叫*客户教育*）；
# * **贵宾引导**：持贵宾卡的客户拿贵宾号，在贵宾窗口优先办理；
# * **绿色通道**：老年客户和有急事的客户在普通窗口优先叫号（种子材料 004）；
# * **推荐**：认出看上去和别人一样的潜在高价值客户，把他带到客户经理那里（种子材料 004：推荐潜在高价值客户）；
# * **二次分流**：队伍变长时在等候区巡视，把排队的客户引导到自助设备。
#
# 大堂经理分流一位客户的时候，后面进门的客户只能自己取号，没人给他们分流。大堂经理向等候客户**营销**
# 的时间（种子材料 002：大堂经理要推介产品），就是不在门口的时间。

# %% [markdown] tags=["lang=en"]
# The model's knobs: `staff.choices.lobby_manager.diversion` (how often an eligible customer is
# offered a machine), `.referral` (how hard they look for hidden high-value customers), `.selling`
# (share of free time spent selling), and in `branch`: `lobby_managers`, `green_channel`,
# `second_triage.enabled`, `calling.vip` (whom the VIP window calls).
#
# ## 2. No lobby manager, or two

# %% [markdown] tags=["lang=zh"]
# 模型里能调的地方：`staff.choices.lobby_manager.diversion`（符合条件的客户被建议去自助设备的频率，即分流积极性）、
# `.referral`（留意潜在高价值客户的用心程度，即转介积极性）、`.selling`（空闲时间里营销的占比），以及 `branch` 下的
# `lobby_managers`（大堂经理人数）、`green_channel`（绿色通道）、`second_triage.enabled`（二次分流）、
# `calling.vip`（贵宾窗口叫哪些号）。
#
# ## 2. 没有大堂经理，或者有两名

# %%
staffing = compare({
    "baseline (1)": {},
    "no lobby manager": {"branch.lobby_managers": 0},
    "two lobby managers": {"branch.lobby_managers": 2},
})


def moved(kpis: pd.DataFrame, kpi: str, setting: str, reference: str) -> str:
    """One KPI from the reference setting to another, in words chosen from the numbers."""
    a, b = kpis.loc[kpi, reference], kpis.loc[kpi, setting]
    how = tr("nb02.rises" if b > a else "nb02.falls" if b < a else "nb02.unchanged", LANG)
    return tr("nb02.moved", LANG, kpi=tr(f"metric.{kpi}", LANG), how=how, a=a, b=b)


SEP = tr("ui.semicolon", LANG)
print(tr("nb02.without", LANG, n=len(DAYS), list=SEP.join(
    moved(staffing, k, "no lobby manager", "baseline (1)")
    for k in ["wait_mean", "balked_rate", "reneged_rate", "complaints", "self_service_failures"])))
print(tr("nb02.with_two", LANG, list=SEP.join(
    moved(staffing, k, "two lobby managers", "baseline (1)") for k in ["triaged_rate", "wait_mean"])))
shown(staffing.round(3))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 没有大堂经理，就没人分流、没人引导到自助设备。按道理，柜台的队伍会更长，见排队离开和等候中放弃的客户会更多，
# 投诉也更多；而自助办理失败会*更少*，原因很简单：被引导去自助设备的人少了。第二名大堂经理应当能给更大比例的客户分流
# （经大堂分流的比例）。表格上面的几行说明了这几天里每个指标往哪个方向变。
#
# 五天是很小的样本，这些又只是平均值，没有置信区间：笔记本 03 讲怎样给这样的差别加上置信区间；
# 一天只有几次的指标（产品销售、转介），要很多天才能让变化从每天的随机起伏里显出来。
#
# ## 3. 每项选择单独看
#
# 一次只改一样，其余都和基准网点一样：

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
    print(tr("nb02.setting", LANG, setting=tr(f"set.{setting}", LANG), list=SEP.join(
        moved(choices, k, setting, "baseline") for k in ["wait_mean", "triaged_rate", "sales"])))
shown(choices.loc[["wait_mean", "served_within_10", "balked_rate", "triaged_rate", "diversion_rate", "sales",
                   "complaints"]].round(3))

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# * **分流积极性**：只向少数客户建议自助设备（0.2），或者向所有符合条件的客户都建议（1.0）。上面前两行说明了这五天里
#   平均等候比基准多了还是少了。要给几个办法按效果排个先后，得用练习 02.best_lever 里的二十天。
# * **忙于营销**的大堂经理，预计分流的客户会少一些，卖出的产品会多一些（看【忙于营销（0.8）】那一行这几天的结果）。
#   网点想要哪一样，取决于怎样考核大堂经理：种子材料 002 把服务规范*和*产品推介都列进了他们的指标。
# * 让贵宾窗口**只叫贵宾号**，没有贵宾排队时这个窗口就空着，全网点的平均等候应当会变长；它那一行说明了这里是不是这样。
#
# 把分流积极性从低到高扫一遍，能看出影响的走势：

# %%
levels = [0.2, 0.4, 0.6, 0.8, 1.0]
sweep = compare({lv: {"staff.choices.lobby_manager.diversion": lv} for lv in levels}).T
sweep.index.name = "diversion"
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
sns.lineplot(data=sweep, x="diversion", y="wait_mean", marker="o", ax=axes[0])
sns.lineplot(data=sweep, x="diversion", y="self_service_failures", marker="o", ax=axes[1], color="C3")
axes[0].set(xlabel=tr("nb02.diversion_axis", LANG), ylabel=tr("col.mean wait (min)", LANG),
            title=tr("nb02.wait_title", LANG))
axes[1].set(xlabel=tr("nb02.diversion_axis", LANG), ylabel=tr("nb02.failures_axis", LANG),
            title=tr("nb02.failures_title", LANG))
fig.tight_layout()
plt.show()

# %% [markdown] tags=["lang=en"]
# ## 4. The green channel: who pays for priority?
#
# The green channel lets elderly customers jump the ordinary queue. Queueing theory says priority
# is never free: the wait should move to someone else. Mean wait by segment with and without it:

# %% [markdown] tags=["lang=zh"]
# ## 4. 绿色通道：优先的代价谁来付？
#
# 绿色通道让老年客户越过普通队伍先办。排队论说优先从来不是免费的：等候会转到别人身上。
# 有绿色通道和没有绿色通道时，各类客户的平均等候：

# %%
def waits_by_segment(overrides):
    runs = simulate(BASE, overrides, DAYS, days=1)
    c = pd.concat([r.customers for r in runs])
    c = c[c["start"].notna()]
    return c.groupby(c["segment"].astype(str))["wait"].mean()


green = pd.DataFrame({"with green channel": waits_by_segment({}),
                      "without": waits_by_segment({"branch.green_channel": False})})
green["change"] = green["without"] - green["with green channel"]
table(green.round(2), LANG)

# %% [markdown] tags=["lang=en"]
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

# %% [markdown] tags=["lang=zh"]
# 优先的本意，是把等候从老年客户身上转到和他们共用普通窗口的客户身上。看【变化】一列：没有绿色通道时，老年客户多等
# 多少分钟？别的客户是不是少等了？还是说，只有五天，他们的变化淹没在每天的随机起伏里（笔记本 03 讲怎样给它加上区间）？
# 优先主要决定*谁*等；它会不会也改变整个网点让客户等多久，要看其他几行。
#
# ## 5. 自己试一试：分流探索工具
#
# 调整控件，再点**运行**。拖动滑块时不会模拟；点运行后，工具用你的设置*和*基准网点在同样的种子上模拟所选的天数，
# 然后在几个标签页里给出关键指标、全天的排队和各类客户的等候。（在静态的笔记本里看不到这个控件，它算出的指标表打印在下面。）

# %% tags=["nbval-ignore-output"]
ex = triage_explorer(BASE, LANG, lobby_managers=1, diversion=0.4, selling=0.6, days=3)
ex.run()
ex

# %%
explorer_kpis(ex, LANG)

# %% [markdown] tags=["lang=en"]
# ## 6. Exercises
#
# **Exercise 02.no_lobby_wait** — By how many minutes does the mean wait rise when the branch has
# no lobby manager (mean over the five days of section 2)?

# %% [markdown] tags=["lang=zh"]
# ## 6. 练习
#
# **练习 02.no_lobby_wait**：网点没有大堂经理时，平均等候上升了多少分钟（第 2 节五天的平均值）？

# %% tags=["answer"]
answer = ...  # minutes
### BEGIN SOLUTION
answer = staffing.loc["wait_mean", "no lobby manager"] - staffing.loc["wait_mean", "baseline (1)"]
### END SOLUTION

# %%
check("02.no_lobby_wait", answer, LANG)

# %% [markdown] tags=["lang=en"]
# **Exercise 02.best_lever** — Which one change cuts the mean wait most? (a) a second lobby
# manager, (b) no selling at all (selling 0.0), (c) the VIP window calls VIPs only. Five days
# are too few to rank levers whose effects are close, so measure each on the 20 days of
# `LEVER_DAYS` (the same days for each: common random numbers), then answer with a letter.

# %% [markdown] tags=["lang=zh"]
# **练习 02.best_lever**：下面哪一项改变最能缩短平均等候？（a）增加第二名大堂经理，（b）完全不营销（营销占比 0.0），
# （c）贵宾窗口只叫贵宾号。几个办法效果接近时，五天不够排出先后，所以每个办法都在 `LEVER_DAYS` 的 20 天上量一量
# （每个办法用同样的天：共同随机数），然后用一个字母作答。

# %%
LEVER_DAYS = range(1, 21)  # seeds 1..20, one day each
LEVERS = {"a": {"branch.lobby_managers": 2}, "b": {"staff.choices.lobby_manager.selling": 0.0},
          "c": {"branch.calling.vip": ["vip"]}}
print(tr("nb02.levers", LANG, n=len(LEVERS), days=len(LEVER_DAYS)))

# %% tags=["answer"]
answer = ...  # "a", "b" or "c"
### BEGIN SOLUTION
lever_waits = pd.DataFrame({k: [r.kpis()["wait_mean"] for r in simulate(BASE, ov, LEVER_DAYS, days=1)]
                            for k, ov in LEVERS.items()})
answer = lever_waits.mean().idxmin()
### END SOLUTION

# %%
check("02.best_lever", answer, LANG)

# %% tags=["solution"]
# how far outside its noise the exercise is decided: the best lever's lead over the runner-up,
# paired day by day, in standard errors of that paired difference
ranked = lever_waits.mean().sort_values()
lead = lever_waits[ranked.index[1]] - lever_waits[ranked.index[0]]
se = lead.std(ddof=1) / len(lead) ** 0.5
print(tr("nb02.best", LANG, first=ranked.index[0], lead=lead.mean(), second=ranked.index[1], se=se,
         days=len(lead), ratio=lead.mean() / se))

# %% [markdown] tags=["lang=en"]
# **Exercise 02.sell_and_serve** — The branch head wants the lobby manager to spend at least half
# of their free time selling (`selling` ≥ 0.5). Choose `diversion`, `referral` and `selling` (each
# between 0 and 1) so that the mean wait over seeds 1–40 (one day each) is **at least 20 seconds
# shorter than today's branch on the same days**.
# Answer with a dict, e.g. `{"diversion": 0.7, "referral": 0.5, "selling": 0.5}`.

# %% [markdown] tags=["lang=zh"]
# **练习 02.sell_and_serve**：网点负责人要求大堂经理至少把一半的空闲时间用来营销（`selling` ≥ 0.5）。
# 选择 `diversion`、`referral` 和 `selling`（每个都在 0 到 1 之间），使种子 1–40（每个一天）的平均等候**比现在的网点在同样的几天里至少少 20 秒**。
# 用一个字典作答，例如 `{"diversion": 0.7, "referral": 0.5, "selling": 0.5}`。

# %% tags=["answer"]
answer = ...  # a dict with the keys diversion, referral, selling
### BEGIN SOLUTION
answer = {"diversion": 1.0, "referral": 0.5, "selling": 0.5}
### END SOLUTION

# %%
check("02.sell_and_serve", answer, LANG)

# %% [markdown] tags=["lang=en"]
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
# %% [markdown] tags=["lang=zh"]
# ## 讨论题
#
# 1. 如果引导到自助设备能缩短柜台的队伍，却把更多不会用自助设备的老年客户送了过去，你会怎样考核大堂经理，
#    让他引导*合适的*客户？
# 2. 种子材料 002 既要求大堂经理守住服务规范，又要求他推介产品。在第 3 节里，大堂经理营销得更多时，网点得到了什么、
#    失去了什么？这两者的平衡该由谁来定，用哪个指标？
# 3. 绿色通道的本意是把等候时间从老年客户身上转给别人。这样公平吗？如果一个网点一半的客户是老年人，你的回答会变吗？
# 4. 小网点没有专职大堂经理（种子材料 004）。根据第 2 节，为在基准这样的网点设一名兼职大堂经理说说理由，或者说说反对的理由。

