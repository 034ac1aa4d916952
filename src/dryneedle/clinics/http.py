"""The request types views see once the middleware has run (for type checking only: at run
time every request is a plain HttpRequest with these attributes set)."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from dryneedle.clinics.models import Clinic, Membership, User


class ClinicRequest(HttpRequest):
    """Any request after CurrentClinicMiddleware (and django-htmx's middleware): the
    membership it acts under, if any."""

    user: User | AnonymousUser
    membership: Membership | None
    clinic: Clinic | None
    user_memberships: list[Membership]
    htmx: HtmxDetails


class SignedInRequest(ClinicRequest):
    """A request that passed `signed_in`: a signed-in staff user, maybe without a clinic."""

    user: User


class MemberRequest(SignedInRequest):
    """A request that passed `requires(...)` or the API's `api_requires(...)`: a signed-in
    user acting for a clinic."""

    membership: Membership
    clinic: Clinic
