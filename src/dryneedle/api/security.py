"""API authentication (the staff session, with CSRF) and per-operation role checks."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import SessionAuth

from dryneedle.clinics.access import ACCESS_ATTRIBUTE
from dryneedle.clinics.models import Membership
from dryneedle.clinics.roles import Capability


class ClinicSessionAuth(SessionAuth):
    """A signed-in staff user acting for a clinic; answers with their membership.

    SessionAuth checks the CSRF token on unsafe methods, as the browser session is the
    credential here.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership | None:
        membership = getattr(request, "membership", None)
        if request.user.is_authenticated and membership:
            return membership
        return None


def api_requires(capability: Capability) -> Callable[[Callable], Callable]:
    """Refuse the operation (403) unless the membership's role grants `capability`."""

    def decorator(operation: Callable) -> Callable:
        @wraps(operation)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> object:
            membership: Membership = request.auth  # type: ignore[attr-defined]  # set by ninja
            if not membership.can(capability):
                raise HttpError(403, _("Your role in this clinic does not allow this."))
            return operation(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, capability.value)
        return wrapper

    return decorator
