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
# # 04 · Tellers and their pay (柜员的薪酬)
#
# For trainers and new tellers who want to see why a pay rule changes how the counter
# works, and for compensation researchers who want to compare teller pay schemes with
# confidence intervals. Read notebook 00 first; no economics needed.
#
# **What you will learn**
#
# * the four ways the seed documents pay tellers (柜员): fixed pay (基本工资 + 岗位工资), a
#   piece rate per transaction (计件工资), fines per error slip and per complaint (差错扣款,
#   投诉扣款) and product sales quotas with deductions (营销任务, 扣钱);
# * how to read a payslip line by line, and compute one by hand;
# * what a teller can choose (speed, how often to pitch a product), what it costs them, and how
#   simulated tellers *learn* their habits from the pay they actually receive;
# * how long a teller needs to *see*, through a month's luck, what a habit pays (`learnability`);
# * what each scheme does to speed, errors, complaints, sales and waits — compared over
#   replications with confidence intervals;
# * how fines with a low base can push tellers out of the job (turnover, 流失率), and what a bank
#   must do with a payslip that comes out below zero.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

import simkit
from simkit import library
from simkit.experiment import compare_schemes, learnability
from simkit.library.findings import EFFECTS, format_effects, format_papers, shown_counts
from simkit.report.schemes import format_ci, last_months, mean_ci, paired_diff, say_difference, scheme_pay
from simkit.scenario import load_scenario
from simkit.teach import check
from simkit.widgets.pay import payslip_text, teller_explorer

SCENARIOS = Path("..") / "scenarios"  # notebooks run with notebooks/ as working directory
RUNS = Path("runs") / "04"  # the comparisons this notebook ran, kept to be read back (section 3)
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 2)
pd.set_option("display.width", 140)
pd.set_option("display.max_colwidth", 90)
print(f"simkit {simkit.__version__}; teller schemes: {sorted(p.stem for p in (SCENARIOS / 'schemes').glob('teller_*.yaml'))}")

# %% [markdown]
# ## 1. How tellers are paid in the seed documents
#
# A teller (柜员) serves the ticket queue at a counter window: deposits, withdrawals,
# transfers, account opening. Seed 002 is a collection of tellers' own accounts of the job,
# and it describes four ways their pay is set:
#
# * **Fixed pay** — base salary (基本工资) plus a position salary (岗位工资). Nothing in it
#   depends on what the teller does this month.
# * **Piece rate (计件工资)** — yuan per transaction handled. Busy tellers earn more; seed 002
#   says most of a county-branch teller's pay is variable and the base is low.
# * **Fines (罚款, 扣款)** — every error slip found by the back-office check (后督差错) and every
#   customer complaint (投诉) is deducted. Seed 002: 「扣钱，扣钱，扣钱是工作的主旋律」
#   — *deductions, deductions, deductions are the main theme of the job*.
# * **Sales quotas (营销任务)** — product targets pushed down to the counter: 「月底大家理财要完成
#   200万，基金卖不完，每人又要完成大几十万 … 网银又有任务 … 哪一样不合格都要扣钱」
#   — *wealth products by the million by month end, funds, online banking; miss any one and
#   money is deducted*.
#
# The toolkit ships one scenario file per scheme. Each `extends` the same branch and
# changes only the `pay:` section, so any difference between them comes from pay alone.

# %%
SCHEMES = {
    "fixed pay": "fixed_pay",
    "piece rate": "teller_piece_rate",
    "piece rate + fines": "teller_piece_rate_fines",
    "sales quotas": "teller_sales_quota",
    "heavy fines": "teller_heavy_fines",
}
files = {name: SCENARIOS / "schemes" / f"{stem}.yaml" for name, stem in SCHEMES.items()}


def describe(component) -> str:
    """One pay component in a line: its kind and the parameters that are set."""
    d = component.model_dump()
    kind = d.pop("kind")
    d.pop("indicator", None)
    return f"{kind}(" + ", ".join(f"{k}={v}" for k, v in d.items() if v not in (0, 0.0, {}, False)) + ")"


