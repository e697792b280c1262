"""Aligned mode (``arrivals.aligned``, ``bank.loans.aligned``): customers keyed by arrival order and
loan files by (post, period, source, index), so two arms on one seed meet the same customers and
read the same files however far their queues drift apart; off, nothing changes.

With the shared streams, one extra return after an error shifts every later customer's draws
(measured in docs/experiments.md, "Variance reduction"): the tests below make the arms differ
from the first minute (tellers at opposite paces) so the drift shows within a few days.
"""
from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest

import simkit
from simkit.bank import Activity, Books
from simkit.bank.loans import decide
from simkit.branch import Branch, BranchPlan
from simkit.branch.rng import KeyedRows, keyed, post_key
from simkit.report.control_variates import ControlVariateError, controlled_difference
from simkit.report.intervals import difference
from simkit.scenario import ScenarioError, load_scenario, with_overrides
from simkit.scenario.models import Ability

from helpers import SCENARIOS

BASE = load_scenario(SCENARIOS / "baseline.yaml")
ALIGNED = with_overrides(BASE, {"arrivals.aligned": True, "bank.loans.aligned": True})
DAYS = 4  # four opening days: about 1,700 first visits and a few dozen returns after errors
SEED = 5
ATTRIBUTES = ("segment", "need", "comm", "patience", "work_e", "work_z", "appointment")


def _first_visits(scenario, pace: float, seed: int = SEED) -> list[tuple]:
    """Attributes of every first visit in ``DAYS`` days with every teller at ``pace``."""
    branch = Branch(BranchPlan.compile(scenario, days=DAYS), seed=seed)
    for member in branch.staff:
        if member.role == "teller":
            branch.set_choices(member.id, member.choices.model_copy(update={"pace": pace}))
    branch.run()
    return [tuple(getattr(c, a) for a in ATTRIBUTES) for c in branch.customers if c.return_of < 0]


def test_off_by_default():
    assert BASE.arrivals.aligned is False and BASE.bank.loans.aligned is False


def test_a_non_boolean_switch_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {SCENARIOS / 'baseline.yaml'}\narrivals: {{aligned: 'yes'}}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="aligned"):
        load_scenario(path)


def test_aligned_arms_meet_the_same_customers_exactly():
    """Opposite teller paces: the shared stream drifts within the run (an extra or missing return
    shifts every later draw), the aligned one gives every first visit the same attributes."""
    slow, fast = _first_visits(ALIGNED, 0.8), _first_visits(ALIGNED, 1.2)
    assert len(slow) == len(fast) > 1000  # the arrivals stream already matched: the same count
    assert slow == fast
    plain_slow, plain_fast = _first_visits(BASE, 0.8), _first_visits(BASE, 1.2)
    assert plain_slow != plain_fast  # without it they drift: the test can tell the modes apart


def test_aligned_customers_depend_on_the_seed():
    assert _first_visits(ALIGNED, 1.0, seed=SEED)[:50] != _first_visits(ALIGNED, 1.0, seed=SEED + 1)[:50]


def test_keyed_rows_depend_on_index_alone():
    """Row k is the same whether the rows before it were read or not, across block edges."""
    rows = KeyedRows(SEED, 201)
    read_in_order = [rows.row(i).uniform() for i in range(2100)]
    fresh = KeyedRows(SEED, 201)
    assert [fresh.row(i).uniform() for i in (2099, 1024, 3, 1023)] == [read_in_order[i] for i in (2099, 1024, 3, 1023)]
    assert post_key("M1") != post_key("M2") and post_key("M1") == post_key("M1")


def _files(books: Books, posts: list[str]) -> list[tuple]:
    """Quality and signal of every file the books read this period, applications made in the branch."""
    choices = {post: BASE.staff.choices.customer_manager for post in {"M1", "M2"}}
    books._originate(Activity(applications=[(post, 0.6) for post in posts]), choices)
    return [(post, bad, risk) for (_, post, _, _, risk, bad, _) in books.files]


