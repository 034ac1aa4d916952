"""Booking requests sent from the clinic's public pages, and the public forms' rate counters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dryneedle.clinics.models import Clinic


class BookingRequest(models.Model):
    """A request for an appointment sent from the clinic's public pages."""

    clinic_path = "clinic"

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        BOOKED = "booked", _("Booked")
        DECLINED = "declined", _("Declined")

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="booking_requests")
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_times = models.CharField(max_length=300, blank=True)
    message = models.TextField(max_length=1000, blank=True)
    self_check_summary = models.TextField(
        blank=True, help_text=_("The self-check result, only when the person chose to include it.")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Tables keep the names they had when booking requests lived in screening (0003).
    history = HistoricalRecords(table_name="screening_historicalbookingrequest")

    class Meta:
        db_table = "screening_bookingrequest"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["clinic", "status", "-created_at"], name="booking_inbox_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="booking_has_contact",
                violation_error_message=_("Give an email address or a phone number."),
            ),
        ]

    def __str__(self) -> str:
        return f"Booking request from {self.name} ({self.get_status_display()})"


class PublicFormCounter(models.Model):
    """Submissions of a public form from one (HMAC-hashed) address in one hour."""

    key = models.CharField(max_length=64, unique=True)
    window = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "screening_publicformcounter"

    def __str__(self) -> str:
        return f"{self.count} in the hour from {self.window:%Y-%m-%d %H:00}"
