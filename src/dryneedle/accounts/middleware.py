"""Hold a signed-in user at the two-factor step until they have passed it, where needed."""

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY as SESSION_USER_KEY
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from dryneedle.accounts.policy import authenticator_of, two_factor_required
from dryneedle.clinics.access import ACCESS_ATTRIBUTE, PUBLIC
from dryneedle.clinics.http import ClinicRequest

V = TypeVar("V", bound=Callable[..., HttpResponse])

EXEMPT_ATTRIBUTE = "dryneedle_before_two_factor"


def reachable_before_two_factor(view: V) -> V:
    """Mark a view a signed-in user may use before the second factor (the step itself,
    signing out)."""
    setattr(view, EXEMPT_ATTRIBUTE, True)
    return view


class TwoFactorMiddleware:
    """Runs after django-otp's OTPMiddleware (which sets `user.is_verified()`) and the
    clinic middleware (which loads the user's memberships)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: ClinicRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple,
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, ACCESS_ATTRIBUTE, None) == PUBLIC:
            return None
        if getattr(view_func, EXEMPT_ATTRIBUTE, False):
            return None
        if authenticator_of(user) is not None:
            step = "accounts:mfa_verify"
        elif two_factor_required(user, request.user_memberships):
            step = "accounts:mfa_setup"
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Confirm your sign-in with your authenticator code first.")},
                status=403,
            )
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


RENEWED_AT_SESSION_KEY = "dryneedle_renewed_at"


class IdleTimeoutMiddleware:
    """Keep a signed-in session alive while it is used: renew it (a database write that moves
    its end SESSION_COOKIE_AGE ahead) at most every SESSION_RENEW_SECONDS, instead of on
    every request. An unused session ends between AGE - RENEW and AGE after the last request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_USER_KEY in session:
            now = int(time.time())
            if now - session.get(RENEWED_AT_SESSION_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_AT_SESSION_KEY] = now
        return self.get_response(request)
