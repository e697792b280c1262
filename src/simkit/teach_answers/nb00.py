"""Questions of notebook 00 (getting started). Answers: baseline, days=1, seed=1."""
from simkit.teach import Question

QUESTIONS = [
    Question("00.customers", "number", secret="Rgis8ck=", tol=0.5,
             hint="every visit is one row of res.customers; len() counts rows",
             prompt="customer visits on the baseline day (seed 1)"),
    Question("00.gave_up", "number", secret="kyrP_ngSV2zwm6ABDjacf_vh", tol=0.001,
             hint="add the balked and reneged rates from res.kpis(); a fraction, not a percentage",
             prompt="share of visits that balked or reneged"),
    Question("00.busiest", "choice", secret="dff192749fa4fadb162300e34c055039aa7fff10384a04e616577b07a580a5c9",
             hint="group the served customers by segment and take the mean of 'wait'; the segment "
                  "name is a lower-case word such as 'mass'",
             prompt="segment with the longest mean wait"),
]
