"""Questions of notebook 01 (a day in the branch). Answers: baseline, days=7, seed=1."""
from simkit.teach import Question

QUESTIONS = [
    Question("01.peak_hour", "number", secret="c1:0.00125:0.0:cc03835eca99d0663205b527", tol=0.0,
             hint="the hour-by-hour table has a column of mean waits: find the row where it is largest",
             more=("idxmax() of the 'mean wait (min)' column gives the row's index, the clock hour",),
             prompt="clock hour with the longest mean wait"),
    Question("01.t1_serving", "number", secret="c1:0.25:0.0:fe389b1518a286bb47b29546", tol=1.0,
             hint="the activity table says how each person spent the first day, in minutes",
             more=("activity_shares(week, day=0) has one row per person and one column per activity",),
             prompt="minutes teller T1 spent serving on the first day"),
    Question("01.idle_role", "choice", secret="4126879a4803d2db86ca3c4ec99a8f836944128787a083bf8e7966af55ceabfb",
             hint="utilisation is busy time over available time, one KPI per kind of resource",
             more=("compare the four utilisation_... numbers in week.kpis(); answer with the role's name only",),
             prompt="least utilised kind of resource over the week"),
]
