"""View decorators that declare and enforce who may reach a route.

Every routed view carries an `access` attribute (public, signed_in, or a capability) that the
route-enumerating tenancy test reads, so a new route without a declaration fails the suite.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dryneedle.clinics.http import ClinicRequest
from dryneedle.clinics.roles import Capability

ACCESS_ATTRIBUTE = "dryneedle_access"
PUBLIC = "public"
SIGNED_IN = "signed_in"


def _mark(view: Callable, access: str) -> Callable:
    setattr(view, ACCESS_ATTRIBUTE, access)
    return view


def public(view: Callable) -> Callable:
    """Reachable without signing in (login page, public information)."""
    return _mark(view, PUBLIC)


def signed_in(view: Callable) -> Callable:
    """Needs a signed-in staff user, but no clinic (e.g. choosing a clinic)."""

    @wraps(view)
    def wrapper(request: ClinicRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, SIGNED_IN)


def requires(capability: Capability) -> Callable[[Callable], Callable]:
    """Needs a signed-in user acting for a clinic with a role that grants `capability`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: ClinicRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.membership is None:
                if request.user_memberships:
                    return redirect(f"{reverse('clinics:choose')}?next={request.get_full_path()}")
                return render(request, "clinics/no_clinic.html", status=403)
            if not request.membership.can(capability):
                raise PermissionDenied("Your role in this clinic does not allow this.")
            return view(request, *args, **kwargs)

        return _mark(wrapper, capability.value)

    return decorator
