"""`dryneedle checkins send-due [--now]`: email the 24-hour check-ins whose time has come.

The worker sends each check-in when it falls due; this sends any it missed (a mail server that
was down), and with --now also those due later, so a demo need not wait a day. Each send is
audited under its patient, as the worker's are. --now is refused in production: patients would
be asked how they are hours before the clinic meant to ask.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.outcomes import checkins


class Command(BaseCommand):
    help = "Email the 24-hour check-ins that are due (--now: also those due later; demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send_due = sub.add_parser("send-due", help="Email the check-ins that are due.")
        send_due.add_argument(
            "--now",
            action="store_true",
            help="Also send the check-ins due later (refused in production).",
        )

    def handle(self, *args: Any, action: str, now: bool, **options: Any) -> None:
        if now and settings.PRODUCTION:
            raise CommandError(
                "Refusing to send check-ins before they are due in production "
                "(DRYNEEDLE_ENV=production)."
            )
        sent = failed = 0
        for pk in list(checkins.due(include_later=now).values_list("pk", flat=True)):
            checkin = checkins.send(pk)
            if checkin is not None and checkin.sent_at is not None:
                sent += 1
            else:
                failed += 1
                problem = checkin.delivery_problem if checkin is not None else ""
                self.stderr.write(f"Check-in {pk} not sent: {problem}")
        self.stdout.write(f"Check-ins: {sent} sent, {failed} not sent.")
