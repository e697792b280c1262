"""Questions of notebook 02 (triage). Answers: baseline, seeds 1..5 (one day each) unless stated.

``02.best_lever`` compares three levers over the 20 days of ``LEVER_DAYS`` in the notebook:
the best wins by many paired standard errors (the notebook prints the margin, and
``tests/notebooks/test_teach.py`` checks it), so the right answer does not depend on luck.

``02.sell_and_serve`` is judged on the cut in mean wait against today's lobby choices on the same
forty days (common random numbers), not on an absolute limit over three days: a day's mean wait
varies by about 1.2 min between seeds, so over three days an absolute limit sits inside an answer's
own noise, while the paired cut varies by about 0.65 min a day and its mean over forty days by about
0.1 min. The limit lies midway between the solution's cut and a one-step-worse answer's, three or
more standard errors of a forty-day block from each (``tests/notebooks/test_fair_grading.py``
measures both on four blocks)."""
from functools import lru_cache

import numpy as np

from simkit.question import Question
from simkit.scenario import shipped
from simkit.widgets import simulate

_BASE = shipped("baseline")
_KEYS = ("diversion", "referral", "selling")
#: forty days (seeds 1-40, one day each): the paired cut's standard error falls to about 0.1 min,
#: a third or less of the distance from the solution's cut to ``MIN_CUT`` (test_fair_grading.py measures it)
JUDGE_SEEDS = range(1, 41)
MIN_CUT = 1 / 3  # minutes (20 s): midway between the solution's cut and a one-step-worse answer's (test_fair_grading.py)
MIN_SELLING = 0.5


@lru_cache(maxsize=8)
def _today(seeds: tuple[int, ...]) -> np.ndarray:
    """Daily mean waits of today's branch (the baseline's lobby choices) on ``seeds``."""
    return daily_waits({}, seeds)


def daily_waits(choices: dict, seeds=JUDGE_SEEDS) -> np.ndarray:
    """The mean wait of each day of ``seeds`` (one day each) with the lobby-manager ``choices``."""
    ov = {f"staff.choices.lobby_manager.{k}": float(v) for k, v in choices.items()}
    return np.array([r.kpis()["wait_mean"] for r in simulate(_BASE, ov, seeds, days=1)])


def wait_cut(choices: dict, seeds=JUDGE_SEEDS) -> tuple[float, float]:
    """(today's mean wait, the mean wait with ``choices``) over ``seeds``, one day each, paired by seed."""
    return float(_today(tuple(seeds)).mean()), float(daily_waits(choices, seeds).mean())


def sell_and_serve(answer) -> tuple[bool, str]:
    """Lobby-manager choices with selling >= 0.5 that cut the mean wait by at least ``MIN_CUT``
    minutes from today's, over the days of ``JUDGE_SEEDS``."""
    if not isinstance(answer, dict) or set(answer) != set(_KEYS):
        return False, f"answer with a dict with exactly the keys {list(_KEYS)}"
    bad = [k for k in _KEYS if isinstance(answer[k], bool) or not isinstance(answer[k], (int, float))
           or not 0.0 <= answer[k] <= 1.0]
    if bad:
        return False, f"{bad} must be numbers between 0 and 1"
    if answer["selling"] < MIN_SELLING:
        return False, f"the branch head asked for selling >= {MIN_SELLING}; yours is {answer['selling']}"
    today, wait = wait_cut(answer)
    if today - wait >= MIN_CUT:
        return True, ""
    return False, (f"with your choices the mean wait is {wait:.2f} min, today's {today:.2f} min on the same "
                   f"days: a cut of {today - wait:.2f} min (needed: at least {MIN_CUT:.2f} min, 20 s).")


QUESTIONS = [
    Question("02.no_lobby_wait", "number", secret="c1:0.0025:0.0:3fd2e67e40551cd740759e04", tol=0.01,
             hint="a rise is a difference: the same KPI in two columns of one table of section 2",
             more=("subtract the baseline's wait_mean from the no-lobby-manager wait_mean in the `staffing` table",),
             hint_zh="上升多少就是求差：第 2 节那张表里同一个指标的两列相减",
             more_zh=("在 staffing 表里，用“无大堂经理”那一列的 wait_mean 减去基准那一列的 wait_mean",),
             prompt="rise of the mean wait without a lobby manager (min)"),
    Question("02.best_lever", "choice", secret="d95ee5bd9b5dbf971a710113435050ff615c3364546813be63bcdf0fe2934101",
             hint="measure every lever on the same days (common random numbers) and compare their mean waits",
             more=("simulate each entry of LEVERS on LEVER_DAYS and compare wait_mean; answer with one letter",),
             hint_zh="每个办法都在同样的几天里模拟（共同随机数），再比较它们的平均等候",
             more_zh=("把 LEVERS 里的每一项都在 LEVER_DAYS 上模拟，比较 wait_mean；用一个字母作答",),
             prompt="which single change cuts the mean wait most (a-c)"),
    Question("02.sell_and_serve", "judge", judge=sell_and_serve,
             hint="a dict with the keys 'diversion', 'referral' and 'selling', each between 0 and 1",
             more=("selling takes the lobby manager away from the door; which other choice shortens the "
                   "counter queue?",),
             hint_zh="一个字典，键是 'diversion'、'referral' 和 'selling'，每个值在 0 到 1 之间；"
                     "平均等候要比现在少至少 20 秒，营销占比至少 0.5",
             more_zh=("营销会把大堂经理从门口拉走；还有哪一项选择能缩短柜台的队伍？",),
             prompt="lobby choices with selling >= 0.5 that cut the mean wait by 20 s (seeds 1-40)"),
]
