from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# Re-evaluation no longer rewrites the pending archive rows of the tags it moves lines into or out of: it marks
# those actions, and their Go Back writes the rows again from the lines first (models/worksheet/pending.py).
# Actions recorded before this migration have current rows: false (the column default). The archive's index by undo action also holds the line
# number, so that the highest line number Go Back may restore is read per action from the end of the index.


class Migration(migrations.Migration):
    dependencies = [('models', '0005_pending_add_archive')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SegmentCriteriaAction',
            name='pending_stale',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RemoveIndex(model_name='SegmentLineArchive', fields=['segment_id', 'undo_action_id']),
        ops.AddIndex(
            model_name='SegmentLineArchive',
            index=Index(fields=['segment_id', 'undo_action_id', 'line_no']),
        ),
    ]
