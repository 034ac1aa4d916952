"""Audit action for refused access: a 403 or 404 answered to a member acting for a clinic.

Choices only: no database column changes, so SQLite does not rebuild clinics_auditevent
and the immutability triggers of 0004 stay in place (`sqlmigrate clinics 0006`: no-op).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clinics", "0005_clinic_mfa_policy")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("list", "Listed"),
                    ("search", "Searched"),
                    ("create", "Created"),
                    ("update", "Updated"),
                    ("archive", "Archived"),
                    ("restore", "Restored"),
                    ("login", "Signed in"),
                    ("login_failed", "Failed sign-in"),
                    ("logout", "Signed out"),
                    ("token_used", "Patient link used"),
                    ("token_refused", "Patient link refused"),
                    ("export", "Exported"),
                    ("download", "Downloaded"),
                    ("import", "Imported"),
                    ("refused", "Access refused"),
                ],
                max_length=20,
            ),
        ),
    ]
