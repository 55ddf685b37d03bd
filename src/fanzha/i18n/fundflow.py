"""Text of statement imports, the money trace, its graph and its export (fundflow)."""

from __future__ import annotations

from fanzha.i18n import zh_CN

ERRORS = {
    "statement_unreadable": "{reason}",
    "statement_without_table": "文件中没有找到交易明细表头（需要有交易时间和交易金额两列）",
    "mapping_not_needed": "该文件不需要映射列",
    "mapping_incomplete": "请为以下字段选择对应的列：{fields}",
    "import_not_queued": "该文件不在待导入状态",
    "import_not_cancellable": zh_CN.STATEMENT_IMPORT["not_cancellable"],
    "case_without_transfers": "案件尚未录入转账记录，无法追踪资金",
    "fundflow_export_without_transfers": "案件尚未录入转账记录，无法导出资金流向",
    "account_not_in_trace": "该账户不在本案的资金流向中",
    "no_account_chosen": "请勾选要止付的账户",
    "accounts_no_longer_holding": "所选账户中有的已不在留存受害人资金的账户之列，请刷新后重试",
}

# Why a statement file cannot be read (shown to the officer who uploaded it).
# A row of a statement that cannot be taken (shown beside its row and column).
ROW_PROBLEMS = {
    "amount_unreadable": "无法识别的金额：{raw}",
    "amount_sub_fen": "金额最多精确到分：{raw}",
    "amount_absurd": "金额超出合理范围",
    "time_unreadable": "无法识别的交易时间：{text}",
    "time_empty": "（空）",
    "time_impossible": "不存在的日期或时间：{text}",
    "account_missing": "缺少本方账号",
    "direction_unreadable": "无法识别的收付标志：{flag}",
    "direction_missing": "缺少收付标志",
    "debit_and_credit": "借方和贷方同时有金额",
}

UNREADABLE = {
    "kind": "无法识别的文件：只支持 xlsx、xls、csv、txt 格式的流水文件",
    "not_statement": (
        "这个文件是{what}，不是流水表格。请上传银行或支付平台导出的 Excel（xlsx、xls）"
        "或 CSV、TXT 文件"
    ),
    "empty": "文件为空",
    "damaged": "无法读取文件（{kind}）：文件已损坏或格式与扩展名不符",
    "damaged_from_here": "文件大约从这一行起无法读取，可能已损坏",
}

# What an uploaded file really is, when it is no statement (fundflow.sniff's kinds).
FILE_KINDS = {
    "pdf": "PDF 文档",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "gif": "GIF 图片",
    "bmp": "BMP 图片",
    "webp": "WebP 图片",
    "tiff": "TIFF 图片",
    "heic": "手机照片（HEIC）",
    "video": "视频",
    "zip": "ZIP 压缩包（请先解压）",
    "rar": "RAR 压缩包（请先解压）",
    "7z": "7z 压缩包（请先解压）",
    "gzip": "gzip 压缩包（请先解压）",
    "docx": "Word 文档",
    "doc": "Word 文档（doc）",
    "rtf": "RTF 文档",
    "pptx": "PowerPoint 演示文稿",
    "ppt": "PowerPoint 演示文稿（ppt）",
    "ofd": "OFD 电子凭证",
    "ods": "OpenDocument 表格（请在 Excel 或 WPS 中另存为 xlsx）",
    "spreadsheetml": "Excel 2003 XML 表格（请在 Excel 或 WPS 中另存为 xlsx）",
}

# The fields of a movement, as the column-mapping page names them.
FIELD_LABELS = {
    "account": "本方账号/卡号",
    "account_name": "本方户名",
    "at": "交易时间",
    "date": "交易日期（日期与时间分列时）",
    "amount": "交易金额",
    "debit": "借方发生额（支出）",
    "credit": "贷方发生额（收入）",
    "direction": "收付/借贷标志",
    "balance": "交易余额",
    "counterpart_account": "对手账号/卡号",
    "counterpart_name": "对手户名",
    "counterpart_bank": "对手开户行",
    "summary": "摘要/备注",
    "kind_text": "交易类型",
    "cash_flag": "现金标志",
    "success": "交易是否成功/交易状态",
    "feedback": "查询反馈结果原因",
    "serial": "交易流水号",
    "merchant": "商户名称",
    "channel": "支付方式",
}

