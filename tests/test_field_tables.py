"""docs/flip.md and docs/like_for_like.md say what their scripts print from the runs kept in
docs/data/, and those runs are what the model computes today.

The tables are computed by ``benchmarks/flip.py`` and ``benchmarks/like_for_like.py`` from
their caches (``docs/data/flip.json``, ``docs/data/flip_without_size_risk.json``,
``docs/data/like_for_like.json``). The fast tests rebuild
each table from its cache and find it verbatim in its document, so a figure in the prose's
tables is one the script prints. The slow tests re-run one run of each cache (24 months with
every field margin on) and require the same numbers, so a model change that alters them fails
until the cache and the documents are made again.
"""
from __future__ import annotations

import json
import math

import pytest

import simkit
from simkit.library.truth import close

from helpers import ROOT, load_script

DATA = ROOT / "docs" / "data"


flip = load_script("benchmarks", "flip")
like_for_like = load_script("benchmarks", "like_for_like")


def _cache(name: str) -> dict:
    runs = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {arm: {int(seed): numbers for seed, numbers in by_seed.items()} for arm, by_seed in runs.items()}


def _first(runs: dict, seeds: int, arms=None) -> dict:
    """The runs ``benchmarks/flip.py --seeds N [--arm ...]`` reads: each arm's first N seeds."""
    return {arm: {s: v for s, v in by_seed.items() if s in flip.scheme_runs.seeds_of(arm)[:seeds]}
            for arm, by_seed in runs.items() if arms is None or arm in arms}


SIZE_RISK = "bank.loans.demand.size_risk"
WITHOUT = "flip_without_size_risk.json"  # every margin but the size risk (``--leave``)


def test_the_flip_document_holds_the_tables_its_script_prints():
    """The first reading, four seeds of every arm, with every margin but the size risk (which
    changes only what a loan risks; the lending arms with it are the full-power table below)."""
    runs, text = _first(_cache(WITHOUT), 4), (ROOT / "docs" / "flip.md").read_text(encoding="utf-8")
    effects = flip.effects_table(runs)
    assert effects.split("\n\n")[0] in text
    assert flip.margins_table(runs) in text
    held = effects.rsplit("\n", 1)[-1].split(" hold")[0]  # "21 of 27"
    assert f"{held} hold at four seeds" in text
    assert f"--leave {SIZE_RISK} --seeds 4`" in text


#: the runs taken to the behaviour tests' own power, as docs/flip.md's commands choose them: the
#: lending arms with every margin, the others with every margin but the size risk
FULL_POWER = [(16, ("cm_deposit_only", "cm_loan_volume", "cm_responsibility_profit"), "flip.json", ""),
              (8, ("teller_bonus_product", "teller_equal_commission", "cm_portfolio_absolute",
                   "cm_portfolio_adjusted"), WITHOUT, f"--leave {SIZE_RISK} "),
              (8, ("fixed_pay", "teller_piece_rate", "teller_piece_rate_fines", "teller_sales_quota",
                   "teller_heavy_fines", "teller_team_pay", "lobby_sales"), WITHOUT, f"--leave {SIZE_RISK} ")]


@pytest.mark.parametrize("seeds, arms, cache, leave", FULL_POWER)
def test_the_flip_document_holds_its_full_power_tables(seeds, arms, cache, leave):
    chosen, text = _first(_cache(cache), seeds, arms), (ROOT / "docs" / "flip.md").read_text(encoding="utf-8")
    assert all(len(by_seed) == seeds for by_seed in chosen.values())
    effects = flip.effects_table(chosen)
    assert effects.split("\n\n")[0] in text
    assert f"{leave}--seeds {seeds} " + " ".join(f"--arm {arm}" for arm in arms) in text


LENDING_ARMS = ("cm_deposit_only", "cm_loan_volume", "cm_responsibility_profit")


