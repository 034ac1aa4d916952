"""The audit log as CSV rows, safe to open in a spreadsheet."""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone

from dryneedle.clinics.models import AuditEvent
from dryneedle.csv_cells import safe_row

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
    """Header, then one line per event (times in `zone`); every cell goes through `safe_row`.

    The zone is passed in because a streamed body is written after the clinic's time zone
    has been deactivated."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # BOM: Excel then reads the file as UTF-8
    for event in events:
        yield writer.writerow(safe_row(_row(event, zone)))
