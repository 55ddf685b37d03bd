"""Text of units, grids, staff, teams and the duty rota (org)."""

from __future__ import annotations

ERRORS = {
    "unit_out_of_scope": "所选单位不存在或不在您的管辖范围",
    "unit_has_no_children": "社区警务室下不能再设下级单位",
    "unit_code_taken": "单位代码已存在：{code}",
    "unit_name_missing": "单位名称不能为空",
    "unit_population_invalid": "常住人口须为 0 到 1 亿之间的整数，或留空",
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
    "unit_population": "常住人口改为 {population}",
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
GAZETTEER_SHEET = {
    "district": "区县",
    "street": "道路",
    "house_number": "门牌号",
    "compound": "小区",
    "aliases": "别名",
    "grid_code": "网格代码",
    "buildings": "楼栋数",
}
GAZETTEER_SHEET_NOTES = {
    "district": "如：新港区。同名道路按区县区分",
    "street": "如：石家庄路",
    "house_number": "单个门牌如 378号；不在小区内的沿街门牌可写范围如 1-199号",
    "compound": "小区名称；空着则本行是一段门牌范围",
    "aliases": "小区的其他叫法，多个用顿号分隔，如：明珠小区、明珠花园",
    "grid_code": "本行地址所属网格",
    "buildings": "小区楼栋数，整数，默认1",
}
GAZETTEER_ERRORS = {
    "house_number": "门牌号应写成 378号 或 1-199号：{value}",
    "range_order": "门牌范围起号大于止号：{value}",
    "range_needs_number": "未写小区时须写门牌号或门牌范围",
    "compound_range": "小区的门牌号只能写一个，不能写范围：{value}",
    "buildings": "楼栋数应为1至999的整数：{value}",
    "grid_unknown": "网格代码不存在或不在您的管辖范围：{value}",
    "required": "必填",
    "too_long": "内容过长（最多{limit}个字）：{value}",
}
# How a gazetteer sheet writes house numbers: 378号, 1-199号, 1至199号.
HOUSE_NUMBER = "{number}号"
HOUSE_NUMBER_SUFFIX = "号"
HOUSE_NUMBER_RANGE_WORDS = "至到"
GAZETTEER_DONE = (
    "地址库：新增 {added} 行，更新 {updated} 行，此前已导入 {existing} 行（未重复导入）"
)
SHEETS = {"staff": "人员", "grids": "网格", "gazetteer": "地址库"}
SHEET_FOOTNOTES = {
    "staff": "类别可选：民警、辅警、网格员、志愿者。",
    "grids": "户数用于计算敲门行动的覆盖率。",
    "gazetteer": (
        "每行一个小区或一段门牌范围；同名道路在不同区县各写一行。"
        "预警按地址中的区县、道路、门牌、小区分派到网格。"
    ),
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
# A unit with its parent, so the three 春晖社区警务室 of three stations can be told apart.
UNIT_LABEL = "{parent} / {name}"
