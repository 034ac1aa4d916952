"""Properties of the patients CSV import on any bytes: a result, never an exception, and
nothing created unless the file was clean."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dryneedle.interop.csv_export import export_csv
from dryneedle.interop.csv_io import PATIENT_COLUMNS, import_patients
from dryneedle.patients.models import Patient
from tests.factories import ClinicFactory, PatientFactory

HEADER = ",".join(PATIENT_COLUMNS) + "\n"
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", '"', '""', "=1+1", "+44 20 7946 0958", "1990-02-03", "female", "\r"]),
)
row = st.lists(cell, min_size=0, max_size=9).map(lambda cells: ",".join(cells))
csv_like = st.lists(row, max_size=6).map(lambda rows: (HEADER + "\n".join(rows)).encode())
files = st.one_of(st.binary(max_size=300), csv_like, csv_like.map(lambda b: b.decode("utf-8")))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files)
def test_any_file_gives_a_result_with_line_numbered_problems_or_clean_rows(clinic, data):
    before = Patient.objects.count()
    result = import_patients(data, clinic)
    if result.problems:
        assert result.created == 0
        assert Patient.objects.count() == before
        assert all(p.line >= 1 and p.reason for p in result.problems)
    else:
        assert Patient.objects.count() == before + result.created


GOOD_ROW = ["R-1", "Ava", "Nakamura", "1990-02-03", "female", "ava@example.org", "555 0100"]
unencodable = st.tuples(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), max_size=6).filter(
        lambda text: "," not in text and '"' not in text
    ),
    st.characters(categories=["Cs"]),
).map(lambda parts: parts[0] + parts[1])


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(PATIENT_COLUMNS), text=unencodable)
def test_a_lone_surrogate_in_any_column_is_a_problem_naming_its_line_and_column(
    clinic, column, text
):
    row = dict(zip(PATIENT_COLUMNS, GOOD_ROW, strict=True)) | {column: text}
    result = import_patients(HEADER + ",".join(row.values()) + "\n", clinic)
    assert [(p.line, p.reason.split(" ")[0]) for p in result.problems] == [(2, column)]
    assert "not UTF-8" in result.problems[0].reason
    assert not Patient.objects.exists()


# What a spreadsheet would run as a formula, what looks like it, and what carries the escape.
formula_like = st.sampled_from(
    ["=1+1", "+44 20 7946 0958", "-5", "@SUM(A1)", "'=1+1", "''-5", "'", "O'Brien", "'Ava"]
)
# Text as the patient form stores it: stripped, no control characters.
plain_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12
).map(str.strip)
name = st.one_of(formula_like, plain_text).filter(bool)
optional = st.one_of(st.just(""), formula_like, plain_text)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(record_number=optional, given_name=name, family_name=name, phone=optional)
def test_any_exported_patient_reimports_exactly(
    db, tmp_path_factory, record_number, given_name, family_name, phone
):
    source, target = ClinicFactory(), ClinicFactory()
    PatientFactory(
        clinic=source,
        record_number=record_number,
        given_name=given_name,
        family_name=family_name,
        phone=phone[:40],
    )
    out = tmp_path_factory.mktemp("export")
    export_csv(out, source)
    result = import_patients((out / "patients.csv").read_bytes(), target)
    assert result.problems == []
    fields = ("record_number", "given_name", "family_name", "phone")
    assert list(Patient.objects.filter(clinic=target).values_list(*fields)) == list(
        Patient.objects.filter(clinic=source).values_list(*fields)
    )
