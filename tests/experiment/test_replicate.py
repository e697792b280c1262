"""replicate(): independent replications from SeedSequence children, tidy tables, t intervals."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simkit.report.intervals import interval

import simkit
from simkit.experiment import replicate, t_interval
from simkit.scenario import load_scenario, with_overrides
from simkit.theory import erlang_c

from helpers import SCENARIOS

C, MU = 4, 0.2  # mmc.yaml: 4 windows, exponential service with mean 5 minutes


def test_confidence_interval_covers_erlang_c():
    """40 independent 2-day runs of M/M/4 at load 0.7: the 99 % Student-t interval of the
    mean wait must contain Erlang C's value, be narrow (half-width < 15 %) and exclude the
    value for a 10 % slower server, so the check could fail. Each run starts empty, which
    biases its mean wait down, but only for about the queue's relaxation time,
    1 / (c mu (1 - sqrt(rho))^2) = 47 minutes here (Morse's approximation), under 2 % of the
    2,880 minutes of a run: a bias far inside the interval's half-width."""
    lam = 0.7 * C * MU
    sc = with_overrides(load_scenario(SCENARIOS / "mmc.yaml"), {"arrivals.hourly": lam * 60})
    reps = replicate(sc, n=40, seed=2024, days=2, logs=())
    row = reps.ci(level=0.99).set_index("metric").loc["wait_mean"]
    theory = erlang_c(C, lam, MU)["wq"]
    assert row["n"] == 40
    assert row["ci_low"] <= theory <= row["ci_high"], (theory, row["ci_low"], row["ci_high"])
    assert (row["ci_high"] - row["ci_low"]) / 2 < 0.15 * theory
    wrong = erlang_c(C, lam, 0.9 * MU)["wq"]
    assert not row["ci_low"] <= wrong <= row["ci_high"]
    # the same interval, computed directly from the per-replication values (a wait is positive:
    # the interval of simkit.report.intervals for positive amounts)
    mean, lo, hi = interval(reps.kpis["wait_mean"], "positive", 0.99)
    assert (mean, lo, hi) == pytest.approx((row["mean"], row["ci_low"], row["ci_high"]), rel=1e-12)


def test_replications_use_spawned_seed_sequences():
    reps = replicate(SCENARIOS / "mmc.yaml", n=3, seed=9, days=1, logs=("customers",))
    children = np.random.SeedSequence(9).spawn(3)
    for r, child in enumerate(children):
        alone = simkit.run(SCENARIOS / "mmc.yaml", days=1, seed=child)
        mine = reps.customers[reps.customers["replication"] == r].drop(columns="replication").reset_index(drop=True)
        # same values; only the category lists differ (the stacked table has every run's servers)
        pd.testing.assert_frame_equal(mine, alone.customers, check_exact=True, check_dtype=False,
                                      check_categorical=False)
        assert reps.seeds[r] == {"entropy": 9, "spawn_key": [r]}
    # replication r does not depend on how many replications there are
    two = replicate(SCENARIOS / "mmc.yaml", n=2, seed=9, days=1, logs=())
    pd.testing.assert_frame_equal(two.kpis, reps.kpis.iloc[:2], check_exact=True)
    # and the replications differ from one another
    assert reps.kpis["customers"].nunique() == 3


def test_multi_period_replications_have_per_period_staff_and_bank_rows():
    # two monthly periods; the branch opens on Mondays only, to keep the test fast
    over = {"horizon.periods": 2, "arrivals.closed_weekdays": [1, 2, 3, 4, 5, 6]}
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "teller_piece_rate.yaml"), over)
    reps = replicate(sc, n=2, seed=3, logs=("staff_periods", "bank_periods"))
    s = reps.summary
    assert set(s["scope"]) == {"run", "bank", "staff"}
    assert sorted(reps.bank_periods["replication"].unique()) == [0, 1]
    # a staff row of the summary is the role mean of staff_periods in that period and replication
    sp = reps.staff_periods
    want = sp[(sp["replication"] == 1) & (sp["period"] == 1) & (sp["role"] == "teller")]["pay"].mean()
    got = s[(s["replication"] == 1) & (s["scope"] == "staff") & (s["period"] == 1) & (s["role"] == "teller")
            & (s["metric"] == "pay")]["value"]
    assert got.tolist() == [want]
    bank = reps.ci(scope="bank")
    assert set(bank["period"]) == {0, 1} and (bank["n"] == 2).all()
    # mean_of="all": each replication's mean over its two months, then the interval (from bank_periods)
    per_rep = reps.bank_periods.groupby("replication")["profit"].mean()
    row = reps.ci(scope="bank", mean_of="all").set_index("metric").loc["profit"]
    np.testing.assert_allclose([row["mean"], row["ci_low"], row["ci_high"]], t_interval(per_rep), rtol=1e-12)
    last = reps.ci(scope="bank", mean_of=1).set_index("metric")["mean"]
    np.testing.assert_allclose(last, bank[bank["period"] == 1].set_index("metric")["mean"].loc[last.index], rtol=1e-12)
    with pytest.raises(ValueError, match="mean_of: allowed: None, 'all' or a whole number"):
        reps.ci(mean_of=0)
    with pytest.raises(AttributeError, match="not kept"):
        reps.events
