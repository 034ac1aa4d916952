"""Registering, editing, archiving a patient and opening an episode are saved with their audit
row in one transaction, or not at all."""

import datetime

import pytest

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.patients import records
from dryneedle.patients.models import Episode, Patient


class AuditDown(Exception):
    """The audit log could not be written."""


@pytest.fixture
def audit_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise AuditDown()

    monkeypatch.setattr(audit, "write", refuse)


def _new_patient(clinic):
    return Patient(
        clinic=clinic,
        given_name="Ada",
        family_name="Byrne",
        date_of_birth=datetime.date(1979, 3, 2),
        sex=Patient.Sex.FEMALE,
    )


def test_registering_writes_one_create_row_by_the_registering_user(clinic, front_desk):
    patient = records.register(_new_patient(clinic), audit.as_actor(front_desk))
    row = AuditEvent.objects.get(action=audit.Action.CREATE)
    assert (row.patient, row.user, row.object_type) == (patient, front_desk, "patient")
    assert patient.created_by == front_desk


def test_a_registration_whose_audit_row_fails_is_not_saved(clinic, front_desk, audit_down):
    with pytest.raises(AuditDown):
        records.register(_new_patient(clinic), audit.as_actor(front_desk))
    assert not Patient.objects.exists()


def test_an_edit_whose_audit_row_fails_leaves_the_record_as_it_was(patient, front_desk, audit_down):
    patient.family_name = "Changed"
    with pytest.raises(AuditDown):
        records.save_changes(patient, patient, ["family_name"], audit.as_actor(front_desk))
    assert Patient.objects.get(pk=patient.pk).family_name == "Hughes"


def test_an_edit_row_names_the_changed_fields(patient, front_desk):
    patient.phone = "555 0100"
    records.save_changes(patient, patient, ["phone"], audit.as_actor(front_desk))
    assert AuditEvent.objects.get(action=audit.Action.UPDATE).detail == "phone"


def test_archiving_twice_writes_one_archive_row(patient, front_desk):
    records.set_archived(patient, True, audit.as_actor(front_desk))
    records.set_archived(patient, True, audit.as_actor(front_desk))
    assert AuditEvent.objects.filter(action=audit.Action.ARCHIVE).count() == 1
    assert Patient.objects.get(pk=patient.pk).archived_at is not None


def test_an_archive_whose_audit_row_fails_leaves_the_patient_active(
    patient, front_desk, audit_down
):
    with pytest.raises(AuditDown):
        records.set_archived(patient, True, audit.as_actor(front_desk))
    assert Patient.objects.get(pk=patient.pk).archived_at is None


def test_an_episode_whose_audit_row_fails_is_not_opened(patient, clinician, audit_down):
    episode = Episode(icd10_code="M79.18", problem="Neck pain", opened_on=datetime.date.today())
    with pytest.raises(AuditDown):
        records.open_episode(episode, patient, audit.as_actor(clinician))
    assert not Episode.objects.exists()
