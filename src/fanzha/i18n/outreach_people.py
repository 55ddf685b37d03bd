"""Text of outreach events (宣传活动), volunteer teams (志愿者队伍) and training (培训)."""

from __future__ import annotations

ERRORS = {
    "training_checkin_expired": "签到码已过期，请扫描屏幕上最新的二维码",
    "training_checkin_invalid": "签到码无效，请扫描培训现场屏幕上的二维码",
    "training_checkin_no_staff": "您的账号未关联人员档案，无法签到，请联系管理员",
    "outreach_event_team_outside_unit": "所选队伍不属于该单位或其下级单位",
    "volunteer_leader_not_member": "队长须是本队成员",
    "team_not_volunteer": "该队伍不是志愿者队伍",
    "volunteer_team_status_unknown": "请选择“活跃”或“停用”",
    "training_no_unit_invited": "请至少选择一个参训单位",
    "training_quiz_not_available": "该培训没有设置测验",
    "training_quiz_not_checked_in": "未找到您在该培训的签到记录，请先扫描现场二维码签到",
    "training_quiz_already_taken": "您已完成本次培训测验，成绩已记录",
    "training_quiz_not_a_quiz": "请选择用途为“培训测验”且未停用的问卷",
    "training_quiz_not_scored": "所选测验没有设置正确答案的题目，无法评分",
}

EVENT_KINDS = {
    "community": "进社区",
    "school": "进校园",
    "enterprise": "进企业",
    "village": "进农村",
    "night_market": "夜市",
    "park": "公园",
    "live": "直播",
    "caravan": "大篷车",
    "other": "其他",
}

TEAM_STATUSES = {"active": "活跃", "inactive": "停用"}

MACHINE = {"volunteer_team": "志愿者队伍"}

FORM = {
    "ends_before_start": "结束时间须晚于开始时间",
    "too_long": "活动时长不能超过 7 天",
    "place_or_video": "请填写培训地点或视频链接",
}

AUDIT = {
    "event_saved": "宣传活动：{title}（{day}）",
    "training_saved": "培训：{topic}（{day}）",
    "attendance_exported": "导出培训签到名单：{topic}（{day}）{count} 人（脱敏）",
}

CHECKIN = {
    "done": "签到成功",
    "again": "您已签到，无需重复签到",
    "off_roster": "您所在单位不在本次培训的参训名单中，已登记为名单外人员",
}

# A training session's attendance as Excel (names masked).
ATTENDANCE_SHEET = "签到名单"
ATTENDANCE_FILE = "培训签到名单-{topic}-{day}.xlsx"
ATTENDANCE_EXPORT = ("姓名", "类别", "单位", "签到时间", "参训名单", "测验分数", "测验结果")
ATTENDANCE_ROSTER = {True: "名单内", False: "名单外"}
ATTENDANCE_RESULT = {None: "未测验", True: "通过", False: "未通过"}

LIST_EXPORTS = {"outreach_events": "宣传活动", "training_untrained": "本年度未参训劝阻人员"}

NAV = {
    "outreach_events": "宣传活动",
    "outreach_calendar": "活动日历",
    "volunteer_teams": "志愿者队伍",
    "training": "培训",
    "untrained": "未参训人员",
}

# Form fields as officers know them (joined into zh_CN.FIELDS for validation messages).
FIELDS = {
    "title": "名称",
    "place": "地点",
    "team_id": "队伍",
    "campaign_id": "专项行动",
    "audience_onsite": "现场人数",
    "audience_online": "线上观看人数",
    "materials": "发放资料",
    "staff_ids": "参加人员",
    "topic": "主题",
    "trainer": "主讲人",
    "video_url": "视频链接",
    "invited_unit_ids": "参训单位",
    "pass_score": "测验及格分",
    "quiz_id": "培训测验",
}

# The event form's picker of 参加人员 (type a name or 警号, pick from the matches).
STAFF_PICKER = {"label": "{name}{badge}（{unit}）", "badge": " 警号{badge}"}
