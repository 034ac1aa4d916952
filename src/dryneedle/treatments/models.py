"""Treatment notes: needling entries, needle count, adverse events, signing and addenda.

A signed treatment never changes. The models refuse it, and database triggers (migration 0002,
SQLite and PostgreSQL) refuse any UPDATE or DELETE of a signed note and any change to the rows
of a signed note, whatever code path tries.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.clinics.models import Clinic
from dryneedle.patients.models import Episode

ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]


class NoteLocked(ValidationError):
    """A signed note was about to change."""

    def __init__(self) -> None:
        super().__init__(gettext("This note is signed and cannot change. Add an addendum instead."))


class StockedNeedle(models.Model):
    """A needle size the clinic stocks; clinicians pick from these."""

    clinic_path = "clinic"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="needles")
    diameter_mm = models.DecimalField(max_digits=3, decimal_places=2)
    length_mm = models.PositiveSmallIntegerField()
    brand = models.CharField(max_length=60, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["diameter_mm", "length_mm"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "diameter_mm", "length_mm", "brand"],
                name="needle_unique_per_clinic",
                violation_error_message=_("This needle is already on the clinic's list."),
            ),
        ]

    def __str__(self) -> str:
        brand = f" {self.brand}" if self.brand else ""
        return f"{self.diameter_mm:.2f} × {self.length_mm} mm{brand}"


class Treatment(models.Model):
    """One dry-needling session of an episode of care."""

    clinic_path = "episode__patient__clinic"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="treatments")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="treatments"
    )
    performed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text=_("Optimistic locking counter."))
    pre_nprs = models.PositiveSmallIntegerField(
        _("pain before (NPRS)"), null=True, blank=True, validators=ZERO_TO_TEN
    )
    post_nprs = models.PositiveSmallIntegerField(
        _("pain after (NPRS)"), null=True, blank=True, validators=ZERO_TO_TEN
    )
    discomfort = models.PositiveSmallIntegerField(
        _("discomfort during needling"), null=True, blank=True, validators=ZERO_TO_TEN
    )
    ppt_site = models.CharField(_("pressure pain threshold site"), max_length=80, blank=True)
    pre_ppt = models.DecimalField(
        _("PPT before (kg/cm²)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    post_ppt = models.DecimalField(
        _("PPT after (kg/cm²)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    patient_response = models.TextField(blank=True)
    needles_opened = models.PositiveSmallIntegerField(null=True, blank=True)
    needles_removed = models.PositiveSmallIntegerField(null=True, blank=True)
    needles_discarded = models.PositiveSmallIntegerField(
        _("discarded intact"), null=True, blank=True
    )
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    icd10_code = models.CharField(max_length=8, blank=True)  # copied at signing
    cpt_code = models.CharField(max_length=5, blank=True)  # set at signing
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-performed_at", "-id"]
        indexes = [models.Index(fields=["status", "signed_at"], name="treatment_signed_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", signed_at__isnull=True)
                | Q(status="signed", signed_at__isnull=False),
                name="treatment_signed_has_time",
                violation_error_message=_("A signed note needs its signing time, a draft none."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{score}__isnull": True}) | Q(**{f"{score}__lte": 10}),
                    name=f"treatment_{score}_0_to_10",
                    violation_error_message=_("Pain and discomfort scores run from 0 to 10."),
                )
                for score in ("pre_nprs", "post_nprs", "discomfort")
            ],
        ]

    def __str__(self) -> str:
        return f"Treatment {self.performed_at:%Y-%m-%d} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.assert_editable()
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def needle_count_reconciles(self) -> bool:
        opened, removed, discarded = (
            self.needles_opened,
            self.needles_removed,
            self.needles_discarded,
        )
        if opened is None or removed is None or discarded is None:
            return False
        return opened == removed + discarded

    def assert_editable(self) -> None:
        """Raise NoteLocked when the stored note is signed (whatever this instance says)."""
        if self.pk and Treatment.objects.filter(pk=self.pk, status=self.Status.SIGNED).exists():
            raise NoteLocked()


class NoteRow(models.Model):
    """A row belonging to a treatment note: locked with the note once it is signed."""

    clinic_path = "treatment__episode__patient__clinic"
    treatment: Treatment  # each concrete row declares its ForeignKey to the note

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.treatment.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.treatment.assert_editable()
        return super().delete(*args, **kwargs)


class Side(models.TextChoices):
    LEFT = "L", _("Left")
    RIGHT = "R", _("Right")


class Needling(NoteRow):
    """One muscle (or trigger point) needled, how, and what it did."""

    class Technique(models.TextChoices):
        STATIC = "static", _("Static")
        PISTONING = "pistoning", _("Pistoning (fast-in, fast-out)")
        ELECTRICAL = "electrical", _("With electrical stimulation")

    class Twitch(models.TextChoices):
        NONE = "none", _("None")
        FEW = "few", _("Few")
        MANY = "many", _("Many")

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="needlings")
    muscle = models.CharField(max_length=60, help_text=_("Atlas muscle id."))
    trigger_point = models.CharField(
        max_length=80, blank=True, help_text=_("Atlas trigger point id.")
    )
    side = models.CharField(max_length=1, choices=Side.choices, blank=True)
    needle = models.ForeignKey(StockedNeedle, on_delete=models.PROTECT, related_name="+")
    technique = models.CharField(max_length=12, choices=Technique.choices)
    passes = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes left in"), null=True, blank=True)
    twitch = models.CharField(_("local twitch responses"), max_length=5, choices=Twitch.choices)
    twitch_count = models.PositiveSmallIntegerField(null=True, blank=True)
    depth_mm = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.muscle}".strip()


class RangeOfMotion(NoteRow):
    """A range-of-motion measure before and after needling, in degrees."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="rom")
    movement = models.CharField(max_length=60)
    side = models.CharField(max_length=1, choices=Side.choices, blank=True)
    before_degrees = models.SmallIntegerField(null=True, blank=True)
    after_degrees = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.movement} {self.side}".strip()


