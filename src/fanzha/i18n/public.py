"""Text of the citizens' site (/public/): the layout, the quiz, the risk check, and the staff
pages that manage them."""

from __future__ import annotations

# The center as citizens read it when no name is set (FANZHA_PUBLIC_CENTER_NAME).
CENTER_NAME = "{city}公安局反电信网络诈骗中心"
HOTLINE = "96110"

NAV = {
    "home": "首页",
    "quiz": "反诈答题",
    "risk": "风险查询",
    "survey": "知晓率调查",
    "tips": "线索举报",
    "citizens_quiz": "答题题库",
    "citizens_sources": "答题来源",
    "citizens_risk": "风险查询统计",
}

BLURBS = {
    "quiz": "10 道题测一测您的防骗能力",
    "risk": "查一查对方的电话、账户、网址是否涉诈",
    "survey": "参与反诈知晓率抽样调查",
    "tips": "向反诈中心提供诈骗线索，可匿名",
}

ERRORS = {
    "survey_code_not_open": (
        "调查码无效或已使用（每个调查码只能作答一次）。请核对后重新输入；如您已作答，感谢您的参与！"
    ),
    "public_rate_limited": "操作太频繁，请稍后再试（约 {seconds} 秒后）。如遇紧急情况请拨打 96110",
    "public_captcha_required": "请先输入图中的验证码",
    "public_captcha_wrong": "验证码不正确或已过期，请看清新图片后重新输入",
    "quiz_round_not_found": "该答题记录不存在或已过期，请重新开始答题",
    "quiz_round_finished": "这一轮已经交卷，不能重复提交",
    "quiz_answer_missing": "还有 {count} 道题没有作答，请答完再交卷",
    "quiz_no_questions": "题库中暂时没有可用的题目，请稍后再来",
    "quiz_question_not_found": "该题目不存在",
    "quiz_bad_source": "答题来源的链接不正确",
    "risk_kind_unknown": "请选择要查询的类型",
    "risk_value_invalid": "{message}",
    "tip_category_unknown": "请选择举报的类别",
    "tip_description_missing": "请描述您要举报的情况",
    "tip_text_too_long": "内容太长，请控制在 {limit} 字以内",
    "tip_identity_incomplete": "选择实名举报时，请填写姓名、手机号码和身份证号码",
    "tip_phone_invalid": "手机号码格式不正确，请填写 11 位手机号码",
    "tip_id_number_invalid": "身份证号码不正确，请核对后重新填写",
    "tip_too_many_attachments": "每次最多上传 {limit} 张图片",
    "tip_attachment_too_big": "每张图片不能超过 {limit} MB",
    "tip_code_wrong": "回执码不正确，请核对 16 位数字后重新输入",
    "tip_code_tries_exhausted": "回执码输错次数过多，请一小时后再试。如遇紧急情况请拨打 96110",
    "tip_key_missing": "举报服务暂时不可用，请拨打 96110 或稍后再试",
}

QUIZ = {
    "single": "单选题",
    "multiple": "多选题",
    "intro": "共 {count} 道题，涵盖常见的诈骗类型。答完交卷后可查看得分和每道题的解析。",
    "start": "开始答题",
    "submit": "交卷",
    "score": "得分",
    "correct_count": "答对 {right} / {total} 题",
    "your_answer": "您的答案",
    "right_answer": "正确答案",
    "explanation": "解析",
    "card": "保存成绩卡片",
    "again": "再答一轮",
    "card_title": "反诈答题成绩",
    "card_score": "{score} 分",
    "card_line": "答对 {right} / {total} 题",
    "card_footer": "识骗防骗 · 遇到可疑情况请拨打 96110",
    "unanswered": "未作答",
    "verdict_ok": "✓ 答对了",
    "verdict_wrong": "✗ 答错了",
}

# The grade of a round, highest threshold first (percent).
QUIZ_GRADES = (
    (90, "防骗达人！请把这些知识分享给家人朋友。"),
    (60, "不错！再看看答错的题目，防骗意识会更强。"),
    (0, "要多加小心！请认真看看下面的解析。"),
)

SOURCE_KINDS = {"campaign": "宣传活动计划", "event": "宣传活动", "grid": "网格"}

RISK = {
    "title": "风险查询",
    "lead": "有人让您拨打某个电话、向某个账户转账、添加某个微信/QQ或打开某个网址？先查一查。",
    "kind": "查询类型",
    "value": "号码或网址",
    "submit": "查询",
    "kinds": {
        "phone": "电话号码",
        "account": "银行卡号/账号",
        "chat": "微信号/QQ号/支付宝账号",
        "url": "网址",
    },
    "yes_title": "高风险！该{kind}已被认定为涉诈",
    "yes_advice": (
        "请立即停止联系，不要转账、不要提供验证码和银行卡信息、不要下载对方提供的APP。"
        "如已转账，请马上拨打 96110 或 110 报警。"
    ),
    "no_title": "暂未发现该{kind}的涉诈记录",
    "no_advice": (
        "查不到不代表安全：骗子会不断更换号码和账户。凡是要求转账、刷单、贷款先交钱、"
        "冒充公检法要求资金核查的，都是诈骗。拿不准时请拨打 96110 咨询。"
    ),
    "privacy": "查询只统计次数，不记录您是谁。",
}

