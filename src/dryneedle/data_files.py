"""Reading and checking the YAML data files (atlas, screening rules, red flags, instruments).

Pure Python (no Django). Every loader reads its file through one `DataFile` and refuses what
does not validate with an error whose message names the file, the entry and the field:
`"<file>: <entry>: field '<field>': <problem>"`. Each loader passes its own error type (a
subclass of `DataFileError`), so callers keep catching the error they know.
"""

import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import yaml

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")

_KIND_NAMES = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text",
    dict: "a mapping",
    list: "a list",
}


class DataFileError(ValueError):
    """Bad data in a data file; the message says where (file, entry, field) and what is wrong."""


def _is(value: object, kind: type) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, kind)


def normalise(text: str) -> str:
    """Text with every run of whitespace (YAML folding, indentation) made one space."""
    return " ".join(text.split())


class DataFile:
    """One data file being loaded: its contents and the checks, each naming where it failed."""

    def __init__(self, path: Path, error: type[DataFileError] = DataFileError) -> None:
        self.path = path
        self.file = path.name
        self.error_type = error

    # --- errors and reading ----------------------------------------------------------------

    def error(self, entry: str, field_name: str, problem: str) -> DataFileError:
        """The error for one field of one entry ("top level" for the file's own fields)."""
        return self.error_type(f"{self.file}: {entry}: field '{field_name}': {problem}")

    def file_error(self, problem: str) -> DataFileError:
        """The error for the file as a whole (not YAML, nothing in it)."""
        return self.error_type(f"{self.file}: {problem}")

    def read(self) -> dict:
        """The file's top-level mapping."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as error:
            raise self.file_error(f"cannot be read: {error}") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise self.file_error(f"not valid YAML: {error}") from None
        if not isinstance(data, dict):
            raise self.file_error("expected a mapping at the top level")
        return data

    # --- entries --------------------------------------------------------------------------

    def entries(
        self,
        data: Mapping,
        name: str,
        *,
        required: bool = False,
        fields: Collection[str] | None = None,
    ) -> Iterator[tuple[str, dict]]:
        """(entry, row) for each row of the list `data[name]`, the entry reading
        "name[index] (id)". Rows must be mappings; with `fields`, no other key is allowed."""
        rows = data.get(name)
        if rows is None and not required:
            return
        if not isinstance(rows, list) or (required and not rows):
            raise self.error(name, name, "expected a non-empty list")
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise self.error(f"{name}[{index}]", "id", "entry is not a mapping")
            entry = f"{name}[{index}] ({row.get('id')})"
            if fields is not None:
                self.no_unknown_fields(entry, row, fields)
            yield entry, row

    def no_unknown_fields(self, entry: str, row: Mapping, fields: Collection[str]) -> None:
        """Refuse a key that is not one of `fields` (a misspelt field would be ignored)."""
        unknown = sorted(str(key) for key in row if key not in fields)
        if unknown:
            raise self.error(entry, unknown[0], f"unknown field (expected {sorted(fields)})")

    # --- fields ---------------------------------------------------------------------------

    # The value is checked against `kind` here; callers read it as that kind.
    def value(
        self, entry: str, row: object, name: str, kind: type = str, *, required: bool = True
    ) -> Any:  # noqa: ANN401
        """`row[name]`, checked to be of `kind` (bool, int, float, str, dict or list); None
        when absent and not required. Text comes back with its whitespace normalised."""
        if not isinstance(row, dict):
            raise self.error(entry, name, "entry is not a mapping")
        value = row.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error(entry, name, "missing")
            return None
        if not _is(value, kind):
            raise self.error(entry, name, f"expected {_KIND_NAMES[kind]}, got {value!r}")
        return normalise(value) if kind is str else value

    def text(self, entry: str, row: object, name: str, *, required: bool = True) -> str:
        """`row[name]` as text with whitespace normalised; "" when absent and not required."""
        return self.value(entry, row, name, str, required=required) or ""

    def choice(self, entry: str, value: object, name: str, allowed: Collection[str]) -> str:
        """`value` (the field `name`), which must be one of `allowed`."""
        if value not in allowed:
            raise self.error(entry, name, f"{value!r} is not one of {', '.join(allowed)}")
        return cast(str, value)  # one of `allowed`

    def identifier(self, entry: str, row: object, seen: Collection[str], what: str = "") -> str:
        """The entry's `id`: lower-case snake_case and not in `seen`."""
        value = self.value(entry, row, "id")
        if not SNAKE_CASE.match(value):
            raise self.error(entry, "id", "use lower-case snake_case")
        self.unique(entry, value, seen, what)
        return value

    def unique(self, entry: str, value: str, seen: Collection[str], what: str = "") -> None:
        """Refuse an id already used (`what` names the kind, e.g. "muscle ")."""
        if value in seen:
            raise self.error(entry, "id", f"duplicate {what}id {value!r}")

    def known(self, entry: str, name: str, values: object, known: Collection, problem: str) -> list:
        """`values` (a list, the field `name`), each of which must be in `known`; the message
        reads "<problem> [the unknown ones]", e.g. "unknown region id(s) ['tempel']"."""
        if values is None:
            values = []
        if not isinstance(values, list):
            raise self.error(entry, name, "expected a list")
        unknown = [value for value in values if value not in known]
        if unknown:
            raise self.error(entry, name, f"{problem} {unknown}")
        return values

    # --- sources --------------------------------------------------------------------------

    def citations(
        self, data: Mapping, name: str = "sources", *, required: bool = True
    ) -> dict[str, str]:
        """The file's map of source id -> citation text (whitespace normalised)."""
        sources = data.get(name)
        if sources is None and not required:
            return {}
        if not isinstance(sources, dict) or (required and not sources):
            raise self.error(name, name, "expected a mapping of id to citation")
        cited = {}
        for key, text in sources.items():
            if not isinstance(text, str) or not text.strip():
                raise self.error(f"{name} ({key})", name, "citation text missing")
            cited[str(key)] = normalise(text)
        return cited

    def cited(
        self, entry: str, row: Mapping, known: Collection[str], *, required: bool = True
    ) -> list:
        """The source ids an entry names in its `sources`, each defined in `known`; with
        `required`, at least one."""
        ids = row.get("sources") or []
        if not isinstance(ids, list):
            raise self.error(entry, "sources", "expected a list of source ids")
        if required and not ids:
            raise self.error(entry, "sources", "missing: every entry names at least one source")
        return self.known(entry, "sources", ids, known, "undefined source id(s)")
