"""Patients API: search and read patients and their episodes of care."""

import datetime
from typing import cast

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from dryneedle.api.pagination import BoundedPageNumberPagination
from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.clinics import audit
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import scope
from dryneedle.patients.access import get_patient_for
from dryneedle.patients.models import Episode, Patient, PatientQuerySet

router = Router(tags=["patients"])


class PatientOut(Schema):
    id: int
    record_number: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    sex: str
    email: str
    phone: str
    archived: bool = Field(..., alias="is_archived")


class EpisodeOut(Schema):
    id: int
    icd10_code: str
    problem: str
    opened_on: datetime.date
    closed_on: datetime.date | None


@router.get("", response=answers({200: list[PatientOut]}, 422), summary="List or search patients")
@api_requires(Capability.PATIENTS_VIEW)
@paginate(BoundedPageNumberPagination, page_size=25)
def list_patients(
    request: MemberRequest, q: str = "", include_archived: bool = False
) -> PatientQuerySet:
    patients = cast(PatientQuerySet, scope(Patient, request.clinic))
    if not include_archived:
        patients = patients.active()
    q = q.strip()[:100]
    if q:
        patients = patients.search(q)
    audit.record(request, audit.Action.SEARCH if q else audit.Action.LIST, detail=f"api q={q}")
    return patients


@router.get(
    "/{patient_pk}",
    response=answers({200: PatientOut}, 404, 422),
    summary="One patient's demographics",
)
@api_requires(Capability.PATIENTS_VIEW)
def get_patient(request: MemberRequest, patient_pk: int) -> Patient:
    patient = get_patient_for(request, patient_pk)
    audit.record(request, audit.Action.VIEW, patient=patient, obj=patient, detail="api")
    return patient


@router.get(
    "/{patient_pk}/episodes",
    response=answers({200: list[EpisodeOut]}, 404, 422),
    summary="A patient's episodes of care",
)
@api_requires(Capability.CLINICAL_VIEW)
def list_episodes(request: MemberRequest, patient_pk: int) -> list[Episode]:
    patient = get_patient_for(request, patient_pk)
    audit.record(request, audit.Action.VIEW, patient=patient, detail="api episodes")
    return list(patient.episodes.all())
