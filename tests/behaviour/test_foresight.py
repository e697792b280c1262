"""The contract-aware part of the learning rule, against answers computed by hand.

A manager who knows their scheme works out what a habit pays by running the real pay code on
expected indicators (simkit.contract.LoanOutlook; simkit.behaviour.foresight.slope). Here the
branch runs one month, and then the slope of the expected pay of the month's files is worked
out for schemes whose answer can be written down:

* a bonus of ¥R per refused file: R · n · σ · [(1 − π) φ(x*/σ) + π φ((x* − 1)/σ)] per logit
  unit of strictness (below), exactly the fall in expected approvals;
* a score on ¥ lent below its cap: points × ¥ a point / target × d(¥ lent)/dθ; above its cap
  exactly 0 — a manager already past the cap gains nothing from lending more;
* pay that reads nothing the files move (a salary, deposit-only pay): exactly 0.

Where the approval line is ``x* = ½ + σ² (logit(1 − q) − logit(π))`` and strictness
``q = sigmoid(θ)`` on its range [0, 1], ``dx*/dθ = −σ²``, and the approved share is
``P = (1 − π) Φ(x*/σ) + π Φ((x* − 1)/σ)``.
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from simkit.bank.loans import cutoff, noise
from simkit.bank.outlook import LifeTable
from simkit.behaviour.foresight import slope
from simkit.contract import LoanOutlook
from simkit.pay import PayScheme
from simkit.scenario import load_scenario, with_overrides
from simkit.simulation import Simulation

from helpers import SCENARIOS

NO_DEDUCTIONS = {"per_post_maturity": 0.0, "per_other_breach": 0.0, "per_qualitative2": 0.0}  # volume only


@pytest.fixture(scope="module")
def month():
    """One month of the shipped responsibility-profit branch, stopped before anyone learns."""
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"), {"horizon.periods": 2})
    sim = Simulation(sc, seed=9)
    captured = {}
    real = sim._foresee

    def grab(terms, played, log=None):
        captured.update(terms=terms, played=played)
        return real(terms, played, log)

    sim._foresee = grab
    sim.step()
    return sim, captured


def _slopes(month, components: list[dict], post="M1"):
    sim, c = month
    scheme = PayScheme.model_validate({"components": components})
    schemes = {p: scheme if p == post else sim.scenario.pay.of(m.role) for p, m in sim.people.items()}
    terms = replace(c["terms"], schemes=schemes, table=LifeTable(sim.scenario.bank.loans, sim.belief.cure()))
    value = LoanOutlook(terms, post, sim.books.inputs[post], c["played"][post])
    space = sim.spaces["customer_manager"]
    g = slope(space, space.encode(c["played"][post]), c["played"][post], value)
    return dict(zip([n for n, _ in space.dims], g)), sim.books.inputs[post].files["applications"], c["played"][post]


def _approval_density(cfg, choices):
    """σ · [(1 − π) φ(x*/σ) + π φ((x* − 1)/σ)]: minus the slope of approvals per file in θ."""
    sd, x = noise(cfg, choices.screening), cutoff(cfg, choices.screening, choices.strictness)
    pi = cfg.bad_share
    return sd * ((1 - pi) * stats.norm.pdf(x / sd) + pi * stats.norm.pdf((x - 1) / sd))


def test_a_bonus_per_refusal_pays_strictness_as_computed_by_hand(month):
    rate = 300.0
    g, n, ch = _slopes(month, [{"kind": "fixed"}, {"kind": "piece_rate", "indicator": "loan_refusals",
                                                   "per_transaction": rate}])
    want = rate * n * _approval_density(month[0].scenario.bank.loans, ch)
    assert n > 0 and want > 10  # something to find
    # central differences of ±0.1 logit units: error of order 0.1²/6 of the curvature, well under 1 %
    assert g["strictness"] == pytest.approx(want, rel=0.01)
    assert g["outside"] == 0.0 and g["pitch"] == 0.0  # the files do not read these habits


def test_a_score_on_lending_below_its_cap_and_above_it(month):
    cfg = month[0].scenario.bank.loans
    target, points, per_point = 1e12, 60.0, 60.0  # far below the cap: pay is linear in ¥ lent
    below, n, ch = _slopes(month, [{"kind": "fixed"}, {"kind": "quota_scoring", "yuan_per_point": per_point, **NO_DEDUCTIONS,
                                   "targets": [{"indicator": "loans_approved", "target": target, "points": points}]}])
    want = -points * per_point / target * n * cfg.amount_mean * _approval_density(cfg, ch)
    assert below["strictness"] == pytest.approx(want, rel=0.01)
    above, *_ = _slopes(month, [{"kind": "fixed"}, {"kind": "quota_scoring", "yuan_per_point": per_point, **NO_DEDUCTIONS,
                                "targets": [{"indicator": "loans_approved", "target": 1.0, "points": points}]}])
    assert above == dict.fromkeys(above, 0.0)  # capped at 120 %: a file more or less changes nothing


@pytest.mark.parametrize("components", [
    [{"kind": "fixed"}],
    [{"kind": "fixed"}, {"kind": "deposit_only", "rate": 0.0002}],
    [{"kind": "fixed"}, {"kind": "piece_rate", "per_transaction": 3.0}],
], ids=["salary", "deposit-only", "per-transaction"])
def test_pay_that_reads_nothing_the_files_move_foresees_exactly_nothing(month, components):
    g, *_ = _slopes(month, components)
    assert g == dict.fromkeys(g, 0.0)


def test_a_deduction_per_bad_loan_pays_for_care(month):
    """¥3,000 a loan that falls overdue: deeper screening and more strictness both pay, and
    post-loan monitoring does not (it does not change whether a loan falls overdue)."""
    g, *_ = _slopes(month, [{"kind": "fixed"}, {"kind": "piece_rate", "indicator": "loan_defaults",
                                                "per_transaction": 0.0, "fines": {"loan_defaults": 3000.0}}])
    assert g["screening"] > 0 and g["strictness"] > 0
    assert g["monitoring"] == 0.0


def test_responsibility_profit_foresees_the_provisions_of_lax_lending(month):
    """Under the shipped scheme at the starting habits, screening more pays in expectation
    (fewer provisions), and the slope is what the month's pay recorded for the manager."""
    sim, _ = month
    g = sim.foreseen["M1"]
    names = [n for n, _ in sim.spaces["customer_manager"].dims]
    assert g[names.index("screening")] > 0
    row = [r for r in sim.staff_rows if r["post"] == "M1"][0]
    assert row["foreseen.screening"] == pytest.approx(g[names.index("screening")])
    assert math.isfinite(row["foreseen.strictness"])


