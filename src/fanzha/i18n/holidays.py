"""Text of the holiday schedule the center enters (节假日安排)."""

from __future__ import annotations

ERRORS = {
    "holiday_year_out_of_range": "年份 {year} 不在 {first}–{last} 之间",
    "holiday_day_outside_year": "日期 {day} 不在 {year} 年内",
    "holiday_day_both_kinds": "{day} 已登记为“{kind}”，同一天不能既是节假日又是调休上班日",
    "holiday_override_needs_reason": (
        "{day} 所在年份已有国务院安排（系统内置），如需更改须填写原因"
    ),
    "holiday_year_empty": "{year} 年尚未录入任何放假日期，不能标记为完整",
    "holiday_year_last_holiday": (
        "{year} 年已标记为完整，不能删除其最后一个放假日期 {day}；请先录入正确的放假日期"
    ),
    "holiday_year_covered": "{year} 年的节假日安排系统已内置，无需标记完整；如需更改请逐日填写原因",
    "holiday_day_not_found": "该日期不存在或已删除",
    "holiday_kind_unknown": "无法识别的类型：{value}，请填写“休”或“班”",
    "holiday_date_unreadable": "无法识别的日期：{value}，请写作 2027-02-06",
}

KINDS = {"holiday": "休", "workday": "班"}
# What officers write in the 类型 column.
KIND_WORDS = {
    "休": "holiday",
    "班": "workday",
    "假": "holiday",
    "节假日": "holiday",
    "放假": "holiday",
    "上班": "workday",
    "调休上班": "workday",
}

# How a date may be written besides 2027-02-06: 2027/2/6, 2027.2.6, 2027年2月6日.
DATE_SEPARATORS = ("年", "月", "/", ".")
DATE_DAY_MARK = "日"
SHEET_TITLE = "节假日安排"
SHEET = {"day": "日期", "kind": "类型", "reason": "说明"}
SHEET_NOTES = {
    "day": "写作 2027-02-06；每个日期一行，只填写与平常不同的日子",
    "kind": "“休”为放假日，“班”为调休上班的周末",
    "reason": "如“春节”“国庆节调休”；更改系统已内置年份的日期时必填",
}
SHEET_FOOTNOTE = (
    "按国务院办公厅发布的当年节假日安排填写。只有“标记为完整”的年份才会用于计算工作日期限。"
)
IMPORTED = "{year} 年节假日安排：新录入或更新 {changed} 天，{same} 天与已录入一致"
FILE_NAME = "节假日安排模板.xlsx"

AUDIT = {
    "entered": "录入节假日安排 {day}（{kind}）",
    "reason": "，原因：{reason}",
    "removed": "删除节假日安排 {day}（{kind}）",
    "completed": "{year} 年节假日安排标记为完整，开始用于计算工作日期限",
}

PAGE = {
    "title": "节假日安排",
    "import_label": "节假日安排",
    "added": "已录入 {day}（{kind}）",
    "removed": "已删除 {day}",
    "completed": "{year} 年已标记为完整",
    "year_needed": "请填写年份",
}

CLI = {
    "help": "节假日安排：录入、导入、标记完整、查看",
    "kind_arg": "休 / 班",
    "add": "录入一天：日期 类型（休/班）",
    "import": "从模板（Excel 或 CSV）导入一年的安排",
    "complete": "标记一年的安排已完整，开始用于计算期限",
    "list": "列出已录入的安排",
    "year": "年份",
    "reason": "原因（更改系统已内置年份时必填）",
    "by": "录入人姓名（记入审计）",
    "mark_complete": "导入后标记该年完整",
    "actor": "命令行",
    "done": "完成",
    "row_error": "第 {row} 行 {column}：{message}",
    "line": "{day} {kind} {reason}",
    "year_line": "{year} 年：{state}，{count} 天",
    "state_covered": "系统内置（录入项为更改）",
    "state_complete": "已完整",
    "state_open": "未完整（尚未用于计算）",
}
