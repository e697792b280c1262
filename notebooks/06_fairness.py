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
# # 06 · Fairness: inherited portfolios, "differential rent" and team pay
#
# For branch heads, HR designers and researchers who ask not only *how much* a scheme makes
# people work but *who* it pays. Read notebooks 04 and 05 first.
#
# **What you will learn**
#
# * why absolute targets are unfair when customer managers inherit very different client
#   portfolios, and what the seeds propose instead: portfolio-adjusted targets, the
#   "differential rent" idea (级差地租), and assessing progress rather than size (考核进步);
# * three fairness measures (defined in `simkit/measure/fairness.py`) and how to read them: the **Gini
#   coefficient** of pay, the **rank correlation** of pay with each person's own contribution,
#   and the **share of pay explained by the inherited portfolio**;
# * how team pay (团队考核) shares money out, and why it invites free-riding.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import simkit
from simkit import library
from simkit.experiment import compare_schemes, learnability
from simkit.library.findings import as_row
from simkit.report.schemes import (format_ci, gini, last_months, mean_ci, paired_diff,
                                   say_difference, scheme_pay)
from simkit.scenario import load_scenario
from simkit.teach import check

SCENARIOS = Path("..") / "scenarios"  # notebooks run with notebooks/ as working directory
RUNS = Path("runs") / "06"  # the comparisons this notebook ran, kept to be read back (section 3)
sns.set_theme(style="whitegrid", context="notebook")
pd.set_option("display.precision", 3)
pd.set_option("display.width", 140)
pd.set_option("display.max_columns", 20)
print(f"simkit {simkit.__version__}")

# %% [markdown]
# ## 1. Inherited portfolios and "differential rent" (级差地租)
#
# A new customer manager (客户经理) is usually handed a client portfolio: a list of clients
# and their deposits, built up by predecessors. Seed 001 observes that the manager of
# important clients will always show a far higher profit than the manager of ordinary ones —
# not because they work harder, but because of what they inherited. It borrows a term from
# land economics, **differential rent (级差地租)**: a better field yields more for the same
# labour. Its remedy, in its own words: 「对重要客户经理核定较高的利润指标，对普通客户经理核定
# 较低的利润指标，使二者基本上站在同一起跑线上，对二者的增量部分进行大力度奖励」 — *give the
# manager of important clients a higher target and the manager of ordinary clients a lower
# one, so both start from the same line, and reward the increment strongly*.
#
# A related seed passage: 「不能“一刀切”。要更多地考核绩效进步情况 … 而不能把眼光盯在绝对额的
# 大小上」 — *targets must not be one-size-fits-all; assess progress, not the absolute size*.
#
# The toolkit ships a branch with **six customer managers whose inherited portfolios range
# from a quarter of the bank's mean to twice it**, under three versions of the same deposit
# target (`portfolio_target` in `simkit/pay/schemes.py`):
#
# * **absolute** — one target for everyone;
# * **adjusted** — each target proportional to the portfolio the manager inherited;
# * **progress** — pay for the *growth* of one's own book, whatever its size.

# %%
CM_SCHEMES = {"absolute": "cm_portfolio_absolute", "adjusted": "cm_portfolio_adjusted",
              "progress": "cm_portfolio_progress"}
files = {name: SCENARIOS / "schemes" / f"{stem}.yaml" for name, stem in CM_SCHEMES.items()}
base = load_scenario(files["absolute"])
mean_portfolio = base.bank.deposits.mean_portfolio
inherited = pd.DataFrame([{"manager": m.id, "inherited portfolio (× mean)": m.ability.portfolio,
                           "inherited deposits ¥ million": m.ability.portfolio * mean_portfolio / 1e6}
                          for m in base.staff.customer_managers]).set_index("manager")
for name, path in files.items():
    comp = load_scenario(path).pay.customer_manager.components[1]
    print(f"{name:9s} mode={comp.mode:9s} indicator={comp.indicator}, pool ¥{comp.pool:,.0f} at 100 %")
inherited

# %% [markdown]
# **Exercise 06.adjusted_pay** — Under the adjusted scheme with a base target of ¥20 million
# for an average portfolio of ¥20 million (target proportional to the inherited portfolio) and
# a pool of ¥5,000 paid at 100 % completion, a manager who inherited ¥40 million keeps an
# average balance of ¥42 million this month. What is their target-completion pay, in yuan?

# %% tags=["answer"]
answer = ...  # yuan
### BEGIN SOLUTION
target = 20e6 * (40e6 / 20e6) ** 1.0
answer = 42e6 / target * 5000
### END SOLUTION

