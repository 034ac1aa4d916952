"""A safety screen and a consent are saved with their audit row in one transaction, or not
at all; a consent signed from an episode's page returns to that page."""

import pytest

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.screening import records
from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import evaluate, load_rules
from tests.clinical_records import all_no


class AuditDown(Exception):
    """The audit log could not be written."""


@pytest.fixture
def audit_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise AuditDown()

    monkeypatch.setattr(audit, "write", refuse)


def _screen(episode, by):
    answers = all_no()
    return records.record_screening(episode, answers, evaluate(answers), load_rules().version, by)


def _consent(patient, by):
    text = current_consent_text()
    return records.record_consent(patient, text, patient.full_name, "M10 10 L50 50", by)


def test_a_screen_writes_one_create_row_naming_the_patient_and_clinician(episode, clinician):
    screening = _screen(episode, clinician)
    row = AuditEvent.objects.get(action=audit.Action.CREATE)
    assert (row.patient, row.user, row.object_id) == (
        episode.patient,
        clinician,
        str(screening.pk),
    )


def test_a_screen_whose_audit_row_fails_is_not_saved(episode, clinician, audit_down):
    with pytest.raises(AuditDown):
        _screen(episode, clinician)
    assert not Screening.objects.exists()


def test_a_consent_writes_one_create_row_by_the_witness(patient, clinician):
    consent = _consent(patient, clinician)
    row = AuditEvent.objects.get(action=audit.Action.CREATE)
    assert (row.user, row.object_type, row.object_id) == (clinician, "consent", str(consent.pk))


def test_a_consent_whose_audit_row_fails_is_not_saved(patient, clinician, audit_down):
    with pytest.raises(AuditDown):
        _consent(patient, clinician)
    assert not Consent.objects.exists()


def _consent_form(patient, next_url: str) -> dict:
    return {
        "typed_name": patient.full_name,
        "signature": "M10 10 L50 50",
        "witnessed": "on",
        "next": next_url,
    }


def test_a_consent_signed_from_an_episode_returns_to_the_episode(clinician_client, episode):
    patient = episode.patient
    data = _consent_form(patient, f"/episodes/{episode.pk}/")
    response = clinician_client.post(f"/patients/{patient.pk}/consent/", data)
    assert response.url == f"/episodes/{episode.pk}/"


def test_a_consent_whose_next_is_not_an_episode_page_returns_to_the_patient(
    clinician_client, patient
):
    data = _consent_form(patient, "https://elsewhere.test/episodes/1/")
    response = clinician_client.post(f"/patients/{patient.pk}/consent/", data)
    assert response.url == f"/patients/{patient.pk}/"
