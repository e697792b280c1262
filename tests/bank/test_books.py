"""The bank's books balance, period by period, on real multi-period runs.

Two runs of the shipped responsibility-profit scheme (scenarios/schemes/
cm_responsibility_profit.yaml), stepped month by month so every period's loan book can be
inspected right after it closes:

* ``shipped``: the file as it is, 12 months (loans mature and are repaid in month 12);
* ``stressed``: the same with a fast classification ladder (substandard after 2 months
  overdue, doubtful after 3, loss after 4, written off after 6) and worse bad borrowers,
  so that every one of the five categories and write-offs occur within 9 months.

Every expected number is computed here from the loans themselves and the rules written
in this file — the seed's provision rates (seed 001: loan loss = substandard × 30 % +
doubtful × 50 % + loss × 100 %) and the overdue ladders — not from the books' own sums.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pytest
from scipy import stats

from simkit.bank.loans import CLASSES, Loan, decide, file_odds, month_step, provision_rate
from simkit.scenario import load_scenario, with_overrides
from simkit.simulation import Simulation

from helpers import SCENARIOS

MONTHS = {"shipped": 12, "stressed": 9}   # 12: one-year loans mature in month 12; 9: write-offs from month 7
# seed 001: substandard 30 %, doubtful 50 %, loss 100 %. Normal and special-mention loans
# carry no provision: seed 001's loan-loss formula names only the three non-performing
# classes, and bank.loans has no rate for the other two (simkit/bank/loans.py provision_rate).
RATE = {"normal": 0.0, "special_mention": 0.0, "substandard": 0.30, "doubtful": 0.50, "loss": 1.00}
NPL = ("substandard", "doubtful", "loss")
# months overdue at which each class starts: the shipped default (bank.loans in
# scenario/models.py: special mention from 1 month, substandard from 3 — "> 90 days overdue
# is at least substandard" — doubtful from 6, loss from 12) and the stressed ladder
LADDERS = {"shipped": (1, 3, 6, 12), "stressed": (1, 2, 3, 4)}
LGD_SECURED = 0.4   # bank.loans.loss_given_default_secured: collateral recovers 60 %


def category(overdue: int, ladder) -> str:
    sm, sub, dbt, loss = ladder
    return ("loss" if overdue >= loss else "doubtful" if overdue >= dbt else "substandard" if overdue >= sub
            else "special_mention" if overdue >= sm else "normal")


def _run(name):
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"),
                        {"horizon.periods": MONTHS[name]})
    if name == "stressed":
        sc = with_overrides(sc, {"bank.loans.substandard_after": 2, "bank.loans.doubtful_after": 3,
                                 "bank.loans.loss_after": 4, "bank.loans.write_off_months": 6,
                                 "bank.loans.pd_bad": 0.9,
                                 # managers who foresee what these bad loans cost them refuse them,
                                 # and this run is here to make every class and write-offs occur
                                 "behaviour.learning.foresight.customer_manager": 0.0})
    sim = Simulation(sc)
    _keep_indicators(sim)
    # per period, taken as it closes: (loans open last period that left the book since, as
    # (amount, how they left, secured); the open loans as (amount, months overdue, secured))
    snaps, open_loans = [], []
    while sim.period < len(sim.ends):
        sim.step()
        left = [(ln.amount, ln.state, ln.secured) for ln in open_loans if ln.state != "open"]
        open_loans = list(sim.books.loans)
        snaps.append((left, [(ln.amount, ln.overdue, ln.secured) for ln in open_loans]))
    return sc, sim, snaps


def _keep_indicators(sim):
    """Keep each period's manager indicators as the books close it (``sim.indicators``): the
    loan ledger by vintage is not a number, so it is not in the staff rows."""
    closed, sim.indicators = sim.books.close_period, []

    def close_period(*args):
        row, kpis = closed(*args)
        sim.indicators.append(kpis)
        return row, kpis
    sim.books.close_period = close_period


@pytest.fixture(scope="module", params=["shipped", "stressed"])
def run(request):
    sc, sim, snaps = _run(request.param)
    return {"name": request.param, "sc": sc, "sim": sim, "rows": sim.bank_rows, "snaps": snaps,
            "ladder": LADDERS[request.param],
            "cm": [r for r in sim.staff_rows if r["role"] == "customer_manager"]}


def close(a, b):
    return a == pytest.approx(b, rel=1e-9, abs=1e-4)


# --------------------------------------------------------------------------- loans
def test_loan_roll_forward(run):
    """loans at end = loans at start + new − repaid − written off, and = the open loans."""
    prev_end = 0.0
    for row, (left, snap) in zip(run["rows"], run["snaps"]):
        assert close(row["loans_start"], prev_end)
        assert close(row["loans"], row["loans_start"] + row["new_loans"] - row["repaid"] - row["written_off"])
        assert close(row["loans"], sum(a for a, _, _ in snap))
        # the loans that left the book since last period, one by one (none can be opened and
        # closed within one month: repayment takes a full term, a write-off 6+ months overdue)
        assert close(row["repaid"], sum(a for a, how, _ in left if how == "repaid"))
        assert close(row["written_off"], sum(a for a, how, _ in left if how == "written_off"))
        # the loss booked on a write-off is the balance, less 60 % recovered from collateral
        assert close(row["loan_losses"], sum(a * (LGD_SECURED if secured else 1.0)
                                             for a, how, secured in left if how == "written_off"))
        prev_end = row["loans"]
    assert sum(r["new_loans"] for r in run["rows"]) > 0
    if run["name"] == "shipped":
        assert run["rows"][-1]["repaid"] > 0      # month 12: the first one-year loans mature
    else:
        assert sum(r["written_off"] for r in run["rows"]) > 0


def test_five_category_classification_follows_overdue_months(run):
    cfg = run["sc"].bank.loans
    for overdue in range(0, 30):
        assert Loan("M1", 1.0, 0.0, 0, 12, False, overdue=overdue).category(cfg) == category(overdue, run["ladder"])
    seen = Counter(category(o, run["ladder"]) for _, snap in run["snaps"] for _, o, _ in snap)
    assert seen["normal"] > 0 and seen["special_mention"] > 0 and seen["substandard"] > 0
    if run["name"] == "stressed":
        assert set(seen) == set(CLASSES)


def test_provisions_are_balance_times_category_rate(run):
    prev_reserve = 0.0
    for row, (_, snap) in zip(run["rows"], run["snaps"]):
        reserve = sum(a * RATE[category(o, run["ladder"])] for a, o, _ in snap)
        assert close(row["reserve"], reserve)
        # the P&L charge: the change in the reserve plus the losses booked on write-offs
        assert close(row["provisions"], reserve - prev_reserve + row["loan_losses"])
        prev_reserve = reserve
    assert prev_reserve > 0   # some loans went bad, so the check above was not 0 = 0
    # over the run, everything charged is either still reserved or lost
    assert close(sum(r["provisions"] for r in run["rows"]), prev_reserve + sum(r["loan_losses"] for r in run["rows"]))


def test_npl_ratio(run):
    for row, (_, snap) in zip(run["rows"], run["snaps"]):
        npl = sum(a for a, o, _ in snap if category(o, run["ladder"]) in NPL)
        assert close(row["npl"], npl)
        assert close(row["npl_ratio"], npl / row["loans"] if row["loans"] else 0.0)
    assert max(r["npl_ratio"] for r in run["rows"]) > 0


# --------------------------------------------------------------------------- deposits
def test_deposit_roll_forward(run):
    """deposits at end = at start + inflows − attrition − churn; attrition is 1 % a month of
    the customer managers' books (bank.deposits.attrition), not of walk-in retail deposits."""
    sc, rows = run["sc"], run["rows"]
    by_period = defaultdict(dict)
    for r in run["cm"]:
        by_period[r["period"]][r["post"]] = r
    cm_start = {post: r["kpi.portfolio_start"] for post, r in by_period[0].items()}   # inherited portfolios
    assert close(rows[0]["deposits_start"], sum(cm_start.values()) + sc.bank.deposits.retail_book)
    prev_end = rows[0]["deposits_start"]
    for p, row in enumerate(rows):
        assert close(row["deposits_start"], prev_end)
        assert close(row["deposits"], row["deposits_start"] + row["deposit_inflows"]
                     - row["deposit_attrition"] - row["deposit_churn"])
        assert close(row["deposit_attrition"], 0.01 * sum(cm_start.values()))
        assert close(row["deposit_churn"], row["churned_deposits"])   # no book was emptied
        assert row["deposit_inflows"] >= 0 and row["deposit_churn"] >= 0
        cm_end = {post: r["kpi.deposit_balance_end"] for post, r in by_period[p].items()}
        for post, r in by_period[p].items():   # each manager's own book rolls forward too
            assert close(r["kpi.deposit_net_increase"], cm_end[post] - cm_start[post])
        cm_start, prev_end = cm_end, row["deposits"]
    assert sum(r["deposit_churn"] for r in rows) > 0 and sum(r["deposit_inflows"] for r in rows) > 0


