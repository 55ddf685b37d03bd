"""Text of warnings (预警): intake, the dissuasion ladder, feedback and the boards."""

from __future__ import annotations

from fanzha.i18n import zh_CN

ERRORS = {
    "already_claimed": "该任务已被他人认领",
    "warning_finished_no_attempts": "该预警已反馈或为重复预警，不能再记录劝阻",
    "warning_finished_no_routing": "该预警已反馈或为重复预警，不能再分派",
    "warning_already_closed": "该预警已反馈，不能再次反馈；如需修改反馈结果，请使用“更正反馈”",
    "warning_not_routed": "该预警尚未分派到辖区，请先人工分派再转上门",
    "protected_only_when_dissuaded": zh_CN.PROTECTED_ONLY_WHEN_DISSUADED,
    "correction_changes_nothing": zh_CN.CORRECTION_CHANGES_NOTHING,
    "warning_grid_out_of_scope": "所选网格不存在或不在您的管辖范围",
    "warning_person_unmask_denied": "您的角色无权查看预警对象完整信息",
    "warning_finished_no_transfer": "该预警已反馈或为重复预警，不能再移交",
    "transfer_already_live": "该预警已移交外地，尚待对方反馈，不能重复移交",
    "transfer_not_outgoing": "这是外地移交给本中心的预警，请在预警上直接反馈结果",
    "transfer_letter_font_missing": (
        "服务器未安装中文字体，无法生成 PDF 移交函（可下载 Excel）。"
        "请安装 fonts-noto-cjk，或用 FANZHA_PDF_FONT 指定字体文件"
    ),
    "transfer_outcome_invalid": "请选择对方反馈的结果：已劝阻、已被骗、查无此人或不符",
}

SUBJECT = "预警"
# The named move that corrects a closed warning's outcome.
CORRECTION = "更正反馈"
TIMER = "计时器"

# Summaries of audit entries (shown in the audit log and the warning's history).
AUDIT = {
    "attempt": "{kind}：{result}",
    "to_door_visit": "联系不上，转上门",
    "task_claimed": "认领上门任务",
    "outcome": "反馈：{outcome}",
    "corrected": "{move}：{was} → {now}（{reason}）",
    "routed": "分派至{unit} {grid}",
    "received": "接收预警 {created} 条，其中重复预警 {duplicates} 条",
    "person_viewed": "查看预警对象完整信息",
}

FORM = {
    "unreachable": "预警对象至少需要手机号、身份证号或地址之一",
    "protected_out_of_range": "挽回金额超出范围",
}
API_DOCS = {
    "batch_items": "预警，每项格式同单条接收；逐项校验，不合格的项按序号报告，其余照常接收",
}

# The warnings sheet (import template): headers, notes, footnotes.
SHEET_NAME = "预警"
SHEET = {
    "source": "预警来源",
    "external_id": "预警编号",
    "issued_at": "下发时间",
    "person_name": "姓名",
    "person_phone": "手机号",
    "person_id_number": "身份证号",
    "address": "住址",
    "fraud_type": "诈骗类型",
    "fraudster_phone": "涉诈电话",
    "fraudster_account": "涉诈账户",
    "fraud_app": "涉诈APP",
    "fraud_url": "涉诈网址",
    "amount_yuan": "涉及金额（元）",
    "money_moving": "资金正在转出",
    "on_call": "正在与诈骗分子通话",
    "note": "备注",
    "transferred_from": "移交来源中心",
}
SHEET_NOTES = {
    "external_id": "上级平台的指令编号",
    "issued_at": "如 2026-11-23 14:05",
    "person_phone": "手机号、身份证号、住址至少填一项",
    "address": "用于分派到派出所和网格",
    "amount_yuan": "如 5000 或 1.2万",
    "transferred_from": "外地反诈中心移交给本中心的预警填写对方中心名称，须按期反馈",
}
SHEET_FOOTNOTES = (
    "每行一条预警；预警来源与预警编号相同的行视为同一条，重复导入不会重复入库。",
    "下发时间可写作 2026-11-23 14:05、2026/11/23 14:05 或 2026年11月23日 14时05分。",
)
YES_OR_NO = "请填写“是”或“否”"

