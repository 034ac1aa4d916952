"""Patient links (home questionnaires, check-ins) reach only their own episode or treatment;
refused links get a clear page; every use and every refusal is audited."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.outcomes.tokens import new_token
from dryneedle.treatments.models import Treatment
from tests.factories import EpisodeFactory, PatientFactory

NDI_ANSWERS = {f"item_{n}": v for n, v in enumerate([1, 2, 3, 4, 5, 0, 1, 2, 3, 4], start=1)}
CHECKIN_ANSWERS = {"nprs": "3", "soreness": "2", "overall": "better", "other_effect": ""}


@pytest.fixture
def other_episode(clinic):
    return EpisodeFactory(patient=PatientFactory(clinic=clinic, family_name="Brennan"))


def _home_link(client, episode, instrument="NDI") -> str:
    page = client.post(f"/episodes/{episode.pk}/outcomes/{instrument}/link/").content.decode()
    return re.search(r"/q/[\w-]+/", page).group(0)


def _checkin_link(treatment, **fields) -> tuple[CheckIn, str]:
    token, digest = new_token()
    now = timezone.now()
    values = {"due_at": now, "sent_at": now, "expires_at": now + datetime.timedelta(days=2)}
    checkin = CheckIn.objects.create(treatment=treatment, token_hash=digest, **values | fields)
    return checkin, f"/checkin/{token}/"


def _refusals(patient=None):
    return AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_REFUSED, patient=patient)


# ---------------------------------------------------------------- reach: own episode only


def test_tampered_ids_in_a_home_answer_still_save_to_the_links_own_episode(
    clinician_client, episode, other_episode
):
    link = _home_link(clinician_client, episode)
    tampered = {
        **NDI_ANSWERS,
        "episode": other_episode.pk,
        "episode_pk": other_episode.pk,
        "episode_id": other_episode.pk,
        "patient": other_episode.patient.pk,
        "instrument": "ODI",
        "source": "clinic",
    }
    assert Client().post(link, tampered).status_code == 200
    saved = Response.objects.get()
    assert (saved.episode, saved.instrument, saved.source) == (episode, "NDI", "home")
    assert not Response.objects.filter(episode=other_episode).exists()


def test_a_home_link_page_shows_no_patients_details(clinician_client, episode, other_episode):
    page = Client().get(_home_link(clinician_client, episode)).content.decode()
    for patient in (episode.patient, other_episode.patient):
        assert patient.family_name not in page and patient.given_name not in page


def test_tampered_ids_in_a_check_in_answer_change_only_the_links_own_check_in(
    clinician, episode, other_episode
):
    mine = Treatment.objects.create(episode=episode, clinician=clinician)
    theirs = Treatment.objects.create(episode=other_episode, clinician=clinician)
    own, link = _checkin_link(mine)
    other, _ = _checkin_link(theirs)
    tampered = {**CHECKIN_ANSWERS, "treatment": theirs.pk, "id": other.pk, "pk": other.pk}
    assert Client().post(link, tampered).status_code == 200
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.treatment, own.nprs, own.completed_at is not None) == (mine, 3, True)
    assert (other.nprs, other.completed_at) == (None, None)


def test_a_check_in_token_does_not_open_a_questionnaire(clinician, episode):
    _, link = _checkin_link(Treatment.objects.create(episode=episode, clinician=clinician))
    token = link.split("/")[2]
    response = Client().post(f"/q/{token}/", NDI_ANSWERS)
    assert response.status_code == 404 and "not valid" in response.content.decode()
    assert not Response.objects.exists()
    assert _refusals(episode.patient).exists()


def test_a_questionnaire_token_does_not_open_a_check_in(clinician_client, episode):
    token = _home_link(clinician_client, episode).split("/")[2]
    response = Client().post(f"/checkin/{token}/", CHECKIN_ANSWERS)
    assert response.status_code == 404 and "not valid" in response.content.decode()
    assert _refusals(episode.patient).exists()


# ---------------------------------------------------------------- refusals: clear, audited


def test_a_used_home_link_is_refused_clearly_and_audited_under_its_patient(
    clinician_client, episode
):
    link = _home_link(clinician_client, episode)
    Client().post(link, NDI_ANSWERS)
    response = Client().get(link)
    assert response.status_code == 404
    assert "already been answered" in response.content.decode()
    refusal = _refusals(episode.patient).get()
    assert refusal.clinic == episode.patient.clinic


def test_an_expired_check_in_is_refused_clearly_and_audited_under_its_patient(clinician, episode):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    checkin, link = _checkin_link(treatment, expires_at=yesterday)
    response = Client().post(link, CHECKIN_ANSWERS)
    assert response.status_code == 404 and "expired" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.completed_at is None
    assert _refusals(episode.patient).exists()


def test_an_answered_check_in_is_refused_and_keeps_the_first_answer(clinician, episode):
    checkin, link = _checkin_link(Treatment.objects.create(episode=episode, clinician=clinician))
    Client().post(link, CHECKIN_ANSWERS)
    response = Client().post(link, {**CHECKIN_ANSWERS, "nprs": "9"})
    assert response.status_code == 404 and "already answered" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.nprs == 3
    assert _refusals(episode.patient).exists()


def test_an_unknown_token_is_refused_clearly_and_audited(db):
    response = Client().get("/q/made-up-token/")
    assert response.status_code == 404 and "not valid" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert _refusals().filter(clinic=None).exists()


def test_a_refused_link_shows_in_its_clinics_audit_log(clinician_client, admin_client_, episode):
    link = _home_link(clinician_client, episode)
    Client().post(link, NDI_ANSWERS)
    Client().get(link)
    log = admin_client_.get("/clinic/audit/", {"action": "token_refused"})
    assert [row.patient for row in log.context["page"].object_list] == [episode.patient]


# ---------------------------------------------------------------- uses: audited


def test_opening_and_answering_a_home_link_are_each_audited(clinician_client, episode):
    link = _home_link(clinician_client, episode)
    Client().get(link)
    Client().post(link, NDI_ANSWERS)
    used = AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_USED, patient=episode.patient)
    assert sorted(used.values_list("detail", flat=True)) == ["home NDI", "opened"]


def test_opening_and_answering_a_check_in_are_each_audited(clinician, episode):
    _, link = _checkin_link(Treatment.objects.create(episode=episode, clinician=clinician))
    Client().get(link)
    Client().post(link, CHECKIN_ANSWERS)
    used = AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_USED, patient=episode.patient)
    assert sorted(used.values_list("detail", flat=True)) == [
        "check-in answered",
        "check-in opened",
    ]


def test_a_link_of_the_wrong_kind_is_refused_in_the_clinic_it_belongs_to(clinician, episode):
    _, link = _checkin_link(Treatment.objects.create(episode=episode, clinician=clinician))
    token = link.split("/")[2]
    assert Client().get(f"/q/{token}/").status_code == 404
    refusal = _refusals(episode.patient).get()
    assert (refusal.clinic, refusal.user, refusal.detail) == (
        episode.patient.clinic,
        None,
        "a check-in link opened as a questionnaire link",
    )


def test_a_questionnaire_link_opened_as_a_check_in_is_refused_in_its_clinic(
    clinician_client, episode
):
    token = _home_link(clinician_client, episode).split("/")[2]
    assert Client().get(f"/checkin/{token}/").status_code == 404
    refusal = _refusals(episode.patient).get()
    assert refusal.clinic == episode.patient.clinic
    assert refusal.detail == "a questionnaire link opened as a check-in link"


def test_an_unknown_token_is_logged_for_the_operator_without_the_token(db, caplog):
    with caplog.at_level("WARNING", logger="dryneedle.audit"):
        Client().get("/checkin/made-up-token/")
    (message,) = [r.getMessage() for r in caplog.records if r.name == "dryneedle.audit"]
    assert message == "Patient link refused: no such link (GET checkin from 127.0.0.1)"
