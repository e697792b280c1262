"""Questions of notebook 03 (staffing and queueing theory)."""
from pathlib import Path

from simkit.teach import Question

_MONTH_END = Path(__file__).resolve().parents[3] / "scenarios" / "month_end.yaml"
TARGET = 0.8  # share called within 10 minutes over the three month-end days
LAST_DAYS_FROM = 4  # day index of 28 November in month_end.yaml (starts 24 November)


def month_end_level(n_ordinary: int) -> float:
    """Share of called customers called within 10 min on 28-30 Nov (month_end.yaml, seed 1)."""
    import simkit
    from simkit.scenario import load_scenario, with_overrides

    res = simkit.run(with_overrides(load_scenario(_MONTH_END), {"branch.windows.ordinary": n_ordinary}), seed=1)
    c = res.customers
    last3 = c[(c["day"] >= LAST_DAYS_FROM) & c["start"].notna()]
    return float((last3["wait"] <= 10).mean())


def month_end_windows(answer) -> tuple[bool, str]:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 12:
        return False, "answer with a whole number of ordinary windows between 1 and 12"
    level = month_end_level(answer)
    if level < TARGET:
        return False, f"with {answer} ordinary windows only {level:.1%} are called within 10 min: not enough"
    fewer = month_end_level(answer - 1) if answer > 1 else 0.0
    if fewer >= TARGET:
        return False, f"{answer} windows reach {level:.1%}, but {answer - 1} already reach {fewer:.1%}: use fewer"
    return True, ""


QUESTIONS = [
    Question("03.windows_needed", "number", secret="VHgQ", tol=0.0,
             hint="lam and mu are per minute: windows_needed(72 / 60, 1 / 5)",
             prompt="Erlang C windows for 80 % within 10 min at 72/h, 5 min"),
    Question("03.last_day_wait", "number", secret="2VTeXKDhEsq3CdPL4iXcAD9k", tol=0.01,
             hint="days_table has one row per date and number of ordinary windows; pick 3 windows and 'Mon 30 Nov'",
             prompt="mean wait on 30 November with 3 ordinary windows"),
    Question("03.month_end_windows", "judge", judge=month_end_windows,
             hint="try 3, 4, 5, ... ordinary windows and measure the three last days together",
             prompt="fewest ordinary windows for 80 % within 10 min at month-end"),
]
