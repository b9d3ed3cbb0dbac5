"""The tables of a contact import: the file, its staged rows and their classification codes, and the row errors.

The staged rows are plain text as the file had them: every rule runs on them in SQL, so a row is never checked or
written by a Python loop. NULL in a staged column means the file did not give that column for the row (JSON Lines
may leave a key out); '' means it gave an empty value, which clears the field.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.enums import ImportFormat, ImportMode


class ContactImport(Model):
    id = fields.IntField(primary_key=True)
    format = fields.CharEnumField(ImportFormat, max_length=10)
    mode = fields.CharEnumField(ImportMode, max_length=10)
    file_name = fields.CharField(max_length=200)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    data = fields.BinaryField()
    # Set once every row is staged (a second run of the job skips staging) and once the rows are checked.
    staged = fields.BooleanField(default=False)
    rows = fields.IntField(default=0)
    # The chunks written (each committed with this count): a run after one that stopped goes on after them.
    chunks_done = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contact_import"


class ContactImportRow(Model):
    id = fields.BigIntField(primary_key=True)
    contact_import_id = fields.IntField()
    row_no = fields.IntField()
    no = fields.TextField(null=True)
    external_id = fields.TextField(null=True)
    type = fields.TextField(null=True)
    name = fields.TextField(null=True)
    first_name = fields.TextField(null=True)
    middle_name = fields.TextField(null=True)
    surname = fields.TextField(null=True)
    job_title = fields.TextField(null=True)
    company_no = fields.TextField(null=True)
    company_external_id = fields.TextField(null=True)
    email = fields.TextField(null=True)
    phone_no = fields.TextField(null=True)
    mobile_phone_no = fields.TextField(null=True)
    address = fields.TextField(null=True)
    address2 = fields.TextField(null=True)
    city = fields.TextField(null=True)
    post_code = fields.TextField(null=True)
    county = fields.TextField(null=True)
    country_code = fields.TextField(null=True)
    language_code = fields.TextField(null=True)
    salesperson_code = fields.TextField(null=True)
    territory_code = fields.TextField(null=True)
    correspondence_type = fields.TextField(null=True)
    exclude_from_segment = fields.TextField(null=True)
    privacy_blocked = fields.TextField(null=True)
    # The codes of each classification (models/classifications.py), as given.
    vars().update({c.codes_key: fields.TextField(null=True) for c in CLASSIFICATIONS})
    # The first column whose value held a character no column may store (NUL, a lone surrogate); stripped here.
    bad_field = fields.TextField(null=True)

    class Meta:
        table = "contact_import_row"
        unique_together = (("contact_import_id", "row_no"),)


class ContactImportPlan(Model):
    """What the checks derive for a staged row, narrow beside the wide text row: the statements that fill and
    mark it rewrite a few numbers, not thirty text columns (a row version in PostgreSQL is the whole row)."""

    id = fields.BigIntField(primary_key=True)
    contact_import_id = fields.IntField()
    row_no = fields.IntField()
    kind = fields.CharField(max_length=10, null=True)  # the row's type, that of the contact it names (UPSERT)
    final_no = fields.CharField(max_length=20, null=True)  # the number it gets
    # The contact it names (UPSERT); for a new row the id it gets (PostgreSQL: taken from the sequence before
    # the write, so that companies and their persons are written with their ids; SQLite: after the write).
    contact_id = fields.IntField(null=True)
    new = fields.BooleanField(default=False)
    # The contacts that hold the row's number and its externalId, looked up once for the checks and the match.
    no_holder = fields.IntField(null=True)
    external_holder = fields.IntField(null=True)
    company_id = fields.IntField(null=True)  # an existing company the row names
    company_row = fields.IntField(null=True)  # else the company row of this file it names
    failed = fields.BooleanField(default=False)
    changed = fields.BooleanField(default=False)
    done = fields.BooleanField(default=False)

    class Meta:
        table = "contact_import_plan"
        unique_together = (("contact_import_id", "row_no"),)


class ContactImportCode(Model):
    """One code of a row's classification list (kind: the staged column it came from)."""

    id = fields.BigIntField(primary_key=True)
    contact_import_id = fields.IntField()
    row_no = fields.IntField()
    kind = fields.CharField(max_length=30)
    code = fields.TextField()

    class Meta:
        table = "contact_import_code"
        indexes = (("contact_import_id", "row_no"),)


class ContactImportError(Model):
    id = fields.BigIntField(primary_key=True)
    contact_import: fields.ForeignKeyRelation[ContactImport] = fields.ForeignKeyField(
        "models.ContactImport", related_name="errors", on_delete=fields.CASCADE)
    contact_import_id: int
    row_no = fields.IntField()
    field = fields.CharField(max_length=50)
    code = fields.CharField(max_length=20)
    message = fields.CharField(max_length=400)

    class Meta:
        table = "contact_import_error"
        indexes = (("contact_import_id", "row_no"),)