class AdverseEvent(NoteRow):
    """Something that went wrong during or after the session."""

    class Kind(models.TextChoices):
        BLEEDING = "bleeding", _("Bleeding")
        BRUISING = "bruising", _("Bruising")
        PAIN_DURING = "pain_during", _("Pain during needling")
        PAIN_AFTER = "pain_after", _("Pain after needling")
        SORENESS = "soreness", _("Post-needling soreness")
        FATIGUE = "fatigue", _("Fatigue")
        HEADACHE = "headache", _("Headache")
        NAUSEA = "nausea", _("Nausea")
        SYNCOPE = "syncope", _("Syncope / vasovagal reaction")
        PNEUMOTHORAX = "pneumothorax", _("Suspected pneumothorax")
        NERVE = "nerve", _("Nerve irritation")
        BROKEN_NEEDLE = "broken_needle", _("Broken needle")
        MISSING_NEEDLE = "missing_needle", _("Missing needle (count does not reconcile)")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        # Definitions: clinical-facts.md §3 (White et al. classification, via Physiotherapy
        # Alberta). "Moderate" has no published definition there: see SEVERITY_HELP.
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SIGNIFICANT = "significant", _("Significant")

    class Onset(models.TextChoices):
        DURING = "during", _("During needling")
        AFTER = "after", _("Straight after the session")
        LATER = "later", _("Later (reported afterwards)")

    treatment = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="adverse_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    severity = models.CharField(max_length=12, choices=Severity.choices)
    onset = models.CharField(max_length=10, choices=Onset.choices)
    action = models.TextField(_("action taken"))
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_severity_display()})"


SEVERITY_HELP = {
    "mild": _("Short-lived and reversible, no inconvenience to the patient (White et al.)."),
    "moderate": _(
        "Between mild and significant: needed some treatment or caused some inconvenience, but "
        "no medical intervention (no published definition; clinic convention)."
    ),
    "significant": _(
        "Needed medical intervention or interfered with the patient's activities (White et al.)."
    ),
}


class Addendum(models.Model):
    """A note added to a signed treatment. Addenda are appended, never edited."""

    clinic_path = "treatment__episode__patient__clinic"

    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Addendum {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(gettext("Addenda cannot be changed."))
        super().save(*args, **kwargs)
