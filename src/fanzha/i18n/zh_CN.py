"""The labels every domain shares (roles, statuses, kinds, validation); a domain's own text is
in its module beside this one."""

from __future__ import annotations

# The money loop's status labels live beside it (split out to keep this module short).
from fanzha.i18n.money_labels import ASSIST_STATUSES as ASSIST_STATUSES
from fanzha.i18n.money_labels import FREEZE_STATUSES as FREEZE_STATUSES
from fanzha.i18n.money_labels import RETURN_KINDS as RETURN_KINDS
from fanzha.i18n.money_labels import RETURN_STATUSES as RETURN_STATUSES
from fanzha.i18n.money_labels import STOP_PAYMENT_STATUSES as STOP_PAYMENT_STATUSES
from fanzha.i18n.outreach import FIELDS as VISIT_FIELDS
from fanzha.i18n.outreach_people import FIELDS as OUTREACH_PEOPLE_FIELDS
from fanzha.i18n.rewards import FIELDS as REWARD_FIELDS

# Split out to keep this module small; read them here as before (zh.ROLES, zh_CN.PERMISSIONS).
from fanzha.i18n.roles import (  # noqa: F401
    PERMISSIONS,
    ROLE_DUTIES,
    ROLES,
    STAFF_KINDS,
    TEAM_KINDS,
    UNIT_KINDS,
)

APP_NAME = "反诈中心业务平台"

