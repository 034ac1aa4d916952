"""Episodes of care: diagnosis codes are checked, dates make sense, nothing half-saved."""

import pytest

from dryneedle.patients.models import Episode

EPISODE = {
    "icd10_code": "m5450",
    "problem": "Low back pain after lifting",
    "opened_on": "2026-10-01",
}


def test_clinician_opens_an_episode_with_the_code_normalised(clinician_client, patient):
    response = clinician_client.post(f"/patients/{patient.pk}/episodes/new/", EPISODE)
    episode = Episode.objects.get(patient=patient)
    assert response["Location"] == f"/episodes/{episode.pk}/"
    assert episode.icd10_code == "M54.50"


@pytest.mark.parametrize(
    "code,message",
    [
        ("5450", "is not an ICD-10-CM code"),
        ("M54.5", "deleted from ICD-10-CM on 1 Oct 2021"),
        ("", "This field is required"),
    ],
)
def test_invalid_diagnosis_code_is_explained_and_nothing_saved(
    clinician_client, patient, code, message
):
    response = clinician_client.post(
        f"/patients/{patient.pk}/episodes/new/", {**EPISODE, "icd10_code": code}
    )
    assert message in response.content.decode()
    assert not Episode.objects.exists()


def test_episode_cannot_close_before_it_opens(clinician_client, patient):
    data = {**EPISODE, "closed_on": "2026-09-01"}
    response = clinician_client.post(f"/patients/{patient.pk}/episodes/new/", data)
    assert "cannot close before it opens" in response.content.decode()
    assert not Episode.objects.exists()


def test_database_refuses_an_episode_closing_before_it_opens(episode):
    from django.db import IntegrityError, transaction

    episode.closed_on = episode.opened_on.replace(year=episode.opened_on.year - 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        episode.save()


def test_closing_an_episode(clinician_client, episode):
    data = {
        "icd10_code": episode.icd10_code,
        "problem": episode.problem,
        "opened_on": episode.opened_on.isoformat(),
        "closed_on": episode.opened_on.isoformat(),
    }
    clinician_client.post(f"/episodes/{episode.pk}/edit/", data)
    episode.refresh_from_db()
    assert not episode.is_open


def test_changes_to_an_episode_are_kept_in_its_history(clinician_client, episode):
    data = {
        "icd10_code": "M54.59",
        "problem": episode.problem,
        "opened_on": episode.opened_on.isoformat(),
    }
    clinician_client.post(f"/episodes/{episode.pk}/edit/", data)
    assert list(episode.history.values_list("icd10_code", flat=True)) == ["M54.59", "M54.50"]


def test_admin_reads_episodes_but_cannot_write_them(admin_client_, episode):
    assert admin_client_.get(f"/episodes/{episode.pk}/").status_code == 200
    assert admin_client_.get(f"/episodes/{episode.pk}/edit/").status_code == 403


def test_front_desk_cannot_open_clinical_pages(front_desk_client, episode):
    assert front_desk_client.get(f"/episodes/{episode.pk}/").status_code == 403
