"""Clock times in scenario files: ``'09:30'`` is 570 minutes after midnight."""
from __future__ import annotations

import re

__all__ = ["clock_to_minutes"]

_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def clock_to_minutes(text: str) -> int:
    """'09:30' -> 570. Accepts 00:00 to 24:00."""
    m = _CLOCK.match(text)
    if not m or (m.group(1) == "24" and m.group(2) != "00"):
        raise ValueError(f"{text!r} is not a clock time; allowed: 'HH:MM' from '00:00' to '24:00'")
    return int(m.group(1)) * 60 + int(m.group(2))
