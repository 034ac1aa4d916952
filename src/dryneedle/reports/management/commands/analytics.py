"""`dryneedle analytics --clinic SLUG [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--clinician EMAIL]
[--diagnosis PREFIX] [--json]`: a clinic's analytics per diagnosis (see reports/analytics.py).

Dates are inclusive, in the clinic's time zone. With --json the whole result is printed as JSON
(rates and intervals as numbers, intervals as [low, high], null where there is no data);
without it, a short summary. Bad arguments exit with status 2.
"""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, User
from dryneedle.reports.analytics import clinic_analytics

USAGE_ERROR = 2


def _date(value: str | None, option: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date; use YYYY-MM-DD.", returncode=USAGE_ERROR
        ) from None


def _percent(block: dict) -> str:
    if not block["n"]:
        return "no data"
    low, high = block["ci95"]
    return (
        f"{block['successes']}/{block['n']} = {block['rate'] * 100:.1f} % "
        f"(95 % CI {low * 100:.1f}–{high * 100:.1f})"
    )


class Command(BaseCommand):
    help = (
        "Clinic analytics per diagnosis: responders, sessions to the MCID, NPRS change, "
        "adverse events and discomfort, with 95 % intervals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinic", required=True, metavar="SLUG")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        parser.add_argument("--clinician", metavar="EMAIL", help="Only this clinician's notes.")
        parser.add_argument(
            "--diagnosis", metavar="PREFIX", help="ICD-10-CM code prefix, e.g. M54 or M54.5."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        clinic = Clinic.objects.filter(slug=options["clinic"]).first()
        if clinic is None:
            raise CommandError(f"No clinic {options['clinic']!r}.", returncode=USAGE_ERROR)
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from is after --to.", returncode=USAGE_ERROR)
        clinician = None
        if options["clinician"]:
            clinician = User.objects.filter(
                email__iexact=options["clinician"].strip(), memberships__clinic=clinic
            ).first()
            if clinician is None:
                raise CommandError(
                    f"No staff member {options['clinician']!r} in {clinic.name}.",
                    returncode=USAGE_ERROR,
                )
        result = clinic_analytics(
            clinic,
            date_from=date_from,
            date_to=date_to,
            clinician=clinician,
            icd10_prefix=options["diagnosis"],
        )
        audit.record(None, audit.Action.EXPORT, clinic=clinic, detail="analytics (command line)")
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for row in [*result["diagnoses"], {"code": "All", "title": "", **result["totals"]}]:
            km = row["sessions_to_mcid"]
            median = "not reached" if km["median"] is None else f"{km['median']:g}"
            self.stdout.write(
                f"{row['code']} {row['title'] or ''}".strip()
                + f": {row['episodes']} episodes, {row['treatments']} signed treatments\n"
                f"  responders: {_percent(row['responders'])}\n"
                f"  median sessions to MCID: {median} "
                f"({km['events']} reached, {km['censored']} censored)\n"
                f"  NPRS −2 after session: {_percent(row['nprs_after_session'])}\n"
                f"  NPRS −2 at 24 h: {_percent(row['nprs_within_24h'])}\n"
                "  adverse events per 100 treatments: "
                + ", ".join(
                    f"{severity} {block['per_100']:.2f}"
                    for severity, block in row["adverse_events"].items()
                    if block["per_100"] is not None
                )
            )
