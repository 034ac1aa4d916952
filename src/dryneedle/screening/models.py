"""Safety screens and signed consents."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
