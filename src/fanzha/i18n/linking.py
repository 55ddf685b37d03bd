"""Text of analysis (研判): indicators, gangs, blocking, leads and at-risk people (linking)."""

from __future__ import annotations

ERRORS = {
    "at_risk_person_settled": "该人员已推送或不再推送，不能修改",
    "at_risk_person_pushed": "已推送的人员不能改为不推送",
    "dismiss_reason_missing": "请填写不推送的理由",
    "at_risk_person_invalid": "{problems}",
    "not_blockable": "{kind}不能申请封停（银行账户请走止付、冻结流程）",
    "block_reason_missing": "请填写封停理由",
    "block_already_requested": "该{kind}已有封停申请（{status}），不能重复申请",
    "appeal_reason_missing": "请填写申诉理由",
    "nothing_to_submit": "没有待报送{target}的封停申请",
    "batch_not_found": "报送批次不存在",
    "lead_title_missing": "请填写线索标题",
    "lead_title_too_long": "线索标题不能超过200个字",
    "lead_content_missing": "请填写线索内容",
    "lead_unit_not_found": "接收单位不存在",
    "lead_due_in_past": "反馈期限应晚于现在",
    "lead_due_too_far": "反馈期限不能超过{days}天",
    "lead_already_answered": "该线索已反馈，不能重复反馈",
    "lead_result_missing": "请填写核查结果",
    "lead_arrests_out_of_range": "抓获人数应为0至10000",
    "lead_recovered_negative": "挽回金额不能为负数",
    "lead_not_answered": "线索尚未反馈，不能办结",
    "indicator_values_invalid": "{problems}",
    "indicator_values_missing": "请至少填写一个要素值",
    "indicator_kind_missing": "请选择要素类型",
    "exclusion_pattern_invalid": "{problem}",
    "exclusion_reason_missing": "请填写排除理由",
    "exclusion_exists": "排除名单中已有：{pattern}",
    "gang_dissolved_no_confirm": "团伙已拆散，不能确认",
    "gang_name_too_long": "团伙名称不能超过100个字",
    "gang_unit_not_found": "所选单位不存在",
    "indicator_not_in_gang": "该要素不在此团伙中",
    "gang_merge_with_itself": "不能与自身合并",
    "gang_dissolved_no_merge": "已拆散的团伙不能合并",
    "gang_merge_reason_missing": "请填写合并依据",
    "nothing_to_push": "没有待推送的人员",
    "linking_action_missing": "请选择要进行的操作",
    "lead_unit_missing": "请选择接收单位",
    "lead_due_unreadable": "反馈期限：{problem}",
    "lead_recovered_unreadable": "挽回金额：{problem}",
    "lead_arrests_not_integer": "抓获人数应为整数",
}

# The names of the state machines' records, in their refusals.
SUBJECTS = {
    "at_risk_person": "高危潜在受害人",
    "block_request": "封停申请",
    "lead": "线索",
    "gang": "团伙",
}
LABELS = {"block": "封停申请 #{id}", "gang": "团伙 #{id}"}

# Summaries of audit entries (shown in the audit log).
AUDIT = {
    "indicators_added": "{case_no} 录入{kind} {count} 个",
    "excluded": "排除{kind} {pattern}（{reason}），涉及要素 {count} 个；{relinked}",
    "exclusion_removed": "移除排除 {label}；{relinked}",
    "over_cap_approved": "{value} 超过上限仍用于串并；{relinked}",
    "gang_confirmed": "确认{gang}（{count} 起案件）",
    "gang_unit": "{gang}：主办单位 {unit}",
    "gang_split": "拆分{gang}：该要素误串并",
    "gang_merged": "{other} 并入 {gang}：{reason}",
    "gang_exported": "导出{gang}（{count} 起案件，受害人姓名已脱敏）",
    "payers_found": "从资金流水研判出向涉诈账户转账的潜在受害人 {count} 人",
    "at_risk_pushed": "推送高危潜在受害人预警 {count} 条",
    "identity_set": "补充联系方式",
    "block_requested": "申请封停{kind} {value}（{target}，关联案件 {cases} 起）",
    "blocks_submitted": "报送{target}封停申请 {count} 条（批次 {batch_no}）",
    "lead_sent": "{lead_no} 下发至{unit}：{title}，{due} 前反馈",
    "lead_answered": "{lead_no} 反馈{late}：抓获 {arrests} 人，挽回 {recovered} 元",
    "lead_closed": "{lead_no} 办结",
    "lead_reminded": "{lead_no} 已超过反馈期限，第 {count} 次催办",
    "watch_exported": "导出两卡人员名单 {count} 个账户",
    "watch_exported_full": "（含完整身份信息）",
    "counterparty_swept": (
        "清理占位符、掩码等非账号值：删除要素 {indicators} 个及案件关联 {links} 条，"
        "流水对方账号置空 {rows} 行，转账账号置空 {transfers} 笔；{relinked}"
    ),
}

