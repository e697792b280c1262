"""Questions of notebook 08 (exercises). Seeds and horizons are stated in each question.

The two design judges decide on several seeds that they run themselves, so that the solution and a
one-step-worse answer are each three or more standard errors from the limit
(``tests/notebooks/test_fair_grading.py`` measures this on four disjoint blocks of seeds):

* ``08.vip_fast`` on thirty days (seeds 1-30): the VIPs' mean wait must be below 3 min (a day's
  varies by about 1.3 min) and everyone's mean wait at most a quarter minute above today's branch on
  the same days (paired by seed, a day's difference varying by a little over half a minute).
* ``08.fair_fines`` on ten months (seeds 1-10, one month each): the fines' share of a month varies
  by about 2 points between seeds.
"""
from functools import lru_cache

import pandas as pd

import simkit
from simkit.question import Question
from simkit.scenario import ScenarioError, load_scenario, shipped_dir, with_overrides
from simkit.widgets import simulate

_SCENARIOS = shipped_dir()

# 08.vip_share and 08.pace_errors ask for three decimals: to two, a share of the *called*
# customers (a plausible slip) would pass for the share of all visits.
# 08.vip_fast: at most the baseline's 5 windows; the VIPs' mean wait below VIP_WAIT (today's is about
# 7 min) and everyone's at most ALL_SLACK above today's, both over VIP_SEEDS: thirty days bring the
# standard error of the VIPs' mean wait to about 0.25 min and of the paired overall difference to
# about 0.1 min, a third or less of the solution's distance to either limit
VIP_WAIT, ALL_SLACK, MAX_WINDOWS = 3.0, 0.25, 5
VIP_SEEDS = range(1, 31)
# 08.fair_fines: limits of the re-designed piece rate; FINE_SHARE lies between the solution's share
# and a one-step-worse answer's, nearer the latter's because it varies more; FINE_SEEDS: ten months
# bring the standard error of the share to well under a point, a third or less of either distance
FINE_SHARE, MIN_ERROR_FINE, MAX_PIECE = 0.24, 20.0, 2.0
FINE_SEEDS = range(1, 11)


def called_waits(runs) -> tuple[float, float]:
    """(VIPs' mean wait, everyone's mean wait) of the called customers of ``runs``, every day weighted
    by its called customers."""
    c = pd.concat([r.customers for r in runs])
    c = c[c["start"].notna()]
    return float(c.loc[c["segment"] == "vip", "wait"].mean()), float(c["wait"].mean())


@lru_cache(maxsize=8)
def _today(seeds: tuple[int, ...]) -> tuple[float, float]:
    return called_waits(simulate(_SCENARIOS / "baseline.yaml", {}, seeds, days=1))


def vip_waits(answer: dict, seeds=VIP_SEEDS) -> tuple[float, float, float, int]:
    """(VIPs' mean wait, everyone's, everyone's today, windows) with the overrides ``answer`` over
    ``seeds``, one day each; raises ScenarioError for a branch that is not valid."""
    runs = simulate(_SCENARIOS / "baseline.yaml", answer, seeds, days=1)
    vip, everyone = called_waits(runs)
    return vip, everyone, _today(tuple(seeds))[1], sum(runs[0].scenario.branch.windows.values())


def vip_fast(answer) -> tuple[bool, str]:
    if not isinstance(answer, dict) or not answer:
        return False, "answer with a dict of overrides, e.g. {'branch.windows.vip': 1}"
    bad = [k for k in answer if not str(k).startswith(("branch.windows.", "branch.calling."))]
    if bad:
        return False, f"only branch.windows.* and branch.calling.* may change; not {bad}"
    try:
        vip, everyone, today, total = vip_waits(answer)
    except ScenarioError as exc:
        return False, f"the branch is not valid: {exc}"
    if total > MAX_WINDOWS:
        return False, f"{total} windows: at most {MAX_WINDOWS}"
    if vip < VIP_WAIT and everyone <= today + ALL_SLACK:
        return True, ""
    return False, (f"VIP mean wait {vip:.2f} min (target < {VIP_WAIT}), everyone {everyone:.2f} min "
                   f"(target <= today's {today:.2f} + {ALL_SLACK}).")


def fines_and_piece(answer: dict, seed: int) -> tuple[float, float]:
    """(The tellers' fines, their piece-rate pay) in one month of the baseline with seed ``seed``,
    under the fixed pay of the question and the piece rate ``answer``."""
    scheme = {"components": [{"kind": "fixed", "base": 2000.0, "position": 500.0},
                             {"kind": "piece_rate", **{k: float(v) for k, v in answer.items()}}]}
    scenario = with_overrides(load_scenario(_SCENARIOS / "baseline.yaml"),
                              {"horizon.periods": 1, "pay.teller": scheme})
    slips = simkit.run(scenario, seed=seed).payslips
    tellers = slips[slips["person"].astype(str).str.startswith("T")]
    return (-float(tellers.loc[tellers["kind"] == "deduction", "amount"].sum()),
            float(tellers.loc[tellers["kind"] == "performance", "amount"].sum()))


def fines_share(answer: dict, seeds=FINE_SEEDS) -> float:
    """The tellers' fines over their piece-rate pay, summed over one month of each of ``seeds``."""
    months = [fines_and_piece(answer, seed) for seed in seeds]
    piece = sum(p for _, p in months)
    return sum(f for f, _ in months) / piece if piece else float("inf")


