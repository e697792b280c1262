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
# For trainers of new customer managers, branch heads and compensation researchers: how
# the way a customer manager is assessed changes where they spend their time, how carefully
# they lend, and what the loan book looks like a year later. Read notebook 04 first (how
# staff learn from their pay).
#
# **What you will learn**
#
# * three assessment schemes from the seed documents: deposit-only assessment (唯存款论),
#   quota-completion scoring with point deductions (任务完成率 × 标准分, seed 003) and
#   responsibility profit after loan-loss provisions (责任利润, seed 001);
# * what a customer manager chooses: time outside prospecting (营销走访), the depth of the
#   credit investigation (贷款调查), how strict to be, how closely to follow up loans (贷后检查);
# * how the five-category loan classification (五级分类) and its provisions turn a bad loan
#   into a cost months after it was granted;
# * why schemes that pay for this period's volume show their cost later, in the
#   non-performing-loan ratio (不良贷款率);
# * how to read a responsibility-profit payslip with pay held back and settled half-yearly.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit.report.schemes import compare_schemes, format_ci, last_months, mean_ci, paired_diff, say_difference, scheme_pay
from simkit.scenario import load_scenario, with_overrides
from simkit.teach import check
from simkit.widgets.pay import manager_explorer, payslip_text

SCENARIOS = Path("..") / "scenarios"  # notebooks run with notebooks/ as working directory
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 2)
pd.set_option("display.width", 140)
pd.set_option("display.max_columns", 20)
print(f"simkit {simkit.__version__}; customer-manager schemes: "
      f"{sorted(p.stem for p in (SCENARIOS / 'schemes').glob('cm_*.yaml'))}")

# %% [markdown]
# ## 1. The job and the three schemes
#
# A **customer manager (客户经理)** looks after a portfolio of clients: they see clients at a
# desk in the branch, go out to win new ones, take loan applications, investigate the
# borrower, decide, and follow the loan until it is repaid. Their pay is set by an
# assessment scheme (绩效考核). The seeds describe three, and criticise the first two:
#
# * **Deposit-only assessment (唯存款论)** — standing and bonus depend on the deposit balance
#   alone. Seed 000: "真正有能力但是没有存款资源的人，只能是银行里的永久苦力" — *capable
#   people without deposit connections stay the bank's permanent labourers*. Loans, risk and
#   service do not count at all.
# * **Quota-completion scoring (seed 003, a job description)** — each indicator scores
#   `completion % × standard points` (deposit growth against ¥1,000,000, average deposit
#   growth against ¥600,000, loan growth, interest income × the share of interest collected),
#   with point deductions: −5 per breach of post-maturity loan rules, −2 per other
#   loan-rule breach, −10 per second qualitative breach. Mostly volume; a little risk.
# * **Responsibility profit (责任利润, seed 001)** — each manager is a profit centre:
#   `profit = income − cost − loan loss`, with **loan loss = substandard × 30 % + doubtful ×
#   50 % + loss × 100 %** (次级、可疑、损失), and `performance pay = profit × pay rate`.
#   Seed 001: performance pay is "每月预发一部分和半年考核兑现" — *partly advanced
#   monthly, settled every half year*.
#
# Seed 001 also names what volume targets do to lending: "贷款调查流于形式 … 往往仅凭一张收入
# 证明来评价客户" — *loan investigations become a formality … often only an income certificate*,
# and "不良率升高" — *the NPL ratio rises*.

# %%
SCHEMES = {
    "deposit only": "cm_deposit_only",
    "quota scoring": "cm_quota_scoring",
    "responsibility profit": "cm_responsibility_profit",
}
files = {name: SCENARIOS / "schemes" / f"{stem}.yaml" for name, stem in SCHEMES.items()}
for name, path in files.items():
    comps = load_scenario(path).pay.customer_manager.components
    print(f"{name:22s} {path.name:30s} " + " + ".join(c.kind for c in comps))
quota = load_scenario(files["quota scoring"]).pay.customer_manager.components[1]
print(f"\nquota scoring (seed 003): ¥{quota.yuan_per_point:g} per point, completion capped at {quota.cap:.0%}; "
      f"deductions −{quota.per_post_maturity:g} / −{quota.per_other_breach:g} / −{quota.per_qualitative2:g} points")
