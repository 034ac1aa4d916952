"""Importing patients from CSV (all rows or none, every problem with its line) and exporting
a clinic's records as CSV that re-imports unchanged."""

import csv
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dryneedle.clinics.models import AuditEvent
from dryneedle.interop import csv_io
from dryneedle.interop.csv_export import export_csv
from dryneedle.interop.csv_io import PATIENT_COLUMNS, import_patients
from dryneedle.patients.models import Patient
from dryneedle.treatments.models import AdverseEvent
from tests import factories
from tests.factories import ClinicFactory, PatientFactory

HEADER = ",".join(PATIENT_COLUMNS)
GOOD_ROWS = [
    "R-001,Ava,Nakamura,1990-02-03,female,ava@example.org,+1 312 555 0100",
    "R-002,Liam,Okafor,1985-11-30,male,,",
    ",Sam,Rivera,2001-07-04,,sam@example.org,555 0101",
]
URL = "/clinic/import/patients/"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def problems_of(result) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in result.problems]


def only_problem(result):
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def content(clinic) -> set[tuple]:
    return {
        tuple(str(v) for v in row)
        for row in Patient.objects.filter(clinic=clinic).values_list(*PATIENT_COLUMNS)
    }


# ---------------------------------------------------------------- importing


def test_a_good_file_imports_every_row(clinic, clinician):
    result = import_patients(csv_text(*GOOD_ROWS), clinic, created_by=clinician)
    assert (result.created, result.problems, result.dry_run) == (3, [], False)
    ava = Patient.objects.get(clinic=clinic, record_number="R-001")
    assert (ava.given_name, ava.date_of_birth, ava.sex) == (
        "Ava",
        datetime.date(1990, 2, 3),
        "female",
    )
    assert ava.created_by == clinician


def test_a_blank_sex_is_stored_as_unknown(clinic):
    import_patients(csv_text(GOOD_ROWS[2]), clinic)
    assert Patient.objects.get(family_name="Rivera").sex == Patient.Sex.UNKNOWN


def test_imported_patients_have_a_history_entry(clinic, clinician):
    import_patients(csv_text(GOOD_ROWS[0]), clinic, created_by=clinician)
    entry = Patient.objects.get(record_number="R-001").history.get()
    assert (entry.history_type, entry.history_user) == ("+", clinician)


def test_whitespace_around_values_is_stripped(clinic):
    import_patients(csv_text("  R-9 , Ava ,  Nakamura , 1990-02-03 , Female ,,"), clinic)
    patient = Patient.objects.get(clinic=clinic)
    assert (patient.record_number, patient.given_name, patient.family_name, patient.sex) == (
        "R-9",
        "Ava",
        "Nakamura",
        "female",
    )


def test_one_bad_row_among_good_ones_imports_nothing_and_names_its_line(clinic):
    text = csv_text(GOOD_ROWS[0], "R-005,Ben,Adams,03/04/1980,male,,", GOOD_ROWS[1])
    result = import_patients(text, clinic)
    assert result.created == 0
    assert problems_of(result) == [
        (3, "date_of_birth “03/04/1980” is not a date in the form YYYY-MM-DD.")
    ]
    assert Patient.objects.count() == 0


def test_every_bad_row_is_reported_not_only_the_first(clinic):
    text = csv_text(",,Adams,1980-01-01,,,", GOOD_ROWS[0], "R-7,Cy,Bo,1980-01-01,x,,")
    assert [p.line for p in import_patients(text, clinic).problems] == [2, 4]


def test_missing_and_unknown_columns_are_one_problem_on_line_one(clinic):
    header = "given_name,family_name,date_of_birth,mobile"
    problem = only_problem(import_patients(csv_text(header=header), clinic))
    assert problem.line == 1
    assert "Missing columns: record_number, sex, email, phone" in problem.reason
    assert "unknown columns: mobile" in problem.reason


