"""Questions of notebook 00 (getting started). Answers: baseline, days=1, seed=1."""
from simkit.teach import Question

QUESTIONS = [
    Question("00.customers", "number", secret="c1:0.125:0.0:fc5c7742d1f058e97df78a04", tol=0.5,
             hint="every visit is one row of one of the result tables",
             more=("count the rows of res.customers",),
             prompt="customer visits on the baseline day (seed 1)"),
    Question("00.gave_up", "number", secret="c1:0.00125:0.0:d8920f0e119a495453a7af39", tol=0.001,
             hint="balking (not joining the queue) and reneging (leaving it) are the two ways of giving up; "
                  "both are KPIs",
             more=("add the balked and reneged rates from res.kpis(); a fraction, not a percentage",),
             prompt="share of visits that balked or reneged"),
    Question("00.busiest", "choice", secret="dff192749fa4fadb162300e34c055039aa7fff10384a04e616577b07a580a5c9",
             hint="compare the mean wait of the customers who were called, segment by segment",
             more=("group the served customers by segment and take the mean of 'wait'; the segment "
                   "name is a lower-case word such as 'mass'",),
             prompt="segment with the longest mean wait"),
]
