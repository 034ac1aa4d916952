"""`dryneedle report EPISODE_ID --pdf out.pdf`: write an episode's PDF progress report."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.clinics import audit
from dryneedle.patients.models import Episode
from dryneedle.reports.pdf import report_pdf


class Command(BaseCommand):
    help = "Write the PDF progress report of an episode of care."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("episode_id", type=int)
        parser.add_argument("--pdf", type=Path, required=True, help="Where to write the PDF.")

    def handle(self, *args: Any, episode_id: int, pdf: Path, **options: Any) -> None:
        episode = Episode.objects.select_related("patient__clinic").filter(pk=episode_id).first()
        if episode is None:
            raise CommandError(f"No episode {episode_id}.", returncode=2)
        if not pdf.parent.exists():
            raise CommandError(f"The folder {pdf.parent} does not exist.", returncode=2)
        pdf.write_bytes(report_pdf(episode))
        audit.record(
            None,
            audit.Action.DOWNLOAD,
            patient=episode.patient,
            obj=episode,
            detail=f"PDF report written to {pdf} (command line)",
        )
        self.stdout.write(f"Wrote {pdf} ({pdf.stat().st_size // 1024} KB)")
