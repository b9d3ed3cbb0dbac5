from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# A job's lease: a QUEUED or RUNNING job whose lease has expired and whose queue entry is gone goes back to the
# queue (workers/reconcile.py). Jobs active before the lease existed are due at once: their queue entry is
# looked for at the next reconciliation.


async def lease_active_jobs(apps, schema_editor) -> None:
    await schema_editor.client.execute_query(
        "UPDATE job SET lease_expires_at = enqueued_at WHERE status IN ('QUEUED', 'RUNNING')")


class Migration(migrations.Migration):
    dependencies = [('models', '0011_reuse_logged_actions')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Job',
            name='lease_expires_at',
            field=fields.DatetimeField(null=True, db_index=True),
        ),
        ops.RunPython(lease_active_jobs),
    ]