# --------------------------------------------------------------------------- P&L
def test_profit_is_the_sum_of_its_lines_with_staff_pay_subtracted(run):
    sim = run["sim"]
    pay = defaultdict(float)
    for line in sim.payslip_rows:
        pay[line["period"]] += line["amount"]
    for row in run["rows"]:
        p = row["period"]
        assert close(row["staff_pay"], pay[p]) and pay[p] > 0   # everyone's payslips for the period
        assert close(row["operating_cost"], run["sc"].bank.operating_cost * 1)   # one month
        assert close(row["deposit_margin"], row["deposits"] * (0.025 - 0.012) / 12)   # FTP − rate paid, a month
        expected = (row["interest_income"] - row["funding_cost"] + row["deposit_margin"] + row["fee_income"]
                    - row["refunds"] - row["provisions"] - row["staff_pay"] - row["operating_cost"])
        assert close(row["profit"], expected)


def test_managers_indicators_add_up_to_the_books(run):
    """Each customer manager's book is a slice of the bank's: the slices add up, and each
    manager's responsibility profit is seed 001's income − cost − loan loss."""
    by_period = defaultdict(list)
    for r in run["cm"]:
        by_period[r["period"]].append(r)
    for row in run["rows"]:
        cms = by_period[row["period"]]
        total = lambda k: sum(r[f"kpi.{k}"] for r in cms)  # noqa: E731
        assert close(total("loan_balance_end"), row["loans"])
        assert close(total("loans_approved"), row["new_loans"])
        assert close(total("loans_substandard") + total("loans_doubtful") + total("loans_loss"), row["npl"])
        assert close(total("loan_interest_income"), row["interest_income"])
        assert close(total("asset_cost"), row["funding_cost"])
        assert close(total("loan_loss"), row["provisions"])   # each manager is charged their own provisions
        for r in cms:
            k = {name[4:]: v for name, v in r.items() if name.startswith("kpi.")}
            income = k["loan_interest_income"] + k["deposit_margin_income"] + k["fee_income"]
            cost = k["deposit_interest_paid"] + k["asset_cost"]
            assert close(k["responsibility_profit"], income - cost - k["loan_loss"])
            # and their pay: 60 % of max(profit, 0) × ¥800 per ¥10,000 is advanced (the scenario)
            assert close(r["pay.performance"], max(k["responsibility_profit"], 0) * 800 / 10_000 * 0.6)


