"""Booking requests and the public-form counters moved to the `public` app. Only Django's model
state changes: the tables keep their names (the models name them in Meta) and their rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0002_consent_typed_name_fits_longest_names'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.RemoveField(
                model_name='bookingrequest',
                name='clinic',
            ),
            migrations.RemoveField(
                model_name='bookingrequest',
                name='updated_by',
            ),
            migrations.RemoveField(
                model_name='historicalbookingrequest',
                name='clinic',
            ),
            migrations.RemoveField(
                model_name='historicalbookingrequest',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalbookingrequest',
                name='updated_by',
            ),
            migrations.DeleteModel(
                name='PublicFormCounter',
            ),
            migrations.DeleteModel(
                name='BookingRequest',
            ),
            migrations.DeleteModel(
                name='HistoricalBookingRequest',
            ),
            ],
        ),
    ]
