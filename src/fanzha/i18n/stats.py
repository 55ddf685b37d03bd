"""Text of leaders' figures (数据): indicator names and definitions (口径), periods, the pages."""

from __future__ import annotations

UNIT_LABELS = {
    "item": "条",
    "case": "起",
    "yuan": "元",
    "account": "个",
    "day": "天",
    "person": "人",
    "event": "场",
    "gang": "个",
    "household": "户",
}

GROUPS = {
    "warnings": "预警劝阻",
    "cases": "发案",
    "money": "资金查控",
    "analysis": "研判打击",
    "outreach": "宣防",
    "public": "群众举报与奖励",
}

# key: (name, 口径)
INDICATORS = {
    "warnings.received": (
        "接收预警",
        "统计期内接收（按接收时间）的预警指令条数，不含重复预警。",
    ),
    "warnings.received.urgent": ("紧急预警", "统计期内接收的紧急级预警条数，不含重复预警。"),
    "warnings.received.high": ("高危预警", "统计期内接收的高危级预警条数，不含重复预警。"),
    "warnings.received.medium": ("中危预警", "统计期内接收的中危级预警条数，不含重复预警。"),
    "warnings.received.low": ("低危预警", "统计期内接收的低危级预警条数，不含重复预警。"),
    "warnings.signed_in_time": (
        "按时签收率",
        "统计期内接收的预警中，在签收时限内签收的条数 ÷ 接收预警条数（不含重复预警）。",
    ),
    "warnings.contacted_in_time": (
        "按时联系率",
        "统计期内接收的预警中，在联系时限内首次联系的条数 ÷ 接收预警条数（不含重复预警）。",
    ),
    "warnings.face_in_time": (
        "按时见面率",
        "统计期内接收、需见面劝阻的预警中，在见面时限内当面见到本人的条数 ÷ 需见面劝阻的条数。",
    ),
    "warnings.face_in_time.urgent": (
        "紧急预警按时见面率",
        "统计期内接收的紧急级预警中，在见面时限内当面见到本人的条数 ÷ 需见面劝阻的紧急预警条数。",
    ),
    "warnings.face_in_time.high": (
        "高危预警按时见面率",
        "统计期内接收的高危级预警中，在见面时限内当面见到本人的条数 ÷ 需见面劝阻的高危预警条数。",
    ),
    "warnings.dissuasion_rate": (
        "劝阻率",
        "统计期内接收的预警中，反馈“已劝阻”的条数 ÷ 反馈为已劝阻、已被骗或确实找不到的条数"
        "（不符、重复、暂时找不到及未反馈的不计入分母）。",
    ),
    "warnings.face_dissuasion_rate": (
        "见面劝阻率",
        "统计期内接收并反馈“已劝阻”的预警中，有当面见到本人记录的条数 ÷ 已劝阻条数。",
    ),
    "warnings.protected": (
        "避免损失金额",
        "统计期内反馈（按反馈时间）为“已劝阻”的预警所填报的避免损失金额之和。",
    ),
    "warnings.defrauded_later": (
        "预后被骗率",
        "统计期内接收并反馈“已劝阻”的预警中，本人此后在设定天数内报案被骗的条数 ÷ 已劝阻条数"
        "（同“预后被骗率”页）。",
    ),
    "cases.reported": (
        "发案数",
        "统计期内报案（按报案时间）且已受理或已结案的电诈案件起数；草稿与已作废的不计。",
    ),
    "cases.loss": (
        "损失金额",
        "统计期内报案且已受理或已结案的案件所登记的被骗转账金额之和。",
    ),
    "cases.entered_30min": (
        "30分钟录入率",
        "统计期内报案的案件中，报案后30分钟内录入首个收款账户的起数 ÷ 发案数。",
    ),
    "cases.closed": ("结案数", "统计期内结案（按结案时间）的案件起数。"),
    "cases.arrested": (
        "抓获嫌疑人数",
        "统计期内抓获（按案件上登记的抓获日期）的犯罪嫌疑人人数之和，限已受理或已结案的案件，"
        "按案件所属单位统计。",
    ),
    "money.stop_paid": (
        "止付账户数",
        "统计期内发起（按发起时间）的紧急止付账户数，按案件所属单位统计。",
    ),
    "money.stop_paid_amount": (
        "止付金额",
        "统计期内银行反馈（按反馈时间）止付成功的金额之和。",
    ),
    "money.frozen": ("冻结账户数", "统计期内开始冻结（按冻结起始时间）的账户数。"),
    "money.frozen_amount": ("冻结金额", "统计期内开始冻结的金额之和。"),
    "money.returned": (
        "返还金额",
        "统计期内完成返还（按返还完成时间）的资金之和。",
    ),
    "money.days_to_return": (
        "平均返还天数",
        "统计期内完成返还的每笔资金，从案件报案到返还完成的天数的平均值。",
    ),
    "analysis.gangs": (
        "打掉团伙数",
        "统计期内确认（按确认时间）的串并团伙数，按主办单位统计；未指定主办单位的只计入全市。",
    ),
    "analysis.blocked": (
        "封停号码/账号/域名数",
        "统计期内封停完成（按完成时间）的号码、聊天账号、域名和应用数，含此后申诉或解封的。",
    ),
    "analysis.blocked.phone": (
        "封停号码数",
        "统计期内封停完成（按完成时间）的电话号码数，含此后申诉或解封的；类别取被封停要素的类别。",
    ),
    "analysis.blocked.chat": (
        "封停社交账号数",
        "统计期内封停完成（按完成时间）的微信号、QQ号数，含此后申诉或解封的；"
        "类别取被封停要素的类别。",
    ),
    "analysis.blocked.domain": (
        "封停域名数",
        "统计期内封停完成（按完成时间）的网址/域名数，含此后申诉或解封的；类别取被封停要素的类别。",
    ),
    "analysis.leads_in_time": (
        "线索按时反馈率",
        "统计期内下发（按下发时间）的线索中，在反馈时限内反馈的条数 ÷ 下发线索条数。",
    ),
    "outreach.households_reached": (
        "入户走访户数",
        "统计期内首次入户（按首次“已入户”走访日期）的住户数，按专项行动计：同一户在两次行动中"
        "各计一次；按住户所在网格的单位统计。",
    ),
    "outreach.coverage": (
        "入户覆盖率",
        "分子：期末在册住户中，统计期内有过“已入户”走访（按走访时间）的户数；分母：期末在册住户数"
        "（按住户录入底册的时间计在册，期末前删除的不计；住户底册没有更早的登记日期，"
        "系统启用前已有的住户按录入时间计）。按住户所在网格的单位统计。",
    ),
    "outreach.events": ("宣传活动场次", "统计期内开始（按活动开始时间）的宣传活动场次。"),
    "outreach.audience": ("宣传受众人数", "统计期内开始的宣传活动现场与线上受众人数之和。"),
    "outreach.trained": ("培训人次", "统计期内签到（按签到时间）的培训人次，按培训主办单位统计。"),
    "outreach.awareness": (
        "知晓率",
        "分子：统计期内（按答卷时间）通过调查码提交的知晓率调查答卷中，答对题数达到该调查设定的"
        "知晓标准（未设定则须全部答对）的份数；分母：同期调查码答卷份数。按发码批次所属单位统计；"
        "市民自行参与的答题不计入。",
    ),
    "public.tips": (
        "群众举报线索",
        "统计期内收到（按收到时间）的群众举报线索条数，不含标记为重复的；全市统计，只计入市局。",
    ),
    "public.tips_confirmed": (
        "举报查实",
        "统计期内办结（按办结时间）且查实或部分查实的群众举报线索条数；全市统计，只计入市局。",
    ),
    "rewards.paid": ("奖励发放金额", "统计期内发放（按发放时间）的群众举报奖励金额之和。"),
    "rewards.days_to_pay": (
        "平均发放天数",
        "统计期内发放的奖励，从基金会确认到发放的天数的平均值。",
    ),
}

