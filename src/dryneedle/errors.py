"""Error pages in the app's layout: plain words, never a stack trace."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's answer to a request it would not read; say which limit it broke."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        message = _("What was sent is over the limit of %(limit).1f MB. Nothing was saved.") % {
            "limit": limit
        }
        title, status = _("Too large"), 413
    elif isinstance(exception, TooManyFieldsSent):
        message = _("What was sent has too many fields. Nothing was saved.")
        title, status = _("Too many fields"), 400
    else:
        message = _("What was sent could not be read. Nothing was saved.")
        title, status = _("Cannot read the request"), 400
    context = {"title": title, "message": message}
    return render(request, "errors/refused.html", context, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Minimal context: the failure may have come from a context processor or the database.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
