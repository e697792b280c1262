"""``simkit sensitivity``: the ranges registry, the analysis on functions with known indices
(Ishigami for Sobol, a linear function for Morris), bad arguments, and one tiny real run
through the sweep machinery and its store, resumed."""
from __future__ import annotations

import math

import numpy as np
import pytest
from SALib.test_functions import Ishigami

from simkit.arguments import ArgumentError
from simkit.experiment.ranges import RANGES
from simkit.experiment.sensitivity import FILES, Runs, analyse, sensitivity
from simkit.scenario import load_scenario, with_overrides

from experiment.conftest import cli
from helpers import SCENARIOS

REFERENCE = SCENARIOS / "schemes" / "fixed_pay.yaml"
SCHEME = SCENARIOS / "schemes" / "teller_piece_rate.yaml"


def _default_at(scenario, path: str):
    value = scenario.model_dump()
    for key in path.split("."):
        value = value[key]
    return value


@pytest.mark.parametrize("path", list(RANGES))
def test_every_range_validates_at_both_ends_and_holds_the_default(path):
    low, high, reason = RANGES[path]
    assert low < high and len(reason.split()) >= 5, f"{path}: a range and a reason in words"
    for name in ("baseline.yaml", "schemes/fixed_pay.yaml"):
        base = load_scenario(SCENARIOS / name)
        for end in (low, high):
            assert _default_at(with_overrides(base, {path: end}), path) == pytest.approx(end)
        assert low <= _default_at(base, path) <= high, f"{path}: the default lies in its documented range"


def _ishigami_truth(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total Sobol indices of Ishigami's function, analytically (Saltelli et al.
    2008, *Global Sensitivity Analysis: The Primer*, §1.2.7 / Ishigami & Homma 1990)."""
    v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = 8 * b ** 2 * math.pi ** 8 / 225
    total = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / total, np.array([v1 + v13, v2, v13]) / total


def test_sobol_recovers_ishigami_within_its_intervals():
    first, total = _ishigami_truth()
    assert first == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert total == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)
    # six intervals checked at once: each at 1 - 0.05/6 (Bonferroni), so all six hold at 95 % jointly
    level = 1 - 0.05 / 6
    ranges = {f"x{i}": (-math.pi, math.pi) for i in (1, 2, 3)}
    found = analyse(Ishigami.evaluate, ranges, "sobol", 1024, seed=2026, level=level)
    assert len(found.design) == 1024 * (3 + 2)
    for key, truth in (("S1", first), ("ST", total)):
        error = np.abs(found.indices[key].to_numpy() - truth)
        assert (error <= found.indices[f"{key}_conf"].to_numpy()).all(), (key, error, found.indices)


def test_morris_gives_the_exact_elementary_effects_of_a_linear_function():
    slopes = np.array([3.0, -2.0, 0.0, 0.5])
    ranges = {"a": (0.0, 1.0), "b": (10.0, 20.0), "c": (-1.0, 1.0), "d": (100.0, 300.0)}
    found = analyse(lambda design: design @ slopes, ranges, "morris", 6, seed=7)
    widths = np.array([hi - lo for lo, hi in ranges.values()])
    # an elementary effect is the change per unit of the scaled range: slope x width, every time
    assert found.indices["mu"].to_numpy() == pytest.approx(slopes * widths, abs=1e-9)
    assert found.indices["mu_star"].to_numpy() == pytest.approx(np.abs(slopes * widths), abs=1e-9)
    assert found.indices["sigma"].to_numpy() == pytest.approx(np.zeros(4), abs=1e-9)
    assert len(found.design) == 6 * (4 + 1)


def test_a_model_that_gives_no_number_is_refused():
    with pytest.raises(Exception, match="not finite"):
        analyse(lambda design: np.full(len(design), np.nan), {"a": (0, 1)}, "morris", 2)


@pytest.mark.parametrize("kwargs, flag, words", [
    ({"factors": ["behaviour.learning.nope"]}, "factor", "behaviour.learning.rate"),
    ({"factors": ["behaviour.learning.rate", "behaviour.learning.rate"]}, "factor", "named twice"),
    ({"metric": "staff:boss:pace"}, "metric", "staff:ROLE:KEY"),
    ({"method": "fast"}, "method", "'morris', 'sobol'"),
    ({"method": "sobol", "trajectories": 10}, "trajectories", "power of two"),
    ({"seeds": 0}, "seeds", "from 1"),
])
def test_bad_arguments_are_refused_before_anything_runs(tmp_path, kwargs, flag, words):
    arguments = {"metric": "wait_mean", "factors": ["behaviour.learning.rate"], **kwargs}
    metric, factors = arguments.pop("metric"), arguments.pop("factors")
    with pytest.raises(ArgumentError, match=words) as caught:
        sensitivity(REFERENCE, SCHEME, metric, factors, runs=Runs(tmp_path / "out"), **arguments)
    assert caught.value.name == flag
    assert not (tmp_path / "out").exists()


def test_the_command_says_an_unknown_factor_in_one_line(tmp_path):
    process = cli("sensitivity", REFERENCE, SCHEME, "--metric", "wait_mean", "--factor", "nope",
                  "--out", tmp_path / "out")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "--factor" in err and "behaviour.learning.rate" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_tiny_real_run_through_the_sweep_store_and_resume(tmp_path):
    # the branch opens on Mondays only, two monthly periods: about a second a run
    monday_only = {"arrivals.closed_weekdays": [1, 2, 3, 4, 5, 6]}
    reference = with_overrides(load_scenario(REFERENCE), monday_only)
    scheme = with_overrides(load_scenario(SCHEME), monday_only)
    factor = "behaviour.choices.teller.pace.cost"
    runs = Runs(tmp_path / "out", executor="serial", progress=False)
    found = sensitivity(reference, scheme, "staff:teller:pay", [factor], trajectories=2, seeds=2, periods=2, runs=runs)
    stored = sorted(p.name for p in (tmp_path / "out" / "reference" / "tasks").iterdir())
    points = len({tuple(row) for row in found.design[[factor]].to_numpy()})
    assert len(stored) == points * 2 and len(found.design) == 2 * (1 + 1)
    assert (found.design["effect"] < 0).all()  # the piece rate's low base pays tellers less over two months
    assert list(found.indices["factor"]) == [factor] and np.isfinite(found.indices["mu_star"]).all()
    again = sensitivity(reference, scheme, "staff:teller:pay", [factor], trajectories=2, seeds=2, periods=2,
                        runs=Runs(runs.out, executor="serial", resume=True, progress=False))
    assert again.design.equals(found.design) and again.indices.equals(found.indices)
    paths = found.write(runs.out)
    assert [p.name for p in paths] == list(FILES) and all(p.stat().st_size > 0 for p in paths)
    assert factor in (runs.out / "sensitivity.md").read_text(encoding="utf-8")