DATE_BASES = {
    "received": "接收时间",
    "closed": "反馈/结案时间",
    "reported": "报案时间",
    "registered": "确认时间",
    "requested": "发起时间",
    "done": "完成时间",
    "sent": "下发时间",
    "held": "发生时间",
    "arrested": "抓获日期",
    "visited": "入户走访时间（分母为期末在册住户）",
    "answered": "答卷时间",
}

ATTRIBUTION = {"then": "记录所属单位", "now": "单位现隶属关系"}
DIRECTION = {1: "越高越好", -1: "越低越好"}

PERIOD_KINDS = {
    "day": "日",
    "week": "周",
    "month": "月",
    "quarter": "季度",
    "year": "年",
    "custom": "自定义",
}

PAGE = {
    "title": "数据",
    "definitions": "指标口径",
    "records": "明细",
    "unit": "单位",
    "period": "统计期",
    "anchor": "日期",
    "from": "起",
    "to": "止",
    "show": "查看",
    "yoy": "同比",
    "mom": "环比",
    "missing": "—",
    "trend": "趋势",
    "ranking": "下级单位排名",
    "rank": "名次",
    "value": "数值",
    "per_10k": "每万人",
    "small": "样本小",
    "tie": "并列",
    "caliber": "口径",
    "version": "版本",
    "effective": "生效日期",
    "date_basis": "统计时间",
    "attribution": "单位归属",
    "direction": "方向",
    "partial": "本期未结束：与上期、去年同期的相同天数比较",
    "not_understood": (
        "所选期间无法识别（日期须在 1900 至 2099 年之间，自定义期间不超过十年），已显示本月"
    ),
    "spring_festival": "春节在{year}年{month}月，与去年同期春节所在月份不同，同比受春节错月影响",
    "count_note": "共 {count} 条记录",
    "summed": "合计",
    "no_children": "本单位没有下级单位",
    "population": "常住人口",
    "number": "编号",
    "date": "日期",
    "amount": "金额/数值",
    "open": "查看",
    "indicator": "指标",
    "name": "名称",
}

SHORTCUTS = {
    "this_month": "本月",
    "last_month": "上月",
    "this_quarter": "本季度",
    "last_quarter": "上季度",
    "this_year": "本年",
}
