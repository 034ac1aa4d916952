"""A pain drawing is saved with its audit row in one transaction, or not at all."""

import pytest

from dryneedle.atlas import ranking
from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.patients.models import PainDrawing


class AuditDown(Exception):
    """The audit log could not be written."""


def _marks():
    return ranking.parse_drawing(["temple:L=2"], load_atlas().regions)


def test_a_pain_drawing_writes_one_create_row_naming_the_patient(episode, clinician):
    drawing = PainDrawing.record(episode=episode, marks=_marks(), note="", by=clinician)
    row = AuditEvent.objects.get(action=audit.Action.CREATE)
    assert (row.patient, row.user, row.object_id) == (episode.patient, clinician, str(drawing.pk))


def test_a_pain_drawing_whose_audit_row_fails_is_not_saved(episode, clinician, monkeypatch):
    def refuse(*args, **kwargs):
        raise AuditDown()

    monkeypatch.setattr(audit, "write", refuse)
    with pytest.raises(AuditDown):
        PainDrawing.record(episode=episode, marks=_marks(), note="", by=clinician)
    assert not PainDrawing.objects.exists()
