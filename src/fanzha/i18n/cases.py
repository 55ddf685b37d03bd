"""Text of cases: intake, transfers, stop-payments, freezes, returns and their letters."""

from __future__ import annotations

_LETTER_FONT_MISSING = (
    "服务器未安装中文字体，无法生成 PDF 文书（可下载 Excel）。"
    "请安装 fonts-noto-cjk，或用 FANZHA_PDF_FONT 指定字体文件"
)

ERRORS = {
    "arrest_date_out_of_range": "抓获日期应在报案日（{first}）至今天（{last}）之间",
    "arrest_case_not_registered": "案件{status}，不能登记抓获嫌疑人",
    "case_finished_no_holds": "案件{status}，不能再止付或冻结",
    "case_without_accounts": "案件尚未录入收款账户，无法止付",
    "reason_for_open_holds": "{holds}，{doing}须填写说明",
    "nothing_to_stop": "没有需要止付的账户",
    "all_accounts_stopped": "没有可止付的账户：{count} 个收款账户均已止付，见下方止付记录",
    "stop_payment_expired": "账户 {account} 的止付已于 {expired} 到期失效，不能{doing}",
    "stop_payment_not_live": "账户 {account} 止付{status}，不能续止付",
    "stop_payment_limit": (
        "账户 {account}：该账户已在 {cases} 中止付 {count} 次，依法不能再次止付，请转冻结"
    ),
    "freeze_over_held": "冻结金额不能超过银行止付的 {held} 元",
    "stop_payment_unanswered": "账户 {account} 银行尚未反馈止付金额，请先录入银行反馈",
    "stop_payment_empty": "账户 {account} 银行反馈无款可止，没有可冻结的款项",
    "freeze_not_live": "冻结{status}，不能续冻",
    "freeze_expired": "冻结已于 {expired} 到期失效，不能续冻",
    "freeze_alarm_not_lapsed": "只有已失效的冻结才有告警需要处置",
    "freeze_alarm_handled": "该告警已处置",
    "no_live_stop_payment": "该案件没有仍在止付期内的账户，无需出具止付文书",
    "freeze_not_active": "只有冻结中的款项可以返还",
    "return_over_unallocated": "返还金额超过该冻结账户尚未分配的 {left} 元",
    "pool_cases_not_found": "找不到或无权操作这些已受理案件：{case_nos}",
    "pool_case_without_loss": "参与按比例返还的案件须已录入损失金额",
    "notice_period_running": "公告期至 {ends} 届满，届满前不能下达返还",
    "victim_export_denied": "您的角色无权导出受害人完整信息",
    "case_finished_no_transfers": "案件{status}，不能再添加转账记录",
    "victim_unmask_denied": "您的角色无权查看受害人完整信息",
    "no_stop_payment_yet": "该案件尚未止付，没有可出具的止付文书",
    "letter_font_missing": _LETTER_FONT_MISSING,
}

# What an expired stop-payment can no longer be used for.
DOING = {"renew": "续止付", "freeze": "转冻结"}

# Summaries of audit entries (shown in the audit log).
AUDIT = {
    "arrest_entered": "{case_no} 登记抓获嫌疑人 {suspects} 人（{day}）",
    "hold_joined": "{case_no} 加入 {owner} 对账户 {account} 的{kind}，不再另行止付",
    "stopped": "{case_no} 一键止付 {count} 个账户",
    "stopped_assists": "，其中 {count} 个异地账户已发协查",
    "stop_answered": "账户 {account} 银行反馈止付 {held} 元",
    "stop_renewed": "账户 {account} 续止付至 {until}",
    "assist_sent": "账户 {account} 向{city}反诈中心发出协查请求",
    "frozen": "{case_no} 账户 {account} 冻结 {held} 元，期限{term}，至 {until}",
    "freeze_renewed": "账户 {account} 续冻至 {until}",
    "freeze_alarm_handled": "账户 {account} 冻结失效告警已处置：{note}",
    "freeze_reminded": "账户 {account} 冻结将于 {until} 到期（{within}内），请及时续冻",
    "stop_letter": "{case_no} 出具紧急止付文书（{count} 个账户）",
    "return_traceable": "账户 {account} 可溯源返还 {amount} 元",
    "return_pooled": "账户 {account} {amount} 元按 {count} 名受害人损失比例返还，公告至 {until}",
    "register_exported": "导出资金返还台账（含受害人完整信息）{count} 条",
    "drafted": "由预警 #{warning_id} 生成",
    "transfers_added": "{case_no} 添加转账 {count} 笔，损失合计 {loss} 元",
    "warned_before": "{case_no} 的受害人此前收到预警 {count} 条（预后被骗）",
    "victim_viewed": "查看案件 {case_no} 受害人完整信息及转账账号",
    "deadline_accounts_viewed": "止付冻结时限（{section}）显示完整账号 {count} 条",
}

