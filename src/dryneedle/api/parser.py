"""Request parsing that refuses text the database cannot store before it reaches it.

PostgreSQL text columns cannot hold U+0000 (psycopg raises, which would be a server error),
and no driver can encode a lone surrogate (JSON's "\\ud800"); Django's form fields refuse
NUL, but the API's pydantic strings accept both. Refusing them here covers every query
parameter and JSON body of every operation, now and later. The body is read as UTF-8 with
bytes that are not UTF-8 kept as lone surrogates, so those are refused naming their field
too. What counts as storable is defined once, in dryneedle.storable_text.
"""

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from dryneedle.storable_text import NUL, is_unencodable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NUL_MESSAGE = gettext_lazy(
    "Text may not contain NUL characters (\\u0000); remove them and send it again."
)
UNENCODABLE_MESSAGE = gettext_lazy(
    "Text must be UTF-8: this holds a lone surrogate (\\ud800–\\udfff) or bytes that are "
    "not UTF-8; correct it and send it again."
)


class NulCharacters(Exception):
    """A request value holds text that cannot be stored; `errors` locate each, ninja-style."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["msg"])
        self.errors = errors


def _problem(text: str) -> str | None:
    if NUL in text:
        return str(NUL_MESSAGE)
    if is_unencodable(text):
        return str(UNENCODABLE_MESSAGE)
    return None


def unstorable_locations(value: object, where: tuple) -> list[tuple[tuple, str]]:
    """(location, message) of every string (or key) in `value` that cannot be stored."""
    if isinstance(value, str):
        message = _problem(value)
        return [(where, message)] if message else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if isinstance(key, str) and (message := _problem(key)):
                found.append(((*where, key), message))
            found.extend(unstorable_locations(item, (*where, key)))
        return found
    if isinstance(value, list):
        return [
            loc for i, item in enumerate(value) for loc in unstorable_locations(item, (*where, i))
        ]
    return []


def unstorable_errors(locations: list[tuple], message: "StrOrPromise") -> list[dict[str, Any]]:
    """ninja-style validation errors for `locations` that all have the same `message`."""
    kind = "nul_character" if message == NUL_MESSAGE else "unencodable_text"
    return [{"type": kind, "loc": list(loc), "msg": str(message)} for loc in locations]


def _errors(found: list[tuple[tuple, str]]) -> list[dict[str, Any]]:
    return [error for loc, message in found for error in unstorable_errors([loc], message)]


class NulRefusingParser(Parser):
    """ninja's JSON parser, refusing NUL characters and text that is not UTF-8 (422)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # JSON over HTTP is UTF-8 (RFC 8259); a byte order mark is tolerated as before.
        text = request.body.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
        data = json.loads(text)
        if found := unstorable_locations(data, ("body",)):
            raise NulCharacters(_errors(found))
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        if found := unstorable_locations(parsed, ("query",)):
            raise ValidationError(_errors(found))
        return parsed


def unwrap_nul_characters(error: HttpError) -> ValidationError | None:
    """ninja wraps any body-parser exception in a bare 400; recover ours as a 422."""
    cause = error.__cause__
    return ValidationError(cause.errors) if isinstance(cause, NulCharacters) else None
