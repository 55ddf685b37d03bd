"""Text of backups, restores and the health check (`fanzha backup / restore / check`)."""

from __future__ import annotations

ERRORS = {
    "backup_tool_missing": (
        "找不到可用的 {tool}（需要 PostgreSQL {server} 或更新版本的客户端）。"
        "内置数据库自带该工具；外部数据库请安装对应版本的 postgresql-client"
    ),
    "backup_dump_failed": "数据库导出失败（{tool} 退出码 {code}）：{detail}",
    "backup_dir_unusable": "无法在 {path} 写入备份（{reason}），请换一个可写的目录",
    "backup_not_found": "备份目录不存在或不是目录：{path}",
    "backup_manifest_unreadable": "备份不完整：清单文件 manifest.json 缺失或无法读取（{path}）",
    "backup_damaged": "备份已损坏，拒绝恢复：{problems}",
    "restore_database_not_empty": (
        "目标数据库不是空库（已有 {count} 个表或对象，如 {example}），拒绝恢复。"
        "请恢复到新建的空数据库"
    ),
    "restore_files_not_empty": (
        "文件区 {path} 不是空目录（已有 {count} 个文件），拒绝恢复。请清空或换一个文件区目录"
    ),
    "restore_files_unusable": (
        "文件区 {path} 无法写入（{reason}），未做任何恢复。请换一个可写的目录"
    ),
    "restore_failed": "恢复失败，目标数据库未做任何修改（{tool} 退出码 {code}）：{detail}",
    "backup_database_unreachable": "无法连接数据库，未做任何备份或恢复：{reason}",
    "bad_backup_time": "备份时间应为 HH:MM（北京时间），例如 02:30",
}

HELP = {
    "backup": "备份数据库与上传文件到按时间命名的目录（带校验清单）",
    "backup_to": "备份存放目录（默认 FANZHA_BACKUP_DIR）",
    "restore": "校验并恢复一个备份到空数据库和空文件区",
    "restore_path": "备份目录（fanzha backup 生成的目录）",
    "check": "检查系统状态：数据库、迁移、任务队列、备份、磁盘、PDF 字体",
}

SAY = {
    "backup_done": "备份完成：{path}",
    "backup_summary": "  数据库 {tables} 个表共 {rows} 行，文件 {files} 个，合计 {size}",
    "backup_pruned": "  已删除超出保留份数的旧备份：{names}",
    "restore_verified": "校验通过：{count} 个文件的 SHA-256 与清单一致",
    "restore_done": "恢复完成：{path}",
    "restore_table": "  {table}: {rows} 行",
    "restore_files": "  文件区 {path}：{count} 个文件",
    "check_failed": "检查未通过：{count} 项有问题",
    "check_passed": "全部检查通过",
}

# `fanzha check`: one line per check; ok / problem.
CHECK = {
    "ok": "正常",
    "fail": "异常",
    "line": "[{state}] {name}：{detail}",
    "database": "数据库",
    "database_ok": "可连接（PostgreSQL {version}）",
    "database_fail": "无法连接：{error}",
    "migrations": "数据库迁移",
    "migrations_ok": "已是最新版本 {revision}",
    "migrations_fail": "数据库版本 {current}，代码要求 {head}，请运行 fanzha db upgrade",
    "queue": "任务队列",
    "queue_ok": "任务进程在运行（最近心跳 {ago}前）",
    "queue_recent_job": "{ago}前有任务完成",
    "queue_fail": (
        "没有在运行的任务进程（无心跳，{minutes} 分钟内无任务完成），请运行 fanzha worker"
    ),
    "backup": "最近备份",
    "backup_ok": "{at}（{ago}前）",
    "backup_old": "最近一次成功备份在 {at}（{ago}前），已超过 {hours} 小时",
    "backup_never": "从未成功备份",
    "disk": "磁盘空间",
    "disk_ok": "{path} 剩余 {free}（{percent}%）",
    "disk_fail": "{path} 仅剩 {free}（{percent}%），低于 {minimum}%",
    "fonts": "PDF 字体",
    "fonts_ok": "{path}",
    "skipped": "未检查（数据库不可用）",
}

AGO = {"minutes": "{n} 分钟", "hours": "{n} 小时", "days": "{n} 天"}

AUDIT = {
    "backup": "备份到 {name}（{tables} 个表，{files} 个文件）",
    "restore": "从备份 {name} 恢复（{tables} 个表，{files} 个文件）",
}

ADMIN = {
    "backup_alarm": "备份告警：最近一次成功备份在 {at}，已超过 {hours} 小时",
    "backup_never": "备份告警：系统从未成功备份，请检查任务队列（fanzha worker）与备份目录",
}

# What is wrong with a damaged backup, one item each (joined into backup_damaged).
PROBLEMS = {
    "missing": "缺少文件 {path}",
    "changed": "文件 {path} 的校验值与清单不符",
    "unlisted": "清单外多出文件 {path}",
    "bad_entry": "清单条目无法识别",
    "more": "等共 {count} 处",
    "separator": "；",
}
