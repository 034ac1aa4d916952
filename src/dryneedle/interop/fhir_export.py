"""Bulk FHIR R4 export: one NDJSON file per resource type, streamed with flat memory.

Rows are read with `QuerySet.iterator(chunk_size=...)` and each resource is written as soon as
it is built, so memory does not grow with the size of the database. References are relative
("Patient/<id>"); ids are the same as in the `$everything` Bundle (see `fhir.fhir_id`).
Each file is written under a temporary name and renamed when complete, so an interrupted
export never leaves a file that looks finished.
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, User
from dryneedle.clinics.tenancy import scope
from dryneedle.interop import fhir
from dryneedle.interop.export_audit import record_export
from dryneedle.outcomes.models import Response
from dryneedle.patients.models import Episode, Patient
from dryneedle.screening.models import Consent
from dryneedle.treatments.models import AdverseEvent, Treatment

RESOURCE_TYPES = (
    "Patient",
    "Condition",
    "Procedure",
    "Observation",
    "QuestionnaireResponse",
    "AdverseEvent",
    "Consent",
)
CHUNK_SIZE = 500
# One encoder for the whole export: json.dumps with options builds a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

Progress = Callable[[int, int], None]


NOTE_TEXT = ("subjective", "objective", "assessment", "plan", "patient_response", "ppt_site")


def _rows(source: type[Model] | QuerySet, clinic: Clinic | None) -> QuerySet:
    """All rows of a model or queryset, or only `clinic`'s (through the model's clinic_path)."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    return queryset if clinic is None else scope(queryset, clinic)


# A source's builder takes a row of its own queryset (a Patient, an Episode, ...): the list
# pairs a different model with each, which one Callable type cannot say but Any.
Build = Callable[[Any], Iterator[tuple[str, dict]]]


def _sources(clinic: Clinic | None) -> list[tuple[QuerySet, Build]]:
    """(queryset, row -> (resource type, resource) pairs), in file-independent order."""
    signed = Treatment.objects.filter(status=Treatment.Status.SIGNED)

    def patients(patient: Patient) -> Iterator[tuple[str, dict]]:
        yield "Patient", fhir.patient_resource(patient)

    def episodes(episode: Episode) -> Iterator[tuple[str, dict]]:
        yield "Condition", fhir.condition_resource(episode, relative=True)

    def treatments(treatment: Treatment) -> Iterator[tuple[str, dict]]:
        yield "Procedure", fhir.procedure_resource(treatment, relative=True)
        for observation in fhir.nprs_observations(treatment, relative=True):
            yield "Observation", observation

    def responses(response: Response) -> Iterator[tuple[str, dict]]:
        yield "QuestionnaireResponse", fhir.questionnaire_response_resource(response, relative=True)
        yield "Observation", fhir.score_observation(response, relative=True)

    def adverse_events(event: AdverseEvent) -> Iterator[tuple[str, dict]]:
        yield "AdverseEvent", fhir.adverse_event_resource(event, relative=True)

    def consents(consent: Consent) -> Iterator[tuple[str, dict]]:
        yield "Consent", fhir.consent_resource(consent, relative=True)

    return [
        (_rows(Patient, clinic).select_related("clinic").order_by("pk"), patients),
        (_rows(Episode, clinic).order_by("pk"), episodes),
        (
            _rows(signed, clinic)
            .select_related("episode", "clinician")
            # The note's free text is not exported (only coded facts): not read either.
            .defer(*NOTE_TEXT)
            # A list attribute: a prefetch into the manager builds a queryset per treatment.
            .prefetch_related(Prefetch("needlings", to_attr=fhir.PREFETCHED_NEEDLINGS))
            .order_by("pk"),
            treatments,
        ),
        (_rows(Response, clinic).select_related("episode", "entered_by").order_by("pk"), responses),
        (
            _rows(AdverseEvent, clinic)
            .filter(treatment__status=Treatment.Status.SIGNED)
            .select_related("treatment__episode", "treatment__clinician")
            .order_by("pk"),
            adverse_events,
        ),
        (_rows(Consent, clinic).select_related("witnessed_by").order_by("pk"), consents),
    ]


def bulk_export(
    out_dir: Path,
    clinic: Clinic | None = None,
    progress: Progress | None = None,
    *,
    by: audit.Actor | User | None = None,
    via: str = "",
) -> dict[str, int]:
    """Write <Type>.ndjson for every resource type into `out_dir`; return the count per type.

    `clinic` limits the export to one clinic (None: every clinic). `progress(done, total)` is
    called after each source row (patient, episode, signed treatment, questionnaire, adverse
    event, consent) with the rows done and the rows to do. Once the files are complete, each
    clinic exported gets an audit row naming `by` and `via`.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = _sources(clinic)
    total = sum(queryset.count() for queryset, _ in sources)
    counts = dict.fromkeys(RESOURCE_TYPES, 0)
    partial = {t: out_dir / f"{t}.ndjson.part" for t in RESOURCE_TYPES}
    files = {t: path.open("w", encoding="utf-8", newline="\n") for t, path in partial.items()}
    done = 0
    try:
        if progress is not None:
            progress(0, total)
        for queryset, build in sources:
            for row in queryset.iterator(chunk_size=CHUNK_SIZE):
                for resource_type, resource in build(row):
                    files[resource_type].write(_encode(resource) + "\n")
                    counts[resource_type] += 1
                done += 1
                if progress is not None:
                    progress(done, max(total, done))
    except BaseException:
        for handle in files.values():
            handle.close()
        for path in partial.values():
            path.unlink(missing_ok=True)
        raise
    for handle in files.values():
        handle.close()
    for resource_type, path in partial.items():
        path.replace(out_dir / f"{resource_type}.ndjson")
    record_export(by, "FHIR NDJSON", out_dir, clinic, counts, via)
    return counts
