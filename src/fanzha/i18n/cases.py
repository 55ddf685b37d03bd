"""Text of cases: intake, transfers, stop-payments, freezes, returns and their letters."""

from __future__ import annotations

ERRORS = {
    "case_finished_no_holds": "案件{status}，不能再止付或冻结",
    "case_without_accounts": "案件尚未录入收款账户，无法止付",
    "nothing_to_stop": "没有需要止付的账户",
    "stop_payment_expired": "账户 {account} 的止付已于 {expired} 到期失效，不能{doing}",
    "stop_payment_not_live": "账户 {account} 止付{status}，不能续止付",
    "stop_payment_limit": (
        "账户 {account} 已止付两次（首次止付及一次续止付），依法不能再次止付，请尽快办理冻结"
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
}

# What an expired stop-payment can no longer be used for.
DOING = {"renew": "续止付", "freeze": "转冻结"}
