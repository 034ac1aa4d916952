"""Each operation on a treatment note writes its own audit row, in the transaction of the change:
the change and its row are saved together, or neither is."""

import pytest

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.treatments import notes
from dryneedle.treatments.models import Addendum, AdverseEvent, Needling, Treatment


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


def _rows(action, obj):
    return AuditEvent.objects.filter(
        action=action, object_type=obj._meta.model_name, object_id=str(obj.pk)
    )


def test_starting_a_note_writes_one_create_row_naming_the_patient_and_clinician(
    ready_episode, clinician
):
    treatment = notes.start(ready_episode, clinician).treatment
    row = _rows(audit.Action.CREATE, treatment).get()
    assert (row.patient, row.user, row.clinic) == (
        ready_episode.patient,
        clinician,
        ready_episode.patient.clinic,
    )


def test_a_note_whose_audit_row_fails_is_not_started(ready_episode, clinician, audit_down):
    with pytest.raises(AuditDown):
        notes.start(ready_episode, clinician)
    assert not Treatment.objects.exists()


def test_a_refused_start_writes_no_audit_row(episode, clinician):
    with pytest.raises(notes.NoteError):
        notes.start(episode, clinician)  # not screened, no consent
    assert not AuditEvent.objects.exists()


def test_saving_a_draft_writes_one_update_row_naming_the_fields(draft, clinician):
    notes.save_draft(draft, {"pre_nprs": 6, "plan": "Review."}, 1, by=clinician)
    row = _rows(audit.Action.UPDATE, draft).get()
    assert (row.user, row.detail) == (clinician, "draft saved: plan, pre_nprs")


def test_a_draft_whose_audit_row_fails_is_not_saved(draft, clinician, audit_down):
    with pytest.raises(AuditDown):
        notes.save_draft(draft, {"pre_nprs": 6}, 1, by=clinician)
    draft.refresh_from_db()
    assert (draft.pre_nprs, draft.version) == (None, 1)


def test_a_stale_save_writes_no_audit_row(draft, clinician):
    notes.save_draft(draft, {"pre_nprs": 6}, 1, by=clinician)
    with pytest.raises(notes.EditConflict):
        notes.save_draft(draft, {"pre_nprs": 2}, 1, by=clinician)
    assert _rows(audit.Action.UPDATE, draft).count() == 1


def test_signing_writes_one_update_row_with_the_cpt_code(complete, clinician):
    signed = notes.sign(complete, clinician)
    row = _rows(audit.Action.UPDATE, signed).get()
    assert (row.user, row.detail) == (clinician, f"signed; CPT {signed.cpt_code}")


def test_a_note_whose_audit_row_fails_is_not_signed(complete, clinician, audit_down):
    with pytest.raises(AuditDown):
        notes.sign(complete, clinician)
    complete.refresh_from_db()
    assert not complete.is_signed


def test_a_note_that_cannot_be_signed_writes_no_audit_row(draft, clinician):
    with pytest.raises(notes.NoteError):
        notes.sign(draft, clinician)
    assert not AuditEvent.objects.exists()


def test_signing_sends_the_signed_signal_only_after_the_audit_row_is_in(
    complete, clinician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        signed = notes.sign(complete, clinician)
        assert _rows(audit.Action.UPDATE, signed).exists()  # before the commit
    assert len(callbacks) == 1


def test_an_addendum_whose_audit_row_fails_is_not_added(complete, clinician, monkeypatch):
    signed = notes.sign(complete, clinician)
    break_audit(monkeypatch)
    with pytest.raises(AuditDown):
        notes.add_addendum(signed, clinician, "Patient phoned: no bruising.")
    assert not Addendum.objects.exists()


def test_an_addendum_writes_one_create_row(complete, clinician):
    signed = notes.sign(complete, clinician)
    addendum = notes.add_addendum(signed, clinician, "Patient phoned: no bruising.")
    assert _rows(audit.Action.CREATE, addendum).get().patient == signed.episode.patient


def test_a_needling_whose_audit_row_fails_is_not_recorded(draft, clinician, needle, audit_down):
    fields = {"needle": needle, "technique": "static", "twitch": "none"}
    with pytest.raises(AuditDown):
        notes.add_needling(draft, clinician, muscle="upper_trapezius", side="L", **fields)
    assert not Needling.objects.exists()


def test_an_adverse_event_writes_one_create_row(draft, clinician):
    event = AdverseEvent(kind="bruising", severity="mild", onset="during", action="Pressure.")
    notes.add_entry(draft, event, clinician)
    assert _rows(audit.Action.CREATE, event).get().user == clinician


def test_a_row_whose_removal_cannot_be_audited_stays(complete, clinician, audit_down):
    needling = complete.needlings.first()
    row_pk = needling.pk
    with pytest.raises(AuditDown):
        notes.remove_entry(complete, needling, "needling", clinician)
    assert Needling.objects.filter(pk=row_pk).exists()


def test_removing_a_row_writes_one_update_row_naming_it(complete, clinician):
    needling = complete.needlings.first()
    row_pk = needling.pk
    notes.remove_entry(complete, needling, "needling", clinician)
    row = _rows(audit.Action.UPDATE, complete).get()
    assert row.detail == f"removed needling {row_pk}"


def test_an_actor_from_a_request_names_its_address_and_path(rf, complete, clinician):
    request = rf.post("/treatments/1/sign/", REMOTE_ADDR="192.0.2.7")
    request.user, request.clinic = clinician, complete.episode.patient.clinic
    signed = notes.sign(complete, audit.Actor.from_request(request))
    row = _rows(audit.Action.UPDATE, signed).get()
    assert (row.ip_address, row.path, row.method) == ("192.0.2.7", "/treatments/1/sign/", "POST")


def test_a_note_signed_on_the_web_whose_audit_row_fails_stays_a_draft(
    clinician_client, complete, audit_down
):
    with pytest.raises(AuditDown):
        clinician_client.post(f"/treatments/{complete.pk}/sign/")
    complete.refresh_from_db()
    assert not complete.is_signed


def test_a_note_signed_on_the_web_has_exactly_one_signing_row(clinician_client, complete):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    assert AuditEvent.objects.filter(detail__startswith="signed;").count() == 1


def test_a_note_started_on_the_web_whose_audit_row_fails_is_not_started(
    clinician_client, ready_episode, audit_down
):
    with pytest.raises(AuditDown):
        clinician_client.post(f"/episodes/{ready_episode.pk}/treatments/new/")
    assert not Treatment.objects.exists()
