"""Questions of notebook 08 (exercises). Seeds and horizons are stated in each question."""
import pandas as pd

import simkit
from simkit.question import Question
from simkit.scenario import ScenarioError, load_scenario, shipped_dir, with_overrides
from simkit.widgets import mean_kpis, simulate

_SCENARIOS = shipped_dir()

# 08.vip_share and 08.pace_errors ask for three decimals: to two, a share of the *called*
# customers (a plausible slip) would pass for the share of all visits.
# 08.vip_fast: at most the baseline's 5 windows; targets a little better than the baseline's
# VIP wait (~7 min) and overall wait (~6.6 min) over seeds 1-3
VIP_WAIT, ALL_WAIT, MAX_WINDOWS = 4.0, 6.5, 5
# 08.fair_fines: limits of the re-designed piece rate
FINE_SHARE, MIN_ERROR_FINE, MAX_PIECE = 0.20, 20.0, 2.0


def vip_fast(answer) -> tuple[bool, str]:
    if not isinstance(answer, dict) or not answer:
        return False, "answer with a dict of overrides, e.g. {'branch.windows.vip': 1}"
    bad = [k for k in answer if not str(k).startswith(("branch.windows.", "branch.calling."))]
    if bad:
        return False, f"only branch.windows.* and branch.calling.* may change; not {bad}"
    try:
        runs = simulate(_SCENARIOS / "baseline.yaml", answer, range(1, 4), days=1)
    except ScenarioError as exc:
        return False, f"the branch is not valid: {exc}"
    total = sum(runs[0].scenario.branch.windows.values())
    if total > MAX_WINDOWS:
        return False, f"{total} windows: at most {MAX_WINDOWS}"
    c = pd.concat([r.customers for r in runs])
    c = c[c["start"].notna()]
    vip = float(c.loc[c["segment"] == "vip", "wait"].mean())
    everyone = mean_kpis(runs, ["wait_mean"])["wait_mean"]
    if vip < VIP_WAIT and everyone < ALL_WAIT:
        return True, ""
    return False, (f"VIP mean wait {vip:.2f} min (target < {VIP_WAIT}), everyone {everyone:.2f} min "
                   f"(target < {ALL_WAIT}).")


def fair_fines(answer) -> tuple[bool, str]:
    keys = {"per_transaction", "fine_per_error", "fine_per_complaint"}
    if not isinstance(answer, dict) or set(answer) != keys:
        return False, f"answer with a dict with exactly the keys {sorted(keys)}"
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 for v in answer.values()):
        return False, "all three must be numbers >= 0 (yuan)"
    if answer["per_transaction"] > MAX_PIECE or answer["fine_per_error"] < MIN_ERROR_FINE:
        return False, f"the piece rate may be at most ¥{MAX_PIECE:.2f} and an error must cost at least ¥{MIN_ERROR_FINE:.0f}"
    scheme = {"components": [{"kind": "fixed", "base": 2000.0, "position": 500.0},
                             {"kind": "piece_rate", **{k: float(v) for k, v in answer.items()}}]}
    sc = with_overrides(load_scenario(_SCENARIOS / "baseline.yaml"), {"horizon.periods": 1, "pay.teller": scheme})
    slips = simkit.run(sc, seed=1).payslips
    tellers = slips[slips["person"].astype(str).str.startswith("T")]
    piece = float(tellers.loc[tellers["kind"] == "performance", "amount"].sum())
    fines = -float(tellers.loc[tellers["kind"] == "deduction", "amount"].sum())
    share = fines / piece if piece else float("inf")
    if share <= FINE_SHARE:
        return True, ""
    return False, f"fines are {share:.1%} of the piece-rate pay (target <= {FINE_SHARE:.0%})."


QUESTIONS = [
    Question("08.vip_share", "number", secret="c1:0.00025:0.0:86d8ac705a2dbdc6b196f737", tol=0.001, decimals=3,
             hint="a share of visits: the VIP visits over all visits of the week",
             more=("every visit is one row of week2.customers, and its 'segment' column says who came; the "
                   "mean of a True/False column is a share",),
             prompt="share of VIP visits, baseline 7 days seed 2 (3 decimals)"),
    Question("08.no_lobby_sl15", "number", secret="c1:0.00125:0.0:db7283812488d8e6616dd7af", tol=0.001,
             hint="run the other scenario with the same days and seed, then read one KPI",
             more=("kpis() of that run has served_within_15, a fraction",),
             prompt="served within 15 min without a lobby manager"),
    Question("08.complaint_driver", "choice", secret="b64dc9183af5e4da90c5e9f5b00e505a9c71851502a5a66afbdc84e91f65119b",
             hint="both effects are added to the log-odds of a complaint: compare the two amounts",
             more=("compare per_error with ten times per_wait_minute",),
             prompt="one error or ten minutes of waiting (a/b)"),
    Question("08.erlang_wait", "number", secret="c1:0.0025:0.0:aa92131ee1465cae1a0ed686", tol=0.01,
             hint="Erlang C needs the arrival and service rates in the same unit as the answer",
             more=("convert 30 per hour to per minute, and turn a 5-minute mean service time into a service "
                   "rate; the mean wait in the queue is 'wq'",),
             prompt="Erlang C mean wait, M/M/3, 30/h, 5 min"),
    Question("08.ci_halfwidth", "number", secret="c1:0.0025:0.0:e3748e50aece5a8fb8101f8b", tol=0.01,
             hint="the half-width is t × s / √n, with n the number of days",
             more=("s is the sample standard deviation (ddof=1) of the ten daily wait_mean values, and t is "
                   "Student's 97.5 % quantile with n − 1 degrees of freedom",),
             prompt="95 % CI half-width of the mean daily wait, seeds 1-10"),
    Question("08.pace_errors", "number", secret="c1:0.000125:0.0:2bbc07a183a3dad28871ce31", tol=0.0005, decimals=3,
             hint="change one choice for every teller with an override, and keep the days and the seed",
             more=("override staff.choices.teller.pace on the baseline, run 3 days with seed 1 and read "
                   "error_rate from kpis()",),
             prompt="error rate with tellers at pace 1.4 (3 decimals)"),
    Question("08.vip_fast", "judge", judge=vip_fast,
             hint="a dict of overrides of branch.windows.* and branch.calling.*, e.g. {'branch.windows.vip': 1}",
             more=("which window types may call a VIP ticket, and in which order?",),
             prompt="VIP wait < 4 min and everyone < 6.5 min with at most 5 windows"),
    Question("08.fair_fines", "judge", judge=fair_fines,
             hint="a dict {'per_transaction': P, 'fine_per_error': E, 'fine_per_complaint': C}",
             more=("which fine punishes tellers for something they do not control?",
                   "besides the fines, what else may you change within the limits?"),
             prompt="teller fines at most 20 % of piece pay"),
]