for name, path in files.items():
    sc = load_scenario(path)
    print(f"{name:20s} {path.name:30s} " + " + ".join(describe(c) for c in sc.pay.teller.components))

# %% [markdown]
# ## 2. What a teller can choose, and what it costs
#
# The simulated branch never asks which scheme is in force. Each teller has two **choices**,
# and the branch reacts to them, customer by customer:
#
# * **pace** — 1.0 is normal speed; at a faster pace every service takes proportionally less
#   time. Hurrying raises the chance of an error slip, which grows with pace to a power
#   (seed 002: 「不求快，先求稳」 — *don't seek speed, seek steadiness first*). An error sends the
#   customer away to come back another day, and makes a complaint more likely.
# * **pitch** — the share of suitable services in which the teller offers a product
#   (cross-selling, 交叉销售). A pitch adds a couple of minutes, sometimes sells, and sometimes
#   annoys the customer, who may complain.
#
# A third choice, **care** (复核: re-counting cash, re-reading the voucher, which adds a minute and
# prevents most errors), is held at none in these scheme files (`learned?` is False in the table
# below); `docs/care.md` says how to let tellers learn it.
#
# Both cost the teller **effort**: zero at the least a supervisor accepts, rising steeply
# (quadratically) towards the top of the range. The numbers come from the scenario file:

# %%
base = load_scenario(files["fixed pay"])
ranges = pd.DataFrame({name: r.model_dump() for name, r in base.behaviour.choices.of("teller").items()}).T
ranges = ranges.rename(columns={"lo": "lowest", "hi": "highest", "cost": "¥ effort/month at the top", "learn": "learned?"})
work = base.staff.teller_work
print(f"error slip chance at pace 1: {work.error_prob:.1%}, growing with pace^{work.pace_error_elasticity:g};"
      f" a pitch annoys {work.annoy_prob:.0%} of customers")
ranges

# %%
pace = np.linspace(base.behaviour.choices.teller.pace.lo, base.behaviour.choices.teller.pace.hi, 50)
r = base.behaviour.choices.teller.pace
curves = pd.DataFrame({
    "pace": pace,
    "service time (× normal)": 1 / pace,
    "error slip chance (%)": 100 * work.error_prob * pace ** work.pace_error_elasticity,
    "effort cost (¥/month)": r.cost * ((pace - r.lo) / (r.hi - r.lo)) ** 2,
})
fig, axes = plt.subplots(1, 3, figsize=(11, 3))
for ax, col in zip(axes, curves.columns[1:]):
    sns.lineplot(data=curves, x="pace", y=col, ax=ax)
    ax.set(title=col, ylabel="")
fig.tight_layout()
plt.show()

# %% [markdown]
# The curve is pace's cost with no pitching. Pace and pitching share one working day: part of
# each cost is a cost of *total* effort (Holmström & Milgrom 1991), so a teller who pitches a
# lot finds hurrying dearer — the share is the scenario's `behaviour.effort_substitution`:

# %%
print(f"share of effort cost that is a cost of total effort: {base.behaviour.effort_substitution:g}")

# %% [markdown]
# **How tellers learn (学习).** Each month every simulated teller tries choices a little around
# their current habit. Their **effort cost** they feel exactly (the curve above). What they
# must learn is how their *pay* responds: they set each month's pay (allowing for its working
# days) against what they tried, over about the last year, and believe that a choice changes
# their pay only when the evidence stands clear of luck (a policy-gradient rule, Williams 1992,
# *Machine Learning* 8:229–256, with James–Stein shrinkage, Efron & Morris 1973). Then they move
# their habit uphill in **utility = pay received − effort cost** — the same rule for every
# scheme and role, `simkit/behaviour/learning.py`. They never see the scheme's formula, nor colleagues' pay:
# a teller on a piece rate discovers that hurrying pays only because the months they
# hurried paid more. A teller whose utility stays below the **outside option** (what a similar
# job elsewhere is worth) for a few months quits and is replaced by a new hire.

