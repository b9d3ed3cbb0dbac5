from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from segmentum.models.enums import ArchiveKind, CorrespondenceType, Evaluation, InformationFlow, InitiatedBy

# Each row of segment_line_archive says what it holds (`kind`, models.enums.ArchiveKind), and each kind is held to
# its columns by a check constraint. The line columns that other kinds padded with placeholder values (0, 'NONE',
# FALSE) are null there now, and the `moved` flag is the kind MOVED. Every existing row is carried over: an array
# of contacts is CONTACTS, a moved row MOVED, a row with a line number LINE (an archived line: they all have one),
# any other row an EVENT half migrated by 0004. PostgreSQL alters the table in place (one rewrite under an ACCESS
# EXCLUSIVE lock: no action or history read on any segment meanwhile); SQLite, which cannot add a constraint to a
# table, builds it again with its rows, ids and indexes.

PADDED = ("cost_lcy", "duration_min", "correspondence_type", "information_flow", "initiated_by", "campaign_target",
          "campaign_response", "evaluation", "attempt_failed")
LINE_ONLY = ("line_no", "undo_action_id", "contact_company_id", "description", "date", "subject", "language_code",
             "salesperson_id", "interaction_template_id", "interaction_group_id", "campaign_id", *PADDED)
KIND = ("CASE WHEN contact_ids IS NOT NULL THEN 'CONTACTS' WHEN moved THEN 'MOVED' WHEN line_no IS NOT NULL "
        "THEN 'LINE' ELSE 'EVENT' END")
CHECKS = {
    "segment_line_archive_kind": "kind IN ('LINE', 'CONTACTS', 'MOVED', 'EVENT')",
    # A removed line keeps every field of the line (contact_id is null when its contact was deleted since).
    "segment_line_archive_line": "kind <> 'LINE' OR (contact_ids IS NULL AND "
    + " AND ".join(f"{c} IS NOT NULL" for c in ("line_no", *PADDED)) + ")",
    "segment_line_archive_no_line": "kind = 'LINE' OR (" + " AND ".join(f"{c} IS NULL" for c in LINE_ONLY) + ")",
    "segment_line_archive_contacts": "(kind = 'CONTACTS') = (contact_ids IS NOT NULL) AND "
    "(kind <> 'CONTACTS' OR contact_id IS NULL)",
    "segment_line_archive_moved": "kind <> 'MOVED' OR (action_id IS NOT NULL AND contact_id IS NOT NULL "
    "AND left_at IS NULL AND left_cause IS NULL)",
    "segment_line_archive_event": "kind <> 'EVENT' OR (action_id IS NULL AND contact_id IS NOT NULL AND "
    "((entered_at IS NULL AND left_at IS NOT NULL) OR (entered_at IS NOT NULL AND left_at IS NULL)))",
}
CONSTRAINTS = ", ".join(f'CONSTRAINT "{name}" CHECK ({expr})' for name, expr in CHECKS.items())

POSTGRES = [
    *(f"ALTER TABLE segment_line_archive ALTER COLUMN {c} DROP NOT NULL, ALTER COLUMN {c} DROP DEFAULT"
      for c in PADDED),
    "ALTER TABLE segment_line_archive ADD COLUMN kind VARCHAR(10)",
    f"UPDATE segment_line_archive SET kind = {KIND}",
    "UPDATE segment_line_archive SET " + ", ".join(f"{c} = NULL" for c in PADDED) + " WHERE kind <> 'LINE'",
    "ALTER TABLE segment_line_archive ALTER COLUMN kind SET NOT NULL, DROP COLUMN moved",
    *(f'ALTER TABLE segment_line_archive ADD CONSTRAINT "{name}" CHECK ({expr})' for name, expr in CHECKS.items()),
]

COLUMNS = ("id", "segment_id", "kind", "undo_action_id", "action_id", "line_no", "contact_id", "contact_company_id",
           "description", "date", "subject", "language_code", "salesperson_id", "interaction_template_id",
           "interaction_group_id", "cost_lcy", "duration_min", "correspondence_type", "information_flow",
           "initiated_by", "campaign_id", "campaign_target", "campaign_response", "evaluation", "attempt_failed",
           "entered_at", "entered_cause", "left_at", "left_cause", "contact_ids")
