"""Safety screens, signed consents, and booking requests from the public site."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dryneedle.clinics.models import Clinic
from dryneedle.patients.models import Episode, Patient


class Screening(models.Model):
    """One completed safety screen: the answers, the result and the rules version used."""

    clinic_path = "patient__clinic"

    class Result(models.TextChoices):
        CLEAR = "clear", _("Clear")
        PRECAUTIONS = "precautions", _("Precautions")
        CONTRAINDICATED = "contraindicated", _("Contraindicated")

    class Source(models.TextChoices):
        CLINICIAN = "clinician", _("Entered by the clinician")
        PATIENT = "patient", _("Answered by the patient on a clinic tablet")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="screenings")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="screenings")
    answers = models.JSONField()
    result = models.CharField(max_length=20, choices=Result.choices)
    triggered = models.JSONField(help_text=_("The rules that fired, with level, advice, regions."))
    rules_version = models.PositiveIntegerField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CLINICIAN)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__in=["clear", "precautions", "contraindicated"]),
                name="screening_result_known",
                violation_error_message=_("Unknown screening result."),
            ),
        ]

    def __str__(self) -> str:
        return f"Screening {self.created_at:%Y-%m-%d}: {self.get_result_display()}"


class Consent(models.Model):
    """A patient's signed consent to one version of the consent text. Never edited."""

    clinic_path = "patient__clinic"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consents")
    text_version = models.PositiveIntegerField()
    # Room for the longest name a patient record holds: given (100) + space + family (100).
    typed_name = models.CharField(max_length=201)
    signature = models.TextField(help_text=_("The drawn signature as SVG path data."))
    signed_at = models.DateTimeField(default=timezone.now)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"Consent v{self.text_version} signed {self.signed_at:%Y-%m-%d}"


class BookingRequest(models.Model):
    """A request for an appointment sent from the clinic's public pages."""

    clinic_path = "clinic"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        DECLINED = "declined", "Declined"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="booking_requests")
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_times = models.CharField(max_length=300, blank=True)
    message = models.TextField(max_length=1000, blank=True)
    self_check_summary = models.TextField(
        blank=True, help_text="The self-check result, only when the person chose to include it."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["clinic", "status", "-created_at"], name="booking_inbox_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="booking_has_contact",
                violation_error_message="Give an email address or a phone number.",
            ),
        ]

    def __str__(self) -> str:
        return f"Booking request from {self.name} ({self.get_status_display()})"


class PublicFormCounter(models.Model):
    """Submissions of a public form from one (HMAC-hashed) address in one hour."""

    key = models.CharField(max_length=64, unique=True)
    window = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} in the hour from {self.window:%Y-%m-%d %H:00}"
