"""Backup and restore of one clinic: complete, identical after a round trip, all or nothing."""

import copy
import datetime
import json
import os
from collections import Counter

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent, Clinic, User
from dryneedle.interop import backup
from dryneedle.outcomes.models import CheckIn, HomeLink, Response
from dryneedle.patients.models import PainDrawing, Patient
from dryneedle.public.models import BookingRequest
from dryneedle.treatments import notes
from dryneedle.treatments.models import AdverseEvent, RangeOfMotion, Treatment
from tests.cli import run_dryneedle
from tests.factories import EpisodeFactory, PatientFactory


@pytest.fixture
def full_clinic(clinic, clinician, front_desk, complete, outsider, other_clinic):
    """A clinic with a row of every kind, a signed note with needlings and an addendum; and a
    second clinic whose rows must stay out of the backup."""
    episode = complete.episode
    patient = episode.patient
    patient.phone = "555-0100"
    patient.save()  # a second history row
    RangeOfMotion.objects.create(
        treatment=complete, movement="cervical_rotation", side="L", before_degrees=50
    )
    AdverseEvent.objects.create(
        treatment=complete, kind="bruising", severity="mild", onset="after", action="Ice."
    )
    signed = notes.sign(complete, clinician)
    notes.add_addendum(signed, clinician, "Patient phoned: bruise gone.")
    Treatment.objects.create(episode=episode, clinician=clinician, pre_nprs=5)  # a draft
    PainDrawing.objects.create(episode=episode, marks=["temple:L=2"], atlas_version="x")
    BookingRequest.objects.create(clinic=clinic, name="Ann Lee", email="ann@example.org")
    Response.objects.create(
        episode=episode,
        instrument="nprs",
        answers={"1": 6},
        score=6,
        max_score=10,
        percent=60,
        answered=1,
        source="clinic",
        entered_by=clinician,
    )
    HomeLink.objects.create(
        episode=episode,
        instrument="ndi",
        token_hash="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        created_by=clinician,
    )
    CheckIn.objects.create(treatment=signed, due_at=timezone.now(), nprs=3)
    audit.record(None, audit.Action.VIEW, patient=patient, obj=patient, user=front_desk)
    stranger = PatientFactory(clinic=other_clinic, given_name="Stranger")
    EpisodeFactory(patient=stranger)
    audit.record(None, audit.Action.VIEW, patient=stranger, obj=stranger, user=outsider)
    return clinic


def objects_of(content: dict) -> list[dict]:
    """The rows, without the audit rows restores add (they are new events, not content)."""
    return [
        row
        for row in content["objects"]
        if not (
            row["model"] == "clinics.auditevent" and row["fields"]["detail"].startswith("restore:")
        )
    ]


def wipe(clinic: Clinic) -> None:
    """Delete a clinic and its staff as a fresh database would lack them."""
    users = list(clinic.memberships.values_list("user_id", flat=True))
    vendor = connection.vendor
    backup._execute(backup.TRIGGERS_OFF[vendor])
    backup._delete_clinic(clinic)
    backup._execute(backup.TRIGGERS_ON[vendor])
    User.objects.filter(pk__in=users).delete()


def test_backup_holds_a_row_of_every_clinic_model_and_nothing_of_another_clinic(full_clinic):
    content = backup.dump(full_clinic)
    counts = Counter(row["model"] for row in content["objects"])
    expected = {m._meta.label_lower for m in backup.clinic_models()} | {"clinics.user"}
    assert set(counts) == expected
    stranger = Patient.objects.get(given_name="Stranger")
    assert not [
        row
        for row in content["objects"]
        if (row["model"].endswith("patient") and row["fields"].get("given_name") == "Stranger")
        or row["fields"].get("patient") == stranger.pk
        or row["fields"].get("clinic") == stranger.clinic_id
    ]


def test_restore_into_an_empty_database_gives_identical_content(full_clinic):
    first = backup.dump(full_clinic)
    wipe(full_clinic)
    assert not Clinic.objects.filter(slug=full_clinic.slug).exists()

    backup.restore(copy.deepcopy(first))

    second = backup.dump(Clinic.objects.get(slug=full_clinic.slug))
    assert objects_of(second) == objects_of(first)
    assert Counter(r["model"] for r in objects_of(second)) == Counter(
        r["model"] for r in first["objects"]
    )


def test_a_backup_written_before_a_model_moved_app_restores_under_its_new_app(full_clinic):
    first = backup.dump(full_clinic)
    old_label = {new: old for old, new in backup.MOVED_MODELS.items()}
    written_before = copy.deepcopy(first)
    for row in written_before["objects"]:
        row["model"] = old_label.get(row["model"], row["model"])
    assert set(backup.MOVED_MODELS) <= {row["model"] for row in written_before["objects"]}
    wipe(full_clinic)

    backup.restore(backup.parse(json.dumps(written_before)))

    second = backup.dump(Clinic.objects.get(slug=full_clinic.slug))
    assert objects_of(second) == objects_of(first)


def test_a_new_row_after_a_restore_gets_a_fresh_id(full_clinic):
    content = backup.dump(full_clinic)
    wipe(full_clinic)
    clinic = backup.restore(content)
    highest = max(r["pk"] for r in content["objects"] if r["model"] == "patients.patient")
    assert PatientFactory(clinic=clinic).pk > highest


