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
# # 07 · Designing a scheme: the balanced scorecard and the monthly/annual split
#
# For HR designers, branch heads and researchers who have seen in notebooks 04–06 what
# single-indicator schemes do, and now want to design a better one — and ask what it trades
# away. Read notebook 05 first.
#
# **What you will learn**
#
# * the balanced scorecard (平衡计分卡): four perspectives — financial, customer, internal
#   process, learning & growth — each with indicators, targets and weights;
# * how to run a **sweep** over scheme parameters with replications (`simkit.experiment`),
#   and ask whether a design trades the bank's profit, its risk, the customers' experience
#   and the staff's pay against each other;
# * the monthly/annual split (月度 + 年度考核): part of performance pay by monthly tiers, part
#   by an annual rating with grade coefficients, paid at year end — and how deferring pay
#   can change what staff learn;
# * how to test a scheme idea in seconds on the pure pay functions before simulating it.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit import library
from simkit.experiment import Sweep, kept_sweep
from simkit.library.findings import as_row
from simkit.report.schemes import format_ci, last_months, mean_ci, paired_diff, say_difference
from simkit.scenario import load_scenario, with_overrides
from simkit.teach import check
from simkit.widgets.pay import payslip_text, scorecard_explorer

SCENARIOS = Path("..") / "scenarios"  # notebooks run with notebooks/ as working directory
RUNS = Path("runs") / "07"  # the sweep this notebook ran, kept to be read back (section 3)
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 3)
pd.set_option("display.width", 140)
pd.set_option("display.max_columns", 20)
print(f"simkit {simkit.__version__}")

# %% [markdown]
# ## 1. The balanced scorecard (平衡计分卡)
#
# Kaplan & Norton (1992, "The Balanced Scorecard — Measures that Drive Performance",
# *Harvard Business Review* 70(1):71–79) proposed judging a unit by four perspectives at
# once, so that no single number can be chased at the expense of the others. Seed 001
# describes its use for customer managers: 「从财务维度、客户维度、内部流程维度以及学习与成长维度
# 四个方面确定指标体系，最后根据实际情况为每个指标分配权重 … 根据分值来发放客户经理的薪酬」 —
# *build indicators in the financial, customer, internal-process and learning-and-growth
# perspectives, give each a weight, and pay customer managers by the score*.
#
# The shipped scorecard (`scenarios/schemes/cm_balanced_scorecard.yaml`): each indicator's
# completion (capped) times its weight within the perspective, times the perspective's
# weight; pay = score × a pool.

# %%
card_file = SCENARIOS / "schemes" / "cm_balanced_scorecard.yaml"
card = load_scenario(card_file).pay.customer_manager.components[1]
rows = []
for name in ["financial", "customer", "internal_process", "learning_growth"]:
    p = getattr(card, name)
    for t in p.targets:
        rows.append({"perspective": name, "perspective weight": p.weight, "indicator": t.indicator,
                     "target": t.target, "weight in perspective": t.points,
                     "direction": "lower is better" if t.lower_is_better else "higher is better"})
print(f"pool ¥{card.pool:,.0f} at a full score; completion capped at {card.cap:.0%}")
pd.DataFrame(rows)

# %% [markdown]
# ## 2. Try a design on paper first
#
# A scheme is a pure function of a month's indicators, so a design can be tested in
# milliseconds before any simulation. Here are two customer managers' months: a **volume
# chaser** (more profit and deposits now, a risky book, unhappy customers) and a **prudent
# manager**. Their scores on the shipped scorecard:

# %%
#: one month of a manager who chases volume: high profit now, risky book, unhappy customers
VOLUME_CHASER = {"responsibility_profit": 220_000.0, "deposit_net_increase": 1_500_000.0, "satisfaction": 6.5,
                 "complaints": 4.0, "npl_share": 0.08, "collateralised_share": 0.3, "transactions": 70.0}
#: one month of a prudent manager: less volume, a clean book, satisfied customers
PRUDENT = {"responsibility_profit": 140_000.0, "deposit_net_increase": 800_000.0, "satisfaction": 8.2,
           "complaints": 1.0, "npl_share": 0.01, "collateralised_share": 0.7, "transactions": 60.0}
months = pd.DataFrame({"volume chaser": VOLUME_CHASER, "prudent": PRUDENT})
scores = pd.DataFrame({who: card.score(k) for who, k in
                       [("volume chaser", VOLUME_CHASER), ("prudent", PRUDENT)]})
