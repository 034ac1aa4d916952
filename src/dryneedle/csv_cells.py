"""Cells for CSV files people open in a spreadsheet: text never runs as a formula.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one)
as a formula: CSV injection. Every CSV export writes its cells through `safe_cell`, which
puts one apostrophe before such text, as OWASP advises; the spreadsheet shows the text as
typed. Numbers are written as they are: a number (-5 as an int) is never a formula.

The escape is exactly invertible (`unescape_cell`), so the patients CSV re-imports what was
exported: text that already starts with apostrophes followed by a formula start gets one
more, and the importer takes exactly one off. Any other text, including a name that
starts with an apostrophe, is written and read unchanged.
"""

from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def looks_like_formula(text: str) -> bool:
    """True if a spreadsheet would run `text`, once any leading apostrophes are removed."""
    return text.lstrip(ESCAPE).startswith(FORMULA_STARTS)


def safe_cell(value: object) -> str:
    """The value as text for a CSV cell, with an apostrophe before formula-like text."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # bool is an int: True, False
        return str(value)
    text = str(value)
    return ESCAPE + text if looks_like_formula(text) else text


def safe_row(values: list[object]) -> list[str]:
    return [safe_cell(value) for value in values]


def unescape_cell(text: str) -> str:
    """What `safe_cell` was given: one apostrophe off escaped formula-like text."""
    if text.startswith(ESCAPE) and looks_like_formula(text[1:]):
        return text[1:]
    return text
