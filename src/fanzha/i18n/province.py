"""Text of the province findings (全省研判): loading the Spark results and their pages."""

from __future__ import annotations

ERRORS = {
    "province_results_missing": (
        "结果目录 {path} 不存在，或其中没有任何研判结果"
        "（gangs、mules、recurring_accounts、recurring_holders、kpis）"
    ),
    "province_results_unreadable": (
        "研判结果 {output} 缺少列 {column}，请用同一版本的 fanzha analytics run 重新生成"
    ),
    "province_results_not_parquet": (
        "研判结果 {output} 不是可读的 Parquet 文件，请指向 fanzha analytics run 的 --out 目录"
    ),
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
