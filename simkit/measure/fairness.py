"""Is pay fair? Three measures over the people of one role.

* **Gini of pay** — 0 when everyone earns the same, towards 1 when one person earns it all.
* **Rank correlation of pay with true contribution** (Spearman) — does the scheme pay more
  to the people who add more to the bank? "True" means measured with what the model knows
  and the scheme may not: realised loan losses, the value of every counter transaction,
  the cost of errors and complaints.
* **Share of pay explained by the inherited portfolio** (R² of pay on the deposits a
  customer manager inherited) — seed 001's "differential rent" (级差地租): under absolute
  targets the manager who inherited a rich book is paid for it, not for their work.

Contribution per role (¥ a period; the constants are stated reasons, not measurements):

* teller: transactions × ``VALUE_PER_TRANSACTION`` + fee income of their sales
  − errors × ``COST_PER_ERROR`` − complaints × ``COST_PER_COMPLAINT``;
* lobby manager: customers diverted to machines × the counter cost they save
  + fee income of their sales + referrals × ``VALUE_PER_REFERRAL`` − complaints;
* customer manager: their responsibility profit (interest, deposit margin and fees minus
  funding cost and loan losses, all realised by the books) minus the margin their
  inherited portfolio would have earned with no work at all (it decays with attrition).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..vocabulary import PERIOD_MONTHS

#: ¥ a counter transaction is worth to the bank: what it would cost to have it done
#: elsewhere (stated reason: counter transactions cost Chinese banks several yuan each, a
#: multiple of e-channel costs; the exact figure only scales the teller ranking).
VALUE_PER_TRANSACTION = 8.0
#: ¥ an error slip costs: rework, a supervisor's check, the occasional write-off (stated reason).
COST_PER_ERROR = 60.0
#: ¥ a complaint costs: handling time and the regulator's complaint statistics (stated reason).
COST_PER_COMPLAINT = 300.0
#: ¥ a referral to a customer manager is worth on average (referral_conversion 0.3 × ¥500k
#: brought × 1.3 % yearly deposit margin ÷ 12 ≈ ¥160 a month; rounded).
VALUE_PER_REFERRAL = 150.0


def gini(x) -> float:
    """Gini coefficient of non-negative amounts (0 = equal)."""
    x = np.sort(np.asarray(x, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return 0.0
    return float((2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * total))


def contributions(staff_periods: pd.DataFrame, scenario) -> pd.Series:
    """Each row's true contribution (¥ in that period), following the module docstring."""
    sp = staff_periods
    k = lambda name: sp.get(f"kpi.{name}", pd.Series(0.0, index=sp.index)).fillna(0.0)  # noqa: E731
    out = pd.Series(0.0, index=sp.index)
    teller = sp["role"] == "teller"
    out[teller] = (k("transactions") * VALUE_PER_TRANSACTION + k("fee_income") - k("errors") * COST_PER_ERROR
                   - k("complaints") * COST_PER_COMPLAINT)[teller]
    lobby = sp["role"] == "lobby_manager"
    out[lobby] = (k("diverted") * VALUE_PER_TRANSACTION + k("fee_income") + k("referrals") * VALUE_PER_REFERRAL
                  - k("complaints") * COST_PER_COMPLAINT)[lobby]
    cm = sp["role"] == "customer_manager"
    if cm.any():
        dep = scenario.bank.deposits
        months = _months(scenario)
        decay = (1 - dep.attrition) ** (sp["period"] * months)
        inherited = k("portfolio_start") * decay * (dep.ftp_rate - dep.rate_paid) * months / 12
        out[cm] = (k("responsibility_profit") - inherited)[cm]
    return out


def _months(scenario) -> int:
    return PERIOD_MONTHS[scenario.horizon.period] if scenario.horizon.periods else 1


def fairness(staff_periods: pd.DataFrame, scenario, last: int | None = None) -> pd.DataFrame:
    """One row per role: Gini of pay, Spearman ρ of pay with contribution, portfolio R².

    Pay and contribution are summed per post over the periods considered (``last``
    periods, or all), so one lucky month does not decide a ranking.
    """
    sp = staff_periods
    if last is not None:
        sp = sp[sp["period"] > sp["period"].max() - last]
    sp = sp.assign(contribution=contributions(sp, scenario))
    rows = []
    for role, g in sp.groupby("role", sort=True):
        per = g.groupby("post").agg(pay=("pay", "sum"), contribution=("contribution", "sum"))
        row = {"role": role, "people": len(per), "gini_pay": gini(per["pay"]),
               "rank_corr_pay_contribution": _spearman(per["pay"], per["contribution"]),
               "portfolio_r2": float("nan")}
        if role == "customer_manager" and "kpi.portfolio_start" in g:
            portfolio = g.groupby("post")["kpi.portfolio_start"].first()
            row["portfolio_r2"] = _r2(per["pay"], portfolio.reindex(per.index))
        rows.append(row)
    return pd.DataFrame(rows).set_index("role")


def book_pay_gap(staff_periods: pd.DataFrame, last: int | None = None) -> float:
    """¥ a month more paid to the customer manager who inherited the richest book than to the
    one who inherited the poorest (mean monthly pay over the ``last`` periods, or all): the
    seed's differential rent in yuan. NaN without customer managers or inherited books."""
    sp = staff_periods[staff_periods["role"] == "customer_manager"]
    if sp.empty or "kpi.portfolio_start" not in sp:
        return float("nan")
    if last is not None:
        sp = sp[sp["period"] > sp["period"].max() - last]
    per = sp.groupby("post").agg(pay=("pay", "mean"), portfolio=("kpi.portfolio_start", "first"))
    if per["portfolio"].isna().all():
        return float("nan")
    return float(per.loc[per["portfolio"].idxmax(), "pay"] - per.loc[per["portfolio"].idxmin(), "pay"])


def _spearman(a, b) -> float:
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    return float(stats.spearmanr(a, b).statistic)


def _r2(y, x) -> float:
    if len(y) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(np.asarray(y, float), np.asarray(x, float))[0, 1] ** 2)
