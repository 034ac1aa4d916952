"""Imports and exports write their own audit rows: an import's in the transaction that creates
the patients (all three, or nothing), an export's once its files are complete."""

import pytest

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.interop.csv_export import export_csv
from dryneedle.interop.csv_io import import_patients
from dryneedle.interop.fhir_export import bulk_export
from dryneedle.patients.models import Patient
from tests.interop.test_csv import GOOD_ROWS, csv_text


class AuditDown(Exception):
    """The audit log could not be written."""


def test_an_import_writes_one_import_row_by_the_importer(clinic, clinician):
    import_patients(csv_text(*GOOD_ROWS), clinic, created_by=clinician)
    row = AuditEvent.objects.get(action=audit.Action.IMPORT)
    assert (row.user, row.clinic, row.detail) == (clinician, clinic, "CSV import: 3 patients")


def test_an_import_whose_audit_row_fails_creates_no_patient(clinic, clinician, monkeypatch):
    def refuse(*args, **kwargs):
        raise AuditDown()

    monkeypatch.setattr(audit, "write", refuse)
    with pytest.raises(AuditDown):
        import_patients(csv_text(*GOOD_ROWS), clinic, created_by=clinician)
    assert not Patient.objects.exists()


def test_a_dry_run_writes_no_audit_row(clinic, clinician):
    import_patients(csv_text(*GOOD_ROWS), clinic, created_by=clinician, dry_run=True)
    assert not AuditEvent.objects.exists()


def test_a_csv_export_writes_one_export_row_for_its_clinic(patient, clinician, tmp_path):
    export_csv(tmp_path, patient.clinic, clinician)
    row = AuditEvent.objects.get(action=audit.Action.EXPORT)
    assert (row.user, row.clinic) == (clinician, patient.clinic)


def test_a_fhir_export_of_one_clinic_names_how_it_was_asked_for(patient, tmp_path):
    bulk_export(tmp_path, clinic=patient.clinic, via="command line")
    row = AuditEvent.objects.get(action=audit.Action.EXPORT)
    assert row.detail.endswith(f"to {tmp_path} (command line)")