scores.loc["total score"] = scores.sum()
print(f"prudent / chaser = {scores.loc['total score', 'prudent'] / scores.loc['total score', 'volume chaser']:.3f}")
table = pd.concat({"indicators this month": months, "score by perspective": scores})
table.map(lambda x: f"{x:,.3f}".rstrip("0").rstrip("."))  # plain numbers, no scientific notation

# %% [markdown]
# **Exercise 07.weights** — Change the scheme so that the prudent manager's total score is
# at least **25 % higher** than the volume chaser's, while the financial perspective keeps a
# weight of **at least 0.3**. Give the four perspective weights (≥ 0, summing to 1) as a dict.
# The check scores both months with your weights.

# %% tags=["answer"]
answer = ...  # {"financial": ..., "customer": ..., "internal_process": ..., "learning_growth": ...}
### BEGIN SOLUTION
answer = {"financial": 0.3, "customer": 0.3, "internal_process": 0.4, "learning_growth": 0.0}
### END SOLUTION

# %%
check("07.weights", answer)

# %% [markdown]
# On paper the answer is easy. Whether it works in the branch depends on what managers then
# *learn* to do, which only a simulation shows: a scorecard can also be met by managers who
# do less of everything. That is the sweep below.
#
# ## 3. A sweep over the scorecard's weights
#
# Three designs, from finance-heavy to risk-and-customer-heavy, each run with the same
# replication seeds. `Sweep` validates every point before anything runs; `kept_sweep` runs the
# tasks on two worker processes into a result folder under `notebooks/runs/07/` the first time
# and reads them back after (notebook 04, section 3); `run_sweep` runs into a folder you name.
# A few months and three replications per design (printed below) keep the first run short;
# raise `MONTHS` and `REPS` for a firmer answer.

# %%
MONTHS, REPS, SEED, TAIL = 8, 3, 2026, 3
DESIGNS = {  # financial, customer, internal process, learning & growth
    "finance-heavy": (0.8, 0.1, 0.05, 0.05),
    "shipped": (0.4, 0.3, 0.2, 0.1),
    "risk & customer": (0.1, 0.4, 0.4, 0.1),
}
path = "pay.customer_manager.components.1.{}.weight"
points = [{path.format(p): w for p, w in zip(["financial", "customer", "internal_process", "learning_growth"], ws)}
          for ws in DESIGNS.values()]
sweep = Sweep(card_file, points=points, set={"horizon.periods": MONTHS}, replications=REPS, seed=SEED,
              logs=["staff_periods", "bank_periods"])
res = kept_sweep(sweep, RUNS, workers=2)
staff, bank = res.logs("staff_periods"), res.logs("bank_periods")
print(f"{len(DESIGNS)} designs × {REPS} replications × {MONTHS} months")
label = dict(enumerate(DESIGNS))
staff["design"] = pd.Categorical(staff["point"].map(label), categories=list(DESIGNS), ordered=True)
bank["design"] = pd.Categorical(bank["point"].map(label), categories=list(DESIGNS), ordered=True)
print(sweep)

# %% [markdown]
# ## 4. What the designs change
#
# Four things a pay scheme can trade against each other: the **bank's profit**, its **risk**
# (the NPL ratio), the **customers' experience** (complaints, satisfaction with the managers),
# and the **staff's pay**. A trade-off shows only when a design clearly moves two of them, one
# for the better and one for the worse. Over the last three months, per replication, then mean
# and 95 % interval — the picture first:

# %%
cms = last_months(staff[staff["role"] == "customer_manager"], TAIL)
keys = ["design", "replication"]
per_rep = (cms.groupby(keys, observed=True)
           .agg(**{"manager pay ¥": ("pay", "mean"), "satisfaction (0-10)": ("kpi.satisfaction", "mean"),
                   "time outside": ("policy.outside", "mean"), "screening": ("policy.screening", "mean")})
           .join(last_months(bank, TAIL).groupby(keys, observed=True)
                 .agg(**{"branch profit ¥": ("profit", "mean"), "NPL ratio": ("npl_ratio", "mean"),
                         "complaints": ("complaints", "mean")}))
           .reset_index())
long = per_rep.melt(id_vars=keys, var_name="measure", value_name="value")
show = ["branch profit ¥", "NPL ratio", "complaints", "manager pay ¥"]
g = sns.catplot(data=long[long["measure"].isin(show)], x="design", y="value", col="measure", col_order=show,
                kind="bar", errorbar=("ci", 95), seed=0, height=3, aspect=0.9, sharey=False)
g.set_axis_labels("", "")
g.set_xticklabels(rotation=30)
plt.show()

# %% [markdown]
# The numbers behind the bars, with every measure of the table:

