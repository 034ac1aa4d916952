"""Who must confirm a sign-in with a second factor, and whether a user has one set up."""

from collections.abc import Iterable

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from dryneedle.clinics.models import Clinic, Membership, User
from dryneedle.clinics.roles import Role


def two_factor_required(user: User, memberships: Iterable[Membership]) -> bool:
    """True when any clinic the user works for requires it of their role, or they operate
    the console. `memberships` are the user's active memberships with their clinics."""
    if (user.is_staff or user.is_superuser) and settings.MFA_FOR_OPERATORS:
        return True
    for membership in memberships:
        policy = membership.clinic.mfa_policy
        if policy == Clinic.MfaPolicy.ALL_STAFF:
            return True
        if policy == Clinic.MfaPolicy.ADMINS and membership.role == Role.ADMIN:
            return True
    return False


def authenticator_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
