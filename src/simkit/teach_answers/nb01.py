"""Questions of notebook 01 (a day in the branch). Answers: baseline, days=7, seed=1."""
from simkit.teach import Question

QUESTIONS = [
    Question("01.peak_hour", "number", secret="p1ZG2w==", tol=0.0,
             hint="take idxmax() of the 'mean wait (min)' column: the index is the clock hour",
             prompt="clock hour with the longest mean wait"),
    Question("01.t1_serving", "number", secret="pksLVxgpYqxfB7dV0DwKS8k=", tol=1.0,
             hint="activity_shares(week, day=0) has one row per person and one column per activity",
             prompt="minutes teller T1 spent serving on the first day"),
    Question("01.idle_role", "choice", secret="4126879a4803d2db86ca3c4ec99a8f836944128787a083bf8e7966af55ceabfb",
             hint="compare the four utilisation_... numbers in week.kpis(); answer with the role's name only",
             prompt="least utilised kind of resource over the week"),
]