def test_the_flip_document_holds_the_tables_without_the_size_risk():
    """The lending arms with every margin but a larger loan's risk: why that risk joined them."""
    chosen = _first(_cache(WITHOUT), 16, LENDING_ARMS)
    assert all(len(by_seed) == 16 for by_seed in chosen.values())
    text = (ROOT / "docs" / "flip.md").read_text(encoding="utf-8")
    assert flip.effects_table(chosen).split("\n\n")[0] in text
    assert flip.lending_table(chosen) in text
    assert f"--leave {SIZE_RISK} --seeds 16 " + " ".join(f"--arm {arm}" for arm in LENDING_ARMS) in text


def test_the_flip_document_holds_the_lending_table_with_every_margin():
    chosen = _first(_cache("flip.json"), 16, LENDING_ARMS)
    assert flip.lending_table(chosen) in (ROOT / "docs" / "flip.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_flip_document_holds_the_speed_table():
    speed = load_script("benchmarks", "speed")
    assert speed.table() in (ROOT / "docs" / "flip.md").read_text(encoding="utf-8")


def test_the_like_for_like_document_holds_the_table_its_script_prints():
    runs = _cache("like_for_like.json")
    assert like_for_like.table(runs) in (ROOT / "docs" / "like_for_like.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mean, paper, sign, low, high, verdict", [
    (0.30, 0.31, 1, 0.20, 0.40, "like (sign right, within ×2)"),
    (0.10, 0.31, 1, 0.05, 0.15, "sign right, ×3.1 smaller"),
    (0.80, 0.24, 1, 0.20, 1.40, "sign right, ×3.3 larger"),
    (-0.10, 0.31, 1, -0.15, -0.05, "sign wrong"),
    (0.10, 0.31, 1, -0.01, 0.21, "not distinguishable from 0"),
    (-0.05, None, -1, -0.09, -0.01, "sign right (the paper's size is not comparable)"),
    (math.nan, 0.31, 1, math.nan, math.nan, "no data"),
])
def test_the_verdict_is_computed_from_the_interval(mean, paper, sign, low, high, verdict):
    assert like_for_like.verdict(mean, paper, sign, low, high) == verdict


def _same_numbers(today: dict, cached: dict) -> None:
    """Every number the cache keeps is today's (to ``simkit.library.truth.RTOL``: the last bits
    differ between machines); a number measured since the run was kept (a key today's run has and
    the cache does not) is allowed, a changed or lost one is not."""
    assert cached.keys() <= today.keys(), sorted(cached.keys() - today.keys())
    changed = {k: (v, today[k]) for k, v in cached.items() if not close(v, today[k])}
    assert not changed, changed


@pytest.mark.slow
def test_a_flip_run_is_what_the_model_computes_today():
    arm, seed, numbers = flip.run_one(("cm_deposit_only", 11, ()))
    _same_numbers(numbers, _cache("flip.json")[arm][seed])


@pytest.mark.slow
def test_a_flip_run_without_the_size_risk_is_what_the_model_computes_today():
    arm, seed, numbers = flip.run_one(("fixed_pay", 11, (SIZE_RISK,)))
    _same_numbers(numbers, _cache(WITHOUT)[arm][seed])


@pytest.mark.slow
def test_a_like_for_like_run_is_what_the_model_computes_today():
    numbers = like_for_like.measures(simkit.run(like_for_like.scenario_of("fixed_24"), seed=11))
    cached = _cache("like_for_like.json")["fixed_24"][11]
    assert numbers.keys() == cached.keys()
    assert all(close(cached[k], numbers[k]) for k in numbers), {k: (cached[k], numbers[k]) for k in numbers}


def test_flip_refuses_what_is_not_a_field_margin_and_names_its_cache(capsys):
    assert flip.main(["--leave", "bank.loans.demand.enabledd", "--arm", "fixed_pay"]) == 2
    said = capsys.readouterr().err
    assert "flip: leave: not a field margin; allowed: one of " in said and "bank.loans.demand.enabledd" in said
    assert flip.default_cache(()) == DATA / "flip.json"
    assert flip.default_cache((SIZE_RISK,)) == DATA / "flip_without_size_risk.json"
    assert SIZE_RISK not in flip.margins((SIZE_RISK,)) and flip.margins(()) == flip.FIELD_MARGINS
