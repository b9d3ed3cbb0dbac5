"""Master data: salespeople, territories and profile questionnaires (classifications: models/classifications.py)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import ContactType, ProfileLineType


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
    # A rating question (BC: Contact Class. Field = Rating, automatic): its answer is computed from the points
    # of the contact's other answers (ProfileRating) and cannot be given by hand.
    rating = fields.BooleanField(default=False, db_default=False)
    # An answer of a rating question: the range of points (inclusive) that gives it.
    from_value = fields.DecimalField(max_digits=18, decimal_places=2, null=True)
    to_value = fields.DecimalField(max_digits=18, decimal_places=2, null=True)

    class Meta:
        table = "profile_questionnaire_line"
        unique_together = (("questionnaire", "line_no"),)
        ordering = ["questionnaire_id", "line_no"]


class ProfileRating(Model):
    # BC's Rating table: the points an answer (of any questionnaire) counts towards a rating question.

    id = fields.IntField(primary_key=True)
    question: fields.ForeignKeyRelation[ProfileQuestionnaireLine] = fields.ForeignKeyField(
        "models.ProfileQuestionnaireLine", related_name="ratings", on_delete=fields.CASCADE
    )
    question_id: int
    answer: fields.ForeignKeyRelation[ProfileQuestionnaireLine] = fields.ForeignKeyField(
        "models.ProfileQuestionnaireLine", related_name="rated_by", on_delete=fields.CASCADE
    )
    answer_id: int
    points = fields.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        table = "profile_rating"
        unique_together = (("question", "answer"),)
        indexes = (("answer_id", "question_id"),)
