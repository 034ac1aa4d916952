"""Staff users, clinics, memberships (user, clinic and role) and the audit log."""

from collections.abc import Callable
from typing import Any, Never
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.clinics.roles import Capability, Role, role_can


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # Sign-in is by email, which people type in any case.
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member who signs in with an email address. Patients have no accounts."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        _("platform operator"),
        default=False,
        help_text=_("May use the operator console (/operator/) to set up clinics and staff."),
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    # Not a field: django-otp's OTPMiddleware sets it on each request's user.
    is_verified: Callable[[], bool]

    class Meta:
        verbose_name = _("user")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message=_("A user with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            gettext("%(value)s is not a known time zone (e.g. America/Chicago).")
            % {"value": repr(value)}
        )


class Clinic(models.Model):
    """A practice: every patient, note and audit row belongs to exactly one clinic."""

    class MfaPolicy(models.TextChoices):
        ALL_STAFF = "all", _("Everyone on the staff")
        ADMINS = "admins", _("Clinic admins")
        OPTIONAL = "optional", _("No one (each person may choose to)")

    class PaperSize(models.TextChoices):
        LETTER = "letter", _("US Letter (8.5 × 11 in)")
        A4 = "a4", _("A4 (210 × 297 mm)")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    checkin_delay_hours = models.PositiveSmallIntegerField(
        _("check-in delay (hours)"),
        default=24,
        help_text=_("How long after a signed treatment the patient is asked how they are."),
    )
    mfa_policy = models.CharField(
        _("two-factor sign-in required for"),
        max_length=10,
        choices=MfaPolicy.choices,
        default=MfaPolicy.ADMINS,
        help_text=_("Who must confirm each sign-in with a code from an authenticator app."),
    )
    paper_size = models.CharField(
        _("paper size"),
        max_length=10,
        choices=PaperSize.choices,
        default=PaperSize.LETTER,
        help_text=_(
            "The paper printed reports are laid out for: US Letter in the United States and "
            "Canada, A4 almost everywhere else."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one clinic. A user may work in several clinics."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in Role])
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clinic__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "clinic"],
                name="membership_one_role_per_clinic",
                violation_error_message=_("This user already has a role in this clinic."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="membership_role_known",
                violation_error_message=_("Unknown role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.clinic}"

    def can(self, capability: Capability) -> bool:
        return self.is_active and role_can(self.role, capability)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_clinic(self, clinic: Clinic) -> "AuditEventQuerySet":
        """The clinic's events, plus sign-in events (which have no clinic) of its staff."""
        staff = Membership.objects.filter(clinic=clinic).values("user")
        return self.filter(models.Q(clinic=clinic) | models.Q(clinic__isnull=True, user__in=staff))

    # Bulk paths skip the model's save() and delete(), so they refuse here too (and the
    # database triggers of migration 0004 refuse raw SQL).
    def update(self, **kwargs: Any) -> Never:
        raise ValidationError(gettext("Audit events cannot be changed."))

    def delete(self) -> Never:
        raise ValidationError(gettext("Audit events cannot be deleted."))

    delete.queryset_only = True  # type: ignore[attr-defined]  # Django reads this marker


class AuditEvent(models.Model):
    """One access to patient data or one security event. Rows are never edited or deleted."""

    # Refused pages and API calls, refused patient links and failed sign-ins.
    REFUSALS = ("refused", "token_refused", "login_failed")

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Listed")
        SEARCH = "search", _("Searched")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        ARCHIVE = "archive", _("Archived")
        RESTORE = "restore", _("Restored")
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        TOKEN_USED = "token_used", _("Patient link used")
        TOKEN_REFUSED = "token_refused", _("Patient link refused")
        EXPORT = "export", _("Exported")
        DOWNLOAD = "download", _("Downloaded")
        IMPORT = "import", _("Imported")
        REFUSED = "refused", _("Access refused")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT)
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["clinic", "-at"], name="audit_clinic_at_idx"),
            models.Index(fields=["patient", "-at"], name="audit_patient_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(gettext("Audit events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Never:
        raise ValidationError(gettext("Audit events cannot be deleted."))
