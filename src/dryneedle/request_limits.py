"""Refuse requests the app must not read: oversized bodies, NUL characters in addresses,
and addresses or form bodies holding bytes that are not UTF-8.

A body over the limit is refused from its Content-Length before a byte of it is read, so a
huge upload neither fills memory or disk nor times out; the user gets a page (or, under
/api/, JSON) saying what the limit is. NUL characters cannot be stored by PostgreSQL; forms
refuse them field by field, the API's parser in bodies and parameters, and this the query
strings of pages, which views read directly (searches, filters). Django would silently turn
bytes that are not UTF-8 into U+FFFD; they are refused here instead, naming the field (one
definition of storable text: dryneedle.storable_text). A browser never sends them, so a page
saying so is enough; under /api/ the answer is the API's own 422 for query parameters.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

from dryneedle.api.parser import UNENCODABLE_MESSAGE, unstorable_errors
from dryneedle.storable_text import NUL, unencodable_names

# Multipart framing (boundaries, part headers, the other fields) on top of the file itself.
MULTIPART_ALLOWANCE = 64 * 1024


def body_limit(request: HttpRequest) -> int:
    if request.content_type == "multipart/form-data":
        return settings.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _raw_query(request: HttpRequest) -> bytes:
    # WSGI hands the query string over as bytes read as ISO-8859-1 (PEP 3333).
    return request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace")


def _unencodable_fields(request: HttpRequest) -> tuple[str, list[str]]:
    """Where bytes that are not UTF-8 were sent ("query" or "form") and the field names."""
    if names := unencodable_names(_raw_query(request)):
        return "query", names
    is_form = request.content_type == "application/x-www-form-urlencoded"
    if is_form and not request.path.startswith("/api/"):
        return "form", unencodable_names(request.body)
    return "form", []


def _refuse_unencodable(request: HttpRequest, where: str, names: list[str]) -> HttpResponse:
    if request.path.startswith("/api/"):
        errors = unstorable_errors([(where, name) for name in names], UNENCODABLE_MESSAGE)
        return JsonResponse({"detail": errors}, status=422)
    fields = ", ".join(f"“{name}”" for name in names)
    return _refuse(
        request,
        400,
        gettext("Cannot read what was sent"),
        gettext(
            "What was sent in %(fields)s is not UTF-8 text, so it cannot be read or stored. "
            "Nothing was saved. Send it again from the page, or as UTF-8."
        )
        % {"fields": fields},
    )


def _refuse(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(
        request, "errors/refused.html", {"title": title, "message": message}, status=status
    )


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        size, limit = _content_length(request), body_limit(request)
        if size > limit:
            return _refuse(
                request,
                413,
                gettext("Too large"),
                gettext(
                    "What was sent is %(size)s; the limit is %(limit)s. "
                    "Nothing was saved. Send a smaller file or less text."
                )
                % {"size": _megabytes(size), "limit": _megabytes(limit)},
            )
        where, names = _unencodable_fields(request)
        if names:
            return _refuse_unencodable(request, where, names)
        if not request.path.startswith("/api/") and any(
            NUL in key or NUL in value for key, values in request.GET.lists() for value in values
        ):
            return _refuse(
                request,
                400,
                gettext("Cannot read this address"),
                gettext(
                    "The address holds a NUL character (%00), which no page accepts. "
                    "Remove it and try again."
                ),
            )
        return self.get_response(request)
