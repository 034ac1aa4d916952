"""The demo outbox: with DRYNEEDLE_DEMO_OUTBOX on, mail is filed instead of sent, and the
clinic's clinical staff read their own patients' mail on the Outbox page — no other clinic's."""

import re

import pytest
from django.test import Client

from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes.models import Response
from tests.deployment import PRODUCTION_SECRETS, load_settings
from tests.factories import EpisodeFactory, PatientFactory

NDI_ANSWERS = {f"item_{n}": v for n, v in enumerate([1, 2, 3, 4, 5, 0, 1, 2, 3, 4], start=1)}


@pytest.fixture
def outbox_on(settings, tmp_path):
    settings.DEMO_OUTBOX = True
    settings.EMAIL_BACKEND = "dryneedle.outcomes.outbox.OutboxBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings.OUTBOX_DIR


def _email_link(client, episode):
    episode.patient.email = f"{episode.patient.given_name.lower()}@example.org"
    episode.patient.save()
    return client.post(f"/episodes/{episode.pk}/outcomes/NDI/link/", {"send": "email"})


def test_an_emailed_link_shows_in_the_outbox_and_the_patient_can_answer_it(
    outbox_on, clinician_client, episode
):
    _email_link(clinician_client, episode)
    page = clinician_client.get("/outbox/").content.decode()
    assert "a short questionnaire" in page and "olivia@example.org" in page
    link = re.search(r'href="http://[^"]+(/q/[\w-]+/)"', page).group(1)
    Client().post(link, NDI_ANSWERS)
    assert Response.objects.get().source == "home"


def test_the_link_page_points_to_the_outbox(outbox_on, clinician_client, episode):
    content = _email_link(clinician_client, episode).content.decode()
    assert "Sent to olivia@example.org" in content and 'href="/outbox/"' in content


def test_the_home_page_offers_the_outbox_when_it_is_on(outbox_on, clinician_client):
    assert 'href="/outbox/"' in clinician_client.get("/").content.decode()


def test_mail_for_another_clinics_patient_does_not_show_in_the_outbox(
    outbox_on, clinician_client, outsider_client, other_clinic, outsider
):
    theirs = EpisodeFactory(
        patient=PatientFactory(clinic=other_clinic, given_name="Ruth", created_by=outsider)
    )
    _email_link(outsider_client, theirs)
    page = clinician_client.get("/outbox/").content.decode()
    assert "ruth@example.org" not in page and "/q/" not in page


def test_reading_the_outbox_is_audited_under_each_patient_shown(
    outbox_on, clinician_client, clinician, episode
):
    _email_link(clinician_client, episode)
    clinician_client.get("/outbox/")
    assert AuditEvent.objects.filter(
        user=clinician, patient=episode.patient, detail="demo outbox"
    ).exists()


def test_mail_is_filed_as_a_readable_email_file(outbox_on, clinician_client, episode):
    _email_link(clinician_client, episode)
    (filed,) = (outbox_on / str(episode.patient.clinic_id)).iterdir()
    assert "To: olivia@example.org" in filed.read_text()


def test_with_the_outbox_off_the_page_says_so_and_shows_no_mail(clinician_client, settings):
    settings.DEMO_OUTBOX = False
    content = clinician_client.get("/outbox/").content.decode()
    assert "The demo outbox is off" in content


def test_front_desk_staff_cannot_read_the_outbox(outbox_on, front_desk_client):
    assert front_desk_client.get("/outbox/").status_code == 403


def test_production_refuses_to_start_with_the_demo_outbox(tmp_path):

    result = load_settings(
        tmp_path,
        **PRODUCTION_SECRETS,
        DRYNEEDLE_ALLOW_SQLITE="true",
        DRYNEEDLE_DEMO_OUTBOX="true",
    )
    assert result.returncode != 0
    assert "DRYNEEDLE_DEMO_OUTBOX must be off in production" in result.stderr
