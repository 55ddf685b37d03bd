"""Text of the command big screen (指挥大屏): its panels, the clocks of urgent warnings, the
map's scale and tooltips, and what the page's script writes (connection state, clocks)."""

from __future__ import annotations

# The clock an urgent warning runs on now, short enough for the wall's narrow column.
CLOCKS = {"sign": "签收", "contact": "联系", "face": "见面", "feedback": "反馈"}

UNITS = {"wan": "万元", "yuan": "元"}

# When an open urgent warning came in, as short as the screen's first column allows.
YESTERDAY = "昨{time}"

RANKING = {"dissuasion": "本周劝阻率排名"}

MAP_SCALE = {"low": "少", "high": "多"}
# key → (label, suffix) in the map's tooltip.
MAP_TOOLTIP = {
    "warnings": ("今日预警", " 条"),
    "coverage_pct": ("入户覆盖率", "%"),
}

# What the page's script writes; handed to it as JSON in the page.
SCRIPT = {
    "live": "实时",
    "reconnecting": "重连中…",
    "stale": "数据更新失败，正在重试",
    "signed_out": "登录已失效，请重新登录",
    "due_in": "剩余",
    "overdue_by": "超时",
    "no_clock": "待反馈",
    "none_urgent": "当前没有未办结的紧急预警",
    "none_latest": "今日暂无预警",
    "no_rate": "—",
    "vs_yesterday": "较昨日同时段",
    "small_base": "样本小",
    "count_suffix": "条",
    "types_suffix": "条",
    "hour_suffix": "时",
    "warnings_today": "今日预警",
    "coverage": "入户覆盖率",
    "grades": {"urgent": "紧急", "high": "高危", "medium": "中危", "low": "低危"},
    "weekdays": ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
}