# %% [markdown]
# ## 3. Run the five schemes
#
# Every scheme runs on the same branch, with the same replication seeds: replication *r* of
# every scheme meets the same customers (common random numbers), so differences between
# schemes are differences made by pay.
#
# **Horizon.** To keep this notebook well under a minute we run a few months and three
# replications per scheme (the line below the next cell says how many), in parallel on two
# cores. Learning is not finished that soon — the behaviour tests of the toolkit
# (`tests/behaviour/`) run two years with more seeds — so expect smaller effects and wider
# intervals than in a full study; the sentences in section 5 say which ones this short run
# can and cannot tell apart. Raise `MONTHS` and `REPS` to see them sharpen.
#
# **Kept runs.** `store=RUNS` keeps the runs in `notebooks/runs/`, a folder for each comparison
# named by a hash of everything that decides its numbers (every scheme's resolved scenario, the
# seeds, the months, the tables kept). The first time, the cell computes them; after that it
# reads them back, so the lesson's minute goes to reading rather than waiting. Change `MONTHS`,
# `REPS`, `SEED` or a scheme and the cell computes that comparison into a folder of its own;
# leave `store` out to compute every time.

# %%
MONTHS, REPS, SEED, TAIL = 4, 3, 2026, 2
cmp = compare_schemes(files["fixed pay"], {name: scheme_pay(path) for name, path in files.items()},
                      months=MONTHS, replications=REPS, seed=SEED, store=RUNS)
tellers = cmp.staff_periods[cmp.staff_periods["role"] == "teller"]
counts = ["kpi.transactions", "kpi.errors", "kpi.complaints", "kpi.sales"]
tellers = tellers.assign(**{c: tellers[c].fillna(0.0) for c in counts})  # a month with no sale has no sales entry
print(f"{len(cmp.schemes)} schemes × {REPS} replications × {MONTHS} months: "
      f"{len(tellers)} teller-months, {len(cmp.payslips)} payslip lines")

# %% [markdown]
# ## 4. Month 1: the same work, five payslips
#
# In the first month nobody has learned anything yet: with the same seed, the tellers under
# every scheme make the same choices and meet the same customers. So their *work* is
# identical — only the payslip differs. Check it:

# %%
m1 = tellers[(tellers["period"] == 0) & (tellers["replication"] == 0)]
same = m1.pivot(index="post", columns="scheme", values="kpi.transactions")
print("transactions in month 1 identical under every scheme:", bool((same.nunique(axis=1) == 1).all()))
same

# %% [markdown]
# Here is teller T1's payslip for that month under each scheme (replication 0). Every line
# shows its arithmetic; the pay functions are pure functions of the month's indicators, so
# you can redo each line by hand.

# %%
for name in cmp.schemes:
    slips = cmp.payslips[cmp.payslips["scheme"] == name]
    print(f"--- {name}\n{payslip_text(slips, 'T1', period=0)}\n")

# %% [markdown]
# **Exercise 04.piece_pay** — A teller is paid a base of ¥2,000, a position salary of ¥500,
# ¥1.50 per transaction, and fined ¥40 per error slip and ¥100 per complaint. In one month
# they handle 1,800 transactions, with 30 error slips and 12 complaints. What is their pay
# for the month in yuan? (By hand, or with `simkit.pay`, whose payslips above print their arithmetic.)

# %% tags=["answer"]
answer = ...  # yuan
### BEGIN SOLUTION
from simkit.pay import PayLedger, PayScheme, pay_period

scheme = PayScheme.model_validate({"components": [
    {"kind": "fixed", "base": 2000.0, "position": 500.0},
    {"kind": "piece_rate", "per_transaction": 1.5, "fine_per_error": 40.0, "fine_per_complaint": 100.0}]})
slips, _ = pay_period({"T": scheme}, {"T": {"transactions": 1800, "errors": 30, "complaints": 12}}, 0, PayLedger())
print(slips["T"])
answer = slips["T"].total
### END SOLUTION

# %%
check("04.piece_pay", answer)

# %% [markdown]
# ## 5. What the tellers learned
#
# The learned habits (`policy.*` columns of `staff_periods`) month by month, averaged over
# the five tellers; the band is the 95 % interval over replications.

# %%
habits = (tellers.groupby(["scheme", "replication", "period"], observed=True)[["policy.pace", "policy.pitch"]]
          .mean().reset_index()
          .melt(id_vars=["scheme", "replication", "period"], var_name="habit", value_name="value"))