pd.DataFrame([t.model_dump() for t in quota.targets]).drop(columns="lower_is_better")

# %% [markdown]
# ## 2. What a customer manager chooses
#
# Five choices, each with an effort cost that is zero at the least a supervisor accepts and
# rises steeply towards the top:
#
# * **outside** — share of the day spent prospecting outside the branch (cold visits win a few
#   new clients, with their deposits, and bring loan applications);
# * **pitch** — how often desk customers are offered a product;
# * **screening** — the depth of the credit investigation: the borrower's true quality is
#   hidden; a deeper investigation gives a less noisy signal of it;
# * **strictness** — how likely a borrower may be to be bad before the application is
#   refused. Managers read the file as Bayesians who know that about one applicant in five is
#   a bad risk: a shallow investigation tells them little, so nearly every file looks like the
#   average applicant and is approved ("only an income certificate"); a deep one finds the
#   reasons to refuse;
# * **monitoring** — post-loan checks and recovery effort (贷后检查, 清收).
#
# The tasks share one working day: effort on one makes the others dearer at the margin
# (half of each cost is a cost of *total* effort, as in Holmström & Milgrom's multitask
# model), so a manager who prospects hard for deposits finds screening costlier too.

# %%
base = load_scenario(files["responsibility profit"])
ranges = pd.DataFrame({name: r.model_dump() for name, r in base.behaviour.choices.of("customer_manager").items()}).T
ranges.rename(columns={"lo": "lowest", "hi": "highest", "cost": "¥ effort/month at the top", "learn": "learned?"})

# %% [markdown]
# **The loan book.** Applications come from desk customers and from prospecting. A share of
# applicants are bad risks, which nobody in the bank can see. A bad borrower defaults with a
# high annual probability, but *months later*. Each month overdue moves the loan down the
# **five-category classification (五级分类)**, and each class carries the provision seed 001
# charges against responsibility profit:

# %%
L = base.bank.loans
classes = pd.DataFrame({
    "months overdue at least": [0, L.special_mention_after, L.substandard_after, L.doubtful_after, L.loss_after],
    "provision (share of balance)": [0.0, 0.0, L.provision_substandard, L.provision_doubtful, L.provision_loss],
}, index=["normal 正常", "special mention 关注", "substandard 次级", "doubtful 可疑", "loss 损失"])
print(f"bad applicants: {L.bad_share:.0%}; annual default probability good {L.pd_good:.0%}, bad {L.pd_bad:.0%}; "
      f"loans run {L.term_months} months")
classes

# %% [markdown]
# **What an investigation buys.** Each check of a credit investigation (income certificate,
# credit report, site visit, collateral appraisal) is an independent noisy reading of the
# borrower, and the precisions of independent readings add. So the signal's precision grows
# in a straight line with the share of the checks done, and its noise falls fastest at
# first. With the manager's refusal rule, the odds of what ends up in the book follow in
# closed form (`simkit.bank.loans.file_odds`; the simulation draws from exactly these odds):

# %%
from simkit.bank.loans import file_odds

odds = pd.DataFrame([{"screening": s / 20, "strictness": k, **file_odds(L, s / 20, k)}
                     for s in range(2, 21) for k in (0.2, 0.5, 0.8)])
odds["bad risks in the approved book (%)"] = 100 * odds["bad_in_book"]
odds["applications approved (%)"] = 100 * odds["approved"]
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
for ax, col in zip(axes, ["bad risks in the approved book (%)", "applications approved (%)"]):
    sns.lineplot(data=odds, x="screening", y=col, hue="strictness", palette="viridis", ax=ax)
plt.tight_layout()
plt.show()
for s in (0.1, 0.3, 0.6, 1.0):
    o = file_odds(L, s, 0.5)
    print(f"screening {s:.1f}, strictness 0.5: bad risks {o['bad_in_book']:.2%} of the book, "
          f"expected defaults {o['default_rate']:.2%} of it a year")

