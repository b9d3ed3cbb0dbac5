"""Contacts (companies and persons) and their profile answers (classifications: models/classifications.py)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import ContactType, CorrespondenceType
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine, Salesperson, Territory


class Contact(Model):
    id = fields.IntField(primary_key=True)
    no = fields.CharField(max_length=20, unique=True)
    # A partner's own key for the contact (imports match on it); unique when set.
    external_id = fields.CharField(max_length=100, null=True, unique=True)
    type = fields.CharEnumField(ContactType, max_length=10, db_index=True)
    name = fields.CharField(max_length=100, db_index=True)
    # A company's company is itself; an independent person has none.
    company: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="members", null=True, db_index=True, on_delete=fields.RESTRICT
    )
    company_id: int | None
    company_name = fields.CharField(max_length=100, null=True)
    first_name = fields.CharField(max_length=30, null=True)
    middle_name = fields.CharField(max_length=30, null=True)
    surname = fields.CharField(max_length=30, null=True)
    job_title = fields.CharField(max_length=30, null=True)
    email = fields.CharField(max_length=80, null=True, db_index=True)
    phone_no = fields.CharField(max_length=30, null=True)
    mobile_phone_no = fields.CharField(max_length=30, null=True)
    address = fields.CharField(max_length=100, null=True)
    address2 = fields.CharField(max_length=50, null=True)
    city = fields.CharField(max_length=30, null=True, db_index=True)
    post_code = fields.CharField(max_length=20, null=True, db_index=True)
    county = fields.CharField(max_length=30, null=True)
    country_code = fields.CharField(max_length=10, null=True, db_index=True)
    language_code = fields.CharField(max_length=10, null=True)
    salesperson: fields.ForeignKeyNullableRelation[Salesperson] = fields.ForeignKeyField(
        "models.Salesperson", related_name="contacts", null=True, db_index=True, on_delete=fields.RESTRICT
    )
    salesperson_id: int | None
    territory: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="contacts", null=True, db_index=True, on_delete=fields.RESTRICT
    )
    territory_id: int | None
    correspondence_type = fields.CharEnumField(CorrespondenceType, max_length=10, default=CorrespondenceType.NONE)
    exclude_from_segment = fields.BooleanField(default=False)
    privacy_blocked = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "contact"
        ordering = ["no"]


class ContactProfileAnswer(Model):
    id = fields.IntField(primary_key=True)
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="profile_answers", on_delete=fields.CASCADE
    )
    contact_id: int
    questionnaire: fields.ForeignKeyRelation[ProfileQuestionnaire] = fields.ForeignKeyField(
        "models.ProfileQuestionnaire", related_name="contact_answers", on_delete=fields.RESTRICT
    )
    questionnaire_id: int
    question: fields.ForeignKeyRelation[ProfileQuestionnaireLine] = fields.ForeignKeyField(
        "models.ProfileQuestionnaireLine", related_name="contact_question_answers", on_delete=fields.RESTRICT
    )
    question_id: int
    answer: fields.ForeignKeyRelation[ProfileQuestionnaireLine] = fields.ForeignKeyField(
        "models.ProfileQuestionnaireLine", related_name="contact_answers", on_delete=fields.RESTRICT
    )
    answer_id: int

    class Meta:
        table = "contact_profile_answer"
        unique_together = (("contact", "answer"),)
        indexes = (("questionnaire_id", "answer_id", "contact_id"),)