AUDIT_ACTIONS = {
    "auth.login.succeeded": "登录成功",
    "auth.login.failed": "登录失败",
    "auth.login.locked": "账号锁定",
    "auth.logout": "退出登录",
    "access.denied": "越权访问被拒",
    "pii.viewed": "查看完整个人信息",
    "pii.exported": "导出完整个人信息",
    "org.unit.created": "新建单位",
    "org.unit.updated": "修改单位",
    "org.grid.created": "新建网格",
    "org.grid.updated": "修改网格",
    "org.staff.created": "新建人员",
    "org.staff.updated": "修改人员",
    "org.team.created": "新建队伍",
    "org.team.member_added": "队伍添加成员",
    "org.team.member_removed": "队伍移除成员",
    "org.import.staff": "导入人员",
    "org.import.grids": "导入网格",
    "org.import.gazetteer": "导入地址库",
    "org.import.boundaries": "导入网格边界",
    "org.duty.added": "排班",
    "org.duty.removed": "取消排班",
    "auth.user.created": "新建账号",
    "auth.user.updated": "修改账号",
    "auth.user.password_reset": "重置密码",
    "auth.api_key.created": "新建接口密钥",
    "auth.api_key.revoked": "吊销接口密钥",
    "warning.received": "接收预警",
    "warning.import": "导入预警",
    "case.created": "接警登记",
    "case.drafted": "由预警生成案件草稿",
    "case.transfers_added": "添加转账记录",
    "case.transition": "案件状态变更",
    "case.warned_before": "标记预后被骗",
    "case.kept_after_correction": "预警更正反馈，案件保留",
    "stop_payment.requested": "发起紧急止付",
    "stop_payment.feedback": "录入止付银行反馈",
    "stop_payment.renewed": "续止付",
    "stop_payment.transition": "止付状态变更",
    "assist.transition": "协查状态变更",
    "freeze.created": "止付转冻结",
    "freeze.renewed": "冻结续冻",
    "case.arrest_entered": "登记抓获嫌疑人",
    "freeze.reminded": "冻结到期提醒",
    "freeze.transition": "冻结状态变更",
    "freeze.alarm_handled": "处置冻结失效告警",
    "return.created": "登记资金返还",
    "return.pool_created": "发布按比例返还公告",
    "return.transition": "返还状态变更",
    "case.letter_generated": "生成银行文书",
    "statement.imported": "导入资金流水",
    "statement.layout_saved": "保存流水列映射",
    "statement.import_cancelled": "取消流水导入",
    "fundflow.exported": "导出资金流向表",
    "indicator.added": "录入涉诈要素",
    "indicator.imported": "导入涉诈要素",
    "indicator.reviewed": "审核高频要素",
    "exclusion.added": "添加串并排除",
    "exclusion.removed": "移除串并排除",
    "gang.confirmed": "确认团伙",
    "gang.updated": "修改团伙",
    "gang.merged": "合并团伙",
    "gang.exported": "导出团伙",
    "counterparty.swept": "清理非账号的对方信息",
    "at_risk.found": "研判高危潜在受害人",
    "at_risk.pushed": "推送高危潜在受害人预警",
    "at_risk.identity": "补充高危潜在受害人联系方式",
    "at_risk.transition": "高危潜在受害人状态变更",
    "block.requested": "申请封停",
    "block.transition": "封停状态变更",
    "block.exported": "导出封停申请",
    "lead.sent": "下发线索",
    "lead.answered": "反馈线索",
    "lead.reminded": "催办线索",
    "lead.closed": "线索办结",
    "mule_watch.exported": "导出两卡人员",
    "list.page_exported": "导出列表（脱敏）",
    "ops.backup": "备份",
    "ops.restore": "从备份恢复",
    "warning.signed": "签收预警",
    "warning.outcome.corrected": "更正预警反馈",
    "warning.attempt.recorded": "记录劝阻",
    "warning.escalated": "预警超时升级",
    "warning.door_visit.created": "转上门",
    "warning.door_visit.claimed": "认领上门任务",
    "warning.closed": "预警反馈",
    "warning.rerouted": "人工分派预警",
    "retention.purged": "数据保留期清理",
    "legal_hold.set": "设置保全",
    "legal_hold.released": "解除保全",
    "subject_report.exported": "导出当事人数据报告",
    "list.exported": "命令行导出列表",
    "search.personal": "按个人信息搜索",
    "holiday.day_entered": "录入节假日安排",
    "holiday.day_removed": "删除节假日安排",
    "holiday.year_completed": "节假日安排标记完整",
    "deadline.recomputed": "因节假日安排更新期限",
    "hold.joined": "加入已有止付或冻结",
    "liaison.center.created": "新增外地反诈中心",
    "liaison.center.updated": "修改外地反诈中心",
    "warning.out_of_area": "标记外地对象",
    "warning.transfer.transition": "跨区域移交",
    "outreach.campaign.created": "新建专项行动",
    "outreach.campaign.transition": "专项行动状态变更",
    "outreach.household.changed": "住户底册变更",
    "outreach.household.unmasked": "查看住户联系人",
    "outreach.grid.assignment": "网格认领",
    "outreach.visits.synced": "同步走访记录",
    "outreach.event.saved": "保存宣传活动",
    "outreach.volunteer_team.transition": "志愿者队伍状态变更",
    "outreach.training.saved": "保存培训",
    "vault.stored": "身份信息存入保管库",
    "vault.requested": "申请查看身份信息",
    "vault.decided": "审批身份查看申请",
    "vault.viewed": "查看保管库身份信息",
    "vault.rotated": "保管库密钥轮换",
    "reward.created": "新建奖励申报",
    "reward.transition": "奖励申报状态变更",
    "tip.entered": "录入举报线索",
    "tip.transition": "举报线索状态变更",
    "tip.triaged": "举报线索分拣",
    "tip.replied": "答复举报人",
    "reward.beneficiary_added": "添加奖励对象",
    "reward.account_verified": "核实奖励收款账户",
    "reward.claimed": "匿名举报人现场领奖登记",
    "reward.paid": "奖励发放",
    "reward.pay_reminded": "奖励发放时限提醒",
    "reward.pay_lapsed": "奖励超期未发放",
    "report.generated": "生成统计报表",
    "report.transition": "统计报表状态变更",
    "report.notable": "修改报表典型案例",
    "report.exported": "导出统计报表",
}

ACTOR_KINDS = {"user": "用户", "api_key": "接口", "anonymous": "未登录", "system": "系统"}

