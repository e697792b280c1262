"""Fair grading: every question of every notebook is decided well outside its noise.

``INVENTORY`` lists every question id of the registry with its kind and the way its fairness is
shown; ``test_every_registered_question_is_in_the_inventory_with_its_kind`` fails when a question
is added to ``simkit.teach_answers`` without a row there, and
``test_every_way_of_the_inventory_has_its_tests`` when a row has no test. The ways:

* ranking (00.busiest, 01.idle_role, 01.peak_hour, 02.best_lever): the registered winner leads the
  runner-up, paired by replication (common random numbers), beyond the two-sided 99.9 % Student-t
  bound, across seeds and where the notebook has replications of its own on its own run
  (02.best_lever in test_teach.py);
* arithmetic (no simulation): the solution passes; a named slip (wrong unit, a left-out term, the
  ratio upside down) and the answer off by twice the tolerance fail (``ARITHMETIC``);
* run (a number read from one seeded run): the solution passes and a named slip fails on the graded
  seed, and on each of ten further seeds the slip lies more than twice the tolerance away, so the
  slip is refused by the question, not by the seed (``RUN``);
* logic (a choice settled by a formula or a scenario number): the right option passes, every other
  fails (``LOGIC``);
* judges: 07.weights is a pure function (no noise); 03.month_end_windows, 02.sell_and_serve,
  08.vip_fast and 08.fair_fines run the simulation on several seeds themselves, and the solution
  passes and a one-step-worse answer fails on each of ``BLOCKS`` disjoint blocks of seeds of the
  judge's own size, their day-by-day (month-by-month) margins beyond the 99.9 % bound.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import simkit
from simkit import teach
from simkit.bank.loans import file_odds
from simkit.measure.fairness import gini
from simkit.pay import PayLedger, PayScheme, pay_period
from simkit.report.timeline import activity_shares
from simkit.scenario import load_scenario, with_overrides
from simkit.teach import RIGHT, WRONG, verdict
from simkit.teach_answers.nb02 import JUDGE_SEEDS, MIN_CUT, daily_waits
from simkit.teach_answers.nb03 import TARGET, month_end_level
from simkit.teach_answers.nb07 import MIN_RATIO, scores
from simkit.teach_answers.nb08 import ALL_SLACK, FINE_SEEDS, FINE_SHARE, VIP_SEEDS, VIP_WAIT, called_waits, fines_and_piece
from simkit.theory import erlang_c
from simkit.widgets import mean_kpis, simulate

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
    seeds = range(1, 21)
    level = pd.DataFrame({s: {n: month_end_level(n, seed=s) for n in (4, 5)} for s in seeds}).T
    assert verdict("03.month_end_windows", 5).status == RIGHT
    assert verdict("03.month_end_windows", 4).status == WRONG
    assert verdict("03.month_end_windows", 6).status == WRONG
    first8 = level.loc[1:8]
    assert (first8[5] >= TARGET).all() and (first8[4] < TARGET).all(), "the answer changes within seeds 1-8"
    _lead_beyond_noise(level[5] - TARGET, "03.month_end_windows: 5 windows above the target, seeds 1-20")
    _lead_beyond_noise(TARGET - level[4], "03.month_end_windows: 4 windows below the target, seeds 1-20")



# ------------------------------------------------------------------ every question of every notebook
#: every question, its kind and how its fairness is shown in this module (or in test_teach.py):
#: ranking — the registered winner leads beyond the 99.9 % paired bound across seeds;
#: arithmetic — no simulation: the solution passes, a named slip and the answer ± twice the tolerance fail;
#: run — a number read from one seeded run: the solution passes and a named slip fails on the graded seed,
#:   and on each of ten other seeds the slip lies more than twice the tolerance from the right value;
#: logic — a choice decided by a formula or the scenario: the right option passes, every other fails;
#: pure judge — a judge on a pure function: the solution passes and a one-step-worse answer fails;
#: sim judge — a judge that runs the simulation: the solution passes and a one-step-worse answer
#:   fails on each of four disjoint blocks of seeds, with day-by-day margins beyond the 99.9 % bound.
INVENTORY = {
    "00.customers": ("number", "run"), "00.gave_up": ("number", "run"), "00.busiest": ("choice", "ranking"),
    "01.peak_hour": ("number", "ranking"), "01.t1_serving": ("number", "run"), "01.idle_role": ("choice", "ranking"),
    "02.no_lobby_wait": ("number", "run"), "02.best_lever": ("choice", "ranking"),
    "02.sell_and_serve": ("judge", "sim judge"),
    "03.windows_needed": ("number", "arithmetic"), "03.last_day_wait": ("number", "run"),
    "03.month_end_windows": ("judge", "sim judge"),
    "04.piece_pay": ("number", "arithmetic"), "04.breakeven": ("number", "arithmetic"),
    "04.pays_for": ("choice", "logic"),
    "05.loan_loss": ("number", "arithmetic"), "05.first_checks": ("number", "arithmetic"),
    "05.advance": ("number", "arithmetic"), "05.sees_default": ("choice", "logic"), "05.foresees": ("choice", "logic"),
    "06.adjusted_pay": ("number", "arithmetic"), "06.gini": ("number", "arithmetic"),
    "06.free_ride": ("number", "arithmetic"),
    "07.weights": ("judge", "pure judge"), "07.annual": ("number", "arithmetic"),
    "08.vip_share": ("number", "run"), "08.no_lobby_sl15": ("number", "run"), "08.complaint_driver": ("choice", "logic"),
    "08.erlang_wait": ("number", "arithmetic"), "08.ci_halfwidth": ("number", "run"),
    "08.pace_errors": ("number", "run"), "08.vip_fast": ("judge", "sim judge"), "08.fair_fines": ("judge", "sim judge"),
}


def test_every_registered_question_is_in_the_inventory_with_its_kind():
    """A new question fails here until it is added to INVENTORY and to the tests of its way."""
    kinds = {qid: q.kind for qid, q in teach.registry().items()}
    assert kinds == {qid: kind for qid, (kind, _) in INVENTORY.items()}


def _ways(way: str) -> set[str]:
    return {qid for qid, (_, how) in INVENTORY.items() if how == way}


def test_every_way_of_the_inventory_has_its_tests():
    """Each question is in the table of the test that shows its fairness (ranking and sim judges
    name their test functions)."""
    assert set(ARITHMETIC) == _ways("arithmetic")
    assert set(RUN) == _ways("run")
    assert set(LOGIC) == _ways("logic")
    tested = {"00.busiest", "01.idle_role", "01.peak_hour", "02.best_lever"}  # above, and in test_teach.py
    assert tested == _ways("ranking")
    assert {"02.sell_and_serve", "03.month_end_windows", "08.vip_fast", "08.fair_fines"} == _ways("sim judge")


def _erlang_windows(lam: float, mu: float, target: float = 0.8, t: float = 10.0) -> int:
    """Notebook 03's windows_needed: the fewest windows whose Erlang C share called within t reaches target."""
    c = max(1, math.ceil(lam / mu))
    while 1.0 - erlang_c(c, lam, mu)["p_wait"] * math.exp(-(c * mu - lam) * t) < target:
        c += 1
    return c


