"""Text of rewards (奖励): the nine grounds of the Lianyungang scheme, the review, payment."""

from __future__ import annotations

# The nine grounds (连云港市防范打击治理电信网络诈骗犯罪有功人民群众专项奖励办法, 2024 revision;
# DOMAIN.md workflow 5): the short label, then the definition shown beside it.
GROUNDS = {
    "stopped_transfer": "第一项：阻止他人向诈骗分子转账",
    "lead_solved_case": "第二项：提供线索破获案件或抓获嫌疑人",
    "lead_fugitive": "第三项：提供线索抓获在逃电诈嫌疑人",
    "lead_two_cards": "第四项：提供线索抓获“两卡”违法犯罪人员",
    "lead_abroad": "第五项：提供线索抓获出境参与电诈人员",
    "caught_suspect": "第六项：直接抓获电诈犯罪嫌疑人",
    "bank_staff_report": "第七项：银行工作人员报告异常取款抓获嫌疑人",
    "telecom_staff_report": "第八项：通信营业网点人员报告异常办卡抓获嫌疑人",
    "frontline_stop": "第九项：辅警、网格员、银行工作人员发现研判劝阻",
}
GROUND_DEFINITIONS = {
    "stopped_transfer": "及时劝阻他人向电信网络诈骗分子转账汇款，避免他人财产损失的",
    "lead_solved_case": (
        "提供电信网络诈骗犯罪线索，经查证属实并破获案件或抓获犯罪嫌疑人的；"
        "破获重大团伙案件的可给予重奖"
    ),
    "lead_fugitive": "提供线索协助抓获电信网络诈骗在逃人员的",
    "lead_two_cards": "提供线索协助抓获非法买卖、出租、出借电话卡、银行卡违法犯罪人员的",
    "lead_abroad": "提供线索协助抓获出境参与电信网络诈骗人员，并被依法处理的",
    "caught_suspect": (
        "直接抓获或协助抓获电信网络诈骗犯罪嫌疑人的；抓获重大嫌疑人或团伙的可给予重奖"
    ),
    "bank_staff_report": "银行工作人员发现并报告异常取款，协助抓获犯罪嫌疑人的",
    "telecom_staff_report": "通信营业网点工作人员发现并报告异常办卡，协助抓获犯罪嫌疑人的",
    "frontline_stop": (
        "警务辅助人员、网格员、银行工作人员主动发现、精准研判、积极劝阻，"
        "成功阻止电信网络诈骗案件发生，有效避免他人遭受财产损失的"
    ),
}

STATUSES = {
    "draft": "草稿",
    "pending_review": "待审核",
    "pending_recheck": "待复核",
    "pending_foundation": "待基金会确认",
    "confirmed": "已确认",
    "paid": "已发放",
    "rejected": "已驳回",
}

BENEFICIARY_KINDS = {"citizen": "群众", "staff": "工作人员", "anonymous": "匿名举报人"}
EVIDENCE_KINDS = {"warning": "预警", "case": "案件", "lead": "线索", "tip": "举报"}

EXCLUSIONS = {
    "duty": "{name}为{kind}，履行职责范围内的行为不予奖励（第九项除外）",
    "suspect": "{name}的{field}出现在关联案件的涉案要素中，疑为涉案人员，不予奖励",
    "known": "举报 #{number} 已以“已掌握”办结：该线索中心此前已经掌握，不予奖励",
}

ERRORS = {
    "tip_not_found": "该举报线索不存在",
    "tip_channel_web": "请选择 110、来信或来访（公众网站的举报由群众自己提交）",
    "tip_outcome_unknown": "请选择办结结果",
    "tip_duplicate_of_itself": "不能标记为与自己重复",
    "tip_not_new": "该线索已交办或已办结，不能再次交办",
    "reward_not_found": "该奖励申报不存在",
    "reward_beneficiary_not_found": "该奖励对象不存在",
    "reward_amount_out_of_range": "奖励金额须在 {low} 元至 {high} 元之间",
    "reward_justification_missing": "请填写奖励理由（事迹与金额依据）",
    "reward_no_beneficiary": "请至少添加一名奖励对象",
    "reward_excluded": "存在不予奖励的情形：{reasons}",
    "reward_same_approver": "复核人不能与审核人为同一人",
    "reward_own_application": "不能审核自己填报的奖励申报",
    "reward_not_draft": "只有草稿状态的申报可以修改",
    "reward_unverified_account": "{name}的收款账户尚未核实，不能发放",
    "reward_transfer_ref_missing": "请填写转账凭证号",
    "reward_paid_on_invalid": "发放日期不能早于确认日期，也不能晚于今天",
    "reward_foundation_ref_missing": "请填写见义勇为基金会确认文号",
    "reward_reason_missing": "驳回须填写理由",
    "reward_evidence_not_found": "关联的{kind} {ref} 不存在",
    "reward_staff_not_found": "该工作人员不存在",
    "reward_staff_twice": "该工作人员已是本申报的奖励对象",
    "reward_weight_invalid": "分配份额须为 1 至 100 的整数",
    "reward_claim_not_anonymous": "只有匿名举报人需要现场登记身份领奖",
    "reward_claim_code_wrong": "回执码与本申报关联的举报不符，请核对举报人出示的回执码",
    "reward_verify_anonymous": "匿名举报人须凭回执码到场登记身份和收款账户后方可发放",
    "reward_step_changed": "该申报刚由他人处理过，请刷新页面查看当前状态后再操作",
    "reward_no_account": "该奖励对象没有登记收款银行账号，无法核实账户",
    "reward_warning_not_dissuaded": "该预警未以“已劝阻”办结，不能据此申报第九项奖励",
}

