"""Setting up, checking and replacing a staff member's second factor.

A user has at most one confirmed authenticator (a django-otp TOTP device) and one set of
recovery codes (a django-otp static device whose tokens are each used once).
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dryneedle.clinics.models import User

RECOVERY_DEVICE_NAME = "Recovery codes"
PENDING_NAME = "Authenticator app (not yet confirmed)"
CONFIRMED_NAME = "Authenticator app"


@dataclass(frozen=True)
class CheckResult:
    device: object | None = None
    used_recovery_code: bool = False
    wait_seconds: int = 0  # >0 when too many wrong codes were tried just now


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator being set up (a new secret), created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=PENDING_NAME, confirmed=False)
    return device


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once, never stored."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [secrets.token_hex(5) for _ in range(settings.MFA_RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def confirm_authenticator(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a pending authenticator with a code it shows; it replaces any earlier one.
    Returns fresh recovery codes, or None when the code is wrong."""
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.name = CONFIRMED_NAME
        device.save(update_fields=["confirmed", "name"])
        codes = new_recovery_codes(device.user)
    otp_login(request, device)
    return codes


def check_code(user: User, code: str) -> CheckResult:
    """Check a sign-in code against the user's authenticator, then their recovery codes.
    django-otp slows down repeated wrong codes on the authenticator (throttling)."""
    authenticator = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    looks_like_app_code = len(code) == 6 and code.isdigit()  # recovery codes have 10 characters
    if authenticator is not None and looks_like_app_code:
        allowed, why = authenticator.verify_is_allowed()
        if not allowed:
            return CheckResult(wait_seconds=_seconds_until(why))
        with transaction.atomic():
            if authenticator.verify_token(code):
                return CheckResult(device=authenticator)
    recovery = StaticDevice.objects.filter(user=user).first()
    if recovery is not None and not looks_like_app_code:
        allowed, why = recovery.verify_is_allowed()
        if not allowed:
            return CheckResult(wait_seconds=_seconds_until(why))
        with transaction.atomic():
            if recovery.verify_token(code):
                return CheckResult(device=recovery, used_recovery_code=True)
    return CheckResult()


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def remove_second_factor(user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _seconds_until(why: dict | None) -> int:
    until = (why or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, int((until - timezone.now()).total_seconds()) + 1)
