"""CSV cells for spreadsheets: formula-like text gets one apostrophe, which the importer takes
off again; numbers and other text are written as they are."""

from decimal import Decimal

import pytest

from dryneedle.csv_cells import safe_cell, unescape_cell


def test_numbers_are_written_as_numbers_even_when_negative():
    assert [safe_cell(v) for v in (-5, -1.5, Decimal("-0.25"), 0)] == ["-5", "-1.5", "-0.25", "0"]


@pytest.mark.parametrize(
    "text", ["=1+1", "+44 20 7946 0958", "-5", "@SUM(A1)", "'=1+1", "''-5", "\t=1", "\r=1"]
)
def test_formula_like_text_is_escaped_and_unescaped_exactly(text):
    assert safe_cell(text) == "'" + text
    assert unescape_cell(safe_cell(text)) == text


@pytest.mark.parametrize("text", ["O'Brien", "'Ava", "'", "", "1990-02-03", "Zoë"])
def test_other_text_is_written_and_read_unchanged(text):
    assert safe_cell(text) == text
    assert unescape_cell(text) == text
