"""Two pay components that rank a person against colleagues, written as a user writes a plug-in:
a pydantic model on ``Part`` with a ``kind``, a ``peer_scope`` naming whose indicators it reads,
``lines`` that print their arithmetic, and ``register_component``.

* ``tournament`` (Lazear & Rosen 1981, "Rank-order tournaments as optimum labor contracts",
  JPE 89(5)): prizes by rank on an indicator among the peers; people tied share the prizes of
  the places they hold between them equally.
* ``relative_pay`` (Bandiera, Barankay & Rasul 2005, "Social preferences and the response to
  incentives: evidence from personnel data", QJE 120(3)): pay in proportion to one's output
  over the peers' mean output, so a piece rate that falls as colleagues produce more; one's
  own effort raises the mean too, which is what blunts the incentive.

A package of one's own registers components the same way, or through the entry point group
``simkit.pay_components`` (``simkit.pay.registry``).
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .. import limits
from .indicators import get
from .payslip import PayLine, yuan
from .registry import register_component
from .schemes import Name, Part, Yuan

PLACES = limits.MAX_TELLERS + limits.MAX_LOBBY_MANAGERS + limits.MAX_CUSTOMER_MANAGERS  # a place for everyone paid


class Tournament(Part):
    """Prizes by rank among the peers on ``indicator`` (highest first, or lowest if
    ``lower_is_better``): ``prizes[0]`` to the first, ``prizes[1]`` to the second, ...; places past
    the list win nothing. People tied share the prizes of the places they hold equally."""

    kind: Literal["tournament"] = "tournament"
    indicator: Name = "transactions"  # a teller's output, as piece_rate's default
    prizes: Annotated[list[Yuan], Field(min_length=1, max_length=PLACES)]  # ¥ by place, first place first
    lower_is_better: bool = False
    peers: Literal["scheme", "all"] = "scheme"  # rank among those on the same scheme (a role), or everyone paid

    def indicators(self):
        return [self.indicator]

    def peer_scope(self):
        return self.peers

    def place(self, own: float, scores: list[float]) -> tuple[int, int]:
        """(people ahead, people tied, oneself included) for ``own`` among ``scores``."""
        ahead = sum((x < own) if self.lower_is_better else (x > own) for x in scores)
        return ahead, sum(x == own for x in scores)

    def lines(self, kpis, ctx, held):
        scores = [get(peer, self.indicator) for peer in ctx.pool(kpis).values()]
        own = get(kpis, self.indicator)
        ahead, tied = self.place(own, scores)
        won = self.prizes[ahead:ahead + tied]
        prize = sum(won) / tied
        if tied == 1:
            how = f"{self.indicator} {own:,.0f}: place {ahead + 1} of {len(scores)} = {yuan(prize)}"
        else:
            shared = " + ".join(yuan(p) for p in won) or yuan(0.0)
            how = (f"{self.indicator} {own:,.0f}: places {ahead + 1}-{ahead + tied} of {len(scores)} tied by {tied}: "
                   f"({shared}) / {tied} = {yuan(prize)}")
        return [PayLine("tournament prize", "performance", prize, how)]


class RelativePay(Part):
    """Pay ``at_mean`` × own ``indicator`` / the peers' mean of it (oneself included): ¥ ``at_mean``
    for average output, more or less in proportion. Nothing when nobody produced anything."""

    kind: Literal["relative_pay"] = "relative_pay"
    indicator: Name = "transactions"  # a teller's output, as piece_rate's default
    at_mean: Yuan  # ¥ paid for output equal to the peers' mean
    peers: Literal["scheme", "all"] = "scheme"  # the mean over those on the same scheme (a role), or everyone paid

    def indicators(self):
        return [self.indicator]

    def peer_scope(self):
        return self.peers

    def lines(self, kpis, ctx, held):
        scores = [get(peer, self.indicator) for peer in ctx.pool(kpis).values()]
        own, mean = get(kpis, self.indicator), sum(scores) / len(scores)
        pay = self.at_mean * own / mean if mean else 0.0
        return [PayLine("relative pay", "performance", pay,
                        f"{own:,.0f} / mean {mean:,.1f} of {len(scores)} × {yuan(self.at_mean)} = {yuan(pay)}")]


register_component(Tournament)
register_component(RelativePay)