# %%
check("06.adjusted_pay", answer)

# %% [markdown]
# ## 2. Team pay (团队考核)
#
# Seed 001 recommends team assessment to build cooperation (团队精神). The toolkit's team
# component pays a pool of ¥ per unit of the *team's* output and shares it by a rule. Shared
# **equally**, each member's own extra effort raises their own pay by only a fraction of what
# it earns the team: the free-rider problem of Alchian & Demsetz (1972, *American Economic
# Review* 62:777–795) and Holmström (1982, "Moral Hazard in Teams", *Bell Journal of
# Economics* 13:324–340). We compare tellers paid a piece rate individually with tellers
# sharing the same rate as an equal team pool.
#
# **Exercise 06.free_ride** — Five tellers share a pool of ¥1.50 per team transaction equally.
# How many yuan of one extra transaction that a teller handles end up in *her own* pay?

# %% tags=["answer"]
answer = ...  # yuan
### BEGIN SOLUTION
answer = 1.5 / 5
### END SOLUTION

# %%
check("06.free_ride", answer)

# %% [markdown]
# ## 3. Run the schemes
#
# All five arms run on the six-manager branch with the same replication seeds: three
# customer-manager target schemes (tellers on fixed pay), and two teller schemes (customer
# managers on the absolute target). A few months and three replications (printed below) keep
# the notebook under a minute: the pay gap an inherited portfolio opens needs no learning (it
# comes with the portfolio), but the free-riding of team pay is learned, and a run this short
# may not show it yet.
# Raise `MONTHS` and `REPS` for a sharper answer. The runs are kept in `notebooks/runs/` and read
# back the next time (notebook 04, section 3): a changed comparison is computed afresh.

# %%
MONTHS, REPS, SEED, TAIL = 5, 3, 2026, 3
arms = {name: scheme_pay(path, "customer_manager") for name, path in files.items()}
arms["teller piece rate"] = scheme_pay(SCENARIOS / "schemes" / "teller_piece_rate.yaml", "teller")
arms["teller team pay"] = scheme_pay(SCENARIOS / "schemes" / "teller_team_pay.yaml", "teller")
cmp = compare_schemes(files["absolute"], arms, months=MONTHS, replications=REPS, seed=SEED, store=RUNS)
sp = cmp.staff_periods
print(f"{len(cmp.schemes)} arms × {REPS} replications × {MONTHS} months; "
      f"customer managers per branch: {sp.loc[sp['role'] == 'customer_manager', 'post'].nunique()}")

# %% [markdown]
# ## 4. Who gets paid: pay against the inherited portfolio
#
# Each dot is one manager in one replication: their mean pay over the last three months
# against the portfolio they inherited (left) and against their true contribution (right,
# defined in section 5).

# %%
sp = sp.assign(contribution=cmp.contributions())  # each row's true contribution in ¥: see section 5
cm = last_months(sp[(sp["role"] == "customer_manager") & sp["scheme"].isin(list(CM_SCHEMES))], TAIL)
people = (cm.groupby(["scheme", "replication", "post"], observed=True)
          .agg(pay=("pay", "mean"), contribution=("contribution", "mean"), portfolio=("kpi.portfolio_start", "first"))
          .reset_index())
people["scheme"] = people["scheme"].cat.remove_unused_categories()
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
sns.scatterplot(data=people, x=people["portfolio"] / 1e6, y="pay", hue="scheme", style="scheme", s=60, ax=axes[0])
axes[0].set(xlabel="inherited deposits (¥ million)", ylabel="pay (¥ per month)", title="Pay against what they inherited")
sns.scatterplot(data=people, x=people["contribution"] / 1e3, y="pay", hue="scheme", style="scheme", s=60, ax=axes[1],
                legend=False)
axes[1].set(xlabel="true contribution (¥ thousand per month, section 5)", title="Pay against what they added")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 5. Three fairness measures
#
# `cmp.fairness(last=3)` computes three measures over the people of each role, scheme and
# replication (here: the six managers), from pay and contribution summed over the last three
# months (the definitions are in `simkit/measure/fairness.py`):
#
# * **Gini of pay** — 0 when everyone is paid the same; the larger, the more unequal
#   (the mean absolute difference between two people's pay, over twice the mean).
# * **Rank correlation of pay with true contribution** (Spearman's ρ) — does the manager who
#   added most get paid most? *True contribution* uses what the model knows and a scheme may
#   not: a manager's responsibility profit (interest, deposit margin and fees, minus funding
#   cost and the loan losses the books realise) **minus the margin their inherited portfolio
#   would have earned with no work at all**. Near 1: pay follows contribution; near 0 or
#   negative: it does not.
# * **Share of pay explained by the inherited portfolio** (R² of pay on the inherited
#   portfolio) — how much of the pay differences would be predicted knowing only what each
#   manager was handed on day one. R² has no sign and no scale, so the table adds the pay gap
#   between the managers with the richest and the poorest inherited book: a high R² of tiny
#   differences matters little, a high R² of large ones a lot.

