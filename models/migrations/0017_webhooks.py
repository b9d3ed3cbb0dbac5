from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from segmentum.models.enums import WebhookDeliveryStatus

# Webhooks: endpoints, the outbox of events, deliveries (one per event and endpoint) and their attempts.


class Migration(migrations.Migration):
    dependencies = [('models', '0016_profile_ratings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('url', fields.CharField(max_length=2000)),
                ('event_types', fields.JSONField(default=list)),
                ('description', fields.CharField(max_length=200, default='')),
                ('secret', fields.CharField(max_length=100)),
                ('enabled', fields.BooleanField(default=True)),
                ('disabled_reason', fields.CharField(max_length=500, null=True)),
                ('consecutive_failures', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now_add=True)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('message_id', fields.CharField(max_length=40, unique=True)),
                ('type', fields.CharField(max_length=50)),
                ('data', fields.JSONField(default=dict)),
                ('created_at', fields.DatetimeField()),
            ],
            options={'table': 'webhook_event', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.WebhookEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(WebhookDeliveryStatus, max_length=10, default=WebhookDeliveryStatus.PENDING)),
                ('attempts', fields.IntField(default=0)),
                ('round_started_at', fields.DatetimeField(null=True)),
                ('next_attempt_at', fields.DatetimeField(null=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'unique_together': (('event', 'endpoint'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery', fields.ForeignKeyField('models.WebhookDelivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempt_rows', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField()),
                ('status_code', fields.IntField(null=True)),
                ('latency_ms', fields.IntField()),
                ('error', fields.CharField(max_length=1000, null=True)),
            ],
            options={'table': 'webhook_attempt', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
