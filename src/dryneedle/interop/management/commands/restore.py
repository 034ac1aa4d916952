"""`dryneedle restore FILE [--replace]`: load a clinic backup, all or nothing."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from django.utils import timezone

from dryneedle.clinics.models import Clinic
from dryneedle.interop import backup


class Command(BaseCommand):
    help = (
        "Load a clinic written by `dryneedle backup` in one transaction: all of it or nothing. "
        "Refuses when the clinic or any of its rows already exist, unless --replace is given, "
        "which deletes that clinic's current content first. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `dryneedle backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the clinic's current content, audit log included, after writing a "
            "copy of it to FILE.replaced-<time>.json (everything since the backup is then only "
            "in that copy).",
        )

    def handle(self, *args, file: str, replace: bool, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                content = backup.parse(stream.read())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not a dryneedle backup file (not text).") from None
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if replace:
            self._keep_a_copy_of_what_is_replaced(content["clinic"], file)
        try:
            clinic = backup.restore(content, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        except (DeserializationError, DatabaseError, LookupError, KeyError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
            raise CommandError(f"Restore failed, nothing was restored: {reason}") from None
        self.stderr.write(
            f"Restored clinic {clinic.slug!r}: {len(content['objects'])} rows from {file}."
        )

    def _keep_a_copy_of_what_is_replaced(self, slug: str, file: str) -> None:
        """Audit rows are never thrown away: the content about to be replaced goes to a file."""
        current = Clinic.objects.filter(slug=slug).first()
        if current is None:
            return
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        copy = f"{file}.replaced-{stamp}.json"
        try:
            descriptor = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                backup.write(current, stream)
        except OSError as error:
            raise CommandError(
                f"Cannot keep a copy of the current clinic in {copy}: {error.strerror}; "
                "nothing was restored."
            ) from None
        self.stderr.write(f"The current content of {slug!r} is kept in {copy}.")
