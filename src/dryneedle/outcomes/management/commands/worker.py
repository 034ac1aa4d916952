"""`dryneedle worker`: run background jobs (24-hour check-in messages) as they fall due."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background-job worker (django-tasks database backend). Ctrl+C stops it."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between polls.")

    def handle(self, *args, batch: bool, interval: float, **options):
        arguments = ["--interval", str(interval), "--no-startup-delay"]
        if batch:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
