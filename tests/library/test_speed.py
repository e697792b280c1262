"""Months to half an effect (simkit.library.speed): the rule on known paths, then the library's table."""
from __future__ import annotations

import pandas as pd
import pytest

from simkit.library.findings import EFFECTS
from simkit.library.speed import SMOOTHING, months_to_half, speed_table


def _path(values):
    return pd.Series(values, index=range(1, len(values) + 1), dtype=float)


def test_a_step_reaches_half_when_the_trailing_mean_does():
    """0 for five months, then 1: the trailing three-month means are 1/3 in month 6 and 2/3 in
    month 7, so half of the final 1 is reached, to stay, in month 7."""
    assert SMOOTHING == 3
    assert months_to_half(_path([0] * 5 + [1] * 10), 1.0) == 7


def test_a_dip_below_half_later_moves_the_month_on():
    path = [0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1]  # reached in month 3, lost in month 6, back in month 9
    assert months_to_half(_path(path), 1.0) == 9


def test_a_negative_effect_is_read_on_its_own_side():
    # month 2's trailing mean is over the two months there are: (0 - 1) / 2 = -0.5, half of -1
    assert months_to_half(_path([0, -1, -1, -1]), -1.0) == 2
    assert months_to_half(_path([0, 1, 1, 1]), -1.0) is None  # the wrong side never reaches it


def test_no_effect_and_an_unreached_end_give_none():
    assert months_to_half(_path([0, 0, 0]), 0.0) is None
    assert months_to_half(_path([1, 1, 0, 0, 0]), 1.0) is None


@pytest.mark.slow  # reads every experiment of the library (about 10 s)
def test_the_library_table_has_every_shown_effect_with_months():
    table = speed_table()
    names = [e[0] for e in EFFECTS]
    assert set(table["effect"]) <= set(names) and len(table) >= 10
    assert table["months to half"].notna().all()
    assert ((table["months to half"] >= 1) & (table["months to half"] <= table["months in run"])).all()


def test_a_constant_path_is_at_half_from_its_first_month():
    assert months_to_half(_path([2.0, 2.0, 2.0]), 2.0) == 1
