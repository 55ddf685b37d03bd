"""Chinese text of the monthly and quarterly reports (月报 / 季报): pages, files, audit lines
and refusals."""

from __future__ import annotations

SUBJECT = "报表"
KINDS = {"month": "月报", "quarter": "季报"}
STATUSES = {"draft": "草稿", "submitted": "已报送", "superseded": "已更正"}
ACTOR_SCHEDULE = "报表定时生成"

# The title of a report: "江北分局 2026年11月 月报", "市局 2026年第4季度 季报".
PERIOD = {"month": "{year}年{month}月", "quarter": "{year}年第{quarter}季度"}
TITLE = "{unit} {period} {kind}"
VERSION = "第{version}版"

TEXT = {
    "reports": "统计报表",
    "report": "报表",
    "unit": "单位",
    "kind": "类型",
    "period": "期间",
    "version": "版本",
    "status": "状态",
    "generated": "生成",
    "submitted": "报送",
    "none": "暂无报表。报表于每月第一个工作日自动生成。",
    "none_make": "也可在下方手动生成。",
    "generate": "生成报表",
    "generate_kind": "报表类型",
    "generate_period": "期间（任一天）",
    "headline": "主要指标",
    "indicator": "指标",
    "value": "本期",
    "previous": "上期",
    "year_earlier": "去年同期",
    "mom": "环比",
    "yoy": "同比",
    "definition": "口径",
    "ranking": "下级单位排名",
    "ranking_of": "按「{name}」排名",
    "rank": "名次",
    "per_10k": "每万人",
    "small": "基数小",
    "tied": "{rank}（并列）",
    "tied_mark": "并列",
    "trend": "趋势",
    "notable": "典型案例",
    "notable_hint": "由中心填写，报送前可修改；报送后不可再改。",
    "notable_empty": "（未填写）",
    "save": "保存",
    "submit": "报送",
    "submit_confirm": "报送后本版数据冻结，不再随补录数据变化；如需修正只能更正（新建版本）。",
    "restate": "更正",
    "restate_hint": "按当前数据重新生成新版本，列出与已报送版本的差异。",
    "reason": "更正原因",
    "differences": "与第{version}版的差异",
    "old": "原值",
    "new": "新值",
    "no_differences": "与上一版相比指标无变化。",
    "download_xlsx": "下载 Excel",
    "download_pdf": "下载 PDF",
    "versions": "各版本",
    "by": "{name} {at}",
    "missing": "—",
    "partial": "本期未结束，同比、环比按同长度比较。",
    "spring_festival": (
        "春节在{year}年{month}月{day}日，本月与去年同月只有一方含春节，同比受春节错月影响。"
    ),
    "generated_line": "生成：{at}　{name}",
    "submitted_line": "报送：{at}　{name}",
    "page": "第 {page} 页",
    "saved": "已保存",
}

SHEETS = {"headline": "主要指标", "ranking": "下级单位排名", "trend": "趋势", "notable": "典型案例"}

AUDIT = {
    "generated": "生成{title}（{version}）",
    "notable": "修改{title}的典型案例",
    "restated": "更正{title}：新建{version}，{count}项指标有变化",
    "exported": "导出{title}（{version}，{format}）",
}

ERRORS = {
    "report_not_found": "报表不存在",
    "report_frozen": "报表已报送，内容不可修改；如需更正请新建更正版本",
    "report_not_submitted": "只有已报送的报表才能更正",
    "report_already_restated": "该版本已有更正版本（第{version}版），请在最新版本上操作",
    "report_period_unknown": "报表期间无法识别",
    "report_period_not_begun": "该期间尚未开始，不能生成报表",
    "report_notable_too_long": "典型案例不能超过{limit}字",
    "report_font_missing": (
        "服务器未安装中文字体，无法生成 PDF 报表（可下载 Excel）。"
        "请安装 fonts-noto-cjk，或用 FANZHA_PDF_FONT 指定字体文件"
    ),
    "report_reason_missing": "请填写更正原因",
    "report_reason_too_long": "更正原因不能超过{limit}字",
}
