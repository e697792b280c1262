"""Dose-response from the results library (simkit.library.dose): the slope rule on known
values, then each response the model is expected to show, read from the stored experiments
(kept true by tests/library/test_library_truth.py): fines → errors and care, piece rate →
pace, output and quits (selection), volume bonus → loans originated, approvals and NPLs.

Each replication's slope of its values on the dose's step (a doubling each), then a 95 %
Student-t interval over the eight replications: a response holds when the interval excludes
zero on the predicted side (the behaviour tests' rule, tests/behaviour/test_effects.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simkit.library.dose import RESPONSES, _slopes, dose_response

pytestmark = pytest.mark.slow  # reads three experiments of the library (a few seconds)


def test_a_slope_is_the_least_squares_slope_on_the_steps():
    values = pd.DataFrame([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 3.0]])
    # row 2: steps centred -1.5, -0.5, 0.5, 1.5; values centred -0.75 x3, 2.25 -> 4.5 / 5 = 0.9
    assert np.allclose(_slopes(values), [1.0, 0.9])


@pytest.fixture(scope="module")
def table():
    return dose_response().set_index("response")


@pytest.mark.parametrize("name", [r[0] for r in RESPONSES])
def test_the_response_grows_with_the_dose(table, name):
    row = table.loc[name]
    assert row["shown"] == "yes", f"{name}: slope per doubling {row['slope per doubling']:+.4g} " \
                                  f"[{row['low']:+.4g}, {row['high']:+.4g}], means {row['means']}"


def test_every_response_is_in_the_table(table):
    assert list(table.index) == [r[0] for r in RESPONSES]
    assert (table["n"] == 8).all()
