"""Fair grading (issue 23 item 4): an exercise that ranks things must be decided well outside
its noise. For each such question of notebooks 00-03 the registered answer is the winner, and
its lead over the runner-up, paired by replication (common random numbers), is beyond the
two-sided 99.9 % Student-t bound — on the notebook's own run where it has replications of its
own (days), and across seeds, so that the right answer is not a property of one lucky seed.
(02.best_lever is tested the same way in test_teach.py.)"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import simkit
from simkit.teach import RIGHT, WRONG, verdict

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "scenarios" / "baseline.yaml"
BUSY = ["serve", "triage", "sell", "second_triage"]  # what utilisation_<role> counts as busy
STAFF = ["teller", "lobby_manager", "customer_manager"]  # 01.idle_role's options (machines left out)


def _lead_beyond_noise(gap, what: str) -> None:
    gap = np.asarray(gap, dtype=float)
    gap = gap[np.isfinite(gap)]
    n = len(gap)
    se = gap.std(ddof=1) / math.sqrt(n)
    bound = stats.t.ppf(0.9995, n - 1) * se
    assert gap.mean() > bound, f"{what}: lead {gap.mean():.3f} ± {se:.3f} (n={n}) is not beyond {bound:.3f}"


@pytest.fixture(scope="module")
def weeks():
    """The baseline week of notebook 01 (seed 1) and of nineteen more seeds."""
    return {s: simkit.run(BASE, days=7, seed=s) for s in range(1, 21)}


def test_idle_role_is_the_least_utilised_staff_far_outside_its_noise(weeks):
    util = pd.DataFrame({s: {r: w.kpis()[f"utilisation_{r}"] for r in STAFF} for s, w in weeks.items()}).T
    ranked = util.mean().sort_values().index
    best, runner = ranked[0], ranked[1]
    assert verdict("01.idle_role", best).status == RIGHT
    assert verdict("01.idle_role", "machine").status == WRONG
    assert (util.idxmin(axis=1) == best).all(), "the least utilised kind of staff changes with the seed"
    _lead_beyond_noise(util[runner] - util[best], "01.idle_role across seeds 1-20")

    # the notebook's own week, day by day (as its solution cell prints it)
    w = weeks[1]
    b = w.scenario.branch
    sa = w.staff_activity
    busy = sa[sa["activity"].isin(BUSY)]
    per_day = busy.assign(day=(busy["start"] // 1440).astype(int)).groupby(["day", "role"], observed=True)["minutes"].sum()
    per_day = per_day.unstack() / (sa.groupby("role", observed=True)["staff"].nunique()
                                   * (b.close_minute - b.open_minute))
    assert per_day[STAFF].mean().idxmin() == best
    _lead_beyond_noise(per_day[runner] - per_day[best], "01.idle_role, seed 1's week by day")


def test_peak_hour_is_noon_far_outside_its_noise(weeks):
    """01.peak_hour reads the hour of the longest mean wait off seed 1's week (where noon leads
    by about 5 minutes); that hour is the branch's, not the seed's: across twenty weeks it leads
    the runner-up beyond the bound. (A single week is not always enough: noon comes second in
    2 of these 20 weeks, and ten weeks do not clear the bound.)"""
    def by_hour(w):
        c = w.customers[w.customers["start"].notna()]
        return c.groupby((c["arrive"] % 1440 // 60).astype(int))["wait"].mean()

    waits = pd.DataFrame({s: by_hour(w) for s, w in weeks.items()}).T
    ranked = waits.mean().sort_values(ascending=False).index
    assert verdict("01.peak_hour", int(ranked[0])).status == RIGHT
    _lead_beyond_noise(waits[ranked[0]] - waits[ranked[1]], "01.peak_hour across seeds 1-20")


def test_busiest_segment_far_outside_its_noise():
    """00.busiest asks for the segment with the most visits on one day (it used to ask for the
    longest mean wait, whose winner changed with the seed)."""
    visits = pd.DataFrame({s: simkit.run(BASE, days=1, seed=s).customers["segment"].astype(str).value_counts()
                           for s in range(1, 21)}).T.fillna(0)
    ranked = visits.mean().sort_values(ascending=False).index
    assert verdict("00.busiest", ranked[0]).status == RIGHT
    assert (visits.idxmax(axis=1) == ranked[0]).all()
    _lead_beyond_noise(visits[ranked[0]] - visits[ranked[1]], "00.busiest across seeds 1-20")


def test_no_lobby_manager_rise_is_far_outside_its_noise():
    """02.no_lobby_wait reads a rise off the five days of notebook 02: it is a real rise, beyond
    the 99.9 % bound of its day-by-day paired noise."""
    from simkit.widgets import simulate

    days = range(1, 6)  # notebook 02's DAYS
    base = np.array([r.kpis()["wait_mean"] for r in simulate(BASE, {}, days, days=1)])
    none = np.array([r.kpis()["wait_mean"] for r in simulate(BASE, {"branch.lobby_managers": 0}, days, days=1)])
    _lead_beyond_noise(none - base, "02.no_lobby_wait over seeds 1-5")


def test_month_end_windows_decided_far_outside_its_noise():
    """03.month_end_windows asks for the fewest ordinary windows that call the branch head's 75 %
    of month-end customers within 10 minutes (28-30 Nov of month_end.yaml, graded on seed 1). It
    used to ask for 80 %: five windows average about 79 % over seeds, right on that target, so
    seed 1's answer (6) was luck. Against 75 % the registered answer clears the target, and one
    window fewer falls short of it, by margins beyond the 99.9 % bound across seeds 1-20, paired
    by seed (common random numbers); the answer is the same on each of seeds 1-8. A single
    month-end is still noisy (about ±3 points a seed): of seeds 1-20, seed 10 misses 75 % with
    five windows and seed 11 reaches it with four, which is why the margins are tested on the mean
    over seeds. (The notebook's own run, three days of one seed, is too short for a bound of its own.)"""
    from simkit.teach_answers.nb03 import TARGET, month_end_level

    seeds = range(1, 21)
    level = pd.DataFrame({s: {n: month_end_level(n, seed=s) for n in (4, 5)} for s in seeds}).T
    assert verdict("03.month_end_windows", 5).status == RIGHT
    assert verdict("03.month_end_windows", 4).status == WRONG
    assert verdict("03.month_end_windows", 6).status == WRONG
    first8 = level.loc[1:8]
    assert (first8[5] >= TARGET).all() and (first8[4] < TARGET).all(), "the answer changes within seeds 1-8"
    _lead_beyond_noise(level[5] - TARGET, "03.month_end_windows: 5 windows above the target, seeds 1-20")
    _lead_beyond_noise(TARGET - level[4], "03.month_end_windows: 4 windows below the target, seeds 1-20")

