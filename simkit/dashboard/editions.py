"""The trainee notebooks in English and Chinese: their labels, clock times, tables and figures.

``make notebooks`` writes each bilingual notebook twice from its one jupytext twin
(``scripts/run_notebooks.py``): ``notebooks/NN_topic.ipynb`` with ``LANG = "en"`` and
``notebooks/zh/NN_topic.ipynb`` with ``LANG = "zh"``. The code cells are the same in both;
they print through this module, so every sentence, table header, KPI name, unit and figure
label comes from the dashboard's label registry (``simkit.dashboard.i18n.LABELS``) or from
``NOTEBOOK_LABELS`` below, the notebooks' own sentences in the same form (one key, both
languages). ``tr`` reads both, the dashboard's first; no key is in both (tested).

The English tables keep the code's column names (``wait_mean``, ``segment``): an English
reader learns the names the code uses. Only the times are shown as clock times in both
languages (09:02, not 542.1 minutes since midnight), so that both editions print the same
numbers. The Chinese tables carry Chinese headers and values (客户类别, 贵宾客户, 柜员2).

Figures in Chinese are drawn with a Simplified-Chinese face (Noto Sans CJK SC or another
``SC_FONT_NAMES``): a Pan-CJK font file holds Japanese, Korean and Chinese faces, and the
Japanese face, which a fallback picks first, draws 门, 复, 直, 骨 in forms a Chinese reader
takes for mistakes.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager

from simkit.errors import SimkitError
from simkit.report import format_kpis, queue_over_day, waits_by_segment
from simkit.report.timeline import staff_gantt
from simkit.widgets import triage as widgets_triage
from simkit.widgets.core import Explorer, checkbox, dropdown, float_slider, int_slider

from .i18n import LABELS, LANGS, staff_name

__all__ = ["NOTEBOOK_LABELS", "SC_FONT_NAMES", "EditionError", "use_language", "tr", "clock", "name", "table",
           "day_clock", "describe_branch", "kpi_table", "compare_table", "queue_figure", "wait_histogram",
           "segment_waits_figure", "gantt_figure", "relabel", "triage_explorer", "explorer_kpis",
           "short_date"]

#: Simplified-Chinese faces, best first: Debian's fonts-noto-cjk (``make cjk-font``) holds the
#: first; Source Han Sans is the same design under Adobe's name (the dashboard's CSS, svg.SC_FONTS)
SC_FONT_NAMES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC")


class EditionError(SimkitError, ValueError):
    """A notebook edition that cannot be made: an unknown language, or no Simplified-Chinese font."""


def _l(en: str, zh: str) -> dict:
    return {"en": en, "zh": zh}


NOTEBOOK_LABELS: dict[str, dict[str, str]] = {
    # ------------------------------------------------ sentences notebook 00 prints
    "nb00.setup": _l("simkit {version}; scenarios: {names}", "simkit {version}；网点场景：{names}"),
    "nb00.branch": _l("{description}\nwindows: {windows} | lobby managers: {lobby} | customer managers: {managers} "
                      "| machines: {machines}",
                      "{description}\n窗口：{windows}｜大堂经理：{lobby} 人｜客户经理：{managers} 人｜自助设备：{machines} 台"),
    "nb00.headline": _l("{customers} visits, {served} served; service level {within_10:.1%} within 10 min "
                        "and {within_15:.1%} within 15 min",
                        "到店 {customers} 人次，办结 {served} 人次；服务水平：{within_10:.1%} 的客户在 10 分钟内"
                        "被叫号，{within_15:.1%} 在 15 分钟内"),
    "nb00.opens": _l("the branch opens at {clock}, minute {minute} of the day",
                     "网点 {clock} 开门，即一天中的第 {minute} 分钟"),
    "nb00.compare": _l("mean wait: {wait_a:.1f} -> {wait_b:.1f} min; customers who gave up: {gave_up_a:.1%} -> "
                       "{gave_up_b:.1%}",
                       "平均等候：{wait_a:.1f} 分钟 → {wait_b:.1f} 分钟；离开的客户：{gave_up_a:.1%} → {gave_up_b:.1%}"),
    "nb00.windows": _l("{n} ordinary windows", "{n} 个普通窗口"),
    "nb00.busiest": _l("{first} made the most visits: {lead} more than the next segment ({second}), "
                       "standard error {se:.1f} ({ratio:.1f} standard errors)",
                       "{first}到店最多：比第二多的{second}多 {lead} 人次，标准误 {se:.1f}（{ratio:.1f} 个标准误）"),
    "nb00.histogram_title": _l("Waits on one baseline day (seed {seed})", "基准网点一天的等候时间（种子 {seed}）"),
    "nb00.wait_axis": _l("wait before service (min)", "办理前等候时间（分钟）"),
    "nb00.customers_axis": _l("customers", "客户人次"),
    "nb00.queue_title": _l("{branch}: counter queues over the day", "全天柜台排队人数（{branch}）"),
    # ------------------------------------------------ sentences notebook 01 prints
    "nb01.week": _l("{visits} visits in {days} days, {per_day:.0f} a day",
                    "{days} 天共到店 {visits} 人次，日均 {per_day:.0f} 人次"),
    "nb01.day_clock": _l("day {day}, {clock}", "第 {day} 天 {clock}"),
    "nb01.unlucky": _l("customer {customer}: {segment}, came for {need}; triaged at the door: {triaged}; visit ended: "
                       "{outcome} (a {segment} customer fails at a machine with chance {fails:.0%}, a model default)",
                       "客户 {customer}：{segment}，来办{need}；进门时经大堂分流：{triaged}；结果：{outcome}"
                       "（{segment}在自助设备上办理失败的概率为 {fails:.0%}，这是模型默认值）"),
    "nb01.where": _l("{segment:8s}: {desk:.0%} at a customer manager's desk, {machine:.0%} at a machine, "
                     "{counter:.0%} at the counter",
                     "{segment}：{desk:.0%} 到客户经理处，{machine:.0%} 用自助设备，{counter:.0%} 在柜台"),
    "nb01.gave_up": _l("gave up (balked or reneged), most first: {list}",
                       "没办成就走了（见排队离开或等候中放弃），从多到少：{list}"),
    "nb01.share": _l("{name} {value:.1f} %", "{name} {value:.1f}%"),
    "nb01.percent_suffix": _l(" %", "（%）"),
    "nb01.hours": _l("most arrivals: the {arrivals}:00 hour; longest ordinary queue on average: the {queue}:00 hour "
                     "({length:.1f} people waiting); lunch rotation from {lunch}, {minutes} min each, {groups} groups",
                     "到店最多：{arrivals}:00 这一小时；普通窗口平均排队最长：{queue}:00 这一小时（平均 {length:.1f} 人在等）；"
                     "午餐轮换从 {lunch} 开始，每人 {minutes} 分钟，分 {groups} 批"),
    "nb01.serving": _l("share of the {opening} opening minutes each teller spent serving on the first day: {list}",
                       "第一天 {opening} 分钟营业时间里，每位柜员办理业务的时间占比：{list}"),
    "nb01.staff_share": _l("{name} {value:.0%}", "{name} {value:.0%}"),
    "nb01.least": _l("{first} is the least utilised: {lead:.3f} below the runner-up ({second}), paired standard error "
                     "{se:.3f} over {days} days ({ratio:.1f} standard errors; 99.9 % interval [{low:.3f}, {high:.3f}])",
                     "{first}的忙碌率最低：比倒数第二的{second}低 {lead:.3f}，{days} 天按天配对的标准误为 {se:.3f}"
                     "（{ratio:.1f} 个标准误；99.9% 区间 [{low:.3f}, {high:.3f}]）"),
    "nb01.gantt_title": _l("{branch}: what each member of staff did (day {day})",
                           "每位员工的工作时间线（{branch}，第 {day} 天）"),
    "nb01.waits_title": _l("{branch}: waits by segment", "各类客户的等候时间（{branch}）"),
    "nb01.segment_axis": _l("customer segment", "客户类别"),
    "nb01.list_sep": _l(", ", "，"),
    # ------------------------------------------------ table headers (the code's column names in English)
    "col.clock": _l("clock", "时刻"),
    "col.hour": _l("hour", "时段（点）"),
    "col.arrivals per day": _l("arrivals per day", "日均到店人次"),
    "col.mean wait (min)": _l("mean wait (min)", "平均等候（分钟）"),
    "col.start_h": _l("start_h", "开始（时）"),
    "col.end_h": _l("end_h", "结束（时）"),
    "col.minutes": _l("minutes", "分钟"),
    "col.All": _l("All", "合计"),
    "col.kpi": _l("kpi", "指标"),
    "col.value": _l("value", "数值"),
    "col.segment": _l("segment", "客户类别"),
    "col.need": _l("need", "办理业务"),
    "col.triaged": _l("triaged", "经大堂分流"),
    "col.channel": _l("channel", "办理渠道"),
    "col.ticket": _l("ticket", "号票"),
    "col.arrive": _l("arrive", "到达时刻"),
    "col.wait": _l("wait", "等候（分钟）"),
    "col.server": _l("server", "办理人员"),
    "col.outcome": _l("outcome", "结果"),
    "col.satisfaction": _l("satisfaction", "满意度"),
    "col.t": _l("t", "时刻"),
    "col.customer": _l("customer", "客户编号"),
    "col.kind": _l("kind", "事件"),
    "col.place": _l("place", "地点"),
    "col.staff": _l("staff", "员工"),
    "col.value_event": _l("value", "数值"),
    "col.role": _l("role", "岗位"),
    "col.activity": _l("activity", "工作内容"),
    "col.visits": _l("visits", "到店人次"),
    "col.mean_wait": _l("mean_wait", "平均等候（分钟）"),
    "col.p90": _l("p90", "90% 分位等候（分钟）"),
    "col.yes": _l("True", "是"),
    "col.no": _l("False", "否"),
    # ------------------------------------------------ KPIs the dashboard does not show (kpi.* are its own)
    "kpi.customers": _l("Visits", "到店（人次）"),
    "kpi.per_day": _l("Visits a day", "日均到店（人次）"),
    "kpi.served": _l("Served", "办结（人次）"),
    "kpi.unserved_rate": _l("Could not be served (%)", "无法办理（%）"),
    "kpi.inside_rate": _l("Still inside at closing (%)", "关门时仍在网点（%）"),
    "kpi.wait_max": _l("Longest wait (min)", "最长等候（分钟）"),
    "kpi.served_within_15": _l("Called within 15 min (%)", "15 分钟内叫号（%）"),
    # ------------------------------------------------ a customer's need (docs/glossary.md, needs)
    "need.account_opening": _l("account opening", "开户"),
    "need.balance_query": _l("balance query", "查询/打印流水"),
    "need.bill_payment": _l("bill payment", "缴费"),
    "need.card_and_loss": _l("loss report or new card", "挂失/换卡"),
    "need.cash_deposit": _l("cash deposit", "存款"),
    "need.cash_withdrawal_large": _l("large cash withdrawal", "大额取款"),
    "need.cash_withdrawal_small": _l("small cash withdrawal", "小额取款"),
    "need.corporate_settlement": _l("corporate settlement", "对公结算"),
    "need.loan_application": _l("loan application", "贷款申请"),
    "need.transfer": _l("transfer", "转账汇款"),
    "need.wealth": _l("wealth products", "理财咨询/购买"),
    # ------------------------------------------------ where a customer is served
    "chan.teller": _l("teller", "柜台"),
    "chan.self_service": _l("self-service", "自助设备"),
    "chan.customer_manager": _l("customer manager", "客户经理"),
    "chan.machine": _l("machine", "自助设备"),  # the utilisation table's role of a machine
    # the roles as one person's post (the dashboard's role.* are plural headings: Tellers)
    "role1.teller": _l("teller", "柜员"),
    "role1.lobby_manager": _l("lobby manager", "大堂经理"),
    "role1.customer_manager": _l("customer manager", "客户经理"),
    # ------------------------------------------------ queue tickets (docs/glossary.md: 取号)
    "ticket.ordinary": _l("ordinary", "普通号"),
    "ticket.vip": _l("VIP", "贵宾号"),
    "ticket.corporate": _l("corporate", "对公号"),
    "ticket.green": _l("green channel", "绿色通道"),
    "ticket.self_service": _l("self-service", "自助设备排队"),
    "ticket.appointment": _l("appointment", "预约"),
    "ticket.walkin": _l("walk-in", "直接到访"),
    "ticket.referral": _l("referral", "转介"),
    # ------------------------------------------------ the event log (simkit.vocabulary.EVENT_KINDS)
    "event.arrive": _l("arrive", "进门"),
    "event.ticket": _l("ticket", "取号"),
    "event.balk": _l("balk", "见排队离开"),
    "event.call": _l("call", "叫号"),
    "event.renege": _l("renege", "等候中放弃"),
    "event.reroute": _l("reroute", "二次分流"),
    "event.done": _l("done", "办结"),
    "event.error": _l("error", "差错"),
    "event.pitch": _l("pitch", "推介"),
    "event.sale": _l("sale", "售出"),
    "event.annoyed": _l("annoyed", "不满"),
    "event.referral": _l("referral", "转介"),
    "event.ss_fail": _l("ss_fail", "自助办理失败"),
    "event.breakdown": _l("breakdown", "设备故障"),
    "event.loan_application": _l("loan_application", "贷款申请"),
    "event.prospect": _l("prospect", "外出拓客"),
    "event.grumble": _l("grumble", "现场抱怨"),
    "event.complaint": _l("complaint", "投诉"),
    "event.churn": _l("churn", "客户流失"),
    "event.leave": _l("leave", "离开"),
    "place.door": _l("door", "门口"),
    "place.lobby": _l("lobby", "大堂"),
    "place.desk": _l("desk", "客户经理工位"),
    # ------------------------------------------------ sentences notebook 02 prints
    "nb02.days": _l("each setting is simulated on the same {n} days (seeds {seeds})",
                    "每种设置都在同样的 {n} 天里模拟（种子 {seeds}）"),
    "nb02.moved": _l("{kpi} {how} ({a:.3f} -> {b:.3f})", "{kpi}{how}（{a:.3f} → {b:.3f}）"),
    "nb02.rises": _l("rises", "上升"),
    "nb02.falls": _l("falls", "下降"),
    "nb02.unchanged": _l("is unchanged", "不变"),
    "nb02.without": _l("Means over the {n} days, no interval yet. Without a lobby manager: {list}",
                       "以下是 {n} 天的平均值，还没有算置信区间。没有大堂经理时：{list}"),
    "nb02.with_two": _l("With two lobby managers: {list}", "有两名大堂经理时：{list}"),
    "nb02.setting": _l("{setting}: {list}", "{setting}：{list}"),
    "nb02.levers": _l("{n} levers, each on the same {days} days", "{n} 个办法，每个都在同样的 {days} 天里模拟"),
    "nb02.best": _l("({first}) cuts the mean wait most: {lead:.2f} min more than the runner-up ({second}), paired "
                    "standard error {se:.2f} min over {days} days, {ratio:.1f} standard errors",
                    "（{first}）最能缩短平均等候：比第二名（{second}）多缩短 {lead:.2f} 分钟；{days} 天按天配对的"
                    "标准误为 {se:.2f} 分钟，相差 {ratio:.1f} 个标准误"),
    "nb02.diversion_axis": _l("diversion", "分流至自助设备积极性"),
    "nb02.wait_title": _l("Mean wait by diversion", "分流积极性与平均等候"),
    "nb02.failures_axis": _l("failures at machines per day", "每天自助办理失败次数"),
    "nb02.failures_title": _l("Failures at machines by diversion", "分流积极性与自助办理失败"),
    "nb02.mean_of_days": _l("mean of {n} day(s)", "{n} 天平均"),
    # the settings notebook 02 compares (its tables' column titles)
    "set.baseline": _l("baseline", "基准"),
    "set.baseline (1)": _l("baseline (1)", "基准（1 名大堂经理）"),
    "set.no lobby manager": _l("no lobby manager", "无大堂经理"),
    "set.two lobby managers": _l("two lobby managers", "两名大堂经理"),
    "set.diversion 0.2": _l("diversion 0.2", "分流积极性 0.2"),
    "set.diversion 1.0": _l("diversion 1.0", "分流积极性 1.0"),
    "set.busy selling (0.8)": _l("busy selling (0.8)", "忙于营销（0.8）"),
    "set.no second triage": _l("no second triage", "不做二次分流"),
    "set.VIP window: VIPs only": _l("VIP window: VIPs only", "贵宾窗口只叫贵宾号"),
    "set.base branch": _l("base branch", "基准网点"),
    "set.your setting": _l("your setting", "你的设置"),
    "set.change": _l("change", "变化"),
    # ------------------------------------------------ KPIs as the notebooks' tables hold them: shares as
    # fractions (0.742), counts per day; the English tables keep the code's names (kpi.* are the dashboard's, in %)
    "metric.wait_mean": _l("wait_mean", "平均等候（分钟）"),
    "metric.served_within_10": _l("served_within_10", "10 分钟内叫号的比例"),
    "metric.balked_rate": _l("balked_rate", "见排队离开的比例"),
    "metric.reneged_rate": _l("reneged_rate", "等候中放弃的比例"),
    "metric.triaged_rate": _l("triaged_rate", "经大堂分流的比例"),
    "metric.diversion_rate": _l("diversion_rate", "分流至自助设备的比例"),
    "metric.self_service_failures": _l("self_service_failures", "自助办理失败（次/天）"),
    "metric.referrals": _l("referrals", "转介客户经理（次/天）"),
    "metric.sales": _l("sales", "产品销售件数（件/天）"),
    "metric.complaints": _l("complaints", "投诉（次/天）"),
    "metric.satisfaction_mean": _l("satisfaction_mean", "平均满意度"),
    "metric.utilisation_lobby_manager": _l("utilisation_lobby_manager", "大堂经理忙碌率"),
    "metric.utilisation_teller": _l("utilisation_teller", "柜员忙碌率"),
    "col.with green channel": _l("with green channel", "有绿色通道"),
    "col.without": _l("without", "没有绿色通道"),
    "col.change": _l("change", "变化"),
    # ------------------------------------------------ notebook 02's triage explorer in Chinese
    # no apostrophe: html.escape writes it as &#x27;, a number in the widget's text the other edition lacks
    "explorer.title": _l("Triage explorer: what the lobby manager chooses",
                         "分流探索工具：大堂经理在分流、转介、营销和绿色通道上的选择，对排队等候、营销和投诉各有什么影响"),
    "explorer.lobby_managers": _l("lobby managers", "大堂经理人数"),
    "explorer.diversion": _l("diversion to machines", "分流至自助设备积极性"),
    "explorer.referral": _l("referral zeal", "转介积极性"),
    "explorer.selling": _l("selling in the lobby", "大堂营销时间占比"),
    "explorer.green_channel": _l("green channel", "绿色通道"),
    "explorer.second_triage": _l("second triage", "二次分流"),
    "explorer.vip_rule": _l("VIP window calls", "贵宾窗口叫号"),
    "explorer.days": _l("days to simulate", "模拟天数"),
    "explorer.VIPs first, then green channel, then others": _l("VIPs first, then green channel, then others",
                                                                "先叫贵宾号，再叫绿色通道，再叫普通号"),
    "explorer.VIPs only (idle otherwise)": _l("VIPs only (idle otherwise)", "只叫贵宾号（没有贵宾时空着）"),
    "explorer.queue_axis": _l("customers waiting at counters", "柜台排队人数"),
    "explorer.queue_title": _l("Counter queues over the day", "全天柜台排队人数"),
    "explorer.waits_title": _l("Who waits: mean wait by customer segment", "谁等得久：各类客户的平均等候"),
    "explorer.tab_waits": _l("waits by segment", "各类客户等候"),
    "explorer.tab_queues": _l("queues", "排队"),
    # ------------------------------------------------ sentences notebook 03 prints
    "nb03.example": _l("example: 50 customers/h, 6 min each -> {n} windows for 80 % within 10 min",
                       "例：每小时 50 位客户，每位办理 6 分钟 → 要 {n} 个窗口，才能让 80% 的客户在 10 分钟内被叫号"),
    "nb03.mmc": _l("{per_hour:.1f} arrivals an hour, {service:.0f}-minute services on average: load per window "
                   "{load4:.2f} with 4 windows, {load5:.2f} with 5",
                   "每小时到达 {per_hour:.1f} 人，平均每笔办理 {service:.0f} 分钟：4 个窗口时每个窗口的负荷为 {load4:.2f}，"
                   "5 个窗口时为 {load5:.2f}"),
    "nb03.inside": _l("Erlang C inside the simulation's 95 % interval for {inside} of {n} values; the mean wait's "
                      "interval is {width4:.2f} min wide with 4 windows, {width5:.2f} min with 5",
                      "{n} 个数值里，有 {inside} 个埃尔朗 C 公式的理论值落在模拟的 95% 区间内；平均等候的区间宽度：4 个窗口时 "
                      "{width4:.2f} 分钟，5 个窗口时 {width5:.2f} 分钟"),
    "nb03.counter": _l("share of visits served at a counter: {share:.3f}; mean counter service: {service:.2f} min "
                       "(incl. pitches and rework), coefficient of variation {cv:.2f}",
                       "在柜台办理的到店占比：{share:.3f}；柜台平均办理时间：{service:.2f} 分钟（含推介和差错返工），"
                       "变异系数 {cv:.2f}"),
    "nb03.week": _l("simulated week: {level:.1%} of called customers called within 10 min, against the 80 % target: "
                    "{verdict}",
                    "模拟的一周：被叫号的客户中 {level:.1%} 在 10 分钟内被叫号，目标是 80%：{verdict}"),
    "nb03.meets": _l("meets it", "达到了目标"),
    "nb03.short": _l("{points:.1f} percentage points short", "还差 {points:.1f} 个百分点"),
    "nb03.asks": _l("Erlang C asks for {low}–{high} windows, hour by hour; the branch has {windows} (fewer while "
                    "tellers rotate lunch)",
                    "按小时算，埃尔朗 C 公式要 {low}–{high} 个窗口；网点有 {windows} 个（柜员轮流吃午饭时更少）"),
    "nb03.below": _l("hours of arrival below the 80 % target: {hours}", "到店时段里，服务水平低于 80% 目标的：{hours}"),
    "nb03.none": _l("none", "没有"),
    "nb03.no_hour": _l("no hour", "没有"),
    "nb03.errs": _l("Erlang C asks for more than the branch's {windows} windows, yet the branch meets the target: "
                    "{too_many}; Erlang C says {windows} suffice, yet the branch misses it: {too_few}",
                    "埃尔朗 C 公式要的窗口比网点的 {windows} 个多、网点却达到了目标的时段：{too_many}；"
                    "公式说 {windows} 个就够、网点却没达到目标的时段：{too_few}"),
    "nb03.hour_axis": _l("hour of arrival", "到店时段（点）"),
    "nb03.level_axis": _l("called within 10 min", "10 分钟内叫号的比例"),
    "nb03.level_title": _l("Baseline week (seed 1): service level by hour", "基准网点一周（种子 1）：各时段的服务水平"),
    "nb03.target": _l("target 80 %", "目标 80%"),
    "nb03.rush": _l("month-end rush: {more:.0%} more arrivals on the last {days} days of the month",
                    "月末高峰：每月最后 {days} 天，到店的客户多 {more:.0%}"),
    "nb03.month_title": _l("Month-end week: mean wait by day and number of ordinary windows",
                           "月末这一周：每天的平均等候，按普通窗口数分开"),
    "nb03.enough": _l("{date}: {n} ordinary windows reach 80 % within 10 min",
                      "{date}：{n} 个普通窗口就能让 80% 的客户在 10 分钟内被叫号"),
    "nb03.not_even": _l("{date}: not even {n} ordinary windows reach 80 % ({best:.1%})",
                        "{date}：开 {n} 个普通窗口也达不到 80%（{best:.1%}）"),
    "nb03.margin": _l("{n} ordinary windows: {level:.1%} called within 10 min, {points:+.1f} points from the "
                      "{target:.0%} standard; {fewer}: {fewer_level:.1%}, {fewer_points:+.1f} points",
                      "{n} 个普通窗口：{level:.1%} 在 10 分钟内被叫号，与 {target:.0%} 的标准相差 {points:+.1f} 个百分点；"
                      "{fewer} 个：{fewer_level:.1%}，相差 {fewer_points:+.1f} 个百分点"),
    "nb03.weekdays": _l("Mon Tue Wed Thu Fri Sat Sun", "一 二 三 四 五 六 日"),
    "nb03.date": _l("{weekday} {day}", "{day}日（周{weekday}）"),  # English dates are the code's: short_date
    # ------------------------------------------------ sentences notebook 08 prints
    "nb08.week": _l("baseline, 7 days, seed 2: {visits} visits", "基准网点，7 天，种子 2：到店 {visits} 人次"),
    "col.windows": _l("windows", "窗口数"),
    "col.utilisation": _l("utilisation", "忙碌率"),
    "col.P(wait)": _l("P(wait)", "需要等候的概率"),
    "col.called within 10 min": _l("called within 10 min", "10 分钟内叫号的比例"),
    "col.KPI": _l("KPI", "指标"),
    "col.Erlang C": _l("Erlang C", "埃尔朗 C 理论值"),
    "col.simulation": _l("simulation", "模拟值"),
    "col.95% CI low": _l("95% CI low", "95% 区间下限"),
    "col.95% CI high": _l("95% CI high", "95% 区间上限"),
    "col.theory inside CI": _l("theory inside CI", "理论值在区间内"),
    "col.arrivals/h": _l("arrivals/h", "每小时到店"),
    "col.to counter/h": _l("to counter/h", "每小时到柜台"),
    "col.offered load": _l("offered load", "负荷（平均要忙的窗口数）"),
    "col.Erlang C windows for 80/10": _l("Erlang C windows for 80/10", "埃尔朗 C 公式所需窗口（80/10）"),
    "col.date": _l("date", "日期"),
    "col.ordinary windows": _l("ordinary windows", "普通窗口数"),
}

#: what the values of a column are, by column name: the label namespaces tried in order
_VALUES = {"segment": ("seg",), "need": ("need",), "channel": ("chan",), "ticket": ("ticket",),
           "outcome": ("out",), "kind": ("event",), "activity": ("act",), "role": ("role1", "chan"),
           "place": ("place", "ticket", "chan", "need", "seg", "out"),
           "KPI": ("col",)}  # notebook 03's check of Erlang C: its rows are measures named like columns
#: columns that hold minutes since midnight, shown as clock times
_CLOCK_COLUMNS = ("arrive", "t", "start", "end")


def tr(key: str, lang: str = "en", **fmt) -> str:
    """The label of ``key`` in ``lang`` from the dashboard's registry or the notebooks'."""
    _check(lang)
    entry = LABELS.get(key) or NOTEBOOK_LABELS.get(key)
    if entry is None:
        raise EditionError(f"no label {key!r} in simkit.dashboard.i18n.LABELS or editions.NOTEBOOK_LABELS")
    return entry[lang].format(**fmt) if fmt else entry[lang]


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise EditionError(f"language {lang!r} is not available; allowed: {', '.join(LANGS)}")


def use_language(lang: str) -> str:
    """Set up matplotlib for ``lang`` (call it after ``sns.set_theme``, which resets the fonts)
    and return ``lang``. Chinese puts a Simplified-Chinese face first; a font cache made before
    the font was installed is completed from the system's font files."""
    _check(lang)
    if lang != "zh":
        return lang
    face = _sc_face()
    plt.rcParams["font.sans-serif"] = [face, *[f for f in plt.rcParams["font.sans-serif"] if f != face]]
    plt.rcParams["font.family"] = ["sans-serif"]
    plt.rcParams["axes.unicode_minus"] = False  # an ASCII minus: the same in every face
    return lang


