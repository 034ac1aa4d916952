"""The booking requests and public-form counters that lived in `screening` (until its 0003):
the same tables, now owned by this app. Only Django's model state changes; no SQL runs."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('screening', '0003_move_booking_requests'),
        ('clinics', '0007_clinic_paper_size'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='PublicFormCounter',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=64, unique=True)),
                    ('window', models.DateTimeField(db_index=True)),
                    ('count', models.PositiveIntegerField(default=0)),
                ],
                options={
                    'db_table': 'screening_publicformcounter',
                },
            ),
            migrations.CreateModel(
                name='HistoricalBookingRequest',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('name', models.CharField(max_length=120)),
                    ('email', models.EmailField(blank=True, max_length=254)),
                    ('phone', models.CharField(blank=True, max_length=40)),
                    ('preferred_times', models.CharField(blank=True, max_length=300)),
                    ('message', models.TextField(blank=True, max_length=1000)),
                    ('self_check_summary', models.TextField(blank=True, help_text='The self-check result, only when the person chose to include it.')),
                    ('status', models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('booked', 'Booked'), ('declined', 'Declined')], default='new', max_length=20)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('clinic', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clinics.clinic')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical booking request',
                    'verbose_name_plural': 'historical booking requests',
                    'db_table': 'screening_historicalbookingrequest',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='BookingRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=120)),
                    ('email', models.EmailField(blank=True, max_length=254)),
                    ('phone', models.CharField(blank=True, max_length=40)),
                    ('preferred_times', models.CharField(blank=True, max_length=300)),
                    ('message', models.TextField(blank=True, max_length=1000)),
                    ('self_check_summary', models.TextField(blank=True, help_text='The self-check result, only when the person chose to include it.')),
                    ('status', models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('booked', 'Booked'), ('declined', 'Declined')], default='new', max_length=20)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('clinic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='booking_requests', to='clinics.clinic')),
                    ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'screening_bookingrequest',
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['clinic', 'status', '-created_at'], name='booking_inbox_idx')],
                    'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('email', ''), _negated=True), models.Q(('phone', ''), _negated=True), _connector='OR'), name='booking_has_contact', violation_error_message='Give an email address or a phone number.')],
                },
            ),
            ],
        ),
    ]
