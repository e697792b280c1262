"""The compensation and assessment schemes of the seed documents, one component each.

A person's pay scheme is ``base + position + any number of components``. Each component
is a pydantic model (so it is validated in the scenario file) with one method,
``lines(kpis, ctx, held)``, a pure function of the period's indicators that returns
payslip lines with the arithmetic written out. ``held`` is the person's ledger of pay
earned but not yet paid (deferred settlement, annual parts); components that defer pay
read and update their own entry in it. A component whose pay reads colleagues' indicators
(a team pool, a tournament) says so by its ``peer_scope``, and ``pay_period`` hands their
indicators over in ``PayContext.peers``. Every component is registered by its ``kind``
(``simkit.pay.registry``), so a scheme may also name a plug-in's components (``simkit.pay.plugins``).

Sources: seed 002 (teller piece rate, fines, quotas), seed 001 (responsibility profit,
loan-loss provisions, differential rent, balanced scorecard, monthly/annual split, team
assessment), seed 003 (quota-completion scoring and point deductions).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import limits  # the upper bounds, each with its reason (limits imports nothing)
from .indicators import VINTAGES, get
from .payslip import PayLine, yuan
from .registry import Component, register_component

# keys of a person's ledger (``held``, see PayLedger): responsibility-profit pay held back for
# the settlement (signed: a loss month takes from it), and running totals that are not money owed
OWED, ADVANCED = "responsibility_profit", "responsibility_profit_advanced"
TALLIES = ("annual_indicator", ADVANCED)
TALLY = "tally:"  # a ledger key that starts with this is a running total a component keeps, not money owed


def is_tally(key: str) -> bool:
    """Whether ledger entry ``key`` is a running total (not pay owed to the person)."""
    return key in TALLIES or key.startswith(TALLY)


NonNeg = Annotated[float, Field(ge=0.0)]
# bounded kinds of number; each bound and its reason is in simkit.limits
Yuan = Annotated[float, Field(ge=0.0, le=limits.MAX_PAY_YUAN)]  # ¥ of pay, a fine or a pool
Balance = Annotated[float, Field(ge=0.0, le=limits.MAX_BALANCE_YUAN)]  # ¥ of a book or a target
SignedBalance = Annotated[float, Field(ge=-limits.MAX_BALANCE_YUAN, le=limits.MAX_BALANCE_YUAN)]  # ¥ that may be negative
Points = Annotated[float, Field(ge=0.0, le=limits.MAX_POINTS)]
Cap = Annotated[float, Field(ge=0.0, le=limits.MAX_COMPLETION_CAP)]
PerYuan = Annotated[float, Field(ge=0.0, le=limits.MAX_YUAN_PER_YUAN)]  # ¥ per ¥
Units = Annotated[float, Field(ge=0.0, le=limits.MAX_UNITS)]
Name = Annotated[str, Field(max_length=limits.MAX_NAME_CHARS)]  # an indicator or product name


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    def indicators(self) -> list[str]:
        """Indicator names this component reads (checked when the scenario is validated)."""
        return []

    def peer_scope(self) -> str | None:
        """Whose indicators the component's pay reads besides the person's own: None (their own
        only), ``"scheme"`` (everyone paid by the same scheme object: a role's staff, a team) or
        ``"all"`` (everyone paid in the period). ``simkit.pay.pay_period`` hands them over in
        ``PayContext.peers``, and pays such components after the person's other lines."""
        return None


Part = _Part  # the base of a pay component, for plug-ins (simkit.pay.registry)


@dataclass(frozen=True, slots=True)
class PayContext:
    """When and among whom a payslip is computed: the 0-based assessment period, how many periods
    make a year (settlements and annual ratings fall due by it), the size of the person's team,
    the person paid, and, for a component with a ``peer_scope``, the indicators of everyone in
    that scope (``{person: indicators}``, the person included, in the order they are paid)."""

    period: int  # 0-based assessment period
    periods_per_year: int = 12
    team_size: int = 1
    person: str = ""
    peers: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def pool(self, kpis: Mapping[str, float]) -> Mapping[str, Mapping[str, float]]:
        """The peers' indicators, or the person's own alone when no peers were handed over
        (a component called outside ``pay_period``)."""
        return self.peers or {self.person: kpis}


class Fixed(_Part):
    """Base and position salary: no link to performance."""

    kind: Literal["fixed"] = "fixed"
    base: Yuan = 3000.0  # (default) ¥/month: a county-branch teller's base (seed 002: low base, pay mostly variable)
    position: Yuan = 1000.0  # (default) ¥/month position salary

    def lines(self, kpis, ctx, held):
        return [PayLine("base salary", "base", self.base, yuan(self.base)),
                PayLine("position salary", "position", self.position, yuan(self.position))]


class PieceRate(_Part):
    """Pay per transaction, fines per error slip and per complaint (seed 002)."""

    kind: Literal["piece_rate"] = "piece_rate"
    per_transaction: Yuan = 2.0  # (default) ¥ per transaction; ~1,500 a month makes it half of pay
    fine_per_error: Yuan = 0.0  # seed 002: every error slip is deducted
    fine_per_complaint: Yuan = 0.0  # seed 002: complaints are deducted
    indicator: Name = "transactions"
    # ¥ deducted per unit of any other indicator, e.g. {loan_defaults: 2000}: a deduction per loan
    # that goes bad (seed 000: "出了风险还是你兜着", the manager answers for a bad loan)
    fines: dict[Name, Yuan] = Field(default_factory=dict)

    def indicators(self):
        return [self.indicator, *self.fines]

    def lines(self, kpis, ctx, held):
        n, e, c = get(kpis, self.indicator), get(kpis, "errors"), get(kpis, "complaints")
        out = [PayLine("piece rate", "performance", n * self.per_transaction,
                       f"{n:,.0f} × {yuan(self.per_transaction)} = {yuan(n * self.per_transaction)}")]
        if self.fine_per_error:
            out.append(PayLine("error fines", "deduction", -e * self.fine_per_error,
                               f"-{e:,.0f} errors × {yuan(self.fine_per_error)}"))
        if self.fine_per_complaint:
            out.append(PayLine("complaint fines", "deduction", -c * self.fine_per_complaint,
                               f"-{c:,.0f} complaints × {yuan(self.fine_per_complaint)}"))
        for name, fine in self.fines.items():
            x = get(kpis, name)
            out.append(PayLine(f"fines {name}", "deduction", -x * fine, f"-{x:,.1f} {name} × {yuan(fine)}"))
        return out


class Commission(_Part):
    """Commission per product sold and quotas per product, each missed quota deducted
    (seed 002: "200万 of wealth products this month", fund and online-banking quotas)."""

    kind: Literal["commission"] = "commission"
    per_unit: dict[Name, Yuan] = Field(default_factory=dict)  # product -> ¥ per unit sold
    share_of_fee: dict[Name, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict)  # product -> share of its fee
    quotas: dict[Name, Units] = Field(default_factory=dict)  # product -> units to sell this period
    quota_deduction: Yuan = 0.0  # ¥ per missed quota (whole), or per missing unit if proportional
    proportional: bool = False

    def indicators(self):
        names = set(self.per_unit) | set(self.share_of_fee) | set(self.quotas)
        return [f"sales.{p}" for p in sorted(names)]

    def lines(self, kpis, ctx, held):
        out = []
        for p, rate in self.per_unit.items():
            n = get(kpis, f"sales.{p}")
            out.append(PayLine(f"commission {p}", "commission", n * rate, f"{n:,.0f} × {yuan(rate)}"))
        for p, share in self.share_of_fee.items():
            fee = get(kpis, f"sales_amount.{p}")
            out.append(PayLine(f"commission {p} fees", "commission", fee * share, f"{share:.0%} × {yuan(fee)}"))
        for p, quota in self.quotas.items():
            n = get(kpis, f"sales.{p}")
            if n < quota:
                miss = (quota - n) if self.proportional else 1.0
                what = f"{quota - n:,.0f} short" if self.proportional else "missed"
                out.append(PayLine(f"quota {p}", "deduction", -miss * self.quota_deduction,
                                   f"{n:,.0f} of {quota:,.0f} sold, {what}: -{yuan(miss * self.quota_deduction)}"))
        return out


class DepositOnly(_Part):
    """唯存款论: the bonus depends on deposits alone (seeds: "only deposits measure ability")."""

    kind: Literal["deposit_only"] = "deposit_only"
    rate: PerYuan = 0.0005  # (default) ¥ per ¥ of deposits per month: ¥5,000 on a ¥10M book
    indicator: Literal["deposit_balance_avg", "deposit_balance_end", "deposit_net_increase"] = "deposit_balance_avg"

    def indicators(self):
        return [self.indicator]

    def lines(self, kpis, ctx, held):
        d = get(kpis, self.indicator)
        return [PayLine("deposit bonus", "performance", d * self.rate, f"{yuan(d)} × {self.rate:g}")]


class Target(_Part):
    """One indicator's target in a ``quota_scoring`` scheme or a scorecard perspective: completion is
    the indicator over its target (or the reverse if ``lower_is_better``), worth ``points`` at 100 %."""

    indicator: Name
    target: SignedBalance  # may be negative for "reduce" indicators only if lower_is_better
    points: Points = 10.0
    lower_is_better: bool = False
    # another indicator the (capped) completion is multiplied by; seed 003 scores interest
    # income as "completion % × (normal-loan interest collected ÷ due) × standard points"
    times: Name | None = None

    def indicators(self):
        return [self.indicator] + ([self.times] if self.times else [])

    def completion(self, kpis) -> float:
        x = get(kpis, self.indicator)
        if self.lower_is_better:
            return 1.0 if x <= self.target else max(0.0, self.target / x) if x > 0 else 1.0
        return x / self.target if self.target else 0.0

    def clipped(self, kpis, cap: float) -> float:
        """Completion clipped to [0, cap]."""
        return max(0.0, min(cap, self.completion(kpis)))

    def fraction(self, kpis, cap: float) -> float:
        """Clipped completion, times the ``times`` indicator if one is named."""
        c = self.clipped(kpis, cap)
        return c * get(kpis, self.times) if self.times else c


class QuotaScoring(_Part):
    """Seed 003: each indicator scores ``completion % × standard points``; rule breaches
    deduct points (−5 per post-maturity breach, −2 per other loan-rule breach, −10 per
    second-qualitative breach); pay is ``score × ¥ per point``."""

    kind: Literal["quota_scoring"] = "quota_scoring"
    targets: list[Target] = Field(default_factory=lambda: [
        Target(indicator="deposit_net_increase", target=1_000_000.0, points=30.0),  # seed 003: ¥1,000,000
        Target(indicator="deposit_avg_increase", target=600_000.0, points=20.0),  # seed 003: ¥600,000
        Target(indicator="loan_net_increase", target=1_000_000.0, points=20.0),  # (default) as deposits
        # seed 003: interest income completion × (collected ÷ due) × standard points; target (default)
        Target(indicator="loan_interest_income", target=30_000.0, points=30.0, times="interest_collection_ratio"),
    ])
    cap: Cap = 1.2  # (default) completion counts up to 120 %: over-achievement is rewarded, not unbounded
    per_post_maturity: Points = 5.0  # seed 003
    per_other_breach: Points = 2.0  # seed 003
    per_qualitative2: Points = 10.0  # seed 003
    yuan_per_point: Yuan = 60.0  # (default) 100 points ≈ ¥6,000 a month

    def indicators(self):
        return [name for t in self.targets for name in t.indicators()]

    def lines(self, kpis, ctx, held):
        out = []
        for t in self.targets:
            c = t.fraction(kpis, self.cap)
            shown = f"{t.clipped(kpis, self.cap):.0%} × {get(kpis, t.times):.0%} {t.times}" if t.times else f"{c:.0%}"
            out.append(PayLine(f"score {t.indicator}", "performance", c * t.points * self.yuan_per_point,
                               f"{shown} × {t.points:g} pts × {yuan(self.yuan_per_point)}"))
        for name, per in (("breaches_post_maturity", self.per_post_maturity), ("breaches_other", self.per_other_breach),
                          ("breaches_qualitative2", self.per_qualitative2)):
            n = get(kpis, name)
            if n and per:
                out.append(PayLine(f"deduction {name}", "deduction", -n * per * self.yuan_per_point,
                                   f"-{n:,.0f} × {per:g} pts × {yuan(self.yuan_per_point)}"))
        return out


class ResponsibilityProfit(_Part):
    """Seed 001: performance pay = responsibility profit × pay rate (per ¥10,000), where
    profit = income − cost − loan loss and loan loss = substandard×30 % + doubtful×50 % +
    loss×100 % (computed by the bank's books into ``responsibility_profit``).

    「每月预发一部分和半年考核兑现」: part of each month's profit pay is advanced, and the
    half-year is settled on the half-year's profit — ``max(Σ profit, floor) × rate`` less what
    was advanced; an over-advance is taken back (多退少补). A loss month advances nothing and
    takes its loss out of the settlement, so losses count against the months that made money,
    as the half-year assessment counts them. (Paying each month on its own profit floored at
    zero made a loss month free: lax lending, whose good months pay and whose bad months cost
    nothing, was then worth more to a manager than careful lending — see scenarios/README.)
    """

    kind: Literal["responsibility_profit"] = "responsibility_profit"
    # (default) ¥ of pay per ¥10,000 of profit: 8 %
    pay_per_10k: Annotated[float, Field(ge=0.0, le=limits.MAX_PAY_PER_10K)] = 800.0
    floor: SignedBalance = 0.0  # ¥ profit a settlement period counts at least: 0, no negative performance pay
    advance_share: Annotated[float, Field(ge=0, le=1)] = 0.6  # seed 001: advanced monthly, settled half-yearly
    settle_every: Annotated[int, Field(ge=1, le=limits.MAX_SETTLE_PERIODS)] = 6  # seed 001: settled every half year

    def indicators(self):
        return ["responsibility_profit"]

    def lines(self, kpis, ctx, held):
        profit = get(kpis, "responsibility_profit")
        rate = self.pay_per_10k / 10_000.0
        earned = profit * rate  # this month's part of the settlement period's pay, before the floor
        advance = max(earned, 0.0) * self.advance_share
        held[OWED] = held.get(OWED, 0.0) + earned - advance
        held[ADVANCED] = held.get(ADVANCED, 0.0) + advance
        traced = tuple((ctx.period - v, pnl * rate) for v, pnl in kpis.get(VINTAGES, ()) if v < ctx.period and pnl)
        out = [PayLine("responsibility profit pay", "performance", advance,
                       f"{yuan(profit)} × {yuan(self.pay_per_10k)}/¥10k, {self.advance_share:.0%} of it if positive "
                       "advanced", held=earned - advance, traced=traced)]
        if (ctx.period + 1) % self.settle_every == 0:
            owed, advanced = held.pop(OWED), held.pop(ADVANCED)
            due = max(owed + advanced, self.floor * rate)
            out.append(PayLine("settlement", "settlement", due - advanced,
                               f"profit pay of the last {self.settle_every} periods {yuan(due)} − {yuan(advanced)} "
                               "advanced", covers=self.settle_every))
        return out


class PortfolioTarget(_Part):
    """级差地租, "differential rent" (seed 001): managers handed rich client portfolios get
    higher targets, ordinary portfolios lower ones; pay is ``pool × completion`` plus a
    strong reward on the increment above target. Modes:

    * ``absolute``: one target for everyone (the unfair baseline the seeds criticise);
      completion = indicator / target;
    * ``adjusted``: target ∝ (inherited portfolio / mean portfolio) ** elasticity, and the
      distance from it is measured on the common scale of ``base_target``:
      completion = 1 + (indicator − target) / base_target. The rent on the inherited book
      is taken out, not rescaled, so ¥1 above target is worth the same to every manager
      (dividing by each one's own target would pay a small book's increments many times
      over — the opposite unfairness);
    * ``progress``: completion = growth of one's own book / ``growth_target`` (seed: assess
      progress, not absolute size, because branches start from different bases).
    """

    kind: Literal["portfolio_target"] = "portfolio_target"
    mode: Literal["absolute", "adjusted", "progress"] = "adjusted"
    indicator: Name = "deposit_balance_avg"
    base_target: Balance = 20_000_000.0  # (default) ¥ target for an average portfolio
    # (default) the bank's mean inherited portfolio
    mean_portfolio: Annotated[float, Field(gt=0, le=limits.MAX_BALANCE_YUAN)] = 20_000_000.0
    # target ∝ portfolio ** elasticity in 'adjusted' mode
    elasticity: Annotated[float, Field(ge=0.0, le=limits.MAX_ELASTICITY)] = 1.0
    # 'progress' mode: 1 % growth a month is 100 %
    growth_target: Annotated[float, Field(gt=0, le=limits.MAX_GROWTH_TARGET)] = 0.01
    pool: Yuan = 5000.0  # (default) ¥ at 100 % completion
    cap: Cap = 1.5  # completion counts up to 150 %
    increment_rate: PerYuan = 0.0  # ¥ per ¥ above target (seed 001: the increment is rewarded strongly)
    # 'adjusted' mode: monthly share of an inherited book expected to run off on its own; the
    # rent is the book as it would have been with no work (bank.deposits.attrition is 1 %)
    runoff: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.0

    def indicators(self):
        return [self.indicator, "portfolio_start", "deposit_growth"]

    def target(self, kpis, ctx=None) -> float:
        if self.mode == "absolute":
            return self.base_target
        t = self.base_target * (max(get(kpis, "portfolio_start"), 1.0) / self.mean_portfolio) ** self.elasticity
        if self.runoff and ctx is not None:  # mid-period of the ctx.period-th period, in months
            months = (ctx.period + 0.5) * 12 / ctx.periods_per_year
            t *= (1.0 - self.runoff) ** months
        return t

    def lines(self, kpis, ctx, held):
        if self.mode == "progress":
            g = get(kpis, "deposit_growth")
            c = max(0.0, min(self.cap, g / self.growth_target))
            return [PayLine("progress", "performance", c * self.pool,
                            f"growth {g:.2%} / target {self.growth_target:.2%} = {c:.0%} × {yuan(self.pool)}")]
        x, t = get(kpis, self.indicator), self.target(kpis, ctx)
        if self.mode == "adjusted":
            raw = 1.0 + (x - t) / self.base_target if self.base_target else 0.0
            how = f"1 + ({yuan(x)} − target {yuan(t)}) / {yuan(self.base_target)}"
        else:
            raw = x / t if t else 0.0
            how = f"{yuan(x)} / target {yuan(t)}"
        c = max(0.0, min(self.cap, raw))
        out = [PayLine("target completion", "performance", c * self.pool, f"{how} = {c:.0%} × {yuan(self.pool)}")]
        if self.increment_rate:
            inc = max(0.0, x - t) * self.increment_rate
            out.append(PayLine("increment above target", "performance", inc,
                               f"max(0, {yuan(x)} − {yuan(t)}) × {self.increment_rate:g}"))
        return out


class Perspective(_Part):
    """One of a ``scorecard``'s four perspectives: its weight in the score and its targets,
    whose ``points`` are weights within the perspective and sum to 1."""

    weight: Annotated[float, Field(ge=0, le=1)]
    targets: list[Target]

    @model_validator(mode="after")
    def _weights(self):
        total = sum(t.points for t in self.targets)
        if self.targets and abs(total - 1.0) > 1e-9:
            raise ValueError(f"indicator weights ('points') within a perspective sum to {total:g}; they must sum to 1")
        return self


class Scorecard(_Part):
    """Balanced scorecard (seed 001): four perspectives with weights summing to 1; each
    indicator's completion (capped) times its weight; pay = score × pool."""

    kind: Literal["scorecard"] = "scorecard"
    financial: Perspective
    customer: Perspective
    internal_process: Perspective
    learning_growth: Perspective
    pool: Yuan = 5000.0  # (default) ¥ at a score of 1
    cap: Cap = 1.2

    @model_validator(mode="after")
    def _sum(self):
        total = sum(p.weight for p in self._perspectives().values())
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"perspective weights sum to {total:g}; they must sum to 1")
        return self

    def _perspectives(self):
        return {"financial": self.financial, "customer": self.customer,
                "internal_process": self.internal_process, "learning_growth": self.learning_growth}

    def indicators(self):
        return [name for p in self._perspectives().values() for t in p.targets for name in t.indicators()]

    def score(self, kpis) -> dict[str, float]:
        return {name: p.weight * sum(t.points * t.fraction(kpis, self.cap) for t in p.targets)
                for name, p in self._perspectives().items()}

    def lines(self, kpis, ctx, held):
        return [PayLine(f"scorecard {name}", "performance", s * self.pool, f"score {s:.3f} × {yuan(self.pool)}")
                for name, s in self.score(kpis).items()]


