"""ICD-10-CM code shape checks and normalisation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dryneedle.atlas import icd10


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("M54.50", "M54.50"),
        ("m5450", "M54.50"),
        (" g44.209 ", "G44.209"),
        ("M54.2", "M54.2"),
        ("M79.7", "M79.7"),
        ("S93.401A", "S93.401A"),
        ("M72.2", "M72.2"),
    ],
)
def test_valid_codes_are_stored_upper_case_with_a_dot(raw, stored):
    assert icd10.normalise(raw) == stored


@pytest.mark.parametrize("raw", ["54.50", "M5", "M54.", "M54.12345", "MM4.1", "M54-50", "é54"])
def test_malformed_codes_are_refused(raw):
    with pytest.raises(icd10.InvalidCode, match="not an ICD-10-CM code"):
        icd10.normalise(raw)


@pytest.mark.parametrize("code,suggestion", [("M54.5", "M54.50"), ("M77.1", "M77.11")])
def test_deleted_and_category_codes_are_refused_with_alternatives(code, suggestion):
    with pytest.raises(icd10.InvalidCode, match=suggestion):
        icd10.normalise(code)


def test_every_common_diagnosis_passes_the_check():
    for diagnosis in icd10.common_diagnoses():
        assert icd10.normalise(diagnosis.code) == diagnosis.code


@given(st.text(max_size=12))
def test_normalise_either_refuses_or_returns_a_fixed_point(text):
    try:
        stored = icd10.normalise(text)
    except icd10.InvalidCode:
        return
    assert icd10.normalise(stored) == stored
