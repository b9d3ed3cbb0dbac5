"""Master data: salespeople, territories, classifications and profile questionnaires."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import ContactType, ProfileLineType


class Salesperson(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=80, null=True)
    blocked = fields.BooleanField(default=False)
    privacy_blocked = fields.BooleanField(default=False)

    class Meta:
        table = "salesperson"
        ordering = ["code"]


class Territory(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "territory"
        ordering = ["code"]


class BusinessRelation(Model):
    # Assigned to companies only; persons inherit them for criteria.

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "business_relation"
        ordering = ["code"]


class IndustryGroup(Model):
    # Assigned to companies only; persons inherit them for criteria.

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "industry_group"
        ordering = ["code"]


class MailingGroup(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "mailing_group"
        ordering = ["code"]


class JobResponsibility(Model):
    # Assigned to persons only.

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        table = "job_responsibility"
        ordering = ["code"]


class ProfileQuestionnaire(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    description = fields.CharField(max_length=100)
    contact_type = fields.CharEnumField(ContactType, max_length=10, null=True)

    class Meta:
        table = "profile_questionnaire"
        ordering = ["code"]


class ProfileQuestionnaireLine(Model):
    # A question or an answer; answers follow their question (line numbers interleaved as BC).

    id = fields.IntField(primary_key=True)
    questionnaire: fields.ForeignKeyRelation[ProfileQuestionnaire] = fields.ForeignKeyField(
        "models.ProfileQuestionnaire", related_name="lines", on_delete=fields.CASCADE
    )
    questionnaire_id: int
    line_no = fields.IntField()
    type = fields.CharEnumField(ProfileLineType, max_length=10)
    description = fields.CharField(max_length=250)
    multiple_answers = fields.BooleanField(default=False)
    question: fields.ForeignKeyNullableRelation[ProfileQuestionnaireLine] = fields.ForeignKeyField(
        "models.ProfileQuestionnaireLine", related_name="answers", null=True, on_delete=fields.CASCADE
    )
    question_id: int | None

    class Meta:
        table = "profile_questionnaire_line"
        unique_together = (("questionnaire", "line_no"),)
        ordering = ["questionnaire_id", "line_no"]