def _piece_pay(complaint_fine: float) -> float:
    scheme = PayScheme.model_validate({"components": [
        {"kind": "fixed", "base": 2000.0, "position": 500.0},
        {"kind": "piece_rate", "per_transaction": 1.5, "fine_per_error": 40.0, "fine_per_complaint": complaint_fine}]})
    slips, _ = pay_period({"T": scheme}, {"T": {"transactions": 1800, "errors": 30, "complaints": 12}}, 0, PayLedger())
    return slips["T"].total


def _loans():
    return load_scenario(ROOT / "scenarios" / "schemes" / "cm_responsibility_profit.yaml").bank.loans


def _annual_split():
    return load_scenario(ROOT / "scenarios" / "schemes" / "cm_monthly_annual.yaml").pay.customer_manager.components[1]


#: question -> (the solution as the notebook computes it, a one-step-worse answer, what the slip is)
ARITHMETIC = {
    "03.windows_needed": (lambda: _erlang_windows(108 / 60, 1 / 6), lambda: math.ceil(108 / 60 * 6),
                          "offered load rounded up (stable, but misses the service target)"),
    "04.piece_pay": (lambda: _piece_pay(100.0), lambda: _piece_pay(0.0), "the complaint fines left out"),
    "04.breakeven": (lambda: 40 / 1.5, lambda: 1.5 / 40, "the ratio upside down"),
    "05.loan_loss": (lambda: 1e6 * _loans().provision_substandard + 4e5 * _loans().provision_doubtful
                     + 1e5 * _loans().provision_loss,
                     lambda: 1e6 * _loans().provision_substandard + 4e5 * _loans().provision_doubtful,
                     "the loss class left out"),
    "05.first_checks": (lambda: 100 * (file_odds(_loans(), 0.1, 0.5)["bad_in_book"]
                                       - file_odds(_loans(), 0.3, 0.5)["bad_in_book"]),
                        lambda: file_odds(_loans(), 0.1, 0.5)["bad_in_book"]
                        - file_odds(_loans(), 0.3, 0.5)["bad_in_book"],
                        "a fraction, not percentage points (wrong unit)"),
    "05.advance": (lambda: 250_000 * 300 / 10_000 * 0.6, lambda: 250_000 * 300 / 10_000,
                   "the whole pay earned, not the advanced share"),
    "06.adjusted_pay": (lambda: 42e6 / (20e6 * (40e6 / 20e6)) * 5000, lambda: 42e6 / 20e6 * 5000,
                        "the base target, not adjusted for the inherited portfolio"),
    "06.gini": (lambda: gini([3000, 3000, 6000, 12000]), lambda: 2 * gini([3000, 3000, 6000, 12000]),
                "mean absolute difference over the mean, not twice the mean"),
    "06.free_ride": (lambda: 1.5 / 5, lambda: 1.5, "the whole rate, forgetting the pool is shared by five"),
    "07.annual": (lambda: _annual_split().annual_pool * _annual_split().grades["C"].coefficient,
                  lambda: _annual_split().annual_pool, "the pool at grade B, the coefficient left out"),
    "08.erlang_wait": (lambda: erlang_c(3, 30 / 60, 1 / 5)["wq"], lambda: erlang_c(3, 30, 12)["wq"],
                       "rates per hour: the wait in hours (wrong unit)"),
}


