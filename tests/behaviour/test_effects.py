"""What each pay scheme makes staff do — the direction must come out of the mechanism.

Every scheme file in ``scenarios/schemes/`` runs 24 monthly periods with learning on,
once per seed of ``scheme_runs.seeds_of`` (the same seeds for every scheme: common random
numbers). Nothing in the model is told which way to go: staff try choices near their
current policy, feel their own pay minus effort, work out what their own contract pays for
their habits (foresight: simkit.behaviour.foresight), and move (simkit.behaviour.learning).

Each case compares two schemes on one number averaged over the last six months and
asserts that the paired 95 % Student-t interval of the difference over seeds lies
entirely on the expected side of zero. Eight seeds: with five, the t quantile (2.78)
left medium-sized effects undecided; eight still need a consistent effect — a difference
that flips sign between seeds, or is small next to its spread, fails. The customer
managers' arms run sixteen (scheme_runs.CM_SEEDS says why).

Cases in ``NOT_YET`` do not hold yet with the current learning rule and calibration:
they are run and reported as xfail (XPASS when they start to hold), never silently dropped.

``WITHOUT_FORESIGHT`` is the informativeness result kept as a test: with foresight 0
(staff act only on what their realised payslips show) the customer managers' six effects do
not emerge — a manager's own 30 files and one bad loan a month show too little within years
(simkit learnability; tests/experiment/test_learnability.py).
"""
from __future__ import annotations

import pytest

from helpers import paired_interval

pytestmark = pytest.mark.statistical

LEVEL = 0.95

# (id, scheme, reference, number, +1 if it should be larger under the scheme / -1 smaller)
EFFECTS = [
    # seed 002, Lazear (2000): paid per transaction, tellers speed up
    ("piece-rate/pace", "teller_piece_rate", "fixed_pay", "teller.policy.pace", +1),
    ("piece-rate/service-time", "teller_piece_rate", "fixed_pay", "teller.service_mean", -1),
    ("piece-rate/error-rate", "teller_piece_rate", "fixed_pay", "teller.error_rate", +1),
    ("piece-rate/waits", "teller_piece_rate", "fixed_pay", "wait_mean", -1),
    # seed 002: each error slip is fined
    ("fines/error-rate", "teller_piece_rate_fines", "teller_piece_rate", "teller.error_rate", -1),
    # seed 002: quotas per product with deductions
    ("sales-quota/pitches", "teller_sales_quota", "fixed_pay", "teller.kpi.pitches", +1),
    ("sales-quota/service-time", "teller_sales_quota", "fixed_pay", "teller.service_mean", +1),
    ("sales-quota/complaints", "teller_sales_quota", "fixed_pay", "complaints", +1),
    # seeds 001/003: volume assessment vs responsibility profit after provisions
    ("deposit-only/screening", "cm_deposit_only", "cm_responsibility_profit", "customer_manager.policy.screening", -1),
    # the seeds' charge against deposit-only pay is that it "ignores risk": investigations become a
    # formality and bad files get through. So whom the approvals let in: the share of approved loans
    # that were bad risks. (Not the share of files approved: shallow screening at the same
    # strictness hardly moves it, 0.800 -> 0.809 from screening 0.6 to 0.2 by loans.file_odds; it
    # rose before the field margins only because managers on responsibility profit grew strict.)
    ("deposit-only/bad-loans", "cm_deposit_only", "cm_responsibility_profit", "bank.bad_share_approved", +1),
    ("deposit-only/npl", "cm_deposit_only", "cm_responsibility_profit", "bank.npl_ratio_end", +1),
    ("loan-volume/screening", "cm_loan_volume", "cm_responsibility_profit", "customer_manager.policy.screening", -1),
    ("loan-volume/loans", "cm_loan_volume", "cm_responsibility_profit", "bank.approval_rate", +1),
    ("loan-volume/npl", "cm_loan_volume", "cm_responsibility_profit", "bank.npl_ratio_end", +1),
    # one product carries the bonus (against the same ¥30 on every product)
    ("bonus-product/fund-share", "teller_bonus_product", "teller_equal_commission", "teller.fund_share", +1),
    *[(f"bonus-product/{p}-sales", "teller_bonus_product", "teller_equal_commission", f"teller.kpi.sales.{p}", -1)
      for p in ("wealth", "insurance", "credit_card", "online_banking")],
    # seed 001's differential rent
    ("adjusted-targets/portfolio-r2", "cm_portfolio_adjusted", "cm_portfolio_absolute", "cm.portfolio_r2", -1),
    # Holmström & Milgrom (1991): the paid task crowds out the unpaid one
    ("lobby-sales/selling", "lobby_sales", "fixed_pay", "lobby_manager.policy.selling", +1),
    ("lobby-sales/triaged", "lobby_sales", "fixed_pay", "lobby_manager.kpi.triaged", -1),
    ("lobby-sales/diverted", "lobby_sales", "fixed_pay", "lobby_manager.kpi.diverted", -1),
    ("lobby-sales/waits", "lobby_sales", "fixed_pay", "wait_mean", +1),
    # seed 002: 20-30 % teller turnover under fines and a low base
    ("heavy-fines/quits", "teller_heavy_fines", "fixed_pay", "teller.quits", +1),
    # free-riding: the same ¥1.5 a transaction shared by five
    ("team-pay/effort", "teller_team_pay", "teller_piece_rate", "teller.effort", -1),
    ("team-pay/pace", "teller_team_pay", "teller_piece_rate", "teller.policy.pace", -1),
]

