"""The app's URLs plus what only the benchmarks use (never deployed): the baseline view the
pages are compared with, and a sign-in for simulated staff."""

import os
import secrets

from django.contrib.auth import login
from django.http import HttpResponse, HttpResponseForbidden
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dryneedle.clinics.access import requires
from dryneedle.clinics.models import User
from dryneedle.clinics.roles import Capability
from dryneedle.urls import handler403, handler404, handler500
from dryneedle.urls import urlpatterns as app_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@requires(Capability.PATIENTS_VIEW)
def minimal(request):
    """Same middleware, session and access check as a staff page; no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def bench_login(request, user_pk: int):
    """A real session sign-in without the password check: Argon2 costs half a second of CPU
    on purpose, and 200 sign-ins would eat the load test. Answers the CSRF token."""
    secret = os.environ.get("DRYNEEDLE_BENCH_LOGIN_SECRET", "")
    if not secret or not secrets.compare_digest(request.headers.get("X-Bench-Secret", ""), secret):
        return HttpResponseForbidden("no")
    login(
        request, User.objects.get(pk=user_pk), backend="django.contrib.auth.backends.ModelBackend"
    )
    return HttpResponse(get_token(request), content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/login/<int:user_pk>/", bench_login, name="bench_login"),
    *app_urlpatterns,
]
