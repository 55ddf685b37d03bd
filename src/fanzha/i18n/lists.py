"""Texts of the desk layout (the sidebar's pillars) and of the list component."""

from fanzha.i18n import outreach_people

# Sidebar entries for pages that had no navigation entry before the sidebar (the rest are in
# zh_CN.NAV).
NAV_MORE = {
    "citizens_quiz": "答题题库",
    "citizens_risk": "群众风险查询",
    "tips": "举报线索",
    "rewards": "奖励申报",
    "reward_register": "奖励台账",
    "vault": "身份查看审批",
    "deadlines": "止付冻结时限",
    "returns": "返还台账",
    "indicators": "涉诈要素",
    "exclusions": "排除名单与审核",
    "mules": "两卡",
    "at_risk": "高危潜在受害人",
    "prognosis": "预后被骗率",
    "stats": "数据看板",
    "stats_definitions": "指标口径",
    "transfers": "跨区域移交",
    "centers": "外地反诈中心",
    "coverage_map": "覆盖地图",
    "door_knock": "入户走访",
    "unit_reports": "月报季报",
}

# The sidebar's groups, one per pillar of the center's work ("" is the top, unlabelled).
NAV_PILLARS = {
    "": "",
    "dissuade": "预警劝阻",
    "intake": "接警止付",
    "money": "资金查控",
    "strike": "研判打击",
    "prevent": "宣防",
    "leads": "线索奖励",
    "data": "数据",
    "system": "系统",
}

# Lists: the "导出 Excel" of a list's filtered rows (sheet and file title), and its audit line.
LIST_EXPORTS = {
    "households": "住户底册",
    "warnings": "预警看板",
    "cases": "案件",
    "at_risk": "高危潜在受害人",
    "returns": "返还台账",
    "mules": "两卡",
    "deadlines": "止付冻结时限",
    "gang_cases": "团伙案件",
    "blocking": "封停",
    "audit": "审计日志",
    "rewards": "奖励申报",
    "reward_register": "奖励台账",
    "tips": "举报线索",
    "leads": "线索",
    "users": "账号",
}
LIST_EXPORT_AUDIT = "导出{title} {count} 行（脱敏）"

# The audit log's 对象: what each target_type is called, and where its record opens.
AUDIT_TARGETS = {
    "households": "住户",
    "outreach_campaigns": "专项行动",
    "cases": "案件",
    "warnings": "预警",
    "users": "账号",
    "teams": "队伍",
    "staff": "人员",
    "freezes": "冻结",
    "at_risk_people": "高危潜在受害人",
    "units": "单位",
    "statement_imports": "流水导入",
    "gangs": "团伙",
    "stop_payments": "止付",
    "link_exclusions": "排除要素",
    "leads": "线索",
    "indicators": "涉诈要素",
    "grids": "网格",
    "fund_returns": "资金返还",
    "block_requests": "封停申请",
    "api_keys": "接口密钥",
    "return_pools": "返还资金池",
    "compounds": "小区",
    "assist_requests": "异地协查",
    "account_holders": "持卡人",
    "door_visit_tasks": "上门任务",
    "mules": "两卡",
    "returns": "返还台账",
    "deadlines": "止付冻结时限",
    "at_risk": "高危潜在受害人",
    "blocking": "封停",
    "audit": "审计日志",
    "gang_cases": "团伙案件",
    "reward_applications": "奖励申报",
    "vault_records": "身份记录",
    "vault_requests": "身份查看申请",
    "unit_reports": "统计报表",
    "training_sessions": "培训",
}
AUDIT_TARGET_LINKS = {
    "cases": "/cases/{id}",
    "warnings": "/warnings/{id}",
    "staff": "/org/staff/{id}",
    "gangs": "/analysis/gangs/{id}",
    "indicators": "/analysis/indicators/{id}",
    "units": "/org/units/{id}",
    "teams": "/org/teams/{id}",
    "grids": "/org/grids/{id}",
    "leads": "/leads/{id}",
    "block_requests": "/analysis/blocking/{id}",
    "reward_applications": "/rewards/{id}",
    "unit_reports": "/reports/{id}",
    "training_sessions": "/outreach/training/{id}",
}
AUDIT_EXPORT = ("时间", "操作人", "身份", "操作", "对象", "说明", "来源IP")
USER_EXPORT = ("用户名", "姓名", "角色", "单位", "最近登录", "状态")
USER_INACTIVE = "已停用"
LIST_EXPORTS["statement_rows"] = "流水明细"
# The organisation's lists, and the admin lists moved onto the list component.
LIST_EXPORTS.update(
    units="单位",
    grids="网格",
    staff="人员",
    teams="队伍",
    api_keys="接口密钥",
    holidays="节假日安排",
    indicators="涉诈要素",
    exclusions="排除名单",
    transfers="跨区域移交",
    centers="外地反诈中心",
)
UNIT_EXPORT = ("名称", "上级单位", "级别", "代码")
GRID_EXPORT = ("代码", "名称", "单位", "户数")
TEAM_EXPORT = ("名称", "类别", "单位", "人数")
AUDIT_TARGETS["statement_rows"] = "流水明细"
LIST_EXPORTS["questionnaires"] = "问卷"
LIST_EXPORTS["questionnaire_results"] = "问卷结果"
LIST_EXPORTS["survey_codes"] = "调查码"
LIST_EXPORTS["survey_awareness"] = "知晓率"
AUDIT_TARGETS["questionnaires"] = "问卷"
AUDIT_TARGETS["questionnaire_results"] = "问卷结果"
AUDIT_TARGETS["survey_codes"] = "调查码"
AUDIT_TARGETS["survey_awareness"] = "知晓率"
NAV_MORE["questionnaires"] = "问卷"
NAV_MORE["surveys"] = "知晓率调查"
KEY_EXPORT = ("名称", "前缀", "单位", "权限范围", "最近使用", "有效期至", "状态")
KEY_STATES = {"active": "有效", "revoked": "已吊销", "expired": "已过期"}

# Prevention's people (fanzha.outreach events and training).
LIST_EXPORTS.update(outreach_people.LIST_EXPORTS)
OUTREACH_EVENT_EXPORT = ("时间", "类型", "名称", "地点", "单位", "现场人数", "线上观看", "发放资料")
UNTRAINED_EXPORT = ("姓名", "单位")
# A campaign's visits (走访记录), no contacts.
LIST_EXPORTS["outreach_visits"] = "走访记录"
AUDIT_TARGETS["outreach_visits"] = "走访记录"
OUTREACH_VISIT_EXPORT = (
    "走访时间", "网格", "住址", "结果", "组队缺少", "到场人员", "覆盖人数", "五个一", "意见建议",
    "需再访", "再访原因", "照片",
)  # fmt: skip
NAV_MORE.update(outreach_people.NAV)
NAV_MORE["province_gangs"] = "全省跨市团伙"
NAV_MORE["province_mules"] = "全省快进快出"
NAV_MORE["province_recurring"] = "全省两卡复用"
NAV_MORE["province_kpis"] = "全省指标"
NAV_MORE["bigscreen"] = "指挥大屏"
