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
# # 05 · Customer managers and their pay (客户经理的绩效考核)
#
# For trainers of new customer managers, branch heads and compensation researchers: how the
# way a customer manager is paid changes how carefully they lend, and why it matters that
# they *know* how they are paid. Read notebook 04 first (how staff learn from their pay).
#
# **What you will learn**
#
# * three schemes from the seed documents: deposit-only assessment (唯存款论), loan-volume
#   scoring, and responsibility profit after loan-loss provisions (责任利润, seed 001);
# * what a customer manager chooses — how deep the credit investigation goes (贷款调查) and how
#   strict the decision is — and what each scheme pays for a step of those habits;
# * two ways to learn what a habit pays: from one's own payslips, or by working it out from the
#   scheme (foresight), and why in this model only the second can change lending within months;
# * how to read a payslip beside the pay a manager expects of their habits;
# * how the model's effect sizes compare with a field study of volume pay (Agarwal &
#   Ben-David 2018).

# %%
import math
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit import library
from simkit.bank.loans import file_odds
from simkit.behaviour.space import widen
from simkit.experiment import compare_schemes
from simkit.library.findings import EFFECTS, format_effects, format_papers, shown_counts
from simkit.report.schemes import format_ci, last_months, mean_ci, paired_diff, say_difference, scheme_pay
from simkit.scenario import load_scenario, with_overrides
from simkit.teach import check
from simkit.widgets.pay import manager_explorer, payslip_text

SCENARIOS = Path("..") / "scenarios"  # notebooks run with notebooks/ as working directory
RUNS = Path("runs") / "05"  # the comparisons this notebook ran, kept to be read back (section 3)
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 2)
pd.set_option("display.width", 140)
pd.set_option("display.max_columns", 20)
print(f"simkit {simkit.__version__}; customer-manager schemes: "
      f"{sorted(p.stem for p in (SCENARIOS / 'schemes').glob('cm_*.yaml'))}")

# %% [markdown]
# ## 1. The job and the three schemes
#
# A **customer manager (客户经理)** looks after a portfolio of clients, wins new ones outside
# the branch, takes loan applications, investigates the borrower, decides, and follows the loan
# until it is repaid (贷后检查). Their pay is set by an assessment scheme (绩效考核):
#
# * **Deposit-only assessment (唯存款论)** — a bonus on the deposit balance alone. Seed 000:
#   「真正有能力但是没有存款资源的人，只能是银行里的永久苦力」 — *capable people without deposit
#   connections stay the bank's permanent labourers*. No loan counts, good or bad.
# * **Loan-volume scoring** — points for loans granted and for the loan book's growth, against
#   targets. Seed 001: 「以业务指标衡量客户经理绩效，会使客户经理过分关注考核期业务规模…忽视了潜在的业务风险」
#   — *assessing by volume makes managers chase this period's volume … and ignore the risks*.
# * **Responsibility profit (责任利润, seed 001)** — each manager is a profit centre:
#   `profit = income − cost − loan loss`, with loan loss = substandard × 30 % + doubtful × 50 %
#   + loss × 100 % of the balance (五级分类: 次级、可疑、损失), and pay = profit × a rate, 「每月预发一部分和半年考核兑现」
#   — *partly advanced monthly, settled every half year*.
#
# Seed 001 names what volume targets do: 「贷款调查流于形式…往往仅凭一张收入证明来评价客户」 —
# *investigations become a formality … often only an income certificate* — and 「不良率升高」,
# *the NPL ratio rises*.

# %%
SCHEMES = {"deposit only": "cm_deposit_only", "loan volume": "cm_loan_volume",
           "responsibility profit": "cm_responsibility_profit"}
files = {name: SCENARIOS / "schemes" / f"{stem}.yaml" for name, stem in SCHEMES.items()}
COLOURS = dict(zip(SCHEMES, sns.color_palette(n_colors=3)))  # one colour per scheme in every figure
for name, path in files.items():
    comps = load_scenario(path).pay.customer_manager.components
    print(f"{name:22s} {path.name:30s} " + " + ".join(c.kind for c in comps))
base = load_scenario(files["responsibility profit"])
L = base.bank.loans
pd.DataFrame({
    "months overdue at least": [0, L.special_mention_after, L.substandard_after, L.doubtful_after, L.loss_after],
    "provision (share of balance)": [0.0, 0.0, L.provision_substandard, L.provision_doubtful, L.provision_loss],
}, index=["normal 正常", "special mention 关注", "substandard 次级", "doubtful 可疑", "loss 损失"])

