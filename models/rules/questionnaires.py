"""Profile questionnaires: a header with questions and their answers as numbered lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from segmentum.models.contacts import ContactProfileAnswer
from segmentum.models.enums import ContactType, ErrorCode, ProfileLineType
from segmentum.models.errors import DomainError, shown
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine
from segmentum.models.rules.common import code_value, path, require_text, unique_code
from segmentum.models.rules.ratings import check_ranges, value

LINE_STEP = 10000


def _contact_type(value: Any) -> ContactType | None:
    return None if value is None else ContactType(value)


def _line_text(value: Any, label: str, *field: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(ErrorCode.REQUIRED, f"{label} must have a value.", path(*field))
    if len(text) > 250:
        raise DomainError(ErrorCode.INVALID, f"{label} {shown(text)} is longer than 250 characters.", path(*field))
    return text


def _ranges(question: dict[str, Any], answers: int, qi: int) -> list[tuple[Decimal, Decimal]]:
    """A rating question's answers each have a range of points (answerRanges, one per answer, not overlapping);
    other questions have none."""
    given = question.get("answer_ranges")
    field = ("questions", str(qi), "answerRanges")
    if not question.get("rating"):
        if given:
            raise DomainError(ErrorCode.INVALID, "answerRanges are for rating questions only (rating: true).",
                              path(*field))
        return []
    if question.get("multiple_answers"):
        raise DomainError(ErrorCode.INVALID, "A rating question has one computed answer: multipleAnswers must be "
                          "false.", path("questions", str(qi), "multipleAnswers"))
    if given is None or len(given) != answers:
        raise DomainError(ErrorCode.INVALID, f"A rating question needs one answer range per answer: {answers} "
                          f"answers, {0 if given is None else len(given)} ranges.", path(*field))
    ranges = [(value(r.get("from_value"), *field, str(i), "fromValue"), value(r.get("to_value"), *field, str(i),
                                                                              "toValue"))
              for i, r in enumerate(given)]
    check_ranges(ranges, *field)
    return ranges


async def _write_lines(questionnaire: ProfileQuestionnaire, questions: list[dict[str, Any]]) -> None:
    # As BC: one numbered sequence with each question directly followed by its answers.
    line_no = 0
    for qi, question in enumerate(questions):
        line_no += LINE_STEP
        texts = question.get("answers") or []
        ranges = _ranges(question, len(texts), qi)
        q = await ProfileQuestionnaireLine.create(
            questionnaire=questionnaire,
            line_no=line_no,
            type=ProfileLineType.QUESTION,
            description=_line_text(
                question.get("description"), "Question description", "questions", str(qi), "description"
            ),
            multiple_answers=bool(question.get("multiple_answers") or False),
            rating=bool(question.get("rating") or False),
        )
        answers = [
            ProfileQuestionnaireLine(
                questionnaire=questionnaire,
                line_no=line_no + LINE_STEP * (ai + 1),
                type=ProfileLineType.ANSWER,
                description=_line_text(answer, "Answer", "questions", str(qi), "answers", str(ai)),
                question=q,
                from_value=ranges[ai][0] if ranges else None,
                to_value=ranges[ai][1] if ranges else None,
            )
            for ai, answer in enumerate(texts)
        ]
        line_no += LINE_STEP * len(answers)
        if answers:
            await ProfileQuestionnaireLine.bulk_create(answers)


async def create_questionnaire(data: dict[str, Any]) -> ProfileQuestionnaire:
    code = code_value(data.get("code"), max_length=20)
    await unique_code(ProfileQuestionnaire, code)
    questionnaire = await ProfileQuestionnaire.create(
        code=code,
        description=require_text(data.get("description"), "description", 100, "Description"),
        contact_type=_contact_type(data.get("contact_type")),
    )
    await _write_lines(questionnaire, data.get("questions") or [])
    return questionnaire


async def update_questionnaire(questionnaire: ProfileQuestionnaire, changes: dict[str, Any]) -> ProfileQuestionnaire:
    if "description" in changes:
        questionnaire.description = require_text(changes["description"], "description", 100, "Description")
    if "contact_type" in changes:
        # The column is nullable (any contact type); Tortoise's field typing does not say so.
        questionnaire.contact_type = _contact_type(changes["contact_type"])  # type: ignore[assignment]
    await questionnaire.save()
    if changes.get("questions") is not None:
        await _ensure_unanswered(questionnaire, "questions")
        await ProfileQuestionnaireLine.filter(questionnaire_id=questionnaire.id, question_id__isnull=False).delete()
        await ProfileQuestionnaireLine.filter(questionnaire_id=questionnaire.id).delete()
        await _write_lines(questionnaire, changes["questions"])
    return questionnaire


async def delete_questionnaire(questionnaire: ProfileQuestionnaire) -> None:
    await _ensure_unanswered(questionnaire, "id")
    await questionnaire.delete()


async def _ensure_unanswered(questionnaire: ProfileQuestionnaire, field: str) -> None:
    if await ContactProfileAnswer.filter(questionnaire_id=questionnaire.id).exists():
        raise DomainError(
            ErrorCode.IN_USE,
            f"Profile questionnaire {shown(questionnaire.code)} has answers of contacts.",
            path(field),
        )
