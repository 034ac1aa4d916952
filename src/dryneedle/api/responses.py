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
    """`success` plus the errors named, plus 401 (no session) and 403 (role or CSRF).

    422 is the framework's answer to parameters or a body that do not fit the schema.
    """
    declared: dict[int, Any] = dict(success)
    for code in (401, 403, *errors):
        declared[code] = ValidationErrors if code == 422 else Message
    return declared