# %% [markdown]
# **What a manager chooses.** Two habits decide the loan book. **Screening** is the depth of
# the credit investigation (贷款调查): a borrower's quality is hidden, and each check (income
# certificate, credit report, site visit, collateral) is one more noisy reading of it.
# **Strictness** is how sure the manager must be that a borrower is good before approving.
# Managers read a file as Bayesians who know that about one applicant in five is a bad risk:
# after a shallow investigation every file looks like the average applicant and is approved;
# a deep one finds the reasons to refuse. They also choose time outside prospecting and how
# closely to follow up loans. Each habit costs effort, rising steeply towards the top.
#
# The closed form of a file's odds (`simkit.bank.loans.file_odds`; the simulation draws from
# exactly these odds) shows what an investigation buys:

# %%
odds = pd.DataFrame([{"screening": s / 20, "strictness": k, **file_odds(L, s / 20, k)}
                     for s in range(2, 21) for k in (0.2, 0.5, 0.8)])
odds["bad risks in the approved book (%)"] = 100 * odds["bad_in_book"]
odds["applications approved (%)"] = 100 * odds["approved"]
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
for ax, col in zip(axes, ["bad risks in the approved book (%)", "applications approved (%)"]):
    sns.lineplot(data=odds, x="screening", y=col, hue="strictness", palette="viridis", ax=ax)
plt.tight_layout()
plt.show()
print(f"bad applicants: {L.bad_share:.0%}; a bad risk defaults at {L.pd_bad:.0%} a year, a good one at {L.pd_good:.0%}")
for s in (0.1, 0.3, 0.6, 1.0):
    o = file_odds(L, s, 0.5)
    print(f"screening {s:.1f}, strictness 0.5: {o['approved']:.1%} of files approved, bad risks {o['bad_in_book']:.2%} "
          f"of the book, expected defaults {o['default_rate']:.2%} of it a year")

# %% [markdown]
# How much does each check tell? Compare, in the lines above, the share of bad risks in the
# book at a tenth of an investigation and at three tenths with the rest of the way to a full
# one (a closed formula: no simulation changes it). If the first checks tell the most, a
# manager paid on the loans' profit should investigate *some*, not everything.
#
# **Exercise 05.first_checks** — With `file_odds(L, screening, 0.5)`, by how many percentage
# points does the share of bad risks in the approved book fall when a manager does three
# tenths of an investigation instead of one tenth?

# %% tags=["answer"]
answer = ...  # percentage points
### BEGIN SOLUTION
answer = 100 * (file_odds(L, 0.1, 0.5)["bad_in_book"] - file_odds(L, 0.3, 0.5)["bad_in_book"])
### END SOLUTION

# %%
check("05.first_checks", answer)

# %% [markdown]
# **Exercise 05.loan_loss** — A customer manager's book holds ¥1,000,000 of substandard
# loans, ¥400,000 doubtful and ¥100,000 loss (the rest is normal). What is seed 001's loan
# loss, in yuan, that comes off their responsibility profit?

# %% tags=["answer"]
answer = ...  # yuan
### BEGIN SOLUTION
answer = 1_000_000 * L.provision_substandard + 400_000 * L.provision_doubtful + 100_000 * L.provision_loss
### END SOLUTION

# %%
check("05.loan_loss", answer)

# %% [markdown]
# ## 2. Two ways to learn what a habit pays
#
# Every month a manager tries their habits a little either way — a **step of the habit** is
# how far one such trial moves it (at screening 0.60 a step is screening 0.73; the cell below
# prints each) — and the learning rule moves each habit towards what pays more than it costs
# in effort (notebook 04). What a step pays, they can know in two ways:
#
# * **from their payslips**: hold the habits they tried responsible for what they were paid.
#   A manager decides a few dozen files a month and few of their loans go bad, so a month's
#   luck drowns what a step of screening does;
# * **by working it out (foresight)**: they know their own scheme — the formula the payslip
#   prints — so each month they run it on what they expect: what the month's files would
#   bring over the loans' lives with a step more or less of a habit, at the default rates they
#   believe from their own reading of each file and the branch's loan record. That expected,
#   discounted pay is the **foreseen** pay of a step.
#
# `behaviour.learning.foresight.customer_manager` weighs the second, from 0 (payslips only)
# to 1 (the default). Field evidence: loan officers changed their
# screening within one session when their contract changed (Cole, Kanz & Klapper 2015, *J.
# Finance*); new loans originated, and their default rate, rose within months of volume pay
# (Agarwal & Ben-David 2018, *JFE*; section 8).