g = sns.relplot(data=habits, x="period", y="value", hue="scheme", col="habit", kind="line",
                errorbar=("ci", 95), seed=0, height=3.2, aspect=1.4, facet_kws={"sharey": False})
g.set_axis_labels("month", "")
plt.show()


# %% [markdown]
# Now the numbers, over the last two months of each run (`TAIL`). One row per scheme and
# replication first (the replication is the unit: tellers in one branch are not independent
# of each other), then the mean and its 95 % Student-t interval over replications.

# %%
def teller_summary(t: pd.DataFrame) -> pd.DataFrame:
    """Per scheme and replication: learned habits and what they produced, last TAIL months."""
    late = last_months(t, TAIL)
    g = late.groupby(["scheme", "replication"], observed=True)
    out = g[["policy.pace", "policy.pitch", "kpi.transactions", "kpi.complaints", "kpi.sales", "pay", "utility"]].mean()
    out.columns = ["pace", "pitch", "transactions", "complaints", "sales", "pay", "utility"]
    out.insert(3, "error rate", g["kpi.errors"].sum() / g["kpi.transactions"].sum())
    out["quits (whole run)"] = t.groupby(["scheme", "replication"], observed=True)["quit"].sum()
    return out.reset_index()


per_rep = teller_summary(tellers).merge(cmp.run_kpi("wait_mean"), on=["scheme", "replication"])
format_ci(mean_ci(per_rep))

# %% [markdown]
# (`transactions`, `complaints`, `sales`, `pay` and `utility` are per teller per month; `error rate`
# is error slips per transaction; `wait_mean` is the customers' mean wait in minutes over the whole run.)
#
# Because the schemes share their seeds, the sharpest comparison is the **paired
# difference**: scheme minus reference within each replication, then an interval over
# replications. The sentences below are computed from the table, so they stay true when the
# model is re-run; "not distinguishable" means this short run cannot tell the two apart.

# %%
vs_fixed = paired_diff(per_rep, reference="fixed pay").set_index(["scheme", "measure"])
vs_piece = paired_diff(per_rep, reference="piece rate").set_index(["scheme", "measure"])
print(say_difference(vs_fixed.loc[("piece rate", "pace")], "Learned pace under a piece rate", "under fixed pay",
                     "faster", "slower"))
print(say_difference(vs_fixed.loc[("piece rate", "error rate")], "The error rate under a piece rate", "under fixed pay"))
print(say_difference(vs_fixed.loc[("piece rate", "wait_mean")], "Customers' mean wait under a piece rate",
                     "under fixed pay", "longer", "shorter"))
print(say_difference(vs_piece.loc[("piece rate + fines", "error rate")], "The error rate with fines added",
                     "with the piece rate alone"))
print(say_difference(vs_fixed.loc[("sales quotas", "pitch")], "Pitching under sales quotas", "under fixed pay",
                     "more frequent", "less frequent"))
print(say_difference(vs_fixed.loc[("sales quotas", "complaints")], "Complaints per teller under sales quotas",
                     "under fixed pay", "more", "fewer"))
print(say_difference(vs_fixed.loc[("piece rate", "pay")], "Tellers' pay under a piece rate", "under fixed pay", digits=0))
print(say_difference(vs_fixed.loc[("heavy fines", "pay")], "Tellers' pay under heavy fines", "under fixed pay", digits=0))

# %% [markdown]
# **Reading the mechanism.** A piece rate pays for one thing the bank can count cheaply —
# transactions — while accuracy and courtesy are harder to count. Holmström & Milgrom (1991,
# *Journal of Law, Economics & Organization* 7:24–52) showed that when a job has several
# tasks and only some are measured, strong pay on the measured task draws effort away from
# the others. Hurrying earns piece pay but costs accuracy, so the bank adds **fines** to put a
# price on errors — and, in seed 002's words, the job becomes one of deductions. Quotas do
# the same with selling: pitches take time at the counter and annoy some customers, which
# should lengthen the queue and raise complaints.
#
# That is what the mechanism predicts; the sentences above say which of it this short run
# shows. Expect effects that need many months to be learned (pace), or that are small against
# month-to-month luck (complaints, waits), to come out "not distinguishable" in a run this
# short. Whether a
# piece rate shortens waits also depends on what limits the counter: a teller can only serve
# the customers who come, and when the queue is short, hurrying mostly creates idle time.
#
# **Exercise 04.breakeven** — Under ¥1.50 per transaction and a ¥40 fine per error slip,
# how many *extra* transactions must hurrying bring in to pay for one extra error slip?