# The day's feedback sheet for the platforms.
FEEDBACK_SHEET = "预警反馈"
FEEDBACK_COLUMNS = (
    "来源",
    "预警编号",
    "等级",
    "反馈结果",
    "挽回金额（元）",
    "反馈时间",
    "处置单位",
    "说明",
)

FILES = {"template": "预警导入模板.xlsx", "feedback": "预警反馈_{first:%Y%m%d}-{last:%Y%m%d}.xlsx"}
GRID_MISSING = "请选择网格"

# 外地对象 and 跨区域移交 (warnings.transfers).
TRANSFER_SUBJECT = "跨区域移交"
TRANSFER_STATUSES = {
    "sent": "已移交",
    "received": "已接收",
    "answered": "已反馈",
    "withdrawn": "已撤回",
}
TRANSFER_DIRECTIONS = {"outgoing": "移出", "incoming": "移入"}
TRANSFER_EXPORT = ("预警", "对方中心", "状态", "移交/接收时间", "反馈期限", "反馈时间", "逾期")
TRANSFER_LATE = {False: "逾期未反馈", True: "反馈逾期"}
OUT_OF_AREA = {
    "address": "住址在{place}",
    "phone": "手机号归属地{region}",
    "marked": "标记外地对象：{note}",
}
TRANSFER_AUDIT = {
    "sent": "移交至{center}：{reason}",
    "incoming": "接收{center}移交的预警",
    "answered": "{center}反馈：{outcome}",
    "letter": "生成跨区域移交函 {number}",
}
# The note a warning closed by the other center's answer carries.
TRANSFER_CLOSED_NOTE = "{center}反馈：{note}"
TRANSFER_LETTER = {
    "title": "跨区域预警移交函",
    "pdf_title": "跨区域预警移交函 {number}",
    "number": "YJ{warning_id:08d}-{transfer_id:04d}",
    "addressee": "{center}：",
    "body": (
        "    我中心于 {received} 接收{source}预警一条（{fraud_type}，{grade}），预警对象经核实"
        "现在贵地。为及时劝阻，现将该预警移交贵中心，请立即开展劝阻并于 {due} 前将劝阻结果"
        "（已劝阻、已被骗、查无此人等）反馈我中心。"
    ),
    "reason": "移交原因：{reason}",
    "tried": "我方已开展工作：{tried}",
    "contact": "联系方式：{phone}",
    "sheet": "跨区域移交",
}
TRANSFER_TABLE = ("预警编号", "姓名", "手机号", "身份证号", "住址", "涉诈要素")
TRANSFER_EXCEL_COLUMNS = (
    "函号",
    "预警来源",
    "预警编号",
    "预警等级",
    "诈骗类型",
    "姓名",
    "手机号",
    "身份证号",
    "住址",
    "涉诈电话",
    "涉诈账户",
    "涉诈金额（元）",
    "移交原因",
    "已开展工作",
    "移交时间",
    "反馈期限",
)
TRANSFER_FILES = {"pdf": "跨区域移交函_{number}.pdf", "xlsx": "跨区域移交函_{number}.xlsx"}
# The board's "导出 Excel" (masked).
BOARD_EXPORT = (
    "预警编号",
    "等级",
    "姓名",
    "电话",
    "诈骗类型",
    "涉案金额（元）",
    "状态",
    "接收时间",
    "下一时限",
    "辖区",
)

# The dissuader's phone page: its tabs, and what each says when it is empty.
FIELD_TABS = {"mine": "我的任务", "open": "可认领", "done": "已完成"}
FIELD_EMPTY = {
    "mine": "暂无已认领的上门任务，可在“可认领”中认领",
    "open": "辖区内没有待认领的上门任务",
    "done": "近 30 天没有已完成的上门任务",
}