# %%
CM = base.behaviour.choices.of("customer_manager")
SIGMA = base.behaviour.learning.exploration
start = base.staff.choices.customer_manager


def step(habit: str, x: float) -> tuple[float, float]:
    """(the learning rule's trial step at x, in its own units; the habit one step above x)."""
    r = CM[habit]
    z = (x - r.lo) / (r.hi - r.lo)
    t = SIGMA * float(widen(z))
    return t, r.lo + (r.hi - r.lo) / (1 + math.exp(-(math.log(z / (1 - z)) + t)))


HABITS = ["screening", "strictness", "outside", "monitoring"]
for h in HABITS:
    print(f"{h:10s} starts at {getattr(start, h):.2f}; a step up: {step(h, getattr(start, h))[1]:.2f}")

# %% [markdown]
# ## 3. Run the schemes, with and without foresight
#
# Same branch, same replication seeds for every arm (common random numbers: the same customers
# and applicants meet every scheme), only the customer managers' pay and foresight differ:
# each scheme at foresight 0 and at the default, and responsibility profit also halfway.
# Under deposit-only pay nothing a manager can foresee depends on a loan, so every foreseen
# slope is exactly 0 (the cell checks it) and its run at foresight 0 would be the same run,
# bit for bit: it is run once and counted at both. The horizon is short to stay within a minute; the
# toolkit's behaviour tests run two years with many seeds. Raise `MONTHS` and `REPS` for
# a firmer answer. The runs are kept in `notebooks/runs/` and read back the next time (notebook
# 04, section 3): a changed comparison is computed afresh.

# %%
MONTHS, REPS, SEED, TAIL = 7, 4, 2026, 2
SWEEP = {"loan volume": (0.0, 1.0), "responsibility profit": (0.0, 0.5, 1.0)}  # foresights run
ARMS = {("deposit only", 1.0)} | {(s, w) for s, ws in SWEEP.items() for w in ws}
ARMS = sorted(ARMS, key=lambda a: (list(SCHEMES).index(a[0]), a[1]))
label = {a: f"{a[0]} · foresight {a[1]:g}" for a in ARMS}
cmp = compare_schemes(base, {label[a]: {**scheme_pay(files[a[0]], "customer_manager"),
                                        "behaviour.learning.foresight.customer_manager": a[1]} for a in ARMS},
                      months=MONTHS, replications=REPS, seed=SEED, store=RUNS,
                      logs=("staff_periods", "bank_periods", "payslips", "loan_applications"))
arm_of = {label[a]: a for a in ARMS}


def tag(df: pd.DataFrame) -> pd.DataFrame:
    """Scheme and foresight as columns (deposit-only counted at both foresights: the same run)."""
    s = df["scheme"].astype(str)
    return df.assign(pay_scheme=s.map(lambda x: arm_of[x][0]), foresight=s.map(lambda x: arm_of[x][1]))


cms = tag(cmp.staff_periods[cmp.staff_periods["role"] == "customer_manager"])
seen = [c for c in cms.columns if c.startswith("foreseen.")]
zero = (cms.loc[cms["pay_scheme"] == "deposit only", seen].abs().max().max() == 0.0)
print(f"{len(ARMS)} arms × {REPS} replications × {MONTHS} months; {cms['post'].nunique()} customer managers per branch; "
      f"every foreseen slope under deposit-only pay is exactly 0: {zero}")

# %% [markdown]
# ## 4. The pay landscape: what a step of each habit pays
#
# What each scheme pays a manager for a step of each habit, worked out by the real pay code
# (the `foreseen.<habit>` columns of `staff_periods`, turned into ¥ a month for one step up):
# in month 1, at the habits everyone starts with (nothing has been learned yet, so the habits
# are held where the branch set them), and in the last month, at the habits the managers
# have got to. Effort is not in these numbers: the manager weighs them against what the step
# costs in effort, which they know exactly.

