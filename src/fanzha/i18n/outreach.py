"""Prevention (宣防) text: households, campaigns, assignments, visits and coverage."""

from __future__ import annotations

ERRORS = {
    "campaign_not_draft": "专项行动已开始，不能再修改：{name}",
    "campaign_not_running": "专项行动未在进行中，不能记录走访",
    "campaign_name_missing": "请填写行动名称",
    "campaign_name_too_long": "名称最多 {most} 个字",
    "campaign_period": "结束日期不能早于开始日期",
    "campaign_too_long": "专项行动期限不能超过{days}天",
    "campaign_team_rule": "每次走访人数须为 0 到 {most} 之间的整数",
    "campaign_questionnaire_unknown": "问卷不存在、已停用或不在您的管辖范围",
    "campaign_no_units": "请至少选择一个参战单位",
    "campaign_unit_out_of_scope": "所选参战单位不在本单位管辖范围内，只能选择本单位及下级单位",
    "campaign_unknown_code": "未知的选项：{value}",
    "household_address_taken": "该网格已有此住址的住户：{address}",
    "household_grid_unknown": "网格不存在或不在您的管辖范围",
    "household_deleted": "该住户已删除",
    "grid_taken": "该网格已由{team}认领",
    "grid_not_in_campaign": "该网格不在本专项行动的范围内",
    "team_not_in_unit": "所选队伍不在您的管辖范围",
    "sync_too_many": "一次最多同步{limit}条走访记录",
    "sync_malformed": "同步数据格式不正确：{detail}",
}

CAMPAIGN_STATUS = {"draft": "草稿", "running": "进行中", "finished": "已结束"}
CAMPAIGN = "专项行动"

FLAGS = {
    "elderly_alone": "独居老人",
    "left_behind_elderly": "留守老人",
    "student": "学生",
    "migrant_worker": "外来务工",
    "new_resident": "新市民",
    "finance_staff": "企业财务人员",
    "disabled": "残障人士",
    "shop_owner": "个体商户",
}

OUTCOMES = {
    "entered": "已入户",
    "nobody_home": "无人在家",
    "refused": "拒绝",
    "vacant": "空置",
    "moved_out": "已搬离",
}

FIVE_ONES = {
    "poster": "海报张贴",
    "questionnaire": "问卷调查",
    "leaflet": "资料发放",
    "warning_talk": "预警宣防",
    "suggestion": "意见建议",
}

TEAM_RULE = {
    "officer_or_auxiliary": "民警或辅警",
    "grid_worker": "网格员",
    "volunteer": "志愿者",
}

# Per-item answers of the visit sync (the phone shows them beside the pending visit).
SYNC = {
    "created": "已同步",
    "team_rule": "已同步，但不符合组队要求：缺少{roles}",
    "unchanged": "已同步过，未重复记录",
    "household_deleted": "该住户已从底册删除，走访未记录",
    "household_unknown": "住户不存在或不在本专项行动范围内",
    "uuid_reused": "该走访编号已记录过不同内容，未覆盖",
    "invalid": "走访数据不正确：{detail}",
    "not_running": "专项行动未在进行中，走访未记录",
    "member_unknown": "同行队员不在名册中",
    "photo_unknown": "照片不存在或不是本单位上传的，走访未记录",
    "questionnaire_unknown": "问卷版本不存在、已停用或不属于本专项行动，走访未记录",
    "answers_invalid": "问卷答案不正确：{detail}",
    "time_outside": (
        "走访时间{at}早于本专项行动开始（{start}）或晚于现在，请检查手机时间，走访未记录"
    ),
}
AUDIT = {
    "campaign_created": "新建专项行动：{name}",
    "baseline_frozen": "专项行动开始，固定底数{count}户",
    "household_created": "登记住户：{address}",
    "household_deleted": "删除住户：{address}",
    "households_imported": "导入住户底册{count}户",
    "grid_taken": "{team}认领网格{grid}",
    "grid_released": "{team}退回网格{grid}",
    "household_unmasked": "查看住户联系人完整信息",
    "visits_synced": "同步走访{created}条（未变{unchanged}，拒收{refused}）",
}

# Excel template of the household register (住户底册).
IMPORT_HEADERS = {
    "grid": "网格代码",
    "compound": "小区",
    "building": "楼栋",
    "unit_no": "单元",
    "room": "室号",
    "residents": "人数",
    "flags": "重点人群",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
}
IMPORT_ERRORS = {
    "required": "必填",
    "grid_unknown": "网格代码不存在或不在您的管辖范围：{value}",
    "residents": "人数应为0至99的整数：{value}",
    "flag_unknown": "未知的重点人群：{value}",
    "phone": "联系电话格式不正确：{value}",
    "too_long": "内容过长（最多{limit}个字）：{value}",
    "duplicate": "与第{row}行住址重复",
    "taken": "该网格已有此住址的住户",
}
SHEET_TITLE = "住户底册"


IMPORT_NOTE = (
    "每行一户；同一网格内小区、楼栋、单元、室号相同的住户只能登记一次。"
    "重点人群可填多个，用顿号分隔。整张表任何一行有错都不会导入。"
)
IMPORT_DONE = "已导入{count}户"
# The campaign form's own checks, each shown beside its field.
CAMPAIGN_FORM = {
    "date": "请填写有效的日期",
    "target": "入户率目标须为 1 到 100 之间的整数",
    "questionnaire": "问卷编号须为数字",
}

ADDRESS_PARTS = {"building": "{}栋", "unit_no": "{}单元", "room": "{}室"}
PRIORITY_REASONS = {"flag": "重点人群", "warned": "曾被预警", "defrauded": "曾被骗"}
TEMPLATE_FILE = "住户底册导入模板.xlsx"
LIST_HEADERS = ("网格", "住址", "人数", "重点人群", "联系人", "联系电话")

# A queued visit's fields, as a refused sync item names them, and the register form's, as
# its refusals name them (joined into zh_CN.FIELDS).
FIELDS = {
    **{k: v for k, v in IMPORT_HEADERS.items() if k != "grid"},
    "uuid": "走访编号",
    "household_id": "住户",
    "visited_at": "走访时间",
    "member_staff_ids": "在场队员",
    "residents_reached": "见到人数",
    "five_ones": "五个一",
    "suggestion_text": "意见建议",
    "questionnaire_version_id": "问卷版本",
    "answers": "问卷答案",
    "revisit_needed": "需再访",
    "revisit_reason": "再访原因",
    "photo_id": "照片",
}

# A refused sync item's field names: FIELDS, and the outcome (zh_CN.FIELDS has warnings'
# 劝阻结果 under that name).
SYNC_FIELDS = {**FIELDS, "outcome": "走访结果"}

# A campaign's visits as a list (走访记录) and its Excel.
VISIT_LIST = {
    "revisit": {True: "需再访", False: ""},
    "photo": "有照片",
    # One photo offered as the proof of several doors: for the checker to look at, not refused
    # (a stairwell's poster may stand for a landing's doors).
    "photo_shared": "照片重复",
    "photo_shared_title": "该照片另有 {count} 次走访也使用",
    "photo_shared_cell": "有照片（另有 {count} 次走访用同一张）",
}