def test_columns_may_come_in_any_order_and_any_case(clinic):
    header = "Phone,EMAIL,sex,date_of_birth,family_name,given_name,record_number"
    result = import_patients(csv_text(",,,1990-02-03,Nakamura,Ava,", header=header), clinic)
    assert result.created == 1


def test_an_empty_file_is_a_problem(clinic):
    assert "The file is empty" in only_problem(import_patients("", clinic)).reason


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",,Adams,1980-01-01,,,", "given_name is required."),
        ("R-1,Ben,,1980-01-01,,,", "family_name is required."),
        ("R-1,Ben,Adams,,,,", "date_of_birth is required."),
        ("R-1,Ben,Adams,1980-1-1,,,", "date_of_birth “1980-1-1” is not a date in the form"),
        ("R-1,Ben,Adams,1980-02-30,,,", "date_of_birth “1980-02-30” is not a real date."),
        ("R-1,Ben,Adams,1850-01-01,,,", "check the year of birth, that is over 130 years ago"),
        ("R-1,Ben,Adams,1980-01-01,f,,", "sex “f” is not one of female, male, other, unknown"),
        ("R-1,Ben,Adams,1980-01-01,,ben@,", "email “ben@” is not a valid email address."),
        ("R-1,Ben,Adams,1980-01-01,,,,", "This row has 8 values but the header has 7 columns"),
        ("R-1,Ben,Adams,1980-01-01,,", "This row has 6 values but the header has 7 columns"),
        (
            "R-1,Ben,Adams,1980-01-01,,,12345678901234567890123456789012345678901",
            "phone is longer than 40 characters.",
        ),
        ('R-1,"Be\tn",Adams,1980-01-01,,,', "given_name contains a line break, tab or other"),
    ],
)
def test_each_kind_of_bad_value_is_reported_with_its_line(clinic, row, reason):
    problem = only_problem(import_patients(csv_text(GOOD_ROWS[0], row), clinic))
    assert problem.line == 3
    assert reason in problem.reason


def test_a_birth_date_in_the_future_is_reported(clinic):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    problem = only_problem(import_patients(csv_text(f"R-1,Ben,Adams,{tomorrow},,,"), clinic))
    assert (problem.line, problem.reason) == (2, f"date_of_birth {tomorrow} is in the future.")


def test_a_record_number_used_twice_in_the_file_is_reported_on_the_second_use(clinic):
    text = csv_text(GOOD_ROWS[0], "R-001,Ben,Adams,1980-01-01,,,")
    assert problems_of(import_patients(text, clinic)) == [
        (3, "record_number “R-001” is also used on line 2.")
    ]


def test_a_record_number_already_in_the_clinic_is_reported(clinic):
    PatientFactory(clinic=clinic, record_number="R-001")
    assert problems_of(import_patients(csv_text(GOOD_ROWS[0]), clinic)) == [
        (2, "record_number “R-001” already belongs to a patient in this clinic.")
    ]


def test_a_record_number_of_another_clinic_does_not_clash(clinic, other_clinic):
    PatientFactory(clinic=other_clinic, record_number="R-001")
    assert import_patients(csv_text(GOOD_ROWS[0]), clinic).created == 1


def test_a_person_already_registered_is_reported_whatever_the_case_of_the_names(clinic):
    PatientFactory(
        clinic=clinic,
        given_name="Ava",
        family_name="Nakamura",
        date_of_birth=datetime.date(1990, 2, 3),
        record_number="A7",
    )
    text = csv_text("R-001,AVA,nakamura,1990-02-03,female,,")
    assert problems_of(import_patients(text, clinic)) == [
        (2, "AVA nakamura, born 1990-02-03 is already registered in this clinic (record A7).")
    ]


def test_the_same_person_twice_in_the_file_is_reported_on_the_second_line(clinic):
    text = csv_text(GOOD_ROWS[0], GOOD_ROWS[1], ",Ava,NAKAMURA,1990-02-03,,,")
    assert problems_of(import_patients(text, clinic)) == [
        (4, "Ava NAKAMURA, born 1990-02-03 is the same person as on line 2.")
    ]


