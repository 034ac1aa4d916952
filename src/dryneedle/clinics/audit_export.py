"""The audit log as CSV rows, safe to open in a spreadsheet."""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone

from dryneedle.clinics.models import AuditEvent

COLUMNS = [
    "at",
    "user",
    "action",
    "patient_id",
    "patient",
    "object_type",
    "object_id",
    "method",
    "path",
    "ip_address",
    "detail",
]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(event: AuditEvent, zone: datetime.tzinfo) -> list[object]:
    return [
        timezone.localtime(event.at, zone).isoformat(),
        event.user.email if event.user else "",
        event.action,
        event.patient_id or "",
        event.patient.full_name if event.patient else "",
        event.object_type,
        event.object_id,
        event.method,
        event.path,
        event.ip_address or "",
        event.detail,
    ]


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[AuditEvent], zone: datetime.tzinfo) -> Iterator[str]:
    """Header, then one line per event (times in `zone`); every cell goes through `safe_cell`.

    The zone is passed in because a streamed body is written after the clinic's time zone
    has been deactivated."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # BOM: Excel then reads the file as UTF-8
    for event in events:
        yield writer.writerow([safe_cell(value) for value in _row(event, zone)])
