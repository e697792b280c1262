"""Questions of notebook 00 (getting started). Answers: baseline, days=1; seed 2 (``day2``, a day the
notebook runs but shows nothing of) for ``00.customers`` and ``00.gave_up``, seed 1 for ``00.busiest``.

``00.busiest`` asks for the segment with the most visits, not the one with the longest mean
wait: on one day that ranking changes with the seed (corporate, VIP, elderly and potential
high-value customers each come first on some of seeds 1-12); the largest segment's lead in
visits is many standard errors (``tests/notebooks/test_fair_grading.py``)."""
from simkit.question import Question

QUESTIONS = [
    Question("00.customers", "number", secret="c1:0.125:0.0:a873a4f8bb8a1112620c419d", tol=0.5,
             hint="every visit is one row of one of the result tables",
             more=("count the rows of day2.customers",),
             hint_zh="每一次到店都是某张结果表里的一行",
             more_zh=("数一数 day2.customers 有多少行",),
             prompt="customer visits on the baseline day with seed 2"),
    Question("00.gave_up", "number", secret="c1:0.00125:0.0:8cadd0ca1cbcf9b172fddb2d", tol=0.001,
             hint="balking (not joining the queue) and reneging (leaving it) are the two ways of giving up; "
                  "both are KPIs",
             more=("add the balked and reneged rates from day2.kpis(); a fraction, not a percentage",),
             hint_zh="见排队离开（不排队就走）和等候中放弃（排了队又走）是客户离开的两种方式，两者都是关键指标",
             more_zh=("把 day2.kpis() 里的 balked_rate 和 reneged_rate 加起来；答案是小数，不是百分数",),
             prompt="share of visits that balked or reneged (seed 2)"),
    Question("00.busiest", "choice", secret="756003f111a6e857adb163b85b7b1ccd85a85cd573b1799d295872a8271ee255",
             hint="every visit is one row of the customers table, with its segment",
             more=("count the rows of res.customers segment by segment; the segment name is a lower-case "
                   "word such as 'vip'",),
             hint_zh="每一次到店都是客户表里的一行，行里写着客户类别",
             more_zh=("按客户类别数一数 res.customers 的行数；用代码里的类别名作答，是一个小写英文词，例如 'vip'",),
             prompt="segment with the most visits (seed 1)"),
]
