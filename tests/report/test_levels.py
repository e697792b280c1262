"""The levels table (``simkit.report.levels``): every level present with a finite model
figure inside its quantity's range, intervals that respect those ranges, verdicts that follow
from the numbers, and a citation (or an explicit "no source found") for every source."""
from __future__ import annotations

import math
import re

import pytest

import simkit
from simkit.report.levels import LEVELS, NO_SOURCE, SOURCES, Source, levels, levels_markdown, verdict
from simkit.scenario import load_scenario, with_overrides

from helpers import ROOT, SCENARIOS

PERIODS = 3  # the brief's tiny run: three monthly periods
SEEDS = (1, 2)  # the first alone is the one-seed table; both give intervals

#: what each level's figure can be: (lowest, highest)
RANGES = {
    "working days a month": (0.0, 31.0),  # a calendar month has at most 31 days
    "transactions per teller-day": (0.0, math.inf),
    "turnover, teller": (0.0, math.inf),  # quits per post-year: a post can turn over more than once a year
    "turnover, lobby manager": (0.0, math.inf),
    "turnover, customer manager": (0.0, math.inf),
    "complaints a month per branch (formal, 投诉)": (0.0, math.inf),
    "on-the-spot grumbling a month per branch (抱怨)": (0.0, math.inf),
    "NPL ratio": (0.0, 100.0),  # a percentage of the loan book
    "loans per customer manager a year": (0.0, math.inf),
}


@pytest.fixture(scope="module")
def runs():
    scenario = with_overrides(load_scenario(SCENARIOS / "schemes" / "teller_piece_rate.yaml"),
                              {"horizon.periods": PERIODS})
    return [simkit.run(scenario, seed=seed) for seed in SEEDS]


@pytest.fixture(scope="module")
def tables(runs):
    return {"one seed": levels(runs[:1]), "two seeds": levels(runs)}


def _inside(value: float, name: str) -> bool:
    lo, hi = RANGES.get(name, (-math.inf, math.inf))  # pay can be negative (fines)
    return lo <= value <= hi


@pytest.mark.slow
def test_every_level_once_with_a_finite_figure_in_its_range(tables):
    names = [level.name for level in LEVELS]
    assert set(names) == set(SOURCES) and len(set(names)) == len(names)
    for table in tables.values():
        assert list(table["level"]) == names
        for _, row in table.iterrows():
            assert math.isfinite(row["model"]), row["level"]
            assert _inside(row["model"], row["level"]), (row["level"], row["model"])


@pytest.mark.slow
def test_intervals_hold_the_mean_and_stay_in_range(tables):
    one, two = tables["one seed"], tables["two seeds"]
    assert one["model_low"].isna().all() and one["model_high"].isna().all()  # one run: no spread, no interval
    assert (one["runs"] == 1).all() and (two["runs"] == len(SEEDS)).all()
    for _, row in two.iterrows():
        lo, hi = row["model_low"], row["model_high"]
        assert math.isfinite(lo) and math.isfinite(hi), row["level"]
        assert lo <= row["model"] <= hi, row["level"]
        assert _inside(lo, row["level"]) and _inside(hi, row["level"]), (row["level"], lo, hi)


@pytest.mark.slow
def test_working_days_are_the_calendar_days_while_nobody_has_a_day_off(tables):
    # January-March 2026 (the scheme files' start date): 31 + 28 + 31 = 90 days in 3 months;
    # with no rota the model's figure is exactly that, and any rota could only lower it
    assert tables["one seed"].set_index("level").loc["working days a month", "model"] <= 90 / 3 + 1e-9


def _ratio(text: str) -> float:
    return float(text.split("×")[1].replace(",", ""))


@pytest.mark.slow
def test_verdicts_follow_from_the_numbers(tables):
    for table in tables.values():
        for _, row in table.iterrows():
            source = SOURCES[row["level"]]
            said = row["verdict"]
            if not source.has_figure:
                assert said == "no source"
                continue
            lo, hi = row["model_low"], row["model_high"]
            if not (math.isfinite(lo) and math.isfinite(hi)):
                lo = hi = row["model"]
            if hi >= source.low and lo <= source.high:
                assert said == "within", row["level"]
            elif lo > source.high:
                assert said.startswith("above ×"), row["level"]
                assert _ratio(said) == pytest.approx(row["model"] / source.high, rel=0.01)
            elif row["model"] > 0:
                assert said.startswith("below ×"), row["level"]
                assert _ratio(said) == pytest.approx(source.low / row["model"], rel=0.01)
            else:
                assert said == "below (model 0)", row["level"]


def test_verdict_by_hand():
    src = Source(10.0, 20.0, "a citation", "", "high")
    assert verdict(15.0, math.nan, math.nan, src) == "within"
    assert verdict(25.0, 19.0, 31.0, src) == "within"  # the interval meets the range
    assert verdict(40.0, 30.0, 50.0, src) == "above ×2.00"
    assert verdict(2.5, 2.0, 3.0, src) == "below ×4.00"
    assert verdict(0.0, 0.0, 0.0, src) == "below (model 0)"
    assert verdict(1000.0, math.nan, math.nan, src) == "above ×50"
    assert verdict(5.0, math.nan, math.nan, Source(None, None, NO_SOURCE, "", "none")) == "no source"
    assert verdict(150.0, math.nan, math.nan, Source(100.0, math.inf, "at least", "", "low")) == "within"


def test_every_source_has_a_citation_or_says_none_was_found():
    for name, source in SOURCES.items():
        assert source.citation.strip() and source.confidence.strip(), name
        if source.has_figure:
            assert source.citation != NO_SOURCE, name
            assert 0 <= source.low <= source.high, name
        else:
            assert source.low is None and source.high is None, name
            assert source.citation == NO_SOURCE and source.note.strip(), name  # the note says why


SEED_FILE = re.compile(r"seed (\d{3}) \((\d{3})_[0-9a-f]{16}\.txt\)")


def test_a_seed_is_cited_with_its_file_and_a_seed_quote_has_its_anchor():
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")))
    for name, source in SOURCES.items():
        seeds = re.findall(r"\bseed (\d{3})\b", source.citation)
        files = SEED_FILE.findall(source.citation)
        assert len(files) == len(seeds) and all(a == b for a, b in files), name  # "seed 002 (002_….txt)"
        if source.anchor:
            assert source.anchor in anchors and source.quote, name


@pytest.mark.slow
def test_a_run_without_periods_mixed_scenarios_and_no_runs_are_refused(runs):
    with pytest.raises(simkit.ArgumentError, match="results_list"):
        levels([])
    with pytest.raises(simkit.ArgumentError, match="results_list"):
        levels(["not a run"])
    with pytest.raises(simkit.ArgumentError, match="one scenario"):
        levels([runs[0], simkit.run(with_overrides(runs[0].scenario, {"horizon.periods": 1}), seed=1)])
    plain = simkit.run(SCENARIOS / "baseline.yaml", days=1)
    with pytest.raises(simkit.ArgumentError, match="without assessment periods"):
        levels([plain])


@pytest.mark.slow
def test_markdown_has_a_row_per_level_and_each_citation(tables):
    text = levels_markdown(tables)
    for level in LEVELS:
        assert sum(line.startswith(f"| {level.name} |") for line in text.splitlines()) == 1
        assert SOURCES[level.name].citation.replace("|", "\\|") in text