# %%
def per_step(rows: pd.DataFrame, at: pd.DataFrame) -> pd.DataFrame:
    """¥ a month of one step up of each habit: the foreseen slope × the step at the habit held coming in."""
    return pd.DataFrame({h: rows[f"foreseen.{h}"] * at[h].map(lambda x, h=h: step(h, x)[0]) for h in HABITS},
                        index=rows.index)


known = cms[cms["foresight"] == 1.0].sort_values(["scheme", "replication", "post", "period"])
held = known.groupby(["scheme", "replication", "post"], observed=True)[[f"policy.{h}" for h in HABITS]].shift(1)
held.columns = HABITS
held = held.fillna({h: getattr(start, h) for h in HABITS})  # month 1: the starting habits
pays = per_step(known, held).assign(scheme=known["pay_scheme"], replication=known["replication"],
                                     period=known["period"])
landscape = {}
for when, rows in {"month 1": pays[pays["period"] == 0], f"month {MONTHS}": pays[pays["period"] == MONTHS - 1]}.items():
    per_rep = rows.groupby(["scheme", "replication"]).mean().drop(columns="period").reset_index()
    landscape[when] = format_ci(mean_ci(per_rep, kinds={h: "real" for h in HABITS}), digits=0)
landscape = pd.concat(landscape, axis=1)
m1 = pays[pays["period"] == 0].groupby("scheme")[HABITS].mean().reindex(list(SCHEMES))
ax = m1.T.plot.bar(figsize=(8, 3), rot=0, color=[COLOURS[s] for s in m1.index])
ax.set(ylabel="¥ a month for one step up", title="What a step of each habit pays, month 1 (foreseen)")
plt.show()

# %%
landscape

# %% [markdown]
# Under deposit-only pay every step is worth ¥0: no loan enters the pay, so care is effort for
# nothing, and a manager who works it out learns nothing new. Under loan-volume scoring a file
# refused is a loan not counted, so a step of strictness or of screening (which finds more
# reasons to refuse) costs pay — the mechanism predicts little while investigations are
# thorough, because a clear file is approved at any strictness, and more once they have become
# a formality (compare the month-1 and last-month columns, with their intervals). Under
# responsibility profit a deeper investigation keeps bad loans, and their provisions, out of
# the book. Time outside and monitoring read ¥0 under every scheme: the outlook works out
# only what a month's loan files bring, so those two habits are learned from payslips alone.
# The table's intervals say how sure this run is of each number.
#
# **Exercise 05.foresees** — Under which scheme is the foreseen pay of a step of screening
# exactly zero, whatever the manager's habits? Answer `"a"` deposit-only assessment, `"b"`
# loan-volume scoring, `"c"` responsibility profit.

# %% tags=["answer"]
answer = ...  # "a", "b" or "c"
### BEGIN SOLUTION
answer = "a"
### END SOLUTION

# %%
check("05.foresees", answer)

# %% [markdown]
# ## 5. Payslips alone vs knowing the scheme: what this run shows
#
# The managers' learned screening and strictness month by month (mean of the managers; band:
# ± two standard errors over replications), at foresight 0 (left) and at the default (right).

# %%
both = pd.concat([cms, cms[cms["pay_scheme"] == "deposit only"].assign(foresight=0.0)])
ends = both[both["foresight"].isin([0.0, 1.0])]
habits = (ends.groupby(["pay_scheme", "foresight", "replication", "period"], observed=True)
          [["policy.screening", "policy.strictness"]].mean().reset_index()
          .melt(id_vars=["pay_scheme", "foresight", "replication", "period"], var_name="habit", value_name="value"))
habits["habit"] = habits["habit"].str.removeprefix("policy.")
habits["month"] = habits["period"] + 1
g = sns.relplot(data=habits, x="month", y="value", hue="pay_scheme", hue_order=list(SCHEMES), palette=COLOURS,
                row="habit", col="foresight", kind="line", errorbar=("se", 2), height=2.6, aspect=1.6,
                facet_kws={"sharey": "row"})
g.set_axis_labels("month", "")
plt.show()

# %% [markdown]
# The numbers, per replication first, then mean and 95 % interval over replications. Habits
# are over the last two months; approvals and the loans made over the whole run. The bad
# risks among the loans made, and the defaults they will bring in expectation, use each
# borrower's hidden quality: nobody in the bank sees it, but it shows the book's quality long
# before the defaults arrive. The NPL ratio (不良贷款率) is the bank's own measure, and it lags:
# a loan becomes non-performing only once its payments are months overdue (how many: the
# substandard row of the table in section 1).

