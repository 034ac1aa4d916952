"""Attach the acting clinic and membership to each request and show times in its zone."""

import zoneinfo

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from dryneedle.clinics import audit
from dryneedle.clinics.tenancy import resolve_membership


class CurrentClinicMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = resolve_membership(request) if request.user.is_authenticated else None
        request.membership = membership
        request.clinic = membership.clinic if membership else None
        if request.clinic is not None:
            timezone.activate(zoneinfo.ZoneInfo(request.clinic.timezone))
        else:
            timezone.deactivate()
        request.user_memberships = SimpleLazyObject(
            lambda: (
                list(request.user.memberships.filter(is_active=True).select_related("clinic"))
                if request.user.is_authenticated
                else []
            )
        )
        return self.get_response(request)


class AuditReachedRecordsMiddleware:
    """After each answer, audit every patient record the request reached and did not audit.

    Views write the precise row (created, signed, exported…); this catches the paths that
    answer without one, such as a refused write, so no access to a record goes unlogged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        audit.record_unrecorded(request, response.status_code)
        return response