@pytest.mark.parametrize("qid", sorted(ARITHMETIC))
def test_arithmetic_solution_passes_and_its_slip_fails(qid):
    solve, slip, _what = ARITHMETIC[qid]
    right, tol = float(solve()), teach.question(qid).tolerance
    assert verdict(qid, right).status == RIGHT
    assert verdict(qid, float(slip())).status == WRONG, f"{qid}: the slip ({_what}) passes"
    for off in (right - 2 * tol, right + 2 * tol):
        assert verdict(qid, off).status == WRONG, f"{qid}: {off} (twice the tolerance off) passes"


def _called(res):
    return res.customers[res.customers["start"].notna()]


def _last_day_waits(seed: int) -> tuple[float, float]:
    """03.last_day_wait: the mean wait on 30 Nov (right) and on 29 Nov (the neighbouring row) with
    3 ordinary windows of month_end.yaml."""
    res = simkit.run(with_overrides(load_scenario(ROOT / "scenarios" / "month_end.yaml"),
                                    {"branch.windows.ordinary": 3}), seed=seed)
    g = _called(res).groupby("day")["wait"].mean()
    return float(g.iloc[-1]), float(g.iloc[-2])


def _no_lobby_rise(block: int) -> tuple[float, float]:
    days = range(5 * block - 4, 5 * block + 1)  # block 1: notebook 02's DAYS, seeds 1-5
    base = mean_kpis(simulate(BASE, {}, days, days=1), ["wait_mean"])["wait_mean"]
    none = mean_kpis(simulate(BASE, {"branch.lobby_managers": 0}, days, days=1), ["wait_mean"])["wait_mean"]
    return none - base, none