SQLITE_TABLE = (
    'CREATE TABLE "segment_line_archive_new" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"segment_id" INT NOT NULL REFERENCES "segment" ("id") ON DELETE CASCADE, "kind" VARCHAR(10) NOT NULL, '
    '"undo_action_id" INT, "action_id" INT, "line_no" BIGINT, "contact_id" INT, "contact_company_id" INT, '
    '"description" VARCHAR(100), "date" DATE, "subject" VARCHAR(100), "language_code" VARCHAR(10), '
    '"salesperson_id" INT, "interaction_template_id" INT, "interaction_group_id" INT, "cost_lcy" VARCHAR(40), '
    '"duration_min" INT, "correspondence_type" VARCHAR(10), "information_flow" VARCHAR(10), '
    '"initiated_by" VARCHAR(10), "campaign_id" INT, "campaign_target" INT, "campaign_response" INT, '
    '"evaluation" VARCHAR(15), "attempt_failed" INT, "entered_at" TIMESTAMP, "entered_cause" VARCHAR(100), '
    f'"left_at" TIMESTAMP, "left_cause" VARCHAR(100), "contact_ids" JSON, {CONSTRAINTS})'
)


def _sqlite_select() -> str:
    values = [f"CASE WHEN {KIND} = 'LINE' THEN {c} END" if c in PADDED else KIND if c == "kind" else c
              for c in COLUMNS]
    return f"SELECT {', '.join(values)} FROM segment_line_archive ORDER BY id"


SQLITE = [
    SQLITE_TABLE,
    f"INSERT INTO segment_line_archive_new ({', '.join(COLUMNS)}) {_sqlite_select()}",
    "DROP TABLE segment_line_archive",
    "ALTER TABLE segment_line_archive_new RENAME TO segment_line_archive",
    'CREATE INDEX "idx_segment_lin_segment_b45e8e" ON "segment_line_archive" ("segment_id", "action_id")',
    'CREATE INDEX "idx_segment_lin_segment_7e75d1" ON "segment_line_archive" ("segment_id", "undo_action_id", '
    '"line_no")',
]


async def carry_over(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for sql in POSTGRES:
            await client.execute_script(sql)
        return
    # Ids are never handed out again: the rebuilt table continues the old one's sequence.
    rows = await client.execute_query_dict("SELECT seq FROM sqlite_sequence WHERE name = 'segment_line_archive'")
    for sql in SQLITE:
        await client.execute_script(sql)
    if rows:
        await client.execute_query("UPDATE sqlite_sequence SET seq = ? WHERE name = 'segment_line_archive'",
                                   [rows[0]["seq"]])


class StateOnly:
    """The model state changes; carry_over changes the table (each dialect its own way)."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None


class AddFieldState(StateOnly, ops.AddField):
    pass


class AlterFieldState(StateOnly, ops.AlterField):
    pass


class RemoveFieldState(StateOnly, ops.RemoveField):
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0013_line_numbers_64_bit')]

    initial = False

    operations = [
        AddFieldState(model_name='SegmentLineArchive', name='kind',
                      field=fields.CharEnumField(ArchiveKind, max_length=10)),
        AlterFieldState(model_name='SegmentLineArchive', name='cost_lcy',
                        field=fields.DecimalField(max_digits=18, decimal_places=2, null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='duration_min', field=fields.IntField(null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='correspondence_type',
                        field=fields.CharEnumField(CorrespondenceType, max_length=10, null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='information_flow',
                        field=fields.CharEnumField(InformationFlow, max_length=10, null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='initiated_by',
                        field=fields.CharEnumField(InitiatedBy, max_length=10, null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='campaign_target', field=fields.BooleanField(null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='campaign_response',
                        field=fields.BooleanField(null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='evaluation',
                        field=fields.CharEnumField(Evaluation, max_length=15, null=True)),
        AlterFieldState(model_name='SegmentLineArchive', name='attempt_failed', field=fields.BooleanField(null=True)),
        RemoveFieldState(model_name='SegmentLineArchive', name='moved'),
        ops.RunPython(carry_over),
    ]
