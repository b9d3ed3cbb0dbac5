from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0015_content_languages')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProfileRating',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('question', fields.ForeignKeyField('models.ProfileQuestionnaireLine', source_field='question_id', db_constraint=True, to_field='id', related_name='ratings', on_delete=OnDelete.CASCADE)),
                ('answer', fields.ForeignKeyField('models.ProfileQuestionnaireLine', source_field='answer_id', db_constraint=True, to_field='id', related_name='rated_by', on_delete=OnDelete.CASCADE)),
                ('points', fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={'table': 'profile_rating', 'app': 'models', 'unique_together': (('question', 'answer'),), 'indexes': [Index(fields=['answer_id', 'question_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ProfileQuestionnaireLine',
            name='from_value',
            field=fields.DecimalField(null=True, max_digits=18, decimal_places=2),
        ),
        ops.AddField(
            model_name='ProfileQuestionnaireLine',
            name='rating',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='ProfileQuestionnaireLine',
            name='to_value',
            field=fields.DecimalField(null=True, max_digits=18, decimal_places=2),
        ),
    ]