# %%
def lending(cmp) -> pd.DataFrame:
    """Per arm and replication: learned habits (last TAIL months), approvals, loan quality and the NPL ratio."""
    keys = ["scheme", "replication"]
    c = last_months(cmp.staff_periods[cmp.staff_periods["role"] == "customer_manager"], TAIL)
    out = c.groupby(keys, observed=True)[["policy.screening", "policy.strictness"]].mean()
    out.columns = ["screening", "strictness"]
    b = cmp.bank_periods.groupby(keys, observed=True)
    out["approved (%)"] = 100 * b["approvals"].sum() / b["applications"].sum()
    made = cmp.loan_applications[cmp.loan_applications["approved"]]
    made = made.assign(pd_year=made["bad_risk"].map({True: L.pd_bad, False: L.pd_good}))
    m = made.groupby(keys, observed=True)
    out["bad risks among loans made (%)"] = 100 * m["bad_risk"].mean()
    out["expected defaults (% a year)"] = 100 * m["pd_year"].mean()
    end = cmp.bank_periods[cmp.bank_periods["period"] == cmp.months - 1]
    out["NPL ratio, last month (%)"] = 100 * end.set_index(keys)["npl_ratio"]
    return out.reset_index()


per_rep = lending(cmp)
format_ci(mean_ci(per_rep), digits=2).T

# %% [markdown]
# Each scheme against responsibility profit at the same foresight, paired by replication
# (same seeds). The sentences are computed from the intervals: they call a difference clear
# only when its 95 % interval excludes 0 and it is at least the measure's minimal meaningful
# difference (`simkit.report.meaningful`), so they report whether *this run* shows the effect.

# %%
def versus(w: float) -> pd.DataFrame:
    """Paired differences, each scheme minus responsibility profit, at foresight w."""
    arms = [label[a] for a in ARMS if a[1] == w or a[0] == "deposit only"]
    d = paired_diff(per_rep[per_rep["scheme"].isin(arms)], reference=label[("responsibility profit", w)])
    d["scheme"] = d["scheme"].map(lambda s: arm_of[s][0])
    return d.set_index(["scheme", "measure"])


diffs = {w: versus(w) for w in (0.0, 1.0)}
ends0 = per_rep[per_rep["scheme"].isin([label[a] for a in ARMS if a[1] == 0.0 or a[0] == "deposit only"])]
print(f"Screening started at {start.screening:.2f}; after {MONTHS} months at foresight 0 it is "
      f"{ends0['screening'].min():.2f} to {ends0['screening'].max():.2f} in every arm and replication "
      f"({'thinner everywhere' if ends0['screening'].max() < start.screening else 'not thinner everywhere'}).")
for w, d in diffs.items():
    print(f"--- foresight {w:g} ({'payslips only' if w == 0 else 'the default: they know their scheme'})")
    for s in ("deposit only", "loan volume"):
        print(say_difference(d.loc[(s, "screening")], f"Screening under {s}", "under responsibility profit",
                             "deeper", "shallower"))
        print(say_difference(d.loc[(s, "approved (%)")], f"The share of files approved under {s}",
                             "under responsibility profit", digits=1))
        print(say_difference(d.loc[(s, "bad risks among loans made (%)")], f"The share of bad risks among {s} loans",
                             "under responsibility profit", digits=2))
        print(say_difference(d.loc[(s, "NPL ratio, last month (%)")], f"The NPL ratio under {s}",
                             "under responsibility profit", digits=2))

# %% [markdown]
# **Reading it.** At foresight 0 the three schemes' managers learn only from their payslips,
# and a month's luck hides what a step of screening pays, so each habit should follow its
# effort cost alike under every scheme (the first line above says whether investigations
# thinned everywhere in this run). At the default the mechanism differs: responsibility-profit
# managers can work out that a bad loan comes back to them as a provision, and so should keep
# investigating; deposit-only and loan-volume managers can work out that care pays them
# nothing, or costs them approvals. If checks thin, more bad risks get through (section 1's
# closed form); their defaults, and the NPL ratio, would follow months later — mostly after
# this run ends, so the book's quality is read here from the hidden quality of the loans made
# too. The sentences above say which of these this short run tells apart, and by how much: a
# difference is only as large as the figure it prints. Section 8 says why approvals can hardly
# move in this branch.

