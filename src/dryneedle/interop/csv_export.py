"""CSV export of a clinic's records: one file per kind of record, streamed in batches.

patients.csv re-imports with `csv_io.import_patients` (its patient_id column is ignored).
Times are ISO 8601 in the clinic's time zone, with the offset. Every cell goes through
`safe_row`, so a spreadsheet never runs a cell as a formula.
"""

import csv
import datetime
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, User
from dryneedle.clinics.tenancy import scope
from dryneedle.csv_cells import safe_row
from dryneedle.interop.csv_io import EXPORT_BATCH, PATIENT_COLUMNS
from dryneedle.interop.export_audit import record_export
from dryneedle.outcomes.models import Response
from dryneedle.patients.models import Episode, Patient
from dryneedle.treatments.models import AdverseEvent, Needling, Treatment

Rows = Iterator[list]
M = TypeVar("M", bound=Model)
Local = Callable[[datetime.datetime | None], datetime.datetime | None]


def _plain(value: object) -> object:
    """Dates and times as ISO 8601; anything else as it is, for `safe_row`."""
    if isinstance(value, datetime.date):  # datetime too
        return value.isoformat()
    return value


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(safe_row([_plain(v) for v in row]))
            count += 1
    return count


def _each(queryset: QuerySet[M]) -> Iterator[M]:
    return queryset.iterator(chunk_size=EXPORT_BATCH)


def _patients(clinic: Clinic, local: Local) -> tuple[tuple[str, ...], Rows]:
    patients = scope(Patient, clinic).order_by("id")
    header = ("patient_id", *PATIENT_COLUMNS)
    return header, ([p.pk, *(getattr(p, c) for c in PATIENT_COLUMNS)] for p in _each(patients))


def _episodes(clinic: Clinic, local: Local) -> tuple[tuple[str, ...], Rows]:
    episodes = scope(Episode, clinic).select_related("patient").order_by("id")
    header = (
        "episode_id",
        "patient_id",
        "patient_record_number",
        "icd10_code",
        "problem",
        "protocol",
        "opened_on",
        "closed_on",
    )
    rows = (
        [
            e.pk,
            e.patient_id,
            e.patient.record_number,
            e.icd10_code,
            e.problem,
            e.protocol,
            e.opened_on,
            e.closed_on,
        ]
        for e in _each(episodes)
    )
    return header, rows


def _treatments(clinic: Clinic, local: Local) -> tuple[tuple[str, ...], Rows]:
    treatments = scope(Treatment, clinic).select_related("clinician").order_by("id")
    header = (
        "treatment_id",
        "episode_id",
        "performed_at",
        "clinician_email",
        "status",
        "signed_at",
        "pre_nprs",
        "post_nprs",
        "discomfort",
        "cpt_code",
        "icd10_code",
        "needles_opened",
        "needles_removed",
        "needles_discarded",
    )
    rows = (
        [
            t.pk,
            t.episode_id,
            local(t.performed_at),
            t.clinician.email,
            t.status,
            local(t.signed_at),
            t.pre_nprs,
            t.post_nprs,
            t.discomfort,
            t.cpt_code,
            t.icd10_code,
            t.needles_opened,
            t.needles_removed,
            t.needles_discarded,
        ]
        for t in _each(treatments)
    )
    return header, rows


def _needlings(clinic: Clinic, local: Local) -> tuple[tuple[str, ...], Rows]:
    needlings = scope(Needling, clinic).select_related("needle").order_by("id")
    header = (
        "needling_id",
        "treatment_id",
        "muscle",
        "trigger_point",
        "side",
        "needle_diameter_mm",
        "needle_length_mm",
        "needle_brand",
        "technique",
        "passes",
        "minutes",
        "twitch",
        "twitch_count",
        "depth_mm",
    )
    rows = (
        [
            n.pk,
            n.treatment_id,
            n.muscle,
            n.trigger_point,
            n.side,
            n.needle.diameter_mm,
            n.needle.length_mm,
            n.needle.brand,
            n.technique,
            n.passes,
            n.minutes,
            n.twitch,
            n.twitch_count,
            n.depth_mm,
        ]
        for n in _each(needlings)
    )
    return header, rows


def _responses(clinic: Clinic, local: Local) -> tuple[tuple[str, ...], Rows]:
    responses = scope(Response, clinic).order_by("id")
    header = (
        "response_id",
        "episode_id",
        "instrument",
        "score",
        "max_score",
        "percent",
        "collected_at",
        "source",
    )
    rows = (
        [
            r.pk,
            r.episode_id,
            r.instrument,
            r.score,
            r.max_score,
            r.percent,
            local(r.collected_at),
            r.source,
        ]
        for r in _each(responses)
    )
    return header, rows


def _adverse_events(clinic: Clinic, local: Local) -> tuple[tuple[str, ...], Rows]:
    adverse = scope(AdverseEvent, clinic).order_by("id")
    header = (
        "adverse_event_id",
        "treatment_id",
        "kind",
        "severity",
        "onset",
        "action",
        "note",
        "recorded_at",
    )
    rows = (
        [a.pk, a.treatment_id, a.kind, a.severity, a.onset, a.action, a.note, local(a.created_at)]
        for a in _each(adverse)
    )
    return header, rows


FILES = {
    "patients.csv": _patients,
    "episodes.csv": _episodes,
    "treatments.csv": _treatments,
    "needlings.csv": _needlings,
    "responses.csv": _responses,
    "adverse_events.csv": _adverse_events,
}


def export_csv(
    out_dir: Path, clinic: Clinic, by: audit.Actor | User | None = None, *, via: str = ""
) -> dict[str, int]:
    """Write the clinic's records as CSV files into `out_dir`; return rows written per file.
    Once they are written, the export's audit row names the clinic, `by` and `via`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    zone = zoneinfo.ZoneInfo(clinic.timezone)

    def local(value: datetime.datetime | None) -> datetime.datetime | None:
        return timezone.localtime(value, zone) if value is not None else None

    counts = {name: _write(out_dir / name, *rows(clinic, local)) for name, rows in FILES.items()}
    record_export(by, "CSV files", out_dir, clinic, counts, via)
    return counts