TEXT = {
    "title": "奖励申报",
    "new": "新建奖励申报",
    "register": "奖励台账",
    "number": "申报编号",
    "ground": "奖励情形",
    "amount": "申报金额（元）",
    "band": "建议档位：{low}–{high} 元",
    "out_of_band": "超出该情形建议档位（{low}–{high} 元）",
    "major": "重奖（重大团伙或嫌疑人）",
    "deed": "事迹",
    "justification": "金额依据",
    "arrests": "抓获人数",
    "status": "状态",
    "unit": "申报单位",
    "created_at": "填报时间",
    "beneficiaries": "奖励对象",
    "share": "分得金额（元）",
    "weight": "份额",
    "evidence": "关联材料",
    "pay_clock": "发放时限",
    "pay_due": "须于 {due} 前发放（见义勇为基金会确认后 15 日内）",
    "lapsed": "已超期",
    "reminded": "已提醒",
    "verified": "账户已核实",
    "unverified": "账户待核实",
    "exclusions": "不予奖励情形",
    "no_exclusions": "未发现不予奖励的情形",
    "excluded_reject": "提交后出现了不予奖励的情形，不能审核通过，请驳回并写明理由。",
    "foundation_ref": "基金会确认文号",
    "transfer_ref": "转账凭证号",
    "paid_on": "发放日期",
    "days_to_pay": "确认至发放天数",
    "count": "件数",
    "total": "金额（元）",
    "year": "年度",
    "identity_in_vault": "身份信息已加密保存（查看须经保管人批准）",
    "from_warning": "据预警 {number} 申报（已劝阻，避免损失 {yuan} 元）",
    "name_needed": "请填写奖励对象姓名",
    "reporter": "举报人（{kind}）",
    "from_tip": "据举报 #{number}（{category}）申报：{text}",
    "apply_for_tip": "为举报人申报奖励",
    "staff_needed": "请选择工作人员（填写人员编号）",
    "submitted_flash": "已提交审核",
    "approved_flash": "已审核通过",
    "rejected_flash": "已驳回",
    "confirmed_flash": "已登记基金会确认，发放时限开始计算",
    "paid_flash": "已登记发放",
}

# Form fields, as the error messages name them (joined into zh_CN.FIELDS).
FIELDS = {
    "ground": "奖励情形",
    "deed": "事迹",
    "justification": "金额依据",
    "arrests": "抓获人数",
    "warning_id": "关联预警编号",
    "case_id": "关联案件",
    "lead_id": "关联线索",
    "tip_id": "关联举报",
    "weight": "份额",
    "bank_account": "银行账号",
    "bank_name": "开户行",
    "foundation_ref": "基金会确认文号",
    "transfer_ref": "转账凭证号",
    "paid_on": "发放日期",
    "code": "回执码",
}

REGISTER_HEADERS = (
    "奖励情形",
    "申报",
    "已确认",
    "已发放",
    "发放金额（元）",
    "驳回",
    "平均发放天数",
    "超期",
)

AUDIT = {
    "created": "{number} 新建奖励申报（{ground}）",
    "beneficiary_added": "{number} 添加奖励对象",
    "verified": "{number} 核实收款账户",
    "claimed": "{number} 匿名举报人现场登记身份",
    "paid": "{number} 已发放，凭证 {ref}",
    "reminded": "{number} 发放时限将至（{due}）",
    "lapsed": "{number} 超过发放时限（{due}）未发放",
}
ACTOR_CLOCK = "奖励发放时限"
SUBJECT = "奖励申报"


# The tips inbox (/tips).
TIPS = {
    "title": "举报线索",
    "new": "录入线索",
    "new_lead": "录入 110、来信、来访收到的举报线索",
    "number": "编号",
    "received": "收到时间",
    "channel": "渠道",
    "category": "类别",
    "status": "状态",
    "description": "内容",
    "reporter": "举报人",
    "anonymous": "匿名",
    "named": "实名（身份信息在保管库）",
    "named_hint": "实名举报时填写，身份信息加密存入保管库；匿名举报请留空",
    "name": "姓名",
    "phone": "手机号码",
    "id_number": "身份证号码",
    "save": "保存",
    "code_title": "线索已录入",
    "code_lead": "请把下面的回执码告诉举报人（只显示这一次，系统不保存，丢失无法找回）：",
    "messages": "与举报人往来",
    "from_center": "中心",
    "from_reporter": "举报人",
    "reply": "答复举报人",
    "reply_hint": "举报人凭回执码可以看到",
    "send": "发送",
    "pictures": "图片（已去除附加信息）",
    "triage": "分拣",
    "refile": "改类别",
    "found": "内容提到的号码、账号、网址",
    "held": "已掌握：涉及 {count} 起案件",
    "not_held": "未掌握",
    "earlier_tips": "提到相同要素的其他举报",
    "held_leads": "提到相同要素的已下发线索",
    "none_found": "内容中没有识别出号码、账号或网址",
    "assign": "交办为线索",
    "unit": "承办单位",
    "due_at": "反馈期限",
    "lead_title": "线索标题",
    "lead_content": "线索内容",
    "lead": "已交办线索",
    "close": "办结",
    "outcome": "办结结果",
    "duplicate_of": "重复于举报编号（选“重复”时填写）",
    "replied": "已答复举报人",
    "filed": "已改类别",
    "assigned": "已交办为线索 {lead_no}",
    "closed": "已办结",
    "empty": "没有举报线索",
}
# The tips inbox's Excel: the text with its numbers masked, the reporter never named.
TIPS_EXPORT_HEADERS = (
    "编号",
    "收到时间",
    "渠道",
    "类别",
    "内容（号码已脱敏）",
    "举报方式",
    "状态",
    "办结结果",
    "图片数",
    "往来消息数",
    "交办线索编号",
)
TIPS_EXPORT_NAMED = "实名"
