"""Interaction groups and templates, campaigns, logged segments and the interaction log."""

from __future__ import annotations

from decimal import Decimal

from tortoise import fields
from tortoise.models import Model

from segmentum.models.classifications import CodeDescription
from segmentum.models.contacts import Contact
from segmentum.models.content import InteractionLanguage
from segmentum.models.enums import CorrespondenceType, DeliveryStatus, Evaluation, InformationFlow, InitiatedBy
from segmentum.models.masters import Salesperson


class InteractionGroup(CodeDescription):
    # A classification's master part only: interactions carry it, contacts are not assigned it.

    class Meta:
        table = "interaction_group"
        ordering = ["code"]


class Campaign(Model):
    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    starting_date = fields.DateField(null=True)
    ending_date = fields.DateField(null=True)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="campaigns", null=True, on_delete=fields.RESTRICT
    )
    salesperson_id: int | None

    class Meta:
        table = "campaign"
        ordering = ["no"]


class InteractionTemplate(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)
    group: fields.ForeignKeyRelation[InteractionGroup] = fields.ForeignKeyField(
        "models.InteractionGroup", related_name="templates", on_delete=fields.RESTRICT
    )
    group_id: int
    unit_cost_lcy = fields.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    unit_duration_min = fields.IntField(default=0)
    information_flow = fields.CharEnumField(InformationFlow, max_length=10, default=InformationFlow.NONE)
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="templates", null=True, on_delete=fields.RESTRICT
    )
    campaign_id: int | None
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    # BC's initial value for a template is Email.
    correspondence_type_default = fields.CharEnumField(
        CorrespondenceType, max_length=10, default=CorrespondenceType.EMAIL
    )
    ignore_contact_corres_type = fields.BooleanField(default=False)
    language_code_default = fields.CharField(max_length=10, null=True)

    class Meta:
        table = "interaction_template"
        ordering = ["code"]


class LoggedSegment(Model):
    # A segment turned into history; `id` is BC's Entry No.

    id = fields.IntField(primary_key=True)
    segment_no = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)
    canceled = fields.BooleanField(default=False)
    # The segment's Send Word Docs. as Attmt. when it was logged: its deliveries follow it.
    send_word_docs_as_attmt = fields.BooleanField(default=False, db_default=False)
    # The API key that logged it (ApiKey.id; BC's User ID); keys are never deleted (models/system.py).
    created_by_id = fields.IntField(null=True)

    class Meta:
        table = "logged_segment"
        ordering = ["id"]


class CampaignEntry(Model):
    # One per campaign per logged segment; `id` is BC's Entry No.
    # Its three foreign keys stay: a log writes one row per campaign of its lines, so each key is checked a few
    # times per log (below a millisecond in the bench's 100,000-line log). campaign: RESTRICT (a campaign with
    # entries is never deleted); salesperson: RESTRICT; logged_segment: SET NULL (deleting a canceled logged
    # segment keeps its campaign entries).

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="entries", on_delete=fields.RESTRICT
    )
    campaign_id: int
    description = fields.CharField(max_length=100)
    date = fields.DateField()
    segment_no = fields.CharField(max_length=20, null=True)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="campaign_entries", null=True, on_delete=fields.RESTRICT
    )
    salesperson_id: int | None
    logged_segment: fields.ForeignKeyNullableRelation[LoggedSegment] = fields.ForeignKeyField(
        "models.LoggedSegment", related_name="campaign_entries", null=True, on_delete=fields.SET_NULL
    )
    logged_segment_id: int | None
    canceled = fields.BooleanField(default=False)
    # The API key that acted (ApiKey.id; BC's User ID): no foreign key, as its rows are written by the million in
    # one INSERT ... SELECT, where a per-row check costs; keys are never deleted (models/system.py).
    created_by_id = fields.IntField(null=True)

    class Meta:
        table = "campaign_entry"
        ordering = ["id"]


