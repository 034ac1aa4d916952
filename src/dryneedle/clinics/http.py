"""The request types views see once CurrentClinicMiddleware has run (for type checking only:
at run time every request is a plain HttpRequest with these attributes set)."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from dryneedle.clinics.models import Clinic, Membership, User


class ClinicRequest(HttpRequest):
    """Any request after CurrentClinicMiddleware: the membership it acts under, if any."""

    user: User | AnonymousUser
    membership: Membership | None
    clinic: Clinic | None
    user_memberships: list[Membership]


class MemberRequest(ClinicRequest):
    """A request that passed `requires(...)` or the API's `api_requires(...)`: a signed-in
    user acting for a clinic."""

    user: User
    membership: Membership
    clinic: Clinic
