"""Exercises of notebook 07 (designing a scheme).

``07.weights`` is a "change the scheme so that ..." question: the judge scores two customer
managers' months — a volume chaser and a prudent manager, below, the months notebook 07 shows
(``tests/notebooks/test_leak.py`` holds the two copies equal) — on a balanced scorecard
with the student's perspective weights, using the pure pay function, so it runs in
milliseconds and does not depend on the simulation's tuning."""
from __future__ import annotations

from simkit.pay import PayScheme
from simkit.question import Question
from simkit.widgets.pay import SCORECARD_DEFAULTS, scorecard_component

#: one month of a manager who chases volume: high profit now, risky book, unhappy customers
VOLUME_CHASER = {"responsibility_profit": 220_000.0, "deposit_net_increase": 1_500_000.0, "satisfaction": 6.5,
                 "complaints": 4.0, "npl_share": 0.08, "collateralised_share": 0.3, "transactions": 70.0}
#: one month of a prudent manager: less volume, a clean book, satisfied customers
PRUDENT = {"responsibility_profit": 140_000.0, "deposit_net_increase": 800_000.0, "satisfaction": 8.2,
           "complaints": 1.0, "npl_share": 0.01, "collateralised_share": 0.7, "transactions": 60.0}
MIN_FINANCIAL = 0.3  # the bank still wants profit to count
MIN_RATIO = 1.25  # the prudent manager's score must beat the chaser's by at least 25 %
PERSPECTIVES = ("financial", "customer", "internal_process", "learning_growth")


def scores(weights: dict) -> tuple[float, float]:
    """(chaser's score, prudent manager's score) on the notebook's scorecard with ``weights``."""
    comp = scorecard_component({**SCORECARD_DEFAULTS, **weights})
    card = PayScheme.model_validate({"components": [comp]}).components[0]
    return sum(card.score(VOLUME_CHASER).values()), sum(card.score(PRUDENT).values())


def judge_weights(answer) -> tuple[bool, str]:
    if not isinstance(answer, dict) or set(answer) != set(PERSPECTIVES):
        return False, f"give a dict with exactly the keys {', '.join(PERSPECTIVES)}"
    w = {k: float(answer[k]) for k in PERSPECTIVES}
    if any(v < 0 for v in w.values()) or abs(sum(w.values()) - 1.0) > 1e-6:
        return False, f"weights must be >= 0 and sum to 1 (yours sum to {sum(w.values()):g})"
    if w["financial"] < MIN_FINANCIAL:
        return False, f"the financial weight must stay at least {MIN_FINANCIAL}"
    chaser, prudent = scores(w)
    if prudent < MIN_RATIO * chaser:
        return False, (f"the prudent manager scores {prudent:.3f} and the chaser {chaser:.3f} "
                       f"(needed: at least {MIN_RATIO:g} times the chaser's).")
    return True, ""


QUESTIONS = [
    Question("07.weights", "judge", judge=judge_weights,
             hint="which perspectives measure what the volume chaser neglects?",
             more=("compare the two managers' months perspective by perspective: where is the chaser worse?",),
             prompt="scorecard weights under which prudence beats volume chasing by 25 %"),
    Question("07.annual", "number", secret="c1:0.125:0.0:d8d5645e9e6571f38fcc7f34", tol=0.5,
             hint="the annual part of pay is a pool scaled by the grade's coefficient",
             more=("the annual pool is paid at grade B (coefficient 1.0); other grades multiply it by their "
                   "coefficient",),
             prompt="year-end annual rating pay at grade C"),
]
