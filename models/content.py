"""What a logged interaction says (BC §1.12, §1.16): uploaded attachments and the per-language content records of
interaction templates, segments and logged segments.

One table holds the language records of all three owners (exactly one owner column is set): a template's records
are copied into a segment when the segment takes the template, and a segment's into its logged segment when it is
logged, each by one INSERT ... SELECT. An interaction log entry points at the logged record it was sent with, which
outlives the deletion of its (canceled) logged segment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import ContentFormat

if TYPE_CHECKING:
    from segmentum.models.interactions import InteractionTemplate, LoggedSegment
    from segmentum.models.segments import Segment


class Attachment(Model):
    # An uploaded file: its bytes in `data`, or (SEGMENTUM_ATTACHMENT_DIR set) in that folder under its SHA-256,
    # never under a name or path a client gave.

    id = fields.IntField(primary_key=True)
    file_name = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    data = fields.BinaryField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachment"


class InteractionLanguage(Model):
    id = fields.IntField(primary_key=True)
    template: fields.ForeignKeyNullableRelation[InteractionTemplate] = fields.ForeignKeyField(
        "models.InteractionTemplate", related_name="languages", null=True, on_delete=fields.CASCADE
    )
    template_id: int | None
    segment: fields.ForeignKeyNullableRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="languages", null=True, on_delete=fields.CASCADE
    )
    segment_id: int | None
    # Kept when a canceled logged segment is deleted: its entries still say what they were sent with.
    logged_segment: fields.ForeignKeyNullableRelation[LoggedSegment] = fields.ForeignKeyField(
        "models.LoggedSegment", related_name="contents", null=True, on_delete=fields.SET_NULL
    )
    logged_segment_id: int | None
    language_code = fields.CharField(max_length=10)
    description = fields.CharField(max_length=100)
    subject = fields.CharField(max_length=100, null=True)
    # A text or HTML body with merge fields ({{ contact.name }}, ...), checked when saved.
    body = fields.TextField(null=True)
    body_format = fields.CharEnumField(ContentFormat, max_length=10, default=ContentFormat.TEXT)
    attachment: fields.ForeignKeyNullableRelation[Attachment] = fields.ForeignKeyField(
        "models.Attachment", related_name="languages", null=True, on_delete=fields.RESTRICT
    )
    attachment_id: int | None

    class Meta:
        table = "interaction_language"
        unique_together = (("template", "language_code"), ("segment", "language_code"),
                           ("logged_segment", "language_code"))
        ordering = ["language_code"]
