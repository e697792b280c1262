"""Exercises of notebook 06 (fairness). The answers follow from the numbers stated in each
question, not from a simulation; they are stored as commitments (``python -m simkit.teach
encode QID VALUE``).

``06.gini`` accepts both common formulas: the population Gini (mean absolute difference over
all ordered pairs, pairs of a person with themself included, over twice the mean: what
``gini`` computes) and the sample version, which leaves those pairs out and so is n / (n − 1)
times larger (four pay amounts: 4 / 3)."""
from simkit.question import Question

QUESTIONS = [
    Question("06.adjusted_pay", "number", secret="c1:0.125:0.0:e439a6077b6d3dd21fa2f257", tol=0.5,
             hint="first the manager's own target, then how far they completed it, then pay",
             more=("own target = base target × inherited portfolio / mean portfolio; completion = average "
                   "balance / own target; pay = completion × the pool",),
             prompt="pay under a portfolio-adjusted ('differential rent') target"),
    Question("06.gini", "number", secret="c1:0.00125:0.0:9d00ae7dd87e91be98d3ac9f.b3f0d4eedc6202993ff8223b", tol=0.001,
             hint="the Gini coefficient is the mean absolute difference between pay amounts, relative to the mean",
             more=("use gini() from simkit.report.schemes, or: mean absolute difference over all ordered pairs "
                   "divided by twice the mean",),
             variants=lambda g: [g * 4 / 3],
             prompt="Gini coefficient of four pay amounts"),
    Question("06.free_ride", "number", secret="c1:0.00125:0.0:b13f5770368bb7f4c3f30046", tol=0.001,
             hint="under equal team pay, whatever one teller adds to the pool is shared by everyone",
             more=("the pool grows by the rate for every team transaction, and each teller gets an equal share "
                   "of the pool",),
             prompt="what a teller keeps of one extra transaction under equal team pay"),
]
