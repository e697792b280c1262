"""The labour market: who leaves a post, and who takes it, as pay and ability say.

Three parts, each the same for every role and every scheme (settings: ``behaviour.turnover.market``,
``simkit.scenario.models.LabourMarket``; off by default, then quitting and hiring are
``simkit.behaviour.turnover``'s):

* **An outside option that rises with ability.** A person of ability ``a`` (the geometric mean
  of speed, accuracy and selling) could earn ``outside_option[role] × a ** elasticity`` a month
  elsewhere, net of effort (``market.outside_option``, in place of ``turnover.outside_option``).
  Fixed pay pays everyone alike, so it is worth least to the ablest: they leave and do not
  come; pay that rises with output keeps and draws them (Lazear 2000,
  "Performance pay and productivity", AER 90:1346-1361: half of Safelite's gain was selection).
* **A quit hazard that rises smoothly with the shortfall.** With the shortfall
  ``x = (outside − utility a month) / outside``, the chance a month of quitting is the role's base
  rate at or above the outside option (``x ≤ 0``), and above it rises along a logistic curve
  in ``x`` (midpoint ``half_shortfall``, slope ``steepness``) towards ``max_quit``, rescaled so
  it starts at the base exactly: ¥3,400 against ¥3,500 barely adds to the base, ¥232 against
  ¥3,500 is near the most. Over a period of ``m`` months the chance is ``1 − (1 − h)^m``.
* **Applicants who sort by the scheme.** A vacant post is offered to applicants one after
  another, abilities drawn as for any new hire (lognormal around 1). Each accepts if the pay they
  expect at their ability, minus the role's effort cost at its starting habits, beats their
  outside option. The expected pay comes from the scheme itself, through the real pay code
  (``simkit.pay.pay_period``, then the wage rules if on), on the role's mean indicators of
  the period just closed, with the output-like ones scaled by the applicant's ability relative to
  the role's mean ability (``SCALED``), over a first year of such periods (so annual ratings
  and settlements count). Approximation, stated: an applicant reads the posted scheme and what
  the role's staff did last period and expects to do as much as their ability allows, in
  proportion, every period of the year; in a branch where demand limits transactions that is
  more than a fast teller would get, as a job advertisement promises more than a queue
  delivers. Balances and loan outcomes stay with the post (its clients and book) and are not
  scaled. Pay counts whether paid in the year or still held back at its end.
  The number of offers until one is accepted sets how long the post stays vacant
  (``offers / applicants_per_month`` months); after ``max_applicants`` offers the bank takes the
  candidate who liked the post most. The post is covered meanwhile (by colleagues, at the
  hire's own ability): the vacancy's length is recorded, not simulated.

Pure and deterministic given a numpy Generator: the functions read the settings and the draws
they are given and change only a ``simkit.behaviour.turnover.Tenure``'s count of months
below the outside option.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..pay import PayLedger, PayScheme, pay_period, wage_rules
from ..scenario.models import Ability
from .turnover import Tenure, new_hire_ability

#: indicator -> {ability: power}: how an applicant's ability scales what the role's staff measured.
#: Transactions rise with speed; errors with transactions and with 1 / accuracy (the branch's error
#: chance is divided by accuracy, simkit.branch.servers); sales and fees with selling.
SCALED = {
    "transactions": {"speed": 1.0},
    "errors": {"speed": 1.0, "accuracy": -1.0},
    "sales": {"selling": 1.0},
    "sales_amount": {"selling": 1.0},
    "fee_income": {"selling": 1.0},
}
#: the same for indicators named by prefix (one product's sales or fees)
SCALED_PREFIX = {"sales.": {"selling": 1.0}, "sales_amount.": {"selling": 1.0}}
#: (stated reason) ¥ a month below which an outside option counts as ¥1 when it divides the
#: shortfall: a scenario may set an outside option of 0, and the share must stay finite
MIN_OUTSIDE_YUAN = 1.0
#: the name a payslip for an applicant is made under
APPLICANT = "applicant"


@dataclass(frozen=True, slots=True)
class Offer:
    """What a vacant post offers: the role's scheme and wage rules, the role's mean indicators of
    the period just closed and the mean ability they were made at, and the effort cost (¥ a month)
    of the role's starting habits, for a period of ``months`` months."""

    role: str
    scheme: PayScheme
    indicators: Mapping[str, float]
    reference: Ability
    effort: float
    months: int
    rules: wage_rules.WageRules


@dataclass(frozen=True, slots=True)
class Hire:
    """Who took a post: their ability, the offers made (this one included), the months the post
    stayed vacant, and whether they accepted (False: the bank took the best after the last offer)."""

    ability: Ability
    applicants: int
    vacancy_months: float
    accepted: bool


def general_ability(ability: Ability) -> float:
    """One number for what another employer pays for: the geometric mean of speed, accuracy, selling."""
    return (ability.speed * ability.accuracy * ability.selling) ** (1.0 / 3.0)


def outside_option(base: float, ability: Ability, market) -> float:
    """¥ a month a person of ``ability`` could get elsewhere (net of effort), ``base`` at ability 1."""
    return base * general_ability(ability) ** market.ability_elasticity


