from tortoise import migrations
from tortoise.migrations import operations as ops
from decimal import Decimal
from segmentum.models.enums import CorrespondenceType, Evaluation, InformationFlow, InitiatedBy
from tortoise.fields.base import OnDelete
from tortoise import fields
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index

# The columns a removed line keeps, in segment_history as in segment_line_archive.
LINE_COLUMNS = (
    "line_no, contact_id, contact_company_id, description, date, subject, language_code, salesperson_id, "
    "interaction_template_id, interaction_group_id, cost_lcy, duration_min, correspondence_type, information_flow, "
    "initiated_by, campaign_id, campaign_target, campaign_response, evaluation, attempt_failed"
)
CARRY = [
    # A current line is tagged with the action that inserted it (its last insertion in the history).
    "UPDATE segment_line SET action_id = (SELECT MAX(h.criteria_action_id) FROM segment_history h "
    "WHERE h.segment_id = segment_line.segment_id AND h.line_no = segment_line.line_no AND h.kind = 'INSERTION')",
    # Every membership event, in its order, as an archive row holding that half of a stint only.
    "INSERT INTO segment_line_archive (segment_id, contact_id, entered_at, entered_cause, left_at, left_cause, "
    "cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
    "campaign_response, evaluation, attempt_failed) "
    "SELECT e.segment_id, e.contact_id, CASE WHEN e.kind = 'ADDED' THEN e.at END, "
    "CASE WHEN e.kind = 'ADDED' THEN e.cause END, CASE WHEN e.kind = 'REMOVED' THEN e.at END, "
    "CASE WHEN e.kind = 'REMOVED' THEN e.cause END, 0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE "
    "FROM segment_membership_event e ORDER BY e.id",
    # Every deleted line Go Back can still restore, every field kept, with the tag of the action that inserted it.
    f"INSERT INTO segment_line_archive (segment_id, undo_action_id, action_id, {LINE_COLUMNS}) "
    "SELECT h.segment_id, h.criteria_action_id, (SELECT MAX(i.criteria_action_id) FROM segment_history i "
    "WHERE i.segment_id = h.segment_id AND i.line_no = h.line_no AND i.kind = 'INSERTION' "
    f"AND i.criteria_action_id < h.criteria_action_id), {', '.join('h.' + c for c in LINE_COLUMNS.split(', '))} "
    "FROM segment_history h WHERE h.kind = 'DELETION' ORDER BY h.id",
]


async def carry_history_and_events(apps, schema_editor) -> None:
    for sql in CARRY:
        await schema_editor.client.execute_query(sql)


class Migration(migrations.Migration):
    dependencies = [('models', '0002_logging_delivery'), ('models', '0003_persisted_documents')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SegmentLineArchive',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('segment', fields.ForeignKeyField('models.Segment', source_field='segment_id', db_constraint=True, to_field='id', related_name='archive', on_delete=OnDelete.CASCADE)),
                ('undo_action_id', fields.IntField(null=True)),
                ('action_id', fields.IntField(null=True)),
                ('line_no', fields.IntField(null=True)),
                ('contact_id', fields.IntField(null=True)),
                ('contact_company_id', fields.IntField(null=True)),
                ('description', fields.CharField(null=True, max_length=100)),
                ('date', fields.DateField(null=True)),
                ('subject', fields.CharField(null=True, max_length=100)),
                ('language_code', fields.CharField(null=True, max_length=10)),
                ('salesperson_id', fields.IntField(null=True)),
                ('interaction_template_id', fields.IntField(null=True)),
                ('interaction_group_id', fields.IntField(null=True)),
                ('cost_lcy', fields.DecimalField(default=Decimal('0'), max_digits=18, decimal_places=2)),
                ('duration_min', fields.IntField(default=0)),
                ('correspondence_type', fields.CharEnumField(default=CorrespondenceType.NONE, description='NONE: NONE\nHARD_COPY: HARD_COPY\nEMAIL: EMAIL', enum_type=CorrespondenceType, max_length=10)),
                ('information_flow', fields.CharEnumField(default=InformationFlow.NONE, description='NONE: NONE\nOUTBOUND: OUTBOUND\nINBOUND: INBOUND', enum_type=InformationFlow, max_length=10)),
                ('initiated_by', fields.CharEnumField(default=InitiatedBy.NONE, description='NONE: NONE\nUS: US\nTHEM: THEM', enum_type=InitiatedBy, max_length=10)),
                ('campaign_id', fields.IntField(null=True)),
                ('campaign_target', fields.BooleanField(default=False)),
                ('campaign_response', fields.BooleanField(default=False)),
                ('evaluation', fields.CharEnumField(default=Evaluation.NONE, description='NONE: NONE\nVERY_POSITIVE: VERY_POSITIVE\nPOSITIVE: POSITIVE\nNEUTRAL: NEUTRAL\nNEGATIVE: NEGATIVE\nVERY_NEGATIVE: VERY_NEGATIVE', enum_type=Evaluation, max_length=15)),
                ('attempt_failed', fields.BooleanField(default=False)),
                ('entered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('entered_cause', fields.CharField(null=True, max_length=100)),
                ('left_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('left_cause', fields.CharField(null=True, max_length=100)),
                ('contact_ids', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'segment_line_archive', 'app': 'models', 'indexes': [Index(fields=['segment_id', 'undo_action_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='SegmentLine',
            name='action_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='SegmentLine',
            name='entered_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='SegmentLine',
            name='entered_cause',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.RunPython(carry_history_and_events),
        ops.DeleteModel(name='SegmentHistory'),
        ops.DeleteModel(name='SegmentMembershipEvent'),
    ]