# At-risk people (高危潜在受害人): the evidence notes and the call-records sheet.
AT_RISK = {
    "payer_note": "向涉诈账户转账 {count} 笔，共 {amount} 元",
    "contact_note": "与涉诈号码通话 {count} 次，共 {minutes} 分 {seconds} 秒",
    "calls_imported": (
        "话单 {calls} 条，涉及已知涉诈号码 {numbers} 个，"
        "新列出潜在受害人 {found} 人（此前已列出的不重复）"
    ),
    "pushed_note": "研判推送：{note}",
    "dismissed_note": "{note}；不推送：{reason}",
    "seconds_not_integer": "应为整数秒",
}
CALL_SHEET_NAME = "话单"
CALL_SHEET = {
    "caller": "主叫号码",
    "callee": "被叫号码",
    "at": "通话时间",
    "seconds": "通话时长（秒）",
}
CALL_SHEET_NOTES = {"at": "如 2026-11-23 14:05:00"}
CALL_SHEET_FOOTNOTE = (
    "运营商调取的话单，每行一次通话。与已知涉诈号码通话的一方将列为高危潜在受害人。"
)

# Carriers as the phone-number data names them, and the target a block request goes to.
CARRIER_NAMES = {
    "中国移动": "china_mobile",
    "中国联通": "china_unicom",
    "中国电信": "china_telecom",
}
BLOCK_SHEET_COLUMNS = (
    "序号",
    "类型",
    "号码/账号/域名/APP",
    "申请理由",
    "关联案件",
    "申请时间",
    "状态",
    "报送批次",
)

LEAD_LATE = "（逾期）"
LEAD_REMINDER = "线索催办"

# The mule-holder watch list (两卡人员).
WATCH = {
    "cases": "涉及 {count} 起案件",
    "pass_through": "快进快出 {days} 天（过账 {amount} 元，中位 {minutes:.0f} 分钟转出）",
    "holder_unknown": "（户名未知）",
    "reason_separator": "；",
}
WATCH_SHEET = "两卡人员"
WATCH_SHEET_COLUMNS = (
    "持卡人",
    "身份证号",
    "账户",
    "开户行",
    "涉案数",
    "案件编号",
    "快进快出天数",
    "过账金额（元）",
    "依据",
)

# Why a value is not an indicator of its kind.
VALUES = {
    "empty": "要素值不能为空",
    "qq": "QQ号应为5至12位数字：{raw}",
    "wechat": "微信号格式不正确：{raw}",
    "alipay": "支付宝账号格式不正确：{raw}",
    "ip": "IP地址格式不正确：{raw}",
    "device": "设备号应为8至40位数字或字母：{raw}",
    "app_too_long": "APP名称不能超过100个字",
    "unknown_kind": "未知的要素类型：{kind}",
    "wildcard_only": "排除规则不能只有通配符 *",
}

# The network graph of a gang.
NETWORK = {
    "cases": "案件",
    "not_linking": "不串并的要素",
    "case": "{station} · 损失 {loss} 元",
    "value": "{kind} · 串联 {count} 起案件",
    "value_not_linking": "（已排除或待审核，不串并）",
}

# What relinking changed, after an indicator change.
RELINKED = {
    "created": "新串并团伙 {count} 个",
    "changed": "团伙变化 {count} 个",
    "dissolved": "团伙拆散 {count} 个",
    "separator": "，",
    "none": "团伙无变化",
}
WITH_RELINKED = "{summary}；{relinked}"
UNIT_UNSET = "未指定"