# The labels and notes of the money sections' rows.
LABELS = {
    "assist": "{city} 协查 {account}",
    "stop_held": "止付 {held} 元",
    "return": "返还 {amount} 元",
}
FREEZE_TERMS = {"major": "一年（市局审批 {approval_no}）", "ordinary": "六个月"}
FREEZE_FORM = {"approval_missing": "重大案件冻结一年须录入市局审批文号和审批人"}
REMINDER_WINDOWS = {"day": "1天", "week": "7天"}
MOVE_NOTES = {"freeze_lapsed": "到期未续冻", "notice_over": "公告期满"}
# Who moves what the clocks move.
TIMER = "计时器"
# The names of the state machines' records, in their refusals.
SUBJECTS = {
    "case": "案件",
    "stop_payment": "止付",
    "assist": "协查",
    "freeze": "冻结",
    "return": "返还",
}
STOP_NOTES = {"joined": "{count} 个账户已由其他案件止付或冻结，本案已加入共用，未另行止付"}
HOLD_KINDS = {"stop": "止付", "freeze": "冻结"}
CAVEAT = "（{caveat}）"
DUE_CHANGED = "因节假日安排更新，到期时间由 {before} 改为 {after}"
DRAFT_STORY = "预警 {external_id} 反馈已被骗。{note}"
# The named move that brings back a draft voided by an earlier 更正反馈.
DRAFT_RESTORED = "恢复草稿"
CORRECTION_DRAFT_RESTORED = "预警更正反馈为“已被骗”，恢复草稿：{reason}"
ENTRY_VERDICTS = {True: "按时", False: "超时"}
ENTRY_DONE = "已于 {at} 录入（用时 {minutes} 分钟，{verdict}）"

RETURN_REGISTER = "资金返还台账"
RETURN_REGISTER_COLUMNS = (
    "案件编号",
    "受理单位",
    "受害人",
    "身份证号",
    "联系电话",
    "损失（元）",
    "返还方式",
    "返还金额（元）",
    "来源账户",
    "状态",
    "登记时间",
    "下达时间",
    "银行办理期限",
    "返还时间",
    "备注",
)

# The 紧急止付通知书 (a PDF per bank) and its Excel list.
LETTER = {
    "font_missing": _LETTER_FONT_MISSING,
    "no_bank": "（未填开户行）",
    "pdf_title": "紧急止付通知书 {case_no}",
    "title": "紧急止付通知书",
    "addressee": "{bank}：",
    "body": (
        "    我单位正在办理 {case_no} 号电信网络诈骗案件（{fraud_type}）。"
        "根据《中华人民共和国反电信网络诈骗法》及电信网络新型违法犯罪案件冻结资金返还的有关"
        "规定，请对下列账户立即采取紧急止付措施，止付期限四十八小时，自 "
        "{first} 起至 {last} 止，"
        "并将止付结果及账户余额即时反馈我单位。"
    ),
    "home_city": "本市",
    "renewed": "（续止付）",
    "date_format": "%Y年%m月%d日",
    "officer": "经办人：{officer}",
    "sheet": "紧急止付账户",
}
LETTER_TABLE = ("序号", "账号", "户名", "开户地", "涉案转入（元）", "止付截止")
LETTER_EXCEL_COLUMNS = (
    "序号",
    "案件编号",
    "收款账号",
    "户名",
    "开户行",
    "开户地",
    "涉案转入金额（元）",
    "止付起始",
    "止付截止",
    "止付次数",
)

# Transfers pasted from a bank app or a spreadsheet: the columns, the words a header line or a
# channel may be written in, and why a line cannot be read.
PASTE_COLUMNS = ("时间", "金额（元）", "付款账户", "收款账户", "收款户名", "收款银行", "渠道")
PASTE_HEADER_WORDS = ("时间", "交易时间", "转账时间")
PASTE_CHANNEL_WORDS = {
    "转账": "bank_transfer",
    "银行卡": "bank_transfer",
    "手机银行": "mobile_banking",
    "网上银行": "online_banking",
    "微信支付": "wechat",
    "支付宝转账": "alipay",
}
PASTE_PROBLEMS = {
    "too_few_columns": "至少需要时间、金额、付款账户、收款账户四列",
    "channel": "渠道应为：{choices}",
}

FILES = {
    "stop_letter": "{case_no}-紧急止付账户.xlsx",
    "stop_letter_pdf": "{case_no}-紧急止付函.pdf",
    "returns": "资金返还台账-{day}.xlsx",
    "returns_full": "资金返还台账（完整）-{day}.xlsx",
}
FORM = {
    "unit_missing": "请选择受理单位",
    "action_missing": "请选择要进行的操作",
    "fraud_type_missing": "请选择诈骗类型",
}

# The case list's "导出 Excel" (masked).
LIST_EXPORT = (
    "案件编号",
    "报案时间",
    "受害人",
    "电话",
    "诈骗类型",
    "损失（元）",
    "状态",
    "受理单位",
)

# The money board's "导出 Excel": one shape for every tab.
DEADLINE_EXPORT = ("案件编号", "账户", "金额（元）", "期限", "说明")
# An unanswered 协查 past its answer's due time, on the money board and in its export.
ASSIST_LATE = "逾期未反馈"
# The money board's tabs.
DEADLINE_SECTIONS = {
    "lapsed": "冻结失效告警",
    "stops": "12 小时内到期的止付",
    "freezes_due": "7 天内到期的冻结",
    "unfreezing": "待银行解冻（3 日内）",
    "returns": "待银行返还（3 个工作日）",
    "assists": "待回复的异地协查",
}

# What 结案 / 作废 would leave behind, named on the confirmation and in the refusal.
OPEN_HOLDS = {
    "lead": "仍有 ",
    "sep": "，",
    "awaiting": "{n} 个止付待银行反馈",
    "held": "{n} 个止付已止付未转冻结",
    "frozen": "{n} 个冻结生效中",
}
FINISHING = {"closed": "结案", "voided": "作废"}

# 抓获嫌疑人 on the case page.
ARRESTS = {
    "title": "抓获嫌疑人",
    "arrested_on": "抓获日期",
    "suspects": "人数",
    "note": "说明",
    "entered_by": "登记人",
    "submit": "登记抓获",
    "none": "尚未登记抓获嫌疑人",
    "total": "合计 {count} 人",
}