def test_loan_ledger_by_vintage_adds_up_to_the_loan_profit(run):
    """Split by the period each loan was approved, a manager's loan profit (interest − funding
    − loan loss) adds up to the loan part of their responsibility profit, period by period;
    no vintage is later than the period; and after a year some vintages carry losses."""
    losing = 0
    for period, kpis in enumerate(run["sim"].indicators):
        for k in kpis.values():
            vintages = k["loan_profit_by_vintage"]
            assert all(v <= period for v, _ in vintages)
            assert close(sum(x for _, x in vintages), k["loan_interest_income"] - k["asset_cost"] - k["loan_loss"])
            losing += sum(x < 0 for _, x in vintages)
    assert losing > 0


# --------------------------------------------------------------------------- loans.py units
def _cfg(**kw):
    return load_scenario(SCENARIOS / "baseline.yaml").bank.loans.model_copy(update=kw)


class Rs:
    """The two draws bank.loans needs, from one fixed-seed numpy generator."""

    def __init__(self, seed):
        self.gen = np.random.default_rng(seed)

    def uniform(self):
        return float(self.gen.random())

    def normal(self):
        return float(self.gen.standard_normal())


def _refusal_rate(cfg, screening, strictness, n, seed):
    rs = Rs(seed)
    return sum(decide(cfg, rs, screening, strictness)[0] is None for _ in range(n))


