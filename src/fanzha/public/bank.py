"""The quiz bank (答题题库) the staff manage: add, edit, retire and restore questions, and import
them from Excel (all or nothing). One check (`check_question`) serves the form and the sheet."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.excel import Column, ImportFailed, ImportReport, RowError
from fanzha.fraud import FraudType
from fanzha.i18n import public as i18n
from fanzha.i18n import zh_CN
from fanzha.public.errors import QuestionNotFound
from fanzha.public.models import QuestionKind, QuizQuestion

LETTERS = string.ascii_uppercase[:6]
MAX_OPTIONS, MAX_STEM, MAX_OPTION, MAX_EXPLANATION = 6, 300, 100, 500
IMPORT_LIMIT = 2_000
# The ten types of DOMAIN.md; 其他 is not a quiz topic.
QUIZ_TYPES = tuple(t for t in FraudType if t is not FraudType.other)
_TYPE_BY_LABEL = {zh_CN.FRAUD_TYPES[t.value]: t for t in QUIZ_TYPES}


@dataclass(frozen=True)
class QuestionDraft:
    """A question as checked, ready to store."""

    fraud_type: FraudType
    kind: QuestionKind
    stem: str
    options: list[str]
    answer: list[int]
    explanation: str


def letters_of(answer: Sequence[int]) -> str:
    return "".join(LETTERS[i] for i in sorted(answer))


def check_question(fields: Mapping[str, object]) -> tuple[QuestionDraft | None, dict[str, str]]:
    """`fields` (fraud_type: a type's value or its Chinese name; kind: single/multiple or
    单选/多选; stem; options: a list of texts; answer: letters such as "AC"; explanation) as a
    draft, or None and a Chinese problem per field."""
    problems: dict[str, str] = {}
    raw_type = str(fields.get("fraud_type") or "").strip()
    fraud_type = _TYPE_BY_LABEL.get(raw_type) or next(
        (t for t in QUIZ_TYPES if t.value == raw_type), None
    )
    if fraud_type is None:
        problems["fraud_type"] = i18n.QUESTION_PROBLEMS["fraud_type"].format(value=raw_type)
    raw_kind = str(fields.get("kind") or "").strip()
    kind_value = i18n.KIND_WORDS.get(raw_kind, raw_kind)
    kind = QuestionKind(kind_value) if kind_value in QuestionKind.__members__ else None
    if kind is None:
        problems["kind"] = i18n.QUESTION_PROBLEMS["kind"]
    stem = " ".join(str(fields.get("stem") or "").split())
    if not stem or len(stem) > MAX_STEM:
        problems["stem"] = i18n.QUESTION_PROBLEMS["stem"]
    raw_options = fields.get("options") or []
    options = [" ".join(str(o).split()) for o in raw_options]  # type: ignore[union-attr]
    options = [o for o in options if o]
    if not 2 <= len(options) <= MAX_OPTIONS or any(len(o) > MAX_OPTION for o in options):
        problems["options"] = i18n.QUESTION_PROBLEMS["options"]
    letters = "".join(str(fields.get("answer") or "").split()).upper().replace("，", "")
    letters = letters.replace(",", "").replace("、", "")
    answer: list[int] = []
    if not letters or any(c not in LETTERS for c in letters):
        problems["answer"] = i18n.QUESTION_PROBLEMS["answer_letters"].format(value=letters)
    else:
        answer = sorted({LETTERS.index(c) for c in letters})
        if "options" not in problems and answer[-1] >= len(options):
            problems["answer"] = i18n.QUESTION_PROBLEMS["answer_range"].format(value=letters)
        elif kind is QuestionKind.single and len(answer) != 1:
            problems["answer"] = i18n.QUESTION_PROBLEMS["single_one"]
        elif kind is QuestionKind.multiple and len(answer) < 2:
            problems["answer"] = i18n.QUESTION_PROBLEMS["multiple_two"]
    explanation = str(fields.get("explanation") or "").strip()
    if not explanation or len(explanation) > MAX_EXPLANATION:
        problems["explanation"] = i18n.QUESTION_PROBLEMS["explanation"]
    if problems or fraud_type is None or kind is None:
        return None, problems
    return QuestionDraft(fraud_type, kind, stem, options, answer, explanation), {}


def add_question(session: Session, draft: QuestionDraft) -> QuizQuestion:
    """Store a checked question; it is drawn into rounds from now on."""
    question = QuizQuestion(**draft.__dict__)
    session.add(question)
    session.flush()
    return question


def get_question(session: Session, question_id: int) -> QuizQuestion:
    """The question; QuestionNotFound."""
    question = session.get(QuizQuestion, question_id)
    if question is None:
        raise QuestionNotFound()
    return question


def edit_question(session: Session, question_id: int, draft: QuestionDraft) -> QuizQuestion:
    """Change a question in place (rounds already handed in keep their verdicts)."""
    question = get_question(session, question_id)
    for key, value in draft.__dict__.items():
        setattr(question, key, value)
    question.updated_at = clock.now()
    session.flush()
    return question


def set_retired(session: Session, question_id: int, retired: bool) -> QuizQuestion:
    """Retire a question (no longer drawn; past rounds keep it) or bring it back."""
    question = get_question(session, question_id)
    question.retired_at = clock.now() if retired else None
    session.flush()
    return question


def list_questions(session: Session) -> list[QuizQuestion]:
    return list(session.execute(select(QuizQuestion).order_by(QuizQuestion.id)).scalars())


# --- Excel --------------------------------------------------------------------------------

_KEYS = ("fraud_type", "kind", "stem", "a", "b", "c", "d", "e", "f", "answer", "explanation")
_CHOICES = {"fraud_type": tuple(_TYPE_BY_LABEL), "kind": i18n.KIND_CHOICES}
COLUMNS = tuple(
    Column(
        header,
        key,
        required=key in ("fraud_type", "kind", "stem", "a", "b", "answer", "explanation"),
        choices=_CHOICES.get(key, ()),
        width=40 if key in ("stem", "explanation") else 16,
    )
    for header, key in zip(i18n.IMPORT_COLUMNS, _KEYS, strict=True)
)
_HEADER_OF = {"fraud_type": 0, "kind": 1, "stem": 2, "options": 3, "answer": 9, "explanation": 10}


def import_template() -> bytes:
    return excel.template(i18n.STAFF["import_label"], COLUMNS, (i18n.IMPORT_HINT,))


def import_questions(session: Session, content: bytes) -> ImportReport:
    """Every row of the sheet as a question, or none: ImportFailed lists each bad row with its
    row number and column, and nothing is stored. Too big a file: uploads' limits."""
    drafts: list[QuestionDraft] = []
    errors: list[RowError] = []
    for number, record in excel.read_rows(content, COLUMNS, limit=IMPORT_LIMIT):
        fields = {**record, "options": [record[k] for k in "abcdef"]}
        draft, problems = check_question(fields)
        for key, message in problems.items():
            errors.append(RowError(number, i18n.IMPORT_COLUMNS[_HEADER_OF[key]], message))
        if draft is not None:
            drafts.append(draft)
    if errors:
        raise ImportFailed(errors)
    if not drafts:
        raise ImportFailed([RowError(1, "", zh_CN.IMPORT["empty"])])
    for draft in drafts:
        add_question(session, draft)
    return ImportReport(i18n.STAFF["imported"].format(count=len(drafts)), len(drafts))