def _sc_face() -> str:
    """The first of ``SC_FONT_NAMES`` matplotlib knows, registering system fonts if none is known."""
    for attempt in range(2):
        known = {f.name for f in font_manager.fontManager.ttflist}
        for name in SC_FONT_NAMES:
            if name in known:
                return name
        if attempt == 0:
            for path in font_manager.findSystemFonts():
                if "CJK" in path or "SourceHan" in path:
                    font_manager.fontManager.addfont(path)
    raise EditionError(f"no Simplified-Chinese font for the Chinese figures; allowed: {', '.join(SC_FONT_NAMES)} "
                       "(Debian: apt-get install fonts-noto-cjk, or make cjk-font)")


def clock(minutes: float) -> str:
    """Minutes since midnight of the first day as a clock time: 542.1 -> ``09:02``."""
    whole = int(minutes) % (24 * 60)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _value(column: str, value, lang: str):
    """One cell of a table in ``lang``: clock times in both languages, names in Chinese."""
    if column in _CLOCK_COLUMNS and isinstance(value, float) and value == value:
        return clock(value)
    if lang == "en":
        return value
    if isinstance(value, bool):
        return tr("col.yes" if value else "col.no", lang)
    text = str(value)
    if text == "All":  # the margins of pd.crosstab
        return tr("col.All", lang)
    for namespace in _VALUES.get(column, ()):
        if f"{namespace}.{text}" in LABELS or f"{namespace}.{text}" in NOTEBOOK_LABELS:
            return tr(f"{namespace}.{text}", lang)
    return staff_name(text, lang) if column in ("server", "staff", "place") else value


