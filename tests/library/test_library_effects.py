"""What the stored results library shows, and that docs/library.md says it.

Fast: these read the stored Parquet files, nothing is simulated. Whether the stored rows are
still what the model gives is tests/library/test_library_truth.py.
"""
from __future__ import annotations

import pytest

from simkit import library
from simkit.dashboard.inputs import PRESETS
from simkit.library.findings import EFFECTS

from helpers import ROOT, load_script

tables = load_script("scripts", "library_tables")


def test_docs_library_holds_the_tables_the_script_prints():
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    assert tables.filled(text, tables.tables()) == text, "run: python scripts/library_tables.py --write"


def test_every_effect_row_reads_its_experiment_over_all_its_replications():
    stored = library.manifest()["experiments"]
    table = library.effects_table()
    assert list(table["effect"]) == [e[0] for e in EFFECTS]
    for row, (_name, experiment, *_rest) in zip(table.itertuples(), EFFECTS):
        assert row.n == stored[experiment]["replications"]
        assert row.low <= row.difference <= row.high


def test_the_papers_rows_are_on_the_library_replications():
    table = library.like_for_like()
    assert table["n"].min() >= 8 and (table["low"] <= table["model"]).all() and (table["model"] <= table["high"]).all()


#: the first effect each dashboard lesson cites (its headline over the longer run), and the
#: notebooks' opening effects
HEADLINES = sorted({lesson.library[0] for lesson in PRESETS.values()}
                   | {"piece-rate/pace", "lobby-sales/selling", "loan-volume/screening"})


@pytest.mark.parametrize("name", HEADLINES)
def test_the_headline_effects_show_in_the_library(name):
    """The effects the lessons and notebooks open with hold at the library's size: the paired
    95 % interval on the predicted side of zero and the difference at least its minimal size."""
    row = library.effects_table([name]).iloc[0]
    assert row["shown"] == "yes", row.to_dict()
