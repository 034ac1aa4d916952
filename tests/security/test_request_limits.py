"""Oversized requests are refused from their size before being read, with the limit named;
NUL characters in page addresses get a clear 400. Nothing is stored either way."""

import json
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dryneedle.patients.models import Patient
from dryneedle.public.models import BookingRequest
from dryneedle.treatments.models import Treatment


def test_an_upload_over_the_configured_limit_is_refused_before_it_is_read(admin_client_, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    data = b"record_number,given_name\n" + b"x" * (2 * 1024 * 1024)
    file = SimpleUploadedFile("patients.csv", data, content_type="text/csv")
    response = admin_client_.post("/clinic/import/patients/", {"file": file})
    assert response.status_code == 413
    assert "the limit is 1.1 MB" in response.content.decode()
    assert not Patient.objects.exists()


def test_an_oversized_json_body_gets_413_with_json_naming_the_limit(clinician_client, draft):
    text = "x" * 2_700_000  # over Django's 2.5 MB for bodies that are not uploads
    response = clinician_client.patch(
        f"/api/treatments/{draft.pk}",
        json.dumps({"version": draft.version, "subjective": text}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "the limit is 2.5 MB" in response.json()["detail"]
    assert Treatment.objects.get(pk=draft.pk).subjective == ""


def test_an_oversized_public_booking_post_is_refused_and_stores_nothing(clinic):
    visitor = Client()
    booking = {"name": "Ava", "phone": "555 0100", "message": "x" * 2_700_000}
    response = visitor.post(f"/c/{clinic.slug}/book/", booking)
    assert response.status_code == 413
    assert "Nothing was saved" in response.content.decode()
    assert not BookingRequest.objects.exists()


def test_an_oversized_urlencoded_booking_is_refused_before_it_is_read(clinic):
    body = urlencode({"name": "Ava", "phone": "555 0100", "message": "x" * 2_700_000})
    response = Client().post(
        f"/c/{clinic.slug}/book/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "the limit is 2.5 MB" in response.content.decode()
    assert not BookingRequest.objects.exists()


def test_a_nul_character_in_a_page_address_gets_a_clear_400(clinician_client, patient):
    response = clinician_client.get("/patients/", {"q": "Hug\x00hes"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_upload_limit_comes_from_the_environment(monkeypatch):
    import importlib

    from dryneedle import settings as project_settings

    monkeypatch.setenv("DRYNEEDLE_MAX_UPLOAD_MB", "3")
    try:
        assert importlib.reload(project_settings).MAX_UPLOAD_BYTES == 3 * 1024 * 1024
    finally:
        monkeypatch.delenv("DRYNEEDLE_MAX_UPLOAD_MB")
        importlib.reload(project_settings)
