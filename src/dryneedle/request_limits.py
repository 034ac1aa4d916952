"""Refuse requests the app must not read: oversized bodies and NUL characters in addresses.

A body over the limit is refused from its Content-Length before a byte of it is read, so a
huge upload neither fills memory or disk nor times out; the user gets a page (or, under
/api/, JSON) saying what the limit is. NUL characters cannot be stored by PostgreSQL; forms
refuse them field by field, the API's parser in bodies and parameters, and this the query
strings of pages, which views read directly (searches, filters).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

# Multipart framing (boundaries, part headers, the other fields) on top of the file itself.
MULTIPART_ALLOWANCE = 64 * 1024


def body_limit(request) -> int:
    if request.content_type == "multipart/form-data":
        return settings.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refuse(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(
        request, "errors/refused.html", {"title": title, "message": message}, status=status
    )


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size, limit = _content_length(request), body_limit(request)
        if size > limit:
            return _refuse(
                request,
                413,
                "Too large",
                f"What was sent is {_megabytes(size)}; the limit is {_megabytes(limit)}. "
                "Nothing was saved. Send a smaller file or less text.",
            )
        if not request.path.startswith("/api/") and any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return _refuse(
                request,
                400,
                "Cannot read this address",
                "The address holds a NUL character (%00), which no page accepts. "
                "Remove it and try again.",
            )
        return self.get_response(request)
