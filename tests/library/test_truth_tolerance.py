"""What counts as the same number when a stored result is re-run: the last bits in which machines
of different kinds differ do not, anything a change of the model does does
(``simkit.library.truth``; tests/fingerprint.py for the identity tests)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simkit.library.truth import RTOL, close, same_rows

from fingerprint import differences, fingerprint


def test_a_few_units_in_the_last_place_are_the_same_number_and_a_real_change_is_not():
    x = 0.061124806381293015
    assert close(x, x + 4 * np.spacing(x))  # the largest difference measured between machines
    assert close(-92544.498472, -92544.498471)  # a difference of two balances of ¥400 million, between machines
    assert not close(x, x * (1 + 1e-8))  # far smaller than one decision that turns
    assert close(math.nan, math.nan) and not close(math.nan, 0.0) and not close(0.0, math.nan)
    assert close(0.0, 0.0) and not close(0.0, 1e-300) and close(-3.5, -3.5)
    assert RTOL == 1e-9


def _rows(values, roles=("teller", "teller")):
    return pd.DataFrame({"arm": ["a", "a"], "replication": [0, 0], "scope": ["staff", "staff"], "period": [1, 2],
                         "role": list(roles), "metric": ["effort", "effort"], "value": values})


def test_stored_rows_hold_to_the_tolerance_with_every_label_exact():
    stored = _rows([404.813787, 3631.638401])
    assert same_rows(stored, _rows([404.813787 + np.spacing(404.813787), 3631.638401]))
    assert not same_rows(stored, _rows([404.813787 * (1 + 1e-8), 3631.638401]))
    assert not same_rows(stored, _rows([404.813787, 3631.638401], roles=("teller", "lobby_manager")))
    assert not same_rows(stored, _rows([404.813787, 3631.638401]).iloc[:1])
    longer = pd.concat([_rows([404.813787, 3631.638401]), _rows([1.0, 2.0]).assign(metric="new")],
                       ignore_index=True)
    assert not same_rows(stored, longer) and same_rows(stored, longer, allow_new=True)


def test_a_fingerprint_ignores_the_last_bits_and_finds_a_change_a_reorder_or_a_lost_column():
    table = pd.DataFrame({"t": np.linspace(0.1, 480.3, 500), "who": np.arange(500), "kind": ["x", "y"] * 250})
    stored = fingerprint({"events": table})
    noisy = table.assign(t=table["t"] + np.spacing(table["t"]) * 3)
    assert differences(stored, fingerprint({"events": noisy})) == []
    assert differences(stored, fingerprint({"events": table.assign(extra=1.0)})) == []  # a new column
    moved = table.assign(t=table["t"].to_numpy()[::-1])
    assert differences(stored, fingerprint({"events": moved})) == ["events.t: its numbers changed "
                                                                   f"({stored['events']['columns']['t']['float']} then, "
                                                                   f"{fingerprint({'events': moved})['events']['columns']['t']['float']} now)"]
    assert differences(stored, fingerprint({"events": table.assign(who=table["who"] + (table["who"] == 7))})) == \
        ["events.who: its values changed"]
    assert differences(stored, fingerprint({"events": table.drop(columns="kind")})) == ["events.kind: no longer there"]
    assert differences(stored, fingerprint({"events": table.iloc[:-1]}))[0] == "events: 500 rows then, 499 now"
    assert differences(stored, {}) == ["events: no longer made"]
