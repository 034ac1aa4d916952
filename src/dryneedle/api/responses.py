"""Error answers every API operation declares, so the OpenAPI schema lists what clients get."""

from typing import Any

from ninja import Schema


class Message(Schema):
    """An error the client can show: what went wrong, in words."""

    detail: str


class ValidationErrors(Schema):
    """Request data that does not fit the operation's parameters or body (one entry each)."""

    detail: list[dict[str, Any]]


def answers(success: dict[int, Any], *errors: int) -> dict[int, Any]:
    """`success` plus the errors named, plus 401 (no session), 403 (role or CSRF) and 422.

    422 answers parameters or a body that do not fit the schema, text that cannot be stored,
    and any query parameter the operation does not declare (dryneedle.api.parameters), so
    every operation can answer it.
    """
    declared: dict[int, Any] = dict(success)
    for code in (401, 403, 422, *errors):
        declared[code] = ValidationErrors if code == 422 else Message
    return declared
