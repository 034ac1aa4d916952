"""Pain drawings moved to the `patients` app (the atlas is reference data, below patients). Only
Django's model state changes: the tables keep their names (the model names them) and rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('atlas', '0002_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='paindrawing',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='paindrawing',
                    name='episode',
                ),
                migrations.DeleteModel(
                    name='HistoricalPainDrawing',
                ),
                migrations.DeleteModel(
                    name='PainDrawing',
                ),
            ],
        ),
    ]
