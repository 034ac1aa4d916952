"""Registering, finding, editing and archiving patients."""

import datetime

import pytest
from django.utils import timezone

from dryneedle.patients.models import Patient
from tests.factories import EpisodeFactory, PatientFactory

SAME_PERSON = {
    "given_name": "Ava",
    "family_name": "Nakamura",
    "date_of_birth": datetime.date(1990, 2, 3),
}
NEW_PATIENT = {
    "given_name": "Ava",
    "family_name": "Nakamura",
    "date_of_birth": "1990-02-03",
    "sex": "female",
    "email": "ava@example.org",
    "phone": "+1 312 555 0100",
}


@pytest.fixture
def ava_registered(clinic):
    """An existing patient with the same name and birth date as NEW_PATIENT."""
    return PatientFactory(clinic=clinic, **SAME_PERSON)


@pytest.fixture
def ava_registered_elsewhere(other_clinic):
    return PatientFactory(clinic=other_clinic, **SAME_PERSON)


def test_registering_a_patient_opens_their_page(clinician_client, clinic):
    response = clinician_client.post("/patients/new/", NEW_PATIENT)
    patient = Patient.objects.get(family_name="Nakamura")
    assert response["Location"] == f"/patients/{patient.pk}/"
    assert patient.clinic == clinic


def test_front_desk_can_register_patients(front_desk_client):
    front_desk_client.post("/patients/new/", NEW_PATIENT)
    assert Patient.objects.filter(family_name="Nakamura").exists()


def test_missing_required_fields_are_named_and_nothing_is_saved(clinician_client):
    response = clinician_client.post("/patients/new/", {"given_name": "Ava"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"family_name", "date_of_birth"}
    assert Patient.objects.count() == 0


def test_birth_date_in_the_future_is_refused(clinician_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {**NEW_PATIENT, "date_of_birth": tomorrow.isoformat()}
    response = clinician_client.post("/patients/new/", data)
    assert "in the future" in response.content.decode()
    assert Patient.objects.count() == 0


def test_malformed_birth_date_gets_a_message_not_an_error_page(clinician_client):
    data = {**NEW_PATIENT, "date_of_birth": "31/02/1990"}
    response = clinician_client.post("/patients/new/", data)
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_possible_duplicate_is_warned_about_and_not_saved(clinician_client, ava_registered):
    response = clinician_client.post("/patients/new/", {**NEW_PATIENT, "given_name": " ava "})
    assert "Possible duplicate" in response.content.decode()
    assert Patient.objects.count() == 1


def test_confirmed_duplicate_is_saved(clinician_client, ava_registered):
    clinician_client.post("/patients/new/", {**NEW_PATIENT, "confirm_duplicate": "on"})
    assert Patient.objects.count() == 2


def test_same_person_in_another_clinic_is_not_a_duplicate(
    clinician_client, ava_registered_elsewhere
):
    response = clinician_client.post("/patients/new/", NEW_PATIENT)
    assert response.status_code == 302


def test_record_number_must_be_unique_within_the_clinic(clinician_client, clinic):
    PatientFactory(clinic=clinic, record_number="R-1")
    response = clinician_client.post("/patients/new/", {**NEW_PATIENT, "record_number": "R-1"})
    assert "Another patient in this clinic has this number" in response.content.decode()


def test_search_finds_patients_by_part_of_the_name(clinician_client, clinic):
    PatientFactory(clinic=clinic, given_name="Ava", family_name="Nakamura")
    PatientFactory(clinic=clinic, given_name="Liam", family_name="Okonkwo")
    response = clinician_client.get("/patients/", {"q": "naka"})
    assert [p.family_name for p in response.context["page"]] == ["Nakamura"]


def test_search_finds_patients_by_birth_date(clinician_client, clinic):
    PatientFactory(clinic=clinic, family_name="Born1984", date_of_birth=datetime.date(1984, 3, 9))
    PatientFactory(clinic=clinic, family_name="Born1990", date_of_birth=datetime.date(1990, 1, 1))
    response = clinician_client.get("/patients/", {"q": "1984-03-09"})
    assert [p.family_name for p in response.context["page"]] == ["Born1984"]


def test_live_search_answers_htmx_with_the_results_only(clinician_client, patient):
    response = clinician_client.get("/patients/", {"q": "Hughes"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Hughes" in content
    assert "<html" not in content


def test_patient_list_is_paginated(clinician_client, clinic, settings):
    settings.PATIENTS_PER_PAGE = 5
    PatientFactory.create_batch(12, clinic=clinic)
    response = clinician_client.get("/patients/", {"page": 3})
    assert len(response.context["page"]) == 2


def test_a_page_number_past_the_end_shows_the_last_page(clinician_client, clinic, settings):
    settings.PATIENTS_PER_PAGE = 5
    PatientFactory.create_batch(6, clinic=clinic)
    response = clinician_client.get("/patients/", {"page": "999"})
    assert response.context["page"].number == 2


def test_editing_changes_the_patient(clinician_client, patient):
    data = {**NEW_PATIENT, "given_name": "Olivia", "family_name": "Hughes-Clarke"}
    clinician_client.post(f"/patients/{patient.pk}/edit/", data)
    patient.refresh_from_db()
    assert patient.family_name == "Hughes-Clarke"


def test_archiving_keeps_the_record_but_hides_it_from_the_list(clinician_client, patient):
    clinician_client.post(f"/patients/{patient.pk}/archive/")
    patient.refresh_from_db()
    assert patient.is_archived
    assert patient not in clinician_client.get("/patients/").context["page"]
    assert patient in clinician_client.get("/patients/", {"archived": "1"}).context["page"]


def test_archived_patient_can_be_restored(clinician_client, patient):
    clinician_client.post(f"/patients/{patient.pk}/archive/")
    clinician_client.post(f"/patients/{patient.pk}/restore/")
    patient.refresh_from_db()
    assert not patient.is_archived


def test_archiving_needs_a_post(clinician_client, patient):
    assert clinician_client.get(f"/patients/{patient.pk}/archive/").status_code == 405


def test_patients_have_no_delete_route(clinician_client, patient):
    assert clinician_client.post(f"/patients/{patient.pk}/delete/").status_code == 404


def test_front_desk_sees_demographics_but_no_clinical_record(front_desk_client, patient):
    EpisodeFactory(patient=patient, problem="Secret clinical detail")
    content = front_desk_client.get(f"/patients/{patient.pk}/").content.decode()
    assert patient.family_name in content
    assert "Secret clinical detail" not in content
    assert "M54.50" not in content


def test_clinician_sees_the_patients_episodes(clinician_client, patient):
    EpisodeFactory(patient=patient, icd10_code="M72.2")
    assert "M72.2" in clinician_client.get(f"/patients/{patient.pk}/").content.decode()


def test_another_clinics_patient_is_not_found(outsider_client, patient):
    response = outsider_client.get(f"/patients/{patient.pk}/")
    assert response.status_code == 404
    assert "There is no such page or record in this clinic" in response.content.decode()


def test_free_text_is_shown_escaped(clinician_client, clinic):
    evil = PatientFactory(clinic=clinic, given_name="<script>alert(1)</script>")
    content = clinician_client.get(f"/patients/{evil.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content