# Why an indicator does not link cases (shown on the page).
NOT_LINKING = {
    "excluded": "在排除名单中（{pattern}）：不用于串并",
    "over_cap": "出现在 {count} 个案件中，超过 {cap} 个：暂停串并，待研判审核",
}

# The indicators sheet (import template).
INDICATOR_SHEET_NAME = "涉诈要素"
INDICATOR_SHEET = {"case_no": "案件编号", "kind": "要素类型", "value": "要素值", "note": "备注"}
INDICATOR_SHEET_NOTES = {"value": "账号、号码、微信号、网址等"}
INDICATOR_SHEET_FOOTNOTE = "每行一个要素；同一案件可有多行。要素类型从下拉列表选择。"
INDICATOR_ROWS = {
    "required": "必填",
    "no_case": "案件不存在或无权查看：{case_no}",
    "imported": "导入要素 {count} 条（{cases} 个案件），新串并团伙 {created} 个",
}

# A gang's workbook.
GANG_SHEETS = {
    "cases": "案件",
    "reasons": "串并依据",
    "stations": "受害人分布",
    "linking": "是",
    "not_linking": "否（{why}）",
}
GANG_CASE_COLUMNS = ("案件编号", "报案时间", "受理单位", "受害人", "诈骗类型", "损失（元）", "状态")
GANG_REASON_COLUMNS = ("要素类型", "要素值", "案件数", "案件编号", "用于串并")
GANG_STATION_COLUMNS = ("单位", "案件数", "损失（元）")

# What the analysis pages say when a form's action succeeded.
DONE = {
    "gang_confirmed": "已确认{gang}",
    "gang_saved": "已保存团伙名称和主办单位",
    "indicator_excluded": "已排除 {value}，不再用于串并；{relinked}",
    "gang_merged": "{other} 已并入 {gang}",
    "over_cap_approved": "{value} 继续用于串并；{relinked}",
    "block_drafted": "已生成封停申请（草稿），报送对象：{target}；在“封停”页按对象批量报送",
    "exclusion_added": "已加入排除名单：{pattern}；{relinked}",
    "exclusion_removed": "已移除排除：{pattern}，重新参与串并；{relinked}",
    "payers_found": "研判资金流水：新发现向涉诈账户转账的潜在受害人 {count} 人",
    "pushed": "已推送预警 {count} 条（本地研判推送），已按住址分派至派出所",
    "identity_set": "已补充联系方式，可以推送",
    "dismissed": "已标记为不推送",
    "block_moved": "封停申请 #{id} 已变为“{status}”",
    "lead_sent": "线索 {lead_no} 已下发至{unit}",
    "lead_answered": "线索 {lead_no} 已反馈",
    "lead_closed": "线索 {lead_no} 已办结",
}
BLOCK_TARGET_MISSING = "请选择报送对象"
FILES = {
    "gang": "团伙{id}-{name}.xlsx",
    "gang_unnamed": "串并",
    "indicator_template": "涉诈要素导入模板.xlsx",
    "call_template": "话单导入模板.xlsx",
    "blocks_for": "封停申请-{target}-{batch_no}.xlsx",
    "blocks": "封停申请-{batch_no}.xlsx",
    "watch": "两卡人员名单.xlsx",
    "watch_full": "两卡人员名单（含身份信息）.xlsx",
}

# "导出 Excel" of the at-risk list (masked).
AT_RISK_EXPORT = (
    "姓名",
    "电话",
    "账户",
    "线索",
    "涉诈要素",
    "转账（元）",
    "时间",
    "状态",
    "派出所",
)

# "导出 Excel" of the 封停 list.
BLOCK_LIST_EXPORT = ("#", "类型", "值", "报送对象", "理由", "关联案件", "状态", "批次", "申请时间")
LEAD_LIST_EXPORT = (
    "编号",
    "标题",
    "接收单位",
    "下发时间",
    "反馈期限",
    "状态",
    "核查结果",
    "抓获人数",
    "挽回（元）",
)
GANG_CASE_EXPORT = ("案件编号", "报案时间", "受理单位", "受害人", "诈骗类型", "损失（元）")

# The indicators list's export (涉诈要素 are fraud-side values, shown whole).
INDICATOR_LIST_EXPORT = ("类型", "要素值", "案件数", "首次出现", "最近出现")
EXCLUSION_LIST_EXPORT = ("类型", "值或规则", "理由", "命中要素", "添加时间")
