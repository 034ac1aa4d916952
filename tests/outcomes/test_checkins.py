"""The 24-hour check-in runs end to end: signing schedules it, the worker mails the link
through a real SMTP server on loopback, the patient answers, and the clinician sees flags."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from dryneedle.outcomes.models import CheckIn
from dryneedle.treatments import notes

# Real commits: signing schedules the job on commit, and the worker closes connections.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cleanup(removable_signed_notes):
    yield


@pytest.fixture
def signed_now(complete, clinician, clinic):
    """A signed note whose clinic asks at once (delay 0), so the job is due immediately."""
    clinic.checkin_delay_hours = 0
    clinic.save()
    complete.episode.patient.email = "olivia@example.org"
    complete.episode.patient.save()
    return notes.sign(complete, clinician)


def _link_from(message) -> str:
    return re.search(r"http://testserver(/checkin/[\w-]+/)", message.get_payload()).group(1)


def test_signing_schedules_a_check_in_after_the_clinics_delay(complete, clinician, clinic):
    clinic.checkin_delay_hours = 24
    clinic.save()
    signed = notes.sign(complete, clinician)
    checkin = CheckIn.objects.get(treatment=signed)
    assert (checkin.due_at - signed.signed_at).total_seconds() == 24 * 3600
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(run_after=checkin.due_at).count() == 1


def test_the_worker_mails_the_link_when_due_and_the_patient_answers(
    signed_now, smtp_server, clinician
):
    call_command("worker", "--batch", "--interval", "0")
    message = smtp_server.wait_for()[0]
    assert message["To"] == "olivia@example.org"
    assert "how are you" in message["Subject"].lower()
    link = _link_from(message)
    patient = Client()
    assert "How are you since your treatment?" in patient.get(link).content.decode()
    response = patient.post(link, {"nprs": 3, "soreness": 4, "overall": "better"})
    assert "Thank you" in response.content.decode()
    checkin = CheckIn.objects.get()
    assert (checkin.nprs, checkin.flag_reasons) == (3, [])


def test_an_adverse_effect_or_a_pain_rise_flags_the_treatment_for_its_clinician(
    signed_now, smtp_server, clinician_client
):
    call_command("worker", "--batch", "--interval", "0")
    link = _link_from(smtp_server.wait_for()[0])
    Client().post(link, {"nprs": 9, "soreness": 6, "effects": ["bruising"], "overall": "worse"})
    checkin = CheckIn.objects.get()
    assert len(checkin.flag_reasons) == 2  # bruising, and pain 7 -> 9
    home = clinician_client.get("/").content.decode()
    assert "Check-ins that need you" in home and "Pain rose from 7" in home


def test_a_reviewed_flag_leaves_the_home_page(signed_now, smtp_server, clinician_client):
    call_command("worker", "--batch", "--interval", "0")
    link = _link_from(smtp_server.wait_for()[0])
    Client().post(link, {"nprs": 9, "soreness": 6, "overall": "worse"})
    clinician_client.post(f"/checkins/{CheckIn.objects.get().pk}/reviewed/")
    assert "Check-ins that need you" not in clinician_client.get("/").content.decode()


def test_a_check_in_link_works_once(signed_now, smtp_server):
    call_command("worker", "--batch", "--interval", "0")
    link = _link_from(smtp_server.wait_for()[0])
    Client().post(link, {"nprs": 3, "soreness": 2, "overall": "same"})
    response = Client().get(link)
    assert response.status_code == 404
    assert "already answered" in response.content.decode()


def test_a_wrong_link_gets_a_plain_page_and_is_audited(db):
    from dryneedle.clinics.models import AuditEvent

    response = Client().get("/checkin/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert AuditEvent.objects.filter(action="token_refused").exists()


def test_a_patient_without_email_is_shown_to_the_clinician(
    complete, clinician, clinic, clinician_client
):
    clinic.checkin_delay_hours = 0
    clinic.save()
    notes.sign(complete, clinician)
    call_command("worker", "--batch", "--interval", "0")
    assert "No email address" in clinician_client.get("/").content.decode()