# %%
measures = cmp.fairness(last=TAIL).set_index(["scheme", "replication", "role"])
names = {"gini_pay": "Gini of pay", "rank_corr_pay_contribution": "rank corr. pay ~ contribution",
         "portfolio_r2": "share explained by portfolio (R²)"}


def fairness_row(scheme, rep, role: str) -> dict:
    """The three measures of one scheme, replication and role, plus (managers) the pay gap
    between the richest and the poorest inherited book."""
    row = measures.loc[(scheme, rep, role)]
    out = {names[k]: row[k] for k in names if not (role != "customer_manager" and k == "portfolio_r2")}
    if role == "customer_manager":
        g = last_months(sp[(sp["scheme"] == scheme) & (sp["replication"] == rep) & (sp["role"] == role)], TAIL)
        per = g.groupby("post").agg(pay=("pay", "mean"), portfolio=("kpi.portfolio_start", "first"))
        out["pay gap richest − poorest book ¥"] = (per.loc[per["portfolio"].idxmax(), "pay"]
                                                  - per.loc[per["portfolio"].idxmin(), "pay"])
    return out


fair = pd.DataFrame([{"scheme": scheme, "replication": rep, **fairness_row(scheme, rep, "customer_manager")}
                     for scheme in CM_SCHEMES for rep in range(REPS)])
format_ci(mean_ci(fair))

# %%
d = paired_diff(fair, reference="absolute").set_index(["scheme", "measure"])
for scheme in ["adjusted", "progress"]:
    print(say_difference(d.loc[(scheme, "share explained by portfolio (R²)")],
                         f"The share of pay explained by the inherited portfolio under {scheme} targets",
                         "under absolute targets"))
    print(say_difference(d.loc[(scheme, "rank corr. pay ~ contribution")],
                         f"The rank correlation of pay with contribution under {scheme} targets",
                         "under absolute targets"))
    print(say_difference(d.loc[(scheme, "Gini of pay")], f"The Gini of pay under {scheme} targets",
                         "under absolute targets"))
    print(say_difference(d.loc[(scheme, "pay gap richest − poorest book ¥")],
                         f"The pay gap between the richest and the poorest inherited book under {scheme} targets",
                         "under absolute targets", "more in favour of the richer book",
                         "more in favour of the poorer book"))
    print()
rho = mean_ci(fair).set_index(["scheme", "measure"]).loc[("absolute", "rank corr. pay ~ contribution")]
print(f"Under absolute targets the rank correlation of pay with contribution is {rho['mean']:.2f} "
      f"(95 % CI {rho['low']:.2f} to {rho['high']:.2f}): "
      + ("pay runs against contribution." if rho["high"] < 0 else
         "pay follows contribution." if rho["low"] > 0 else "this run cannot tell its sign."))

# %% [markdown]
# **Reading it.** Under an absolute target, the manager handed the richest book reaches it
# without trying; the one handed the poorest cannot reach it however hard they work — the
# seed's "differential rent" goes to whoever inherited the good land, and pay can even run
# *against* contribution (the last line above says whether it did here). Adjusting the target to the portfolio is meant to take that rent
# away; assessing progress takes it away differently, by paying for growth. The sentences
# above say how far each went in this run. Neither is free: an adjusted target needs someone
# to decide how rich each book "really" is (a subjective step that invites disputes, as the
# seeds warn), and a progress measure rewards a large *percentage* growth of a small book,
# which is easier than the same percentage on a large one.
#
# **Exercise 06.gini** — Four staff are paid ¥3,000, ¥3,000, ¥6,000 and ¥12,000 a month.
# What is the Gini coefficient of their pay?

# %% tags=["answer"]
answer = ...  # between 0 and 1
### BEGIN SOLUTION
answer = gini([3000, 3000, 6000, 12000])
### END SOLUTION

# %%
check("06.gini", answer)

# %% [markdown]
# ## 6. Team pay: do equal shares weaken incentives?
#
# Tellers under an individual piece rate against tellers sharing the same rate as an equal
# team pool. Over the last three months, per replication:

