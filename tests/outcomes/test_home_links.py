"""Questionnaires answered at home from a link: one episode, once, before it expires."""

import datetime
import re

from django.core import mail
from django.test import Client
from django.utils import timezone

from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes.models import HomeLink, Response


def _new_link(client, episode, instrument="NDI", **extra) -> str:
    response = client.post(f"/episodes/{episode.pk}/outcomes/{instrument}/link/", extra)
    return re.search(r"/q/[\w-]+/", response.content.decode()).group(0)


NDI_ANSWERS = {f"item_{n}": v for n, v in enumerate([1, 2, 3, 4, 5, 0, 1, 2, 3, 4], start=1)}


def test_a_home_link_shows_a_qr_code_and_the_url(clinician_client, episode):
    response = clinician_client.post(f"/episodes/{episode.pk}/outcomes/NDI/link/")
    content = response.content.decode()
    assert "<svg" in content and "/q/" in content
    assert HomeLink.objects.get().token_hash not in content  # only the hash is stored


def test_the_patient_answers_from_home_and_the_score_is_saved(clinician_client, episode):
    link = _new_link(clinician_client, episode)
    page = Client().get(link).content.decode()
    assert episode.patient.family_name not in page  # reveals nothing about the patient
    Client().post(link, NDI_ANSWERS)
    response = Response.objects.get()
    assert (response.instrument, float(response.score), response.source) == ("NDI", 25.0, "home")


def test_a_link_works_only_once(clinician_client, episode):
    link = _new_link(clinician_client, episode)
    Client().post(link, NDI_ANSWERS)
    second = Client().post(link, NDI_ANSWERS)
    assert second.status_code == 404 and "already been answered" in second.content.decode()
    assert Response.objects.count() == 1


def test_an_expired_link_is_refused_and_audited(clinician_client, episode):
    link = _new_link(clinician_client, episode)
    HomeLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = Client().get(link)
    assert response.status_code == 404 and "expired" in response.content.decode()
    assert AuditEvent.objects.filter(action="token_refused").exists()


def test_an_out_of_range_answer_names_the_item_and_saves_nothing(clinician_client, episode):
    link = _new_link(clinician_client, episode)
    response = Client().post(link, {**NDI_ANSWERS, "item_3": "9"})
    assert "item_3" in response.context["form"].errors or "3" in response.content.decode()
    assert not Response.objects.exists()


def test_the_link_can_be_emailed_to_the_patient(clinician_client, episode):
    episode.patient.email = "olivia@example.org"
    episode.patient.save()
    _new_link(clinician_client, episode, send="email")
    assert mail.outbox[0].to == ["olivia@example.org"]
    assert "/q/" in mail.outbox[0].body


def test_clinic_entry_is_scored_and_shows_on_the_episode(clinician_client, episode):
    clinician_client.post(f"/episodes/{episode.pk}/outcomes/NDI/new/", NDI_ANSWERS)
    clinician_client.post(
        f"/episodes/{episode.pk}/outcomes/NDI/new/", {f"item_{n}": 0 for n in range(1, 11)}
    )
    content = clinician_client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Outcome measures" in content and "NDI" in content
    assert Response.objects.filter(source="clinic").count() == 2


def test_an_unknown_instrument_is_not_found(clinician_client, episode):
    assert clinician_client.get(f"/episodes/{episode.pk}/outcomes/XYZ/new/").status_code == 404


def test_faam_sports_is_found_whatever_the_case_in_the_url(clinician_client, episode):
    assert (
        clinician_client.get(f"/episodes/{episode.pk}/outcomes/faam-sports/new/").status_code == 200
    )