def name(column: str, value, lang: str):
    """What a reader of ``lang`` calls ``value`` of the table column ``column``: ``name("segment",
    "vip", "zh")`` is 贵宾客户; in English the code's own name (``vip``)."""
    _check(lang)
    return _value(column, value, lang)


def describe_branch(scenario, lang: str) -> str:
    """The scenario's description and its branch's staff and machines, in ``lang``."""
    _check(lang)
    branch = scenario.branch
    if lang == "en":
        description, windows = scenario.description, branch.windows
    else:
        key = f"branch.{scenario.name}"
        description = tr(key, lang) if key in LABELS else scenario.name
        windows = "、".join(f"{tr(f'win.{kind}', lang)}窗口 {count} 个" for kind, count in branch.windows.items())
    return tr("nb00.branch", lang, description=description, windows=windows, lobby=branch.lobby_managers,
              managers=branch.customer_managers, machines=branch.self_service.machines)


def _header(header, lang: str):
    """A column's or an index's title in ``lang`` (the code's name in English)."""
    if lang == "en" or header is None:
        return header
    key = f"col.{header}"
    return tr(key, lang) if key in NOTEBOOK_LABELS else _value("", header, lang)


def _index(index: pd.Index, lang: str) -> pd.Index:
    """An index (or a column index) with its values and names in ``lang``."""
    if isinstance(index, pd.MultiIndex):
        levels = [[_value(level, v, lang) for v in index.get_level_values(i)] for i, level in enumerate(index.names)]
        return pd.MultiIndex.from_arrays(levels, names=[_header(n, lang) for n in index.names])
    return pd.Index([_value(index.name or "", v, lang) for v in index], name=_header(index.name, lang))


