"""`dryneedle backup --clinic SLUG --output FILE`: write one clinic's complete content."""

import os

from django.core.management.base import BaseCommand, CommandError

from dryneedle.clinics.models import Clinic
from dryneedle.interop import backup


class Command(BaseCommand):
    help = (
        "Write one clinic's complete content (staff with their password hashes, patients, "
        "notes, outcomes, audit log, history) to a JSON file. The file is as sensitive as "
        "the database: encrypt it and keep it where only administrators can read it. "
        "See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clinic", required=True, help="The clinic's slug (short name).")
        parser.add_argument("--output", required=True, help="The file to write ('-': stdout).")

    def handle(self, *args, clinic: str, output: str, **options):
        found = Clinic.objects.filter(slug=clinic).first()
        if found is None:
            raise CommandError(f"No clinic with the slug {clinic!r}.")
        try:
            if output == "-":
                count = backup.write(found, self.stdout)
                return
            partial = f"{output}.partial"
            # Readable by the owner only; renamed into place only when complete.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "w", encoding="utf-8") as stream:
                count = backup.write(found, stream)
            os.replace(partial, output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Backed up clinic {clinic!r}: {count} rows to {output}.")
