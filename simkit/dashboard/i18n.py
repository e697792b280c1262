"""Every label of the dashboard in English and Chinese.

``LABELS`` maps a namespaced key (``ui.run``, ``kpi.wait_mean``, ``seg.vip``, ...) to
``{"en": ..., "zh": ...}``. The tests check that every key has both languages and that
every key the dashboard can ask for (every KPI, zone, segment, choice, scheme file, ...)
is here. ``tr`` falls back to the key's last part, so a new scheme file added to
``scenarios/schemes/`` still shows up (under its file name) before it gets a label.

Chinese terms follow the glossary (docs/glossary.md): 大堂经理, 柜员,
客户经理, 分流, 不良贷款, 责任利润, ...

Payslip formulas are written in English by the pay code (``simkit.pay.schemes``, which
knows no languages); ``formula_text`` translates their words here, by pattern, so the
pay code stays as it is and every formula it can write reads in Chinese (tested on every
shipped scheme's lines).
"""
from __future__ import annotations

import re

LANGS = ("en", "zh")


def _l(en: str, zh: str) -> dict:
    return {"en": en, "zh": zh}


LABELS: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- interface
    "ui.title": _l("simkit — branch trainer's dashboard", "simkit — 网点培训看板"),
    "ui.language": _l("Language", "语言"),
    "ui.branch": _l("Branch", "网点场景"),
    "ui.side_a": _l("Scheme A", "方案 A"),
    "ui.side_b": _l("Scheme B", "方案 B"),
    "ui.parameters": _l("Main parameters", "主要参数"),
    "ui.ordinary_windows": _l("Ordinary windows", "普通窗口数"),
    "ui.lobby_managers": _l("Lobby managers", "大堂经理人数"),
    "ui.machines": _l("Self-service machines", "自助设备台数"),
    "ui.arrivals_factor": _l("Customer volume ×", "客流量 ×"),
    "ui.periods": _l("Months", "考核月数"),
    "ui.replications": _l("Replications", "重复次数"),
    "ui.seed": _l("Seed", "随机种子"),
    "ui.run": _l("Run", "运行"),
    "ui.cancel": _l("Cancel", "取消"),
    "ui.lesson": _l("Lesson", "课程案例"),
    "ui.lesson_none": _l("(choose a lesson)", "（选择一个案例）"),
    "ui.estimate": _l("A Run takes about {secs} ({sims} simulations of {periods} months; {how}).",
                      "运行约需 {secs}（{sims} 次模拟，每次 {periods} 个月；{how}）。"),
    "ui.estimate_prior": _l("estimated from the run's size", "按运行规模估算"),
    "ui.estimate_measured": _l("refined from {n} simulations measured", "已按 {n} 次实测模拟修正"),
    "ui.seconds": _l("{n:.0f} s", "{n:.0f} 秒"),
    "ui.minutes_secs": _l("{m} min {s:02d} s", "{m} 分 {s:02d} 秒"),
    "ui.status_running_left": _l("Running {done} of {total} simulations… about {left} left.",
                                 "正在运行第 {done}/{total} 次模拟…约剩 {left}。"),
    "ui.status_cancelled": _l("Cancelled after {done} of {total} simulations; the results shown (if any) are "
                              "from the last complete run.",
                              "已在完成 {done}/{total} 次模拟后取消；所示结果（如有）来自上一次完整运行。"),
    "ui.status_same": _l("These results are already for exactly these inputs (a run is deterministic: same "
                         "inputs, same numbers). Change an input to run again.",
                         "所示结果正是这些输入的结果（模拟是确定的：输入相同，结果相同）。修改输入后可再次运行。"),
    "ui.status_busy": _l("Still running: wait, or press Cancel.", "仍在运行：请等待，或点击“取消”。"),
    "ui.results_for": _l("Results for", "结果对应的输入"),
    "ui.stale": _l("Stale: the inputs have changed since these results were computed. Press Run to update them.",
                   "结果已过期：计算后输入已更改。请点击“运行”更新。"),
    "ui.inputs_line": _l("{branch}; ordinary windows {windows}, lobby managers {lobby}, machines {machines}, "
                         "customer volume ×{arrivals}; {periods} months; {reps} replications (seeds {seeds})",
                         "{branch}；普通窗口 {windows} 个，大堂经理 {lobby} 人，自助设备 {machines} 台，"
                         "客流量 ×{arrivals}；{periods} 个月；{reps} 次重复（种子 {seeds}）"),
    "ui.few_months": _l("With {periods} month(s) A and B will look alike: staff believe nothing about how pay "
                        "responds to what they do until three payslips, so behaviour can change from month 4 on. "
                        "Choose 4 months or more to see pay change behaviour.",
                        "只有 {periods} 个月时，方案 A 与 B 看起来会一样：员工要拿到三张工资单后才相信薪酬如何随"
                        "自己的行为变化，行为从第 4 个月起才会改变。要看到薪酬改变行为，请选择 4 个月或更多。"),
    "ui.clear": _l("clear", "非偶然且有意义"),
    "ui.small": _l("too small to matter", "差异过小"),
    "ui.none": _l("none in either arm", "两组均为零"),
    "ui.band_clipped": _l("the shaded interval runs beyond this axis (few replications)",
                          "阴影置信区间超出坐标轴（重复次数少）"),
    "ui.clear_note": _l("“clear”: the 95 % interval of B − A excludes zero (unlikely to be chance) and the "
                        "difference is at least the KPI's minimal meaningful size (large enough to matter). "
                        "“too small to matter”: the interval excludes zero, but the difference is below that size. "
                        "“none in either arm”: the KPI is zero in every replication of A and of B. "
                        "Other differences may be luck.",
                        "“非偶然且有意义”：B − A 的 95% 置信区间不含零（不太可能是偶然），且差异不小于该指标"
                        "有意义的最小差异（大到足以影响实际）。“差异过小”：置信区间不含零，但差异小于有意义的最小"
                        "差异。“两组均为零”：A 与 B 每次重复中该指标都为零。其他差异可能只是随机波动。"),
    "ui.negative_pay": _l("pay below zero", "薪酬为负"),
    "ui.negative_pay_note": _l("Pay below zero is real under heavy fines: seed 002 — fines are paid out of pocket "
                               "(the fines exceed the month's pay and the employee owes the difference).",
                               "重罚之下薪酬为负是真实的：依据种子材料 002——罚款由员工自掏腰包"
                               "（罚款超过当月薪酬，差额由员工承担）。"),
    "ui.negative_count": _l("{n} of {months} person-months paid below zero; the lowest:",
                            "{months} 个人月中有 {n} 个薪酬为负；最低："),
    "ui.month_n": _l("month {n}", "第 {n} 个月"),
    "ui.tab_downloads": _l("Downloads", "下载"),
    "ui.downloads_title": _l("Download the results and figures", "下载结果与图表"),
    "ui.downloads_note": _l("Every file names the inputs that produced it (an inputs column, the Parquet "
                            "file's metadata, inputs.json).",
                            "每个文件都注明了产生它的输入（inputs 列、Parquet 文件的元数据、inputs.json）。"),
    "ui.dl.kpis_summary.csv": _l("KPI summary with intervals (CSV)", "关键指标汇总及置信区间（CSV）"),
    "ui.dl.kpis_by_replication.csv": _l("KPIs of every replication (CSV)", "每次重复的关键指标（CSV）"),
    "ui.dl.kpis_by_replication.parquet": _l("KPIs of every replication (Parquet)", "每次重复的关键指标（Parquet）"),
    "ui.dl.inputs.json": _l("The inputs (JSON)", "输入参数（JSON）"),
    "ui.dl_figure": _l("Figure: {title} (SVG)", "图表：{title}（SVG）"),
    "ui.status_ready": _l("Pick the schemes and press Run.", "请选择薪酬方案并点击“运行”。"),
    "ui.status_running": _l("Running {done} of {total} simulations…", "正在运行第 {done}/{total} 次模拟…"),
    "ui.status_done": _l("Done: {n} replications per scheme (seeds {seeds}), {periods} months each, {secs:.1f} s.",
                         "完成：每个方案 {n} 次重复（种子 {seeds}），每次 {periods} 个月，用时 {secs:.1f} 秒。"),
    "ui.status_error": _l("These inputs cannot run:", "这些输入无法运行："),
    "ui.tab_kpis": _l("KPIs", "关键指标"),
    "ui.tab_queues": _l("Queues and waits", "排队与等候"),
    "ui.tab_behaviour": _l("Learned behaviour", "员工行为变化"),
    "ui.tab_pay": _l("Payslips", "工资单"),
    "ui.tab_bank": _l("Bank", "银行经营"),
    "ui.tab_replay": _l("Replay a day", "营业日回放"),
    "ui.kpi": _l("Indicator", "指标"),
    "ui.diff": _l("B − A", "B − A"),
    "ui.ci_note": _l("Mean over replications [95 % confidence interval]. B − A is paired: both schemes meet the "
                     "same customers (same seeds).",
                     "各次重复的均值 [95% 置信区间]。B − A 为配对比较：两个方案使用相同种子，面对同样的客户。"),
    "ui.no_results": _l("No results yet: press Run.", "尚无结果：请点击“运行”。"),
    "ui.queue_title": _l("Customers waiting at the counter over the day", "全天柜台排队人数"),
    "ui.waits_title": _l("Mean wait by customer segment", "各类客户平均等候时间"),
    "ui.behaviour_title": _l("What staff learned to do, month by month (mean of the role's staff)",
                             "员工逐月学到的行为（同岗位员工均值）"),
    "ui.pay_title": _l("Average monthly pay per person by component", "人均月薪构成"),
    "ui.payslip_title": _l("Sample payslips (first replication: the last month of the first person in each role, "
                           "and the lowest month if it went below zero)",
                           "工资单示例（第一次重复：各岗位第一位员工最后一个月的工资单；若有负薪酬，另列最低的一个月）"),
    "ui.bank_profit_title": _l("Branch profit per month (after staff pay)", "网点月利润（扣除员工薪酬后）"),
    "ui.bank_npl_title": _l("Non-performing loan ratio", "不良贷款率"),
    "ui.clock_hour": _l("clock time (hour)", "时刻（时）"),
    "ui.customers_waiting": _l("customers waiting", "排队人数"),
    "ui.minutes": _l("minutes", "分钟"),
    "ui.month": _l("month", "月份"),
    "ui.yuan": _l("¥", "元"),
    "ui.person": _l("Person", "员工"),
    "ui.line": _l("Pay line", "项目"),
    "ui.amount": _l("Amount", "金额"),
    "ui.formula": _l("How it was computed", "计算方式"),
    "ui.total": _l("Total", "合计"),
    "ui.replay_side": _l("Replay scheme", "回放方案"),
    "ui.day": _l("Day", "日期"),
    "ui.speed": _l("Speed", "速度"),
    "ui.clock": _l("Clock", "时钟"),
    "ui.time": _l("Time", "时间"),
    "ui.replay_hint": _l("Press Run first; then press ▶ to watch the day. Dots are customers, coloured by segment.",
                         "请先点击“运行”，再按 ▶ 观看营业日。圆点代表客户，颜色表示客户类别。"),
    "ui.legend": _l("Legend", "图例"),
    "ui.comma": _l(", ", "，"),  # punctuation between parts of a label: full width in Chinese
    "ui.colon": _l(": ", "："),
    "ui.semicolon": _l("; ", "；"),
    "ui.file_size": _l("{name}, {size:,} bytes", "{name}，{size:,} 字节"),
    "ui.lesson_plan": _l("Lesson plan for trainers (in Chinese): docs/zh/lesson_plan.md in the simkit repository.",
                         "培训教案：见 simkit 代码库中的 docs/zh/lesson_plan.md。"),
    # ---------------------------------------------------------------- tooltips of the controls
    "tip.language": _l("The language of every label, table and figure (results are redrawn, not rerun)",
                       "所有标签、表格和图表的语言（结果重新绘制，不重新运行）"),
    "tip.lesson": _l("A ready-made comparison for a class: sets both schemes, the months and the replications",
                     "为课堂准备的现成对比：设定两个方案、考核月数和重复次数"),
    "tip.branch": _l("The branch simulated: its windows, staff, customers and opening hours",
                     "模拟的网点：窗口、员工、客户和营业时间"),
    "tip.scheme": _l("How this role is paid under scheme {side}", "方案 {side} 下该岗位的薪酬办法"),
    "tip.windows": _l("Ordinary counter windows, each with one teller (VIP and corporate windows as in the branch)",
                      "普通柜台窗口数，每个窗口一名柜员（贵宾和对公窗口按网点设定）"),
    "tip.lobby": _l("Lobby managers greeting and triaging customers (0: nobody triages)",
                    "负责迎宾和分流的大堂经理人数（0 表示无人分流）"),
    "tip.machines": _l("Self-service machines customers can be diverted to", "可分流客户的自助设备台数"),
    "tip.arrivals": _l("Customers arriving, as a multiple of the branch's usual numbers",
                       "到店客户数，为网点平常客流的倍数"),
    "tip.periods": _l("Monthly assessment periods simulated; behaviour can change from month 4 on",
                      "模拟的月度考核期数；行为从第 4 个月起才会改变"),
    "tip.reps": _l("Runs of each scheme with different seeds; more give narrower confidence intervals",
                   "每个方案使用不同种子运行的次数；次数越多，置信区间越窄"),
    "tip.seed": _l("The first random seed; both schemes meet the same customers",
                   "第一个随机种子；两个方案面对同样的客户"),
    "tip.run": _l("Simulate both schemes with these inputs", "按当前输入模拟两个方案"),
    "tip.cancel": _l("Stop the run within one simulated month", "在一个模拟月内停止运行"),
    "tip.replay_side": _l("Which scheme's first replication to replay", "回放哪个方案的第一次重复"),
    "tip.day": _l("The business day to replay", "要回放的营业日"),
    "tip.speed": _l("Simulated minutes per step of the replay", "回放每一步的模拟分钟数"),
    "tip.play": _l("Play or pause the day", "播放或暂停营业日"),
    "tip.time": _l("The time of day shown", "显示的时刻"),
    # ---------------------------------------------------------------- people and machines on the floor plan
    "staff.T": _l("Teller {n}", "柜员{n}"),
    "staff.L": _l("Lobby manager {n}", "大堂经理{n}"),
    "staff.L.alone": _l("Lobby manager", "大堂经理"),
    "staff.M": _l("Customer manager {n}", "客户经理{n}"),
    "staff.S": _l("Machine {n}", "自助设备{n}"),
    # ---------------------------------------------------------------- lessons (inputs.PRESETS)
    "preset.short": _l("You chose {periods} months and {reps} replications; this lesson's effect was measured clear "
                       "at {need_periods} months and {need_reps} replications. With fewer it may not show, and a "
                       "difference not marked clear may be luck.",
                       "你选择了 {periods} 个月、{reps} 次重复；本案例的效应是在 {need_periods} 个月、{need_reps} 次"
                       "重复时测得的。少于此设置时效应可能显示不出来，未标注的差异可能只是随机波动。"),
    "lesson.library": _l("Results library ({periods} months, {n} replications, every field margin on): {what}, "
                         "{scheme} − {reference}, months {months}: {diff} [{low}, {high}] — {shown}.",
                         "结果库（{periods} 个月，{n} 次重复，现场机制全部开启）：{what}，{scheme} − {reference}，"
                         "第 {months} 个月：{diff} [{low}, {high}]——{shown}。"),
    "lib.piece-rate/pace": _l("teller pace (1 = normal)", "柜员办理速度（1 = 正常）"),
    "lib.piece-rate/error-rate": _l("teller errors per transaction", "柜员每笔业务差错率"),
    "lib.deposit-only/screening": _l("customer managers' screening", "客户经理贷前调查深度"),
    "lib.deposit-only/NPL ratio": _l("NPL ratio", "不良贷款率"),
    "lib.sales-quota/pitches": _l("pitches a teller-month", "柜员每月推销次数"),
    "lib.sales-quota/voiced complaints": _l("voiced complaints at a teller's counter a month",
                                            "柜员窗口每月客户抱怨次数"),
    "lib.heavy-fines/quits a teller-month": _l("share of tellers quitting a month", "柜员每月离职比例"),
    "lib.shown.yes": _l("shown in the predicted direction", "已按预期方向显现"),
    "lib.shown.too small": _l("too small to matter", "差异过小"),
    "lib.shown.opposite": _l("the other way", "方向相反"),
    "lib.shown.opposite, small": _l("the other way, and too small to matter", "方向相反且差异过小"),
    "lib.shown.not distinguishable": _l("not distinguishable from none", "与零无法区分"),
    "lib.shown.none in either arm": _l("none in either arm", "两组均为零"),
    "preset.piece_vs_fixed": _l("Piece rate vs fixed pay (tellers)", "计件工资对比固定工资（柜员）"),
    "preset.piece_vs_fixed.text": _l(
        "Tellers on fixed pay (A) against a piece rate per transaction (B, 计件工资), with every field margin on "
        "for both (the corrected model: quits and hiring, care, days off, pay rules; not yet the default). From "
        "month 4, once tellers have three payslips, the piece-rate tellers speed up (Learned behaviour: pace): at six "
        "months and five replications this difference is marked clear. Look also at errors, waits and pay (KPIs, "
        "Payslips): which does the run mark clear, and which are too small to matter? The results library's lines "
        "below give the same comparison over two years. A difference not marked clear may be luck.",
        "柜员固定工资（A）对比按笔计件（B，计件工资），双方都开启全部现场机制（修正后的模型：离职与招聘、细心程度、"
        "轮休、工资规则；尚未成为默认）。从第 4 个月起（柜员已拿到三张工资单），计件柜员加快办理速度（员工行为变化："
        "办理速度）：6 个月、5 次重复时该差异被标注。再看差错、等候时间和收入（关键指标、工资单）：哪些被标注，哪些"
        "差异过小？下方结果库各行给出同一比较运行两年的结果。未标注的差异可能只是随机波动。"),
    "preset.deposit_vs_profit": _l("Deposit-only vs responsibility profit (customer managers)",
                                   "唯存款论对比责任利润（客户经理）"),
    "preset.deposit_vs_profit.text": _l(
        "Customer managers paid on deposits alone (A, 唯存款论) against a share of their responsibility profit "
        "after loan-loss provisions (B, 责任利润). What eight months show: managers paid on deposits alone screen "
        "loan files less (Learned behaviour: screening), marked clear at five replications. Do not expect the NPL "
        "ratio and the branch's profit to move clearly yet: a loan goes bad a year or more after it is made, so a "
        "few months hold almost no defaults of the loans screened differently. The results library's lines below "
        "say what three years show. A difference not marked clear may be luck.",
        "客户经理只按存款计酬（A，唯存款论）对比按扣除贷款损失拨备后的责任利润计酬（B，责任利润）。8 个月能看到的："
        "只按存款计酬的客户经理贷前调查做得更少（员工行为变化：贷前调查深度），5 次重复时该差异被标注。暂时还不要"
        "指望不良贷款率和网点利润明显变化：贷款通常在发放一年或更久之后才变坏，几个月里调查深度不同的贷款几乎还没有"
        "违约。下方结果库各行给出运行三年的结果。未标注的差异可能只是随机波动。"),
    "preset.quota_vs_fixed": _l("Sales quotas vs fixed pay (tellers)", "销售任务对比固定工资（柜员）"),
    "preset.quota_vs_fixed.text": _l(
        "Tellers on fixed pay (A) against sales quotas with a deduction for every quota missed (B, 营销任务), with "
        "every field margin on for both. From month 4 the quota tellers pitch more often (Learned behaviour: pitch): "
        "at six months and five replications this difference is marked clear. Look also at products sold, complaints "
        "and waits (KPIs) and at the deductions (Payslips): which does the run mark clear? The results library's "
        "lines below give the same comparison over two years. A difference not marked clear may be luck.",
        "柜员固定工资（A）对比销售任务、未完成即扣款（B，营销任务），双方都开启全部现场机制。从第 4 个月起，有销售"
        "任务的柜员推销更频繁（员工行为变化：推销）：6 个月、5 次重复时该差异被标注。再看产品销售、投诉和等候时间"
        "（关键指标）以及扣款（工资单）：哪些被标注？下方结果库各行给出同一比较运行两年的结果。未标注的差异可能只是"
        "随机波动。"),
    "preset.heavy_fines": _l("Heavy fines (tellers)", "重罚（柜员）"),
    "preset.heavy_fines.text": _l(
        "Tellers on fixed pay (A) against a low base with a piece rate and heavy fines for errors and complaints "
        "(B, 重罚). What six months show: the tellers' pay falls by thousands of yuan a month, marked clear, and a "
        "month's pay can fall below zero — seed 002: fines are paid out of pocket — which the dashboard flags "
        "(Payslips). The field margins stay off here: their pay rules cap deductions at a fifth of the pay, and this "
        "lesson is about pay below zero. Pace and errors may not move clearly, as the piece rate pulls towards speed "
        "and the fines against errors. Whether tellers leave takes longer: the results library's line below gives it "
        "over two years with the labour market on. A difference not marked clear may be luck.",
        "柜员固定工资（A）对比低底薪加计件、差错与投诉重罚（B，重罚）。6 个月能看到的：柜员月收入下降数千元，该差异被"
        "标注；月薪可能为负——依据种子材料 002，罚款由员工自掏腰包——看板会标出这种情况（工资单）。本案例不开启现场"
        "机制：其工资规则把扣款限制在工资的五分之一以内，而本案例讲的正是负工资。办理速度和差错可能没有明显变化，因为"
        "计件把人推向求快，罚款把人推向少出错。柜员是否离职需要更长时间：下方结果库一行给出开启劳动力市场运行两年的"
        "结果。未标注的差异可能只是随机波动。"),

    # ---------------------------------------------------------------- roles
    "role.teller": _l("Tellers", "柜员"),
    "role.lobby_manager": _l("Lobby manager", "大堂经理"),
    "role.customer_manager": _l("Customer managers", "客户经理"),
    # ---------------------------------------------------------------- KPIs
    "kpi.wait_mean": _l("Mean wait (min)", "平均等候（分钟）"),
    "kpi.wait_p90": _l("90th percentile wait (min)", "90% 分位等候（分钟）"),
    "kpi.served_within_10": _l("Called within 10 min (%)", "10 分钟内叫号（%）"),
    "kpi.balked_rate": _l("Left on seeing the queue (%)", "见排队离开（%）"),
    "kpi.reneged_rate": _l("Gave up waiting (%)", "等候中放弃（%）"),
    "kpi.diversion_rate": _l("Diverted to machines (%)", "分流至自助设备（%）"),
    "kpi.error_rate": _l("Teller errors (% of services)", "柜员差错率（%）"),
    "kpi.complaint_rate": _l("Complaints (% of visits)", "投诉率（%）"),
    "kpi.satisfaction_mean": _l("Satisfaction (0–10)", "满意度（0–10）"),
    "kpi.sales": _l("Products sold", "产品销售件数"),
    "kpi.fee_income": _l("Fee income (¥)", "中间业务收入（元）"),
    "kpi.utilisation_teller": _l("Teller utilisation (%)", "柜员忙碌率（%）"),
    "kpi.bank_profit": _l("Branch profit (¥, whole run)", "网点利润（元，全期）"),
    "kpi.npl_ratio": _l("NPL ratio at the end (%)", "期末不良贷款率（%）"),
    "kpi.staff_pay": _l("Staff pay (¥, whole run)", "员工薪酬（元，全期）"),
    "kpi.deposits_lost": _l("Deposits moved to other banks (¥)", "流失存款（元）"),
    # ---------------------------------------------------------------- customers
    "seg.mass": _l("mass retail", "大众客户"),
    "seg.vip": _l("VIP", "贵宾客户"),
    "seg.elderly": _l("elderly", "老年客户"),
    "seg.corporate": _l("corporate", "对公客户"),
    "seg.potential_hv": _l("potential high-value", "潜在高价值客户"),
    "zone.lobby": _l("being greeted", "大堂接待中"),
    "zone.waiting": _l("waiting for a window", "等候柜台"),
    "zone.machine_queue": _l("waiting for a machine", "等候自助设备"),
    "zone.desk_queue": _l("waiting for a customer manager", "等候客户经理"),
    "zone.window": _l("at a window", "柜台办理中"),
    "zone.machine": _l("at a machine", "自助设备办理中"),
    "zone.desk": _l("at a customer manager's desk", "客户经理处办理中"),
    "zone.leaving": _l("leaving", "离开"),
    "out.served": _l("served", "已办结"),
    "out.balked": _l("left on seeing the queue", "见排队离开"),
    "out.reneged": _l("gave up waiting", "等候中放弃"),
    "out.unserved": _l("could not be served", "无法办理"),
    "out.inside": _l("still inside", "仍在网点"),
    # ---------------------------------------------------------------- floor plan
    "floor.entrance": _l("Entrance", "入口"),
    "floor.lobby": _l("Lobby (greeting, triage)", "大堂（迎宾、分流）"),
    "floor.self_service": _l("Self-service machines", "自助设备区"),
    "floor.waiting": _l("Waiting area", "等候区"),
    "floor.vip_lounge": _l("VIP lounge", "贵宾室"),
    "floor.windows": _l("Counter windows", "柜台窗口"),
    "floor.desks": _l("Customer-manager desks", "客户经理工位"),
    "floor.desk_queue": _l("Desk queue", "理财等候"),
    "floor.machine_queue": _l("Machine queue", "自助排队"),
    "win.ordinary": _l("ordinary", "普通"),
    "win.vip": _l("VIP", "贵宾"),
    "win.corporate": _l("corporate", "对公"),
    "act.serve": _l("serving", "办理业务"),
    "act.idle": _l("free", "空闲"),
    "act.lunch": _l("lunch", "午餐"),
    "act.outside": _l("visiting clients outside", "外出营销"),
    "act.down": _l("out of order", "故障"),
    "act.triage": _l("triage", "分流引导"),
    "act.sell": _l("selling to waiting customers", "向等候客户营销"),
    "act.second_triage": _l("second triage", "二次分流"),
    "act.teach": _l("teaching the machines", "客户教育"),
    "act.complaint": _l("taking up a complaint", "投诉处理"),
    "act.retain": _l("keeping a customer about to give up", "挽留客户"),
    # ---------------------------------------------------------------- choices staff learn
    "choice.pace": _l("teller pace (1 = normal)", "柜员办理速度（1 = 正常）"),
    "choice.pitch": _l("share of customers offered a product", "向客户推销的比例"),
    "choice.care": _l("share of each transaction checked", "复核比例（重点钞、核对凭证）"),
    "choice.diversion": _l("diversion to machines", "分流至自助设备"),
    "choice.referral": _l("referral zeal", "转介积极性"),
    "choice.selling": _l("time spent selling in the lobby", "大堂营销时间占比"),
    "choice.education": _l("share of machine users taught the machines", "客户教育比例"),
    "choice.handling": _l("share of complaints taken up", "投诉受理比例"),
    "choice.retention": _l("share of customers about to give up whom the lobby manager tries to keep", "挽留客户比例"),
    "choice.outside": _l("time spent prospecting outside", "外出营销时间占比"),
    "choice.screening": _l("depth of credit investigation", "贷前调查深度"),
    "choice.strictness": _l("loan approval strictness", "贷款审批严格度"),
    "choice.monitoring": _l("post-loan monitoring", "贷后管理力度"),
    # ---------------------------------------------------------------- pay
    "pay.base": _l("base salary", "基本工资"),
    "pay.position": _l("position salary", "岗位工资"),
    "pay.performance": _l("performance pay", "绩效工资"),
    "pay.commission": _l("commission", "销售提成"),
    "pay.deduction": _l("deductions and fines", "扣款与罚款"),
    "pay.deferred": _l("deferred", "递延"),
    "pay.settlement": _l("settlement of held pay", "递延兑现"),
    "pay.team": _l("team pool", "团队奖金"),
    "pay.minimum": _l("top-up to the minimum wage", "最低工资补差"),  # simkit.pay.wage_rules
    "line.base salary": _l("base salary", "基本工资"),
    "line.position salary": _l("position salary", "岗位工资"),
    "line.piece rate": _l("piece rate", "计件工资"),
    "line.error fines": _l("error fines", "差错罚款"),
    "line.complaint fines": _l("complaint fines", "投诉罚款"),
    "line.deposit bonus": _l("deposit bonus", "存款奖金"),
    "line.responsibility profit pay": _l("responsibility profit pay", "责任利润绩效"),
    "line.settlement": _l("settlement", "递延兑现"),
    "line.target completion": _l("target completion", "目标完成奖"),
    "line.increment above target": _l("increment above target", "超额增量奖"),
    "line.progress": _l("progress", "增长奖"),
    "line.monthly tier": _l("monthly tier", "月度档位"),
    "line.annual rating": _l("annual rating", "年度评级"),
    "line.team pool": _l("team pool share", "团队奖金分成"),
    "line.tournament prize": _l("tournament prize", "排名奖金"),  # simkit.pay.plugins
    "line.relative pay": _l("relative pay", "相对绩效工资"),
    # lines that wrap another line's name (simkit.pay.schemes: deferred pay, malus, clawback)
    "wrap.deferred": _l("deferred {inner}", "{inner}递延部分"),
    "wrap.released": _l("deferred {inner} released", "{inner}递延兑现"),
    "wrap.malus": _l("malus {inner}", "{inner}递延没收"),
    "wrap.clawback": _l("clawback {inner}", "{inner}追回"),
    "lineprefix.commission": _l("commission", "提成"),
    "lineprefix.quota": _l("missed quota", "未完成指标扣款"),
    "lineprefix.score": _l("score", "得分"),
    "lineprefix.deduction": _l("deduction", "扣分"),
    "lineprefix.scorecard": _l("scorecard", "平衡计分卡"),
    "lineprefix.team": _l("team", "团队"),
    "lineprefix.fines": _l("fines", "罚款"),
    # ---------------------------------------------------------------- products and pay indicators
    "product.credit_card": _l("credit card", "信用卡"),
    "product.fund": _l("fund", "基金"),
    "product.insurance": _l("insurance", "保险"),
    "product.online_banking": _l("online banking", "网上银行"),
    "product.wealth": _l("wealth management", "理财产品"),
    "ind.collateralised_share": _l("collateralised share of loans", "抵押担保贷款占比"),
    "ind.complaints": _l("complaints", "投诉"),
    "ind.grumbles": _l("grumbles on the spot", "现场抱怨"),
    "ind.deposit_avg_increase": _l("increase of average deposits", "日均存款增量"),
    "ind.deposit_balance_avg": _l("average deposit balance", "存款日均余额"),
    "ind.deposit_growth": _l("deposit growth", "存款增长"),
    "ind.deposit_net_increase": _l("net increase of deposits", "存款净增"),
    "ind.interest_collection_ratio": _l("interest collected ÷ due", "利息收回率"),
    "ind.loan_interest_income": _l("loan interest income", "贷款利息收入"),
    "ind.loan_net_increase": _l("net increase of loans", "贷款净增"),
    "ind.loans_approved": _l("loans granted", "贷款发放额"),
    "ind.npl_share": _l("NPL share", "不良贷款占比"),
    "ind.portfolio_start": _l("portfolio at the start", "期初存量"),
    "ind.responsibility_profit": _l("responsibility profit", "责任利润"),
    "ind.satisfaction": _l("satisfaction", "客户满意度"),
    "ind.transactions": _l("transactions", "业务笔数"),
    "ind.errors": _l("errors", "差错"),
    "ind.pitches": _l("pitches", "推介次数"),
    "ind.sales": _l("products sold", "产品销售件数"),
    "ind.sales_amount": _l("fee income from sales", "销售手续费收入"),
    "ind.triaged": _l("customers triaged", "分流引导客户数"),
    "ind.diverted": _l("customers diverted", "分流至自助设备客户数"),
    "ind.referrals": _l("referrals", "转介客户数"),
    "ind.days_worked": _l("days worked", "出勤天数"),
    "ind.deposit_balance_end": _l("deposits at the end", "期末存款余额"),
    "ind.loan_balance_end": _l("loans at the end", "期末贷款余额"),
    "ind.loan_balance_avg": _l("average loans", "贷款日均余额"),
    "ind.loan_refusals": _l("loan applications refused", "拒贷笔数"),
    "ind.loan_defaults": _l("loans gone overdue", "新增逾期贷款笔数"),
    "ind.deposit_margin_income": _l("deposit transfer income", "存款内部转移收入"),
    "ind.fee_income": _l("fee income", "中间业务收入"),
    "ind.deposit_interest_paid": _l("interest paid to depositors", "存款利息支出"),
    "ind.asset_cost": _l("funding cost of loans", "贷款资金成本"),
    "ind.loans_substandard": _l("substandard loans", "次级类贷款"),
    "ind.loans_doubtful": _l("doubtful loans", "可疑类贷款"),
    "ind.loans_loss": _l("loss loans", "损失类贷款"),
    "ind.recovered_at_maturity_share": _l("share repaid at maturity", "到期收回率"),
    "ind.learning": _l("training completed", "培训完成度"),
    "ind.breaches_post_maturity": _l("post-maturity breaches", "贷后逾期违规"),
    "ind.breaches_other": _l("other loan-rule breaches", "其他信贷违规"),
    "ind.breaches_qualitative2": _l("second-qualitative breaches", "二类定性违规"),
    "ind.financial": _l("financial", "财务"),
    "ind.customer": _l("customer", "客户"),
    "ind.internal_process": _l("internal process", "内部流程"),
    "ind.learning_growth": _l("learning and growth", "学习与成长"),
    "ind.pool": _l("pool", "奖金池"),
    # ---------------------------------------------------------------- branch scenarios
    "branch.baseline": _l("Baseline mid-size branch", "基准：中型网点"),
    "branch.month_end": _l("Month-end rush", "月末高峰"),
    "branch.no_lobby_manager": _l("No lobby manager", "无大堂经理"),
    "branch.vip_heavy": _l("Wealthy district (many VIPs)", "富裕社区（贵宾多）"),
    "branch.large_branch": _l("Large city branch (20 staff)", "大型城区网点（20人）"),
    # ---------------------------------------------------------------- pay schemes (scenarios/schemes/*.yaml)
    "scheme.fixed_pay": _l("Fixed pay", "固定工资"),
    "scheme.teller_piece_rate": _l("Piece rate", "计件工资"),
    "scheme.teller_piece_rate_fines": _l("Piece rate with fines", "计件工资＋罚款"),
    "scheme.teller_heavy_fines": _l("Low base, heavy fines", "低底薪＋重罚"),
    "scheme.teller_bonus_product": _l("Bonus on one product (funds)", "单一产品（基金）高提成"),
    "scheme.teller_sales_quota": _l("Sales quotas with deductions", "销售任务＋未完成扣款"),
    "scheme.teller_team_pay": _l("Team pay", "团队计酬"),
    "scheme.teller_equal_commission": _l("Equal commission on every product", "各产品同等提成"),
    "scheme.lobby_sales": _l("Sales commission", "销售提成"),
    "scheme.cm_deposit_only": _l("Deposits only (唯存款论)", "唯存款论"),
    "scheme.cm_loan_volume": _l("Loan volume only", "只考核贷款规模"),
    "scheme.cm_quota_scoring": _l("Quota completion scoring", "指标完成率计分"),
    "scheme.cm_responsibility_profit": _l("Responsibility profit", "责任利润"),
    "scheme.cm_portfolio_absolute": _l("Unequal portfolios, absolute targets", "存量不均，绝对目标"),
    "scheme.cm_portfolio_adjusted": _l("Unequal portfolios, adjusted targets (级差地租)", "存量不均，级差目标（级差地租）"),
    "scheme.cm_portfolio_progress": _l("Unequal portfolios, progress targets", "存量不均，考核增量"),
    "scheme.cm_balanced_scorecard": _l("Balanced scorecard", "平衡计分卡"),
    "scheme.cm_monthly_annual": _l("60 % monthly + 40 % annual", "月度 60%＋年度 40%"),
    "scheme.teller_tournament": _l("Tournament: prizes by rank", "排名竞赛：按名次发奖金"),
    "scheme.teller_relative_pay": _l("Relative pay (against the tellers' mean)", "相对计酬（与柜员平均业务量比较）"),
    # ---------------------------------------------------------------- the practice page (practice.py: 模拟训练)
    "practice.tab": _l("Practice", "模拟训练"),
    "practice.title": _l("Practice: you are the lobby manager", "模拟训练：您来当大堂经理"),
    "practice.intro": _l("The branch runs with the model's lobby manager until the case begins; from then on every "
                         "decision of the lobby manager is yours. The branch waits for you: take your time. At the "
                         "end, the debrief sets your window against the model's lobby manager on the same customers.",
                         "案例开始前由模型的大堂经理负责；开始后大堂经理的每一个决策都由您来做。网点会等您决定，不计时。"
                         "结束后的复盘把您的表现与模型大堂经理面对同一批客户的结果相比较。"),
    "practice.case": _l("Case", "训练案例"),
    "practice.case.morning_rush": _l("Morning rush, 09:00–09:45 (a Monday)", "早高峰 09:00–09:45（周一）"),
    "practice.case.month_end_afternoon": _l("Month-end afternoon, 15:00–15:45 (30 November)",
                                            "月末下午 15:00–15:45（11 月 30 日）"),
    "practice.case.complaints": _l("Customers who waited too long: month end, 16:00–17:00 (complaint handling)",
                                   "等候过久的客户：月末 16:00–17:00（投诉处理）"),
    "practice.case.vip_without_id": _l("A VIP without ID over the withdrawal limit: 10:00–11:00 (Tuesday 3 November)",
                                       "未带身份证超限额取款的贵宾：10:00–11:00（11 月 3 日周二）"),
    "practice.case.elderly_broken_machine": _l("An elderly customer at a broken machine: 10:50–11:35 (Saturday 28 "
                                               "November)", "自助设备故障时的老年客户：10:50–11:35（11 月 28 日周六）"),
    "practice.case.retention": _l("Customers about to give up: month end, 11:00–12:00 (retention)",
                                  "起身要走的客户：月末 11:00–12:00（挽留客户）"),
    "practice.brief.retention": _l("The syllabus's retaining a customer (挽留客户). The month end's hour in which the "
                                   "most customers give up waiting. When a waiting customer gets up to leave and you "
                                   "are free, do you try to keep them? A try keeps you busy about three minutes, away "
                                   "from the door, and half of those you try to keep wait on, for half their patience "
                                   "again.",
                                   "大纲的挽留客户流程。月末等候放弃的客户最多的一小时。等候的客户起身要离开而您有空时，您挽留"
                                   "吗？挽留约占用您三分钟，这期间您不在门口迎接客户；被挽留的客户有一半愿意继续等候，可再等"
                                   "原有耐心的一半时间。"),
    "practice.brief.morning_rush": _l("The busiest hour of an ordinary Monday: triage every customer greeted, patrol "
                                      "the queue, sell when free.",
                                      "普通周一最忙的一小时：分流每位迎接的客户、二次分流、空闲时营销。"),
    "practice.brief.month_end_afternoon": _l("The last day of the month, 1.6 times the customers: the afternoon peak.",
                                             "月末最后一天，客流为平日的 1.6 倍：下午高峰。"),
    "practice.brief.complaints": _l("The syllabus's case 3: a customer who waited too long and flew into a rage. "
                                    "When a customer leaves with a complaint and you are free, you take it up or "
                                    "leave it alone (taking it up keeps you busy about ten minutes and lowers the "
                                    "chance they move money away).",
                                    "大纲案例 3：客户因等候时间过长而大发雷霆。客户带着投诉离开而您有空时，由您决定受理还是"
                                    "不处理（受理约占用您十分钟，可降低客户转走存款的可能）。"),
    "practice.brief.vip_without_id": _l("The syllabus's case 2: a VIP over the withdrawal limit without ID. Half of "
                                        "the customers who come for a large cash withdrawal (¥50,000 or more) have "
                                        "left their ID card at home, and the counter must check it. When you greet "
                                        "one, you ask about their business and learn whether they have it (the "
                                        "customer line says so). Send them home to fetch it: they come back with it "
                                        "another day, unserved today but not annoyed. Or give them a ticket: after "
                                        "their wait the teller turns them away, annoyed at a rule they do not "
                                        "understand, and they may complain. A customer you were too busy to greet "
                                        "finds out at the counter. A VIP who moves money away moves a lot.",
                                        "大纲案例 2：贵宾客户超过限额取款没有带身份证。来办大额取现（5 万元及以上）的客户中有一半"
                                        "没带身份证，而柜台必须核对证件。您迎候时询问客户办理什么业务，就会知道他们是否带了证件"
                                        "（客户信息一行会注明）。请客户回家取证件：客户改日带证件再来，今天办不成但不会不满；或者给"
                                        "客户取号：排完队后柜员只能拒绝办理，客户因不理解规定而不满，可能投诉。您忙得没有迎候的客户"
                                        "到了柜台才知道。贵宾转走存款，金额往往很大。"),
    "practice.brief.elderly_broken_machine": _l("An elderly customer at a broken machine. A self-service machine "
                                                "breaks down during the case (the Machines line shows which are "
                                                "working). Elderly customers come for business a machine can do, but "
                                                "one in four cannot finish at a machine alone and few agree to try. Do "
                                                "you send them to a machine, and stay to teach them (the box under "
                                                "the buttons), or to the green channel or an ordinary window? Whoever "
                                                "is at a machine when it breaks goes back to a counter.",
                                                "自助设备故障时的老年客户。训练时段内有一台自助设备发生故障（“自助设备”一行显示哪些"
                                                "正常）。老年客户来办自助设备可以办理的业务，但四分之一无法独自办完，愿意尝试的也"
                                                "不多。您引导他们到自助设备（并留下教会他们：按钮下方的勾选框），还是到绿色通道或普通"
                                                "窗口？设备故障时正在使用的客户会转到柜台办理。"),
    "practice.not_modelled": _l("Every case runs on its scenario's own seed: every trainee of a case meets the same "
                                "customers. From the syllabus: the complaints case (its case 3), the VIP without ID "
                                "(its case 2) and the customers about to give up (its retention process); the elderly "
                                "customer at a broken machine joins what it says of machines and the elderly "
                                "(docs/processes.md).",
                                "每个案例使用其场景自身的随机种子：同一案例的所有学员面对同一批客户。来自培训大纲的有：等候过久"
                                "的客户（案例 3）、未带身份证的贵宾（案例 2）和起身要走的客户（挽留客户流程）；自助设备故障时"
                                "的老年客户依据大纲关于自助设备和老年客户的内容。"),
    "practice.ready": _l("Choose a case and press Start.", "请选择案例，然后按“开始”。"),
    "practice.start": _l("Start", "开始"),
    "practice.model5": _l("Let the model decide 5 minutes", "让模型决策 5 分钟"),
    "practice.finish": _l("Finish and debrief", "结束并复盘"),
    "practice.refer": _l("Refer to a customer manager", "推荐给客户经理"),
    "practice.teach": _l("If sent to the machines: stay and teach them the machine (customer education; keeps you "
                         "busy a few minutes)", "如引导到自助设备：留下教客户使用（客户教育，需占用您几分钟）"),
    "practice.move": _l("Move the ticked customers to the machines", "引导勾选的客户到自助设备"),
    "practice.nobody": _l("Approach nobody", "不营销"),
    "practice.kind.triage": _l("Triage: where does this customer go?", "分流：这位客户去哪里办理？"),
    "practice.kind.patrol": _l("Queue patrol: whom do you move to the machines?", "二次分流：引导哪些客户到自助设备？"),
    "practice.kind.complaint": _l("A customer is leaving with a complaint: do you take it up?",
                                  "一位客户带着投诉要离开：您受理吗？"),
    "practice.complainant": _l("Customer {customer}: looks like {seg}; need: {need}; communication type: {comm}; "
                               "waited {waited:.1f} min; visit: {outcome}",
                               "客户 {customer}：看上去是{seg}；业务：{need}；沟通类型：{comm}；等候 {waited:.1f} 分钟；"
                               "结果：{outcome}"),
    "practice.handle": _l("Take it up (listen, calm, propose, agree)", "受理（倾听、安抚、提出建议、达成共识）"),
    "practice.handle_uncalmed": _l("Take it up, straight to the facts (no calming first)",
                                   "受理，直接询问情况（不先安抚）"),
    "practice.leave": _l("Leave it alone", "不处理"),
    "practice.kind.retention": _l("A waiting customer gets up to leave", "等候客户起身要离开（挽留客户）"),
    "practice.leaver": _l("Customer {customer} ({seg}, {need}, {comm}) has waited {waited:.0f} min, {ahead} ahead of "
                          "them, and gets up to leave.",
                          "客户 {customer}（{seg}，{need}，{comm}）已等候 {waited:.0f} 分钟，前面还有 {ahead} 人，起身要离开。"),
    "practice.retain": _l("Try to keep them (apologise, say how long, offer a seat)",
                          "挽留（致歉、告知还需等候多久、请客户就座）"),
    "practice.let_go": _l("Let them go", "不挽留"),
    "practice.kind.pitch": _l("You are free: approach a waiting customer with a product?",
                              "厅堂营销：向哪位等候的客户营销产品？"),
    "practice.clock": _l("Branch time {clock} (case {start}–{end}); your decisions so far: {n}",
                         "网点时间 {clock}（训练时段 {start}–{end}）；您已做决策 {n} 个"),
    "practice.customer": _l("Customer {customer}: looks like {seg}; need: {need}; communication type: {comm}; {booked}",
                            "客户 {customer}：外观客群 {seg}；业务：{need}；沟通类型：{comm}；{booked}"),
    "practice.no_id": _l("Asked at the greeting: they have not brought the ID card this business needs.",
                         "迎候询问得知：客户没有带办理此业务所需的身份证。"),
    "practice.booked": _l("booked with a customer manager", "已预约客户经理"),
    "practice.not_booked": _l("no booking", "未预约"),
    "practice.queue": _l("Queue", "队列"),
    "practice.waiting": _l("Waiting", "等候人数"),
    "practice.longest": _l("Longest wait (min)", "最长等候（分钟）"),
    "practice.machines": _l("Machines", "自助设备"),
    "practice.up": _l("working", "正常"),
    "practice.down": _l("broken down", "故障"),
    "practice.candidate": _l("Customer {customer} · {seg} · {need} · waited {waited:.1f} min",
                             "客户 {customer} · {seg} · {need} · 已等候 {waited:.1f} 分钟"),
    "practice.max_moves": _l("You can talk to at most {n} of them.", "最多可与其中 {n} 位沟通。"),
    "practice.ended": _l("The case has ended.", "训练时段已结束。"),
    "practice.debrief": _l("Debrief: you against the model's lobby manager on the same customers",
                           "复盘：您与模型大堂经理面对同一批客户的对比"),
    "practice.measure": _l("Measure", "指标"),
    "practice.you": _l("You", "您"),
    "practice.model": _l("Model", "模型"),
    "practice.diff": _l("You − model", "您 − 模型"),
    "practice.m.arrived": _l("Customers who arrived", "到店客户"),
    "practice.m.mean_wait": _l("Mean wait (min)", "平均等候（分钟）"),
    "practice.m.walkouts": _l("Walk-outs (left at the queue or gave up)", "流失客户（见排队离开或等候中放弃）"),
    "practice.m.complaints": _l("Complaints", "投诉"),
    "practice.m.referrals": _l("Referrals to a customer manager", "推荐给客户经理"),
    "practice.m.sales": _l("Sales", "销售"),
    "practice.m.churned": _l("Deposits moved to other banks (¥)", "流失存款（¥）"),
    "practice.decisions": _l("You made {n} decisions; {k} differed from what the model would have chosen.",
                             "您做了 {n} 个决策，其中 {k} 个与模型的选择不同。"),
    "practice.costly": _l("The decisions that cost most", "代价最大的决策"),
    "practice.no_costly": _l("None of your decisions cost anything against the model's.",
                             "与模型相比，您的决策没有造成损失。"),
    "practice.cost_note": _l("A decision costs when it differs from the model's choice at that moment and the customers "
                             "it was about fared worse in your run than in the model's, judged in this order: deposits "
                             "moved away, complaints, walk-outs, sales, minutes waited. What it did to the rest of the "
                             "queue shows in the totals above; a complaint or a move of money in one run only can be "
                             "chance.",
                             "一个决策与模型当时的选择不同、且它所涉及的客户在您这一局中的结果比模型一局差，即计为代价。"
                             "比较顺序：流失存款、投诉、流失客户、销售、等候分钟。它对其他排队客户的影响体现在上面的"
                             "合计中；只在一局中出现的投诉或存款流失也可能是偶然。"),
    "practice.window": _l("Figures of {start}–{end}: waits of the customers who arrived then; everything else logged "
                          "then.", "统计时段 {start}–{end}：等候按该时段到店的客户计，其余按该时段发生的事件计。"),
    "practice.dl_record": _l("Session record for trainers (CSV)", "训练记录（供培训师使用，CSV）"),
    "practice.dl_log": _l("Your run's event log (CSV)", "您这一局的事件日志（CSV）"),
    "practice.class": _l("For trainers: compare a class", "培训师：全班对比"),
    "practice.class_intro": _l("Upload the session records (practice_record.csv) of several trainees who played the "
                               "same case, each file named after its trainee, and press Compare: each session is "
                               "played again on the same customers and the trainees are ranked by their "
                               "differences from the model's run.",
                               "上传多名学员同一案例的训练记录（practice_record.csv，文件名改为学员姓名），然后按“对比”："
                               "每份记录在同一批客户上重演，学员按与模型一局的差异排名。"),
    "practice.upload": _l("Records (CSV)", "训练记录（CSV）"),
    "practice.compare": _l("Compare", "对比"),
    "practice.scores_note": _l("Ranked by the differences from the model's run in this order: deposits moved away, "
                               "complaints, walk-outs, sales, mean wait (no weights).",
                               "排名依次比较与模型一局的差异：流失存款、投诉、流失客户、销售、平均等候（不加权）。"),
    "practice.dl_scores": _l("The class's scores (CSV)", "全班成绩（CSV）"),
}


