"""Questions of notebook 01 (a day in the branch). Answers: baseline, days=7, seed=1.

``01.idle_role`` asks for the least utilised kind of *staff*: machines and customer managers are
about equally busy (0.15-0.17 each, and their order flips between seeds), so machines are left
out; the customer managers' lead over the lobby manager is many paired standard errors (the
notebook prints it, ``tests/notebooks/test_fair_grading.py`` checks it)."""
from simkit.question import Question

QUESTIONS = [
    Question("01.peak_hour", "number", secret="c1:0.00125:0.0:cc03835eca99d0663205b527", tol=0.0,
             hint="the hour-by-hour table has a column of mean waits: find the row where it is largest",
             more=("idxmax() of the 'mean wait (min)' column gives the row's index, the clock hour",),
             prompt="clock hour with the longest mean wait"),
    Question("01.t1_serving", "number", secret="c1:0.25:0.0:fe389b1518a286bb47b29546", tol=1.0,
             hint="the activity table says how each person spent the first day, in minutes",
             more=("activity_shares(week, day=0) has one row per person and one column per activity",),
             prompt="minutes teller T1 spent serving on the first day"),
    Question("01.idle_role", "choice", secret="519f1613862993dd65c5cb3cd32069491524a0e112c27183f539bfa2abd4b762",
             hint="utilisation is busy time over available time, one KPI per kind of resource",
             more=("compare the utilisation_... numbers of the three kinds of staff in week.kpis(); answer with "
                   "the role's name only",),
             prompt="least utilised kind of staff (not machines) over the week"),
]