class Tier(_Part):
    """One monthly tier of a ``monthly_annual`` scheme: ``amount`` ¥ once the month's indicator reaches ``threshold``."""

    threshold: SignedBalance
    amount: Yuan


class Grade(_Part):
    """One grade of a ``monthly_annual`` scheme's annual rating: reached at a year's indicator total
    of ``at_least``, it multiplies the annual pool by ``coefficient``."""

    at_least: SignedBalance  # the year's indicator total that earns this grade
    # seed: each grade carries a pay coefficient, higher grades higher
    coefficient: Annotated[float, Field(ge=0.0, le=limits.MAX_COEFFICIENT)]


class MonthlyAnnual(_Part):
    """Seed (leasing-company case): 60 % of performance pay by monthly tiers of an
    indicator, 40 % by an annual rating with grade coefficients, paid at year end."""

    kind: Literal["monthly_annual"] = "monthly_annual"
    indicator: Name = "responsibility_profit"
    monthly_share: Annotated[float, Field(ge=0, le=1)] = 0.6  # seed: 60 % monthly
    tiers: list[Tier] = Field(default_factory=lambda: [Tier(threshold=0, amount=1000), Tier(threshold=20_000, amount=3000),
                                                       Tier(threshold=50_000, amount=6000)])  # (default) ¥ per month
    annual_pool: Yuan = 30_000.0  # (default) ¥ per year at grade B
    grades: dict[Name, Grade] = Field(default_factory=lambda: {
        "A": Grade(at_least=600_000.0, coefficient=1.2), "B": Grade(at_least=300_000.0, coefficient=1.0),
        "C": Grade(at_least=100_000.0, coefficient=0.8), "D": Grade(at_least=0.0, coefficient=0.5)})
    # (default) thresholds and coefficients; seed: grade coefficients on the annual rating.
    # A year below every threshold gets the lowest grade.

    @field_validator("grades")
    @classmethod
    def _some_grade(cls, v):
        if not v:
            raise ValueError("at least one grade is needed, e.g. {B: {at_least: 0, coefficient: 1.0}}")
        return v

    def indicators(self):
        return [self.indicator]

    def grade(self, total: float) -> tuple[str, float]:
        """(grade, coefficient) of a year's indicator total: the highest threshold reached."""
        ranked = sorted(self.grades.items(), key=lambda kv: -kv[1].at_least)
        name, g = next(((n, g) for n, g in ranked if total >= g.at_least), ranked[-1])
        return name, g.coefficient

    def lines(self, kpis, ctx, held):
        x = get(kpis, self.indicator)
        tier = max((t.amount for t in self.tiers if x >= t.threshold), default=0.0)
        monthly = tier * self.monthly_share / 0.6 if self.monthly_share else 0.0
        held["annual_indicator"] = held.get("annual_indicator", 0.0) + x
        out = [PayLine("monthly tier", "performance", monthly, f"{yuan(x)} reaches tier {yuan(tier)}")]
        if (ctx.period + 1) % ctx.periods_per_year == 0:
            total = held.pop("annual_indicator")
            grade, coef = self.grade(total)
            pay = self.annual_pool * (1 - self.monthly_share) / 0.4 * coef if self.monthly_share < 1 else 0.0
            out.append(PayLine("annual rating", "settlement", pay, f"year {yuan(total)}: grade {grade} × {coef:g}",
                              covers=ctx.periods_per_year))
        return out


