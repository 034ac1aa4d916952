"""A request that reaches a patient's record is audited even when its view writes no row."""

from dryneedle.clinics.models import AuditEvent


def test_a_refused_write_to_a_note_is_audited_as_a_view(clinician_client, clinician, draft):
    response = clinician_client.post(f"/treatments/{draft.pk}/needlings/", {"muscle": ""})
    assert response.status_code == 400
    event = AuditEvent.objects.get(patient=draft.episode.patient)
    assert (event.user, event.action, event.object_type, event.detail) == (
        clinician,
        "view",
        "treatment",
        "answered 400",
    )


def test_a_view_that_audits_itself_gets_no_second_row(clinician_client, patient):
    clinician_client.get(f"/patients/{patient.pk}/")
    assert AuditEvent.objects.filter(patient=patient).count() == 1


def test_a_request_for_another_clinics_record_reaches_nothing(outsider_client, patient):
    assert outsider_client.get(f"/patients/{patient.pk}/episodes/new/").status_code == 404
    assert not AuditEvent.objects.filter(patient=patient).exists()
