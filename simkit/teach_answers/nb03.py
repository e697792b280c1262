"""Questions of notebook 03 (staffing and queueing theory).

``03.windows_needed`` asks about a larger branch (108 counter customers an hour, 6 minutes each)
than the baseline, so the answer is printed nowhere in the notebook; one window fewer than it
is still stable, so rounding the offered load up is not enough (Erlang C is needed).

``03.month_end_windows`` asks against the branch head's 75 % month-end standard (served within
10 minutes): the right number of windows is above it and one window fewer below it, by margins
beyond the 99.9 % bound across seeds 1-20 (test_fair_grading.py), so the answer is the branch's,
not a seed's. (A target of 80 % would sit on the right number's mean over seeds, about 79 %.)"""
import simkit
from simkit.question import Question
from simkit.scenario import load_scenario, shipped, with_overrides

_MONTH_END = shipped("month_end")
TARGET = 0.75  # the branch head's month-end standard: share called within 10 min over the three month-end days
LAST_DAYS_FROM = 4  # day index of 28 November in month_end.yaml (starts 24 November)


def month_end_level(n_ordinary: int, seed: int = 1) -> float:
    """Share of called customers called within 10 min on 28-30 Nov (month_end.yaml; graded on seed 1)."""
    res = simkit.run(with_overrides(load_scenario(_MONTH_END), {"branch.windows.ordinary": n_ordinary}), seed=seed)
    c = res.customers
    last3 = c[(c["day"] >= LAST_DAYS_FROM) & c["start"].notna()]
    return float((last3["wait"] <= 10).mean())


def month_end_windows(answer) -> tuple[bool, str]:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 20:
        return False, "answer with a whole number of ordinary windows between 1 and 20"
    level = month_end_level(answer)
    if level < TARGET:
        return False, f"with {answer} ordinary windows only {level:.1%} are called within 10 min: not enough"
    fewer = month_end_level(answer - 1) if answer > 1 else 0.0
    if fewer >= TARGET:
        return False, f"{answer} windows reach {level:.1%}, but {answer - 1} already reach {fewer:.1%}: use fewer"
    return True, ""


QUESTIONS = [
    Question("03.windows_needed", "number", secret="c1:0.00125:0.0:aebb5f5fac4600f77fb463ba", tol=0.0,
             hint="Erlang C gives the fewest windows that meet a service target, for an arrival rate and a "
                  "service rate in the same time unit",
             more=("windows_needed takes rates per minute: convert 108 per hour, and turn a 6-minute "
                   "service time into a rate",),
             hint_zh="Erlang C 公式给出达到服务目标所需的最少窗口数；到达率和服务率要用同一个时间单位",
             more_zh=("windows_needed 要的是每分钟的速率：把每小时 108 人换算成每分钟，再把 6 分钟的办理时间换成速率",),
             prompt="Erlang C windows for 80 % within 10 min at 108/h, 6 min"),
    Question("03.last_day_wait", "number", secret="c1:0.0025:0.0:3c91a9157b0a6280c366ae8d", tol=0.01,
             hint="the table of days has one row per date and number of ordinary windows",
             more=("pick the row with 3 ordinary windows and 'Mon 30 Nov' in days_table",),
             hint_zh="按天列出的表里，每个日期、每种普通窗口数各占一行",
             more_zh=("在 days_table 里找普通窗口为 3 个、日期为 'Mon 30 Nov' 的那一行",),
             prompt="mean wait on 30 November with 3 ordinary windows"),
    Question("03.month_end_windows", "judge", judge=month_end_windows,
             hint="measure the three last days together, for more and more ordinary windows",
             more=("the right number is the first one that reaches the target; one fewer must not",),
             hint_zh="把最后三天合在一起算，普通窗口一个一个往上加；服务水平要达到 75% 的客户在 10 分钟内被叫号",
             more_zh=("正确的窗口数是第一个达到目标的数，少一个就达不到",),
             prompt="fewest ordinary windows for 75 % within 10 min at month-end"),
]