def _ci_halfwidth(block: int) -> tuple[float, float]:
    daily = pd.Series([r.kpis()["wait_mean"] for r in simulate(BASE, None, range(10 * block - 9, 10 * block + 1),
                                                                  days=1)])
    t = stats.t.ppf(0.975, len(daily) - 1)
    return (t * daily.std(ddof=1) / math.sqrt(len(daily)), t * daily.std(ddof=0) / math.sqrt(len(daily)))


def _pace_errors(seed: int) -> tuple[float, float]:
    fast = with_overrides(load_scenario(BASE), {"staff.choices.teller.pace": 1.4})
    return (simkit.run(fast, days=3, seed=seed).kpis()["error_rate"],
            simkit.run(BASE, days=3, seed=seed).kpis()["error_rate"])


def _share_vip(seed: int) -> tuple[float, float]:
    """08.vip_share's right value and the slip tested on every seed, a percentage. (The share among
    called customers, which test_teach.py shows is refused on seed 2, lies 0.005 from the right value
    there but within the tolerance on seeds 3, 9 and 12: it is refused by the graded seed's luck.)"""
    share = float((simkit.run(BASE, days=7, seed=seed).customers["segment"] == "vip").mean())
    return share, 100 * share


def _gave_up(seed: int) -> tuple[float, float]:
    k = simkit.run(BASE, days=1, seed=seed).kpis()
    return k["balked_rate"] + k["reneged_rate"], 100 * (k["balked_rate"] + k["reneged_rate"])


def _customers(seed: int) -> tuple[float, float]:
    res = simkit.run(BASE, days=1, seed=seed)
    return len(res.customers), len(_called(res))


def _t1_serving(seed: int) -> tuple[float, float]:
    minutes = activity_shares(simkit.run(BASE, days=7, seed=seed), day=1).loc["T1", "serve"]
    return float(minutes), float(minutes) / 60


def _no_lobby_sl15(seed: int) -> tuple[float, float]:
    return (simkit.run(ROOT / "scenarios" / "no_lobby_manager.yaml", days=7, seed=seed).kpis()["served_within_15"],
            simkit.run(BASE, days=7, seed=seed).kpis()["served_within_15"])


#: question -> (the seed, or block of seeds, it is graded on; (right, slip) for a seed or block; the slip)
RUN = {
    "00.customers": (2, _customers, "only the called customers counted"),
    "00.gave_up": (2, _gave_up, "a percentage, not a fraction (wrong unit)"),
    "01.t1_serving": (1, _t1_serving, "hours, not minutes (wrong unit)"),
    "02.no_lobby_wait": (1, _no_lobby_rise, "the wait without a lobby manager, not its rise"),
    "03.last_day_wait": (1, _last_day_waits, "the neighbouring row (29 Nov)"),
    "08.vip_share": (2, _share_vip, "a percentage, not a fraction (wrong unit)"),
    "08.no_lobby_sl15": (2, _no_lobby_sl15, "the baseline scenario run instead"),
    "08.ci_halfwidth": (1, _ci_halfwidth, "the standard deviation with ddof=0 (numpy's default)"),
    "08.pace_errors": (1, _pace_errors, "the pace override forgotten"),
}
OTHER_SEEDS = 10  # ten more seeds (or blocks): a slip that is a property of the question, not of the seed


@pytest.mark.statistical
@pytest.mark.parametrize("qid", sorted(RUN))
def test_run_read_solution_passes_and_its_slip_fails_on_every_seed(qid):
    graded, measure, what = RUN[qid]
    right, slip = measure(graded)
    tol = teach.question(qid).tolerance
    assert verdict(qid, float(right)).status == RIGHT
    assert verdict(qid, float(slip)).status == WRONG, f"{qid}: the slip ({what}) passes"
    for s in range(graded + 1, graded + 1 + OTHER_SEEDS):
        right, slip = measure(s)
        assert abs(slip - right) > 2 * tol, f"{qid}, seed {s}: the slip ({what}) is within twice the tolerance"


#: question -> (its right option, all its options)
LOGIC = {"04.pays_for": ("a", "abc"), "05.sees_default": ("c", "abc"), "05.foresees": ("a", "abc"),
         "08.complaint_driver": ("a", "ab")}


