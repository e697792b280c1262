"""Questions of notebook 02 (triage). Answers: baseline, seeds 1..5 (one day each) unless stated.

``02.best_lever`` compares three levers over the 20 days of ``LEVER_DAYS`` in the notebook:
the best wins by many paired standard errors (the notebook prints the margin, and
``tests/notebooks/test_teach.py`` checks it), so the right answer does not depend on luck."""
from simkit.question import Question
from simkit.scenario import shipped
from simkit.widgets import mean_kpis, simulate

_BASE = shipped("baseline")
_KEYS = ("diversion", "referral", "selling")
WAIT_LIMIT = 5.5  # minutes: below the baseline's ~6.4, reachable only through more diversion
MIN_SELLING = 0.5


def sell_and_serve(answer) -> tuple[bool, str]:
    """Lobby-manager choices with selling >= 0.5 and a mean wait < 5.5 min over seeds 1-3."""
    if not isinstance(answer, dict) or set(answer) != set(_KEYS):
        return False, f"answer with a dict with exactly the keys {list(_KEYS)}"
    bad = [k for k in _KEYS if not isinstance(answer[k], (int, float)) or not 0.0 <= answer[k] <= 1.0]
    if bad:
        return False, f"{bad} must be numbers between 0 and 1"
    if answer["selling"] < MIN_SELLING:
        return False, f"the branch head asked for selling >= {MIN_SELLING}; yours is {answer['selling']}"
    ov = {f"staff.choices.lobby_manager.{k}": float(v) for k, v in answer.items()}
    wait = mean_kpis(simulate(_BASE, ov, range(1, 4), days=1), ["wait_mean"])["wait_mean"]
    if wait < WAIT_LIMIT:
        return True, ""
    return False, f"with your choices the mean wait is {wait:.2f} min (limit {WAIT_LIMIT})."


QUESTIONS = [
    Question("02.no_lobby_wait", "number", secret="c1:0.0025:0.0:3fd2e67e40551cd740759e04", tol=0.01,
             hint="a rise is a difference: the same KPI in two columns of one table of section 2",
             more=("subtract the baseline's wait_mean from the no-lobby-manager wait_mean in the `staffing` table",),
             prompt="rise of the mean wait without a lobby manager (min)"),
    Question("02.best_lever", "choice", secret="d95ee5bd9b5dbf971a710113435050ff615c3364546813be63bcdf0fe2934101",
             hint="measure every lever on the same days (common random numbers) and compare their mean waits",
             more=("simulate each entry of LEVERS on LEVER_DAYS and compare wait_mean; answer with one letter",),
             prompt="which single change cuts the mean wait most (a-c)"),
    Question("02.sell_and_serve", "judge", judge=sell_and_serve,
             hint="a dict with the keys 'diversion', 'referral' and 'selling', each between 0 and 1",
             more=("selling takes the lobby manager away from the door; which other choice shortens the "
                   "counter queue?",),
             prompt="lobby choices with selling >= 0.5 and mean wait < 5.5 min"),
]