# %% [markdown]
# At strictness 0.5, going from a tenth of an investigation to three tenths takes the share
# of bad risks in the book from about 7 % to under 2 %; going from six tenths to a full one
# takes it from 0.25 % to 0.02 %. The last checks cost as much effort as the first
# and buy almost nothing: a manager paid on the loans' profit should investigate *some*,
# not everything.
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
# ## 3. Run the three schemes
#
# Same branch, same replication seeds (common random numbers), only the customer managers'
# pay differs. Loan losses need time to show, so the horizon is **11 months**, with **3
# replications** per scheme to stay under a minute; the toolkit's own behaviour tests use 24
# months and 8 seeds. Raise `MONTHS` and `REPS` for a firmer answer. We give the branch
# **six customer managers** instead of the baseline's two (`branch.customer_managers`), so
# each replication holds three times as many loans and the loan-book figures are less noisy;
# a customer manager's desk adds little to the cost of simulating a branch-month.

# %%
MONTHS, REPS, SEED, TAIL = 11, 3, 2026, 3
base6 = with_overrides(load_scenario(files["responsibility profit"]), {"branch.customer_managers": 6})
cmp = compare_schemes(base6, {name: scheme_pay(path, "customer_manager") for name, path in files.items()},
                      months=MONTHS, replications=REPS, seed=SEED,
                      logs=("staff_periods", "bank_periods", "payslips", "loan_applications"))
cms = cmp.staff_periods[cmp.staff_periods["role"] == "customer_manager"]
bank = cmp.bank_periods
print(f"{len(cmp.schemes)} schemes × {REPS} replications × {MONTHS} months; "
      f"{cms['post'].nunique()} customer managers per branch")

# %% [markdown]
# ## 4. Where their time and care go
#
# The managers' learned habits month by month (mean of the managers; band: 95 % interval over
# replications).

# %%
habits = (cms.groupby(["scheme", "replication", "period"], observed=True)
          [["policy.outside", "policy.screening", "policy.strictness", "policy.monitoring"]].mean().reset_index()
          .melt(id_vars=["scheme", "replication", "period"], var_name="habit", value_name="value"))
habits["habit"] = habits["habit"].str.removeprefix("policy.")
g = sns.relplot(data=habits, x="period", y="value", hue="scheme", col="habit", col_wrap=2, kind="line",
                errorbar=("ci", 95), seed=0, height=2.8, aspect=1.5)
g.set_axis_labels("month", "")
plt.show()

# %% [markdown]
# ## 5. The loan book, month by month
#
# New lending and the **NPL ratio** (substandard + doubtful + loss, as a share of loans
# outstanding) from the bank's books (`bank_periods`). Watch the delay: a loan granted
# carelessly in month 2 is still "normal" in month 3; it becomes non-performing only after
# the borrower has missed payments for three months.

# %%
book = bank.assign(**{"new loans (¥ million)": bank["new_loans"] / 1e6, "NPL ratio (%)": 100 * bank["npl_ratio"],
                      "branch profit (¥ thousand)": bank["profit"] / 1e3})
long = book.melt(id_vars=["scheme", "replication", "period"],
                 value_vars=["new loans (¥ million)", "NPL ratio (%)", "branch profit (¥ thousand)"],
                 var_name="measure", value_name="value")
g = sns.relplot(data=long, x="period", y="value", hue="scheme", col="measure", kind="line", errorbar=("ci", 95),
                seed=0, height=3, aspect=1.3, facet_kws={"sharey": False})
g.set_axis_labels("month", "")
plt.show()


# %% [markdown]
# The numbers over the last three months of each run, per replication first, then mean and
# 95 % interval over replications:

# %%
def manager_summary(c: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Per scheme and replication: habits and pay (managers), loans and profit (branch), last TAIL months."""
    keys = ["scheme", "replication"]
    habits = last_months(c, TAIL).groupby(keys, observed=True)[
        ["policy.outside", "policy.screening", "policy.strictness", "policy.monitoring", "pay"]].mean()
    habits.columns = ["outside", "screening", "strictness", "monitoring", "manager pay"]
    books = last_months(b, TAIL).groupby(keys, observed=True).agg(
        **{"new loans ¥": ("new_loans", "mean"), "NPL ratio": ("npl_ratio", "mean"),
           "provisions ¥": ("provisions", "mean"), "deposits ¥": ("deposits", "mean"),
           "branch profit ¥": ("profit", "mean")})
    return habits.join(books).reset_index()


per_rep = manager_summary(cms, bank)
format_ci(mean_ci(per_rep))

# %% [markdown]
# Paired differences against responsibility profit (same seeds), read out as sentences:

# %%
d = paired_diff(per_rep, reference="responsibility profit").set_index(["scheme", "measure"])
for scheme in ["deposit only", "quota scoring"]:
    print(say_difference(d.loc[(scheme, "screening")], f"Screening under {scheme}", "under responsibility profit",
                         "deeper", "shallower"))
    print(say_difference(d.loc[(scheme, "new loans ¥")], f"New lending per month under {scheme}",
                         "under responsibility profit"))
    print(say_difference(d.loc[(scheme, "NPL ratio")], f"The NPL ratio under {scheme}", "under responsibility profit"))
    print()

# %% [markdown]
# **Which files got through.** `loan_applications` has one row per file a manager read: the
# habits it was read with, their reading of it (`risk`: the chance the applicant is a bad
# risk, given what the investigation showed), the decision, and what became of the loan. It
# also has the applicant's hidden quality (`bad_risk`). Nobody in the bank sees that, and the
# learning rule never does, but it lets us score the screening. Over the last three months,
# per replication first:

# %%
f = last_months(cmp.loan_applications, TAIL)
f = f.assign(bad_refused=f["bad_risk"] & ~f["approved"], bad_lent=f["bad_risk"] & f["approved"])
g = f.groupby(["scheme", "replication"], observed=True).agg(
    read=("approved", "size"), lent=("approved", "sum"), bad=("bad_risk", "sum"),
    bad_refused=("bad_refused", "sum"), bad_lent=("bad_lent", "sum"))
scored = pd.DataFrame({
    "files read": g["read"],
    "approved (%)": 100 * g["lent"] / g["read"],
    "bad applicants refused (%)": 100 * g["bad_refused"] / g["bad"],
    "bad risks among loans made (%)": 100 * g["bad_lent"] / g["lent"],
}).reset_index()
format_ci(mean_ci(scored))

# %% [markdown]
# Under all three schemes the managers lend to about four applicants in five, turn away more
# than nine in ten of the bad risks, and about 2 % of the loans they make go to bad risks. The
# schemes' differences lie well inside the intervals. Counted file by file, this is what the
# habits above showed: after eleven months, managers under responsibility profit read files
# no more carefully than the others. These columns are what a bank's credit-risk team would
# audit. Add months or replications to sharpen them; a single run's table is
# `simkit.run(...).loan_applications`.

# %% [markdown]
# **Reading the mechanism.** Under deposit-only assessment nothing in pay responds to a loan
# at all, so investigating borrowers is effort without reward; under quota scoring, loan
# *growth* pays now and only a few point deductions touch risk. Under responsibility profit a
# bad loan comes back as a provision — but only when it is classified, months later, and only
# for someone still in the job. The manager's own loan ledger shows which month's approval
# went bad, so the learning rule credits that provision (and the loan's interest) to the month
# the loan was granted, discounted by how patient they are (`simkit/behaviour/learning.py`).
# Holmström & Milgrom (1991, *Journal of Law, Economics & Organization* 7:24–52) predict that
# paying strongly for the measured task (volume) draws effort from the unmeasured one (care):
# the seeds' complaint that investigations become "only an income certificate".
#
# **What these runs show, and why.** Here the managers under responsibility profit end up
# screening about as little as the others: the prediction does not emerge yet from this
# model (`tests/behaviour/test_effects.py` lists it as not yet holding). It is not that the
# scheme fails to reward care. With choices held fixed for two years (two seeds, strictness
# 0.5), a manager who does about a third of a full investigation (screening 0.3) gets about
# ¥9,800 a month, pay less effort; one at the starting habits (0.6) ¥9,400, and one who
# barely investigates (0.1) ¥8,000. The first checks of an investigation tell the most (the
# precisions of independent checks add, `simkit/bank/loans.py`), so some care pays and full
# care costs more effort than it saves. (The whole landscape, screening × strictness held
# fixed for two years, is the sweep `sweeps/cm_lending_habits.yaml`: run `simkit sweep` on it
# from a terminal, a few minutes, and read it with `simkit report … --period mean`.) Nor is
# the payslip unfair to the manager: a provision is traced back to the month the loan was
# granted, and the half-year settlement sets a loss month against the months that made
# money. What defeats the manager is noise.
# One month's trial of a slightly deeper investigation changes a handful of approvals, and
# whether one of those few borrowers defaults is luck worth thousands of yuan of pay. The
# command `simkit learnability` measures both sides with the habit held fixed either side of
# screening 0.16 (both managers together, each on their own files), four replications of two
# years (a minute on two cores; `docs/experiments.md`):
# deeper screening pays ¥1,104 a month per unit of its scale (95 % interval ¥338–1,871,
# against ¥254 of effort), while a manager's pay moves by ¥10,352 a month on luck alone. A
# manager's own trials would need about 108 months to see the one through the other; the
# rule keeps about a year of evidence and acts only on evidence that stands clear of luck,
# so effort cost decides, and screening falls below what would pay. Loan-volume pay has the
# mirror problem: once investigations are a formality it does reward laxity (a file refused
# is a loan not counted), but how many applicants come and how large their loans are move a
# month's score so much that a manager's own trials would need some 24 years to show it
# (the same command on `cm_loan_volume.yaml` with `--habit screening=0.16`). Behind both:
# a manager decides about 30 files a month and about one of their loans goes bad, where a
# teller serves hundreds of customers. Question 1 below asks how a bank would fix that.
#
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
# ## 6. A responsibility-profit payslip: advanced, held back, settled
#
# Customer manager M1's payslips under responsibility profit (replication 0) for months 5 and
# 6. Each month 60 % of the month's profit pay, when it is positive, is advanced and the rest
# held back; a month at a loss advances nothing and takes its loss from the settlement. Month
# 6 settles the half year on the half-year's profit (seed 001: 半年考核兑现): its pay less what
# was advanced.

# %%
rp = cmp.payslips[cmp.payslips["scheme"] == "responsibility profit"]
for period in (4, 5):
    print(payslip_text(rp, "M1", period=period), "\n")

# %% [markdown]
# **How the manager learns from a settlement.** The month-6 lump is not pay for month 6's
# work, and the manager knows it: each payslip showed what was held back, and the settlement
# line says it covers six months. So in the learning rule (`simkit/behaviour/deferred.py`)
# each month counts what it held back as its own pay at once, and when the settlement comes,
# each month's share replaces that, discounted for the wait (0.97 a month). Without this, the
# manager would hold month 6's choices responsible for half a year's pay. A loan loss is
# traced back the same way. The provision lands in the month the loan turns bad, but the
# manager's loan ledger shows which month's approval it was, and the rule credits it there
# (`PayLine.traced`), discounted for the wait. Section 5 says why that is still not enough.
#
# The same manager's last payslip under the other two schemes:

# %%
for name in ["deposit only", "quota scoring"]:
    print(f"--- {name}\n{payslip_text(cmp.payslips[cmp.payslips['scheme'] == name], 'M1')}\n")

# %% [markdown]
# ## 7. Explore: put a scheme on the customer managers
#
# Choose a scheme, scale its performance pay, and switch the loan-loss provisions off to see
# responsibility profit without seed 001's provisions. Press **Run**. The run below is short
# (3 months, one replication); loan losses need a year or more, so raise the months.

# %%
ex = manager_explorer(files["responsibility profit"], months=3, replications=1, scheme="deposit only (唯存款论)")
ex.run()
print(ex.status.value)

# %% tags=["nbval-ignore-output"]
ex

# %%
ex.rendered["KPIs"]

# %% [markdown]
# ## Questions for discussion
#
# 1. Seed 001 settles responsibility-profit pay every half year, and here a losing half-year
#    takes back its advances. Most bad loans in this model become non-performing within a
#    year of being granted, and a manager learning from a month's handful of approvals cannot
#    tell care from luck. What would you change — the settlement period, a longer clawback,
#    or telling managers plainly what a bad loan costs them — and what would each cost?
# 2. Deposit-only assessment rewards managers who inherited rich clients or have connections
#    (seed 000). Which indicator would you add first, and what new gaming would it invite?
# 3. Quota scoring deducts points for breaches of loan rules. Who finds the breaches, and what
#    happens to the scheme if they are rarely found?
# 4. A customer manager who expects to change jobs within a year cares little about defaults
#    two years out. How should a bank's pay design differ for a high-turnover branch?
# 5. The numbers here come from 11 simulated months of a model with stated defaults. What
#    would you need to measure in a real branch before drawing a conclusion about NPLs?