def _refusal_probability(cfg, screening, strictness):
    """The posterior rule in closed form: a bad file's signal is N(1, σ²), a good one's N(0, σ²)
    (gap units); refused at or above the cutoff ½ + σ² (logit(1 − strictness) − logit(bad_share))."""
    # precisions of independent checks add: 1/σ² is linear in the share of the investigation done
    sd = ((1 - screening) / cfg.noise_unscreened ** 2 + screening / cfg.noise_screened ** 2) ** -0.5
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    cut = 0.5 + sd * sd * (logit(1 - strictness) - logit(cfg.bad_share))
    return stats.norm.sf((cut - 1) / sd), stats.norm.sf(cut / sd)  # (bad, good)


def test_refusals_follow_the_posterior_rule():
    """Counts of refusals out of 4,000 shipped applications (20 % bad) match the closed form
    (exact binomial test at the 0.1 % level) for each screening depth and strictness."""
    cfg, n = _cfg(), 4000
    for screening in (0.0, 0.5, 1.0):
        for strictness in (0.2, 0.5, 0.8):
            bad, good = _refusal_probability(cfg, screening, strictness)
            p = cfg.bad_share * bad + (1 - cfg.bad_share) * good
            k = _refusal_rate(cfg, screening, strictness, n, seed=7)
            assert stats.binomtest(k, n, p).pvalue > 0.001, (screening, strictness, k / n, p)


def test_file_odds_agree_with_the_closed_form_and_the_draws():
    """``loans.file_odds`` (the library's closed form) gives the approval share of the test's own
    closed form to 1e-12, and the share of bad loans among 4,000 simulated approvals lies in its
    exact binomial 99.9 % band, at each screening depth and strictness."""
    cfg, n = _cfg(), 4000
    for screening in (0.1, 0.3, 0.6, 1.0):
        for strictness in (0.2, 0.5, 0.8):
            odds = file_odds(cfg, screening, strictness)
            bad, good = _refusal_probability(cfg, screening, strictness)
            expect = cfg.bad_share * (1 - bad) + (1 - cfg.bad_share) * (1 - good)
            assert abs(odds["approved"] - expect) < 1e-12
            rs, approved, bad_approved = Rs(5), 0, 0
            for _ in range(n):
                terms = decide(cfg, rs, screening, strictness).terms
                if terms is not None:
                    approved += 1
                    bad_approved += terms[1] == cfg.pd_bad
            if approved:
                assert stats.binomtest(bad_approved, approved, odds["bad_in_book"]).pvalue > 0.001, (
                    screening, strictness, bad_approved / approved, odds["bad_in_book"])


