"""Labels of who is who: roles and their duties, kinds of units, staff and teams, permissions.
Re-exported by zh_CN, where templates and code read them."""

from __future__ import annotations

ROLES = {
    "duty_officer": "值班民警",
    "analyst": "研判员",
    "station_officer": "派出所民警",
    "dissuader": "劝阻员",
    "reward_reviewer": "奖励审核员",
    "leader": "领导",
    "admin": "系统管理员",
}

ROLE_DUTIES = {
    "duty_officer": "中心值班席：签收预警、电话劝阻、接警、一键止付",
    "analyst": "研判：串并案、资金查控、高危人员推送、封停申请",
    "station_officer": "派出所：本所预警处置、上门劝阻、案件办理",
    "dissuader": "一线劝阻：认领上门任务、见面劝阻、反馈结果（手机使用）",
    "reward_reviewer": "线索举报与奖励的审核、发放",
    "leader": "只读：数据看板、同比环比、各单位考核",
    "admin": "单位、网格、人员、队伍、账号、接口密钥与审计日志管理",
}

UNIT_KINDS = {
    "city_bureau": "市局",
    "branch": "分局",
    "station": "派出所",
    "community": "社区警务室",
}

STAFF_KINDS = {
    "officer": "民警",
    "auxiliary": "辅警",
    "grid_worker": "网格员",
    "volunteer": "志愿者",
}

TEAM_KINDS = {
    "door_visit": "上门劝阻队",
    "phone": "电话劝阻队",
    "outreach": "宣讲队",
    "task_force": "专班",
    "volunteer": "志愿者队伍",
}

PERMISSIONS = {
    "workspace.view": "进入工作台",
    "org.read": "查看组织机构",
    "org.manage": "管理组织机构",
    "pii.unmask": "查看完整个人信息",
    "users.manage": "管理用户账号",
    "api_keys.manage": "管理接口密钥",
    "audit.read": "查看审计日志",
    "warnings.intake": "推送预警",
    "warnings.read": "查看预警",
    "warnings.work": "处置预警",
    "warnings.feedback": "拉取预警反馈",
    "cases.read": "查看案件",
    "cases.work": "接警与案件处置",
    "statements.import": "导入资金流水",
    "analysis.read": "查看研判（要素、团伙、封停、线索）",
    "analysis.work": "研判串并、封停申请、线索下发",
    "leads.answer": "接收并反馈线索",
    "privacy.report": "导出当事人数据报告",
    "outreach.read": "查看宣防覆盖与活动",
    "outreach.plan": "组织专项行动、住户底册、问卷与培训",
    "outreach.visit": "登记入户走访",
    "citizens.manage": "管理群众端题库、调查与风险查询",
    "tips.read": "查看线索举报",
    "tips.work": "处理、答复线索举报",
    "vault.custodian": "审批身份查看申请（身份保管人）",
    "rewards.read": "查看奖励申报与台账",
    "rewards.apply": "填报奖励申报",
    "rewards.review": "审核、复核、登记发放奖励",
    "screen.view": "查看指挥大屏",
    "stats.read": "查看数据看板、排名与指标明细",
}