NAV = {
    "outreach_coverage": "走访覆盖",
    "outreach_campaigns": "专项行动",
    "outreach_households": "住户底册",
    "workspace": "工作台",
    "warnings": "预警看板",
    "field": "外勤任务",
    "cases": "案件",
    "units": "单位",
    "grids": "网格",
    "staff": "人员",
    "teams": "队伍",
    "users": "账号",
    "api_keys": "接口密钥",
    "audit": "审计日志",
    "analysis": "研判串并",
    "blocking": "封停",
    "leads": "线索",
    "subject_report": "当事人数据",
    "holidays": "节假日安排",
}

# Field names as officers know them; used in validation messages.
FIELDS = {
    "arrested_on": "抓获日期",
    "suspects": "抓获人数",
    "center_id": "接收中心",
    "tried": "已开展工作",
    "transferred_from": "移交来源中心",
    "province": "省份",
    "city": "城市",
    "active": "启用",
    "username": "用户名",
    "password": "密码",
    "display_name": "姓名",
    "name": "名称",
    "kind": "类别",
    "parent_id": "上级单位",
    "unit_id": "所属单位",
    "unit_code": "单位代码",
    "code": "代码",
    "households": "户数",
    "phone": "手机号",
    "id_number": "身份证号",
    "badge_no": "警号",
    "grid_id": "网格",
    "grid_code": "网格代码",
    "is_dissuader": "劝阻员",
    "role": "角色",
    "scopes": "权限范围",
    "staff_id": "人员",
    # Field names of the money forms and the JSON API, so a refusal never shows the English name.
    "reason": "理由",
    "note": "说明",
    "held_fen": "止付金额",
    "balance_fen": "账户余额",
    "feedback_at": "反馈时间",
    "amount_fen": "金额",
    "approval_no": "审批文号",
    "approved_by": "审批人",
    "major": "重大案件",
    "branch_city": "开户地",
    "case_nos": "案件编号",
    "outcome": "劝阻结果",
    "protected_yuan": "挽回金额",
    "result": "联系结果",
    "address": "地址",
    "external_id": "预警编号",
    "source": "预警来源",
    "issued_at": "预警时间",
    "person_name": "姓名",
    "person_phone": "手机号",
    "person_id_number": "身份证号",
    "fraud_type": "诈骗类型",
    "fraud_app": "涉诈APP",
    "fraud_url": "涉诈网址",
    "fraudster_account": "涉诈账户",
    "fraudster_phone": "涉诈电话",
    "money_moving": "正在转账",
    "on_call": "正在通话",
    "victim_name": "受害人姓名",
    "victim_phone": "受害人手机号",
    "victim_id_number": "受害人身份证号",
    "victim_address": "受害人地址",
    "reported_at": "报案时间",
    "story": "简要案情",
    "transfers": "转账记录",
    "at": "转账时间",
    "channel": "转账方式",
    "payer_account": "付款账户",
    "receiving_account": "收款账户",
    "receiving_bank": "收款银行",
    "receiving_name": "收款户名",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "expires_at": "有效期至",
    "is_active": "启用",
    "items": "预警列表",
    "after": "起始游标",
    "after_id": "起始编号",
    "limit": "条数",
    **REWARD_FIELDS,
    **VISIT_FIELDS,
    **OUTREACH_PEOPLE_FIELDS,
}

