"""The app's URLs plus the baseline the benchmarks compare pages with (never deployed)."""

from django.http import HttpResponse
from django.urls import path

from dryneedle.clinics.access import requires
from dryneedle.clinics.roles import Capability
from dryneedle.urls import handler403, handler404, handler500, urlpatterns as app_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@requires(Capability.PATIENTS_VIEW)
def minimal(request):
    """Same middleware, session and access check as a staff page; no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"), *app_urlpatterns]