class InteractionLogEntry(Model):
    # One recorded interaction with one contact; `id` is BC's Entry No.
    #
    # No foreign key constraints on PostgreSQL (db_constraint=False; SQLite keeps the ones created before 0022):
    # checked row by row they were most of the cost of logging a segment (bench/README.md: 100,000 entries took
    # 3.6 times their write floor with them on a loaded machine; the two contact keys alone +3.3 s and +2.1 s on a
    # 7.3 s floor, each other key +0.1 to +1.0 s). The on_delete of each key below is the rule that still holds,
    # kept by models/log/references.py (every writer locks what its entries name, FOR KEY SHARE, once per
    # statement) and by the delete paths (they lock the row first, then refuse with IN_USE for RESTRICT, or clear
    # the entries' column for SET NULL).

    id = fields.IntField(primary_key=True)
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="interactions", null=True, on_delete=fields.SET_NULL,
        db_constraint=False,
    )
    contact_id: int | None
    contact_company: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="company_interactions", null=True, on_delete=fields.SET_NULL,
        db_constraint=False,
    )
    contact_company_id: int | None
    date = fields.DateField(db_index=True)
    description = fields.CharField(max_length=100, null=True)
    subject = fields.CharField(max_length=100, null=True)
    template: fields.ForeignKeyNullableRelation[InteractionTemplate] = fields.ForeignKeyField(
        "models.InteractionTemplate",
        related_name="interactions",
        null=True,
        db_index=True,
        on_delete=fields.RESTRICT,
        db_constraint=False,
    )
    template_id: int | None
    group: fields.ForeignKeyNullableRelation[InteractionGroup] = fields.ForeignKeyField(
        "models.InteractionGroup",
        related_name="interactions",
        null=True,
        db_index=True,
        on_delete=fields.RESTRICT,
        db_constraint=False,
    )
    group_id: int | None
    information_flow = fields.CharEnumField(InformationFlow, max_length=10, default=InformationFlow.NONE)
    initiated_by = fields.CharEnumField(InitiatedBy, max_length=10, default=InitiatedBy.NONE)
    cost_lcy = fields.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    duration_min = fields.IntField(default=0)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="interactions", null=True, db_index=True, on_delete=fields.RESTRICT,
        db_constraint=False,
    )
    salesperson_id: int | None
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="interactions", null=True, on_delete=fields.RESTRICT,
        db_constraint=False,
    )
    campaign_id: int | None
    campaign_entry: fields.ForeignKeyNullableRelation[CampaignEntry] = fields.ForeignKeyField(
        "models.CampaignEntry", related_name="interactions", null=True, on_delete=fields.SET_NULL,
        db_constraint=False,
    )
    campaign_entry_id: int | None
    campaign_target = fields.BooleanField(default=False)
    campaign_response = fields.BooleanField(default=False)
    correspondence_type = fields.CharEnumField(CorrespondenceType, max_length=10, default=CorrespondenceType.NONE)
    language_code = fields.CharField(max_length=10, null=True)
    evaluation = fields.CharEnumField(Evaluation, max_length=15, default=Evaluation.NONE)
    attempt_failed = fields.BooleanField(default=False)
    canceled = fields.BooleanField(default=False)
    segment_no = fields.CharField(max_length=20, null=True, db_index=True)
    logged_segment: fields.ForeignKeyNullableRelation[LoggedSegment] = fields.ForeignKeyField(
        "models.LoggedSegment", related_name="interactions", null=True, on_delete=fields.SET_NULL,
        db_constraint=False,
    )
    logged_segment_id: int | None
    delivery_status = fields.CharEnumField(DeliveryStatus, max_length=12, default=DeliveryStatus.NONE)
    # The last failure's reason while FAILED (or why a pending delivery was stopped).
    delivery_error = fields.CharField(max_length=300, null=True)
    # The logged language record (subject, body, attachment) the entry was delivered with; null without one.
    # No constraint: entries point only at logged records, which are never deleted (a deleted logged segment
    # leaves them), and with one, deleting a segment's own records would scan every entry (content_id has no
    # index, which logging would have to maintain on every entry).
    content: fields.ForeignKeyNullableRelation[InteractionLanguage] = fields.ForeignKeyField(
        "models.InteractionLanguage", related_name="entries", null=True, on_delete=fields.NO_ACTION,
        db_constraint=False,
    )
    content_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    # The API key that acted (ApiKey.id; BC's User ID): no foreign key, as its rows are written by the million in
    # one INSERT ... SELECT, where a per-row check costs; keys are never deleted (models/system.py).
    created_by_id = fields.IntField(null=True)

    class Meta:
        table = "interaction_log_entry"
        ordering = ["id"]
        indexes = (
            ("contact_id", "date"),
            ("contact_company_id", "contact_id"),
            ("campaign_id", "canceled"),
            ("logged_segment_id", "delivery_status"),
        )