# pydantic error types → Chinese; `{...}` placeholders come from the error's context.
VALIDATION = {
    "missing": "必填",
    "string_too_short": "至少{min_length}个字符",
    "string_empty": "不能为空",
    "string_too_long": "过长（最多{max_length}个字符）",
    "int_parsing": "请输入整数",
    "int_type": "请输入整数",
    "float_parsing": "请输入数字",
    "greater_than_equal": "不能小于{ge}",
    "less_than_equal": "不能大于{le}",
    "greater_than": "必须大于{gt}",
    "enum": "不在可选范围内",
    "literal_error": "不在可选范围内",
    "bool_parsing": "请选择是或否",
    "json_invalid": "请求体不是有效的JSON",
    "model_attributes_type": "格式不正确",
    "dict_type": "格式不正确",
    "list_type": "应为列表",
    "string_type": "应为文本",
    "string_pattern_mismatch": "格式不正确",
    "extra_forbidden": "不支持的字段",
    "model_type": "应为一个对象（JSON object）",
    "string_unicode": "含有无效字符，无法保存",
    "control_char": "含有无法显示的特殊字符（常见于从其他软件复制粘贴的内容），请删除后重新输入",
    "int_from_float": "请输入整数",
    "bool_type": "请选择是或否",
    "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "date_parsing": "日期格式不正确",
    "date_from_datetime_parsing": "日期格式不正确",
    "too_short": "至少{min_length}项",
    "too_long": "最多{max_length}项",
    "less_than": "必须小于{lt}",
    "body_parse": "请求内容无法解析，请检查格式",
}
VALIDATION_FALLBACK = "格式不正确"

ERRORS = {
    "invalid_credentials": "用户名或密码错误",
    "account_locked": "登录失败次数过多，账号已锁定，请于 {until} 后再试",
    "account_disabled": "账号已停用，请联系系统管理员",
    "csrf": "页面已过期或来源不明，请刷新页面后重试",
    "not_found_page": "页面不存在",
    "method_not_allowed": "不支持该请求方式",
    "server_error": "系统内部错误，已记录，请稍后重试或联系管理员",
    "invalid_api_key": "接口密钥无效、已吊销或已过期",
    "request_failed": "请求未能处理",
    # The database gave up waiting (a lock held elsewhere, a statement too slow): try again.
    "busy": "系统繁忙，请稍后重试",
    # Two requests changed the same records at once and the database stopped one of them.
    "concurrent_change": "该记录正被他人同时修改，本次操作未保存，请刷新后重试",
}

# The password policy (auth/passwords.py); {reason} is one of the pattern kinds below.
PASSWORD = {
    "too_short": "密码至少 {min} 位",
    "too_long": "密码最多 {max} 位",
    "weak": "密码太容易被猜到：{reason}。请换用更长、无规律的组合，例如几个不相关的词加数字和符号",
    "common": "这是常见密码",
    "word": "主要由常见单词或姓名组成",
    "spatial": "主要是键盘上相邻的按键",
    "repeat": "主要是重复的字符",
    "sequence": "主要是连续的字母或数字（如 abc、6543）",
    "date": "主要是日期或年份",
    "guessable": "组合过于简单",
}

# Full personal-data exports ask why (audit/reasons.py); the reason is kept in the audit entry.
EXPORT_REASON = {
    "missing": "请填写导出完整信息的理由",
    "too_long": "理由最多 {max} 个字",
}

# Statuses raised by the framework itself (not by our services), in words.
HTTP_STATUSES = {
    401: "请先登录",
    403: "无权进行此操作",
    406: "不支持请求的响应格式",
    413: "请求内容过大",
    415: "不支持的内容类型",
}

IMPORT = {
    "not_xlsx": "无法读取文件，请上传由模板填写的 .xlsx 文件",
    "no_sheet": "文件中没有数据表",
    "bad_header": "表头与模板不符，缺少列：{missing}",
    "empty": "文件中没有数据行",
    "too_many": "一次最多导入 {limit} 行",
    "duplicate_in_file": "与第 {row} 行重复：{value}",
    "unknown_unit": "单位代码不存在或不在您的管辖范围：{value}",
    "unknown_grid": "网格代码不存在：{value}",
    "grid_exists": "网格代码已存在：{value}",
    "phone_exists": "手机号已登记：{value}",
    "id_exists": "身份证号已登记",
    "badge_exists": "警号已登记：{value}",
    "unknown_kind": "类别应为：{choices}",
    "rows_failed": "共 {count} 行有误，未导入任何数据，请修改后重新上传",
    "rows_refused": (
        "另有 {count} 行有误，未导入（其余各行不受影响）；"
        "改正后可重新上传整份文件，已导入的行不会重复导入"
    ),
    "done": "已导入 {count} 行，此前已导入 {existing} 行（未重复导入）",
    "warnings_done": "已导入 {rows} 行预警：新增 {created} 条，此前已接收 {existing} 条",
}