# %% tags=["answer"]
answer = ...  # a number of transactions
### BEGIN SOLUTION
answer = 40 / 1.5
### END SOLUTION

# %%
check("04.breakeven", answer)

# %% [markdown]
# **Exercise 04.pays_for** — Which of the teller's choices does a *pure* piece rate (no fines,
# no commission) reward directly? Answer `"a"` pace, `"b"` accuracy, or `"c"` pitching products.

# %% tags=["answer"]
answer = ...  # "a", "b" or "c"
### BEGIN SOLUTION
answer = "a"
### END SOLUTION

# %%
check("04.pays_for", answer)

# %% [markdown]
# ### Can a teller *see* what the scheme pays for?
#
# Nobody tells the tellers in this model what their habits do to their pay: they find out
# from their own payslips, by trying each habit a little either way of their usual and
# watching what they are paid. So a scheme steers a habit only as far as its pay
# shows through the month's luck (运气: a busy or a quiet month, a lucky sale). The learning
# rule believes a pay effect once it stands about two standard errors clear of that luck: if
# trying a little more of a habit instead of a little less changes pay by *D* a month, and
# luck moves pay by *s* a month, the teller needs about 16 *s*² / *D*² months of trials to see it.
#
# `learnability` measures *D* and *s* in the branch: it holds one teller's habit fixed a
# little below and a little above its starting value (her usual trial either side), with the
# same customers, learning and quitting off, for a few replications of a few months, and
# compares her pay (and effort) between the two. Here: pace under the piece rate. (Pitching
# under the quotas: section 5's sentence on pitching says whether tellers learn it within this
# short run; `learnability(files["sales quotas"], "teller", "pitch")` measures it.)

# %%
seen = learnability(files["piece rate"], "teller", "pace", reps=3, periods=2, executor="processes")
trial = 2 * seen["trial"]  # the slopes are per unit of the rule's internal scale: times this, per trial step
seen = seen.assign(**{"tried (low)": seen["low"], "tried (high)": seen["high"], "pay difference ¥": seen["slope"] * trial,
                      "low ¥": seen["slope_lo"] * trial, "high ¥": seen["slope_hi"] * trial,
                      "effort difference ¥": seen["effort_slope"] * trial, "luck ¥/month": seen["luck"],
                      "months of trials needed": seen["needed"]})
seen[["scheme", "choice", "tried (low)", "tried (high)", "pay difference ¥", "low ¥", "high ¥",
      "effort difference ¥", "luck ¥/month", "months of trials needed", "verdict"]]

# %%
for r in seen.itertuples():
    d, lo, hi, e = (r.slope * 2 * r.trial, r.slope_lo * 2 * r.trial, r.slope_hi * 2 * r.trial,
                    r.effort_slope * 2 * r.trial)
    head = (f"{r.scheme}: {r.choice} {r.high:.2f} instead of {r.low:.2f} pays T1 ¥{d:,.0f} a month more "
            f"(95 % interval {lo:,.0f} to {hi:,.0f}) and costs her ¥{e:,.0f} more effort")
    tail = ("; no pay effect is measured." if r.verdict == "no pay effect measured" else
            f"; with ¥{r.luck:,.0f} of luck a month, her own trials show it "
            + ("within the first month" if r.needed < 1 else f"after about {r.needed:.1f} months") + f" ({r.verdict}).")
    print(head + tail)
learned = mean_ci(per_rep).set_index(["scheme", "measure"]).loc[("piece rate", "pace")]
began = base.staff.choices.teller.pace
moved = ("above" if learned["low"] > began else "below" if learned["high"] < began else
         "not distinguishable from")