# %% [markdown]
# ## 6. How much foresight? A sweep
#
# Responsibility profit at foresight 0, ½ and 1, loan volume at 0 and 1 (add `0.5` to
# `SWEEP["loan volume"]` to run it too): the learned screening and the loans made, over the
# same seeds.

# %%
sweep = tag(per_rep.assign(scheme=per_rep["scheme"].astype(str)))
sweep = sweep[sweep["pay_scheme"] != "deposit only"].melt(
    id_vars=["pay_scheme", "foresight", "replication"],
    value_vars=["screening", "approved (%)", "bad risks among loans made (%)"], var_name="measure")
g = sns.catplot(data=sweep, x="foresight", y="value", hue="pay_scheme", palette=COLOURS, col="measure", kind="point",
                errorbar=("se", 2), dodge=0.2, height=2.8, aspect=1.1, sharey=False)
g.set_titles("{col_name}")
plt.show()

# %%
rp = {w: label[("responsibility profit", w)] for w in SWEEP["responsibility profit"]}
moved = paired_diff(per_rep[per_rep["scheme"].isin(rp.values())], reference=rp[0.0]).set_index(["scheme", "measure"])
for w in SWEEP["responsibility profit"][1:]:
    print(say_difference(moved.loc[(rp[w], "screening")], f"Responsibility-profit screening at foresight {w:g}",
                         "at foresight 0", "deeper", "shallower"))
lv = {w: label[("loan volume", w)] for w in SWEEP["loan volume"]}
lv_moved = paired_diff(per_rep[per_rep["scheme"].isin(lv.values())], reference=lv[0.0]).set_index(["scheme", "measure"])
print(say_difference(lv_moved.loc[(lv[1.0], "screening")], "Loan-volume screening at foresight 1", "at foresight 0",
                     "deeper", "shallower"))

# %% [markdown]
# ## 7. A manager's month: the payslip and the pay they expect of their habits
#
# Customer manager M1 under responsibility profit at the default foresight (replication 0),
# in the last month of the run: first the payslip — what they were paid, line by line — then
# what they worked out a step of each habit would pay them, from the habits they held coming
# into the month.

# %%
last = MONTHS - 1
slips = cmp.payslips[cmp.payslips["scheme"] == label[("responsibility profit", 1.0)]]
print(payslip_text(slips, "M1", period=last))
me = pays[(pays["scheme"] == "responsibility profit") & (pays["replication"] == 0) & (pays["period"] == last)]
me = me[known.loc[me.index, "post"] == "M1"]
row = held.loc[me.index[0]]
pd.DataFrame({"held coming in": [row[h] for h in HABITS], "one step up": [step(h, row[h])[1] for h in HABITS],
              "foreseen ¥ a month for the step": [me[h].iloc[0] for h in HABITS]}, index=HABITS).round(2)

# %% [markdown]
# **What the manager works out.** The payslip is the past: this month's profit, its
# provisions, what was advanced and held back. The foreseen column is the future: "if I read
# this month's files a step more carefully, fewer of them go bad over the loans' lives, so the
# provisions charged to me fall; against that, I lose the interest of the good applicants I
# refuse by mistake; so what will be advanced and settled to me, discounted by how long I wait
# for it, changes by this much". The manager runs their own scheme's formula on
# those expected numbers — the same formula that prints the payslip — at default rates
# believed from their own reading of each file and the branch's loan record, never from a
# borrower's hidden quality. The habit moves up when what a step pays (foreseen, plus what
# their payslips have shown) beats what it costs in effort, and down when it does not.
#
# **Responsibility profit advanced, held back and settled.** The same manager's payslips in
# months 5 and 6: each month 60 % of the month's profit pay, when it is positive, is advanced and
# the rest held back; month 6 settles the half year (seed 001: 「半年考核兑现」).

# %%
rp_pay = base.pay.customer_manager.components[1]
print(f"responsibility profit: ¥{rp_pay.pay_per_10k:g} per ¥10,000 of profit, {rp_pay.advance_share:.0%} advanced, "
      f"settled every {rp_pay.settle_every} months\n")
for period in (4, 5):
    print(payslip_text(slips, "M1", period=period), "\n")