def tr(key: str, lang: str = "en", **fmt) -> str:
    """The label of ``key`` in ``lang`` (``"en"`` or ``"zh"``), formatted with ``fmt``."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")
    entry = LABELS.get(key)
    text = entry[lang] if entry else key.split(".", 1)[-1]
    return text.format(**fmt) if fmt else text


#: a staff or machine code the branch gives (``T1``, ``L2``, ``M3``, ``S1``): its letter and number
_CODE = re.compile(r"^([TLMS])(\d+)$")


def staff_name(code: str, lang: str, alone: bool = False) -> str:
    """What a reader calls the person or machine ``code``: ``T1`` is 柜员1 / Teller 1, ``S2``
    自助设备2 / Machine 2; ``alone`` (the branch's only lobby manager) drops the number.
    Codes the branch file chose itself are shown as they are."""
    found = _CODE.match(code)
    if not found:
        return code
    letter, number = found.groups()
    if alone and f"staff.{letter}.alone" in LABELS:
        return tr(f"staff.{letter}.alone", lang)
    return tr(f"staff.{letter}", lang, n=number)


def browser_language(accept_language: str | None = None, query: str | None = None) -> str:
    """The dashboard's language for a page request: ``lang=zh`` or ``lang=en`` in the query
    wins; otherwise the browser's first language the dashboard has (``zh-CN``, ``zh-TW``,
    ``zh`` -> zh; ``en-*`` -> en), in the order of its ``Accept-Language`` header (the
    same list as ``navigator.languages``; q-values are ignored, browsers send them in
    falling order); English when neither says."""
    for pair in (query or "").split("&"):
        key, _, value = pair.partition("=")
        if key == "lang" and value.lower()[:2] in LANGS:
            return value.lower()[:2]
    for item in (accept_language or "").split(","):
        tag = item.split(";", 1)[0].strip().lower()
        if tag[:2] in LANGS and (len(tag) == 2 or tag[2] == "-"):
            return tag[:2]
    return "en"


def _term(name: str, lang: str) -> str:
    """A product or pay indicator's name (``fund``, ``loan_net_increase``) in ``lang``;
    unknown names as they are."""
    for ns in ("product", "ind"):
        if f"{ns}.{name}" in LABELS:
            return tr(f"{ns}.{name}", lang)
    return name


#: (starts, ends, label) of line names that wrap another line's name, most specific first
_WRAPPED = (("deferred ", " released", "wrap.released"), ("deferred ", "", "wrap.deferred"),
            ("malus ", "", "wrap.malus"), ("clawback ", "", "wrap.clawback"))


def line_label(name: str, lang: str) -> str:
    """A payslip line's name (``"commission fund"``, ``"quota wealth"``,
    ``"deferred piece rate released"``) in ``lang``."""
    for starts, ends, key in _WRAPPED:
        if (name + " ").startswith(starts) and name.endswith(ends) and len(name) >= len(starts) + len(ends) - 1:
            inner = name[len(starts):len(name) - len(ends)].strip()
            return tr(key, lang, inner=line_label(inner, lang) if inner else "").strip()
    if f"line.{name}" in LABELS:
        return tr(f"line.{name}", lang)
    head, _, rest = name.partition(" ")
    if f"lineprefix.{head}" in LABELS:
        words = rest.split(" ")
        if words and words[-1] == "fees" and len(words) > 1:  # "commission fund fees"
            rest = f"{_term(' '.join(words[:-1]), lang)} {'fees' if lang == 'en' else '手续费'}"
        else:
            rest = _term(rest, lang)
        return f"{tr(f'lineprefix.{head}', lang)} {rest}".strip()
    return name


_N = r"-?[\d,.]+"  # a number as the pay code writes it (1,800 / 0.0002 / -30)
_Y = r"-?¥-?[\d,.]+"  # an amount in yuan (¥2,700.00)
#: (pattern, Chinese) pairs, applied in order; each English phrase of simkit.pay's formulas
#: (schemes.py and periods.py) has one. Numbers and amounts are kept as written.
_FORMULA_ZH = [
    (re.compile(rf"^({_Y}) × ({_Y})/¥10k, (\d+%) of it if positive advanced$"),
     r"\1 × \2/万元，为正时预发其中 \3"),
    (re.compile(rf"^profit pay of the last (\d+) periods ({_Y}) − ({_Y}) advanced$"),
     r"近 \1 期利润绩效 \2 − 已预发 \3"),
    (re.compile(rf"^({_N}) of ({_N}) sold, ({_N}) short: "), r"售出 \1 / 任务 \2，差 \3："),
    (re.compile(rf"^({_N}) of ({_N}) sold, missed: "), r"售出 \1 / 任务 \2，未完成："),
    (re.compile(rf"^({_N}) errors × "), r"\1 次差错 × "),
    (re.compile(rf"^({_N}) complaints × "), r"\1 次投诉 × "),
    (re.compile(rf"^growth ({_N}%) / target ({_N}%) = "), r"增长 \1 / 目标 \2 = "),
    (re.compile(rf"− target ({_Y})"), r"− 目标 \1"),
    (re.compile(rf"/ target ({_Y})"), r"/ 目标 \1"),
    (re.compile(rf"^({_Y}) reaches tier ({_Y})$"), r"\1 达到档位 \2"),
    (re.compile(rf"^year ({_Y}): grade (\w+) × "), r"全年 \1：评级 \2 × "),
    (re.compile(rf"^({_Y}) pool \("), r"奖金池 \1（"),
    (re.compile(r"\) × (?=[\d.]+%$)"), r"）× "),
    (re.compile(rf"^score ({_N}) × "), r"得分 \1 × "),
    (re.compile(r" pts × "), r" 分 × "),
    (re.compile(r"^max\(0, "), r"max(0, "),
    (re.compile(rf"^(\d+%) × ({_Y}) held back (\d+) months$"), r"\2 的 \1 暂扣 \3 个月"),
    # simkit.pay.plugins: a tournament's place and a relative pay's mean
    (re.compile(rf": place (\d+) of (\d+) = ({_Y})$"), r"：\2 人中第 \1 名 = \3"),
    (re.compile(r": places (\d+)-(\d+) of (\d+) tied by (\d+): "), r"：\3 人中并列第 \1–\2 名（\4 人）："),
    (re.compile(rf"^({_N}) / mean ({_N}) of (\d+) × "), r"\1 / 均值 \2（\3 人）× "),
    (re.compile(rf"^({_Y}) held back in period (\d+)$"), r"第 \2 期暂扣的 \1"),
    (re.compile(rf": held-back ({_Y}) forfeited$"), r"：暂扣的 \1 被没收"),
    (re.compile(rf": (\d+%) × ({_Y}) paid over the last (\d+) months$"), r"：近 \3 个月已发 \2 的 \1"),
]
#: a product's or indicator's name inside a formula (``85% × 120% interest_collection_ratio × ...``,
#: ``-2.0 loan_defaults × ¥2,000.00``): translated when known, left as it is otherwise
_IND = re.compile(r"\b([a-z][a-z_0-9]*[a-z0-9])\b")


def formula_text(formula: str, lang: str) -> str:
    """A payslip line's arithmetic (written in English by ``simkit.pay``) in ``lang``:
    the numbers as they are, the words translated by pattern."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")
    if lang == "en" or not formula:
        return formula
    out = formula
    for pat, rep in _FORMULA_ZH:
        out = pat.sub(rep, out)
    return _IND.sub(lambda m: _term(m.group(1), lang), out)
