"""The labour market on its own: the quit hazard's known answers, the outside option by ability,
and applicants who sort by the scheme (simkit.behaviour.labour).

Statistical checks use fixed seeds and intervals from the statistics: a share of ``n`` people
is compared with its exact value by the binomial's normal interval at 99.9 % (z = 3.29), and a
difference of two means by Welch's normal interval at 99.9 %.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simkit.behaviour import labour
from simkit.behaviour.turnover import Tenure, new_hire_ability
from simkit.pay import PayScheme
from simkit.pay.wage_rules import WageRules
from simkit.scenario.models import Ability, LabourMarket, Turnover

Z = 3.29  # two-sided 99.9 % normal quantile
MARKET = LabourMarket(enabled=True)
ON = Turnover(market=MARKET)
OFF = Turnover()  # the market off: patience 3 months, then 2.5 % a month


class Member:
    """What the labour market reads of a member of staff: their role and ability."""

    def __init__(self, role: str = "teller", ability: Ability | None = None):
        self.role, self.ability = role, ability or Ability()


def year_turnover(utility_a_month: float, n: int, seed: int, turnover=ON) -> float:
    """Share of ``n`` tellers of ability 1 at a steady utility who quit within 12 monthly draws."""
    rng = np.random.Generator(np.random.PCG64(seed))
    member, left = Member(), 0
    for _ in range(n):
        tenure = Tenure()
        left += any(labour.quits(tenure, utility_a_month, member, turnover, float(rng.random())) for _ in range(12))
    return left / n


@pytest.mark.parametrize("utility", [3500.0, 3400.0, 3150.0, 232.0])
def test_a_year_at_a_steady_utility_ends_in_quitting_as_the_hazard_says(utility):
    """Over 12 months at hazard h a month, 1 − (1 − h)^12 of people leave (seed 20261207)."""
    n = 20_000
    h = labour.hazard(labour.shortfall(utility, 3500.0), "teller", MARKET)
    expect = 1.0 - (1.0 - h) ** 12
    half = Z * math.sqrt(expect * (1.0 - expect) / n)
    assert abs(year_turnover(utility, n, seed=20261207) - expect) < half


def test_the_base_rate_is_a_tenth_a_year_and_far_below_the_outside_option_most_leave():
    assert 1.0 - (1.0 - labour.hazard(0.0, "teller", MARKET)) ** 12 == pytest.approx(0.0995, abs=5e-4)
    assert labour.hazard(labour.shortfall(232.0, 3500.0), "teller", MARKET) == pytest.approx(MARKET.max_quit, rel=1e-3)
    # ¥3,400 against ¥3,500 quits far more slowly than ¥232 against ¥3,500
    assert labour.quit_chance(3400.0, 3500.0, "teller", MARKET, 12) < 0.2 < 0.9 < labour.quit_chance(
        232.0, 3500.0, "teller", MARKET, 12)


def test_a_period_of_m_months_quits_as_m_months_do():
    h = labour.hazard(labour.shortfall(3000.0, 3500.0), "teller", MARKET)
    p3 = 1.0 - (1.0 - h) ** 3
    for u, expect in ((p3 - 1e-9, True), (p3 + 1e-9, False)):
        assert labour.quits(Tenure(), 3 * 3000.0, Member(), ON, u, months=3) is expect


@settings(max_examples=300, deadline=None)
@given(a=st.floats(-5.0, 5.0), b=st.floats(-5.0, 5.0), steep=st.floats(0.1, 1000.0), half=st.floats(0.0, 1.0),
       top=st.floats(0.01, 1.0))
def test_the_hazard_rises_with_the_shortfall_and_stays_a_probability(a, b, steep, half, top):
    market = LabourMarket(enabled=True, steepness=steep, half_shortfall=half, max_quit=top)
    low, high = sorted((a, b))
    h_low, h_high = labour.hazard(low, "teller", market), labour.hazard(high, "teller", market)
    assert market.base_quit.teller <= h_low <= h_high <= top


def test_the_hazard_is_continuous_at_the_outside_option():
    base = MARKET.base_quit.teller
    assert labour.hazard(1e-9, "teller", MARKET) == pytest.approx(base, abs=1e-8)
    assert labour.hazard(-1.0, "teller", MARKET) == base


@settings(max_examples=200, deadline=None)
@given(a=st.floats(0.05, 5.0), b=st.floats(0.05, 5.0), elasticity=st.floats(0.01, 3.0))
def test_the_outside_option_rises_with_ability(a, b, elasticity):
    market = LabourMarket(enabled=True, ability_elasticity=elasticity)
    low, high = sorted((a, b))
    lo = labour.outside_option(3500.0, Ability(speed=low, accuracy=low, selling=low), market)
    hi = labour.outside_option(3500.0, Ability(speed=high, accuracy=high, selling=high), market)
    assert lo <= hi and (low == high or lo < hi)
    assert labour.outside_option(3500.0, Ability(), market) == pytest.approx(3500.0)


def test_with_the_market_off_quitting_and_hiring_are_exactly_the_old_rules():
    """The same answers and the same draws from the generator: results stay bit-identical."""
    rng_old, rng_new = (np.random.Generator(np.random.PCG64(7)) for _ in range(2))
    old, new = Tenure(), Tenure()
    for utility in (3000.0, 3000.0, 3000.0, 3000.0, 3600.0, 2000.0) * 5:
        u = float(rng_old.random())
        assert labour.quits(new, utility, Member(), OFF, float(rng_new.random())) == old.quits(utility, 3500.0, OFF, u)
        assert new.below == old.below
    start = Ability(connections=5.0, portfolio=2.0)
    hired = labour.hire(start, None, OFF, rng_new)
    assert hired.ability == new_hire_ability(start, OFF, rng_old)
    assert (hired.applicants, hired.vacancy_months) == (1, 0.0)
    assert rng_new.random() == rng_old.random()


# --- applicants: sorting at entry -------------------------------------------------------------
#: a teller post whose staff did 1,500 transactions and 20 errors last month at ability 1, no
#: effort cost; both schemes pay ¥3,500 at ability 1, the outside option there
FIXED = PayScheme.model_validate({"components": [{"kind": "fixed", "base": 3000.0, "position": 500.0}]})
PIECE = PayScheme.model_validate({"components": [{"kind": "fixed", "base": 1500.0, "position": 500.0},
                                                 {"kind": "piece_rate", "per_transaction": 1.0}]})


def offer(scheme: PayScheme, rules: WageRules | None = None) -> labour.Offer:
    return labour.Offer("teller", scheme, {"transactions": 1500.0, "errors": 20.0, "deposit_balance_end": 1e6},
                        Ability(), 0.0, 1, rules or WageRules())


def hires(scheme: PayScheme, n: int, seed: int, turnover=ON) -> list[labour.Hire]:
    rng = np.random.Generator(np.random.PCG64(seed))
    post = offer(scheme)
    return [labour.hire(Ability(), post, turnover, rng) for _ in range(n)]


def test_expected_pay_is_the_scheme_evaluated_at_the_applicants_output():
    fast = Ability(speed=1.2, accuracy=0.8)
    assert labour.applicant_indicators(offer(PIECE), fast) == pytest.approx(
        {"transactions": 1800.0, "errors": 20.0 * 1.2 / 0.8, "deposit_balance_end": 1e6})
    assert labour.expected_pay(offer(PIECE), fast) == pytest.approx(2000.0 + 1800.0)
    assert labour.expected_pay(offer(FIXED), fast) == pytest.approx(3500.0)


def test_expected_pay_counts_an_annual_rating_and_a_settlement_as_they_fall_due():
    """¥30,000 of responsibility profit a month: the monthly tier pays ¥3,000; the year's ¥360,000
    rates grade B, ¥30,000 at year end, ¥2,500 a month. Responsibility-profit pay at 8 % is ¥2,400
    a month, 60 % advanced, the rest settled every half year: ¥2,400 a month over the year."""
    fixed = {"kind": "fixed", "base": 4500.0, "position": 2000.0}
    annual = PayScheme.model_validate({"components": [fixed, {"kind": "monthly_annual"}]})
    profit = PayScheme.model_validate({"components": [fixed, {"kind": "responsibility_profit"}]})
    for scheme, expect in ((annual, 6500.0 + 3000.0 + 2500.0), (profit, 6500.0 + 2400.0)):
        post = labour.Offer("customer_manager", scheme, {"responsibility_profit": 30_000.0}, Ability(), 0.0, 1,
                            WageRules())
        assert labour.expected_pay(post, Ability()) == pytest.approx(expect)


def test_a_fine_heavy_post_is_worth_the_minimum_wage_when_the_rules_are_on():
    fines = PayScheme.model_validate({"components": [{"kind": "fixed", "base": 1000.0, "position": 0.0},
                                                     {"kind": "piece_rate", "per_transaction": 0.0,
                                                      "fine_per_error": 500.0}]})
    assert labour.expected_pay(offer(fines), Ability()) == pytest.approx(1000.0 - 20 * 500.0)
    assert labour.expected_pay(offer(fines, WageRules(enabled=True)), Ability()) == pytest.approx(2540.0)


def test_a_piece_rate_draws_faster_applicants_than_fixed_pay():
    """Both pay ¥3,500 at ability 1. Fixed pay is worth least to the ablest (their outside option
    is higher), the piece rate pays the fast more: the hires' mean speed differs, 99.9 % interval
    excluding 0, at fixed seeds, and fixed pay hires below-average ability (adverse selection)."""
    n = 2_000
    fixed = np.array([h.ability.speed for h in hires(FIXED, n, seed=11)])
    piece = np.array([h.ability.speed for h in hires(PIECE, n, seed=12)])
    diff = piece.mean() - fixed.mean()
    half = Z * math.sqrt(piece.var(ddof=1) / n + fixed.var(ddof=1) / n)
    assert diff - half > 0.0, f"piece − fixed mean speed {diff:.3f} ± {half:.3f}"
    general = np.array([labour.general_ability(h.ability) for h in hires(FIXED, n, seed=11)])
    assert general.mean() + Z * general.std(ddof=1) / math.sqrt(n) < 1.0


def test_a_vacancy_lasts_as_many_weeks_as_offers_until_one_is_accepted():
    """About half accept at the edge, so offers until acceptance are geometric with mean near 2:
    the vacancy's months are offers / 4 and nobody waits past max_applicants."""
    made = hires(FIXED, 2_000, seed=13)
    assert all(h.vacancy_months == h.applicants / MARKET.applicants_per_month for h in made)
    assert all(1 <= h.applicants <= MARKET.max_applicants for h in made)
    mean = np.mean([h.applicants for h in made])
    assert 1.5 < mean < 3.0


def test_when_nobody_accepts_the_bank_takes_the_keenest_after_the_last_offer():
    poor = PayScheme.model_validate({"components": [{"kind": "fixed", "base": 100.0, "position": 0.0}]})
    rng = np.random.Generator(np.random.PCG64(5))
    hired = labour.hire(Ability(), offer(poor), ON, rng)
    assert not hired.accepted and hired.applicants == MARKET.max_applicants
    rng = np.random.Generator(np.random.PCG64(5))
    drawn = [new_hire_ability(Ability(), ON, rng) for _ in range(MARKET.max_applicants)]
    assert hired.ability == min(drawn, key=labour.general_ability)  # the least able value it most


def test_a_base_rate_above_the_most_is_refused():
    with pytest.raises(ValidationError, match="max_quit"):
        LabourMarket(base_quit={"teller": 0.5, "lobby_manager": 0.01, "customer_manager": 0.01}, max_quit=0.2)