# %%
late = last_months(sp[sp["role"] == "teller"], TAIL)
rows = []
for scheme in ["teller piece rate", "teller team pay"]:
    for rep in range(REPS):
        g = late[(late["scheme"] == scheme) & (late["replication"] == rep)]
        rows.append({"scheme": scheme, "replication": rep, "pace (learned)": g["policy.pace"].mean(),
                     "transactions per teller-month": g["kpi.transactions"].mean(),
                     **fairness_row(scheme, rep, "teller")})
team = pd.DataFrame(rows)
dt = paired_diff(team, reference="teller piece rate").set_index(["scheme", "measure"])
print(say_difference(dt.loc[("teller team pay", "pace (learned)")], "Tellers' learned pace under equal team pay",
                     "under an individual piece rate", "faster", "slower"))
print(say_difference(dt.loc[("teller team pay", "transactions per teller-month")],
                     "Transactions per teller under equal team pay", "under an individual piece rate"))
format_ci(mean_ci(team))

# %% [markdown]
# **What one teller can see.** Free-riding is also a matter of information. A teller learns
# her habits from her own payslips (notebook 04), so what matters is how much *her* pay moves
# when *she alone* works faster. `learnability` holds one teller's pace fixed just below and
# just above 1.0 (her usual trial either side), everyone else at 1.0, on the same customers (a
# few replications of a few months, learning off), and compares her pay: how many ¥ a month
# more the faster trial pays her, its 95 % interval, what the extra speed costs her in effort,
# the luck in her monthly pay, and the months of her own trials it would take to see the
# difference through that luck.

# %%
alone = pd.concat([learnability(SCENARIOS / "schemes" / f"{name}.yaml", "teller", "pace", 1.0, reps=3, periods=2,
                                executor="processes") for name in ("teller_piece_rate", "teller_team_pay")],
                  ignore_index=True)
step = 2 * alone["trial"]  # learnability's slopes are per unit of the rule's internal scale; times this: per trial step
alone = alone.assign(**{"pace tried": alone["low"].map("{:.2f}".format) + " → " + alone["high"].map("{:.2f}".format),
                        "extra pay ¥": alone["slope"] * step, "low ¥": alone["slope_lo"] * step,
                        "high ¥": alone["slope_hi"] * step, "extra effort ¥": alone["effort_slope"] * step,
                        "luck ¥/month": alone["luck"], "months of trials needed": alone["needed"]})
share = alone["slope"].iloc[1] / alone["slope"].iloc[0]
print(f"Working faster alone ({alone['pace tried'].iloc[0]}) pays a teller {share:.0%} as much extra under the equal "
      f"team pool as under the individual piece rate (¥{alone['extra pay ¥'].iloc[1]:,.0f} against "
      f"¥{alone['extra pay ¥'].iloc[0]:,.0f} a month), for the same ¥{alone['extra effort ¥'].iloc[0]:,.0f} of effort.")
alone[["scheme", "pace tried", "extra pay ¥", "low ¥", "high ¥", "extra effort ¥", "luck ¥/month",
       "months of trials needed", "verdict"]]

# %% [markdown]
# Under the team pool her extra transactions are shared five ways, and the customers she
# takes from her colleagues' queues the team loses again; so her own pay should move by only a
# fraction of what it does under her own piece rate (the line above says what fraction, and
# sets it against the extra effort). Each teller faces the same choice, so each has
# little reason to hurry — whether this short run already shows them easing off is the first
# sentence of section 6.

# %% [markdown]
# With an equal share, everyone's pay is the same whatever they did: the Gini of the
# variable part is zero, and pay says nothing about who contributed most (the rank
# correlation is undefined — shown as "–" — when pay does not vary; a teller's true
# contribution in `simkit/measure/fairness.py` values transactions and sales and charges
# errors and complaints). Whether that is fair depends on what you think pay is for: equal
# pay for a team that shares the queue, or pay that follows each person's contribution.
# Seed 001 pairs team assessment with cooperation rules for this reason.

# %% [markdown]
# ## 7. Two years of pay: the results library
#
# The runs above are kept short so that this notebook runs in under a minute. The pay gap an
# inherited book opens needs no learning, but what the managers and tellers then learn to do,
# and so the pay it brings, takes months. simkit's results library (`docs/library.md`) holds
# the same five arms over a longer run and more replications (the first line below says how
# many), on the same seeds, with every field margin on (quits and hiring, care as a teller's
# own choice, days off, pay rules, loan demand, an inherited loan book: `docs/flip.md`), and
# stores section 5's measures for each replication over its last months, pay and contribution
# summed per person over them. `make results` computes it and a test re-runs part of it
# against the model. Each sentence pairs two arms on the same replications: the difference,
# its 95 % interval and the measure's minimal meaningful difference
# (`simkit/report/meaningful.py`), as in sections 5 and 6.

