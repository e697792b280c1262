"""The documented ranges of the behavioural defaults a researcher would vary.

``RANGES`` maps a scenario field's dotted override path (as ``with_overrides``, ``simkit sweep``
and ``simkit sensitivity --factor`` take it) to ``Range(low, high, reason)``: the span over which
the default is plausible, with the source or the stated reason for each end. It is the one place
``simkit sensitivity`` reads a factor's range from, so a table of indices always says over what
the model was varied (docs/experiments.md, "Sensitivity").

Most behavioural defaults are stated reasons, not measurements (docs/methods.md §8: the effort
costs, the learning rule's step and spread, the market's quit curve). Where nothing bounds such a
default the range is half to double it: a factor of two either way is the precision a stated
reason claims (an order of magnitude, not a digit), and it keeps a cost positive and a rate
inside its field's limits. Where a source gives a span, the span is used. Weights defined on
0 to 1 (foresight, effort substitution) take their whole domain. Whole-number fields (patience,
max_applicants) are left out: the global methods sample continuous values.
"""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["Range", "RANGES", "HALF_TO_DOUBLE"]

#: the reason given for a default with no source bounding it (module docstring)
HALF_TO_DOUBLE = ("stated reason with no source (docs/methods.md §8); half to double the default, the precision "
                  "a stated reason claims")


class Range(NamedTuple):
    """A factor's plausible span: ``low`` to ``high``, and why (a source or a stated reason)."""

    low: float
    high: float
    reason: str


def _half_to_double(default: float, what: str) -> Range:
    return Range(default / 2, default * 2, f"{what}: default {default:g}; {HALF_TO_DOUBLE}")


def _effort_costs() -> dict[str, Range]:
    """Every learnable choice's effort cost at the top of its range (models.py: TellerRanges,
    LobbyRanges, ManagerRanges). A customer manager's strictness costs nothing by definition
    (saying no takes no effort) and is left out."""
    defaults = {"teller": {"pace": 2000.0, "pitch": 1500.0, "care": 1000.0},
                "lobby_manager": {"diversion": 1000.0, "referral": 800.0, "selling": 1200.0},
                "customer_manager": {"outside": 2500.0, "pitch": 800.0, "screening": 2000.0, "monitoring": 1500.0}}
    return {f"behaviour.choices.{role}.{choice}.cost": _half_to_double(cost, f"{role}'s {choice} effort cost (¥ a "
                                                                              "month at the top of its range)")
            for role, costs in defaults.items() for choice, cost in costs.items()}


def _yearly_to_monthly(yearly: float) -> float:
    """A chance a month that compounds to ``yearly`` over twelve months."""
    return 1 - (1 - yearly) ** (1 / 12)


_LEARNING = {
    "behaviour.learning.rate": _half_to_double(0.6, "the learning step at hiring"),
    "behaviour.learning.exploration": _half_to_double(0.6, "the spread of trial choices (logit units)"),
    "behaviour.learning.halflife": _half_to_double(12.0, "months of tenure after which steps are halved"),
    "behaviour.learning.discount": Range(0.90, 0.99, "monthly discount: default 0.97; 0.90 (a year's pay worth "
                                         "28 % now: impatient) to 0.99 (89 %: near indifference), the span of "
                                         "monthly discount factors in field estimates (Frederick, Loewenstein & "
                                         "O'Donoghue 2002, J. Econ. Lit. 40:351-401, Table 1)"),
    "behaviour.learning.trace": Range(0.2, 0.8, "eligibility-trace decay: default 0.5; 0.2 (a choice answers for "
                                      "about one month's pay) to 0.8 (about five), stated reason: the span between "
                                      "a payslip read alone and a quarter's"),
    "behaviour.learning.memory": Range(0.70, 0.95, "weight kept on earlier evidence: default 0.85 (about a year); "
                                       "0.70 (an effective (1 + m)/(1 - m) of 6 months) to 0.95 (39 months), stated "
                                       "reason: from a half-year to a three-year review"),
    "behaviour.learning.prior_loan_years": _half_to_double(20.0, "training's weight on default rates "
                                                           "(loan-years per band)"),
    **{f"behaviour.learning.foresight.{role}": Range(0.0, 1.0, f"{role}'s foresight: default 1; its whole domain, "
                                                     "from acting only on payslips (0) to on the scheme's formula "
                                                     "in full (1)")
       for role in ("teller", "lobby_manager", "customer_manager")},
    "behaviour.effort_substitution": Range(0.0, 1.0, "default 0.5; its whole domain, from separate effort costs (0) "
                                           "to Holmstrom & Milgrom's (1991) cost of total effort (1)"),
}

