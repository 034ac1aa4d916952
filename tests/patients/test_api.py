"""The patients API: scoped to the clinic, role-checked, audited, documented."""

from django.test import Client

from dryneedle.clinics.models import AuditEvent
from tests.factories import EpisodeFactory, PatientFactory


def test_api_lists_this_clinics_patients_only(clinician_client, patient, other_clinic):
    PatientFactory(clinic=other_clinic, family_name="Elsewhere")
    body = clinician_client.get("/api/patients").json()
    assert [p["family_name"] for p in body["items"]] == ["Hughes"]


def test_api_search_filters_by_name(clinician_client, clinic):
    PatientFactory(clinic=clinic, family_name="Nakamura")
    PatientFactory(clinic=clinic, family_name="Okonkwo")
    body = clinician_client.get("/api/patients", {"q": "oko"}).json()
    assert [p["family_name"] for p in body["items"]] == ["Okonkwo"]


def test_api_reads_one_patient_and_audits_it(clinician_client, patient):
    body = clinician_client.get(f"/api/patients/{patient.pk}").json()
    assert body["family_name"] == "Hughes"
    assert AuditEvent.objects.filter(patient=patient, action="view").exists()


def test_api_episodes_are_clinical_and_closed_to_front_desk(front_desk_client, patient):
    EpisodeFactory(patient=patient)
    response = front_desk_client.get(f"/api/patients/{patient.pk}/episodes")
    assert response.status_code == 403
    assert "role" in response.json()["detail"]


def test_api_gives_404_for_another_clinics_patient(outsider_client, patient):
    assert outsider_client.get(f"/api/patients/{patient.pk}").status_code == 404


def test_api_refuses_anonymous_callers(patient):
    assert Client().get("/api/patients").status_code == 401


def test_api_rejects_a_non_numeric_id_with_a_validation_message(clinician_client):
    response = clinician_client.get("/api/patients/abc")
    assert response.status_code in (404, 422)


def test_openapi_schema_documents_the_patient_routes(clinician_client):
    schema = clinician_client.get("/api/openapi.json").json()
    assert {"/api/patients", "/api/patients/{patient_pk}"} <= set(schema["paths"])


def test_api_documentation_needs_a_signed_in_user():
    assert Client().get("/api/docs").status_code == 302
