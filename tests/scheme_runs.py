"""Run each shipped pay scheme a few times and reduce every run to a handful of numbers.

The behaviour tests compare schemes as an experimenter would: the same seeds for every
scheme (common random numbers, so the same customers walk in), a horizon long enough for
staff to learn, and summaries over the last ``TAIL`` periods, once learning has settled.
Each number is a mean over the staff of a role (or over the bank), so a comparison's
unit of replication is one whole run.

Nothing here knows which way an effect should go; the tests state that, and check it with
a paired Student-t interval over the seeds.

The runs take about an hour of CPU (half an hour on two cores), so their summaries are stored
in ``STORE`` (``python tests/scheme_runs.py --write`` makes it) and the behaviour tests read
them, as the notebooks read the results library: ``stored_runs`` refuses a store whose arms,
seeds or months are not today's, and tests/behaviour/test_scheme_runs_truth.py
re-runs the first seed of every arm and requires every stored number (to 1e-9), so a model
change that moves any result fails there until the store is written again.
``SIMKIT_SCHEME_RUNS=run`` makes the behaviour tests run everything instead of reading the store.
``--write --arm NAME`` runs only the arms named and keeps the others' stored runs (for a summary
that gained a number some effect now reads: the truth test still checks every arm).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

import simkit
from simkit.measure import fairness
from simkit.report.loan_quality import loan_quality
from simkit.scenario import load_scenario, scenario_json, with_overrides

sys.path.insert(0, str(Path(__file__).parent))  # helpers, when this file runs as a script
from helpers import SCENARIOS  # noqa: E402

SCHEMES = SCENARIOS / "schemes"
PERIODS = 24  # the shipped scheme files run 24 monthly periods
TAIL = 6  # the last six months: learning has settled (tests/behaviour/test_settling.py)
SEEDS = (11, 12, 13, 14, 15, 16, 17, 18)
# The customer managers' lending effects are read from about 30 files and one bad loan a
# manager a month, and a loan book takes its loans' lives to show the habits it was lent with
# (a year's term, then up to two years overdue before write-off): at 24 months, sixteen seeds
# left the NPL ratio's paired interval about ±0.005 wide against a difference of 0.001-0.005,
# while the steady book the learned habits lend (simkit.bank.outlook) differs by 0.025-0.029.
# So these arms run 36 months and sixteen seeds (power first: tests/behaviour/test_effects.py);
# their foresight-0 twins keep issue 4's design, 24 months and eight seeds.
CM_SEEDS = tuple(range(11, 27))
CM_PERIODS = 36
#: an arm ``NAME@foresight0`` is the scheme file with every role's foresight set to 0: the
#: learning rule before staff could work out what their contract pays
AT_ZERO = "@foresight0"
CM_ARMS = ("cm_deposit_only", "cm_loan_volume", "cm_responsibility_profit")

ARMS = ("fixed_pay", "teller_piece_rate", "teller_piece_rate_fines", "teller_sales_quota",
        "teller_equal_commission", "teller_bonus_product", "teller_heavy_fines", "teller_team_pay",
        "lobby_sales", *CM_ARMS, *(a + AT_ZERO for a in CM_ARMS),
        "cm_portfolio_absolute", "cm_portfolio_adjusted")


def seeds_of(arm: str) -> tuple[int, ...]:
    return CM_SEEDS if arm in CM_ARMS else SEEDS


def periods_of(arm: str) -> int:
    return CM_PERIODS if arm in CM_ARMS else PERIODS


def _role_means(sp, role: str, tail: int) -> dict:
    s = sp[(sp["role"] == role) & (sp["period"] >= sp["period"].max() + 1 - tail)]
    cols = [c for c in s.columns if c.startswith(("choice.", "policy.", "kpi.")) or c in ("pay", "effort")]
    return {f"{role}.{c}": float(s[c].mean()) for c in cols}


def summarise(res, tail: int = TAIL) -> dict:
    """The numbers the behaviour tests compare, from one multi-period run."""
    sp, bp, cu = res.staff_periods, res.bank_periods, res.customers
    late = cu[cu["period"] > cu["period"].max() - tail]
    at_teller = late[late["channel"] == "teller"]
    out = {}
    for role in ("teller", "lobby_manager", "customer_manager"):
        out.update(_role_means(sp, role, tail))
    t = sp[sp["role"] == "teller"]
    t_late = t[t["period"] >= t["period"].max() + 1 - tail]
    out["teller.error_rate"] = float(t_late["kpi.errors"].sum() / max(1.0, t_late["kpi.transactions"].sum()))
    out["teller.quits"] = float(t["quit"].sum())
    out["wait_mean"] = float(late["wait"].mean())
    out["teller.service_mean"] = float((at_teller["end"] - at_teller["start"]).mean())
    out["complaints"] = float(late["complained"].sum())
    out["bank.new_loans"] = float(bp["new_loans"].sum())
    # Agarwal & Ben-David (2018) measure volume pay by the share of applications approved; here
    # over the run's second half, once learning has settled (steps halve after 12 months)
    late_bp = bp[bp["period"] >= len(bp) // 2]
    out["bank.approval_rate"] = float(late_bp["approvals"].sum() / max(1.0, late_bp["applications"].sum()))
    out["bank.npl_ratio_end"] = float(bp["npl_ratio"].tail(tail).mean())
    # whom the approvals let in: the share of the second half's approved loans that were bad risks
    # (hidden from the bank; what a formality of an investigation lets through, seeds 001/003)
    files = res.loan_applications
    approved = files[(files["period"] >= len(bp) // 2) & files["approved"].astype(bool)]
    out["bank.bad_share_approved"] = float(approved["bad_risk"].mean()) if len(approved) else float("nan")
    # and as Agarwal & Ben-David (2018) see it: approved loans that missed a payment within 12 months
    out["bank.default_12m_approved"] = float(loan_quality(res)["loans.default_rate_12m"])
    out["bank.profit"] = float(bp["profit"].tail(tail).mean())
    if sp.loc[sp["role"] == "customer_manager", "post"].nunique() > 2:
        # share of customer managers' pay explained by their inherited portfolio (R²)
        out["cm.portfolio_r2"] = float(fairness(sp, res.scenario, last=tail).loc["customer_manager", "portfolio_r2"])
    last = t[t["period"] == t["period"].max()]
    out.update({f"pace.{post}": float(x) for post, x in zip(last["post"], last["policy.pace"])})
    out["settle_max"], out["settle_mean"] = _settle(sp, res.scenario, tail)
    sales = {p: out.get(f"teller.kpi.sales.{p}", 0.0) for p in res.scenario.products}
    out["teller.fund_share"] = sales.get("fund", 0.0) / max(1e-9, sum(sales.values()))
    return out


def _settle(sp, sc, tail: int) -> tuple[float, float]:
    """How far policies moved over the last ``tail`` periods, as shares of their ranges:
    the largest move and the mean move, over every learned choice of everyone employed
    through all of them (a new hire is still learning)."""
    end = sp["period"].max()
    first = sp[sp["period"] == end - tail].set_index("person")
    last = sp[sp["period"] == end].set_index("person")
    both = first.index.intersection(last.index)
    moves = []
    for role in ("teller", "lobby_manager", "customer_manager"):
        sel = [p for p in both if first.at[p, "role"] == role]
        for name, r in sc.behaviour.choices.of(role).items():
            col = f"policy.{name}"
            if r.learn and col in sp and sel:
                moves += list((last.loc[sel, col] - first.loc[sel, col]).abs() / (r.hi - r.lo))
    return (float(max(moves)), float(np.mean(moves))) if moves else (0.0, 0.0)

def scenario_of(arm: str):
    """The scenario an arm runs: its scheme file (foresight 0 for ``@foresight0`` twins) over
    ``periods_of(arm)`` months."""
    sc = load_scenario(SCHEMES / f"{arm.removesuffix(AT_ZERO)}.yaml")
    if arm.endswith(AT_ZERO):
        sc = with_overrides(sc, {f"behaviour.learning.foresight.{r}": 0.0
                                 for r in ("teller", "lobby_manager", "customer_manager")})
    assert sc.horizon.periods == PERIODS, f"{arm}.yaml should run {PERIODS} periods"
    return with_overrides(sc, {"horizon.periods": periods_of(arm)})


def _one(job):
    arm, seed = job
    return arm, seed, summarise(simkit.run(scenario_of(arm), seed=seed))


def run_all(arms=ARMS, seeds=None, workers: int | None = None) -> dict:
    """``{arm: {seed: summary}}`` for every arm and its seeds (``seeds_of``), on all cores."""
    jobs = [(a, s) for a in arms for s in (seeds or seeds_of(a))]
    jobs.sort(key=lambda j: not j[0].startswith("cm_"))  # the longest first: the pool ends together
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    out: dict = {a: {} for a in arms}
    with ProcessPoolExecutor(workers) as ex:
        for arm, seed, summary in ex.map(_one, jobs):
            out[arm][seed] = summary
    return out


def rerun(jobs, workers: int | None = None) -> dict:
    """``{(arm, seed): summary}`` for the given ``(arm, seed)`` jobs, on all cores."""
    jobs = sorted(jobs, key=lambda j: not j[0].startswith("cm_"))
    with ProcessPoolExecutor(workers or min(len(jobs), os.cpu_count() or 1)) as ex:
        return {(arm, seed): summary for arm, seed, summary in ex.map(_one, jobs)}


# ------------------------------------------------------------------ the stored summaries
#: the stored summaries of ``run_all()`` (JSON: floats written exactly, NaN as NaN)
STORE = Path(__file__).parent / "data" / "scheme_runs.json"


class StaleStore(Exception):
    """The stored scheme runs are not those of today's arms, seeds or months."""