@pytest.mark.parametrize("qid", sorted(LOGIC))
def test_logic_choice_right_option_passes_and_every_other_fails(qid):
    right, options = LOGIC[qid]
    assert verdict(qid, right).status == RIGHT
    for other in set(options) - {right}:
        assert verdict(qid, other).status == WRONG


def test_complaint_driver_is_decided_by_a_wide_margin():
    """08.complaint_driver compares two scenario numbers, no noise: one error against ten minutes."""
    cp = load_scenario(BASE).customers.complaints
    assert cp.per_error > 2 * 10 * cp.per_wait_minute


def test_weights_solution_passes_and_one_step_worse_fails():
    """07.weights is a pure function of the weights (no noise): the solution passes (the prudent
    manager scores 1.44 times the chaser); moving a tenth each from customer and internal process
    to learning and growth fails (1.19 times, under MIN_RATIO)."""
    solution = {"financial": 0.3, "customer": 0.3, "internal_process": 0.4, "learning_growth": 0.0}
    worse = {"financial": 0.3, "customer": 0.2, "internal_process": 0.3, "learning_growth": 0.2}
    assert verdict("07.weights", solution).status == RIGHT
    assert verdict("07.weights", worse).status == WRONG
    chaser, prudent = scores(solution)
    assert prudent > MIN_RATIO * chaser
    chaser, prudent = scores(worse)
    assert prudent < MIN_RATIO * chaser


#: disjoint blocks of seeds of the judge's size, the judge's own first. The judges' limits lie three or
#: more standard errors of a block from the solution's and the one-step-worse answer's statistic, so a
#: block's verdict flips with a chance of about 0.1 % or less; four blocks show that the verdict is not
#: the luck of the judge's seeds and give the pooled day-by-day margins 120-160 days, while keeping each
#: test under about 30 s on one core
BLOCKS = 4


@pytest.mark.statistical
def test_sell_and_serve_decided_outside_its_noise_on_four_blocks():
    """02.sell_and_serve: the solution (full diversion) cuts the mean wait by more than MIN_CUT and
    today's diversion with selling at 0.5 does not, on each block of forty days; the day-by-day
    margins, paired with today's branch, are beyond the 99.9 % bound over all 160 days. (Measured:
    on seeds 1-40 the solution cuts 0.77 ± 0.11 min and the worse answer -0.21 ± 0.10 against a
    limit of 0.33; over 160 days 0.78 and -0.12.)"""
    solution = {"diversion": 1.0, "referral": 0.5, "selling": 0.5}
    worse = {"diversion": 0.7, "referral": 0.5, "selling": 0.5}  # today's diversion kept
    assert verdict("02.sell_and_serve", solution).status == RIGHT
    assert verdict("02.sell_and_serve", worse).status == WRONG
    n = len(JUDGE_SEEDS)
    cuts = {"solution": [], "worse": []}
    for block in range(BLOCKS):
        seeds = range(1 + block * n, 1 + (block + 1) * n)
        today = daily_waits({}, seeds)
        for name, answer in (("solution", solution), ("worse", worse)):
            cuts[name].append(today - daily_waits(answer, seeds))
        assert cuts["solution"][-1].mean() >= MIN_CUT > cuts["worse"][-1].mean(), f"block {block}"
    _lead_beyond_noise(np.concatenate(cuts["solution"]) - MIN_CUT, "02.sell_and_serve: solution's cut")
    _lead_beyond_noise(MIN_CUT - np.concatenate(cuts["worse"]), "02.sell_and_serve: worse answer's cut")


def _vip_days(answer: dict, seeds) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """Day-by-day (VIPs' mean wait, everyone's) with ``answer`` on ``seeds``, and the pooled pair the judge uses."""
    runs = simulate(BASE, answer, seeds, days=1)
    days = np.array([called_waits([r]) for r in runs])
    return days[:, 0], days[:, 1], called_waits(runs)


