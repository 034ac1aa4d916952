"""Properties of the patients CSV import on any bytes: a result, never an exception, and
nothing created unless the file was clean."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dryneedle.interop.csv_io import PATIENT_COLUMNS, import_patients
from dryneedle.patients.models import Patient

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
