"""Patients of a clinic, their episodes of care (diagnosis, problem, dates) and pain drawings."""

import contextlib
import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dryneedle.atlas.icd10 import title_for
from dryneedle.atlas.loader import Protocol, load_atlas
from dryneedle.atlas.ranking import Mark
from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, User


class PatientQuerySet(models.QuerySet):
    def active(self) -> "PatientQuerySet":
        return self.filter(archived_at__isnull=True)

    def search(self, text: str) -> "PatientQuerySet":
        """Every word must match a name, record number, email or phone; dates match birth."""
        queryset = self
        for word in text.split():
            condition = (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(record_number__iexact=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
            )
            with contextlib.suppress(ValueError):  # not a date: match names only
                condition |= Q(date_of_birth=datetime.date.fromisoformat(word))
            queryset = queryset.filter(condition)
        return queryset

    def possible_duplicates(
        self, *, given_name: str, family_name: str, date_of_birth: datetime.date | None
    ) -> "PatientQuerySet":
        return self.filter(
            given_name__iexact=given_name.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )


class Patient(models.Model):
    """A person treated at one clinic. Archived, never deleted: the record must persist."""

    clinic_path = "clinic"

    class Sex(models.TextChoices):
        # FHIR administrative-gender, so exports map one to one.
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not stated")

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    record_number = models.CharField(
        _("clinic record number"),
        max_length=40,
        blank=True,
        help_text=_("Your clinic's own chart number, if you use one."),
    )
    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["clinic", "family_name", "given_name"], name="patient_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "record_number"],
                condition=~Q(record_number=""),
                name="patient_record_number_unique_per_clinic",
                violation_error_message=_("Another patient in this clinic has this record number."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Episode(models.Model):
    """An episode of care: one problem, one diagnosis; outcomes are tracked per episode."""

    clinic_path = "patient__clinic"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="episodes")
    icd10_code = models.CharField(_("ICD-10-CM code"), max_length=8)
    problem = models.TextField(help_text=_("The presenting problem in the clinician's words."))
    protocol = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Condition protocol from the atlas; empty: follow the diagnosis code."),
    )
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="episode_closes_after_opening",
                violation_error_message=_("An episode cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.icd10_code} — {self.problem[:60]}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def protocol_entry(self) -> Protocol | None:
        """The chosen protocol, or the one the diagnosis code belongs to."""
        atlas = load_atlas()
        if self.protocol:
            return atlas.protocols.get(self.protocol)
        return atlas.protocol_for_code(self.icd10_code)

    @property
    def diagnosis_title(self) -> str | None:
        return title_for(self.icd10_code)


class PainDrawing(models.Model):
    """The regions a patient marked as painful, with side and intensity, at one time."""

    clinic_path = "episode__patient__clinic"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="pain_drawings")
    marks = models.JSONField(help_text=_('Marked regions, e.g. ["temple:L=2", "occiput"].'))
    atlas_version = models.CharField(max_length=20)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Tables keep the names they had when pain drawings lived in the atlas app (its 0003).
    history = HistoricalRecords(table_name="atlas_historicalpaindrawing")

    class Meta:
        db_table = "atlas_paindrawing"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Pain drawing {self.created_at:%Y-%m-%d} ({len(self.marks)} regions)"

    @classmethod
    def record(
        cls, *, episode: Episode, marks: list[Mark], note: str, by: audit.Actor | User | None
    ) -> "PainDrawing":
        """Store a drawing with its audit row, in one transaction. `by`: an audit.Actor or
        a user."""
        actor = audit.as_actor(by)
        with transaction.atomic():
            drawing = cls.objects.create(
                episode=episode,
                marks=[mark.text for mark in marks],
                atlas_version=load_atlas().version,
                note=note.strip()[:300],
                created_by=actor.user,
            )
            audit.write(actor, audit.Action.CREATE, patient=episode.patient, obj=drawing)
        return drawing