def test_line_numbers_count_physical_lines_including_blank_and_multiline_ones(clinic):
    text = csv_text('R-1,"Ann\nMarie",Lee,1980-01-01,,,', "", "R-2,Bo,Day,1980-13-01,,,")
    assert [p.line for p in import_patients(text, clinic).problems] == [2, 5]


def test_a_dry_run_reports_the_count_and_writes_nothing(clinic):
    result = import_patients(csv_text(*GOOD_ROWS), clinic, dry_run=True)
    assert (result.created, result.problems, result.dry_run) == (3, [], True)
    assert Patient.objects.count() == 0


def test_a_dry_run_reports_problems_like_a_real_import(clinic):
    result = import_patients(csv_text("R-1,Ben,Adams,1980-01-01,x,,"), clinic, dry_run=True)
    assert [p.line for p in result.problems] == [2]


ODD_NAMES = [
    ("Zoë", "O'Brien-Łukasz"),
    ("محمد", "العربي"),  # right-to-left
    ("שָׁלוֹם", "כהן"),
    ("Nguyễn", "Thị Minh"),
    ("李", "小龙"),
    ("Ana\u200dMaría", "Zoe\u0301"),  # zero-width joiner, combining accent
    ("🙂", "Emoji"),
]


def test_odd_unicode_names_are_kept_exactly(clinic):
    rows = [f"U-{i},{g},{f},1970-01-01,,," for i, (g, f) in enumerate(ODD_NAMES)]
    assert import_patients(csv_text(*rows).encode("utf-8"), clinic).created == len(ODD_NAMES)
    stored = set(Patient.objects.values_list("given_name", "family_name"))
    assert stored == set(ODD_NAMES)


def test_a_file_with_a_byte_order_mark_is_read(clinic):
    data = b"\xef\xbb\xbf" + csv_text(*GOOD_ROWS).encode("utf-8")
    assert import_patients(data, clinic).created == 3


def test_a_file_that_is_not_utf8_is_a_problem_naming_the_line(clinic):
    data = csv_text(GOOD_ROWS[0], "R-2,Zoë,Adams,1980-01-01,,,").encode("latin-1")
    problem = only_problem(import_patients(data, clinic))
    assert problem.line == 3
    assert "not UTF-8" in problem.reason


def test_an_unclosed_quote_is_a_problem_not_a_crash(clinic):
    result = import_patients(csv_text(GOOD_ROWS[0], 'R-2,"Ben,Adams,1980-01-01,,,'), clinic)
    problem = only_problem(result)
    assert (problem.line, "cannot be read as CSV" in problem.reason) == (3, True)


