"""Pain drawings saved to an episode of care."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dryneedle.patients.models import Episode


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
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Pain drawing {self.created_at:%Y-%m-%d} ({len(self.marks)} regions)"

    @classmethod
    def record(cls, *, episode: Episode, marks, note: str, by) -> "PainDrawing":
        from dryneedle.atlas.loader import load_atlas

        return cls.objects.create(
            episode=episode,
            marks=[mark.text for mark in marks],
            atlas_version=load_atlas().version,
            note=note.strip()[:300],
            created_by=by,
        )
