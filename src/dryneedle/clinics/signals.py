"""Audit sign-ins, sign-outs and failed sign-ins."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from dryneedle.clinics import audit
from dryneedle.clinics.models import User


@receiver(user_logged_in)
def audit_login(sender: type, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(request, audit.Action.LOGIN, user=user)


@receiver(user_logged_out)
def audit_logout(sender: type, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(request, audit.Action.LOGOUT, user=user)


@receiver(user_login_failed)
def audit_login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the attempted address is kept, never the password (Django strips it). When the
    # address is a real account, the event is filed under it so its clinic's admins see it.
    attempted = str(credentials.get("username", ""))[:200]
    target = User.objects.filter(email__iexact=attempted).first() if attempted else None
    audit.record(request, audit.Action.LOGIN_FAILED, user=target, detail=f"attempted: {attempted}")