print(f"Learned pace under the piece rate, last {TAIL} months: {learned['mean']:.3f} (95 % CI {learned['low']:.3f} "
      f"to {learned['high']:.3f}, {int(learned['n'])} replications), {moved} the {began:.2f} the tellers started at.")

# %% [markdown]
# When the pay difference is larger than the effort difference, more of the habit pays for
# itself at the margin; when it is smaller, the scheme only slows the habit's fall towards
# the least effort. Seeing a pay effect is necessary, not sufficient: whether the habit then
# moves, and which way, also depends on its effort and on the other habit it shares the day
# with, and the last line above says whether the tellers' learned pace under the piece rate
# has left where it started in this short run. Compare the customer managers of notebook 05:
# responsibility profit does pay them for screening loan applicants, but whether a few
# borrowers default can move their pay by far more than that from month to month, so their
# own trials may need years to show it (`simkit learnability`, `docs/experiments.md`).

# %% [markdown]
# ## 6. Turnover pressure (流失率)
#
# A teller compares what the job gives them (pay − effort) with the **outside option**, what
# a comparable job elsewhere is worth. Below it for a few months in a row, they start to
# quit; their replacement is a new hire with randomly drawn abilities. Seed 002:
# 「许多银行网点柜员的流失率达到20-30%」 — *in many branches teller turnover reaches 20–30 %* —
# and it blames the pressure and the fines.

# %%
outside = base.behaviour.turnover.outside_option["teller"]
util = (tellers.groupby(["scheme", "replication", "period"], observed=True)["utility"].mean().reset_index())
fig, ax = plt.subplots(figsize=(8, 3.5))
sns.lineplot(data=util, x="period", y="utility", hue="scheme", errorbar=("ci", 95), seed=0, ax=ax)
ax.axhline(outside, color="black", ls="--", lw=1)
ax.text(0, outside, " outside option", va="bottom")
ax.set(xlabel="month", ylabel="¥ per month", title="Tellers' utility (pay − effort cost)")
plt.show()

# %%
n_tellers = tellers.groupby(["scheme", "replication"], observed=True)["post"].nunique()
quits = tellers.groupby(["scheme", "replication"], observed=True)["quit"].sum()
annual = (100 * quits / (n_tellers * MONTHS) * 12).rename("annualised turnover (% of posts a year)").reset_index()
turnover = format_ci(mean_ci(annual), digits=1)
print(say_difference(paired_diff(annual, reference="fixed pay").set_index(["scheme", "measure"])
                     .loc[("heavy fines", "annualised turnover (% of posts a year)")],
                     "Annualised teller turnover with heavy fines and a low base", "with fixed pay",
                     digits=1))
print(f"quits over the whole run: {int(quits.sum())}, in {len(quits)} scheme-replications of {MONTHS} months")
turnover

# %% [markdown]
# The first line above says whether a few months and three replications can tell the schemes
# apart by turnover, and the second counts the quits behind it. The *pressure* to quit can be
# measured before anyone leaves, though: count the months each scheme keeps a teller below
# the outside option. A teller who stays there past the patience of
# `behaviour.turnover` leaves with a small chance each month, which over a year adds up to
# about seed 002's yearly teller turnover:

# %%
tv = base.behaviour.turnover
print(f"patience {tv.patience} months, then a {tv.quit_prob:.1%} chance a month of quitting: "
      f"a whole year below the outside option means a {1 - (1 - tv.quit_prob) ** 12:.0%} chance of leaving")
below = (tellers["utility"] < outside).groupby(tellers["scheme"], observed=True).mean()
pressure = pd.DataFrame({
    "share of teller-months below the outside option": below.round(2),
    # a teller below it for a whole year (after the patience months) leaves with this chance
    "yearly turnover if it lasted (%)": (100 * (1 - (1 - tv.quit_prob) ** (12 * below))).round(1),
})
pressure

