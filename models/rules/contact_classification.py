"""A contact's classification: business relations, industry groups, mailing groups, job responsibilities and
profile answers. Each list given replaces that classification; an omitted list is left as it is."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from segmentum.models.classifications import CLASSIFICATIONS, Classification
from segmentum.models.contacts import Contact, ContactProfileAnswer
from segmentum.models.enums import ContactType, ErrorCode, ProfileLineType
from segmentum.models.errors import DomainError, FieldError, shown
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine
from segmentum.models.rules.common import fits, path
from segmentum.models.rules.ratings import recompute_contact

ONLY_MESSAGE = {
    ContactType.COMPANY: "{what} belong to companies; contact {no} is a person (persons inherit them from their "
    "company).",
    ContactType.PERSON: "{what} belong to persons; contact {no} is a company.",
}


def _codes(values: list[str]) -> list[str]:
    # Upper-cased as BC codes, duplicates dropped, order kept.
    return list(dict.fromkeys(str(v).strip().upper() for v in values))


async def _resolve_codes(contact: Contact, a: Classification, raw: list[str]) -> list[int]:
    codes = _codes(raw)
    if a.level is not None and codes and contact.type != a.level:
        message = ONLY_MESSAGE[a.level].format(what=a.name + " codes", no=contact.no)
        raise DomainError(ErrorCode.INVALID, message, path(a.codes_field))
    if not codes:
        return []
    known = [c for c in codes if fits(a.master, "code", c)]
    found = {m.code: m.pk for m in await a.master.filter(code__in=known)} if known else {}
    missing = [
        FieldError(ErrorCode.NOT_FOUND, f"{a.name} {shown(c)} does not exist.", path(a.codes_field, str(i)))
        for i, c in enumerate(codes)
        if c not in found
    ]
    if missing:
        raise DomainError(missing)
    return [found[c] for c in codes]


async def _resolve_answers(contact: Contact, refs: list[dict[str, Any]]) -> list[ContactProfileAnswer]:
    """Each (questionnaire code, answer line no.) must name an answer line; one answer per single-answer
    question. Returns unsaved assignment rows."""
    codes = _codes([r["questionnaire_code"] for r in refs])
    known = [c for c in codes if fits(ProfileQuestionnaire, "code", c)]
    questionnaires = {q.code: q for q in await ProfileQuestionnaire.filter(code__in=known)} if known else {}
    line_nos = {int(r["answer_line_no"]) for r in refs}
    lines: dict[tuple[int, int], ProfileQuestionnaireLine] = {}
    if questionnaires and line_nos:
        for row in await ProfileQuestionnaireLine.filter(
            questionnaire_id__in=[q.id for q in questionnaires.values()], line_no__in=list(line_nos)
        ).select_related("question"):
            lines[(row.questionnaire_id, row.line_no)] = row

    rows: dict[tuple[int, int], ContactProfileAnswer] = {}
    per_question: dict[int, list[ProfileQuestionnaireLine]] = defaultdict(list)
    for i, ref in enumerate(refs):
        here = path("profileAnswers", str(i))
        code, line_no = str(ref["questionnaire_code"]).strip().upper(), int(ref["answer_line_no"])
        questionnaire = questionnaires.get(code)
        if questionnaire is None:
            raise DomainError(
                ErrorCode.NOT_FOUND, f"Profile questionnaire {shown(code)} does not exist.",
                [*here, "questionnaireCode"]
            )
        if questionnaire.contact_type is not None and questionnaire.contact_type != contact.type:
            raise DomainError(
                ErrorCode.INVALID,
                f"Profile questionnaire {shown(code)} is for "
                f"{questionnaire.contact_type.lower()} contacts; contact {contact.no} is a "
                f"{contact.type.lower()}.",
                [*here, "questionnaireCode"],
            )
        line = lines.get((questionnaire.id, line_no))
        if line is None:
            raise DomainError(
                ErrorCode.NOT_FOUND, f"Profile questionnaire {shown(code)} has no line {line_no}.",
                [*here, "answerLineNo"]
            )
        if line.type != ProfileLineType.ANSWER or line.question_id is None:
            raise DomainError(
                ErrorCode.INVALID,
                f"Line {line_no} of profile questionnaire {shown(code)} is a question, not an answer.",
                [*here, "answerLineNo"],
            )
        if (questionnaire.id, line_no) in rows:
            continue
        per_question[line.question_id].append(line)
        question = line.question
        assert question is not None  # an answer line always has its question
        if question.rating:
            raise DomainError(
                ErrorCode.INVALID,
                f"Question {shown(question.description)} (line {question.line_no} of profile questionnaire "
                f"{shown(code)}) is a rating question: its answer is computed from the contact's other answers.",
                [*here, "answerLineNo"],
            )
        if len(per_question[line.question_id]) > 1 and not question.multiple_answers:
            raise DomainError(
                ErrorCode.INVALID,
                f"Question {shown(question.description)} (line {question.line_no} of "
                f"profile questionnaire {shown(code)}) takes one answer only.",
                [*here, "answerLineNo"],
            )
        rows[(questionnaire.id, line_no)] = ContactProfileAnswer(
            contact_id=contact.id, questionnaire_id=questionnaire.id, question_id=line.question_id, answer_id=line.id
        )
    return list(rows.values())


async def set_classification(contact: Contact, data: dict[str, Any]) -> Contact:
    """Validate every list first, then replace the given ones: one DELETE and one bulk INSERT per list."""
    planned: list[tuple[type[Any], list[Any]]] = []
    for a in CLASSIFICATIONS:
        if data.get(a.codes_key) is None:
            continue
        ids = await _resolve_codes(contact, a, data[a.codes_key])
        planned.append((a.link, [a.link(contact_id=contact.id, **{a.link_fk: pk}) for pk in ids]))
    if data.get("profile_answers") is not None:
        planned.append((ContactProfileAnswer, await _resolve_answers(contact, data["profile_answers"])))
    for link, rows in planned:
        await link.filter(contact_id=contact.id).delete()
        if rows:
            await link.bulk_create(rows)
    if data.get("profile_answers") is not None:
        await recompute_contact(contact.id)
    if planned:
        await contact.save(update_fields=["updated_at"])
    return contact
