"""Text of the data lifecycle: retention, legal holds, the data subject report, the operator's
command line (its help and what it prints)."""

from __future__ import annotations

ERRORS = {
    "hold_reason_missing": "请填写保全理由",
    "hold_reason_too_long": "理由不能超过 {max} 个字",
    "hold_exists": "该记录已在保全中",
    "hold_missing": "该记录没有生效的保全",
    "retention_too_short": "{kind}的保留期不能少于 {minimum} 天（当前设置 {days} 天）",
    "subject_query_invalid": "请输入有效的身份证号或手机号",
}

# The kinds of personal data the purge handles, as the audit entry and the CLI name them.
KINDS = {
    "warnings": "已办结预警的当事人信息",
    "contact_notes": "劝阻记录备注",
    "at_risk": "已处置高危潜在受害人信息",
    "statement_imports": "已结案件的资金流水文件",
    "statement_rows": "已结案件的资金流水明细",
    "account_holders": "已结案件的开户人信息",
    "sessions": "过期登录会话",
    "login_audit": "登录记录（审计日志）",
    "audit": "审计日志",
}

HOLD_TARGETS = {"warning": "预警", "case": "案件"}

COUNT_SEPARATOR = "；"
PURGE_SUMMARY = "数据保留期清理：{counts}"
PURGE_DRY_SUMMARY = "数据保留期清理（预演，未删除）：{counts}"
HOLD_SET = "{target}保全：{reason}"
HOLD_RELEASED = "{target}解除保全：{reason}"
SUBJECT_EXPORTED = "导出当事人数据报告（{count} 条）"

PAGE = {
    "hold": "保全",
    "held_since": "保全中（{at} 由 {by} 设置）：{reason}",
    "hold_reason": "保全理由",
    "hold_set": "设置保全",
    "hold_release": "解除保全",
    "release_reason": "解除理由",
    "hold_hint": "保全期间，该记录的个人信息不会被保留期清理删除。",
    "subject_title": "当事人数据报告",
    "subject_hint": (
        "输入身份证号或手机号，导出平台上与其有关的全部记录（预警、案件、高危潜在受害人、"
        "资金流水、开户人、上门任务、线索）。导出会记入审计日志。"
    ),
    "subject_query": "身份证号或手机号",
    "reason": "导出理由",
    "export": "导出 Excel",
}

# The data subject report's sheets: (key, title, headers).
SUBJECT_SHEETS = {
    "warnings": (
        "预警",
        ["预警编号", "来源", "姓名", "手机号", "身份证号", "地址", "状态", "反馈结果", "接收时间"],
    ),
    "cases": (
        "案件",
        ["案件编号", "受害人", "手机号", "身份证号", "地址", "状态", "损失（元）", "报案时间"],
    ),
    "at_risk": (
        "高危潜在受害人",
        ["编号", "姓名", "手机号", "身份证号", "账号", "地址", "状态", "发现时间"],
    ),
    "holders": ("开户人", ["账号", "姓名", "身份证号", "手机号", "流水文件"]),
    "statement_rows": (
        "资金流水",
        ["流水文件", "行号", "账号", "户名", "时间", "金额（元）", "方向", "对方账号", "对方户名"],
    ),
    "door_visits": ("上门任务", ["任务编号", "预警编号", "状态", "创建时间", "完成时间"]),
    "leads": ("线索", ["线索编号", "标题", "状态", "下发时间"]),
    "holds": ("保全", ["对象", "编号", "理由", "设置时间", "解除时间"]),
}

SUBJECT_FILE = "当事人数据报告.xlsx"
