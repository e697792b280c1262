"""The expected life of a loan at the edges of the loan-life settings.

``simkit.bank.outlook.life`` must hold for every allowed value of the fields that shape a
loan's life — ``term_months`` (1-360), ``write_off_months`` (1-120) and the classification
thresholds (1-120) — not only at the defaults: a write-off after one month overdue used to
index past its table. Two checks:

* over the whole allowed range, every ¥1 lent is in the end either repaid or written off,
  and nothing is left on the book at the end of the life;
* at the edge values, the expected life equals the mean of lives simulated by the bank's own
  ``simkit.bank.loans.month_step`` (tolerances as in test_outlook.py: within z standard
  errors, z the Bonferroni bound for a family error of 0.1 % over the comparisons).

Configurations are made with ``model_copy`` (no validation): the outlook must be right for
any value the fields' own ranges allow, whatever cross-field rules a scenario file adds.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from simkit.bank.loans import Loan, month_step
from simkit.bank.outlook import life, life_months
from simkit.limits import MAX_LOAN_TERM_MONTHS, MAX_OVERDUE_MONTHS
from simkit.scenario.models import Loans

MONITORING = 0.4
LIVES = 4_000
THRESHOLDS = ("special_mention_after", "substandard_after", "doubtful_after", "loss_after")


def _cfg(**fields) -> Loans:
    return Loans().model_copy(update=fields)


def _cure(cfg) -> float:
    return cfg.recovery_base + cfg.recovery_monitoring * MONITORING * MONITORING  # visited, then the extra chance


@pytest.mark.parametrize("term", [1, 12, MAX_LOAN_TERM_MONTHS])
@pytest.mark.parametrize("at", [1, MAX_OVERDUE_MONTHS])
def test_every_yuan_lent_is_repaid_or_written_off_over_the_allowed_range(term, at):
    """For every allowed write_off_months (and thresholds all at an edge), the life runs to
    its end without error and closes every loan."""
    for write_off in range(1, MAX_OVERDUE_MONTHS + 1):
        cfg = _cfg(term_months=term, write_off_months=write_off, **{t: at for t in THRESHOLDS})
        out = life(cfg, [0.0, 0.4, 1.0], _cure(cfg))
        closed = out["repaid"].sum(axis=1) + out["written_off"].sum(axis=1)
        assert closed == pytest.approx(1.0, abs=1e-9), (term, write_off, closed)
        assert out["loan_balance_end"][:, -1] == pytest.approx(0.0, abs=1e-12)
        assert out["due"].shape[1] == life_months(cfg)


def _simulated(cfg, pd: float, seed: int):
    """Mean and sd over LIVES simulated lives of a ¥1 loan: lifetime totals, and the share open
    and the share at least substandard month by month."""
    rs = np.random.default_rng(seed)
    months = life_months(cfg)
    keys = ("collected", "written_off", "matured", "on_time", "repaid")
    totals = {k: np.zeros(LIVES) for k in keys}
    open_, bad = np.zeros((LIVES, months)), np.zeros((LIVES, months))
    for i in range(LIVES):
        loan = Loan("M", 1.0, pd, 0, cfg.term_months, False)
        for t in range(months):
            if loan.state != "open":
                break
            f = month_step(loan, cfg, rs, MONITORING, t)
            for k in keys:
                totals[k][i] += f[k]
            open_[i, t] = loan.state == "open"
            bad[i, t] = loan.state == "open" and loan.overdue >= cfg.substandard_after
    return totals, open_, bad


@pytest.mark.parametrize("fields", [
    {"write_off_months": 1, "special_mention_after": 1, "substandard_after": 1, "doubtful_after": 1, "loss_after": 1},
    {"write_off_months": 2, "term_months": 1},
    {"write_off_months": MAX_OVERDUE_MONTHS, "loss_after": MAX_OVERDUE_MONTHS, "substandard_after": 2},
], ids=["write-off-after-1", "term-1", "write-off-after-120"])
def test_expected_life_at_the_edges_is_the_mean_of_simulated_lives(fields):
    cfg, pd = _cfg(**fields), 0.4
    totals, open_, bad = _simulated(cfg, pd, seed=11)
    want = life(cfg, [pd], _cure(cfg))
    expect = {k: want[k][0].sum() for k in totals}
    months = [0, 1, 2, 3, cfg.term_months, cfg.term_months + 1, life_months(cfg) - 2]
    checks = [("total", k) for k in totals] + [(m, "open") for m in months] + [(m, "bad") for m in months]
    z = stats.norm.ppf(1 - 0.001 / (2 * len(checks)))
    failed = []
    for where, k in checks:
        if where == "total":
            got, e, se = totals[k].mean(), expect[k], totals[k].std() / np.sqrt(LIVES)
        else:
            sims = open_ if k == "open" else bad
            e = want["loan_balance_end"][0][where] if k == "open" else sum(
                want[f"loans_{c}"][0][where] for c in ("substandard", "doubtful", "loss"))
            got, se = sims[:, where].mean(), sims[:, where].std() / np.sqrt(LIVES)
        if abs(got - e) > z * se + 1e-9:
            failed.append((where, k, round(got, 5), round(e, 5), round(se, 6)))
    assert not failed, f"simulated mean vs expected life beyond {z:.1f} standard errors: {failed}"
