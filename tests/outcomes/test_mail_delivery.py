"""Mail that cannot be delivered never costs the patient their link: a refused connection is
a message on the page and a check-in the clinician sees; plain-text mail arrives as written.
Sent through a real SMTP server on loopback, or to a real closed loopback port."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes.models import CheckIn, HomeLink
from dryneedle.treatments import notes
from tests.mail import point_at_closed_port

# Real commits: signing schedules the job on commit, and the worker closes connections.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cleanup(removable_signed_notes):
    yield


@pytest.fixture
def emailable(episode):
    episode.patient.email = "olivia@example.org"
    episode.patient.save()
    return episode


@pytest.fixture
def signed_now(complete, clinician, clinic):
    """A signed note whose clinic asks at once (delay 0), so the job is due immediately."""
    clinic.checkin_delay_hours = 0
    clinic.save()
    complete.episode.patient.email = "olivia@example.org"
    complete.episode.patient.save()
    return notes.sign(complete, clinician)


def _email_link(client, episode):
    return client.post(f"/episodes/{episode.pk}/outcomes/NDI/link/", {"send": "email"})


def _run_worker():
    call_command("worker", "--batch", "--interval", "0")


def test_emailing_a_link_with_no_mail_server_says_so_and_still_shows_the_link_and_qr_code(
    settings, clinician_client, emailable
):
    point_at_closed_port(settings)
    response = _email_link(clinician_client, emailable)
    content = response.content.decode()
    assert response.status_code == 200
    assert "could not be sent" in content
    assert "<svg" in content and re.search(r"/q/[\w-]+/", content)


def test_a_link_whose_email_failed_still_works_for_the_patient(
    settings, clinician_client, emailable
):
    point_at_closed_port(settings)
    content = _email_link(clinician_client, emailable).content.decode()
    link = re.search(r"/q/[\w-]+/", content).group(0)
    assert Client().get(link).status_code == 200
    assert HomeLink.objects.get().emailed_to == ""


def test_a_check_in_whose_email_failed_is_recorded_on_the_check_in(settings, signed_now):
    point_at_closed_port(settings)
    _run_worker()
    checkin = CheckIn.objects.get()
    assert checkin.send_failed_at is not None and checkin.sent_at is None
    assert "could not be sent" in checkin.delivery_problem


def test_a_check_in_whose_email_failed_shows_on_the_clinicians_home_page(
    settings, signed_now, clinician_client
):
    point_at_closed_port(settings)
    _run_worker()
    home = clinician_client.get("/").content.decode()
    assert "check-in not sent" in home and "could not be sent" in home


def test_a_job_that_fails_for_another_reason_is_recorded_on_the_check_in(settings, signed_now):
    settings.PUBLIC_BASE_URL = None  # a broken configuration: building the link raises
    _run_worker()
    checkin = CheckIn.objects.get()
    assert checkin.send_failed_at is not None
    assert "error" in checkin.delivery_problem


def test_the_clinician_can_show_the_link_of_a_failed_check_in_and_the_patient_answers_it(
    settings, signed_now, clinician_client
):
    point_at_closed_port(settings)
    _run_worker()
    page = clinician_client.post(f"/checkins/{CheckIn.objects.get().pk}/link/")
    content = page.content.decode()
    assert page.status_code == 200 and "<svg" in content
    link = re.search(r"/checkin/[\w-]+/", content).group(0)
    Client().post(link, {"nprs": 3, "soreness": 2, "overall": "better"})
    assert CheckIn.objects.get().completed_at is not None


def test_showing_a_check_in_link_is_audited_under_the_patient(
    settings, signed_now, clinician_client
):
    point_at_closed_port(settings)
    _run_worker()
    clinician_client.post(f"/checkins/{CheckIn.objects.get().pk}/link/")
    assert AuditEvent.objects.filter(
        patient=signed_now.episode.patient, detail__contains="check-in link shown"
    ).exists()


def test_a_check_in_whose_link_was_shown_leaves_the_home_page(
    settings, signed_now, clinician_client
):
    point_at_closed_port(settings)
    _run_worker()
    assert "check-in not sent" in clinician_client.get("/").content.decode()
    clinician_client.post(f"/checkins/{CheckIn.objects.get().pk}/link/")
    assert "check-in not sent" not in clinician_client.get("/").content.decode()


def test_an_answered_check_in_gives_no_new_link(signed_now, smtp_server, clinician_client):
    _run_worker()
    link = re.search(r"/checkin/[\w-]+/", smtp_server.wait_for()[0].get_payload()).group(0)
    Client().post(link, {"nprs": 3, "soreness": 2, "overall": "better"})
    response = clinician_client.post(f"/checkins/{CheckIn.objects.get().pk}/link/", follow=True)
    assert "already answered" in response.content.decode()


def test_a_clinic_name_with_an_ampersand_arrives_unescaped_in_the_link_email(
    smtp_server, clinic, clinician_client, emailable
):
    clinic.name = "Smith & Jones"
    clinic.save()
    emailable.patient.given_name = "D'Arcy"
    emailable.patient.save()
    _email_link(clinician_client, emailable)
    body = smtp_server.wait_for()[0].get_payload(decode=True).decode()
    assert "Smith & Jones asks you" in body and "Hello D'Arcy," in body
    assert "&amp;" not in body and "&#x27;" not in body


def test_a_clinic_name_with_an_ampersand_arrives_unescaped_in_the_check_in_email(
    smtp_server, clinic, signed_now
):
    clinic.name = "Smith & Jones"
    clinic.save()
    _run_worker()
    body = smtp_server.wait_for()[0].get_payload(decode=True).decode()
    assert "coming to Smith & Jones." in body and "&amp;" not in body
