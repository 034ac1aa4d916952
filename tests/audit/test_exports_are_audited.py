"""Every way patient data leaves the system writes an export or download audit row."""

import pytest
from django.core.management import call_command

from dryneedle.clinics.models import AuditEvent

Action = AuditEvent.Action


def test_the_charges_csv_download_is_audited_as_an_export(clinician_client, clinician, clinic):
    response = clinician_client.get("/clinic/charges.csv", {"date": "2026-11-20"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.user, event.clinic, event.detail) == (
        clinician,
        clinic,
        "charges CSV 2026-11-20",
    )


def test_the_fhir_everything_bundle_is_audited_as_an_export(clinician_client, patient):
    response = clinician_client.get(f"/api/fhir/Patient/{patient.pk}/$everything")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=Action.EXPORT, patient=patient).exists()


def test_the_pdf_report_download_is_audited_as_a_download(clinician_client, episode):
    response = clinician_client.get(f"/episodes/{episode.pk}/report.pdf")
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert (event.patient, event.object_id) == (episode.patient, str(episode.pk))


def test_the_report_command_is_audited_as_a_download(episode, tmp_path):
    call_command("report", str(episode.pk), "--pdf", str(tmp_path / "report.pdf"))
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert (event.patient, event.clinic, event.user) == (
        episode.patient,
        episode.patient.clinic,
        None,
    )
    assert "command line" in event.detail


def test_the_csv_export_command_is_audited_for_the_clinic(patient, tmp_path):
    call_command("export", "csv", "--out", str(tmp_path), "--clinic", patient.clinic.slug)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.clinic == patient.clinic
    assert event.detail.startswith("CSV files")


def test_the_bulk_fhir_export_of_all_clinics_is_audited_for_each_clinic(
    patient, other_clinic, tmp_path
):
    call_command("export", "fhir", "--out", str(tmp_path))
    exported = AuditEvent.objects.filter(action=Action.EXPORT)
    assert {event.clinic for event in exported} == {patient.clinic, other_clinic}
    assert all("FHIR NDJSON (all clinics)" in event.detail for event in exported)


def test_the_bulk_fhir_export_of_one_clinic_is_audited_for_that_clinic_only(
    patient, other_clinic, tmp_path
):
    call_command("export", "fhir", "--out", str(tmp_path), "--clinic", patient.clinic.slug)
    assert [e.clinic for e in AuditEvent.objects.filter(action=Action.EXPORT)] == [patient.clinic]


def test_a_refused_export_writes_no_export_row(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("export", "csv", "--out", str(tmp_path))
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_analytics_csv_download_is_audited_as_an_export(admin_client_, clinic):
    response = admin_client_.get("/clinic/analytics/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, clinic=clinic, detail="analytics CSV"
    ).exists()


def test_the_analytics_command_is_audited_as_an_export(clinic, capsys):
    call_command("analytics", "--clinic", clinic.slug, "--json")
    assert AuditEvent.objects.filter(action=Action.EXPORT, clinic=clinic).exists()
