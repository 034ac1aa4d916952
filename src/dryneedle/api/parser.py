"""Request parsing that refuses text with NUL characters before it reaches the database.

PostgreSQL text columns cannot hold U+0000 (psycopg raises, which would be a server error);
Django's form fields refuse it, but the API's pydantic strings accept it. Refusing it here
covers every query parameter and JSON body of every operation, now and later.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

NUL = "\x00"
NUL_MESSAGE = "Text may not contain NUL characters (\\u0000); remove them and send it again."


class NulCharacters(Exception):
    """A request value holds a NUL character; `errors` locate each one, ninja-style."""

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__(NUL_MESSAGE)
        self.errors = errors


def nul_locations(value: Any, where: tuple) -> list[tuple]:
    """The locations of every string (or key) in `value` that holds a NUL character."""
    if isinstance(value, str):
        return [where] if NUL in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                found.append((*where, key))
            found.extend(nul_locations(item, (*where, key)))
        return found
    if isinstance(value, list):
        return [loc for i, item in enumerate(value) for loc in nul_locations(item, (*where, i))]
    return []


def _errors(locations: list[tuple]) -> list[dict[str, Any]]:
    return [{"type": "nul_character", "loc": list(loc), "msg": NUL_MESSAGE} for loc in locations]


class NulRefusingParser(Parser):
    """ninja's JSON parser, refusing NUL characters in bodies and query parameters (422)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if locations := nul_locations(data, ("body",)):
            raise NulCharacters(_errors(locations))
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        if locations := nul_locations(parsed, ("query",)):
            raise ValidationError(_errors(locations))
        return parsed


def unwrap_nul_characters(error: HttpError) -> ValidationError | None:
    """ninja wraps any body-parser exception in a bare 400; recover ours as a 422."""
    cause = error.__cause__
    return ValidationError(cause.errors) if isinstance(cause, NulCharacters) else None