# %%
format_ci(mean_ci(per_rep, by="design"), by="design")

# %%
d = paired_diff(per_rep, reference="finance-heavy", by="design").set_index(["design", "measure"])
MEASURES = [("NPL ratio", "The NPL ratio"), ("branch profit ¥", "Branch profit"),
            ("manager pay ¥", "Managers' pay"), ("screening", "Learned screening")]
for measure, word in MEASURES:
    print(say_difference(d.loc[("risk & customer", measure)], f"{word} under the risk-and-customer design",
                         "under the finance-heavy design"))
told = [f"{measure} ({'higher' if d.loc[('risk & customer', measure), 'mean'] > 0 else 'lower'})"
        for measure, _ in MEASURES if d.loc[("risk & customer", measure), "clear"]]
print(f"Told apart in this run: {len(told)} of {len(MEASURES)} measures" + (": " + ", ".join(told) if told else "")
      + (" — a trade-off needs at least two, one better and one worse." if len(told) < 2 else "."))

# %% [markdown]
# **Reading it.** A scorecard still pays for measured indicators, several at once. The
# weights decide which of the managers' choices *should* pay off: weight on the NPL share and
# the collateral ratio is meant to make screening and monitoring worth their effort; weight on
# profit makes volume worth it. Whether the managers learn that depends on whether they can
# see it in their own pay through the month's luck (notebook 04's `learnability`): the
# sentences above say which differences this short run shows, and "not distinguishable"
# means the managers' habits have not yet parted, or parted too little to tell. If the only
# measure told apart is the managers' pay, the design has changed what the scorecard pays
# before what the managers do: a cost, not yet a trade-off.
# Holmström & Milgrom (1991, *Journal of Law, Economics & Organization*
# 7:24–52) add a warning: when the tasks compete for the same hours, balancing the weights
# can also weaken every incentive at once — the *level* of pay matters as well as the mix.

# %% [markdown]
# ### The same three designs over two years: the results library
#
# The sweep above is short so that the notebook runs in under a minute, and customer
# managers learn slowly: a loan's quality shows only months after it is granted. simkit's
# results library (`docs/library.md`) holds the same three designs over a longer run and more
# replications (the first line below says how many), on the same seeds for every design, with
# every field margin on (loan demand that answers a manager's reputation, an inherited loan
# book, quits and hiring, days off, pay rules: `docs/flip.md`). Each sentence compares the
# risk-and-customer design with the finance-heavy one over the last months of every
# replication (the first line below names them), with the paired 95 % interval and the
# measure's minimal meaningful difference.

# %%
entry = library.manifest()["experiments"]["scorecard_weights"]
LIBRARY_MEASURES = [("npl_ratio", None, "The NPL ratio"), ("profit", None, "Branch profit"),
                    ("complaints", None, "Complaints at the branch"), ("pay", "customer_manager", "Managers' pay"),
                    ("policy.screening", "customer_manager", "Learned screening")]
stored = [library.effect("scorecard_weights", "risk_and_customer", "finance_heavy", metric, role=role)
          for metric, role, _ in LIBRARY_MEASURES]
print(f"In the library: {len(entry['arms'])} designs × {entry['replications']} replications × "
      f"{entry['periods']} months; each replication's mean over months {stored[0].months[0]}–{stored[0].months[1]}")
stored_told = []
for (metric, role, what), found in zip(LIBRARY_MEASURES, stored):
    row = as_row(found)
    print(say_difference(row, f"{what} under the risk-and-customer design", "under the finance-heavy design"))
    if row["verdict"] == "clear":
        stored_told.append(f"{what.lower()} ({'higher' if found.mean > 0 else 'lower'})")
print(f"Told apart over {entry['periods']} months: {len(stored_told)} of {len(LIBRARY_MEASURES)} measures"
      + (": " + ", ".join(stored_told) if stored_told else "")
      + (" — a trade-off needs at least two, one better and one worse." if len(stored_told) < 2 else "."))

# %% [markdown]
# Compare the count with the short sweep's above: what the library tells apart and the sweep
# does not needed the longer run; a measure neither tells apart is one this model's managers
# do not move by more than the interval's width under these weights. Which of the differences
# told apart is *better* for the bank is a judgement the sentences leave to you: a lower NPL
# ratio bought with less profit is a trade-off only if you value both.
#
# ## 5. The monthly/annual split (月度 + 年度考核)
#
# Seed 001 describes a leasing company that pays 「绩效薪酬中的60% … 以每个月每名客户经理为企业
# 创造利润总额为依据 … 分为不同的档次发放。另外40%的绩效薪酬，是根据企业对客户经理年度绩效考核
# 进行评价，分为不同的等级，每个等级配以不同的绩效工资调节系数」 — *part of performance pay by
# monthly profit tiers, the rest by the annual rating, in grades, each grade with a pay
# coefficient* (the split is printed below). The shipped file `cm_monthly_annual.yaml` runs
# this on responsibility profit. One run of a whole year, one replication (a year is needed
# for the annual rating):

