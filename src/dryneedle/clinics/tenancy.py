"""Tenancy: which clinic a request acts for, and the one helper that scopes patient data.

Every model that holds patient data names the path from itself to its clinic in a
`clinic_path` class attribute ("clinic" for Patient, "patient__clinic" for Episode). All
queries for such data go through `scope()` or `get_scoped_or_404()`, so a row of another
clinic can never be read, and it answers 404 rather than revealing that it exists.
"""

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import Http404, HttpRequest

from dryneedle.clinics.models import Clinic, Membership, User

SESSION_KEY = "dryneedle_clinic_id"

M = TypeVar("M", bound=models.Model)


def scope(source: type[M] | models.QuerySet[M], clinic: Clinic | None) -> models.QuerySet[M]:
    """Rows of `source` that belong to `clinic`; none at all when there is no clinic."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    clinic_path = getattr(queryset.model, "clinic_path", None)
    if clinic_path is None:
        raise TypeError(f"{queryset.model.__name__} has no clinic_path; it cannot be scoped.")
    if clinic is None:
        return queryset.none()
    return queryset.filter(**{clinic_path: clinic})


def get_scoped_or_404(
    source: type[M] | models.QuerySet[M], clinic: Clinic | None, **lookup: Any
) -> M:
    try:
        return scope(source, clinic).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("No such record in this clinic.") from None


def active_memberships(user: User | AnonymousUser) -> models.QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("clinic")


def resolve_membership(
    request: HttpRequest, memberships: list[Membership] | None = None
) -> Membership | None:
    """The membership this request acts under: the chosen clinic, or the only one.
    `memberships`: the user's active memberships, when the caller has loaded them."""
    if memberships is None:
        memberships = list(active_memberships(request.user))
    chosen_id = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.clinic_id == chosen_id:
            return membership
    if len(memberships) == 1:
        request.session[SESSION_KEY] = memberships[0].clinic_id
        return memberships[0]
    return None


def choose_clinic(request: HttpRequest, membership: Membership) -> None:
    request.session[SESSION_KEY] = membership.clinic_id