def test_the_first_checks_of_an_investigation_tell_the_most():
    """Precisions of independent checks add, so each further tenth of an investigation removes
    fewer bad loans from the book than the tenth before (at strictness 0.5)."""
    cfg = _cfg()
    bad = [file_odds(cfg, s / 10, 0.5)["bad_in_book"] for s in range(1, 11)]
    gains = [a - b for a, b in zip(bad, bad[1:])]
    assert all(g > 0 for g in gains), bad
    assert all(a > b for a, b in zip(gains, gains[1:])), gains


def test_skipping_the_investigation_approves_more_and_worse_loans():
    """With no investigation a file says little, so at strictness 0.5 nearly every applicant
    looks like the average one and is approved (seeds: "only an income certificate"); a full
    investigation refuses nearly every bad applicant and hardly any good one, so fewer loans
    are approved in all. P(refuse | bad) = 1 − Φ((x* − 1)/σ), P(refuse | good) = 1 − Φ(x*/σ)."""
    cfg = _cfg()
    (bad0, good0), (bad1, good1) = (_refusal_probability(cfg, s, 0.5) for s in (0.0, 1.0))
    approve = lambda bad, good: 1 - cfg.bad_share * bad - (1 - cfg.bad_share) * good  # noqa: E731
    assert approve(bad0, good0) > 0.9 and bad0 < 0.15
    assert bad1 > 0.99 and good1 < 0.01
    assert approve(bad1, good1) < approve(bad0, good0)


def test_strict_managers_never_breach_the_lending_rule():
    """The rule refuses a file whose signal is above the midpoint between good and bad. A
    manager with strictness ≥ 1 − bad_share (0.8) refuses at or below the midpoint, so never
    breaches it; at 0.5 a lax reading of a noisy file does."""
    cfg = _cfg()
    for strictness, breaches_possible in ((0.8, False), (0.9, False), (0.5, True)):
        rs = Rs(11)
        breaches = sum(decide(cfg, rs, 0.3, strictness)[1] for _ in range(2000))
        assert (breaches > 0) == breaches_possible


def test_provision_rates():
    cfg = _cfg()
    assert {c: provision_rate(c, cfg) for c in CLASSES} == RATE


def test_a_good_loan_pays_interest_every_month_and_is_repaid_at_term():
    cfg = _cfg()
    loan, rs = Loan("M1", 120_000.0, 0.0, 0, 12, False), Rs(3)
    flows = [month_step(loan, cfg, rs, 0.5, m) for m in range(12)]
    assert all(f["collected"] == pytest.approx(120_000 * 0.045 / 12) for f in flows)   # 4.5 % a year
    assert [f["repaid"] for f in flows] == [0.0] * 11 + [120_000.0]
    assert loan.state == "repaid" and flows[-1]["on_time"] == 1


def test_an_unmonitored_bad_loan_is_written_off_with_collateral_recovery():
    cfg = _cfg(recovery_base=0.0, write_off_months=24)
    for secured, loss in ((False, 100_000.0), (True, 100_000.0 * LGD_SECURED)):
        loan, rs = Loan("M1", 100_000.0, 1.0, 0, 12, secured), Rs(5)
        flows = [month_step(loan, cfg, rs, 0.0, m) for m in range(24)]   # defaults in month 1, then overdue
        assert [category(o, LADDERS["shipped"]) for o in (1, 3, 6, 12)] == ["special_mention", "substandard",
                                                                          "doubtful", "loss"]
        assert loan.state == "written_off" and loan.overdue == 24
        assert sum(f["written_off"] for f in flows) == 100_000.0
        assert sum(f["loss"] for f in flows) == pytest.approx(loss)
        assert sum(f["unvisited"] for f in flows) == 23   # every overdue month without a visit is a breach
        assert math.isclose(sum(f["collected"] for f in flows), 0.0)
