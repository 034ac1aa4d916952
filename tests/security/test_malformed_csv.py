"""Malformed patient CSV files: each is a line-numbered problem, nothing is imported, and
neither the admin upload nor the command crashes."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from dryneedle.interop.csv_io import PATIENT_COLUMNS, import_patients
from dryneedle.patients.models import Patient

HEADER = ",".join(PATIENT_COLUMNS)
GOOD = "R-1,Ava,Nakamura,1990-02-03,female,ava@example.org,+1 312 555 0100"


def lines(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


MALFORMED = {
    "latin-1 text": (lines("R-2,José,Muñoz,1980-01-01,male,,").encode("latin-1"), 2, "UTF-8"),
    "UTF-16 with its BOM": (codecs.BOM_UTF16_LE + lines(GOOD).encode("utf-16-le"), 1, "UTF-8"),
    "binary garbage": (bytes(range(256)) * 4, 2, "UTF-8"),
    "NUL bytes in a row": (lines("R-2,Ava\x00,Nakamura,1990-02-03,,,").encode(), 2, "control"),
    "a row with a value too many": (
        lines(GOOD, "R-2,Liam,Okafor,1985-11-30,male,,,x").encode(),
        3,
        "8 values",
    ),
    "a row with values missing": (lines(GOOD, "R-2,Liam").encode(), 3, "2 values"),
    "a field beyond the CSV reader's limit": (
        lines(f'R-2,"{"A" * 200_000}",Okafor,1985-11-30,,,').encode(),
        2,
        "cannot be read as CSV",
    ),
    "a name longer than the column": (
        lines(f"R-2,{'A' * 101},Okafor,1985-11-30,,,").encode(),
        2,
        "longer than 100",
    ),
    "a formula in a name": (
        lines('R-2,"=HYPERLINK(""http://x.test"",""x"")",Okafor,1985-11-30,,,').encode(),
        2,
        "formula",
    ),
    "a formula behind @": (lines("R-2,@SUM(A1),Okafor,1985-11-30,,,").encode(), 2, "formula"),
    "a formula in the phone column": (
        lines("R-2,Liam,Okafor,1985-11-30,,,+cmd|' /C calc'!A0").encode(),
        2,
        "formula",
    ),
    "an empty file": (b"", 1, "empty"),
    "a header only": (lines().encode(), 2, "no patients"),
    "a column named twice": (
        ("given_name," + HEADER + "\nAva," + GOOD + "\n").encode(),
        1,
        "named twice",
    ),
    "an unclosed quote": (
        lines(GOOD, 'R-2,"Liam,Okafor,1985-11-30,,,').encode(),
        3,
        "unclosed quote",
    ),
}


@pytest.mark.parametrize("data,line,words", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_file_is_one_clear_problem_on_its_line_and_imports_nothing(
    clinic, data, line, words
):
    result = import_patients(data, clinic)
    assert [p.line for p in result.problems] == [line]
    assert words in result.problems[0].reason
    assert not Patient.objects.exists()


def test_text_holding_a_lone_surrogate_is_a_problem_naming_its_line_and_column(clinic):
    result = import_patients(lines(GOOD, "R-2,Liam,Oka\ud800for,1985-11-30,,,"), clinic)
    assert [(p.line, p.reason) for p in result.problems] == [
        (3, "family_name holds text that is not UTF-8 (Oka\\ud800for).")
    ]
    assert not Patient.objects.exists()


def test_a_header_holding_a_lone_surrogate_is_a_problem_that_can_be_shown(clinic):
    result = import_patients(lines(GOOD).replace("phone", "pho\udcffne"), clinic)
    assert result.problems[0].reason.encode("utf-8")
    assert not Patient.objects.exists()


def test_a_utf8_file_with_a_bom_and_an_international_phone_imports(clinic):
    result = import_patients(codecs.BOM_UTF8 + lines(GOOD).encode(), clinic)
    assert result.ok
    assert Patient.objects.get().phone == "+1 312 555 0100"


@pytest.mark.parametrize("name", ["binary garbage", "UTF-16 with its BOM", "a formula in a name"])
def test_the_admin_upload_shows_the_problem_with_its_line(admin_client_, name):
    data, _line, words = MALFORMED[name]
    file = SimpleUploadedFile("patients.csv", data, content_type="text/csv")
    response = admin_client_.post("/clinic/import/patients/", {"file": file})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Patient.objects.exists()


def test_the_command_prints_the_problem_and_exits_2(clinic, tmp_path, capsys):
    path = tmp_path / "patients.csv"
    path.write_bytes(MALFORMED["binary garbage"][0])
    with pytest.raises(CommandError) as raised:
        call_command("import", "patients", str(path), clinic=clinic.slug)
    assert raised.value.returncode == 2
    assert "line 2: The file is not UTF-8" in capsys.readouterr().err
    assert not Patient.objects.exists()
