"""What the stored results library shows, and that docs/library.md says it.

Fast: these read the stored Parquet files, nothing is simulated. Whether the stored rows are
still what the model gives is tests/library/test_library_truth.py.
"""
from __future__ import annotations

import pytest

from simkit import library
from simkit.dashboard.inputs import PRESETS
from simkit.library.dose import dose_response
from simkit.library.findings import EFFECTS
from simkit.library.speed import speed_table

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


def _speed_prose_figures() -> dict[str, str]:
    """The months docs/library.md's sentence under the speed table states, from the table."""
    table = speed_table()
    months = dict(zip(table["effect"], table["months to half"]))
    managers = ("deposit-only/", "loan-volume/")
    floor = [m for e, m in months.items() if not e.startswith(managers) and e != "heavy-fines/quits a teller-month"]
    screening = [m for e, m in months.items() if e.endswith("/screening")]
    npl = [m for e, m in months.items() if e.endswith("/NPL ratio")]
    assert min(npl) - max(screening) > 12, "the prose says the NPL ratios come more than a year after the screening"
    return {"floor": _months(floor), "screening": _months(screening),
            "quits": f"only in month {months['heavy-fines/quits a teller-month']}",
            "bad share": f"approves in month {months['deposit-only/bad share of approved']}",
            "approval": f"approval share in month {months['loan-volume/approval share']}"}


def _months(months: list[int]) -> str:
    return f"month {min(months)}" if min(months) == max(months) else f"months {min(months)} to {max(months)}"


@pytest.mark.slow
def test_the_sentences_under_the_speed_table_state_its_months():
    text = " ".join((ROOT / "docs" / "library.md").read_text(encoding="utf-8").split())
    for what, phrase in _speed_prose_figures().items():
        assert phrase in text, f"docs/library.md should say {phrase!r} ({what}), as the speed table gives"


def test_the_sentences_under_the_dose_table_state_its_shape():
    """Quits fall only at the first step; loans originated and the approval share rise at every
    step, least at the last (about nine applications in ten approved there); the NPL ratio dips at
    the first step and rises at the next two, most at the last."""
    means = {r["response"]: [float(x) for x in r["means"].split(" / ")] for r in dose_response().to_dict("records")}
    quits = means["piece rate → quits a teller-month"]
    assert quits[1] < quits[0] and quits[1] == quits[2] == quits[3]
    for response in ("volume bonus → loans originated", "volume bonus → approval share"):
        steps = [b - a for a, b in zip(means[response], means[response][1:])]
        assert all(step > 0 for step in steps) and steps[2] == min(steps)
    assert round(10 * means["volume bonus → approval share"][3]) == 9
    npl = means["volume bonus → NPL ratio"]
    steps = [b - a for a, b in zip(npl, npl[1:])]
    assert steps[0] < 0 < steps[1] < steps[2]
