"""Text of units, grids, staff, teams and the duty rota (org)."""

from __future__ import annotations

ERRORS = {
    "unit_out_of_scope": "所选单位不存在或不在您的管辖范围",
    "unit_has_no_children": "社区警务室下不能再设下级单位",
    "unit_code_taken": "单位代码已存在：{code}",
    "unit_name_missing": "单位名称不能为空",
    "grid_code_taken": "网格代码已存在：{code}",
    "grid_outside_unit": "所选网格不属于该单位",
    "staff_phone_taken": "手机号已登记",
    "staff_id_number_taken": "身份证号已登记",
    "staff_badge_taken": "警号已登记",
    "staff_unmask_denied": "您的角色无权查看完整个人信息",
    "staff_export_denied": "您的角色无权导出完整个人信息",
    "team_name_taken": "本单位已有同名队伍",
    "team_member_outside_unit": "只能添加本单位及下级单位的人员",
    "team_member_missing": "请选择人员",
    "team_member_not_found": "该人员不在此队伍中",
    "duty_shift_clash": "与已排班次冲突：{team} {starts} 至 {ends}",
    "duty_shift_not_found": "没有这个班次",
    "import_kind_not_found": "没有这种导入",
}

DUTY_SHIFT_FORM = {
    "ends_before_start": "结束时间应晚于开始时间",
    "too_long": "一个班次最长 7 天",
}

# Summaries of audit entries (shown in the audit log).
AUDIT = {
    "out_of_scope": "请求查看管辖范围以外的记录",
    "unit_created": "{parent} 下新建 {name}",
    "unit_renamed": "{old} 更名为 {new}",
    "grid_created": "{code} {name}，{households} 户",
    "staff_viewed": "查看人员完整信息",
    "staff_created": "新建{name}",
    "staff_updated": "修改{name}",
    "team_member_added": "添加{name}",
    "team_member_removed": "移除成员",
    "duty_shift_added": "{team} 值班 {starts} 至 {ends}",
    "duty_shift_removed": "取消值班 {starts} 至 {ends}",
    "staff_exported": "导出人员完整信息 {count} 人",
}

# The staff and grid sheets: column headers, their notes, the sheet names and footnotes.
STAFF_SHEET = {
    "name": "姓名",
    "kind": "类别",
    "phone": "手机号",
    "id_number": "身份证号",
    "badge_no": "警号",
    "unit": "单位",
    "unit_code": "单位代码",
    "grid_code": "网格代码",
    "is_dissuader": "劝阻员",
    "status": "状态",
}
STAFF_SHEET_NOTES = {
    "phone": "11位手机号",
    "id_number": "18位，选填",
    "badge_no": "民警填写，选填",
    "unit_code": "见“单位”页面的代码列",
    "grid_code": "网格员、志愿者所在网格，选填",
    "is_dissuader": "是否承担上门劝阻，默认否",
}
GRID_SHEET = {"code": "网格代码", "name": "网格名称", "unit_code": "单位代码", "households": "户数"}
GRID_SHEET_NOTES = {
    "code": "全市唯一",
    "unit_code": "网格所属社区警务室或派出所",
    "households": "登记户数，整数",
}
SHEETS = {"staff": "人员", "grids": "网格"}
SHEET_FOOTNOTES = {
    "staff": "类别可选：民警、辅警、网格员、志愿者。",
    "grids": "户数用于计算敲门行动的覆盖率。",
}
YES_NO = {True: "是", False: "否"}
ON_DUTY = {True: "在岗", False: "离岗"}

FILES = {
    "import_template": "{label}导入模板.xlsx",
    "roster": "人员名册.xlsx",
    "roster_full": "人员名册（完整）.xlsx",
}

# An indent step of the unit drop-down (a full-width space).
INDENT = "\u3000"
