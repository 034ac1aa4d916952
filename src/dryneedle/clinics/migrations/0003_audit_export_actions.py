"""Audit actions for data leaving or entering the system: export, download, import."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clinics", "0002_initial")]

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
                ],
                max_length=20,
            ),
        ),
    ]