def test_a_file_over_the_size_limit_is_refused(clinic, monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_BYTES", 100)
    problem = only_problem(import_patients(csv_text(*GOOD_ROWS), clinic))
    assert problem.reason.startswith("The file is larger than")


def test_a_file_over_the_row_limit_is_refused(clinic, monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_ROWS", 2)
    problem = only_problem(import_patients(csv_text(*GOOD_ROWS), clinic))
    assert (problem.line, problem.reason) == (
        4,
        "The file has more than 2 rows: split it into smaller files.",
    )
    assert Patient.objects.count() == 0


# ---------------------------------------------------------------- exporting


@pytest.fixture
def records(complete, clinic, clinician):
    """A clinic with a treated patient, odd names, a questionnaire and an adverse event."""
    for i, (given, family) in enumerate(ODD_NAMES):
        PatientFactory(
            clinic=clinic,
            given_name=given,
            family_name=family,
            record_number=f"U-{i}" if i % 2 else "",
            sex=Patient.Sex.values[i % 4],
            email=f"p{i}@example.org" if i % 3 else "",
            phone='+1, "312" 555' if i == 1 else "",
        )
    factories.response(complete.episode, "NDI", [1] * 8 + [2] * 2, entered_by=clinician)
    AdverseEvent.objects.create(
        treatment=complete, kind="bruising", severity="mild", onset="after", action="Ice."
    )
    return clinic


def read_csv(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_writes_each_file_and_counts_its_rows(records, other_clinic, tmp_path):
    PatientFactory(clinic=other_clinic)
    counts = export_csv(tmp_path, records)
    assert counts == {
        "patients.csv": 1 + len(ODD_NAMES),
        "episodes.csv": 1,
        "treatments.csv": 1,
        "needlings.csv": 2,
        "responses.csv": 1,
        "adverse_events.csv": 1,
    }
    for name, count in counts.items():
        assert len(read_csv(tmp_path / name)) == count


def test_exported_treatments_carry_the_clinician_and_the_needle_count(
    records, complete, clinician, tmp_path
):
    export_csv(tmp_path, records)
    (row,) = read_csv(tmp_path / "treatments.csv")
    assert row["clinician_email"] == clinician.email
    assert row["episode_id"] == str(complete.episode_id)
    assert (row["pre_nprs"], row["needles_opened"], row["needles_removed"]) == ("7", "4", "4")
    assert datetime.datetime.fromisoformat(row["performed_at"]) == complete.performed_at


def test_exported_patients_reimport_into_an_empty_clinic_unchanged(records, tmp_path):
    export_csv(tmp_path, records)
    empty = ClinicFactory()
    result = import_patients((tmp_path / "patients.csv").read_bytes(), empty)
    assert (result.problems, result.created) == ([], Patient.objects.filter(clinic=records).count())
    assert content(empty) == content(records)


# ---------------------------------------------------------------- command line


def write(tmp_path, text: str):
    path = tmp_path / "patients.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_imports_a_good_file(clinic, tmp_path, capsys):
    call_command(
        "import", "patients", str(write(tmp_path, csv_text(*GOOD_ROWS))), clinic=clinic.slug
    )
    assert "3 patients imported" in capsys.readouterr().out
    assert Patient.objects.filter(clinic=clinic).count() == 3
    assert AuditEvent.objects.filter(clinic=clinic, action="import").exists()


def test_the_command_dry_run_counts_and_writes_nothing(clinic, tmp_path, capsys):
    path = write(tmp_path, csv_text(*GOOD_ROWS))
    call_command("import", "patients", str(path), clinic=clinic.slug, dry_run=True)
    assert "3 patients would be imported" in capsys.readouterr().out
    assert Patient.objects.count() == 0


def test_the_command_prints_each_problem_and_exits_2_writing_nothing(clinic, tmp_path, capsys):
    path = write(tmp_path, csv_text(GOOD_ROWS[0], "R-5,Ben,Adams,1980-01-01,f,,"))
    with pytest.raises(CommandError) as raised:
        call_command("import", "patients", str(path), clinic=clinic.slug)
    assert raised.value.returncode == 2
    assert "nothing was imported" in str(raised.value)
    assert "line 3: sex “f” is not one of" in capsys.readouterr().err
    assert Patient.objects.count() == 0


def test_the_command_refuses_an_unknown_clinic_with_exit_2(db, tmp_path):
    path = write(tmp_path, csv_text(*GOOD_ROWS))
    with pytest.raises(CommandError) as raised:
        call_command("import", "patients", str(path), clinic="no-such-clinic")
    assert raised.value.returncode == 2
    assert Patient.objects.count() == 0


# ---------------------------------------------------------------- web upload


def upload(client, data: bytes, **extra):
    file = SimpleUploadedFile("patients.csv", data, content_type="text/csv")
    return client.post(URL, {"file": file, **extra}, follow=True)


def test_the_upload_page_lists_the_columns(admin_client_):
    page = admin_client_.get(URL).content.decode()
    for column in PATIENT_COLUMNS:
        assert f"<code>{column}</code>" in page
    assert "Check only (dry run)" in page


def test_an_admin_imports_a_good_file_and_sees_the_count(admin_client_, clinic, clinic_admin):
    page = upload(admin_client_, csv_text(*GOOD_ROWS).encode()).content.decode()
    assert "3 patients imported." in page
    assert set(Patient.objects.values_list("clinic", "created_by")) == {
        (clinic.pk, clinic_admin.pk)
    }
    event = AuditEvent.objects.get(action="import")
    assert (event.user, event.clinic, event.detail) == (
        clinic_admin,
        clinic,
        "CSV import: 3 patients",
    )


def test_an_admin_sees_the_problems_and_that_nothing_was_imported(admin_client_):
    data = csv_text(GOOD_ROWS[0], "R-5,Ben,Adams,1980-01-01,,ben@,").encode()
    response = upload(admin_client_, data)
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert '<td class="nowrap">3</td><td>email “ben@” is not a valid email address.</td>' in page
    assert Patient.objects.count() == 0


def test_an_admin_dry_run_shows_the_count_and_writes_nothing(admin_client_):
    page = upload(admin_client_, csv_text(*GOOD_ROWS).encode(), dry_run="on").content.decode()
    assert "3 patients would be imported" in page
    assert Patient.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_front_desk_may_not_import(front_desk_client):
    assert front_desk_client.get(URL).status_code == 403
    assert upload(front_desk_client, csv_text(*GOOD_ROWS).encode()).status_code == 403
    assert Patient.objects.count() == 0


def test_an_upload_over_10_mb_is_refused(admin_client_):
    data = csv_text(*GOOD_ROWS).encode() + b" " * (10 * 1024 * 1024)
    page = upload(admin_client_, data).content.decode()
    assert "the limit is 10 MB" in page
    assert Patient.objects.count() == 0


# ---------------------------------------------------------------- formulas: text in, text out

FORMULA_LIKE = {
    "record_number": "=1+1",
    "given_name": "@SUM(A1)",
    "family_name": "-5",
    "phone": "+44 20 7946 0958",
}


@pytest.fixture
def formula_like_patient(clinic):
    return PatientFactory(clinic=clinic, **FORMULA_LIKE)


def test_exported_patient_cells_that_look_like_formulas_are_written_as_text(
    formula_like_patient, clinic, tmp_path
):
    export_csv(tmp_path, clinic)
    (row,) = read_csv(tmp_path / "patients.csv")
    assert {name: row[name] for name in FORMULA_LIKE} == {
        name: "'" + value for name, value in FORMULA_LIKE.items()
    }


def test_every_exported_file_writes_formula_like_text_as_text(complete, clinic, tmp_path):
    complete.episode.problem = '=HYPERLINK("http://x.test","y")'
    complete.episode.save()
    export_csv(tmp_path, clinic)
    (row,) = read_csv(tmp_path / "episodes.csv")
    assert row["problem"] == '\'=HYPERLINK("http://x.test","y")'


def test_exported_numbers_stay_numbers(records, tmp_path):
    export_csv(tmp_path, records)
    (row,) = read_csv(tmp_path / "responses.csv")
    assert (row["score"], row["max_score"]) == ("12.00", "50.00")


def test_patients_with_formula_like_values_reimport_unchanged(formula_like_patient, tmp_path):
    export_csv(tmp_path, formula_like_patient.clinic)
    empty = ClinicFactory()
    result = import_patients((tmp_path / "patients.csv").read_bytes(), empty)
    assert (result.problems, result.created) == ([], 1)
    assert content(empty) == content(formula_like_patient.clinic)


def test_a_value_that_already_starts_with_a_quote_survives_the_round_trip(clinic, tmp_path):
    PatientFactory(clinic=clinic, record_number="'=1+1", given_name="'Ava")
    export_csv(tmp_path, clinic)
    empty = ClinicFactory()
    assert import_patients((tmp_path / "patients.csv").read_bytes(), empty).ok
    assert content(empty) == content(clinic)


def test_a_hand_made_formula_cell_is_still_refused(clinic):
    problem = only_problem(import_patients(csv_text("=1+1,Ben,Adams,1980-01-01,,,"), clinic))
    assert "record_number starts with “=”, which spreadsheets run as a formula" in problem.reason
