"""Outcome writes (responses, home links, check-in answers and reviews) save their change and
its audit row together, in one transaction, or neither."""

import pytest
from django.utils import timezone

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes import checkins, links, responses
from dryneedle.outcomes.models import CheckIn, HomeLink, Response
from dryneedle.outcomes.scoring import score

NDI = [1] * 8 + [2] * 2  # 12 of 50


class AuditDown(Exception):
    """The audit log could not be written."""


def break_audit(monkeypatch) -> None:
    """Every audit row fails to save from now on."""

    def refuse(*args, **kwargs):
        raise AuditDown()

    monkeypatch.setattr(audit, "write", refuse)


@pytest.fixture
def audit_down(monkeypatch):
    break_audit(monkeypatch)


@pytest.fixture
def checkin(complete):
    return CheckIn.objects.create(treatment=complete, due_at=timezone.now())


def _answer(checkin, actor):
    return checkins.record_answer(
        checkin, actor, nprs=3, soreness=2, effects=[], other_effect="", overall="better"
    )


def test_a_response_from_a_score_holds_the_score_and_its_maximum(episode):
    response = Response.from_score(episode, score("NDI", NDI), NDI, source="clinic")
    assert (response.score, response.max_score, response.percent) == (12, 50, 24)


def test_a_response_from_a_score_pairs_psfs_answers_with_their_activities(episode):
    result = score("PSFS", [4, 6, 8])
    activities = ["Walking", "Lifting", "Sitting"]
    response = Response.from_score(episode, result, [4, 6, 8], source="home", activities=activities)
    assert response.answers[1] == {"activity": "Lifting", "score": 6}


def test_a_response_entered_in_the_clinic_writes_one_create_row(episode, clinician):
    response = responses.record_in_clinic(episode, score("NDI", NDI), NDI, clinician)
    row = AuditEvent.objects.get(action=audit.Action.CREATE)
    assert (row.patient, row.user, row.object_id) == (episode.patient, clinician, str(response.pk))


def test_a_response_whose_audit_row_fails_is_not_stored(episode, clinician, audit_down):
    with pytest.raises(AuditDown):
        responses.record_in_clinic(episode, score("NDI", NDI), NDI, clinician)
    assert not Response.objects.exists()


def test_a_response_entered_on_the_web_whose_audit_row_fails_is_not_stored(
    clinician_client, episode, audit_down
):
    data = {f"item_{n}": answer for n, answer in enumerate(NDI, start=1)}
    with pytest.raises(AuditDown):
        clinician_client.post(f"/episodes/{episode.pk}/outcomes/NDI/new/", data)
    assert not Response.objects.exists()


def test_a_home_answer_whose_audit_row_fails_neither_stores_nor_spends_the_link(
    episode, clinician, monkeypatch
):
    link, _ = links.create(episode, "NDI", clinician)
    break_audit(monkeypatch)
    with pytest.raises(AuditDown):
        responses.record_from_home(link, score("NDI", NDI), NDI, audit.Actor())
    link.refresh_from_db()
    assert (Response.objects.exists(), link.used_at) == (False, None)


def test_a_home_answer_writes_one_token_row_in_the_patients_clinic(episode, clinician):
    link, _ = links.create(episode, "NDI", clinician)
    responses.record_from_home(link, score("NDI", NDI), NDI, audit.Actor())
    row = AuditEvent.objects.get(action=audit.Action.TOKEN_USED)
    assert (row.user, row.clinic, row.detail) == (None, episode.patient.clinic, "home NDI")


def test_a_spent_home_link_refuses_a_second_answer(episode, clinician):
    link, _ = links.create(episode, "NDI", clinician)
    responses.record_from_home(link, score("NDI", NDI), NDI, audit.Actor())
    with pytest.raises(links.LinkRefused):
        responses.record_from_home(link, score("NDI", NDI), NDI, audit.Actor())
    assert Response.objects.count() == 1


def test_a_home_link_whose_audit_row_fails_is_not_created(episode, clinician, audit_down):
    with pytest.raises(AuditDown):
        links.create(episode, "NDI", clinician)
    assert not HomeLink.objects.exists()


def test_a_check_in_answer_whose_audit_row_fails_is_not_stored(checkin, audit_down):
    with pytest.raises(AuditDown):
        _answer(checkin, audit.Actor())
    checkin.refresh_from_db()
    assert checkin.completed_at is None


def test_a_check_in_answer_writes_one_token_row(checkin):
    _answer(checkin, audit.Actor())
    row = AuditEvent.objects.get(action=audit.Action.TOKEN_USED)
    assert (row.object_id, row.detail) == (str(checkin.pk), "check-in answered")


def test_a_review_whose_audit_row_fails_is_not_saved(checkin, clinician, audit_down):
    with pytest.raises(AuditDown):
        checkins.mark_reviewed(checkin, clinician)
    checkin.refresh_from_db()
    assert checkin.reviewed_at is None


def test_a_review_writes_one_update_row_by_the_clinician(checkin, clinician):
    checkins.mark_reviewed(checkin, clinician)
    row = AuditEvent.objects.get(action=audit.Action.UPDATE)
    assert (row.user, row.detail) == (clinician, "check-in reviewed")
