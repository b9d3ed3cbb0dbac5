"""Segments: header, lines, recorded criteria, undo history, saved criteria, membership and evaluations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import (
    ArchiveKind,
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    MembershipEventKind,
    SegmentAction,
    SegmentKind,
)

if TYPE_CHECKING:
    from segmentum.models.contacts import Contact
    from segmentum.models.interactions import Campaign, InteractionGroup, InteractionTemplate
    from segmentum.models.masters import Salesperson
    from segmentum.models.system import Job


class Segment(Model):
    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100, null=True)
    date = fields.DateField()
    kind = fields.CharEnumField(SegmentKind, max_length=10, default=SegmentKind.STATIC)
    refresh_interval_minutes = fields.IntField(null=True)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="segments", null=True, on_delete=fields.RESTRICT
    )
    salesperson_id: int | None
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="segments", null=True, on_delete=fields.RESTRICT
    )
    campaign_id: int | None
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    interaction_template: fields.ForeignKeyNullableRelation[InteractionTemplate] = fields.ForeignKeyField(
        "models.InteractionTemplate", related_name="segments", null=True, on_delete=fields.RESTRICT
    )
    interaction_template_id: int | None
    interaction_group: fields.ForeignKeyNullableRelation[InteractionGroup] = fields.ForeignKeyField(
        "models.InteractionGroup", related_name="segments", null=True, on_delete=fields.RESTRICT
    )
    interaction_group_id: int | None
    information_flow = fields.CharEnumField(InformationFlow, max_length=10, default=InformationFlow.NONE)
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    unit_cost_lcy = fields.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    unit_duration_min = fields.IntField(default=0)
    correspondence_type_default = fields.CharEnumField(
        CorrespondenceType, max_length=10, default=CorrespondenceType.NONE
    )
    ignore_contact_corres_type = fields.BooleanField(default=False)
    subject_default = fields.CharField(max_length=100, null=True)
    language_code_default = fields.CharField(max_length=10, null=True)
    # BC's Send Word Docs. as Attmt.: an e-mail carries the merged content (and the uploaded attachment) as
    # attachments, beside the merged body.
    send_word_docs_as_attmt = fields.BooleanField(default=False, db_default=False)
    next_evaluation_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "segment"
        ordering = ["no"]


class SegmentLineFields(Model):
    # The columns of a segment line; shared by lines and the history that restores them exactly.

    # 64-bit: BC's step of 10,000 leaves a 32-bit column room for only 214,748 lines.
    line_no = fields.BigIntField()
    # The contact and masters a line names are foreign keys on SQLite only. On PostgreSQL (migration 0023) they
    # were checked row by row, about two thirds of an Add (bench/README.md, "Against the write floor"); there the delete
    # paths keep what they protected under the line references lock (models/line_references.py): a contact on a
    # line, or a salesperson, template, group or campaign a line names, is refused (IN_USE) as RESTRICT did, and
    # a contact is never deleted under a line (SET NULL acted only when a delete raced a line writer, and the
    # line now makes such a delete refused).
    # Contact deletion is refused while a line holds the contact (IN_USE); history keeps the row.
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    contact_company: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    contact_company_id: int | None
    description = fields.CharField(max_length=100, null=True)
    date = fields.DateField(null=True)
    subject = fields.CharField(max_length=100, null=True)
    language_code = fields.CharField(max_length=10, null=True)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    salesperson_id: int | None
    interaction_template: fields.ForeignKeyNullableRelation[InteractionTemplate] = fields.ForeignKeyField(
        "models.InteractionTemplate", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    interaction_template_id: int | None
    interaction_group: fields.ForeignKeyNullableRelation[InteractionGroup] = fields.ForeignKeyField(
        "models.InteractionGroup", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    interaction_group_id: int | None
    cost_lcy = fields.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    duration_min = fields.IntField(default=0)
    correspondence_type = fields.CharEnumField(CorrespondenceType, max_length=10, default=CorrespondenceType.NONE)
    information_flow = fields.CharEnumField(InformationFlow, max_length=10, default=InformationFlow.NONE)
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    campaign_id: int | None
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    evaluation = fields.CharEnumField(Evaluation, max_length=15, default=Evaluation.NONE)
    attempt_failed = fields.BooleanField(default=False)

    class Meta:
        abstract = True


class SegmentLine(SegmentLineFields):
    id = fields.IntField(primary_key=True)
    # A foreign key on SQLite only: PostgreSQL dropped it (migration 0025; checked once per inserted line it was
    # 56.7 s of an Add of 757,653 lines at 5M contacts against 18.4 s without it). There the segment row lock that
    # every line writer and the segment's delete take (lock_segment) keeps lines from naming a missing segment,
    # and deleting or logging a segment deletes its lines (models.worksheet.store.delete_segment_rows).
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="lines", on_delete=fields.CASCADE
    )
    segment_id: int
    # The criteria action that inserted the line: Go Back of that action deletes its lines by this tag. A line
    # restored by Go Back keeps its tag. No foreign key: the action goes only after its lines (Go Back), and
    # with the segment (cascade).
    action_id = fields.IntField(null=True)
    # Membership: when and why the line entered the segment (its ADDED event).
    entered_at = fields.DatetimeField(null=True)
    entered_cause = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "segment_line"
        unique_together = (("segment", "line_no"),)
        indexes = (("segment_id", "contact_id"), ("contact_id", "segment_id"))
        ordering = ["segment_id", "line_no"]


class CriteriaActionFields(Model):
    # The columns of an action, shared by the recorded actions of a segment and the saved ones that replay
    # them; the option columns are `models.worksheet.options.ActionOptions`, field for field.

    position = fields.IntField()
    action = fields.CharEnumField(SegmentAction, max_length=10)
    allow_existing_contacts = fields.BooleanField(default=False)
    expand_companies = fields.BooleanField(default=False)
    allow_related_companies = fields.BooleanField(default=False)
    ignore_exclusion = fields.BooleanField(default=False)
    entire_companies = fields.BooleanField(default=False)
    allow_no_filter = fields.BooleanField(default=False)
    # The ContactCriteria as given (JSON); the filter texts are rendered from it.
    criteria: dict[str, Any] = fields.JSONField(default=dict)
    manual = fields.BooleanField(default=False)
    # A Reuse Logged Segment action: its interaction filter (a logged segment's non-canceled entries) matches an
    # entry by its contact alone, whatever the contact's company is now, and its lines take the entry's campaign
    # (models.worksheet.replay).
    reuse_logged = fields.BooleanField(default=False, db_default=False)
    lines_added = fields.IntField(default=0)
    lines_removed = fields.IntField(default=0)

    class Meta:
        abstract = True


class SegmentCriteriaAction(CriteriaActionFields):
    # One recorded action (Add / Reduce / Refine, by criteria or manual) with its filters.

    id = fields.IntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="criteria_actions", on_delete=fields.CASCADE
    )
    segment_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    # The API key whose request recorded the action (ApiKey.id); keys are never deleted (models/system.py).
    created_by_id = fields.IntField(null=True)

    class Meta:
        table = "segment_criteria_action"
        unique_together = (("segment", "position"),)
        ordering = ["segment_id", "position"]


class SegmentLineArchive(Model):
    # Everything a segment's history keeps besides its current lines, one kind of row each (`kind`, ArchiveKind),
    # each kind held to its columns by a check constraint (migration 0014); models.worksheet.store writes them all.
    # - LINE: a removed line, every line field kept (they are null on every other kind): Go Back of
    #   `undo_action_id` restores it exactly, and its stint (entered_*, left_*) is membership history.
    # - CONTACTS: the contacts of the lines that entered with the tag `action_id` and one entry (entered_*), a JSON
    #   array in line order; no left_at while they are lines ("pending"), left_at once Go Back of the Add deleted
    #   them (rows from before 0005: one per entry, without action_id, written by the Go Back).
    # - MOVED: `contact_id`'s line was moved out of the tag `action_id` since that entry by re-evaluation: it takes
    #   the contact out of that tag's arrays when the history reads them, and is no event of its own.
    # - EVENT: one half of a membership event (entered or left) from before this archive (migration 0004).
    # The references are plain integers, never checked on insert: the masters they name cannot be deleted while
    # an archive row holds them (models.rules), a contact can, and a restored line then has no contact. The segment
    # is a foreign key on SQLite only (PostgreSQL dropped it in migration 0025: about a fifth of the archiving
    # statement of a Reduce or Refine); deleting or logging a segment deletes its archive
    # (models.worksheet.store.delete_segment_rows) under the segment row lock every archive writer takes.

    id = fields.IntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="archive", on_delete=fields.CASCADE
    )
    segment_id: int
    kind = fields.CharEnumField(ArchiveKind, max_length=10)
    undo_action_id = fields.IntField(null=True)
    action_id = fields.IntField(null=True)
    line_no = fields.BigIntField(null=True)
    contact_id = fields.IntField(null=True)
    contact_company_id = fields.IntField(null=True)
    description = fields.CharField(max_length=100, null=True)
    date = fields.DateField(null=True)
    subject = fields.CharField(max_length=100, null=True)
    language_code = fields.CharField(max_length=10, null=True)
    salesperson_id = fields.IntField(null=True)
    interaction_template_id = fields.IntField(null=True)
    interaction_group_id = fields.IntField(null=True)
    # Not null on a LINE row, null on the others.
    cost_lcy = fields.DecimalField(max_digits=18, decimal_places=2, null=True)
    duration_min = fields.IntField(null=True)
    correspondence_type = fields.CharEnumField(CorrespondenceType, max_length=10, null=True)
    information_flow = fields.CharEnumField(InformationFlow, max_length=10, null=True)
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, null=True)
    campaign_id = fields.IntField(null=True)
    campaign_target = fields.BooleanField(null=True)
    campaign_response = fields.BooleanField(null=True)
    evaluation = fields.CharEnumField(Evaluation, max_length=15, null=True)
    attempt_failed = fields.BooleanField(null=True)
    entered_at = fields.DatetimeField(null=True)
    entered_cause = fields.CharField(max_length=100, null=True)
    left_at = fields.DatetimeField(null=True)
    left_cause = fields.CharField(max_length=100, null=True)
    contact_ids: list[int | None] | None = fields.JSONField(null=True)

    class Meta:
        table = "segment_line_archive"
        indexes = (("segment_id", "undo_action_id", "line_no"), ("segment_id", "action_id"))


class SegmentHistoryTally(Model):
    # The number of membership events the segment's left CONTACTS rows give (models.worksheet.history_count): Go
    # Back of an Add adds its lines' (models.worksheet.store.undo_add). Absent while no Add was undone.

    id = fields.IntField(primary_key=True)
    segment: fields.OneToOneRelation[Segment] = fields.OneToOneField(
        "models.Segment", related_name="history_tally", on_delete=fields.CASCADE
    )
    segment_id: int
    array_events = fields.BigIntField()

    class Meta:
        table = "segment_history_tally"


class ContactDeletion(Model):
    # A contact deleted (models.rules.contacts), and when: its events leave every history, and the history's counts
    # read again only what it may be in (models.worksheet.history_count). No foreign key: the contact is gone.

    contact_id = fields.IntField(primary_key=True, generated=False)
    deleted_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "contact_deletion"


class SavedSegmentCriteria(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # The API key that saved the criteria (ApiKey.id); keys are never deleted (models/system.py).
    created_by_id = fields.IntField(null=True)

    class Meta:
        table = "saved_segment_criteria"
        ordering = ["code"]


class SavedSegmentCriteriaAction(CriteriaActionFields):
    id = fields.IntField(primary_key=True)
    saved_criteria: fields.ForeignKeyRelation[SavedSegmentCriteria] = fields.ForeignKeyField(
        "models.SavedSegmentCriteria", related_name="actions", on_delete=fields.CASCADE
    )
    saved_criteria_id: int

    class Meta:
        table = "saved_segment_criteria_action"
        unique_together = (("saved_criteria", "position"),)
        ordering = ["saved_criteria_id", "position"]


@dataclass(frozen=True)
class SegmentMembershipEvent:
    # Who entered or left a segment, when and why (action n / manual / go back / re-evaluation): read from the
    # current lines (entered) and the archive (entered, left), never stored as rows of its own.

    id: int
    segment_id: int
    contact_id: int
    kind: MembershipEventKind
    at: datetime
    cause: str


class SegmentEvaluation(Model):
    id = fields.IntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", related_name="evaluations", on_delete=fields.CASCADE
    )
    segment_id: int
    job: fields.ForeignKeyRelation[Job] = fields.ForeignKeyField(
        "models.Job", related_name="evaluations", on_delete=fields.CASCADE
    )
    job_id: int
    lines_added = fields.IntField(null=True)
    lines_removed = fields.IntField(null=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "segment_evaluation"
        indexes = (("segment_id", "id"),)