def fair_fines(answer) -> tuple[bool, str]:
    keys = {"per_transaction", "fine_per_error", "fine_per_complaint"}
    if not isinstance(answer, dict) or set(answer) != keys:
        return False, f"answer with a dict with exactly the keys {sorted(keys)}"
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 for v in answer.values()):
        return False, "all three must be numbers >= 0 (yuan)"
    if answer["per_transaction"] > MAX_PIECE or answer["fine_per_error"] < MIN_ERROR_FINE:
        return False, f"the piece rate may be at most ¥{MAX_PIECE:.2f} and an error must cost at least ¥{MIN_ERROR_FINE:.0f}"
    share = fines_share(answer)
    if share <= FINE_SHARE:
        return True, ""
    return False, f"fines are {share:.1%} of the piece-rate pay (target <= {FINE_SHARE:.0%})."


QUESTIONS = [
    Question("08.vip_share", "number", secret="c1:0.00025:0.0:86d8ac705a2dbdc6b196f737", tol=0.001, decimals=3,
             hint="a share of visits: the VIP visits over all visits of the week",
             more=("every visit is one row of week2.customers, and its 'segment' column says who came; the "
                   "mean of a True/False column is a share",),
             hint_zh="到店的占比：这一周贵宾客户的到店人次除以全部到店人次",
             more_zh=("week2.customers 每一行是一次到店，'segment' 列写着客户类别；一列“是/否”值的平均数就是占比",),
             prompt="share of VIP visits, baseline 7 days seed 2 (3 decimals)"),
    Question("08.no_lobby_sl15", "number", secret="c1:0.00125:0.0:db7283812488d8e6616dd7af", tol=0.001,
             hint="run the other scenario with the same days and seed, then read one KPI",
             more=("kpis() of that run has served_within_15, a fraction",),
             hint_zh="用同样的天数和种子运行另一个网点场景，再读出一个指标",
             more_zh=("那次运行的 kpis() 里有 served_within_15，是一个小数",),
             prompt="served within 15 min without a lobby manager"),
    Question("08.complaint_driver", "choice", secret="b64dc9183af5e4da90c5e9f5b00e505a9c71851502a5a66afbdc84e91f65119b",
             hint="both effects are added to the log-odds of a complaint: compare the two amounts",
             more=("compare per_error with ten times per_wait_minute",),
             hint_zh="两种影响都加在投诉的对数几率上：比较两者的大小",
             more_zh=("比较 per_error 和 per_wait_minute 的十倍",),
             prompt="one error or ten minutes of waiting (a/b)"),
    Question("08.erlang_wait", "number", secret="c1:0.0025:0.0:aa92131ee1465cae1a0ed686", tol=0.01,
             hint="Erlang C needs the arrival and service rates in the same unit as the answer",
             more=("convert 30 per hour to per minute, and turn a 5-minute mean service time into a service "
                   "rate; the mean wait in the queue is 'wq'",),
             hint_zh="Erlang C 公式要的到达率和服务率，要和答案用同一个时间单位",
             more_zh=("把每小时 30 人换算成每分钟，把平均 5 分钟的办理时间换成服务率；排队的平均等候是 'wq'",),
             prompt="Erlang C mean wait, M/M/3, 30/h, 5 min"),
    Question("08.ci_halfwidth", "number", secret="c1:0.0025:0.0:e3748e50aece5a8fb8101f8b", tol=0.01,
             hint="the half-width is t × s / √n, with n the number of days",
             more=("s is the sample standard deviation (ddof=1) of the ten daily wait_mean values, and t is "
                   "Student's 97.5 % quantile with n − 1 degrees of freedom",),
             hint_zh="半宽是 t × s / √n，n 是天数",
             more_zh=("s 是十个每日 wait_mean 的样本标准差（ddof=1），t 是自由度为 n − 1 的 t 分布 97.5% 分位数",),
             prompt="95 % CI half-width of the mean daily wait, seeds 1-10"),
    Question("08.pace_errors", "number", secret="c1:0.000125:0.0:2bbc07a183a3dad28871ce31", tol=0.0005, decimals=3,
             hint="change one choice for every teller with an override, and keep the days and the seed",
             more=("override staff.choices.teller.pace on the baseline, run 3 days with seed 1 and read "
                   "error_rate from kpis()",),
             hint_zh="用一个覆盖参数改变所有柜员的同一项选择，天数和种子保持不变",
             more_zh=("在基准网点上覆盖 staff.choices.teller.pace，用种子 1 运行 3 天，读出 kpis() 里的 error_rate",),
             prompt="error rate with tellers at pace 1.4 (3 decimals)"),
    Question("08.vip_fast", "judge", judge=vip_fast,
             hint="a dict of overrides of branch.windows.* and branch.calling.*, e.g. {'branch.windows.vip': 1}",
             more=("which window types may call a VIP ticket, and in which order?",),
             hint_zh="一个只改 branch.windows.* 和 branch.calling.* 的覆盖参数字典，例如 {'branch.windows.vip': 1}；"
                     "窗口最多 5 个，贵宾平均等候低于 3 分钟，全体平均等候比现在最多长 0.25 分钟",
             more_zh=("哪些窗口可以叫贵宾号，按什么顺序叫？",),
             prompt="VIP wait < 3 min, everyone at most 0.25 min above today, at most 5 windows"),
    Question("08.fair_fines", "judge", judge=fair_fines,
             hint="a dict {'per_transaction': P, 'fine_per_error': E, 'fine_per_complaint': C}",
             more=("which fine punishes tellers for something they do not control?",
                   "besides the fines, what else may you change within the limits?"),
             hint_zh="一个字典 {'per_transaction': P, 'fine_per_error': E, 'fine_per_complaint': C}（单位：元）；"
                     "罚款最多占计件工资的 24%",
             more_zh=("哪一项罚款罚的是柜员自己管不了的事？",
                      "除了罚款，在限度之内还能改什么？"),
             prompt="teller fines at most 24 % of piece pay (seeds 1-10, a month each)"),
]
