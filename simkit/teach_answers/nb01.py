"""Questions of notebook 01 (a day in the branch). Answers: baseline, days=7, seed=1.

``01.t1_serving`` asks about the second day (day 1): the notebook shows the first day's activity table.

``01.idle_role`` asks for the least utilised kind of *staff*: machines are left out because over a
week they and one kind of staff are about equally busy and their order flips between seeds; the
least utilised kind of staff leads the next by many paired standard errors (the notebook's trainer
note prints it, ``tests/notebooks/test_fair_grading.py`` checks it)."""
from simkit.question import Question

QUESTIONS = [
    Question("01.peak_hour", "number", secret="c1:0.00125:0.0:cc03835eca99d0663205b527", tol=0.0,
             hint="the hour-by-hour table has a column of mean waits: find the row where it is largest",
             more=("idxmax() of the 'mean wait (min)' column gives the row's index, the clock hour",),
             hint_zh="按小时列出的表里有一列平均等候时间：找出这一列最大的那一行",
             more_zh=("对 'mean wait (min)' 这一列用 idxmax()，得到那一行的行号，也就是钟点",),
             prompt="clock hour with the longest mean wait"),
    Question("01.t1_serving", "number", secret="c1:0.25:0.0:917365463d41125dbfc377af", tol=1.0,
             hint="the activity table says how each person spent a day, in minutes",
             more=("activity_shares(week, day=1) has one row per person and one column per activity",),
             hint_zh="按工作内容列出的表给出了某一天每个人在每项工作上花了多少分钟",
             more_zh=("activity_shares(week, day=1) 每个人一行，每项工作一列",),
             prompt="minutes teller T1 spent serving on the second day (day 1)"),
    Question("01.idle_role", "choice", secret="519f1613862993dd65c5cb3cd32069491524a0e112c27183f539bfa2abd4b762",
             hint="utilisation is busy time over available time, one KPI per kind of resource",
             more=("compare the utilisation_... numbers of the three kinds of staff in week.kpis(); answer with "
                   "the role's name only",),
             hint_zh="忙碌率是忙碌时间除以可用时间，每类资源各有一个这样的指标",
             more_zh=("比较 week.kpis() 里三类员工以 utilisation_ 开头的数值；只用代码里的岗位名作答",),
             prompt="least utilised kind of staff (not machines) over the week"),
]
