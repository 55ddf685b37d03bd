"""Text of the desk: the global search, 我的待办, record histories and confirmations."""

from __future__ import annotations

LIST_SEPARATOR = "、"

SEARCH_KINDS = {"warnings": "预警", "cases": "案件", "holds": "止付冻结"}
QUERY_KINDS = {
    "phone": "电话",
    "id_number": "身份证号",
    "account": "银行账户",
    "chat": "聊天账号",
    "name": "姓名",
    "initials": "姓名拼音首字母",
}
SEARCH = {
    "warning_title": "预警 #{id} {name}",
    "warning_detail": "{phone} · 接收于 {at}",
    "case_title": "{case_no} {name}",
    "case_detail": "报案于 {at}",
    "stop_payment_title": "止付 {account}",
    "freeze_title": "冻结 {account}",
    "hold_detail": "案件 {case_no}",
}
AUDIT = {"search_personal": "全局搜索（按{kinds}），命中 {count} 条"}

CLOCKS = {
    "sign": "签收",
    "route": "分派",
    "contact": "首次联系",
    "face": "见面劝阻",
    "result": "处置反馈",
    "past": "已过{label}时限",
}

MYWORK_KINDS = {
    "warning": "预警",
    "visit": "上门",
    "stop": "止付",
    "freeze": "冻结",
    "lead": "线索",
}
MYWORK = {
    "warning": "预警 #{id}",
    "visit": "上门任务 · 预警 #{id}",
    "stop": "{case_no} 止付到期",
    "freeze": "{case_no} 冻结到期",
    "lead": "{no} {title}",
}

# A case's history names the hold a step was about (fanzha.audit.history).
HISTORY_TARGETS = {"stop_payments": "止付", "freezes": "冻结"}

# Confirmation held by the server (fanzha.web.confirm): what each step does, and its refusals.
CONFIRM_ACTIONS = {
    "stop_renew": "续止付",
    "freeze_renew": "续冻",
    "key_revoke": "吊销接口密钥",
    "gang_merge": "合并团伙",
    "stop_freeze": "转冻结",
    "unfreeze": "解冻",
    "gang_split": "排除",
    "case_close": "结案",
    "case_void": "作废",
}
ERRORS = {
    "confirmation_missing": "{action}不能撤销，请先阅读后果说明，再点“确认{action}”提交",
    "confirmation_stale": "记录在您确认后已有变化（或已{action}），请刷新页面，核对后重新确认",
}
