"""The fast insert path of the CSV import (COPY on PostgreSQL) keeps the import's promises."""

from dryneedle.interop import csv_io
from dryneedle.patients.models import Patient

CSV = (
    "record_number,given_name,family_name,date_of_birth,sex,email,phone\n"
    "R-1,Ada,Lovelace,1980-12-10,female,ada@example.org,\n"
    "R-2,Alan,Turing,1972-06-23,male,,+44 20 7946 0000\n"
)


def test_a_clash_only_the_database_sees_imports_nothing(clinic, clinician):
    rows, problems = csv_io._check_file(CSV, clinic)
    assert not problems
    Patient.objects.create(
        clinic=clinic, record_number="R-2", given_name="Other", family_name="Person",
        date_of_birth="1990-01-01",
    )  # fmt: skip
    result = csv_io._create(rows, clinic, clinician)
    assert not result.ok and "Nothing was imported" in result.problems[0].reason
    assert list(Patient.objects.values_list("record_number", flat=True)) == ["R-2"]


def test_every_imported_patient_has_its_fields_and_one_history_row(clinic, clinician):
    result = csv_io.import_patients(CSV, clinic, created_by=clinician)
    assert result.created == 2
    ada = Patient.objects.get(record_number="R-1")
    assert (ada.given_name, ada.email, str(ada.date_of_birth)) == (
        "Ada", "ada@example.org", "1980-12-10",
    )  # fmt: skip
    assert (ada.clinic, ada.created_by, ada.created_at is not None) == (clinic, clinician, True)
    history = Patient.history.filter(record_number__in=["R-1", "R-2"])
    assert history.count() == 2
    assert set(history.values_list("history_type", "history_user_id", "history_change_reason")) == {
        ("+", clinician.pk, "CSV import")
    }


def test_patients_created_after_an_import_get_fresh_ids(clinic, clinician):
    csv_io.import_patients(CSV, clinic, created_by=clinician)
    later = Patient.objects.create(
        clinic=clinic, given_name="Grace", family_name="Hopper", date_of_birth="1906-12-09"
    )
    assert later.pk > max(Patient.objects.exclude(pk=later.pk).values_list("pk", flat=True))