# %% [markdown]
# The quits change *who* works at the counter, not only how hard. Lazear (2000, "Performance
# Pay and Productivity", *American Economic Review* 90:1346–1361) found that when Safelite
# Glass moved its installers from hourly wages to piece rates, output per worker rose by
# about 44 % (his figure, not this model's), and roughly half of that came from
# **selection**: slower workers left and faster ones joined. In this model, new hires draw their speed, accuracy and selling skill at
# random, so selection works only through who stays; a scheme that pays below the outside
# option loses people whatever their ability.

# %% [markdown]
# ## 7. Payslips at the end of the run, and pay below zero
#
# The last month's payslip of teller T1 (replication 0) under three schemes: note the
# deduction lines. A payslip whose fines exceed everything earned is **flagged**: the
# scheme's formula then asks the teller to pay the bank.

# %%
def yuan(x: float) -> str:
    return f"−¥{-x:,.2f}" if x < 0 else f"¥{x:,.2f}"


def flagged(slips, person, period=None, replication=0) -> str:
    """payslip_text, with a warning line when the total is below zero."""
    text = payslip_text(slips, person, period, replication)
    total = float(text.rsplit("¥", 1)[1].replace(",", ""))
    return text + (f"\n  ⚠ NEGATIVE PAY: the fines exceed the month's pay; the teller owes ¥{-total:,.2f}"
                   if total < 0 else "")


for name in ["piece rate + fines", "sales quotas", "heavy fines"]:
    slips = cmp.payslips[cmp.payslips["scheme"] == name]
    print(f"--- {name}\n{flagged(slips, 'T1')}\n")

# %% [markdown]
# How often does that happen? Every teller-month of the run, per scheme:

# %%
months_paid = tellers.groupby("scheme", observed=True)["pay"].agg(
    **{"teller-months": "size", "paid below zero": lambda p: int((p < 0).sum()), "lowest pay ¥": "min"})
heavy = tellers[tellers["scheme"] == "heavy fines"]
worst = heavy.loc[heavy["pay"].idxmin()]
n_neg, n_all = int((heavy["pay"] < 0).sum()), len(heavy)
print(f"Under heavy fines {n_neg} of {n_all} teller-months ({n_neg / n_all:.0%}) paid less than nothing; "
      f"the lowest month was {yuan(worst['pay'])} ({worst['post']}, month {int(worst['period']) + 1}, "
      f"replication {int(worst['replication'])}):")
print(flagged(cmp.payslips[cmp.payslips["scheme"] == "heavy fines"], worst["post"], int(worst["period"]),
              int(worst["replication"])))
months_paid.round(2)

# %% [markdown]
# **What a bank does with a negative payslip.** The model lets the teller pay it — as the
# tellers of seed 002 describe: a till that does not balance is made good out of one's own
# pocket, 「运气不好帐不平,自己赔去吧,桂圆都赔过,我还没见过没赔过钱的桂圆」 — *if your luck is bad and
# the till does not balance, pay it yourself; every teller has paid, I have never met one who
# has not* — and a month's wages may not cover it: 「一天数错一两张,你这个月的工资估计是不够赔的」
# — *miscount one or two notes a day and this month's pay is probably not enough to make it
# good*. A real bank cannot simply pay a negative wage: China's wage rules
# (《工资支付暂行规定》, Article 16) let an employer recover a loss a worker caused from the wage
# only up to a fifth of the month's pay, and what is left must still reach the local minimum
# wage — so the bank has to carry the rest over or waive it. A scheme that produces negative
# payslips is a scheme the bank cannot run as written: it needs a floor (a guaranteed base), a
# cap on deductions, or smaller fines. In this model nothing caps them; section 6's table shows
# how often that leaves the heavy-fines tellers below the outside option.

# %% [markdown]
# ## 8. Two years of learning: the results library
#
# The runs above are kept short so that this notebook runs in under a minute, and effects that
# need many months cannot show in them. simkit's results library (`docs/library.md`) holds the
# same schemes at the behaviour tests' size (the first line below says how many months and
# replications), on the same seeds, with every field margin on (quits and hiring, care as a teller's own choice, days
# off, pay rules: `docs/flip.md`). `make results` computes it and a test re-runs part of it
# against the model, so reading it here takes a second and gives everyone the same numbers.
# Each row: both schemes' means over the last months of every replication, the paired
# difference with its 95 % interval, the direction the seed documents or the literature
# predict, and whether the library shows it.