# Upload limits (fanzha.uploads), each naming the limit it hit.
UPLOAD = {
    "too_large": "文件超过 {limit} MB 上限",
    "body_too_large": "提交的内容超过 {limit} MB 上限，请分批提交",
    "too_many_columns": "列数 {count} 超过上限 {limit} 列",
    "too_many_rows": "行数 {count} 超过上限 {limit} 行",
    "header_too_long": "表头第 {column} 列超过 {limit} 个字符上限",
    "field_too_long": "第 {row} 行有单元格超过 {limit} 个字符上限",
}

# A statement import stopped from outside its rows (fanzha.fundflow.jobs).
STATEMENT_IMPORT = {
    "over_budget": "导入超过 {budget}的时间上限，已停止，文件未导入",
    "crashed": "导入进程异常退出（文件可能过大或已损坏），文件未导入",
    "cancelled": "已取消导入，文件未导入",
    "not_cancellable": "该导入已结束，无法取消",
}


# --- warnings (预警) -------------------------------------------------------------------------

WARNING_SOURCES = {
    "ministry": "部级平台",
    "province": "省级平台",
    "bank": "银行资金预警",
    "telecom": "运营商预警",
    "app": "APP预警",
    "local_analysis": "本地研判推送",
    "walk_in": "群众/银行柜台求助",
}

GRADES = {"urgent": "紧急", "high": "高危", "medium": "中危", "low": "低危"}

FRAUD_TYPES = {
    "brushing": "刷单返利",
    "investment": "虚假网络投资理财",
    "shopping": "虚假购物服务",
    "customer_service": "冒充电商物流客服",
    "loan_credit": "虚假网络贷款/征信",
    "boss_acquaintance": "冒充领导熟人",
    "authority": "冒充公检法及政府机关",
    "romance": "网络婚恋交友",
    "game_trade": "网络游戏产品虚假交易",
    "military_purchase": "冒充军警购物",
    "other": "其他",
}

# The state-machine kernel's refusals (fanzha.kernel.states).
ILLEGAL_MOVE = "{subject}当前为“{current}”，不能变为“{to}”"
ILLEGAL_NAMED_MOVE = "{subject}当前为“{current}”，不能{move}"
MOVE_REASON_REQUIRED = "请填写{move}的理由"
PROTECTED_ONLY_WHEN_DISSUADED = "只有“已劝阻”可以填写挽回金额"
CORRECTION_CHANGES_NOTHING = "更正后的反馈结果和挽回金额与原反馈相同"
CORRECTION_DRAFT_VOIDED = "预警更正反馈为“{outcome}”：{reason}"
CORRECTION_CASE_KEPT = "{case_no} 已受理，预警更正反馈为“{outcome}”，案件保留：{reason}"

WARNING_STATUSES = {
    "received": "待签收",
    "signed": "已签收",
    "contacting": "劝阻中",
    "door_visit": "转上门",
    "closed": "已反馈",
    "duplicate": "重复预警",
}

OUTCOMES = {
    "dissuaded": "已劝阻",
    "defrauded": "已被骗",
    "not_found_yet": "暂时找不到",
    "cannot_find": "确实找不到",
    "not_applicable": "不符",
    "duplicate": "重复预警",
}

ATTEMPT_KINDS = {
    "call_96110": "96110来电",
    "call_110": "110来电",
    "call_own": "本机电话",
    "sms_12381": "12381短信",
    "relative": "联系亲属",
    "door_visit": "见面劝阻",
}

ATTEMPT_RESULTS = {
    "connected": "接通",
    "no_answer": "未接",
    "rejected": "拒接",
    "busy": "占线",
    "powered_off": "关机",
    "invalid_number": "空号",
    "sent": "已发送",
    "reached": "已联系上",
    "not_reached": "未联系上",
}