def table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` as a reader of ``lang`` sees it: times as clock times; in Chinese, every header,
    index and name in Chinese too. The numbers are the same in both languages."""
    _check(lang)
    out = frame.copy()
    for column in frame.columns:
        if column in _CLOCK_COLUMNS or lang != "en":
            out[column] = [_value(column, v, lang) for v in frame[column]]
    if lang == "en":
        return out
    out.index = _index(frame.index, lang)
    columns = frame.columns
    out.columns = (_index(columns, lang) if isinstance(columns, pd.MultiIndex) or columns.name
                   else pd.Index([_header(c, lang) for c in columns]))
    return out


def kpi_table(kpis: dict, lang: str, rows: int = 12) -> pd.DataFrame:
    """The first ``rows`` KPIs as ``simkit.report.format_kpis`` shows them (kpi, value, unit);
    in Chinese the KPI's name with its unit (平均等候（分钟）) and its value."""
    _check(lang)
    shown = format_kpis(kpis).head(rows)
    if lang == "en":
        return shown
    return pd.DataFrame({tr("col.kpi", lang): [tr(f"kpi.{k}", lang) for k in shown["kpi"]],
                         tr("col.value", lang): shown["value"].to_list()})


def compare_table(runs: dict, keys: list[str], lang: str) -> pd.DataFrame:
    """KPIs ``keys`` of several runs side by side (``runs``: column title -> KPI dict),
    formatted as ``kpi_table`` formats them (rates in %, waits in minutes)."""
    _check(lang)
    columns = {title: format_kpis({k: kpis[k] for k in keys})["value"].to_list() for title, kpis in runs.items()}
    units = format_kpis({k: next(iter(runs.values()))[k] for k in keys})["unit"].to_list()
    if lang == "en":
        return pd.DataFrame({"kpi": keys, **columns, "unit": units})
    return pd.DataFrame({tr("col.kpi", lang): [tr(f"kpi.{k}", lang) for k in keys], **columns})


def queue_figure(results, lang: str):
    """``simkit.report.queue_over_day`` with its title, axes and legend in ``lang``."""
    _check(lang)
    ax = queue_over_day(results)
    if lang == "en":
        return ax
    ax.set(xlabel=tr("ui.clock_hour", lang), ylabel=tr("ui.customers_waiting", lang),
           title=tr("nb00.queue_title", lang, branch=tr("branch.baseline", lang)
                    if results.scenario.name == "baseline" else results.scenario.name))
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(tr("col.ticket", lang))
        for text in legend.get_texts():
            text.set_text(_value("ticket", text.get_text(), lang))
    return ax


def wait_histogram(served: pd.DataFrame, lang: str, seed: int):
    """Waits of the served customers, stacked by whether the lobby manager triaged them."""
    _check(lang)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    hue = "triaged" if lang == "en" else tr("col.triaged", lang)
    data = served if lang == "en" else served.assign(**{hue: [_value("triaged", v, lang) for v in served["triaged"]]})
    order = None if lang == "en" else [tr("col.no", lang), tr("col.yes", lang)]
    sns.histplot(data=data, x="wait", hue=hue, hue_order=order, bins=30, multiple="stack", ax=ax)
    ax.set(xlabel=tr("nb00.wait_axis", lang), ylabel=tr("nb00.customers_axis", lang),
           title=tr("nb00.histogram_title", lang, seed=seed))
    return fig


def day_clock(minutes: float, lang: str) -> str:
    """Minutes since the first midnight as a day and a clock time: ``day 1, 10:30`` / 第 1 天 10:30."""
    return tr("nb01.day_clock", lang, day=int(minutes) // (24 * 60) + 1, clock=clock(minutes))


def _branch_name(results, lang: str) -> str:
    key = f"branch.{results.scenario.name}"
    return tr(key, lang) if lang != "en" and key in LABELS else results.scenario.name


def segment_waits_figure(results, lang: str):
    """``simkit.report.waits_by_segment`` with its title, axes and segment names in ``lang``."""
    _check(lang)
    ax = waits_by_segment(results)
    if lang == "en":
        return ax
    ax.set_xticks(ax.get_xticks(), [_value("segment", t.get_text(), lang) for t in ax.get_xticklabels()])
    ax.set(xlabel=tr("nb01.segment_axis", lang), ylabel=tr("nb00.wait_axis", lang),
           title=tr("nb01.waits_title", lang, branch=_branch_name(results, lang)))
    return ax


def gantt_figure(results, day: int, lang: str):
    """``simkit.report.timeline.staff_gantt`` of ``day`` (0-based) with its names and legend in ``lang``."""
    _check(lang)
    fig, ax = plt.subplots(figsize=(11, 5.5))
    staff_gantt(results, day=day, ax=ax)
    if lang == "en":
        return fig
    ax.set_yticks(ax.get_yticks(), [staff_name(t.get_text(), lang) for t in ax.get_yticklabels()])
    for text in ax.get_legend().get_texts():
        text.set_text(_value("activity", text.get_text(), lang))
    ax.set(xlabel=tr("ui.clock_hour", lang), title=tr("nb01.gantt_title", lang, branch=_branch_name(results, lang),
                                                       day=day + 1))
    return fig


def relabel(frame: pd.DataFrame, lang: str, index: str | None = None, columns: str | None = None,
            index_name: str | None = None) -> pd.DataFrame:
    """``frame`` with its row and column titles read from the label namespaces ``index`` and
    ``columns`` (``relabel(kpis, "zh", index="metric")``: the row ``wait_mean`` becomes
    平均等候（分钟）) and its index named ``index_name``; in English ``frame`` as it is. A title
    the namespace does not hold stays as it is."""
    _check(lang)
    if lang == "en":
        return frame

    def title(namespace, value):
        key = f"{namespace}.{value}"
        return tr(key, lang) if namespace and (key in LABELS or key in NOTEBOOK_LABELS) else value

    out = frame.copy()
    out.index = pd.Index([title(index, v) for v in frame.index], name=index_name or _header(frame.index.name, lang))
    out.columns = pd.Index([title(columns, c) for c in frame.columns], name=_header(frame.columns.name, lang))
    return out


def _zh_explorer_figure(fig, lang: str, title: str, ylabel: str | None, segments: bool):
    """A figure of the triage explorer with its titles, axes and legend in ``lang``."""
    ax = fig.axes[0]
    if segments:
        ax.set_xticks(ax.get_xticks(), [_value("segment", t.get_text(), lang) for t in ax.get_xticklabels()])
        ax.set(xlabel=tr("nb01.segment_axis", lang), ylabel=tr("col.mean wait (min)", lang))
    else:
        ax.set(xlabel=tr("ui.clock_hour", lang), ylabel=ylabel)
    ax.set_title(title)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(None)
        for text in legend.get_texts():
            text.set_text(tr(f"set.{text.get_text()}", lang))
    return fig


#: ``simkit.widgets.core.TEXTS`` in Chinese (full-width punctuation, terms of docs/glossary.md)
EXPLORER_TEXTS_ZH = {"progress": "进度", "ready": "请选择设置，然后点击<b>运行</b>。", "running": "正在模拟……",
                     "running_count": "正在模拟……{done}/{total}", "failed": "无法运行：{error}",
                     "done": "完成：{values}", "stale": "设置已更改：请点击<b>运行</b>重新模拟"}


def triage_explorer(base, lang: str, **start):
    """Notebook 02's explorer (``simkit.widgets.triage_explorer``) with its title, controls, tabs,
    KPI table and figures in ``lang``; it runs the same simulations in both languages."""
    _check(lang)
    if lang == "en":
        explorer = widgets_triage.triage_explorer(base, **start)
        explorer.title = tr("explorer.title", lang)
        return explorer
    english = widgets_triage.triage_controls(start)
    controls = {}
    for key, control in english.items():
        label = tr(f"explorer.{key}", lang)
        if key == "vip_rule":
            options = [(tr(f"explorer.{rule}", lang), rule) for rule in widgets_triage.VIP_RULES]
            controls[key] = dropdown(label, options, control.value)
        elif isinstance(control.value, bool):
            controls[key] = checkbox(label, control.value)
        elif isinstance(control.value, int):
            controls[key] = int_slider(label, control.min, control.max, control.value)
        else:
            controls[key] = float_slider(label, control.min, control.max, control.value)

    def kpis(result):
        return relabel(widgets_triage.kpi_comparison(result), lang, index="metric", columns="set",
                       index_name=tr("nb02.mean_of_days", lang, n=len(result["base"])))

    def queues(result):
        return _zh_explorer_figure(widgets_triage.queue_figure(result), lang, tr("explorer.queue_title", lang),
                                   tr("explorer.queue_axis", lang), segments=False)

    def waits(result):
        return _zh_explorer_figure(widgets_triage.segment_figure(result), lang, tr("explorer.waits_title", lang),
                                   None, segments=True)

    return Explorer(controls, lambda values, progress: widgets_triage.run_triage(values, progress, base),
                    {tr("ui.tab_kpis", lang): kpis, tr("explorer.tab_queues", lang): queues,
                     tr("explorer.tab_waits", lang): waits},
                    title=tr("explorer.title", lang), run_label=tr("ui.run", lang), texts=EXPLORER_TEXTS_ZH)


def explorer_kpis(explorer, lang: str) -> pd.DataFrame:
    """The KPI table the triage explorer made on its last run, in ``lang``."""
    _check(lang)
    return explorer.rendered[tr("ui.tab_kpis", lang)]


def short_date(day, lang: str) -> str:
    """A day of the month with its weekday, as a reader of ``lang`` writes it: ``Mon 30 Nov`` (the form the
    notebooks' code uses to name a day) / 30日（周一）. The Chinese form leaves out the month: a number the
    English form spells as a word, so both editions print the same numbers."""
    _check(lang)
    if lang == "en":
        return day.strftime("%a %d %b")
    return tr("nb03.date", lang, weekday=tr("nb03.weekdays", lang).split()[day.weekday()], day=day.day)
