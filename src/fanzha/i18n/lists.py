"""Texts of the desk layout (the sidebar's pillars) and of the list component."""

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
    "warnings": "预警看板",
    "cases": "案件",
    "at_risk": "高危潜在受害人",
    "returns": "返还台账",
    "mules": "两卡",
    "deadlines": "止付冻结时限",
    "gang_cases": "团伙案件",
    "blocking": "封停",
    "audit": "审计日志",
    "leads": "线索",
    "users": "账号",
}
LIST_EXPORT_AUDIT = "导出{title} {count} 行（脱敏）"
