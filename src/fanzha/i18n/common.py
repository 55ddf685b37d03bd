"""Text of the modules shared by every domain (errors, clock, money, uploads, Excel, web)."""

from __future__ import annotations

from fanzha.i18n import zh_CN

# The generic conditions of fanzha.errors; a domain's own conditions are in its module.
ERRORS = {
    "bad_request": "请求有误",
    "invalid_input": "输入有误",
    "not_authenticated": "请先登录",
    "permission_denied": "您的角色无权进行此操作",
    "not_found": "记录不存在或您无权查看",
    "conflict": "操作与当前状态冲突",
    "account_locked": "登录失败次数过多，账号已临时锁定",
    # web
    "invalid_api_key": zh_CN.ERRORS["invalid_api_key"],
    "csrf_failed": zh_CN.ERRORS["csrf"],
    # uploads
    "upload_too_large": "文件超出上传限制",
    "file_too_big": zh_CN.UPLOAD["too_large"],
    "too_many_columns": zh_CN.UPLOAD["too_many_columns"],
    "too_many_rows": zh_CN.UPLOAD["too_many_rows"],
    "header_too_long": zh_CN.UPLOAD["header_too_long"],
    "field_too_long": zh_CN.UPLOAD["field_too_long"],
}

# Joins the items of a list written in a sentence or a cell.
LIST_SEPARATOR = "、"

# The error answers of the HTTP API, as its OpenAPI document describes them.
API_ERRORS = {
    401: "未登录或接口密钥无效",
    403: "无权进行此操作，或页面已过期（CSRF）",
    404: "记录不存在或不在您的范围内",
    409: "与当前状态或已有记录冲突",
    422: "输入有误，errors 列出每个字段的原因",
    429: "尝试过于频繁",
    503: "数据库繁忙，请稍后重试",
}
API_REDIRECTS = {
    204: "htmx：跳转（HX-Redirect）",
    303: "跳转（提交成功后，或未登录时去登录页）",
}

# A uniqueness rule the database enforced (two requests raced past the service's check).
DATABASE = {"duplicate_record": "与已有记录冲突，请刷新后重试"}