CUSTOM_LAYOUT = "自定义映射"
IMPORT_ACTOR = "流水导入"

IMPORT_SUMMARY = {
    "imported": "导入 {rows:,} 笔交易（{accounts:,} 个账户）",
    "duplicate": "{rows:,} 笔此前已导入，未重复计入",
    "skipped": "{rows:,} 笔失败或不计收支的交易未计入",
    "separator": "；",
}

DURATION = {"minutes": "{n:g} 分钟", "seconds": "{n:g} 秒"}

# Summaries of audit entries (shown in the audit log).
AUDIT = {
    "uploaded": "上传资金流水 {filename}",
    "uploaded_for_case": "上传资金流水 {filename}（案件 {case_no}）",
    "layout_saved": "为 {filename} 的格式保存列映射",
    "imported": "{filename}：{summary}",
    "cancelled": "取消导入资金流水 {filename}",
    "exported": "{case_no} 导出资金流向表",
}

# The graph of a victim's money.
GRAPH_STATUSES = {
    "held": "仍有留存",
    "cash": "已取现",
    "spent": "已消费",
    "passed": "已转出",
    "unknown": "需调取流水",
    "victim": "受害人",
    "folded": "已折叠",
}
VICTIM = "受害人"
LEVEL_DIGITS = "一二三四五六七八九"
LEVEL = "{n}级卡"
FOLDED = "其他 {count} 个账户"
EDGE_COUNT = "（{count}笔）"

STOPPED = {
    "created": "已对 {count} 个账户发起紧急止付（48 小时）",
    "assists": "，其中 {count} 个异地账户已发协查",
    "already": "；{count} 个账户此前已止付",
    "joined": "；{count} 个账户已由其他案件止付或冻结，本案已加入共用",
    "refused": "；{reason}",
}

# The 资金流向表 workbook.
EXPORT_FILE = "{case_no}-资金流向表.xlsx"
STATEMENT_STATE = {True: "已调取", False: "需调取流水"}
ACCOUNTS_SHEET = "账户"
ACCOUNTS_HEADERS = [
    "层级",
    "账户",
    "户名",
    "开户行",
    "收到受害人资金（元）",
    "转出（元）",
    "取现（元）",
    "消费（元）",
    "留存（元）",
    "流水",
    "涉及其他案件",
]
HOPS_SHEET = "资金流转"
HOPS_HEADERS = ["层级", "转出方", "转入方", "受害人资金（元）", "笔数", "首笔时间", "末笔时间"]

# Where money went that a 不计收支 row moved out of the account without naming an account.
DESTINATIONS = {
    "own_card": "持卡人本人尾号{tail}的银行卡（需调取该卡流水）",
    "with_summary": "{summary} 转至{destination}",
}
# A holder's own card, among the statements to request on the case's fund-flow page.
OWN_CARD_TO_REQUEST = "持卡人本人尾号 {tail} 的银行卡，需调取流水"

# The running balance checked (fundflow.continuity): rows missing between two rows.
CONTINUITY = {
    "gap": "流水不连续：{start} 至 {end} 之间缺少约 {amount} 元的交易",
    "when": "{month} 月 {day} 日 {time}",
    "dropped": "{rows} 笔余额未变动的记录不计为资金往来",
    "gaps": "{count} 处流水不连续",
}
# 流水明细: the list of a case's statement rows and its export (names masked).
DIRECTIONS = {"in": "转入", "out": "转出"}
ROW_EXPORT = (
    "交易时间",
    "账户",
    "户名",
    "收付",
    "金额（元）",
    "对方账户",
    "对方户名",
    "对方开户行",
    "余额（元）",
    "摘要",
)