# --------------------------------------------------------------------------- invented schemes
INVENTED = {
    "salary": [{"kind": "fixed", "base": 3000, "position": 1500}],
    # no seed has these: if habits follow them, they follow the pay, not a scheme's name
    "refusal-bonus": [{"kind": "fixed", "base": 3000, "position": 1500},
                      {"kind": "piece_rate", "indicator": "loan_refusals", "per_transaction": 1500.0}],
    "bad-loan-fine": [{"kind": "fixed", "base": 3000, "position": 1500},
                      {"kind": "piece_rate", "indicator": "loan_defaults", "per_transaction": 0.0,
                       "fines": {"loan_defaults": 3000.0}}],
}
INVENTED_SEEDS = (1, 2, 3, 4, 5, 6)


def _invented(job):
    name, seed = job
    import simkit
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "fixed_pay.yaml"),
                        {"horizon.periods": 12, "pay.customer_manager.components": INVENTED[name]})
    sp = simkit.run(sc, seed=seed).staff_periods
    late = sp[(sp["role"] == "customer_manager") & (sp["period"] >= 9)]
    return name, seed, {c: float(late[f"policy.{c}"].mean()) for c in ("screening", "strictness")}


@pytest.fixture(scope="module")
def invented():
    from concurrent.futures import ProcessPoolExecutor
    out = {n: {} for n in INVENTED}
    with ProcessPoolExecutor(2) as ex:
        for name, seed, v in ex.map(_invented, [(n, s) for n in INVENTED for s in INVENTED_SEEDS]):
            out[name][seed] = v
    return out


@pytest.mark.parametrize("scheme,choice", [("refusal-bonus", "strictness"), ("bad-loan-fine", "screening"),
                                           ("bad-loan-fine", "strictness")])
def test_an_invented_scheme_moves_habits_the_way_its_pay_says(invented, scheme, choice):
    """12 months, six seeds, against the same managers on a salary: paid per refusal, managers
    grow stricter; fined per loan that goes bad, they screen deeper and refuse more. The paired
    95 % interval of the difference in the policy over months 10-12 must lie above 0."""
    from helpers import paired_interval
    lo, hi = paired_interval(invented[scheme], invented["salary"], choice, 0.95)
    assert lo > 0, f"{choice}: {scheme} − salary = [{lo:.3f}, {hi:.3f}]"


def test_the_risk_of_a_larger_loan_is_foreseen():
    """With loan demand on, leniency lends more a loan (``loans.loan_size``); under responsibility
    profit at the starting habits (strictness 0.5, a loan of the mean size) the expected loss on
    a loan of size s is ``s^(1 + size_risk)`` times the borrower's, so its fall with strictness
    is ``(1 + size_risk)`` times the fall in size: the foreseen slope in strictness rises with
    ``size_risk`` (the same month, the same files: for M1 at seed 9, −580, −198 and +189 ¥ a logit
    unit at 0, 1 and 2; ``-s`` prints them). With loan size fixed (``size_slope`` 0) strictness
    pays (+118): the pull toward leniency at ``size_risk`` 0 is the size margin's."""
    def foreseen(**demand) -> float:
        sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"),
                            {"horizon.periods": 2, "bank.loans.demand.enabled": True,
                             **{f"bank.loans.demand.{k}": v for k, v in demand.items()}})
        sim = Simulation(sc, seed=9)
        sim.step()
        names = [n for n, _ in sim.spaces["customer_manager"].dims]
        return float(sim.foreseen["M1"][names.index("strictness")])

    slopes = [foreseen(size_risk=size_risk) for size_risk in (0.0, 1.0, 2.0)]
    fixed_size = foreseen(size_slope=0.0)
    print("foreseen strictness slopes at size_risk 0, 1, 2:", [round(g) for g in slopes],
          "; loan size fixed:", round(fixed_size))
    assert slopes[0] < slopes[1] < slopes[2], slopes
    assert slopes[0] < 0 < fixed_size, (slopes[0], fixed_size)
