"""Text of the modules shared by every domain (errors, clock, money, uploads, Excel, web)."""

from __future__ import annotations

# The generic conditions of fanzha.errors; a domain's own conditions are in its module.
ERRORS = {
    "bad_request": "请求有误",
    "invalid_input": "输入有误",
    "not_authenticated": "请先登录",
    "permission_denied": "您的角色无权进行此操作",
    "not_found": "记录不存在或您无权查看",
    "conflict": "操作与当前状态冲突",
    "account_locked": "登录失败次数过多，账号已临时锁定",
}
