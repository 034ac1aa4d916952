"""Attach the acting clinic and membership to each request and show times in its zone."""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from dryneedle.clinics import audit
from dryneedle.clinics.http import ClinicRequest
from dryneedle.clinics.tenancy import active_memberships, resolve_membership


class CurrentClinicMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: ClinicRequest) -> HttpResponse:
        # One query serves both the acting membership and the clinic switcher in the layout.
        memberships = (
            list(active_memberships(request.user)) if request.user.is_authenticated else []
        )
        membership = resolve_membership(request, memberships) if memberships else None
        request.membership = membership
        request.clinic = membership.clinic if membership else None
        if request.clinic is not None:
            timezone.activate(zoneinfo.ZoneInfo(request.clinic.timezone))
        else:
            timezone.deactivate()
        request.user_memberships = memberships
        return self.get_response(request)


class AuditReachedRecordsMiddleware:
    """After each answer, audit every patient record the request reached and did not audit,
    and every refusal (403, or 404 on a record) of a member acting for a clinic.

    Views write the precise row (created, signed, exported…); this catches the paths that
    answer without one, such as a refused write, so no access to a record goes unlogged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        audit.record_unrecorded(request, response.status_code)
        audit.record_refusal(request, response.status_code)
        return response
