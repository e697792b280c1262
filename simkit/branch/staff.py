"""Who works in the branch, with their ability and current choices.

The roster is plain data built from the scenario. ``choices`` are what the behaviour
layer changes between assessment periods; the branch reads them every time a member of
staff acts, so a new value takes effect from the next customer on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..scenario.models import Ability
from ..vocabulary import WINDOW_TYPES


@dataclass(slots=True)
class Member:
    """A member of staff as the branch sees them: id, role, abilities, current choices and post."""

    id: str
    role: str  # 'teller' | 'lobby_manager' | 'customer_manager'
    ability: Ability
    choices: object  # TellerChoices | LobbyChoices | ManagerChoices
    post: str = ""  # window type for tellers
    meta: dict = field(default_factory=dict)


def _people(listed, count, prefix, role, default_choices, post_of=lambda i: ""):
    out = []
    for i in range(count):
        p = listed[i] if i < len(listed) else None
        out.append(Member(
            id=p.id if p is not None else f"{prefix}{i + 1}",
            role=role,
            ability=p.ability if p is not None else Ability(),
            choices=(p.choices if p is not None and p.choices is not None else default_choices),
            post=post_of(i)))
    return out


def staff_roster(layout, staff) -> list[Member]:
    """Every member of staff, tellers first (window by window), then lobby, then managers:
    the posts from ``layout`` (the scenario's ``branch:``), the people listed in ``staff``."""
    posts = [w for w in WINDOW_TYPES for _ in range(layout.windows.get(w, 0))]
    choices = staff.choices
    return (_people(staff.tellers, len(posts), "T", "teller", choices.teller, lambda i: posts[i])
            + _people(staff.lobby_managers, layout.lobby_managers, "L", "lobby_manager", choices.lobby_manager)
            + _people(staff.customer_managers, layout.customer_managers, "M", "customer_manager",
                      choices.customer_manager))
