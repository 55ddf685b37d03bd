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
    # state machines (fanzha.kernel.states)
    "illegal_transition": zh_CN.ILLEGAL_MOVE,
    "illegal_named_move": zh_CN.ILLEGAL_NAMED_MOVE,
    "reason_required": zh_CN.MOVE_REASON_REQUIRED,
    # web
    "form_invalid": "{problems}",
    "invalid_api_key": zh_CN.ERRORS["invalid_api_key"],
    "csrf_failed": zh_CN.ERRORS["csrf"],
    "database_silent": "数据库暂无响应，请稍后重试",
    # Excel imports
    "not_xlsx": zh_CN.IMPORT["not_xlsx"],
    "no_sheet": zh_CN.IMPORT["no_sheet"],
    "bad_header": zh_CN.IMPORT["bad_header"],
    "too_many_rows_to_import": zh_CN.IMPORT["too_many"],
    "import_failed": zh_CN.IMPORT["rows_failed"],
    # uploads
    "upload_too_large": "文件超出上传限制",
    "file_too_big": zh_CN.UPLOAD["too_large"],
    "body_too_big": zh_CN.UPLOAD["body_too_large"],
    "too_many_columns": zh_CN.UPLOAD["too_many_columns"],
    "too_many_rows": zh_CN.UPLOAD["too_many_rows"],
    "header_too_long": zh_CN.UPLOAD["header_too_long"],
    "field_too_long": zh_CN.UPLOAD["field_too_long"],
}

# The links of the staff error page back to where its user came from (fanzha.web.errors).
BACK = {"record": "返回刚才的记录", "list": "返回{label}列表"}

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

# Why a value is not an identifier of its kind (shown beside the field or the row).
IDENTIFIERS = {
    "phone_empty": "电话号码不能为空",
    "phone_not_digits": "电话号码只能包含数字：{raw}",
    "phone_invalid": "电话号码无效（位数或号段不对）：{raw}",
    "phone_unreadable": "无法识别的电话号码：{raw}",
    "mobile_wanted": "请填写手机号码：{raw}",
    "service_number": "这是服务号码，不是个人电话号码：{raw}",
    "id_empty": "身份证号不能为空",
    "id_length": "身份证号应为18位（最后一位可为X）：{raw}",
    "id_checksum": "身份证号校验位不正确：{raw}",
    "id_note_birth_invalid": "提示：身份证号中的出生日期{digits}不是有效日期，请核对证件",
    "id_note_born_later": "提示：身份证号中的出生日期{day}晚于今天，请核对证件",
    "id_note_region_unknown": "提示：身份证号的地区码不在行政区划代码表中，请核对证件",
    "id_note_region_later": (
        "提示：地区码对应的{county}设立于{year}年，晚于出生年份"
        "（1984年前出生者常持新地区码证件），请核对"
    ),
    "id_note_region_retired": "提示：地区码对应的{county}已于{year}年撤销，请核对证件",
    "account_empty": "银行账号不能为空",
    "account_not_digits": "银行账号只能包含数字：{raw}",
    "account_length": "银行账号应为8至30位数字，现为{length}位：{raw}",
    "domain_empty": "域名不能为空",
    "domain_format": "域名格式不正确：{raw}",
    "domain_too_long": "域名过长（最多253个字符）：{raw}",
    "domain_is_ip": "这是IP地址而不是域名：{raw}",
    "name_length": "姓名应为2至30个字",
}

# Why a counterparty as written is a description, not an account (fanzha.counterparty).
COUNTERPARTY = {
    "empty": "未填写",
    "placeholder": "占位符（表示没有交易对方账号）",
    "masked": "打码的账号（平台隐去了部分字符），不能作为账号",
    "card_tail": "只写了银行和卡号尾号，不是完整账号",
    "bank_name": "银行或平台名称，不是账号",
    "too_short": "位数太少，不是完整账号",
    "text": "文字描述，不是账号",
    "not_identifier": "“{raw}”不能作为串并要素：{reason}",
}

# Times and dates outside the years the platform accepts.
PLAUSIBLE = {
    "time": "时间超出范围：应在{first}年至{last}年之间",
    "date": "日期超出范围：应在{first}年至{last}年之间",
}

# Excel: the words of a 是/否 column, and the template's help.
YES_WORD = "是"
NO_WORD = "否"
EXCEL = {
    "whole_row": "整行",
    "choose_from_list": "请从下拉列表中选择",
    "help_sheet": "填写说明",
    "help_first_line": "红色表头为必填列。请勿修改表头，从第2行开始填写，每行一条。",
    "column_note": "{header}：{note}",
}

# Times and amounts an officer typed that cannot be read.
DATETIME = {
    "empty": "请填写时间",
    "unreadable": "无法识别的时间：{raw}，请写作 2026-11-23 14:05",
    "impossible": "不存在的日期或时间：{raw}",
}
MONEY = {"unreadable": "无法识别的金额：{raw}", "sub_fen": "金额最多精确到分：{raw}"}

# Deadlines and the countdowns of the clocks.
DEADLINES = {
    "assumed_weekdays": "{years}年节假日安排未收录，按周一至周五计算",
    "days_hours": "{days}天{hours}小时",
    "days": "{days}天",
    "hours_minutes": "{hours}小时{minutes:02d}分",
    "minutes": "{minutes}分钟",
    "overdue": "已超时 {span}",
    "left": "剩余 {span}",
}

# How the clocks display module (fanzha.clocks) words elapsed time and due times.
CLOCKS = {"elapsed": "已过 {span}", "due": "至 {due}"}
