from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from segmentum.models.enums import AuditOutcome

# Who did what: the API key that acted on every record it makes (created_by_id, BC's User ID; no foreign key,
# keys are never deleted), and the audit trail of mutations.


class Migration(migrations.Migration):
    dependencies = [('models', '0019_bulk_queries')]

    initial = False

    operations = [
        *[ops.AddField(model_name=model, name='created_by_id', field=fields.IntField(null=True))
          for model in ('SegmentCriteriaAction', 'SavedSegmentCriteria', 'LoggedSegment', 'CampaignEntry',
                        'InteractionLogEntry')],
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(db_index=True)),
                ('key_id', fields.IntField(null=True)),
                ('mutation', fields.CharField(max_length=100)),
                ('outcome', fields.CharEnumField(AuditOutcome, max_length=12)),
                ('codes', fields.JSONField(default=list)),
                ('touched_ids', fields.JSONField(default=list)),
                ('touched_count', fields.IntField(default=0)),
                ('request_id', fields.CharField(max_length=32, null=True)),
            ],
            options={'table': 'audit_event', 'app': 'models', 'pk_attr': 'id',
                     'indexes': [Index(fields=['key_id', 'id']), Index(fields=['mutation', 'id'])]},
            bases=['Model'],
        ),
    ]