# %%
stored = library.experiments().set_index("experiment")
print("In the library: " + "; ".join(f"{name}: {r.arms} — {r.months} months, {r.replications} replications"
                                     for name, r in stored.loc[["teller_pay", "lazear_busy"]].iterrows()))
TELLER_EFFECTS = [name for name, experiment, *_ in EFFECTS if experiment in ("teller_pay", "teller_products")]
two_years = library.effects_table(TELLER_EFFECTS)
print(f"Tellers and the lobby manager, {shown_counts(two_years)}.")
format_effects(two_years).set_index("effect")

# %% [markdown]
# ### Beside Lazear (2000)
#
# Lazear (2000) reports that Safelite's windshield installers, moved from hourly pay to a piece
# rate, fitted 44 % more windshields per worker, about half of it from the same workers working
# harder and half from who joined and stayed. Safelite had more windshields waiting than its installers could fit; a teller
# serves the customers who walk in, so in the baseline branch a faster teller may mostly shorten
# the queue. The library therefore holds the comparison twice: in the baseline branch, and with
# 1.5 times the arrivals, where a queue is always waiting. Output is counter transactions per
# teller-day worked in the second year (the line below names the months); the model's figure is the mean over replications of
# piece rate / fixed pay − 1, with its 95 % interval, and the verdict is computed (*like*: the
# right sign and within a factor of two of the paper's).

# %%
papers = library.like_for_like()
print("Output per teller-day over months {}–{}, each replication's piece rate / fixed pay − 1:".format(
    *library.findings.OUTPUT_MONTHS))
for row in papers[papers["paper"] == "Lazear (2000)"].to_dict("records"):
    theirs = row["paper's effect"]
    print(f"{row['setting']}: output per teller-day {row['model']:+.1%} [{row['low']:+.1%}, {row['high']:+.1%}] "
          f"against Safelite's {theirs} — {row['verdict']}.")

# %%
format_papers(papers[papers["paper"] == "Lazear (2000)"]).set_index("setting")

# %% [markdown]
# Whether the busier branch comes closer to Safelite is what the two lines above say. Selection
# is slow here: a branch of five tellers opens a post only when someone quits, where Safelite
# hired into a growing workforce (`docs/like_for_like.md` separates the same tellers' part).

# %% [markdown]
# ## 9. Explore: design a teller scheme yourself
#
# Move the sliders — base and position salary, yuan per transaction, fines, a commission per
# product sold and a quota per product with a deduction for each one missed — then press
# **Run**. Nothing is simulated while you move sliders. The run below is short (a few months,
# one replication) so the notebook stays fast; raise the months to let tellers learn.

# %%
ex = teller_explorer(files["fixed pay"], months=3, replications=1)
ex.set(per_transaction=1.5, fine_per_error=40.0, fine_per_complaint=100.0)
ex.run()
print(ex.status.value)

# %% tags=["nbval-ignore-output"]
ex

# %% [markdown]
# The explorer's KPI table (means over the last months of that run):

# %%
ex.rendered["KPIs"]

# %% [markdown]
# ## Questions for discussion
#
# 1. The piece rate pays for transactions, which a teller can only raise if customers are
#    waiting. In which hours or days of the month does a piece rate actually change what a
#    teller does, and when is it just a lottery on arrivals?
# 2. Fines put a price on errors. What else would a teller do to avoid a fine besides being
#    more careful — and would the bank want that (think of complaints that are never recorded)?
#    Where would you put the floor under a heavy-fines payslip, and who pays for it?
# 3. Seed 002 describes tellers quitting under fines, and Lazear (2000) describes better workers
#    joining under piece rates. Can both be true of the same scheme? What decides which wins?
# 4. If sales quotas make tellers pitch more (section 5 says whether they do here), who pays
#    for the extra pitches — the teller, the customers in the queue, or the customers who were
#    sold something they did not need?
# 5. These results come from a few simulated months of a model with stated defaults, not from a
#    real branch. Which single number in the scheme files would you most want to check
#    against your own branch before trusting the comparison?