def _logistic(z: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow for any z


def hazard(shortfall: float, role: str, market) -> float:
    """The chance a month of quitting at ``shortfall`` (a share of the outside option; ≤ 0 at or
    above it): the role's base rate up to 0, then a logistic rise to ``max_quit``, rescaled so it
    starts at the base (continuous at 0, increasing, smooth above it)."""
    base = market.base_quit.of(role)
    if shortfall <= 0.0:
        return base
    start = _logistic(-market.steepness * market.half_shortfall)
    rise = (_logistic(market.steepness * (shortfall - market.half_shortfall)) - start) / (1.0 - start)
    return base + (market.max_quit - base) * rise


def shortfall(utility_a_month: float, outside: float) -> float:
    """How far utility (¥ a month) falls below the outside option, as a share of it (< 0 above it)."""
    return (outside - utility_a_month) / max(outside, MIN_OUTSIDE_YUAN)


def quit_chance(utility_a_month: float, outside: float, role: str, market, months: int = 1) -> float:
    """The chance of quitting over a period of ``months`` months at a steady utility a month."""
    return 1.0 - (1.0 - hazard(shortfall(utility_a_month, outside), role, market)) ** months


def quits(tenure: Tenure, utility: float, member, turnover, u: float, months: int = 1) -> bool:
    """Whether ``member`` (a role and an ability) quits after a period of ``months`` months with
    ``utility`` (¥ for the whole period); ``u`` is a uniform draw. With the market off, exactly
    ``Tenure.quits`` (patience, then ``quit_prob``); on, the smooth hazard at the person's
    own outside option. ``tenure.below`` counts months below it either way."""
    if not turnover.market.enabled:
        return tenure.quits(utility, turnover.outside_option[member.role], turnover, u, months)
    outside = outside_option(turnover.market.outside_option.of(member.role), member.ability, turnover.market)
    tenure.below = tenure.below + months if utility < outside * months else 0
    return u < quit_chance(utility / months, outside, member.role, turnover.market, months)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def role_offer(role: str, kpis: Mapping[str, Mapping], people: Mapping, pay, effort: float, months: int) -> Offer:
    """The offer of a vacant ``role`` post: the mean of the indicators (numbers only; one not
    measured for a post counts 0) and of the abilities of the role's posts in ``people`` (post ->
    member), ``pay`` the scenario's pay section, ``effort`` ¥ a month at the starting habits."""
    posts = [post for post, member in people.items() if member.role == role]
    names = sorted({name for post in posts for name, v in kpis[post].items() if isinstance(v, (int, float))})
    indicators = {name: _mean([float(kpis[post].get(name, 0.0)) for post in posts]) for name in names}
    reference = Ability(**{part: _mean([getattr(people[post].ability, part) for post in posts])
                           for part in ("speed", "accuracy", "selling")})
    return Offer(role, pay.of(role), indicators, reference, effort, months, pay.rules)


def offers(people: Mapping, kpis: Mapping[str, Mapping], pay, efforts: Mapping[str, float], months: int) -> dict:
    """Each role's ``role_offer`` (role -> ``Offer``) for the roles in ``people``, with
    ``efforts`` ¥ a month by role at its starting habits. Made before anyone of the period is
    replaced, so the indicators and the abilities they were made at belong together."""
    roles = sorted({member.role for member in people.values()})
    return {role: role_offer(role, kpis, people, pay, efforts[role], months) for role in roles}


def _scale(name: str) -> dict[str, float]:
    if name in SCALED:
        return SCALED[name]
    return next((powers for prefix, powers in SCALED_PREFIX.items() if name.startswith(prefix)), {})


def applicant_indicators(offer: Offer, ability: Ability) -> dict[str, float]:
    """The role's indicators as an applicant of ``ability`` expects them (``SCALED``)."""
    out = {}
    for name, value in offer.indicators.items():
        factor = 1.0
        for part, power in _scale(name).items():
            factor *= (getattr(ability, part) / getattr(offer.reference, part)) ** power
        out[name] = value * factor
    return out


def expected_pay(offer: Offer, ability: Ability) -> float:
    """¥ a month an applicant of ``ability`` expects to earn at the post: the real pay code (and
    the wage rules) on ``applicant_indicators`` for every period of a first year alike, what
    it pays plus what it still holds back at the year's end, so annual ratings, half-yearly
    settlements and deferred pay count as they fall due."""
    kpis = {APPLICANT: applicant_indicators(offer, ability)}
    per_year = max(1, 12 // offer.months)
    ledger, paid = PayLedger(), 0.0
    for period in range(per_year):
        slips, ledger = pay_period({APPLICANT: offer.scheme}, kpis, period, ledger, per_year)
        paid += wage_rules.apply(slips[APPLICANT], offer.rules, offer.months).total
    return (paid + ledger.owed(APPLICANT)) / (per_year * offer.months)


def surplus(offer: Offer, ability: Ability, turnover) -> float:
    """¥ a month the post is worth to an applicant of ``ability`` above their outside option."""
    outside = outside_option(turnover.market.outside_option.of(offer.role), ability, turnover.market)
    return expected_pay(offer, ability) - offer.effort - outside


def hire(old: Ability, offer: Offer | None, turnover, rng) -> Hire:
    """Who takes a vacant post whose last holder had ``old`` (connections and portfolio stay with
    the post). With the market off (or no ``offer``), one new hire exactly as
    ``simkit.behaviour.turnover.new_hire_ability`` draws them; on, offers until one accepts
    (surplus > 0), or after ``max_applicants`` the candidate with the largest surplus."""
    market = turnover.market
    if not market.enabled or offer is None:
        return Hire(new_hire_ability(old, turnover, rng), 1, 0.0, True)
    best: tuple[float, Ability] | None = None
    for n in range(1, market.max_applicants + 1):
        ability = new_hire_ability(old, turnover, rng)
        gain = surplus(offer, ability, turnover)
        if gain > 0.0:
            return Hire(ability, n, n / market.applicants_per_month, True)
        if best is None or gain > best[0]:
            best = (gain, ability)
    n = market.max_applicants
    return Hire(best[1], n, n / market.applicants_per_month, False)
