"""dryneedle synth: deterministic, valid, consistent synthetic clinics."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from dryneedle.clinics.models import AuditEvent, Clinic, Membership
from dryneedle.clinics.roles import Role
from dryneedle.demo.synth import TABLE_ORDER, ClinicStaff, Generator
from dryneedle.demo.synth_db import SynthError, generate
from dryneedle.outcomes import scoring
from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.patients.models import Episode, Patient
from dryneedle.reports.analytics import clinic_analytics
from dryneedle.treatments.models import AdverseEvent, Needling, Treatment

TODAY = datetime.date(2026, 11, 25)


def _rows(seed: int) -> dict:
    staff = [ClinicStaff(1, (1, 2), (1, 2)), ClinicStaff(2, (3,), (3,))]
    return Generator(seed, staff, dict.fromkeys(TABLE_ORDER, 1), TODAY).rows(200)


def test_the_same_seed_gives_the_same_rows():
    assert _rows(5) == _rows(5)


def test_another_seed_gives_other_rows():
    assert _rows(5)["patients_patient"] != _rows(6)["patients_patient"]


@pytest.fixture
def synthetic(db):
    result = generate(clinics=2, patients=150, seed=11, today=TODAY, batch=40)
    return result


def test_counts_reported_are_the_rows_written(synthetic):
    counts = synthetic.counts
    assert counts["patients_patient"] == 150
    assert Patient.objects.filter(clinic__slug__startswith="synth-11-").count() == 150
    assert Treatment.objects.count() == counts["treatments_treatment"] > 150 * 3
    assert Needling.objects.count() == counts["treatments_needling"]
    assert Response.objects.count() == counts["outcomes_response"]
    assert AdverseEvent.objects.count() == counts["treatments_adverseevent"] > 0
    assert CheckIn.objects.count() == counts["outcomes_checkin"]


def test_every_stored_score_is_what_scoring_gives_for_its_answers(synthetic):
    for response in Response.objects.all():
        answers = response.answers
        if answers and isinstance(answers[0], dict):  # PSFS activities
            answers = [a["score"] for a in answers]
        result = scoring.score(response.instrument, answers)
        assert float(response.score) == result.score, response.pk
        assert float(response.percent) == result.percent, response.pk


def test_rows_stay_inside_their_clinic(synthetic):
    for clinic in Clinic.objects.filter(slug__startswith="synth-11-"):
        staff = set(Membership.objects.filter(clinic=clinic).values_list("user_id", flat=True))
        treatments = Treatment.objects.filter(episode__patient__clinic=clinic)
        assert treatments.exists()
        assert set(treatments.values_list("clinician_id", flat=True)) <= staff
        needles = Needling.objects.filter(treatment__in=treatments)
        assert set(needles.values_list("needle__clinic_id", flat=True)) == {clinic.pk}


def test_notes_are_signed_after_their_rows_and_only_recent_ones_stay_drafts(synthetic):
    signed = Treatment.objects.filter(status=Treatment.Status.SIGNED)
    assert signed.filter(signed_at__isnull=True).count() == 0
    assert signed.filter(cpt_code__in=["20560", "20561"]).count() == signed.count()
    assert not Treatment.objects.filter(needlings__isnull=True).exists()
    cutoff = datetime.datetime.combine(TODAY - datetime.timedelta(days=1), datetime.time.min)
    drafts = Treatment.objects.filter(status=Treatment.Status.DRAFT)
    assert not drafts.filter(performed_at__lt=cutoff.replace(tzinfo=datetime.UTC)).exists()
    assert not CheckIn.objects.filter(treatment__status=Treatment.Status.DRAFT).exists()


def test_episodes_open_before_their_sessions_and_in_the_past(synthetic):
    for episode in Episode.objects.prefetch_related("treatments"):
        days = [t.performed_at.date() for t in episode.treatments.all()]
        assert all(episode.opened_on <= day < TODAY for day in days)
        assert episode.closed_on is None or episode.closed_on >= max(
            days, default=episode.opened_on
        )


def test_rows_of_a_signed_note_are_still_refused_after_a_run(synthetic):
    note = Treatment.objects.filter(status=Treatment.Status.SIGNED).first()
    needling = note.needlings.first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO treatments_needling (treatment_id, muscle, trigger_point, side, "
            "needle_id, technique, twitch, created_at) VALUES (%s, 'soleus', '', 'L', %s, "
            "'static', 'none', %s)",
            [note.pk, needling.needle_id, note.performed_at],
        )


def test_one_audit_row_names_the_run(synthetic):
    rows = AuditEvent.objects.filter(detail__startswith="dryneedle synth")
    assert rows.count() == 1
    assert "--seed 11" in rows.get().detail and "synth-11-1" in rows.get().detail


def test_analytics_count_the_synthetic_signed_treatments(synthetic):
    clinic = Clinic.objects.get(slug="synth-11-1")
    result = clinic_analytics(clinic)
    signed = Treatment.objects.filter(status="signed", episode__patient__clinic=clinic).count()
    assert result["totals"]["treatments"] == signed
    assert result["totals"]["responders"]["n"] > 0
    assert result["totals"]["adverse_events"]["any"]["events"] > 0


def test_analytics_page_shows_a_synthetic_clinic(synthetic, make_client):
    clinic = Clinic.objects.get(slug="synth-11-2")
    admin = Membership.objects.get(clinic=clinic, role=Role.ADMIN.value).user
    response = make_client(admin).get("/clinic/analytics/")
    assert response.status_code == 200
    assert b"M54.50" in response.content or b"M54.2" in response.content


def test_the_same_seed_twice_is_refused_and_adds_nothing(synthetic):
    with pytest.raises(SynthError, match="use another --seed"):
        generate(clinics=1, patients=5, seed=11, today=TODAY)
    assert Patient.objects.count() == 150


def test_command_prints_the_counts(db):
    out = StringIO()
    call_command("synth", clinics=1, patients=20, seed=3, no_progress=True, stdout=out)
    assert "synth-3-1" in out.getvalue()
    assert Patient.objects.filter(clinic__slug="synth-3-1").count() == 20
    with pytest.raises(CommandError, match="another --seed"):
        call_command("synth", clinics=1, patients=20, seed=3, no_progress=True, stdout=out)


def test_check_in_answers_are_valid_json_lists(synthetic):
    for checkin in CheckIn.objects.exclude(completed_at=None)[:50]:
        assert isinstance(checkin.flag_reasons, list)
        assert 0 <= checkin.nprs <= 10
    assert json.loads(json.dumps(CheckIn.objects.first().effects)) == []
