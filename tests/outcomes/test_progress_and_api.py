"""Progress from baseline, MCID verdicts and flags; the outcomes API."""

import pytest

from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.outcomes.progress import episode_progress
from dryneedle.treatments import notes
from tests import factories

JSON = "application/json"


def _record(episode, instrument, answers):
    return factories.response(episode, instrument, answers)


def test_an_ndi_drop_of_ten_raw_points_meets_the_mcid_and_makes_a_responder(episode):
    episode.icd10_code = "M54.2"  # neck pain: NDI is a protocol measure
    episode.save()
    _record(episode, "NDI", [3] * 10)  # 30/50
    _record(episode, "NDI", [2] * 10)  # 20/50
    progress = episode_progress(episode)
    ndi = next(s for s in progress.series if s.instrument == "NDI")
    assert (ndi.change["change"], ndi.change["mcid_met"]) == (-10.0, True)
    assert (progress.primary, progress.responder) == ("NDI", True)


def test_a_smaller_change_is_not_a_responder(episode):
    _record(episode, "NDI", [3] * 10)
    _record(episode, "NDI", [3] * 9 + [1])
    assert episode_progress(episode).responder is False


def test_an_instrument_without_a_confirmed_mcid_gets_no_verdict(episode):
    _record(episode, "PRTEE", [5] * 15)
    _record(episode, "PRTEE", [1] * 15)
    prtee = next(s for s in episode_progress(episode).series if s.instrument == "PRTEE")
    assert prtee.change["mcid_met"] is None


def test_improvement_after_the_first_session_comes_from_its_nprs(complete, clinician):
    notes.sign(complete, clinician)  # NPRS 7 -> 4
    assert episode_progress(complete.episode).improved_after_first_session is True


def test_improvement_within_24_hours_comes_from_the_check_in(complete, clinician):
    signed = notes.sign(complete, clinician)
    CheckIn.objects.create(
        treatment=signed, due_at=signed.signed_at, nprs=6, completed_at=signed.signed_at
    )
    assert episode_progress(complete.episode).improved_within_24_hours is False


def test_api_scores_without_storing(clinician_client):
    body = clinician_client.post(
        "/api/outcomes/score",
        {"instrument": "ndi", "answers": [1, 2, 3, 4, 5, 0, 1, 2, 3, 4]},
        content_type=JSON,
    ).json()
    assert (body["score"], body["percent"]) == (25.0, 50.0)
    assert not Response.objects.exists()


def test_api_names_the_bad_item(clinician_client):
    response = clinician_client.post(
        "/api/outcomes/score",
        {"instrument": "NDI", "answers": [1, 2, 9, 4, 5, 0, 1, 2, 3, 4]},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "item 3" in response.json()["detail"]


def test_api_records_a_response_and_reports_progress(clinician_client, episode):
    for answers in ([3] * 10, [1] * 10):
        created = clinician_client.post(
            f"/api/episodes/{episode.pk}/responses",
            {"instrument": "NDI", "answers": answers},
            content_type=JSON,
        )
        assert created.status_code == 201
    progress = clinician_client.get(f"/api/episodes/{episode.pk}/progress").json()
    assert progress["series"][0]["change"]["mcid_met"] is True


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_exists_and_runs_once():
    from django.core.management import call_command

    call_command("worker", "--batch", "--interval", "0")
