"""Rating questions (BC §1.2, the Rating table): a question whose answer is computed, for each contact, from the
points of its answers to other questions; the answer whose range [fromValue, toValue] holds the sum is the
contact's. The computed answers are ordinary profile answers, so criteria select by them like any other.

Every recomputation is two statements over all the contacts concerned at once: the old computed answers go,
the new ones are inserted from one grouped sum. A rated answer may not itself be the answer of a rating question,
so the sums never depend on other computed answers (no order, no cycles).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from segmentum.models.enums import ErrorCode, ProfileLineType
from segmentum.models.errors import DomainError, FieldError, shown
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine, ProfileRating
from segmentum.models.rules.common import path
from segmentum.models.sql import Params, execute

MAX_POINTS = Decimal("1000000000")


def value(raw: Any, *field: str) -> Decimal:
    """A finite amount of points within ±MAX_POINTS, to two decimals."""
    try:
        number = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(ErrorCode.INVALID, f"{shown(raw)} is not a number.", path(*field)) from exc
    if not number.is_finite() or abs(number) > MAX_POINTS:
        raise DomainError(ErrorCode.INVALID, f"{shown(raw)} must be a finite number within ±{MAX_POINTS:,}.",
                          path(*field))
    return number.quantize(Decimal("0.01"))


def check_ranges(ranges: list[tuple[Decimal, Decimal]], *field: str) -> None:
    """Each range from <= to; no two overlap (a sum must give one answer). Sorted once: linear after."""
    errors = [FieldError(ErrorCode.INVALID, f"Answer range {lo}..{hi} ends before it starts.", path(*field, str(i)))
              for i, (lo, hi) in enumerate(ranges) if hi < lo]
    if errors:
        raise DomainError(errors)
    ordered = sorted(enumerate(ranges), key=lambda item: item[1][0])
    for (_, (_, hi)), (j, (lo, _)) in zip(ordered, ordered[1:], strict=False):
        if lo <= hi:
            raise DomainError(ErrorCode.INVALID, f"Answer range starting at {lo} overlaps the one ending at {hi}.",
                              path(*field, str(j)))


def _recompute_sql(p: Params, cond: str) -> str:
    return (
        "INSERT INTO contact_profile_answer (contact_id, questionnaire_id, question_id, answer_id) "
        "SELECT s.contact_id, a.questionnaire_id, a.question_id, a.id FROM ("
        # Numbers compared as numbers: SQLite keeps decimals as text.
        "SELECT r.question_id, x.contact_id, SUM(CAST(r.points AS NUMERIC)) AS points FROM profile_rating r "
        f"JOIN contact_profile_answer x ON x.answer_id = r.answer_id WHERE {cond} "
        "GROUP BY r.question_id, x.contact_id) s "
        f"JOIN profile_questionnaire_line a ON a.question_id = s.question_id AND a.type = "
        f"{p.add(ProfileLineType.ANSWER.value)} AND s.points >= CAST(a.from_value AS NUMERIC) "
        "AND s.points <= CAST(a.to_value AS NUMERIC) "
        "JOIN profile_questionnaire q ON q.id = a.questionnaire_id JOIN contact c ON c.id = s.contact_id "
        "WHERE q.contact_type IS NULL OR q.contact_type = c.type"
    )


async def recompute_question(question_id: int) -> int:
    """Every contact's answer to one rating question (its rating table changed); the answers written."""
    p = Params()
    await execute(f"DELETE FROM contact_profile_answer WHERE question_id = {p.add(question_id)}", p)
    q = Params()
    return await execute(_recompute_sql(q, f"r.question_id = {q.add(question_id)}"), q)


async def recompute_contact(contact_id: int) -> int:
    """One contact's answers to every rating question (its answers changed)."""
    p = Params()
    await execute(
        f"DELETE FROM contact_profile_answer WHERE contact_id = {p.add(contact_id)} AND question_id IN "
        f"(SELECT id FROM profile_questionnaire_line WHERE rating = {p.add(True)})", p)
    q = Params()
    return await execute(_recompute_sql(q, f"x.contact_id = {q.add(contact_id)}"), q)


async def _line(code: Any, line_no: Any, code_field: str, line_field: str) -> ProfileQuestionnaireLine:
    key = str(code or "").strip().upper()
    questionnaire = await ProfileQuestionnaire.filter(code=key).first() if 0 < len(key) <= 20 else None
    if questionnaire is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Profile questionnaire {shown(code)} does not exist.",
                          path(code_field))
    line = await ProfileQuestionnaireLine.filter(questionnaire_id=questionnaire.id, line_no=line_no).first()
    if line is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Profile questionnaire {shown(key)} has no line {line_no}.",
                          path(line_field))
    return line


async def _pair(data: dict[str, Any]) -> tuple[ProfileQuestionnaireLine, ProfileQuestionnaireLine]:
    question = await _line(data.get("questionnaire_code"), data.get("question_line_no"), "questionnaireCode",
                           "questionLineNo")
    if question.type != ProfileLineType.QUESTION or not question.rating:
        raise DomainError(ErrorCode.INVALID, f"Line {question.line_no} is not a rating question.",
                          path("questionLineNo"))
    answer = await _line(data.get("answer_questionnaire_code") or data.get("questionnaire_code"),
                         data.get("answer_line_no"), "answerQuestionnaireCode", "answerLineNo")
    if answer.type != ProfileLineType.ANSWER or answer.question_id is None:
        raise DomainError(ErrorCode.INVALID, f"Line {answer.line_no} is a question, not an answer.",
                          path("answerLineNo"))
    if await ProfileQuestionnaireLine.filter(id=answer.question_id, rating=True).exists():
        raise DomainError(ErrorCode.INVALID, f"Line {answer.line_no} answers a rating question: a rating counts "
                          "only answers given by hand.", path("answerLineNo"))
    return question, answer


async def set_rating(data: dict[str, Any]) -> tuple[ProfileRating, int]:
    """The points of one answer towards a rating question; every contact's rating is recomputed."""
    question, answer = await _pair(data)
    points = value(data.get("points"), "points")
    rating = await ProfileRating.filter(question_id=question.id, answer_id=answer.id).first()
    if rating is None:
        rating = ProfileRating(question_id=question.id, answer_id=answer.id, points=points)
    rating.points = points
    await rating.save()
    return rating, await recompute_question(question.id)


async def delete_rating(data: dict[str, Any]) -> int:
    question, answer = await _pair(data)
    if not await ProfileRating.filter(question_id=question.id, answer_id=answer.id).delete():
        raise DomainError(ErrorCode.NOT_FOUND, f"Rating question line {question.line_no} counts no points for "
                          f"answer line {answer.line_no}.", path("answerLineNo"))
    return await recompute_question(question.id)
