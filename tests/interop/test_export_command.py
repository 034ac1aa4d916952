"""`dryneedle export csv|fhir` writes its files and refuses bad arguments."""

import pytest
from django.core.management import CommandError, call_command


def test_csv_export_writes_the_clinics_files(patient, tmp_path, capsys):
    call_command("export", "csv", "--out", str(tmp_path), "--clinic", patient.clinic.slug)
    assert (tmp_path / "patients.csv").read_text().count("\n") == 2  # header + one patient
    assert "patients" in capsys.readouterr().out


def test_csv_export_needs_a_clinic(tmp_path, db):
    with pytest.raises(CommandError, match="needs --clinic"):
        call_command("export", "csv", "--out", str(tmp_path))


def test_an_unknown_clinic_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="No clinic"):
        call_command("export", "fhir", "--out", str(tmp_path), "--clinic", "nope")


def test_fhir_export_writes_ndjson_per_resource_type(patient, tmp_path, capsys):
    import json

    call_command("export", "fhir", "--out", str(tmp_path))
    line = (tmp_path / "Patient.ndjson").read_text().splitlines()[0]
    assert json.loads(line)["resourceType"] == "Patient"
    assert "Patient: 1" in capsys.readouterr().out
