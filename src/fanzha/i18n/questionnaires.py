"""Text of questionnaires (问卷) and the awareness survey (知晓率调查)."""

from __future__ import annotations

ERRORS = {
    "questionnaire_not_found": "问卷不存在或您无权查看",
    "questionnaire_retired": "问卷已停用，不能再修改或作答",
    "questionnaire_not_editable": "该问卷属于上级单位，您只能使用，不能修改",
    "questions_invalid": "第{n}题：{problem}",
    "questionnaire_title_invalid": "问卷标题不能为空，且不超过 200 字",
    "questionnaire_empty": "问卷至少需要一道题",
    "answers_invalid": "答卷格式有误",
    "answer_unknown_question": "问卷中没有题目“{key}”",
    "answer_required": "第{n}题“{title}”为必答题",
    "answer_not_an_option": "第{n}题“{title}”的答案不在选项中",
    "answer_one_only": "第{n}题“{title}”只能选一项",
    "answer_not_a_number": "第{n}题“{title}”须填写数字",
    "answer_below_min": "第{n}题“{title}”不能小于 {limit}",
    "answer_above_max": "第{n}题“{title}”不能大于 {limit}",
    "answer_too_long": "第{n}题“{title}”不能超过 {limit} 字",
    "survey_not_found": "调查不存在或您无权查看",
    "survey_not_scored": "用于知晓率调查的问卷至少需要一道设有正确答案的题",
    "survey_batch_size": "每批调查码数量须在 1 到 {limit} 之间",
    "survey_batch_no_place": "请选择网格或填写宣传活动",
    "survey_code_unknown": "调查码无效，请核对后重新输入",
    "survey_code_used": "该调查码已使用，每个调查码只能作答一次。感谢您的参与！",
    "survey_closed": "本次调查已结束，感谢您的关注",
}

# Problems in a question's definition (QuestionsInvalid's {problem}).
PROBLEMS = {
    "not_object": "题目格式有误",
    "kind": "题型须为单选、多选、填空或数字",
    "title": "题目不能为空，且不超过 200 字",
    "options": "选择题至少需要两个选项，选项不能为空或重复，且不超过 100 字",
    "correct": "正确答案须是该题的选项",
    "correct_one": "单选题只能有一个正确答案",
    "bounds": "最小值不能大于最大值",
    "number": "数值须为有限数字",
    "key": "题目编号重复或有误",
    "too_many": "题目过多（最多 {limit} 题）",
}

KINDS = {"single": "单选", "multiple": "多选", "text": "填空", "number": "数字"}
PURPOSES = {
    "door_knock": "入户走访",
    "awareness": "知晓率调查",
    "training": "培训测验",
    "other": "其他",
}
SOURCES = {
    "visit": "入户走访",
    "campaign": "专项行动",
    "grid": "网格",
    "event": "宣传活动",
    "training": "培训",
    "survey_code": "知晓率调查",
    "staff": "民警录入",
}

RETIRED = "已停用"
JOIN = "、"
LIST_EXPORT = ("标题", "用途", "所属单位", "创建时间", "状态")
EXPORT_FILE = "问卷结果-{title}.xlsx"
SHEETS = {"results": "结果", "raw": "原始答卷", "codes": "调查码"}
RESULT_HEADERS = ("题号", "题目", "题型", "作答人数", "选项/指标", "人数/数值", "占比%")
RAW_HEADERS = ("答卷编号", "作答时间", "版本", "来源", "来源编号")
NUMBER_FIGURES = {"mean": "平均数", "median": "中位数", "min": "最小值", "max": "最大值"}
RIGHT_ROW = "答对"
SMALL_SAMPLE = "样本量小"

# The awareness survey's pages and files.
LEVELS = {
    "grid": "网格/活动",
    "community": "社区",
    "station": "派出所",
    "branch": "分局",
    "survey": "全部",
}
EVENT_LABEL = "活动 {ref}"
AWARENESS_HEADERS = (
    "地点",
    "样本量",
    "知晓人数",
    "知晓率%",
    "95%置信区间下限%",
    "95%置信区间上限%",
    "提示",
)
AWARENESS_FILE = "知晓率-{title}.xlsx"
CODES_HEADERS = ("序号", "调查码", "链接", "状态")
CODES_FILE = "调查码-{title}-第{batch}批.xlsx"
CODE_USED = "已作答"
CODE_FREE = "未使用"
