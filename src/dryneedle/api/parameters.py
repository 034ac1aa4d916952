"""Refuse query parameters an operation does not declare: 422, naming the ones it knows.

HTTP APIs customarily ignore them, but a client that misspells a filter (`?search=` for
`?q=`) then gets everything back without a word: for the patient list, the whole clinic.
Applied once to every operation (NinjaAPI.add_decorator), so a new operation cannot forget;
the declared names are read from the operation's own parameter models, the ones the OpenAPI
document is built from, pagination's `page` and `page_size` included.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from ninja.operation import Operation

UNKNOWN_TYPE = "unknown_parameter"


def declared_query_names(operation: Operation) -> list[str]:
    """The query parameter names `operation` reads, as its OpenAPI document lists them."""
    names: list[str] = []
    for model in operation.models:
        if model.__ninja_param_source__ != "query":
            continue
        flattened = getattr(model, "__ninja_flatten_map__", None)
        if flattened:
            names.extend(flattened)
        else:
            names.extend(field.alias or name for name, field in model.model_fields.items())
    return names


def unknown_message(name: str, known: list[str]) -> str:
    listed = ", ".join(known) if known else "none"
    return f"unknown query parameter '{name}'; known: {listed}."


def unknown_errors(unknown: list[str], known: list[str]) -> list[dict[str, Any]]:
    return [
        {"type": UNKNOWN_TYPE, "loc": ["query", name], "msg": unknown_message(name, known)}
        for name in unknown
    ]


def refuse_unknown_query_parameters(run: Callable[..., HttpResponseBase]) -> Callable:
    """Wrap an operation's `run` (ninja's "view" decorator mode) with the check.

    Sign-in comes first as for any call: a caller without a session gets 401, not the list
    of parameters.
    """
    operation: Operation = run.__self__  # type: ignore[attr-defined]
    known = declared_query_names(operation)

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        unknown = [name for name in request.GET if name not in known]
        if not unknown:
            return run(request, *args, **kwargs)
        refused = operation._run_checks(request)
        if refused is not None:
            return refused
        detail = unknown_errors(unknown, known)
        return operation.api.create_response(request, {"detail": detail}, status=422)

    return checked
