"""Writes of the patient record: each saves and writes its audit row in one transaction."""

from django.db import transaction
from django.utils import timezone

from dryneedle.clinics import audit
from dryneedle.patients.models import Episode, Patient


def register(patient: Patient, by: audit.Actor) -> Patient:
    """Save a new patient (already given its clinic) as registered by `by`."""
    with transaction.atomic():
        patient.created_by = by.user
        patient.save()
        audit.write(by, audit.Action.CREATE, patient=patient, obj=patient)
    return patient


def open_episode(episode: Episode, patient: Patient, by: audit.Actor) -> Episode:
    """Save a new episode of care of `patient`, opened by `by`."""
    with transaction.atomic():
        episode.patient = patient
        episode.created_by = by.user
        episode.save()
        audit.write(by, audit.Action.CREATE, patient=patient, obj=episode)
    return episode


def save_changes(
    record: Patient | Episode, patient: Patient, changed: list[str], by: audit.Actor
) -> None:
    """Save edits to a patient or an episode; the audit row names the changed fields."""
    with transaction.atomic():
        record.save()
        audit.write(by, audit.Action.UPDATE, patient=patient, obj=record, detail=", ".join(changed))


def set_archived(patient: Patient, archived: bool, by: audit.Actor) -> None:
    """Archive (keep, hide from lists) or restore a patient; nothing happens if already so."""
    with transaction.atomic():
        locked = Patient.objects.select_for_update().get(pk=patient.pk)
        if (locked.archived_at is not None) == archived:
            return
        patient.archived_at = timezone.now() if archived else None
        patient.save(update_fields=["archived_at", "updated_at"])
        action = audit.Action.ARCHIVE if archived else audit.Action.RESTORE
        audit.write(by, action, patient=patient, obj=patient)
