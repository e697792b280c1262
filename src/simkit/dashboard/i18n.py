"""Every label of the dashboard in English and Chinese.

``LABELS`` maps a namespaced key (``ui.run``, ``kpi.wait_mean``, ``seg.vip``, ...) to
``{"en": ..., "zh": ...}``. The tests check that every key has both languages and that
every key the dashboard can ask for (every KPI, zone, segment, choice, scheme file, ...)
is here. :func:`tr` falls back to the key's last part, so a new scheme file added to
``scenarios/schemes/`` still shows up (under its file name) before it gets a label.

Chinese terms follow the glossary of the domain brief (DOMAIN.md): 大堂经理, 柜员,
客户经理, 分流, 不良贷款, 责任利润, ...
"""
from __future__ import annotations

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
    "ui.payslip_title": _l("Sample payslips (last month, first replication)", "工资单示例（最后一个月，第一次重复）"),
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
    "out.reneged": _l("gave up waiting", "等候放弃"),
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
    # ---------------------------------------------------------------- choices staff learn
    "choice.pace": _l("teller pace (1 = normal)", "柜员办理速度（1 = 正常）"),
    "choice.pitch": _l("share of customers offered a product", "向客户推销的比例"),
    "choice.diversion": _l("diversion to machines", "分流至自助设备"),
    "choice.referral": _l("referral zeal", "转介积极性"),
    "choice.selling": _l("time spent selling in the lobby", "大堂营销时间占比"),
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
    "lineprefix.commission": _l("commission", "提成"),
    "lineprefix.quota": _l("missed quota", "未完成指标扣款"),
    "lineprefix.score": _l("score", "得分"),
    "lineprefix.deduction": _l("deduction", "扣分"),
    "lineprefix.scorecard": _l("scorecard", "平衡计分卡"),
    "lineprefix.team": _l("team", "团队"),
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
}


def tr(key: str, lang: str = "en", **fmt) -> str:
    """The label of ``key`` in ``lang`` (``"en"`` or ``"zh"``), formatted with ``fmt``."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")
    entry = LABELS.get(key)
    text = entry[lang] if entry else key.split(".", 1)[-1]
    return text.format(**fmt) if fmt else text


def line_label(name: str, lang: str) -> str:
    """A payslip line's name (``"commission fund"``, ``"quota wealth"``) in ``lang``."""
    if f"line.{name}" in LABELS:
        return tr(f"line.{name}", lang)
    head, _, rest = name.partition(" ")
    if f"lineprefix.{head}" in LABELS:
        return f"{tr(f'lineprefix.{head}', lang)} {rest}".strip()
    return name
