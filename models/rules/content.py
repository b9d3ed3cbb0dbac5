"""Per-language content records of interaction templates and segments (BC §1.12, §1.16, §2.3 step 2).

A segment's records are copied from its template when the template is set, and edited after. Which language a
line takes is one UPDATE over the segment's lines: its contact's language when the segment has a record for it,
else the header's default (lines personalised with another template are left alone, as BC's propagation does).
"""

from __future__ import annotations

from typing import Any

from segmentum.config.settings import Settings
from segmentum.models import attachments
from segmentum.models.content import InteractionLanguage
from segmentum.models.enums import ContentFormat, ErrorCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.interactions import InteractionTemplate, LoggedSegment
from segmentum.models.merge import check_body
from segmentum.models.rules.common import optional_code, optional_text, path, require_text
from segmentum.models.segments import Segment
from segmentum.models.sql import Params, dialect, execute, null_safe_equal

# Languages of one template or segment (its `languages` list stays bounded).
MAX_LANGUAGES = 100
COPIED = "language_code, description, subject, body, body_format, attachment_id"


def language_sql(segment_id_sql: str, default_sql: str, contact: str = "c") -> str:
    """A line's language over contact alias `contact`: the contact's when the segment has a record for it."""
    return (f"COALESCE((SELECT sl.language_code FROM interaction_language sl WHERE sl.segment_id = {segment_id_sql} "
            f"AND sl.language_code = {contact}.language_code), {default_sql})")


async def _apply(record: InteractionLanguage, data: dict[str, Any]) -> None:
    if "description" in data:
        record.description = require_text(data["description"], "description", 100, "Description")
    if "subject" in data:
        record.subject = optional_text(data["subject"], "subject", 100, "Subject")
    if data.get("body_format") is not None:
        record.body_format = ContentFormat(data["body_format"])
    if "body" in data:
        record.body = data["body"] or None  # type: ignore[assignment]
    if record.body is not None:
        check_body(record.body, record.body_format == ContentFormat.HTML, path("body"))
    if "attachment" in data:
        upload = data["attachment"]
        if upload is None:
            record.attachment_id = None
        elif not isinstance(upload, attachments.UploadedFile):
            raise DomainError(ErrorCode.INVALID, "attachment must be a file of a multipart request (the GraphQL "
                              "multipart request specification).", path("attachment"))
        else:
            settings = Settings.from_env()
            stored = await attachments.store(upload, settings.max_upload_bytes, path("attachment"),
                                             settings.attachment_dir)
            record.attachment_id = stored.id


async def _set(owner: dict[str, int], data: dict[str, Any], default_description: str) -> InteractionLanguage:
    code = optional_code(data.get("language_code"), "languageCode", 10, "Language code")
    if code is None:
        raise DomainError(ErrorCode.REQUIRED, "Language code must have a value.", path("languageCode"))
    record = await InteractionLanguage.filter(**owner, language_code=code).select_for_update().first()
    if record is None:
        if await InteractionLanguage.filter(**owner).count() >= MAX_LANGUAGES:
            raise DomainError(ErrorCode.INVALID, f"At most {MAX_LANGUAGES} languages; delete one before adding "
                              f"{shown(code)}.", path("languageCode"))
        record = InteractionLanguage(**owner, language_code=code, description=default_description)
    await _apply(record, {k: v for k, v in data.items() if k != "language_code"})
    await record.save()
    return record


async def _delete(owner: dict[str, int], code: Any, owner_text: str) -> None:
    key = optional_code(code, "languageCode", 10, "Language code")
    if not key or not await InteractionLanguage.filter(**owner, language_code=key).delete():
        raise DomainError(ErrorCode.NOT_FOUND, f"{owner_text} has no language {shown(code)}.", path("languageCode"))


async def set_template_language(template: InteractionTemplate, data: dict[str, Any]) -> InteractionLanguage:
    return await _set({"template_id": template.id}, data, template.description)


async def delete_template_language(template: InteractionTemplate, code: Any) -> None:
    await _delete({"template_id": template.id}, code, f"Interaction template {template.code}")


async def set_segment_language(segment: Segment, data: dict[str, Any]) -> InteractionLanguage:
    record = await _set({"segment_id": segment.id}, data, segment.description or "")
    await assign_line_languages(segment)
    return record


async def delete_segment_language(segment: Segment, code: Any) -> None:
    await _delete({"segment_id": segment.id}, code, f"Segment {segment.no}")
    await assign_line_languages(segment)


async def copy_template_languages(segment: Segment) -> None:
    """The header's template was set (or cleared): the segment's records become the template's."""
    p = Params()
    await execute(f"DELETE FROM interaction_language WHERE segment_id = {p.add(segment.id)}", p)
    if segment.interaction_template_id is None:
        return
    q = Params()
    await execute(
        f"INSERT INTO interaction_language (segment_id, {COPIED}) SELECT {q.typed(segment.id, 'INTEGER')}, {COPIED} "
        f"FROM interaction_language WHERE template_id = {q.add(segment.interaction_template_id)}",
        q,
    )


async def assign_line_languages(segment: Segment) -> int:
    """Every line with the header's template takes its contact's language (else the default): one statement."""
    p = Params()
    seg = p.typed(segment.id, "INTEGER")
    language = language_sql(seg, p.typed(segment.language_code_default, "VARCHAR"))
    return await execute(
        f"UPDATE segment_line SET language_code = (SELECT {language} FROM contact c "
        f"WHERE c.id = segment_line.contact_id) WHERE segment_id = {seg} AND contact_id IS NOT NULL AND "
        f"interaction_template_id {null_safe_equal(dialect())} {p.typed(segment.interaction_template_id, 'INTEGER')}",
        p,
    )


async def copy_to_logged(segment: Segment, logged: LoggedSegment) -> int:
    """Logging keeps the segment's records with the logged segment: its entries point at them."""
    p = Params()
    return await execute(
        f"INSERT INTO interaction_language (logged_segment_id, {COPIED}) SELECT {p.typed(logged.id, 'INTEGER')}, "
        f"{COPIED} FROM interaction_language WHERE segment_id = {p.add(segment.id)}",
        p,
    )
