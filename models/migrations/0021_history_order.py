from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from segmentum.models.worksheet.membership import array_events_source

# The membership history in an order its indexes serve (models.worksheet.history_page): each kind of row it reads
# (current lines by entry, archived lines by entry and by exit, left CONTACTS rows by entry and by exit) has an
# index in the history's order, so a page is a few index range scans merged, and the rows that answer an element
# of a left CONTACTS row are found by (tag, contact). segment_history_tally keeps, per segment, the number of events
# the left CONTACTS rows give (written by Go Back of an Add, models.worksheet.store.undo_add), counted here once for
# the histories there are; contact_deletion records each contact deleted from now on, the events the tally no longer
# gives. An archived line whose contact was deleted before holds no contact (as its check constraint says), and an
# EVENT half of such a contact goes: neither gave an event, and the history's counts read archived lines by
# contact_id alone. New indexes and two small tables: no table is rewritten (README, upgrade notes).

FORGET = [
    "UPDATE segment_line_archive SET contact_id = NULL WHERE kind = 'LINE' AND contact_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = segment_line_archive.contact_id)",
    "DELETE FROM segment_line_archive WHERE kind = 'EVENT' "
    "AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = segment_line_archive.contact_id)",
]

INDEXES = [
    "CREATE INDEX segment_line_entered ON segment_line (segment_id, entered_at, id)",
    "CREATE INDEX segment_line_archive_line_entered ON segment_line_archive (segment_id, entered_at, id) "
    "WHERE kind IN ('LINE', 'EVENT') AND entered_at IS NOT NULL AND contact_id IS NOT NULL",
    "CREATE INDEX segment_line_archive_line_left ON segment_line_archive (segment_id, left_at, id) "
    "WHERE kind IN ('LINE', 'EVENT') AND left_at IS NOT NULL AND contact_id IS NOT NULL",
    "CREATE INDEX segment_line_archive_left_entered ON segment_line_archive (segment_id, entered_at, id DESC) "
    "WHERE kind = 'CONTACTS' AND left_at IS NOT NULL",
    "CREATE INDEX segment_line_archive_left_left ON segment_line_archive (segment_id, left_at, id DESC) "
    "WHERE kind = 'CONTACTS' AND left_at IS NOT NULL",
    "CREATE INDEX segment_line_archive_answers ON segment_line_archive (segment_id, action_id, contact_id) "
    "WHERE kind IN ('LINE', 'MOVED') AND action_id IS NOT NULL",
]


async def carry_over(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for sql in [*FORGET, *INDEXES]:
        await client.execute_script(sql)
    await client.execute_script(
        "INSERT INTO segment_history_tally (segment_id, array_events) SELECT t.segment_id, COUNT(*) "
        f"FROM {array_events_source(dialect)} t GROUP BY t.segment_id"
    )


class Migration(migrations.Migration):
    dependencies = [('models', '0020_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SegmentHistoryTally',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('segment', fields.OneToOneField('models.Segment', source_field='segment_id', db_constraint=True,
                                                 to_field='id', related_name='history_tally',
                                                 on_delete=OnDelete.CASCADE)),
                ('array_events', fields.BigIntField()),
            ],
            options={'table': 'segment_history_tally', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContactDeletion',
            fields=[
                ('contact_id', fields.IntField(generated=False, primary_key=True, unique=True, db_index=True)),
                ('deleted_at', fields.DatetimeField(db_index=True)),
            ],
            options={'table': 'contact_deletion', 'app': 'models', 'pk_attr': 'contact_id'},
            bases=['Model'],
        ),
        ops.RunPython(carry_over),
    ]
