"""Reads and writes of patient data leave audit rows; admins read the clinic's log."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dryneedle.clinics.models import AuditEvent
from tests.factories import PatientFactory


def test_opening_a_patient_page_is_audited(clinician_client, clinician, patient):
    clinician_client.get(f"/patients/{patient.pk}/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, patient=patient)
    assert (event.user, event.clinic, event.path) == (
        clinician,
        patient.clinic,
        f"/patients/{patient.pk}/",
    )


def test_registering_a_patient_is_audited(clinician_client, clinic):
    clinician_client.post(
        "/patients/new/",
        {"given_name": "Ava", "family_name": "Nakamura", "date_of_birth": "1990-02-03"},
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
    assert event.patient.family_name == "Nakamura"


def test_editing_a_patient_records_which_fields_changed(clinician_client, patient):
    clinician_client.post(
        f"/patients/{patient.pk}/edit/",
        {
            "given_name": patient.given_name,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "sex": patient.sex,
            "phone": "+1 312 555 0101",
        },
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, patient=patient)
    assert event.detail == "phone"


def test_opening_an_episode_is_audited(clinician_client, episode):
    clinician_client.get(f"/episodes/{episode.pk}/")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, patient=episode.patient, object_type="episode"
    ).exists()


def test_admin_sees_the_clinics_audit_log(admin_client_, clinician_client, patient):
    clinician_client.get(f"/patients/{patient.pk}/")
    response = admin_client_.get("/clinic/audit/")
    assert response.status_code == 200
    assert patient.full_name in response.content.decode()


def test_audit_log_shows_no_other_clinics_events(admin_client_, outsider_client, other_clinic):
    stranger = PatientFactory(clinic=other_clinic, family_name="Elsewhere")
    outsider_client.get(f"/patients/{stranger.pk}/")
    assert "Elsewhere" not in admin_client_.get("/clinic/audit/").content.decode()


def test_audit_log_filters_by_action(admin_client_, clinician_client, patient):
    clinician_client.get(f"/patients/{patient.pk}/")
    clinician_client.get("/patients/")
    response = admin_client_.get("/clinic/audit/", {"action": "list"})
    rows = response.context["page"].object_list
    assert {row.action for row in rows} == {"list"}


def test_audit_log_rejects_a_bad_filter_with_a_message(admin_client_):
    response = admin_client_.get("/clinic/audit/", {"since": "not-a-date"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_clinicians_cannot_read_the_audit_log(clinician_client):
    assert clinician_client.get("/clinic/audit/").status_code == 403


def test_audit_rows_cannot_be_changed(clinician_client, patient):
    clinician_client.get(f"/patients/{patient.pk}/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    event.detail = "tampered"
    with pytest.raises(ValidationError):
        event.save()


def test_audit_rows_cannot_be_deleted(clinician_client, patient):
    clinician_client.get(f"/patients/{patient.pk}/")
    with pytest.raises(ValidationError):
        AuditEvent.objects.get(action=AuditEvent.Action.VIEW).delete()


def test_admin_sees_sign_ins_and_failed_sign_ins_of_their_staff(admin_client_, clinician):
    from tests.factories import PASSWORD

    Client().post("/login/", {"username": clinician.email, "password": "wrong-password"})
    Client().post("/login/", {"username": clinician.email, "password": PASSWORD})
    rows = admin_client_.get("/clinic/audit/").context["page"].object_list
    actions = {(row.action, row.user) for row in rows}
    assert {("login_failed", clinician), ("login", clinician)} <= actions


def test_admin_does_not_see_sign_ins_of_another_clinics_staff(admin_client_, outsider):
    from tests.factories import PASSWORD

    Client().post("/login/", {"username": outsider.email, "password": PASSWORD})
    rows = admin_client_.get("/clinic/audit/").context["page"].object_list
    assert outsider not in {row.user for row in rows}


def test_a_refused_request_shows_in_the_clinics_log_under_the_refused_filter(
    admin_client_, front_desk_client, front_desk, clinician_client, episode
):
    clinician_client.get(f"/episodes/{episode.pk}/")
    assert front_desk_client.post(f"/episodes/{episode.pk}/treatments/new/").status_code == 403
    response = admin_client_.get("/clinic/audit/", {"refused": "on"})
    rows = list(response.context["page"].object_list)
    assert [(row.user, row.action, row.detail) for row in rows] == [
        (front_desk, "refused", "answered 403")
    ]
    assert "Access refused" in response.content.decode()


def test_the_refused_filter_lists_refused_requests_links_and_sign_ins_only(
    admin_client_, clinic, clinician
):
    kinds = ("refused", "token_refused", "login_failed", "view", "login")
    for action in kinds:
        AuditEvent.objects.create(action=action, clinic=clinic, user=clinician)
    response = admin_client_.get("/clinic/audit/", {"refused": "on"})
    listed = {row.action for row in response.context["page"].object_list}
    assert listed == {"refused", "token_refused", "login_failed"}
