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
    "bad_purge_cron": (
        "清理时间 FANZHA_RETENTION_PURGE_CRON 应为 5 段 cron 表达式（UTC），"
        "例如 30 19 * * *（当前设置 {cron}）"
    ),
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

# The operator's command line (fanzha.admin_cli).
CLI_HELP = {
    "export_page": "以某个账号的视角导出页面上任一列表（与页面“导出 Excel”相同的筛选、脱敏、留痕）",
    "page_url": "页面地址（从浏览器复制），如 /warnings?grade=high",
    "as_user": "以哪个账号的视角导出（其管辖范围与权限）",
    "keys": "接口密钥 API keys",
    "units": "单位的网格与人员 units (grids, staff)",
    "gazetteer": "地址库 gazetteer",
    "users_create": "新建账号",
    "users_disable": "停用账号（并结束其登录会话）",
    "users_reset_password": "重置密码（同时解除锁定、结束登录会话）",
    "users_unlock": "解除登录失败锁定",
    "users_list": "列出账号",
    "keys_create": "新建接口密钥（明文只显示这一次）",
    "keys_revoke": "吊销接口密钥",
    "keys_list": "列出接口密钥",
    "units_import": "从 Excel 导入网格或人员（模板与页面导入相同）",
    "gazetteer_import": "从 Excel 导入地址库",
    "export": "导出页面上可导出的列表：staff（人员名册）、feedback（预警反馈）、"
    "returns（资金返还台账）、mules（两卡人员）",
    "purge": "按保留期清理个人信息（保全中和仍需使用的记录不动）",
    "username": "登录用户名",
    "display_name": "显示名称",
    "role": (
        "角色：duty_officer、analyst、station_officer、dissuader、reward_reviewer、leader、admin"
    ),
    "unit": "单位代码或编号",
    "password_stdin": "从标准输入读取密码（供脚本使用）",
    "key_name": "密钥名称（如 省级反诈平台）",
    "scope": "授权范围，可多次指定：org.read、warnings.intake、warnings.read、warnings.feedback",
    "expires": "到期时间（北京时间，如 2027-06-30 23:59）；不填则吊销前一直有效",
    "key_id": "密钥编号（见 fanzha keys list）",
    "file": "Excel 文件路径（.xlsx）",
    "kind": "导入类型：grids（网格）或 staff（人员）",
    "export_kind": "列表：staff、feedback、returns、mules",
    "out": "写入的文件路径（默认当前目录下的标准文件名）",
    "reason": "导出完整个人信息的理由；不填则导出脱敏版本",
    "since": "起始日期（feedback 用，默认今天）",
    "until": "截止日期（feedback 用，默认同起始日期）",
    "dry_run": "只统计将清理的数量，不删除",
}

CLI_SAY = {
    "page_refused": "该页面不能导出（{status}）：请确认地址正确、{username} 有权查看",
    "page_not_list": "该页面没有“导出 Excel”：{url}",
    "page_url": "请给出本系统页面的地址，如 /warnings?grade=high",
    "page_user_unknown": "没有这个账号，或账号已停用：{username}",
    "page_export_audit": "命令行以 {username} 的身份请求导出 {path}（导出成功另有页面记录）",
    "user_created": "已创建账号 {username}（{role}，{unit}）",
    "user_disabled": "已停用账号 {username}",
    "password_reset": "已重置 {username} 的密码",
    "user_unlocked": "已解除 {username} 的锁定",
    "user_row": "{username:<16} {role:<8} {active:<4} {unit}",
    "active": "启用",
    "inactive": "停用",
    "locked": "（锁定至 {until}）",
    "user_missing": "没有这个账号：{username}",
    "unit_missing": "没有这个单位：{unit}",
    "role_unknown": "没有这个角色：{role}（可用：{roles}）",
    "key_created": "已创建接口密钥 #{id} {name}，明文如下（只显示这一次，请妥善保存）：",
    "key_revoked": "已吊销接口密钥 #{id} {name}",
    "key_missing": "没有这个接口密钥：#{id}",
    "key_row": "#{id:<4} {prefix:<10} {name} · {unit} · {scopes} · {state}",
    "key_live": "有效",
    "key_revoked_state": "已吊销",
    "key_expired": "已过期",
    "expires_unreadable": "无法识别的到期时间：{raw}",
    "file_missing": "找不到文件：{path}",
    "kind_unknown": "没有这种类型：{kind}（可用：{kinds}）",
    "row_error": "  第 {row} 行 {column}：{message}",
    "import_refused": "共 {count} 行未导入，见上",
    "exported": "已导出到 {path}",
    "write_failed": "无法写入 {path}（{reason}），未导出。请换一个可写的文件路径",
    "purge_done": "清理完成：{counts}",
    "purge_dry": "预演（未删除）：{counts}",
    "nothing": "无",
    "date_unreadable": "无法识别的日期：{raw}",
    "passwords_differ": "两次输入的密码不一致",
    "password": "密码",
}