# The clocks of a warning, named when they run out.
LATE_CLOCKS = {
    "sign": "签收超时",
    "contact": "首次联系超时",
    "face": "见面劝阻超时",
    "route": "分派超时",
}

TASK_STATUSES = {"open": "待认领", "claimed": "已认领", "done": "已完成", "cancelled": "已取消"}

# Why a grade was given ("为何紧急"); {placeholders} are filled by the grading rules.
GRADE_REASONS = {
    "money_moving": "资金正在转出",
    "on_call": "正与涉诈号码通话",
    "high_amount": "涉及金额{amount}元，达到高危标准{threshold}元",
    "bank_moved": "银行资金预警：资金已流向涉诈账户",
    "risky_type": "{fraud_type}类诈骗损失大、周期长",
    "medium_amount": "涉及金额{amount}元，达到中危标准{threshold}元",
    "elderly": "预警对象为{age}岁老人",
    "default": "未命中更高等级规则",
}

HOUSE_NUMBER_RANGE = "{low}-{high}号"

ROUTE_NOTES = {
    "compound": "按小区匹配：{compound}",
    "fuzzy": "按小区模糊匹配：{compound}（相似度{score}）",
    "street_number": "按门牌匹配：{street}{number}",
    "unmatched": "地址未能匹配辖区，待中心人工分派",
    "ambiguous": "地址未写区县，{districts}都有此地址，待中心选择",
    "no_address": "无地址，待中心人工分派",
    "manual": "人工分派",
}


# --- cases (案件) ---------------------------------------------------------------------------

IMPORT_STATUSES = {
    "needs_mapping": "待映射列",
    "queued": "排队中",
    "running": "导入中",
    "done": "已导入",
    "failed": "未导入",
    "cancelled": "已取消",
}

CASE_STATUSES = {
    "draft": "待受理",
    "registered": "已受理",
    "closed": "已结案",
    "voided": "已作废",
}

TRANSFER_CHANNELS = {
    "bank_transfer": "银行转账",
    "alipay": "支付宝",
    "wechat": "微信",
    "online_banking": "网银",
    "mobile_banking": "手机银行",
    "atm": "ATM",
    "cash": "现金",
}

INDICATOR_KINDS = {
    "account": "银行账户",
    "phone": "电话号码",
    "wechat": "微信号",
    "qq": "QQ号",
    "alipay": "支付宝账号",
    "domain": "网址/域名",
    "app": "APP",
    "ip": "IP地址",
    "device": "设备号",
}

INDICATOR_SOURCES = {
    "transfer": "受害人转账",
    "statement": "流水追踪",
    "manual": "研判录入",
    "imported": "批量导入",
}

GANG_STATUSES = {"suggested": "系统串并", "confirmed": "已确认", "dissolved": "已拆散"}

AT_RISK_KINDS = {"payer": "向涉诈账户转账", "contact": "与涉诈号码通话"}

AT_RISK_STATUSES = {
    "needs_identity": "待补充联系方式",
    "ready": "待推送",
    "pushed": "已推送预警",
    "reported": "已报案",
    "dismissed": "不推送",
}

BLOCK_TARGETS = {
    "china_mobile": "中国移动",
    "china_unicom": "中国联通",
    "china_telecom": "中国电信",
    "carrier": "其他运营商",
    "tencent": "腾讯",
    "alibaba": "阿里巴巴（支付宝）",
    "registrar": "域名注册商/工信部",
    "app_store": "应用商店",
}

BLOCK_STATUSES = {
    "draft": "草稿",
    "submitted": "已报送",
    "accepted": "已受理",
    "done": "已封停",
    "refused": "未采纳",
    "appealed": "申诉中",
    "lifted": "已解封",
}

LEAD_STATUSES = {"sent": "待反馈", "answered": "已反馈", "closed": "已办结"}

# Unit scope (fanzha.org.scope): what a unit is shown of records that are not its own.
SCOPE = {
    "other_cases": "另有 {n} 起其他单位案件",
    "refused": "请求查看管辖范围以外的记录",
}