# %% [markdown]
# **Exercise 05.advance** — A manager's responsibility profit this month is ¥250,000. The pay
# rate is ¥300 per ¥10,000 of profit, and 60 % of performance pay is advanced monthly (the
# rest is held back until the half-yearly settlement). How much performance pay, in yuan, is
# on this month's payslip?

# %% tags=["answer"]
answer = ...  # yuan
### BEGIN SOLUTION
answer = 250_000 * 300 / 10_000 * 0.6
### END SOLUTION

# %%
check("05.advance", answer)

# %% [markdown]
# **Exercise 05.sees_default** — Under which scheme does a customer manager's *own* pay fall
# when a loan they approved is classified substandard? Answer `"a"` deposit-only assessment,
# `"b"` loan-volume scoring (loans granted and loan growth only), `"c"` responsibility profit
# with provisions.

# %% tags=["answer"]
answer = ...  # "a", "b" or "c"
### BEGIN SOLUTION
answer = "c"
### END SOLUTION

# %%
check("05.sees_default", answer)

# %% [markdown]
# ## 8. The model's effect sizes beside a field study
#
# Agarwal & Ben-David (2018, *JFE*) followed loan officers of a large US bank whose pay moved
# from a fixed salary to volume pay: within months they originated 31 % more new loans, and the
# default rate of those loans within a year rose by 24 % (their figures; `docs/like_for_like.md`).
# Only the second has a counterpart in the table below. The paper *counts* loans (its officers
# also took applicants the bank had refused before); this model reports the *share* of files
# approved, which is not the same quantity, so the cell prints the model's approval share
# without setting the paper's figure against it.
#
# The model's side is loan-volume pay against responsibility profit, and against deposit-only
# pay (which, for lending, is like a salary: no loan enters it), both at the default foresight:
# the relative difference per replication (same seeds), mean and 95 % interval. Defaults are
# the expected yearly default rate of the loans made (from their hidden quality); the realised
# ones arrive after this run ends.

# %%
PAPER = {"approved (%)": +31, "expected defaults (% a year)": +24}  # Agarwal & Ben-David (2018), % change
wide = per_rep.set_index(["scheme", "replication"])
rel = []
for ref in ("responsibility profit", "deposit only"):
    r = wide.loc[label[("loan volume", 1.0)]] / wide.loc[label[(ref, 1.0)]] - 1
    rel.append((100 * r[list(PAPER)]).reset_index().assign(scheme=f"loan volume vs {ref}"))
rel = pd.concat(rel, ignore_index=True)
effects = format_ci(mean_ci(rel, kinds={m: "real" for m in PAPER}), digits=1)
effects["Agarwal & Ben-David (volume pay vs salary)"] = [
    f"+{PAPER[m]}" + (" (new loans: another measure)" if m == "approved (%)" else "") for m in effects.index]
effects.index = ["approval share (% change)", "default rate (% change)"]
THEIRS = {"approved (%)": None,  # the paper counts new loans originated: not the model's share of files approved
          "expected defaults (% a year)": "the default rate of approved loans"}
for m, name in zip(PAPER, ["the share of files approved", "the expected yearly default rate of the loans made"]):
    row = mean_ci(rel, kinds={m: "real" for m in PAPER}).set_index(["scheme", "measure"]).loc[
        ("loan volume vs responsibility profit", m)]
    if THEIRS[m] is None:
        print(f"The paper's +{PAPER[m]} % is a change in new loans originated, not in {name}; the model's change in "
              f"{name} is {row['mean']:+.1f} % [{row['low']:.1f}, {row['high']:.1f}] (loan volume vs responsibility "
              "profit), and the two are not compared.")
        continue
    where = ("inside" if row["low"] <= PAPER[m] <= row["high"] else
             "above" if PAPER[m] > row["high"] else "below")
    print(f"The paper's +{PAPER[m]} % change in {THEIRS[m]} lies {where} the model's 95 % interval "
          f"[{row['low']:.1f}, {row['high']:.1f}] % for {name} (loan volume vs responsibility profit).")
effects

# %% [markdown]
# Why the model's approvals can hardly move: in this branch about four applicants in five are
# good risks, and a manager approves nearly all of them at any screening; a shallower
# investigation only lets some of the bad fifth through (section 1 prints the closed form:
# compare the share approved at screening 0.1 and 0.6). The paper's officers could also
# approve applicants their bank had refused before. Defaults move with the bad risks let in,
# and only as investigations thin. Read the table as this short run's answer; the behaviour
# tests (two years, many seeds) are where the model's lending effects are checked, and the
# paper's bank, borrowers and officers are not this branch's.

