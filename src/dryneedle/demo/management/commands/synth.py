"""`dryneedle synth`: synthetic clinics with realistic records, for benchmarks and load tests."""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from dryneedle.demo.synth_db import SynthError, generate


class Command(BaseCommand):
    help = (
        "Create synthetic clinics with patients, episodes, signed treatments, needlings, "
        "questionnaires, check-ins and adverse events (deterministic for a seed; the "
        "distributions are documented in dryneedle/demo/synth.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinics", type=int, default=1)
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The day the data ends (YYYY-MM-DD; default: today). Same seed and day, "
            "same data.",
        )
        parser.add_argument("--batch", type=int, default=5000, help="Patients per insert batch.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--force", action="store_true", help="Allow running with production settings."
        )

    def handle(
        self,
        *args: Any,
        clinics: int,
        patients: int,
        seed: int,
        today: datetime.date | None,
        batch: int,
        no_progress: bool,
        force: bool,
        **opts: Any,
    ) -> None:
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to add synthetic patients to a production database "
                "(DRYNEEDLE_ENV=production). Use --force only on a throw-away installation."
            )
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        # OutputWrapper's stubs type its attributes (passed through to the wrapped stream) as
        # callables; _out is the wrapped text stream itself, which tqdm writes to.
        bar = tqdm(  # type: ignore[call-overload]
            total=patients, unit=" patients", disable=no_progress, file=self.stderr._out
        )
        try:
            result = generate(
                clinics=clinics,
                patients=patients,
                seed=seed,
                today=today or timezone.localdate(),
                batch=batch,
                progress=bar.update,
            )
        except SynthError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics for the new rows
        self.stdout.write(self.style.SUCCESS(f"Synthetic clinics: {', '.join(result.clinics)}"))
        for table, count in result.counts.items():
            self.stdout.write(f"  {table.split('_', 1)[1]:<14} {count:>10,}")
