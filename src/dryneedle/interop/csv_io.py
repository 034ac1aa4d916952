"""CSV import of patients (the export is in csv_export).

An import commits every row or none. Every row is checked first; any problem (with the
physical line it is on, the header being line 1) means nothing is written. Only when the
whole file is clean are the patients created, in one transaction.
"""

import csv
import datetime
import io
import re
import unicodedata
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, User
from dryneedle.clinics.tenancy import scope
from dryneedle.csv_cells import unescape_cell
from dryneedle.patients.models import Patient
from dryneedle.storable_text import is_unencodable, shown

# The documented column set, in the order export writes it. Import accepts any order.
PATIENT_COLUMNS = (
    "record_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "email",
    "phone",
)
PATIENT_COLUMN_HELP = {
    "record_number": "Your clinic's own chart number; may be blank; unique in the clinic.",
    "given_name": "First name. Required.",
    "family_name": "Last name. Required.",
    "date_of_birth": "YYYY-MM-DD, e.g. 1980-05-17. Required; not in the future.",
    "sex": "female, male, other or unknown; blank means unknown.",
    "email": "May be blank.",
    "phone": "May be blank.",
}
# Written by export_csv and accepted (and ignored) by import, so an export re-imports as is.
IGNORED_COLUMNS = ("patient_id",)

MAX_BYTES = settings.MAX_UPLOAD_BYTES  # DRYNEEDLE_MAX_UPLOAD_MB
MAX_ROWS = 200_000
M = TypeVar("M", bound=models.Model)


class _Readable(Protocol):
    """A file opened in binary or text mode, or an upload."""

    def read(self, size: int, /) -> str | bytes | None: ...


CsvSource = str | bytes | bytearray | _Readable
MAX_AGE_YEARS = 130
SEXES = tuple(Patient.Sex.values)
REQUIRED = ("given_name", "family_name", "date_of_birth")


def _max_length(name: str) -> int:
    field = Patient._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


MAX_LENGTHS = {
    name: _max_length(name)
    for name in ("record_number", "given_name", "family_name", "email", "phone")
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection) when
# the clinic's export is opened; an international phone number (+44 20 7946 0958 x12) is
# fine, but not one carrying anything a formula needs (a second +, letters, | or !).
# The export's own escaped form ('=1+1, see dryneedle.csv_cells) is read back as =1+1.
FORMULA_STARTS = ("=", "+", "-", "@")
PHONE_NUMBER = re.compile(r'\+[\d ().,/#x"-]+')
EXPORT_BATCH = 2000


@dataclass
class RowProblem:
    line: int  # physical line in the file; the header is line 1
    reason: str


@dataclass
class ImportResult:
    created: int  # patients created, or that would be created on a dry run
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _max_megabytes() -> str:
    return f"{MAX_BYTES / (1024 * 1024):g} MB"


# ---------------------------------------------------------------- reading the file


def _read_text(source: CsvSource) -> tuple[str | None, RowProblem | None]:
    """The file's text (UTF-8, optional BOM), or the reason it cannot be read."""
    if isinstance(source, str):
        data: str | bytes = source
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        read = source.read(MAX_BYTES + 1)
        data = b"" if read is None else read
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        return None, RowProblem(
            1, f"The file is larger than {_max_megabytes()}: split it into smaller files."
        )
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, RowProblem(
            line,
            f"The file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read). "
            "Save it as “CSV UTF-8” and try again.",
        )


class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, values) for each CSV record, skipping blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _CsvError(max(start, reader.line_num), str(error)) from None
        if any(v.strip() for v in values):
            yield start, values


def _csv_reason(error: _CsvError) -> str:
    return f"The file cannot be read as CSV from here ({error}): check for an unclosed quote."


def _nfc_fold(text: str) -> str:
    """Comparison key for names: the same letters, whatever the case or composition."""
    return unicodedata.normalize("NFC", text).casefold()


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


def _check_header(line: int, values: list[str]) -> tuple[dict[str, int] | None, RowProblem | None]:
    values = [shown(v) for v in values]  # a lone surrogate in a name is echoed, shown safely
    names = [v.strip().lstrip("\ufeff").lower() for v in values]
    known = set(PATIENT_COLUMNS) | set(IGNORED_COLUMNS)
    missing = [c for c in PATIENT_COLUMNS if c not in names]
    unknown = [v.strip() or "(blank)" for v, n in zip(values, names, strict=True) if n not in known]
    twice = sorted({n for n in names if n in known and names.count(n) > 1})
    parts = []
    if missing:
        parts.append("missing columns: " + ", ".join(missing))
    if unknown:
        parts.append("unknown columns: " + ", ".join(unknown))
    if twice:
        parts.append("columns named twice: " + ", ".join(twice))
    if parts:
        expected = ", ".join(PATIENT_COLUMNS)
        reason = "; ".join(parts) + f". The columns are: {expected}."
        return None, RowProblem(line, reason[:1].upper() + reason[1:])
    return {n: i for i, n in enumerate(names) if n in PATIENT_COLUMNS}, None