# %% [markdown]
# ### Three years of lending: the results library
#
# A loan book takes its loans' lives to show the habits it was lent with, so simkit's results
# library (`docs/library.md`) holds the three schemes, and fixed pay, over a longer run and more
# replications (the first line below says how many) on the same seeds, with every field margin
# on: applicants who answer a manager's reputation, a larger loan's larger risk, a loan book
# inherited in steady state, quits and hiring (`docs/flip.md`). Each row: both schemes' means over the months named in its
# `months` column of every replication, the paired difference
# with its 95 % interval, the predicted direction and whether the library shows it.

# %%
stored = library.experiments().set_index("experiment")
print("In the library: " + "; ".join(f"{name}: {r.arms} — {r.months} months, {r.replications} replications"
                                     for name, r in stored.loc[["cm_lending", "cm_deferral"]].iterrows()))
LENDING_EFFECTS = [name for name, experiment, *_ in EFFECTS if experiment == "cm_lending"]
three_years = library.effects_table(LENDING_EFFECTS)
print(f"Customer managers' lending, {shown_counts(three_years)}.")
format_effects(three_years).set_index("effect")

# %% [markdown]
# The library measures what the papers measure: Agarwal & Ben-David's loans originated, loan
# size and default rate of approved loans within 12 months (volume pay against fixed pay, the
# loans made in the second year, each followed for a year: the line below names the months), and Cole, Kanz & Klapper's (2015)
# screening under profit pay deferred against the same pay advanced every month (their finding:
# deferral mutes screening; responsibility profit as shipped defers 40 % and settles every six
# months). The model's figure is the mean over replications of scheme / reference − 1.

# %%
papers = library.like_for_like()
print("Loans made in months {}–{}; screening over the last six months.".format(*library.findings.VINTAGE_MONTHS))
lending_papers = papers[papers["paper"] != "Lazear (2000)"]
for row in lending_papers.to_dict("records"):
    theirs = row["paper's effect"]
    print(f"{row['paper']}, {row['measure']}: the paper {theirs}, the model "
          f"{row['model']:+.1%} [{row['low']:+.1%}, {row['high']:+.1%}] — {row['verdict']}.")
format_papers(lending_papers).drop(columns="paper").set_index("measure")

# %% [markdown]
# How the settings differ (`docs/like_for_like.md` says more): the paper's officers worked a
# large market whose applicants answered the bank's new appetite; here loans originated can
# change only through easier approvals and the marginal applicants a manager's reputation draws,
# and half of those marginal applicants are bad risks, a stated choice rather than a sourced one.
#
# A question to take away: deposit-only pay pays nothing for a loan, good or bad, so the library
# measures its lending by what it lets through: the share of the loans approved whose borrower
# was a bad risk. Why might the share of files approved hardly move while the loans made get
# worse? (Screening is what a manager learns about a file; the share approved also depends on
# how strict they are with what they learned.)

# %% [markdown]
# ## 9. Explore: put a scheme on the customer managers
#
# Choose a scheme, scale its performance pay, switch seed 001's provisions off, and press
# **Run** (managers learn at the default foresight; loan losses need a year or more, so raise
# the months).

# %% tags=["nbval-ignore-output"]
ex = manager_explorer(files["responsibility profit"], months=12, replications=1)
ex

# %% [markdown]
# ## Questions for discussion
#
# 1. Here foresight decides whether responsibility profit changes lending within a year. What
#    does a bank have to do so that its managers really know what a bad loan costs them — the
#    payslip's lines, training, a published loan record by band of risk?
# 2. Deposit-only assessment rewards managers who inherited rich clients or have connections
#    (seed 000). Which indicator would you add first, and what new gaming would it invite?
# 3. Loan-volume scoring pays for loans granted now; their defaults come later. What would a
#    clawback of volume pay on loans that go bad do, and who would bear its risk?
# 4. A customer manager who expects to change jobs within a year cares little about defaults
#    two years out. How should pay design differ for a high-turnover branch?
# 5. The numbers here come from a few simulated months of a model with stated defaults. What
#    would you need to measure in a real branch before drawing a conclusion about NPLs?
