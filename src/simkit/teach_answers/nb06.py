"""Exercises of notebook 06 (fairness). Answers are encoded (``python -m simkit.teach encode
QID VALUE``); they follow from the numbers stated in each question, not from a simulation."""
from simkit.teach import Question

QUESTIONS = [
    # adjusted target = 20M × (40M / 20M) ** 1 = 40M; completion 42M / 40M = 105 %; × ¥5,000
    Question("06.adjusted_pay", "number", secret="oE9Lyp6z", tol=0.5,
             hint="first the manager's own target (base target × inherited portfolio / mean portfolio), then "
                  "completion = average balance / own target, then completion × the pool",
             prompt="pay under a portfolio-adjusted ('differential rent') target"),
    # sorted 3000, 3000, 6000, 12000: sum_i (2i - n - 1) x_i / (n sum x) = 30000 / 96000
    Question("06.gini", "number", secret="GuMU-E3J", tol=0.001,
             hint="use gini() from simkit.measure, or: mean absolute difference over all ordered pairs "
                  "divided by twice the mean",
             prompt="Gini coefficient of four pay amounts"),
    # own share of a ¥1.5 pool item split equally among five: 1.5 / 5
    Question("06.free_ride", "number", secret="VJty", tol=0.001,
             hint="the pool grows by the rate for every team transaction, and each teller gets an equal share "
                  "of the pool",
             prompt="what a teller keeps of one extra transaction under equal team pay"),
]