@pytest.mark.statistical
def test_vip_fast_decided_outside_its_noise_on_four_blocks():
    """08.vip_fast: the solution (every window calls VIPs first) passes on each block of thirty days;
    VIPs first at the corporate window only misses the VIP limit, and two VIP windows that call
    only VIPs miss the everyone limit, on each block; the day-by-day margins are beyond the
    99.9 % bound over all 120 days. (Measured on seeds 1-30: VIPs wait 2.27 ± 0.26 min with the
    solution, 4.00 ± 0.28 with VIPs first at the corporate window only, against 3; everyone waits
    0.21 ± 0.10 min less than today with the solution and 4.7 ± 0.2 min more with two VIP-only
    windows, against today's + 0.25.)"""
    solution = {"branch.calling.ordinary": ["vip", "green", "ordinary"]}
    vip_slow = {"branch.calling.corporate": ["vip", "corporate", "ordinary"]}
    all_slow = {"branch.windows.vip": 2, "branch.windows.ordinary": 2, "branch.calling.vip": ["vip"]}
    for answer, status in ((solution, RIGHT), (vip_slow, WRONG), (all_slow, WRONG)):
        assert verdict("08.vip_fast", answer).status == status, answer
    n = len(VIP_SEEDS)
    margins = {"solution vip": [], "solution all": [], "vip_slow": [], "all_slow": []}
    for block in range(BLOCKS):
        seeds = range(1 + block * n, 1 + (block + 1) * n)
        _, today_all, (_, today) = _vip_days({}, seeds)
        vip, everyone, (vip_pooled, all_pooled) = _vip_days(solution, seeds)
        assert vip_pooled < VIP_WAIT and all_pooled <= today + ALL_SLACK, f"block {block}"
        margins["solution vip"].append(VIP_WAIT - vip)
        margins["solution all"].append(today_all + ALL_SLACK - everyone)
        vip, _, (vip_pooled, _) = _vip_days(vip_slow, seeds)
        assert vip_pooled >= VIP_WAIT, f"block {block}"
        margins["vip_slow"].append(vip - VIP_WAIT)
        _, everyone, (_, all_pooled) = _vip_days(all_slow, seeds)
        assert all_pooled > today + ALL_SLACK, f"block {block}"
        margins["all_slow"].append(everyone - today_all - ALL_SLACK)
    for what, days in margins.items():
        _lead_beyond_noise(np.concatenate(days), f"08.vip_fast: {what}")


@pytest.mark.statistical
def test_fair_fines_decided_outside_its_noise_on_four_blocks():
    """08.fair_fines: the solution (piece rate at its maximum, the least error fine, no complaint
    fine) keeps the fines under FINE_SHARE and the same at notebook 04's ¥1.50 piece rate does not,
    on each block of ten months; the month-by-month margins are beyond the 99.9 % bound over 40 months.
    (Measured on seeds 1-10: 20.6 ± 0.7 % and 27.4 ± 1.0 % against 24 %; the blocks of seeds 11-40
    give 19.8-20.3 % and 26.4-27.0 %.)"""
    solution = {"per_transaction": 2.0, "fine_per_error": 20.0, "fine_per_complaint": 0.0}
    worse = {"per_transaction": 1.5, "fine_per_error": 20.0, "fine_per_complaint": 0.0}
    assert verdict("08.fair_fines", solution).status == RIGHT
    assert verdict("08.fair_fines", worse).status == WRONG
    n = len(FINE_SEEDS)
    shares = {"solution": [], "worse": []}
    for block in range(BLOCKS):
        seeds = range(1 + block * n, 1 + (block + 1) * n)
        for name, answer in (("solution", solution), ("worse", worse)):
            months = np.array([fines_and_piece(answer, s) for s in seeds])
            shares[name].append(months[:, 0] / months[:, 1])
            pooled = months[:, 0].sum() / months[:, 1].sum()
            assert (pooled <= FINE_SHARE) == (name == "solution"), f"{name}, block {block}: {pooled:.3f}"
    _lead_beyond_noise(FINE_SHARE - np.concatenate(shares["solution"]), "08.fair_fines: solution")
    _lead_beyond_noise(np.concatenate(shares["worse"]) - FINE_SHARE, "08.fair_fines: worse answer")