# Every effect holds at the shipped settings (issue 21's note gives the table).
NOT_YET: set[str] = set()
CM_CASES = {"deposit-only/screening", "deposit-only/bad-loans", "deposit-only/npl",
            "loan-volume/screening", "loan-volume/loans", "loan-volume/npl"}
_REASON = "not established yet: the paired 95 % interval over the seeds still straddles 0"


def _cases():
    for case in EFFECTS:
        marks = [pytest.mark.xfail(reason=_REASON, strict=False)] if case[0] in NOT_YET else []
        yield pytest.param(*case[1:], id=case[0], marks=marks)


def _say(arms, scheme: str, reference: str, key: str, lo: float, hi: float) -> None:
    """Print the comparison (``pytest -s``): each arm's mean over the seeds, the mean paired
    difference and its interval: the figures docs/flip.md quotes from the stored runs."""
    seeds = sorted(arms[scheme])
    a, b = (sum(arms[arm][s][key] for s in seeds) / len(seeds) for arm in (scheme, reference))
    print(f"{key}: {scheme} {a:.4g}, {reference} {b:.4g}, difference {a - b:+.4g} [{lo:+.4g}, {hi:+.4g}], "
          f"{len(seeds)} seeds")


@pytest.mark.parametrize("scheme,reference,key,sign", list(_cases()))
def test_effect(arms, scheme, reference, key, sign):
    lo, hi = paired_interval(arms[scheme], arms[reference], key, LEVEL)
    _say(arms, scheme, reference, key, lo, hi)
    ok = lo > 0 if sign > 0 else hi < 0
    assert ok, (f"{key}: {scheme} − {reference} = [{lo:.4g}, {hi:.4g}] (95 % CI) "
                f"should be {'above' if sign > 0 else 'below'} 0")


def test_not_yet_names_real_cases():
    assert NOT_YET <= {c[0] for c in EFFECTS} and CM_CASES <= {c[0] for c in EFFECTS}


@pytest.mark.parametrize("case", sorted(CM_CASES))
def test_without_foresight_the_lending_effects_do_not_emerge(arms, case):
    """Foresight 0: the paired interval of each customer-manager effect straddles 0 — the
    schemes' managers lend alike, because no scheme's realised pay shows a manager what a
    credit habit does within the horizon (issue 4's finding)."""
    from scheme_runs import AT_ZERO
    _, scheme, reference, key, _ = next(c for c in EFFECTS if c[0] == case)
    lo, hi = paired_interval(arms[scheme + AT_ZERO], arms[reference + AT_ZERO], key, LEVEL)
    _say(arms, scheme + AT_ZERO, reference + AT_ZERO, key, lo, hi)
    assert lo < 0 < hi, f"{key} at foresight 0: {scheme} − {reference} = [{lo:.4g}, {hi:.4g}] excludes 0"


SETTLE_MEAN, SETTLE_MAX = 0.05, 0.25  # shares of a choice's range over the last six months


# Schemes whose noisiest choices still move more than the tolerance in some seed (last full run).
# None: lobby managers on sales pay, the last to settle, move at most 0.248 of a range (0.038 on
# average) over the last six months; responsibility-profit managers at most 0.197.
SETTLE_NOT_YET: set[str] = set()


def _settle(arms, which: str, only=None) -> dict:
    return {(a, s): round(v[which], 3) for a, by_seed in arms.items() for s, v in by_seed.items()
            if only is None or a == only}


def _arm_params():
    from scheme_runs import ARMS
    for arm in ARMS:
        marks = [pytest.mark.xfail(reason="not yet: this scheme's policies still move over months 18-24 "
                                          "by more than the tolerance in some seed (see issue 4's note)",
                                   strict=False)] if arm in SETTLE_NOT_YET else []
        yield pytest.param(arm, id=arm, marks=marks)


@pytest.mark.parametrize("arm", list(_arm_params()))
def test_learning_settles(arms, arm):
    """Learning steps shrink with tenure (halflife 12 periods), so over months 18-24 the
    policies of people employed throughout move little: on average (over every learned
    choice of everyone in the run) less than 5 % of a choice's range, in every seed."""
    bad = {k: m for k, m in _settle(arms, "settle_mean", arm).items() if m >= SETTLE_MEAN}
    assert not bad, f"mean policy move over the last six months at or above {SETTLE_MEAN}: {bad}"


def test_not_yet_settling_names_real_schemes():
    from scheme_runs import ARMS
    assert SETTLE_NOT_YET <= set(ARMS)


@pytest.mark.parametrize("arm", list(_arm_params()))
def test_no_choice_still_wanders(arms, arm):
    """The stricter reading: no single person's choice moves 25 % of its range or more in months 18-24."""
    bad = {k: m for k, m in _settle(arms, "settle_max", arm).items() if m >= SETTLE_MAX}
    assert not bad, f"largest policy move over the last six months at or above {SETTLE_MAX}: {bad}"
