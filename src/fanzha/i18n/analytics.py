"""Text of `fanzha archive` and `fanzha analytics` (the province archive and its Spark jobs)."""

from __future__ import annotations

HELP = {
    "archive": "全省数据归档 archive（Parquet，按城市、月份分区）",
    "export": "把本市的流水、案件、转账和涉诈要素增量写入归档目录（只写新增或变化的部分）",
    "out": "归档目录（本地路径；各市写入同一目录下各自的分区）",
    "city": "本中心在归档中的代码（默认取设置 center_code）",
    "analytics": "全省研判 analytics（Spark 作业，读取归档）",
    "run": "运行一个 Spark 作业：linking 串并案、mules 快进快出、recurring 多案账户、kpis 指标汇总",
    "job": "作业名：linking、mules、recurring、kpis",
    "archive_dir": "归档目录（fanzha archive export 写入的目录，或 hdfs:// / s3a:// 地址）",
    "results": "结果目录（每个结果一个 Parquet 目录，整体替换）",
    "master": "Spark master：local[*]（本机）、spark://主机:7077 或 yarn",
    "cap": "串并上限：一个要素关联的案件超过此数即不再串并（默认取设置 linking_cap）",
}

SAY = {
    "exported": "{dataset}：写入 {rows} 行，{parts} 个分区",
    "no_archive": "归档目录不存在：{path}",
    "empty_archive": "归档目录中没有归档数据：{path}（先在各市运行 fanzha archive export）",
    "archive_unwritable": "归档目录无法写入：{path}（须是本机可写的目录，而不是文件）",
    "results_unwritable": "结果目录无法写入：{path}（须是可写的目录，而不是文件）",
    "unknown_job": "没有作业 {job}：可选 {jobs}",
    "job_done": "{job} 完成：{name} {rows} 行 → {path}",
}