# %%
entry = library.manifest()["experiments"]["fairness"]
print(f"In the library: {len(entry['arms'])} arms × {entry['replications']} replications × {entry['periods']} months; "
      f"fairness measures over the last {entry['people_last']} months of each replication")
LIBRARY_MEASURES = {"portfolio_r2": "The share of pay explained by the inherited portfolio",
                    "book_pay_gap": "The pay gap between the richest and the poorest inherited book",
                    "rank_corr_pay_contribution": "The rank correlation of pay with contribution",
                    "gini_pay": "The Gini of pay"}
lib_rows = []
for scheme, word in (("cm_portfolio_adjusted", "adjusted"), ("cm_portfolio_progress", "progress")):
    for metric, what in LIBRARY_MEASURES.items():
        found = library.effect("fairness", scheme, "cm_portfolio_absolute", metric, role="customer_manager")
        row = as_row(found)
        print(say_difference(row, f"{what} under {word} targets", "under absolute targets",
                             *(("more in favour of the richer book", "more in favour of the poorer book")
                               if metric == "book_pay_gap" else ())))
        label = names.get(metric, "pay gap richest − poorest book ¥")  # section 5's names of the measures
        lib_rows.append({"targets": word, "measure": label, "absolute targets": found.reference_mean,
                         "these targets": found.scheme_mean, "difference": found.mean, "low": found.low,
                         "high": found.high, "verdict": row["verdict"]})
    print()
lib = pd.DataFrame(lib_rows).set_index(["targets", "measure"])
both = [(key, d.loc[key, "clear"], row["verdict"] == "clear", (d.loc[key, "mean"] > 0) == (row["difference"] > 0))
        for key, row in lib.iterrows()]
print(f"Of these {len(both)} differences, {sum(live and stored for _, live, stored, _ in both)} are clear in both "
      f"section 5's short run and the library ({sum(live and stored and same for _, live, stored, same in both)} "
      f"in the same direction), {sum(stored and not live for _, live, stored, _ in both)} only in the library, "
      f"{sum(live and not stored for _, live, stored, _ in both)} only in the short run.")
numbers = ["absolute targets", "these targets", "difference", "low", "high"]
lib.assign(**{c: lib[c].map(lambda v: f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3f}") for c in numbers})

# %% [markdown]
# And team pay against the individual piece rate, over the same replications (the first line
# below says over which months):

# %%
months = library.effect("fairness", "teller_team_pay", "teller_piece_rate", "policy.pace", role="teller").months
print(f"Pace and transactions per teller-day worked: each replication over months {months[0]}–{months[1]}; "
      f"the Gini of pay over its last {entry['people_last']} months.")
for metric, what, up, down in (("policy.pace", "Tellers' learned pace", "faster", "slower"),
                               ("kpi.transactions/kpi.days_worked", "Transactions per teller-day", "higher", "lower"),
                               ("gini_pay", "The Gini of tellers' pay", "higher", "lower")):
    found = library.effect("fairness", "teller_team_pay", "teller_piece_rate", metric, role="teller")
    print(say_difference(as_row(found), f"{what} under equal team pay", "under an individual piece rate", up, down))

# %% [markdown]
# **Reading it.** The count under the first table sets the library beside section 5's short
# run: a difference clear only in the library needed the library's run to show. A "not
# distinguishable" here, over every replication of the library, is a finding in itself: in
# this model that scheme's effect on that measure lies within the interval shown.

# %% [markdown]
# ## Questions for discussion
#
# 1. "Contribution" above is a manager's responsibility profit minus what the inherited book
#    would have earned with no work. What else does a customer manager contribute (service,
#    mentoring, clients kept for the bank), and how would counting it change the fairness
#    ranking of the three schemes?
# 2. Who should set the adjusted targets, and how would you stop a manager from arguing their
#    portfolio down before the target is set?
# 3. Progress-based assessment pays for growth. What does it do to a manager who inherits a
#    book that is already as large as the district allows?
# 4. Section 6 measures how far team pay loosens the link between own work and own pay. Which
#    jobs in a branch are team jobs by nature (the shared ticket queue?), and which are not?
# 5. All three measures are computed over six managers and a few months of a model. What
#    would you want to know before using such numbers in a real pay negotiation?