# ---------------------------------------------------------------- checking one row


@dataclass
class _Row:
    line: int
    values: dict[str, Any]  # text, except date_of_birth: a date or None


def _check_date_of_birth(text: str, today: datetime.date) -> tuple[datetime.date | None, str]:
    if not ISO_DATE.fullmatch(text):
        return None, f"date_of_birth “{text}” is not a date in the form YYYY-MM-DD."
    try:
        born = datetime.date.fromisoformat(text)
    except ValueError:
        return None, f"date_of_birth “{text}” is not a real date."
    if born > today:
        return None, f"date_of_birth {text} is in the future."
    if born.year < today.year - MAX_AGE_YEARS:
        return None, (
            f"date_of_birth {text}: check the year of birth, "
            f"that is over {MAX_AGE_YEARS} years ago."
        )
    return born, ""


def _looks_like_formula(name: str, value: str) -> bool:
    if not value.startswith(FORMULA_STARTS):
        return False
    return not (name == "phone" and PHONE_NUMBER.fullmatch(value))


def _check_row(line: int, cells: dict[str, str], today: datetime.date) -> tuple[_Row, list[str]]:
    reasons: list[str] = []
    for name, raw in cells.items():
        # The export's escaped form ('=1+1) is text: it is read back without its apostrophe.
        value = cells[name] = unescape_cell(raw)
        if is_unencodable(value):
            reasons.append(f"{name} holds text that is not UTF-8 ({shown(value)}).")
            cells[name] = ""
        elif _has_control_characters(value):
            reasons.append(f"{name} contains a line break, tab or other control character.")
            cells[name] = ""
        elif _looks_like_formula(name, raw):
            reasons.append(
                f"{name} starts with “{value[0]}”, which spreadsheets run as a formula; "
                "remove that character."
            )
        elif name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            reasons.append(f"{name} is longer than {MAX_LENGTHS[name]} characters.")
        elif name in REQUIRED and not value:
            reasons.append(f"{name} is required.")
    born = None
    if cells["date_of_birth"]:
        born, reason = _check_date_of_birth(cells["date_of_birth"], today)
        if reason:
            reasons.append(reason)
    sex = cells["sex"].lower() or Patient.Sex.UNKNOWN
    if sex not in SEXES:
        reasons.append(f"sex “{cells['sex']}” is not one of {', '.join(SEXES)} (or blank).")
    if cells["email"]:
        try:
            validate_email(cells["email"])
        except ValidationError:
            reasons.append(f"email “{cells['email']}” is not a valid email address.")
    values = {**cells, "date_of_birth": born, "sex": sex}
    return _Row(line, values), reasons


# ---------------------------------------------------------------- import


def import_patients(
    source: CsvSource,
    clinic: Clinic,
    *,
    dry_run: bool = False,
    created_by: audit.Actor | User | None = None,
    via: str = "",
) -> ImportResult:
    """Check every row of a patients CSV; create all of them in one transaction, or none.

    `source` is text, bytes, or a file (binary or text). Problems are reported with the
    physical line they start on (the header is line 1); with any problem nothing is created.
    The import's audit row (by `created_by`, asked for `via` e.g. the command line) is
    written in the same transaction as the patients.
    """
    text, problem = _read_text(source)
    if problem is not None:
        return ImportResult(created=0, problems=[problem], dry_run=dry_run)
    assert text is not None
    try:
        rows, problems = _check_file(text, clinic)
    except _CsvError as error:  # in the header
        rows, problems = [], [RowProblem(error.line, _csv_reason(error))]
    if problems:
        return ImportResult(created=0, problems=problems, dry_run=dry_run)
    if dry_run:
        return ImportResult(created=len(rows), problems=[], dry_run=True)
    return _create(rows, clinic, created_by, via)


def _check_file(text: str, clinic: Clinic) -> tuple[list[_Row], list[RowProblem]]:
    """The rows ready to create and every problem found; raises _CsvError in the header."""
    records = _records(text)
    first = next(records, None)
    if first is None:
        expected = ", ".join(PATIENT_COLUMNS)
        reason = f"The file is empty: its first line must name the columns {expected}."
        return [], [RowProblem(1, reason)]
    header_line, header = first
    columns, problem = _check_header(header_line, header)
    if problem is not None:
        return [], [problem]
    assert columns is not None
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(clinic.timezone))
    existing_numbers, existing_people = _existing(clinic)
    numbers_in_file: dict[str, int] = {}
    people_in_file: dict[tuple, int] = {}
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    try:
        for count, (line, values) in enumerate(records, start=1):
            if count > MAX_ROWS:
                reason = f"The file has more than {MAX_ROWS:,} rows: split it into smaller files."
                return [], [RowProblem(line, reason)]
            if len(values) != len(header):
                problems.append(
                    RowProblem(
                        line,
                        f"This row has {len(values)} values but the header has {len(header)} "
                        "columns (check for a stray comma or quote).",
                    )
                )
                continue
            cells = {name: values[index].strip() for name, index in columns.items()}
            row, reasons = _check_row(line, cells, today)
            reasons += _check_uniqueness(
                row, existing_numbers, existing_people, numbers_in_file, people_in_file
            )
            problems += [RowProblem(line, reason) for reason in reasons]
            if not reasons:
                rows.append(row)
    except _CsvError as error:
        problems.append(RowProblem(error.line, _csv_reason(error)))
    if not rows and not problems:
        problems.append(RowProblem(header_line + 1, "The file names the columns but no patients."))
    return rows, problems


