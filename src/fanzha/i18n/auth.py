"""Text of accounts, passwords, sign-in, API keys and the audit log (auth and audit)."""

from __future__ import annotations

from fanzha.i18n import zh_CN

ERRORS = {
    # auth
    "username_taken": "用户名已被使用",
    "admin_username_taken": "用户名 {username} 已存在，未做任何修改",
    "invalid_admin_account": "{problems}",
    "admin_unit_not_found": "单位不存在：{unit}",
    "weak_password": "{problem}",
    "admin_role_reserved": "只有系统管理员可以创建管理员账号",
    "own_account_locked_in": "不能停用自己的账号或修改自己的角色",
    # audit
    "export_reason_missing": zh_CN.EXPORT_REASON["missing"],
    "export_reason_too_long": zh_CN.EXPORT_REASON["too_long"],
}

# Who did it, when no signed-in user did.
ACTORS = {
    "system": "系统",
    "command_line": "命令行",
    "api_key": "接口:{name}",
}

# Summaries of audit entries (shown in the audit log).
AUDIT = {
    "top_unit_created": "新建顶级单位 {name}",
    "unknown_username": "用户名不存在",
    "account_disabled": "账号已停用",
    "wrong_password": "密码错误（第{failures}次）",
    "locked_after_failures": "连续{failures}次密码错误，锁定",
    "login_while_locked": "账号锁定期间尝试登录",
    "api_key_created": "{name}（{prefix}…）",
    "user_created": "{username}（{role}）",
}

TOP_UNIT_NAME = "{city}公安局"

API_KEY_FORM = {
    "expiry_in_past": "有效期应晚于当前时间",
    "unknown_scopes": "不支持的权限范围：{scopes}",
    "no_scope": "至少选择一项权限范围",
}

SAVED = "已保存"