STAFF = {
    "questions": "答题题库",
    "new_question": "新增题目",
    "edit_question": "编辑题目",
    "retire": "停用",
    "restore": "恢复使用",
    "retired": "已停用",
    "active": "使用中",
    "import": "Excel 导入题目",
    "import_label": "答题题目",
    "rate": "答对率",
    "answer_col": "正确答案",
    "answered": "作答次数",
    "hardest": "最难的题目（答对率从低到高）",
    "sources": "答题来源",
    "participants": "参与人次",
    "finished": "交卷人次",
    "average": "平均分",
    "qr": "二维码",
    "risk_week": "本周群众查询的涉诈要素",
    "risk_unknown": "未命中要素的查询",
    "hits": "查询次数",
    "confirmed": "已认定涉诈",
    "not_confirmed": "未认定",
    "saved": "题目已保存",
    "retired_flash": "题目已停用，不再出现在新的答题中",
    "restored_flash": "题目已恢复使用",
    "imported": "已导入 {count} 道题目",
    "template_file": "答题题目导入模板.xlsx",
}

# The question form's fields and the Excel template's columns, in order.
QUESTION_FIELDS = {
    "fraud_type": "诈骗类型",
    "kind": "题型",
    "stem": "题干",
    "options": "选项（每行一个，2–6 个）",
    "answer": "正确答案（如 A 或 AC）",
    "explanation": "解析",
}
IMPORT_COLUMNS = (
    "诈骗类型",
    "题型",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "正确答案",
    "解析",
)
IMPORT_HINT = "题型填“单选”或“多选”；正确答案填选项字母，多选如“ACD”；选项至少两个。"
KIND_CHOICES = ("单选", "多选")  # the Excel template's drop-down
KIND_WORDS = {"单选": "single", "单选题": "single", "多选": "multiple", "多选题": "multiple"}

QUESTION_PROBLEMS = {
    "fraud_type": "诈骗类型“{value}”不在十类诈骗类型之中",
    "kind": "题型须为“单选”或“多选”",
    "stem": "请填写题干（不超过 300 字）",
    "options": "选项须有 2 到 6 个，每个不超过 100 字",
    "answer_letters": "正确答案“{value}”须为选项字母（A–F）",
    "answer_range": "正确答案“{value}”指向不存在的选项",
    "single_one": "单选题只能有一个正确答案",
    "multiple_two": "多选题至少要有两个正确答案",
    "explanation": "请填写解析（不超过 500 字）",
}


TIP_CATEGORIES = {
    "den": "诈骗窝点",
    "cards": "两卡收购贩卖",
    "withdrawal": "可疑取款",
    "card_opening": "可疑办卡",
    "site": "涉诈网址/APP",
    "other": "其他",
}

TIP_CHANNELS = {"web": "公众网站", "call110": "110", "letter": "来信", "visit": "来访"}

TIP_STATUSES = {"new": "待处理", "assigned": "已交办", "closed": "已办结"}

TIP_OUTCOMES = {
    "confirmed": "查实",
    "partly": "部分查实",
    "unfounded": "不实",
    "duplicate": "重复",
    "known": "已掌握",
}

TIPS = {
    "title": "线索举报",
    "lead": "发现诈骗窝点、收购贩卖银行卡和电话卡、可疑取款或办卡、涉诈网址和 APP，请告诉我们。",
    "category": "举报类别",
    "description": "情况描述",
    "description_hint": "时间、地点、人员、电话号码、账号、网址等，越具体越好",
    "attachments": "图片（可选，最多 {count} 张，每张不超过 {mb} MB）",
    "attachments_note": "图片的拍摄时间、地点等附加信息会被去除后才交给民警查看。",
    "mode": "举报方式",
    "anonymous": "匿名举报",
    "named": "实名举报",
    "named_note": "实名信息加密保存，只有经两名负责人批准才能查看，用于核实和奖励。",
    "name": "姓名",
    "phone": "手机号码",
    "id_number": "身份证号码",
    "no_recovery": (
        "提交后您会得到一个 16 位回执码，这是您日后查看答复、补充材料的唯一凭证。"
        "回执码只显示一次，丢失后无法找回，也不会通过短信或邮件发送，请务必抄写或打印保存。"
    ),
    "submit": "提交举报",
    "receipt_title": "举报已提交",
    "receipt_lead": "请保存下面的回执码。它只在这一页显示一次，丢失后无法找回。",
    "receipt_code": "回执码",
    "receipt_qr": "回执码二维码（请截图或打印保存，不要分享给他人）",
    "print": "打印本页",
    "saved": "我已保存回执码",
    "saved_done": "谢谢！您可以凭回执码在“查看进展”中查看中心的答复。",
    "check_title": "查看举报进展",
    "check_lead": "输入提交举报时得到的 16 位回执码，查看中心的答复、回答提问或补充材料。",
    "check_submit": "查看",
    "status": "办理状态",
    "your_tip": "您的举报",
    "messages": "往来消息",
    "from_center": "反诈中心",
    "from_you": "您",
    "no_messages": "中心暂未答复，请过几天再来查看。",
    "add_title": "回复或补充材料",
    "your_pictures": "您发送的图片（已去除拍摄位置等附加信息）",
    "add_body": "内容",
    "add_submit": "提交",
    "added": "已收到您的补充，谢谢。",
    "privacy": "本页不记录您的 IP 地址和设备信息。",
    "check_link": "已举报过？凭回执码查看进展",
}