class Team(_Part):
    """Team pay (seed 001): a pool of ``rate × the team's indicator`` shared among the
    team members by a rule: the team is everyone paid by the same scheme (``peer_scope``)."""

    kind: Literal["team"] = "team"
    indicator: Name = "transactions"
    rate: Yuan = 2.0  # ¥ per unit of the team's indicator
    rule: Literal["equal", "by_contribution"] = "equal"

    def indicators(self):
        return [self.indicator]

    def peer_scope(self):
        return "scheme"

    def lines(self, kpis, ctx, held):
        team = ctx.pool(kpis)
        total = sum(get(member, self.indicator) for member in team.values())
        pool = self.rate * total
        share = 1 / len(team) if self.rule == "equal" or total == 0 else get(kpis, self.indicator) / total
        return [PayLine("team pool", "team", pool * share,
                        f"{yuan(pool)} pool ({total:,.0f} × {yuan(self.rate)}) × {share:.1%}")]


class Malus(_Part):
    """When a ``deferred`` component's held-back pay is forfeited: a period whose ``indicator``
    is above ``above``."""

    indicator: Name
    above: SignedBalance


class Deferred(_Part):
    """Any component with part of its pay held back (CBRC 商业银行稳健薪酬监管指引, 2010: part of
    performance pay deferred; unpaid deferred pay stopped — malus — and paid pay recovered —
    clawback — when losses or risks in the person's responsibility come to light).

    Each period ``share`` of the inner component's pay (its lines summed, if positive) is held
    back and paid ``months`` later in one sum. A period whose ``malus_on`` indicator is above
    its threshold forfeits everything still held back, this period's part included, and takes
    back ``clawback`` × what the component paid out over the last ``months`` (this period's
    included). Someone who quits forfeits what is held (``PayLedger.forfeit``).

    On the payslip the part held back shows as held (counted as pay of the month that earned
    it, as the learning rule counts held-back pay); its release shows a negative held, so the
    release is not counted a second time, and a forfeit shows as held taken away."""

    kind: Literal["deferred"] = "deferred"
    inner: Component
    # (default) CBRC 2010 guideline (商业银行稳健薪酬监管指引): at least 40 % of performance pay deferred
    share: Annotated[float, Field(ge=0, le=1)] = 0.4
    # (default) the same guideline: deferral of at least three years; at most the longest horizon
    # (limits.MAX_MONTHS), as a later payment never comes
    months: Annotated[int, Field(ge=1, le=limits.MAX_MONTHS)] = 36
    malus_on: Malus | None = None
    clawback: Annotated[float, Field(ge=0, le=1)] = 0.0  # share of the window's paid-out pay taken back on malus
    label: Name = ""  # tells two deferred components of one scheme apart in the ledger (default: the inner kind)

    @field_validator("inner")
    @classmethod
    def _not_nested(cls, v):
        if isinstance(v, Deferred):
            raise ValueError("a deferred component cannot hold another deferred component; "
                             "allowed: any other component")
        return v

    def name(self) -> str:
        """What the ledger and the payslip call this deferral: its ``label``, else the inner kind."""
        return self.label or self.inner.kind

    def indicators(self):
        return [*self.inner.indicators(), *([self.malus_on.indicator] if self.malus_on else [])]

    def peer_scope(self):
        return self.inner.peer_scope()

    def periods(self, ctx) -> int:
        """Periods a held part waits: ``months`` in periods of the scheme's length, rounded up."""
        return max(1, math.ceil(self.months * ctx.periods_per_year / 12))

    def lines(self, kpis, ctx, held):
        inner = self.inner.lines(kpis, ctx, held)
        earned = sum(line.amount for line in inner)
        kept = self.share * max(earned, 0.0)
        wait, name = self.periods(ctx), self.name()
        out = list(inner)
        if kept:
            due = f"deferred:{name}:{ctx.period + wait}"
            held[due] = held.get(due, 0.0) + kept
            out.append(PayLine(f"deferred {name}", "deferred", -kept,
                               f"{self.share:.0%} × {yuan(earned)} held back {self.months} months", held=kept))
        paid = self._tally(held, ctx, earned - kept, wait)
        x = get(kpis, self.malus_on.indicator) if self.malus_on else 0.0
        if self.malus_on and x > self.malus_on.above:
            return out + self._malus(held, x, paid)
        release = held.pop(f"deferred:{name}:{ctx.period}", 0.0)
        if release:
            out.append(PayLine(f"deferred {name} released", "settlement", release,
                               f"{yuan(release)} held back in period {ctx.period - wait}", held=-release))
            held[f"{TALLY}deferred:{name}:paid:{ctx.period}"] += release
        return out

    def _tally(self, held, ctx, paid_now: float, wait: int) -> float:
        """Record what the component paid out this period; the window's total (clawback's base)."""
        prefix = f"{TALLY}deferred:{self.name()}:paid:"
        for key in [k for k in held if k.startswith(prefix) and int(k[len(prefix):]) <= ctx.period - wait]:
            del held[key]  # older than the window: no longer recoverable
        held[f"{prefix}{ctx.period}"] = paid_now
        return sum(v for k, v in held.items() if k.startswith(prefix))

    def _malus(self, held, x: float, paid: float) -> list[PayLine]:
        """Forfeit everything held back and take back ``clawback`` × the window's paid-out pay."""
        name, malus = self.name(), self.malus_on
        keys = [k for k in held if k.startswith((f"deferred:{name}:", f"{TALLY}deferred:{name}:"))]
        forfeited = sum(held[k] for k in keys if not is_tally(k))
        for key in keys:
            del held[key]
        why = f"{malus.indicator} {x:,.2f} > {malus.above:,.2f}"
        out = [PayLine(f"malus {name}", "deduction", 0.0, f"{why}: held-back {yuan(forfeited)} forfeited",
                       held=-forfeited)]
        if self.clawback:
            out.append(PayLine(f"clawback {name}", "deduction", -self.clawback * paid,
                               f"{why}: {self.clawback:.0%} × {yuan(paid)} paid over the last {self.months} months"))
        return out


for _shipped in (Fixed, PieceRate, Commission, DepositOnly, QuotaScoring, ResponsibilityProfit, PortfolioTarget,
                 Scorecard, MonthlyAnnual, Team, Deferred):
    register_component(_shipped, shipped=True)


class PayScheme(_Part):
    """A role's pay: a list of components added together."""

    components: list[Component] = Field(default_factory=lambda: [Fixed()])

    @field_validator("components")
    @classmethod
    def _one_fixed(cls, v):
        if sum(isinstance(c, Fixed) for c in v) > 1:
            raise ValueError("at most one 'fixed' component")
        names = [c.name() for c in v if isinstance(c, Deferred)]
        if len(set(names)) < len(names):
            raise ValueError(f"two deferred components share the name {max(names, key=names.count)!r}; "
                             "allowed: a different label: on each")
        return v

    def indicators(self) -> list[str]:
        return [name for c in self.components for name in c.indicators()]