# turnover: seed 002's 20-30 % a year for tellers under pressure bounds the chance a month of quitting
# once patience is out; 5-15 % a year bounds the market's base rate (15 %: press reports of
# 前程无忧's all-industry survey, an upper bound for bank posts; 5 %: a third of it, stated reason)
_TURNOVER = {
    "behaviour.turnover.quit_prob": Range(_yearly_to_monthly(0.20), _yearly_to_monthly(0.30),
                                          "chance a month of quitting below the outside option: default 0.025; "
                                          "20-30 % a year, seed 002's teller turnover under pressure"),
    **{f"behaviour.turnover.outside_option.{role}": Range(default * 0.9, default * 1.1,
                                                          f"{role}'s outside option (¥ a month): default {default:g}; "
                                                          "±10 %, stated reason: about the 9 % margin of fixed pay "
                                                          "over it (models.py: RoleOutside), so the range runs from "
                                                          "comfortably above to just below the job")
       for role, default in (("teller", 3500.0), ("lobby_manager", 3800.0), ("customer_manager", 5000.0))},
    **{f"behaviour.turnover.market.base_quit.{role}": Range(_yearly_to_monthly(0.05), _yearly_to_monthly(0.15),
                                                            f"{role}'s base chance a month of quitting with the "
                                                            "market on: default 0.0087 (10 % a year); 5-15 % a "
                                                            "year (see the comment above _TURNOVER)")
       for role in ("teller", "lobby_manager", "customer_manager")},
    **{f"behaviour.turnover.market.outside_option.{role}": Range(default * 0.9, default * 1.1,
                                                                 f"{role}'s market outside option at ability 1: "
                                                                 f"default {default:g}; ±10 %, the 9 % margin of "
                                                                 "fixed pay over it (models.py: RoleOutside)")
       for role, default in (("teller", 3500.0), ("lobby_manager", 3465.0), ("customer_manager", 2140.0))},
    "behaviour.turnover.market.max_quit": _half_to_double(0.20, "chance a month of quitting far below the outside "
                                                          "option"),
    "behaviour.turnover.market.half_shortfall": _half_to_double(0.20, "shortfall at which quitting is halfway up"),
    "behaviour.turnover.market.steepness": _half_to_double(15.0, "how fast quitting rises with the shortfall"),
    "behaviour.turnover.market.ability_elasticity": Range(0.0, 1.0, "default 0.5; 0 (employers elsewhere do not see "
                                                          "ability) to 1 (they see it fully), Gibbons & Katz 1991, "
                                                          "J. Labor Econ. 9:351-380"),
    "behaviour.turnover.ability_sd": _half_to_double(0.15, "spread of new hires' abilities (lognormal sd)"),
}

# loan demand that answers the manager (off by default: these matter only with bank.loans.demand.enabled)
_LOAN_DEMAND = {
    "bank.loans.demand.marginal_pool": _half_to_double(8.0, "would-be applicants a manager-month if sure of "
                                                       "approval"),
    "bank.loans.demand.marginal_bad_share": Range(0.2, 0.8, "share of bad risks among marginal applicants: default "
                                                  "0.5; from the ordinary applicants' share (0.2: no adverse "
                                                  "selection, Stiglitz & Weiss 1981, AER 71(3)) to four times it"),
    "bank.loans.demand.reputation_months": _half_to_double(6.0, "the market's memory of a manager's approvals, in "
                                                           "months"),
    "bank.loans.demand.size_slope": Range(0.0, 2 * 0.2795, "log-slope of loan size in strictness: default "
                                          "ln(1.15)/0.5; from no size effect to twice Agarwal & Ben-David's (2018) "
                                          "+15 %"),
    "bank.loans.demand.size_risk": Range(0.0, 2.0, "elasticity of a loan's default probability in its size: from "
                                         "none to twice the field value 1 (default risk in proportion to the "
                                         "debt-service burden; docs/loans.md)"),
}

#: override path -> Range(low, high, reason): every behavioural default ``simkit sensitivity`` may vary
RANGES: dict[str, Range] = {**_effort_costs(), **_LEARNING, **_TURNOVER, **_LOAN_DEMAND}