def test_replace_gives_identical_content_and_keeps_other_clinics(full_clinic, other_clinic):
    first = backup.dump(full_clinic)
    PatientFactory(clinic=full_clinic, given_name="Later")
    others = Patient.objects.filter(clinic=other_clinic).count()

    backup.restore(copy.deepcopy(first), replace=True)

    assert objects_of(backup.dump(full_clinic)) == objects_of(first)
    assert not Patient.objects.filter(given_name="Later").exists()
    assert Patient.objects.filter(clinic=other_clinic).count() == others


@pytest.mark.parametrize("replace", [False, True], ids=["restored", "replaced"])
def test_signed_note_is_still_immutable_after_a_restore(full_clinic, replace):
    content = backup.dump(full_clinic)
    if not replace:
        wipe(full_clinic)
    backup.restore(content, replace=replace)
    note = Treatment.objects.get(status="signed")
    assert note.needlings.count() == 2 and note.addenda.count() == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        Treatment.objects.filter(pk=note.pk).update(plan="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        note.needlings.all().delete()


def test_a_restore_that_fails_midway_leaves_nothing(full_clinic):
    content = backup.dump(full_clinic)
    wipe(full_clinic)
    needling = next(r for r in content["objects"] if r["model"] == "treatments.needling")
    content["objects"].append(copy.deepcopy(needling))  # same id again, after every other row

    with pytest.raises(DatabaseError):
        backup.restore(content)

    assert not Clinic.objects.filter(slug=full_clinic.slug).exists()
    assert not Patient.objects.filter(given_name="Olivia").exists()
    assert not User.objects.filter(
        email__in=[
            r["fields"].get("email") for r in content["objects"] if r["model"] == "clinics.user"
        ]
    ).exists()


def test_a_failed_replace_keeps_the_clinic_as_it_was(full_clinic):
    content = backup.dump(full_clinic)
    before = objects_of(backup.dump(full_clinic))
    needling = next(r for r in content["objects"] if r["model"] == "treatments.needling")
    content["objects"].append(copy.deepcopy(needling))  # same id again, after every other row

    with pytest.raises(DatabaseError):
        backup.restore(content, replace=True)

    assert objects_of(backup.dump(full_clinic)) == before
    note = Treatment.objects.get(status="signed")
    with pytest.raises(DatabaseError), transaction.atomic():
        Treatment.objects.filter(pk=note.pk).update(plan="changed")


def test_restore_refuses_an_existing_clinic_and_writes_nothing(full_clinic):
    content = backup.dump(full_clinic)
    events = AuditEvent.objects.count()
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.restore(content)
    assert AuditEvent.objects.count() == events


def test_backup_and_restore_each_leave_an_audit_row(full_clinic, tmp_path):
    with open(tmp_path / "b.json", "w") as stream:
        backup.write(full_clinic, stream)
    assert AuditEvent.objects.filter(clinic=full_clinic, detail__startswith="backup:").exists()
    content = backup.parse((tmp_path / "b.json").read_text())
    clinic = backup.restore(content, replace=True)
    assert AuditEvent.objects.filter(clinic=clinic, detail__startswith="restore:").count() == 1


def test_every_model_that_reaches_a_clinic_is_backed_up():
    """Walks the foreign keys independently: a new model holding clinic data must be covered."""
    user = apps.get_model("clinics.User")

    def reaches(model, seen=()):
        if model is Clinic:
            return True
        if model is user or model in seen:
            return False
        return any(
            reaches(f.related_model, (*seen, model))
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey)
        )

    holding = {m for m in apps.get_models() if reaches(m)}
    assert holding - set(backup.clinic_models()) == set()
    assert len(holding) > 15


def test_a_file_that_is_not_a_backup_is_refused_with_a_message():
    with pytest.raises(backup.BackupError, match="Not a dryneedle"):
        backup.parse('{"objects": []}')
    with pytest.raises(backup.BackupError, match="version 9"):
        backup.parse(json.dumps({"format": backup.FORMAT, "version": 9}))


def test_backup_and_restore_commands_as_a_clinic_runs_them(tmp_path, monkeypatch):
    monkeypatch.setenv("DRYNEEDLE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DRYNEEDLE_ENV", raising=False)
    file = tmp_path / "demo.json"
    assert run_dryneedle("migrate", "-v0").returncode == 0
    assert run_dryneedle("demo").returncode == 0

    made = run_dryneedle("backup", "--clinic", "demo", "--output", str(file))
    assert made.returncode == 0, made.stderr
    assert os.stat(file).st_mode & 0o077 == 0  # readable by its owner only

    refused = run_dryneedle("restore", str(file))
    assert refused.returncode != 0
    assert refused.stderr.strip().splitlines() == [
        "CommandError: Clinic 'demo' already exists; nothing was restored (use --replace)."
    ]
    replaced = run_dryneedle("restore", "--replace", str(file))
    assert replaced.returncode == 0, replaced.stderr
    kept = list(tmp_path.glob("*.replaced-*.json"))  # what was replaced, audit rows included
    assert len(kept) == 1 and os.stat(kept[0]).st_mode & 0o077 == 0
    kept_models = {row["model"] for row in json.loads(kept[0].read_text())["objects"]}
    assert "clinics.auditevent" in kept_models
    again = tmp_path / "again.json"
    assert run_dryneedle("backup", "--clinic", "demo", "--output", str(again)).returncode == 0
    assert objects_of(json.loads(again.read_text())) == objects_of(json.loads(file.read_text()))
