"""FHIR R4 API: a patient's whole record as one Bundle (`Patient/{id}/$everything`).

Mounted by the project API at /api/fhir. Same session authentication, clinic scoping (404 for
another clinic's patient) and audit as every other API operation.
"""

from django.http import JsonResponse
from ninja import Router

from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.clinics import audit
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.interop.fhir import patient_bundle
from dryneedle.patients.access import get_patient_for

router = Router(tags=["fhir"])

FHIR_JSON = "application/fhir+json"


@router.get(
    "/Patient/{patient_pk}/$everything",
    response=answers({200: dict}, 404, 422),
    openapi_extra={
        "responses": {200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}}},
    },
    summary="A patient's record as a FHIR R4 Bundle",
    description="Patient, Conditions (episodes), Procedures (signed sessions), Observations "
    "(NPRS, questionnaire scores), QuestionnaireResponses, AdverseEvents and Consents.",
)
@api_requires(Capability.CLINICAL_VIEW)
def patient_everything(request: MemberRequest, patient_pk: int) -> JsonResponse:
    patient = get_patient_for(request, patient_pk)
    bundle = patient_bundle(patient)
    audit.record(
        request, audit.Action.EXPORT, patient=patient, obj=patient, detail="fhir $everything"
    )
    return JsonResponse(bundle, content_type=FHIR_JSON)
