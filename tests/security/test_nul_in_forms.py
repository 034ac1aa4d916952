"""A NUL character typed (or pasted) into a web form is a field error, not a server error.

PostgreSQL text columns cannot hold U+0000; Django's form fields refuse it with a message,
and the form is shown again with what was typed, so nothing is lost.
"""

from django.test import Client

from dryneedle.patients.models import Episode, Patient
from dryneedle.public.models import BookingRequest
from dryneedle.treatments.models import Treatment

REFUSED = "Null characters are not allowed."
PATIENT = {"given_name": "Ava\x00", "family_name": "Nakamura", "date_of_birth": "1990-02-03"}


def test_the_patient_form_refuses_a_nul_character(clinician_client):
    response = clinician_client.post("/patients/new/", PATIENT)
    assert REFUSED in response.content.decode()
    assert 'value="Nakamura"' in response.content.decode()
    assert not Patient.objects.exists()


def test_the_episode_form_refuses_a_nul_character(clinician_client, patient):
    data = {"icd10_code": "M54.50", "problem": "Low\x00back pain", "opened_on": "2026-10-01"}
    response = clinician_client.post(f"/patients/{patient.pk}/episodes/new/", data)
    assert REFUSED in response.content.decode()
    assert not Episode.objects.exists()


def test_the_public_booking_form_refuses_a_nul_character(clinic):
    booking = {"name": "Ava", "phone": "555 0100", "message": "Mornings\x00 please"}
    response = Client().post(f"/c/{clinic.slug}/book/", booking)
    assert REFUSED in response.content.decode()
    assert not BookingRequest.objects.exists()


def test_autosave_refuses_a_nul_character_and_keeps_the_draft(clinician_client, draft):
    response = clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": draft.version, "subjective": "Neck\x00pain"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert Treatment.objects.get(pk=draft.pk).subjective == ""


def test_a_form_sending_bytes_that_are_not_utf8_is_refused_naming_the_field(clinician_client):
    body = b"given_name=Av%FF&family_name=Nakamura&date_of_birth=1990-02-03"
    response = clinician_client.post(
        "/patients/new/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "given_name" in response.content.decode()
    assert not Patient.objects.exists()


def test_a_page_address_with_bytes_that_are_not_utf8_gets_a_clear_400(clinician_client, patient):
    response = clinician_client.get("/patients/?q=Hug%FFhes")
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
