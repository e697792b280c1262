"""Exercises of notebook 04 (tellers and their pay). Answers are encoded / hashed
(``python -m simkit.teach encode|hash QID VALUE``); the numbers follow from the scheme
parameters stated in each question, not from a simulation, so tuning the model never
changes them."""
from simkit.teach import Question

QUESTIONS = [
    # 2,000 + 500 + 1,800 × 1.5 − 30 × 40 − 12 × 100
    Question("04.piece_pay", "number", secret="Ca9Uxxc3", tol=0.5,
             hint="add base and position salary, then the piece pay (transactions × rate), then subtract "
                  "the error fines and the complaint fines",
             prompt="a month's pay under piece rate with fines"),
    # fine per error / pay per transaction = 40 / 1.5
    Question("04.breakeven", "number", secret="yu2jeNodJ_1U5UAjAKapshES", tol=0.5,
             hint="one error costs the fine; each extra transaction earns the piece rate: how many piece "
                  "rates make one fine?",
             prompt="extra transactions that pay for one extra error"),
    Question("04.pays_for", "choice", secret="df93175f5879560c0f9e85113c9c1caec1fa678ceefd705b9f1390fbf6e7b55f",
             hint="a piece rate counts transactions; which choice changes how many transactions a teller finishes?",
             prompt="which choice a pure piece rate rewards directly (a/b/c)"),
]