def _existing(clinic: Clinic) -> tuple[set[str], dict[tuple, str]]:
    numbers: set[str] = set()
    people: dict[tuple, str] = {}
    query = scope(Patient, clinic).values_list(
        "record_number", "given_name", "family_name", "date_of_birth"
    )
    for number, given, family, born in query.iterator(chunk_size=EXPORT_BATCH):
        if number:
            numbers.add(number)
        people.setdefault((_nfc_fold(given.strip()), _nfc_fold(family.strip()), born), number)
    return numbers, people


def _check_uniqueness(
    row: _Row,
    existing_numbers: set[str],
    existing_people: dict[tuple, str],
    numbers_in_file: dict[str, int],
    people_in_file: dict[tuple, int],
) -> list[str]:
    reasons = []
    values = row.values
    number = values["record_number"]
    if number:
        if number in existing_numbers:
            reasons.append(f"record_number “{number}” already belongs to a patient in this clinic.")
        elif number in numbers_in_file:
            reasons.append(
                f"record_number “{number}” is also used on line {numbers_in_file[number]}."
            )
        else:
            numbers_in_file[number] = row.line
    if values["given_name"] and values["family_name"] and values["date_of_birth"]:
        who = f"{values['given_name']} {values['family_name']}, born {values['date_of_birth']}"
        key = (
            _nfc_fold(values["given_name"]),
            _nfc_fold(values["family_name"]),
            values["date_of_birth"],
        )
        if key in existing_people:
            known = existing_people[key]
            record = f" (record {known})" if known else ""
            reasons.append(f"{who} is already registered in this clinic{record}.")
        elif key in people_in_file:
            reasons.append(f"{who} is the same person as on line {people_in_file[key]}.")
        else:
            people_in_file[key] = row.line
    return reasons


PATIENT_COPY_COLUMNS = (
    "id", "clinic_id", "created_by_id", "created_at", "updated_at", *PATIENT_COLUMNS,
)  # fmt: skip
HISTORY_EXTRA_COLUMNS = (
    "history_date", "history_change_reason", "history_type", "history_user_id",
)  # fmt: skip


def _copy_patients(rows: list[_Row], clinic: Clinic, created_by: User | None) -> None:
    """PostgreSQL: COPY the patients and their history rows (what bulk_create_with_history
    writes), skipping Django's per-object overhead, most of the import's time at 100,000 rows.
    Ids come from the table's sequence, so concurrent writers never clash."""
    now = timezone.now()
    user_id = created_by.pk if created_by is not None else None
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('patients_patient', 'id')) "
            "FROM generate_series(1, %s)",
            [len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        values = [
            (pk, clinic.pk, user_id, now, now, *(r.values[c] for c in PATIENT_COLUMNS))
            for pk, r in zip(ids, rows, strict=True)
        ]
        raw = cursor.cursor
        with raw.copy(
            f"COPY patients_patient ({', '.join(PATIENT_COPY_COLUMNS)}) FROM STDIN"
        ) as copy:
            for value in values:
                copy.write_row(value)
        history = Patient.history.model._meta.db_table
        columns = ", ".join(PATIENT_COPY_COLUMNS + HISTORY_EXTRA_COLUMNS)
        with raw.copy(f"COPY {history} ({columns}) FROM STDIN") as copy:
            for value in values:
                copy.write_row((*value, now, "CSV import", "+", user_id))


def _create(
    rows: list[_Row], clinic: Clinic, by: audit.Actor | User | None, via: str = ""
) -> ImportResult:
    actor = audit.as_actor(by)
    created_by = actor.user
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy_patients(rows, clinic, created_by)
            else:
                patients = [
                    Patient(
                        clinic=clinic,
                        created_by=created_by,
                        **{c: r.values[c] for c in PATIENT_COLUMNS},
                    )
                    for r in rows
                ]
                bulk_create_with_history(
                    patients,
                    Patient,
                    batch_size=1000,
                    default_user=created_by,
                    default_change_reason="CSV import",
                )
            how = f" ({via})" if via else ""
            detail = f"CSV import: {len(rows)} patients{how}"
            audit.write(actor, audit.Action.IMPORT, clinic=clinic, detail=detail)
    except IntegrityError:
        return ImportResult(
            created=0,
            problems=[
                RowProblem(
                    1,
                    "Another change to this clinic's patients clashed with the import "
                    "(a record number was taken meanwhile). Nothing was imported: check the "
                    "file again.",
                )
            ],
            dry_run=False,
        )
    return ImportResult(created=len(rows), problems=[], dry_run=False)
