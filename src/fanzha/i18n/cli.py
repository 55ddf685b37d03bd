"""Text of the `fanzha` command line (help, prompts, what it reports)."""

from __future__ import annotations

HELP = {
    "app": "反诈中心业务平台 Fanzha",
    "db": "数据库 database",
    "users": "账号 accounts",
    "seed": "随机种子：同一种子生成同一城市",
    "scale": "small（测试用，数秒）或 city（全市规模）",
    "warning_days": "回填多少天的预警（city 默认 365，small 默认 0）",
    "username": "登录用户名（字母、数字、_.-）",
    "unit": "所属单位的代码或编号；空库时为新建市局的代码（默认 SJ）",
    "display_name": "显示名称",
    "password_stdin": "从标准输入读取密码（供脚本使用）",
    "workers": "应用进程数",
    "demo_fill": "后台补全示例城市更早的数据（serve 在空库上自动启动；中断后重跑会接着做）",
    "demo_if_empty": "内置数据库为空时生成示例城市（从不写入 FANZHA_DATABASE_URL）",
    "counterparties": "对方账号 counterparties（升级后清理占位符、掩码等非账号值）",
}

DEFAULT_ADMIN_NAME = "系统管理员"

SAY = {
    "db_upgraded": "数据库已升级到最新版本",
    "counterparties_swept": (
        "已清理：要素 {indicators} 个、案件关联 {links} 条、"
        "流水对方账号 {rows} 行、转账账号 {transfers} 笔"
    ),
    "demo_accounts": "示例账号（密码均为 {password}）:",
    "bad_scale": "scale 只能是 small 或 city",
    "not_empty": "数据库中已有数据，未生成示例城市（示例数据只写入空库）",
    "demo_built": "示例市已生成：{counts}",
    "password": "密码",
    "password_again": "再次输入密码",
    "passwords_differ": "两次输入的密码不一致",
    "admin_created": "已创建系统管理员 {username}（{unit}），请用此账号登录",
    "worker_started": "任务队列已启动（预警计时每分钟巡检一次）",
    "building_demo": "空库：正在生成示例城市……",
    "demo_progress": "示例城市",
    "demo_fill_started": (
        "近 {days} 天的示例数据已生成；更早的在后台继续生成，进度见此处与「账号」管理页"
    ),
    "demo_fill_progress": (
        "示例数据仍在生成：已有 {days}/{total} 天的预警，下一步：{step}（{percent}%）"
    ),
    "demo_fill_done": "示例数据已全部生成（一年的预警、案件与团伙）",
    "no_accounts": (
        "数据库中还没有任何账号。请先创建系统管理员：\n"
        "  fanzha users create-admin --username <用户名>\n"
        "（示例城市只写入内置数据库；如需演示数据请在空库上运行 fanzha demo）"
    ),
    "demo_skipped": "已有数据，跳过示例城市。示例账号见 README。",
    "visit": "访问 http://{host}:{port}",
}

# The demo build's steps, as its progress bar names them (fanzha.demo.city.DEMO_STEPS).
DEMO_STEPS = {
    "city": "单位、网格、人员与账号",
    "warnings": "一年的预警",
    "cases": "案件",
    "money": "止付、冻结与返还",
    "statements": "银行流水",
    "analysis": "串并与团伙",
    "prevention": "宣防：住户、专项行动、活动、培训与问卷",
    "rewards": "线索奖励与公众网站",
    "done": "完成",
}

# click's own refusals (a missing option, a bad value, an unknown command), said in Chinese.
USAGE = {
    "missing": "缺少参数：{param}",
    "bad_value": "参数 {param} 的取值无效{expected}",
    "expected": "（应为{kind}）",
    "no_option": "没有这个选项：{option}",
    "no_command": "没有这个命令：{name}",
    "usage": "命令用法有误",
    "help_hint": "用 `{command} --help` 查看用法。",
    "aborted": "已取消。",
}
CHOICE_SEPARATOR = "、"
PARAM_KINDS = {"integer": "整数", "float": "数字", "path": "文件或目录路径", "boolean": "是或否"}
