from tortoise import migrations
from tortoise.migrations import operations as ops
from segmentum.models.enums import DeliveryStatus
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='InteractionLogEntry',
            name='delivery_status',
            field=fields.CharEnumField(default=DeliveryStatus.NONE, description='NONE: NONE\nPENDING: PENDING\nSENT: SENT\nFAILED: FAILED', enum_type=DeliveryStatus, max_length=12),
        ),
        ops.AddField(
            model_name='InteractionLogEntry',
            name='delivery_error',
            field=fields.CharField(null=True, max_length=300),
        ),
        ops.AddIndex(
            model_name='InteractionLogEntry',
            index=Index(fields=['logged_segment_id', 'delivery_status']),
        ),
    ]