# %%
ma_file = SCENARIOS / "schemes" / "cm_monthly_annual.yaml"
ma = load_scenario(ma_file)
split = ma.pay.customer_manager.components[1]
print(f"split: {split.monthly_share:.0%} of performance pay monthly, {1 - split.monthly_share:.0%} by the annual grade")
print("monthly tiers:", ", ".join(f"profit ≥ ¥{t.threshold:,.0f}: ¥{t.amount:,.0f}" for t in split.tiers))
print("annual grades:", ", ".join(f"{g} (≥ ¥{v.at_least:,.0f}): × {v.coefficient:g}" for g, v in split.grades.items()),
      f"on a pool of ¥{split.annual_pool:,.0f}")
year = simkit.run(with_overrides(ma, {"horizon.periods": 12}), seed=SEED)
slips = year.payslips[year.payslips["person"].str.startswith("M")]
by_kind = slips.groupby(["person", "period", "kind"])["amount"].sum().unstack("kind", fill_value=0.0)
print("paid over the year, by kind of pay line (¥):")
by_kind.groupby("person").sum().round(0).astype(int)

# %%
fig, ax = plt.subplots(figsize=(8, 3.2))
m1 = by_kind.loc["M1"]
m1.plot.bar(stacked=True, ax=ax, width=0.8)
ax.set(xlabel="month (0 = first)", ylabel="¥", title="Customer manager M1's pay by kind, monthly/annual split")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
print(payslip_text(slips.assign(replication=0), "M1"))

# %% [markdown]
# **Why defer pay?** Money held back until year end does three things. It ties pay to a longer
# stretch of results (a bad loan granted in March can still lower December's grade). It
# makes quitting costly: in this model a person who quits forfeits what is held back. And the
# person values it below the same money now: the simulated staff discount future
# pay by the `discount` below per month, and credit a payment partly to choices made in
# earlier months through an eligibility trace (`trace`). Both are stated in the scenario:

# %%
learning = ma.behaviour.learning
print(f"discount per month: {learning.discount}; a payment 11 months away is worth "
      f"{learning.discount ** 11:.0%} of the same payment now; eligibility trace decay: {learning.trace}")

# %% [markdown]
# **Exercise 07.annual** — M1's last payslip above shows the annual rating at grade A. Under
# the same 60/40 split, with the annual pool of ¥30,000 paid at grade B (coefficient 1.0), what
# does a manager rated grade C (coefficient 0.8) receive as the annual rating at year end, in yuan?

# %% tags=["answer"]
answer = ...  # yuan
### BEGIN SOLUTION
answer = split.annual_pool * split.grades["C"].coefficient
### END SOLUTION

# %%
check("07.annual", answer)

# %% [markdown]
# ## 6. Explore: weigh the scorecard yourself
#
# Set the four weights (they are scaled to sum to 1), the pool paid at a full score and the
# fixed pay, then press **Run**. The first run below is short (3 months, one replication) and starts
# from the shipped scorecard's weights.

# %%
ex = scorecard_explorer(card_file, months=3, replications=1, financial=0.4, customer=0.3, internal_process=0.2,
                        learning_growth=0.1)
ex.run()
print(ex.status.value)

# %% tags=["nbval-ignore-output"]
ex

# %%
ex.rendered["trade-offs"]

# %% [markdown]
# ## Questions for discussion
#
# 1. Your weights in exercise 07.weights made the prudent manager win on paper. What could a
#    manager do to score well on the customer and internal-process perspectives *without*
#    being prudent? Which indicator is easiest to game?
# 2. The scorecard's customer perspective uses satisfaction and complaints. Who measures
#    satisfaction in a real branch, and what happens to the scheme if the manager can choose
#    whom to survey?
# 3. Deferring 40 % of pay to year end ties pay to the year's results. Would you defer more for
#    customer managers who grant loans than for tellers? Why?
# 4. If a longer run showed a design buying a lower NPL ratio with lower profit, would your
#    branch accept it, and who in the bank would disagree with you?
# 5. These comparisons come from a few simulated months and three replications of a model with stated
#    defaults. What would convince you that a scheme works in a real branch?
