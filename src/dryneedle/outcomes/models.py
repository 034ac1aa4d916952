"""Questionnaire responses, links that let patients answer from home, and 24-hour check-ins.

Links carry a random token; only its SHA-256 hash is stored, so the database alone cannot
be used to answer in a patient's name.
"""

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dryneedle.patients.models import Episode
from dryneedle.treatments.models import Treatment

if TYPE_CHECKING:
    from dryneedle.clinics.models import User
    from dryneedle.outcomes.scoring import Score


class Response(models.Model):
    """One scored questionnaire for an episode, entered in the clinic or at home."""

    clinic_path = "episode__patient__clinic"

    class Source(models.TextChoices):
        CLINIC = "clinic", _("Entered in the clinic")
        HOME = "home", _("Answered at home")

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="responses")
    instrument = models.CharField(max_length=20)
    answers = models.JSONField()
    score = models.DecimalField(max_digits=6, decimal_places=2)
    max_score = models.DecimalField(max_digits=6, decimal_places=2)
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    answered = models.PositiveSmallIntegerField(help_text=_("Items (PSFS: activities) answered."))
    subscores = models.JSONField(default=dict, blank=True)
    collected_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["collected_at", "id"]
        indexes = [
            models.Index(
                fields=["episode", "instrument", "collected_at"], name="response_series_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.score} on {self.collected_at:%Y-%m-%d}"

    @classmethod
    def from_score(
        cls,
        episode: Episode,
        result: "Score",
        answers: list,
        *,
        source: str,
        entered_by: "User | None" = None,
        activities: Sequence[str] = (),
        collected_at: datetime.datetime | None = None,
    ) -> "Response":
        """An unsaved response holding `result`, the Score of `answers`: the one place that
        maps a Score onto a Response. PSFS answers are stored paired with their
        `activities`. outcomes.responses saves it (with its audit row); the synthetic data
        generator reads its columns."""
        if activities:
            answers = [
                {"activity": a, "score": s} for a, s in zip(activities, answers, strict=False)
            ]
        return cls(
            episode=episode,
            instrument=result.instrument,
            answers=answers,
            score=result.score,
            max_score=result.max,
            percent=result.percent,
            answered=result.answered,
            subscores=result.subscores,
            source=source,
            entered_by=entered_by,
            collected_at=collected_at or timezone.now(),
        )


class HomeLink(models.Model):
    """A one-time link to answer one questionnaire for one episode, from home."""

    clinic_path = "episode__patient__clinic"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="home_links")
    instrument = models.CharField(max_length=20)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.EmailField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.instrument} link until {self.expires_at:%Y-%m-%d}"

    def usable(self, now: datetime.datetime | None = None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at


class CheckIn(models.Model):
    """The message sent after a signed treatment asking how the patient is, and the answer."""

    clinic_path = "treatment__episode__patient__clinic"

    class Overall(models.TextChoices):
        BETTER = "better", _("Better")
        SAME = "same", _("About the same")
        WORSE = "worse", _("Worse")

    EFFECTS = [
        ("bruising", _("Bruising")),
        ("bleeding", _("Bleeding")),
        ("headache", _("Headache")),
        ("tiredness", _("Unusual tiredness")),
        ("nausea", _("Feeling sick")),
        ("faint", _("Feeling faint or fainting")),
        ("breathless", _("Shortness of breath or chest pain")),
        ("other", _("Something else")),
    ]

    treatment = models.OneToOneField(Treatment, on_delete=models.PROTECT, related_name="checkin")
    due_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    delivery_problem = models.CharField(max_length=200, blank=True)
    # When the last attempt to email the link failed (the mail server or the job). Kept when
    # the clinician later hands the link over, so the record shows what happened.
    send_failed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    nprs = models.PositiveSmallIntegerField(null=True, blank=True)
    soreness = models.PositiveSmallIntegerField(null=True, blank=True)
    effects = models.JSONField(default=list, blank=True)
    other_effect = models.CharField(max_length=300, blank=True)
    overall = models.CharField(max_length=10, choices=Overall.choices, blank=True)
    flag_reasons = models.JSONField(default=list, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-due_at"]
        indexes = [models.Index(fields=["token_hash"], name="checkin_token_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nprs__isnull=True) | models.Q(nprs__lte=10),
                name="checkin_nprs_0_to_10",
                violation_error_message=_("Pain runs from 0 to 10."),
            ),
            models.CheckConstraint(
                condition=models.Q(soreness__isnull=True) | models.Q(soreness__lte=10),
                name="checkin_soreness_0_to_10",
                violation_error_message=_("Soreness runs from 0 to 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in for treatment {self.treatment_id}"

    @property
    def flagged(self) -> bool:
        return bool(self.flag_reasons)
