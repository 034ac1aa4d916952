"""Properties of the patients CSV import on any bytes: a result, never an exception, and
nothing created unless the file was clean."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dryneedle.interop.csv_io import PATIENT_COLUMNS, export_csv, import_patients
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
