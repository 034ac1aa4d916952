"""`dryneedle export fhir --out DIR` (NDJSON per resource type) and
`dryneedle export csv --out DIR --clinic SLUG` (patients, episodes, treatments, …)."""

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic

USAGE_ERROR = 2


class ProgressBar:
    """A one-line progress bar on standard error (only when it is a terminal)."""

    def __init__(self, stream: TextIO | None = None, width: int = 40) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.live or total <= 0:
            return
        filled = int(self.width * done / total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Export FHIR R4 NDJSON (all clinics or one) or a clinic's data as CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=["fhir", "csv"])
        parser.add_argument("--out", type=Path, required=True, help="Folder to write into.")
        parser.add_argument("--clinic", help="Clinic slug (required for csv).")

    def handle(
        self, *args: Any, format: str, out: Path, clinic: str | None, **options: Any
    ) -> None:
        selected = None
        if clinic:
            selected = Clinic.objects.filter(slug=clinic).first()
            if selected is None:
                raise CommandError(f"No clinic '{clinic}'.", returncode=USAGE_ERROR)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(
                f"Cannot write to {out}: {error.strerror}.", returncode=USAGE_ERROR
            ) from None
        if format == "csv":
            if selected is None:
                raise CommandError("CSV export needs --clinic SLUG.", returncode=USAGE_ERROR)
            # Each format loads only its own exporter (FHIR validation loads slowly).
            from dryneedle.interop.csv_export import export_csv  # noqa: PLC0415

            counts = export_csv(out, selected, audit.Actor.system(selected), via="command line")
        else:
            from dryneedle.interop.fhir_export import bulk_export  # noqa: PLC0415

            counts = bulk_export(
                out,
                clinic=selected,
                progress=ProgressBar(),
                by=audit.Actor.system(selected),
                via="command line",
            )
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
