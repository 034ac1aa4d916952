"""`dryneedle import patients FILE.csv --clinic SLUG [--dry-run]`: import patients from CSV.

Every row is checked first. Any problem is printed as "line L: reason" on stderr, nothing is
written and the exit code is 2. Otherwise all patients are created in one transaction.
The columns: record_number, given_name, family_name, date_of_birth (YYYY-MM-DD),
sex (female, male, other, unknown; blank = unknown), email, phone.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic
from dryneedle.interop.csv_io import PATIENT_COLUMNS, import_patients

USAGE_ERROR = 2


def _patients(n: int) -> str:
    return f"{n} patient{'' if n == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Import patients from a UTF-8 CSV file into a clinic: all rows or none. Columns: "
        + ", ".join(PATIENT_COLUMNS)
        + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["patients"], help="What to import: patients.")
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8; a BOM is fine).")
        parser.add_argument("--clinic", required=True, metavar="SLUG", help="The clinic's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and write nothing."
        )

    def handle(
        self, *args: Any, kind: str, file: Path, clinic: str, dry_run: bool, **options: Any
    ) -> None:
        found = Clinic.objects.filter(slug=clinic).first()
        if found is None:
            raise CommandError(f"No clinic with the slug “{clinic}”.", returncode=USAGE_ERROR)
        try:
            with file.open("rb") as handle:
                result = import_patients(
                    handle,
                    found,
                    dry_run=dry_run,
                    created_by=audit.Actor.system(found),
                    via=f"command line, {file.name}",
                )
        except OSError as error:
            raise CommandError(
                f"Cannot read {file}: {error.strerror or error}", returncode=USAGE_ERROR
            ) from None
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"line {problem.line}: {problem.reason}")
            count = len(result.problems)
            raise CommandError(
                f"{count} problem{'' if count == 1 else 's'} found; nothing was imported.",
                returncode=USAGE_ERROR,
            )
        if dry_run:
            self.stdout.write(f"{_patients(result.created)} would be imported")
            return
        self.stdout.write(f"{_patients(result.created)} imported")
