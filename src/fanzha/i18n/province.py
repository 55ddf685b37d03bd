"""Text of the province findings (全省研判): loading the Spark results and their pages."""

from __future__ import annotations

ERRORS = {
    "province_results_missing": (
        "结果目录 {path} 不存在，或其中没有任何研判结果"
        "（gangs、mules、recurring_accounts、recurring_holders、kpis）"
    ),
    "province_results_not_parquet": (
        "研判结果 {output}{file} 不是可读的 Parquet 文件，请指向 fanzha analytics run 的 --out 目录"
    ),
    "province_results_column_missing": (
        "研判结果 {output} 的文件 {file} 缺少列 {column}，"
        "请用同一版本的 fanzha analytics run 重新生成；未载入任何结果"
    ),
    "province_results_column_type": (
        "研判结果 {output} 的文件 {file} 中列 {column} 应为{expected}，实为{found}，"
        "请用同一版本的 fanzha analytics run 重新生成；未载入任何结果"
    ),
    "province_results_column_null": (
        "研判结果 {output} 的文件 {file} 中列 {column} 有空值，该列每行都须有值；未载入任何结果"
    ),
    "province_results_value_range": (
        "研判结果 {output} 的文件 {file} 中列 {column} 第 {row} 行的值 {value} 超出范围，"
        "应在 {low} 至 {high} 之间；未载入任何结果"
    ),
    "province_results_value_too_long": (
        "研判结果 {output} 的文件 {file} 中列 {column} 第 {row} 行的值 {value} 长 {length} 个字符，"
        "超过上限 {limit} 个字符；未载入任何结果"
    ),
}

# How a results file's column types are named to the operator (fanzha.province.schema).
COLUMN_KINDS = {
    "integer": "整数",
    "number": "数值",
    "text": "文本",
    "date": "日期",
    "texts": "文本列表",
    "float": "小数",  # a type found, never one asked for
}

HELP = {
    "load": (
        "把 Spark 研判结果（fanzha analytics run 的输出目录）载入本平台；"
        "同一目录再次载入时替换上次的结果"
    ),
    "results": "结果目录（fanzha analytics run 的 --out）",
}

SAY = {
    "loaded": "已载入 {output}：{rows} 行",
}

OUTPUT_LABELS = {
    "gangs": "跨市团伙",
    "mules": "快进快出账户",
    "recurring_accounts": "多案账户",
    "recurring_holders": "多案持卡人",
    "kpis": "指标汇总",
}

# fanzha.rules.KPIS on the 全省指标 page (money in yuan there).
KPI_LABELS = {
    "cases": "发案数",
    "loss_fen": "损失金额（元）",
    "cases_over_1m_fen": "百万元以上案件",
    "brushing_cases": "刷单返利案件",
}

# On the 全省两卡复用 page, for a 分局 or station (fanzha.province.recurring).
PAGE = {
    "other_accounts": "另有 {n} 个其他单位案件涉及的账户",
}