def _digest(arm: str) -> str:
    return hashlib.sha256(scenario_json(scenario_of(arm)).encode()).hexdigest()


def _design() -> dict:
    return {arm: {"seeds": list(seeds_of(arm)), "periods": periods_of(arm)} for arm in ARMS}


def write_store(path: Path = STORE, arms=None) -> None:
    """Run every arm at its seeds and store the summaries with the design they were made with;
    with ``arms``, run only those and keep the stored runs of the others (a summary that gained a
    number: the truth test still requires every other arm's stored numbers)."""
    kept = stored_runs(path) if arms else {}
    runs = {**kept, **run_all(arms)} if arms else run_all()
    # the scenarios' digests are kept to say what was run; a new setting that changes no result
    # changes them too, so staleness is the truth test's to find, not theirs
    payload = {"made_by": "python tests/scheme_runs.py --write", "tail": TAIL, "design": _design(),
               "scenarios": {arm: _digest(arm) for arm in ARMS},
               "runs": {arm: {str(seed): runs[arm][seed] for seed in seeds_of(arm)} for arm in ARMS}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def stored_runs(path: Path = STORE) -> dict:
    """``{arm: {seed: summary}}`` as ``run_all()`` gives it, read from ``path``; ``StaleStore``
    names the first arm whose seeds or months differ from today's (whether the numbers are still
    the model's is tests/behaviour/test_scheme_runs_truth.py)."""
    if not path.exists():
        raise StaleStore(f"{path} is missing: run `python tests/scheme_runs.py --write` (about 30 min on 2 cores)")
    payload = json.loads(path.read_text(encoding="utf-8"))
    design = _design()
    for arm, now in design.items():
        then = payload["design"].get(arm)
        if then != now or payload["tail"] != TAIL:
            raise StaleStore(f"{path}: arm {arm} was stored with {then}, today it is {now}: "
                             "run `python tests/scheme_runs.py --write` (about 30 min on 2 cores)")
    return {arm: {int(seed): summary for seed, summary in payload["runs"][arm].items()} for arm in ARMS}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Run every shipped scheme arm and store the summaries "
                                     "the behaviour tests read.")
    parser.add_argument("--write", action="store_true", help=f"run everything and write {STORE}")
    parser.add_argument("--arm", action="append", choices=ARMS,
                        help="with --write: run only this arm (repeat for more) and keep the others' stored runs")
    args = parser.parse_args()
    if args.write:
        write_store(arms=args.arm)
        print(f"wrote {STORE}")
    else:
        parser.print_help()
