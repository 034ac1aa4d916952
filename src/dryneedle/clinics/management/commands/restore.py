"""`dryneedle restore FILE [--replace]`: load a clinic backup, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from dryneedle.clinics import backup


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
            help="Delete the clinic's current content (everything since the backup is lost).",
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