def _books(scenario, burn: int) -> Books:
    """Books on one seed whose shared stream has had ``burn`` draws taken (another arm's history)."""
    draws = keyed(SEED, 101)  # the books' stream as simkit.simulation derives it
    for _ in range(burn):
        draws.uniform()
    return Books(scenario.bank, {"M1": Ability(), "M2": Ability()}, draws, 1, 60.0)


def test_aligned_loan_files_are_keyed_by_post_and_index():
    """Two arms whose shared books stream has drifted, with different numbers of files: every file
    both read (same post, same index) has the same hidden quality and the same reading."""
    one = _files(_books(ALIGNED, 0), ["M1"] * 5 + ["M2"] * 3)
    other = _files(_books(ALIGNED, 7), ["M2"] * 4 + ["M1"] * 6)
    assert [f for f in one if f[0] == "M1"] == [f for f in other if f[0] == "M1"][:5]
    assert [f for f in one if f[0] == "M2"] == [f for f in other if f[0] == "M2"][:3]
    plain = _files(_books(BASE, 0), ["M1"] * 5), _files(_books(BASE, 7), ["M1"] * 5)
    assert plain[0] != plain[1]  # the shared stream does not align them


def test_keyed_file_stream_gives_the_decision_drawn_from_it():
    """The books decide a keyed file exactly as ``decide`` does from that key's stream."""
    books = _books(ALIGNED, 0)
    got = _files(books, ["M1"])[0]
    key = keyed(books.draws.gen.bit_generator.seed_seq, 203, post_key("M1"), 0, 0, 0)
    d = decide(ALIGNED.bank.loans, key, 0.6, BASE.staff.choices.customer_manager.strictness)
    assert (got[1], got[2]) == (d.bad, d.risk)


def _tables(scenario, seed: int) -> pd.DataFrame:
    """The customers and events tables of a two-day run, side by side in one frame."""
    results = simkit.run(scenario, seed=seed, days=2)
    return pd.concat({"customers": results.customers, "events": results.events}, axis=1)


def test_aligned_runs_are_deterministic_in_and_out_of_process():
    """Same seed, same results, bit for bit: twice in this process and once in a worker process."""
    here = _tables(ALIGNED, SEED)
    pd.testing.assert_frame_equal(_tables(ALIGNED, SEED), here, check_exact=True)
    with ProcessPoolExecutor(max_workers=1) as pool:
        pd.testing.assert_frame_equal(pool.submit(_tables, ALIGNED, SEED).result(), here, check_exact=True)


def test_control_variate_recovers_a_known_difference():
    """d = 1 + 3c + small noise: the controlled estimate is within its own interval of 1 and far
    narrower than the plain paired interval, whose spread is mostly c's."""
    rng = np.random.default_rng(SEED)
    control = rng.normal(size=12)
    a = rng.normal(size=12)
    b = a + 1.0 + 3.0 * control + 0.1 * rng.normal(size=12)
    estimate, lo, hi, slopes = controlled_difference(a, b, control)
    assert lo < 1.0 < hi and abs(slopes[0] - 3.0) < 0.2
    plain = difference(a, b)
    assert (hi - lo) < (plain[2] - plain[1]) / 5


def test_control_variate_refuses_bad_input():
    with pytest.raises(ControlVariateError, match="one value per seed"):
        controlled_difference([1, 2, 3], [1, 2, 3], [1, 2])
    with pytest.raises(ControlVariateError, match="does not vary"):
        controlled_difference([1, 2, 3, 4], [2, 3, 5, 4], [0, 0, 0, 0])
    with pytest.raises(ControlVariateError, match="at least 3 seeds"):
        controlled_difference([1, 2], [2, 3], [0.5, 1.0])
    with pytest.raises(ControlVariateError, match="finite"):
        controlled_difference([1, 2, math.nan], [2, 3, 4], [0.5, 1.0, 2.0])
