"""Starting, saving, signing and locking a treatment note."""

import pytest
from django.db import IntegrityError, connection, transaction

from dryneedle.treatments import notes
from dryneedle.treatments.models import AdverseEvent, Needling, NoteLocked, Treatment
from dryneedle.treatments.soap import PLAN_PLACEHOLDER, TO_COMPLETE


def test_needling_cannot_start_without_a_screen_and_consent(episode, clinician):
    with pytest.raises(notes.NoteError) as caught:
        notes.start(episode, clinician)
    assert any("No safety screen" in p for p in caught.value.problems)
    assert not Treatment.objects.exists()


def test_needling_cannot_start_when_the_screen_contraindicates(
    episode, clinician, make_screening, make_consent
):
    make_screening(episode, needle_phobia="yes")
    make_consent(episode.patient)
    with pytest.raises(notes.NoteError, match="contraindication"):
        notes.start(episode, clinician)


def test_a_screened_and_consented_patient_gets_a_draft(ready_episode, clinician):
    started = notes.start(ready_episode, clinician)
    assert started.treatment.status == "draft"
    assert started.gate.allowed


def test_saving_a_draft_raises_its_version(draft, clinician):
    saved = notes.save_draft(draft, {"pre_nprs": 6}, expected_version=1, by=clinician)
    assert (saved.pre_nprs, saved.version) == (6, 2)


def test_a_stale_copy_cannot_overwrite_a_newer_save(draft, clinician, colleague):
    notes.save_draft(draft, {"pre_nprs": 6}, expected_version=1, by=colleague)  # saves first
    with pytest.raises(notes.EditConflict, match="Nothing of yours was overwritten"):
        notes.save_draft(draft, {"pre_nprs": 2}, expected_version=1, by=clinician)
    draft.refresh_from_db()
    assert draft.pre_nprs == 6


def test_a_signed_note_cannot_be_saved_as_a_draft(complete, clinician):
    notes.sign(complete, clinician)
    with pytest.raises(NoteLocked):
        notes.save_draft(complete, {"pre_nprs": 1}, complete.version, by=clinician)


def test_signing_lists_everything_missing(draft, clinician):
    with pytest.raises(notes.NoteError) as caught:
        notes.sign(draft, clinician)
    text = " ".join(caught.value.problems)
    assert "pain before" in text and "pain after" in text and "needle count" in text
    assert "SOAP" in text


def test_an_unreconciled_needle_count_blocks_signing(complete, clinician):
    Treatment.objects.filter(pk=complete.pk).update(needles_removed=3)
    with pytest.raises(notes.NoteError, match="does not reconcile: 4 opened, 3 removed"):
        notes.sign(complete, clinician)


def test_a_missing_needle_recorded_as_an_adverse_event_allows_signing(complete, clinician):
    Treatment.objects.filter(pk=complete.pk).update(needles_removed=3)
    AdverseEvent.objects.create(
        treatment=complete,
        kind="missing_needle",
        severity="mild",
        onset="after",
        action="Searched room; not found; patient told.",
    )
    assert notes.sign(complete, clinician).is_signed


def test_only_the_treating_clinician_can_sign(complete, colleague):
    with pytest.raises(notes.NoteError, match="Only the treating clinician"):
        notes.sign(complete, colleague)


def test_two_muscles_are_coded_20560_and_the_diagnosis_is_copied(complete, clinician):
    signed = notes.sign(complete, clinician)
    assert (signed.cpt_code, signed.icd10_code) == ("20560", complete.episode.icd10_code)


def test_three_muscles_are_coded_20561(complete, clinician, needle):
    Needling.objects.create(
        treatment=complete,
        muscle="splenius_capitis",
        side="L",
        needle=needle,
        technique="static",
        minutes=5,
        twitch="none",
    )
    assert notes.sign(complete, clinician).cpt_code == "20561"


def test_the_same_muscle_on_both_sides_counts_once(complete, clinician, needle):
    Needling.objects.create(
        treatment=complete,
        muscle="upper_trapezius",
        side="R",
        needle=needle,
        technique="static",
        minutes=5,
        twitch="none",
    )
    assert notes.sign(complete, clinician).cpt_code == "20560"


def test_a_signed_note_refuses_changes_through_the_model(complete, clinician):
    notes.sign(complete, clinician)
    complete.refresh_from_db()
    complete.pre_nprs = 1
    with pytest.raises(NoteLocked):
        complete.save()
    with pytest.raises(NoteLocked):
        complete.needlings.first().delete()


def _database_refuses(sql: str, params: list) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_a_direct_update_of_a_signed_note(complete, clinician):
    notes.sign(complete, clinician)
    _database_refuses("UPDATE treatments_treatment SET pre_nprs = 0 WHERE id = %s", [complete.pk])
    complete.refresh_from_db()
    assert complete.pre_nprs == 7


def test_the_database_refuses_a_queryset_update_of_a_signed_note(complete, clinician):
    notes.sign(complete, clinician)
    with pytest.raises(IntegrityError), transaction.atomic():
        Treatment.objects.filter(pk=complete.pk).update(cpt_code="20561")


def test_the_database_refuses_deleting_a_signed_note(complete, clinician):
    notes.sign(complete, clinician)
    _database_refuses("DELETE FROM treatments_treatment WHERE id = %s", [complete.pk])


def test_the_database_refuses_new_or_changed_rows_of_a_signed_note(complete, clinician, needle):
    notes.sign(complete, clinician)
    row = complete.needlings.first()
    _database_refuses("UPDATE treatments_needling SET passes = 9 WHERE id = %s", [row.pk])
    _database_refuses("DELETE FROM treatments_needling WHERE id = %s", [row.pk])
    _database_refuses(
        "INSERT INTO treatments_needling (treatment_id, muscle, trigger_point, side, needle_id, "
        "technique, twitch, created_at) VALUES (%s, 'soleus', '', 'L', %s, 'static', 'none', "
        "CURRENT_TIMESTAMP)",
        [complete.pk, needle.pk],
    )


def test_the_database_still_allows_changing_a_draft(draft):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE treatments_treatment SET pre_nprs = 3 WHERE id = %s", [draft.pk])
    draft.refresh_from_db()
    assert draft.pre_nprs == 3


def test_addenda_are_appended_in_order_and_never_changed(complete, clinician, colleague):
    signed = notes.sign(complete, clinician)
    first = notes.add_addendum(signed, clinician, "Patient phoned: soreness settled.")
    notes.add_addendum(signed, colleague, "Reviewed.")
    assert [a.text for a in complete.addenda.all()] == [
        "Patient phoned: soreness settled.",
        "Reviewed.",
    ]
    _database_refuses("UPDATE treatments_addendum SET text = 'x' WHERE id = %s", [first.pk])
    with pytest.raises(Exception, match="cannot be changed"):
        first.save()


def test_addenda_are_for_signed_notes_only(draft, clinician):
    with pytest.raises(notes.NoteError, match="edit the draft"):
        notes.add_addendum(draft, clinician, "x")


def test_muscle_hazards_and_screen_regions_give_site_warnings(
    episode, clinician, make_screening, make_consent
):
    from dryneedle.screening.gate import needling_gate

    make_screening(episode, lymphoedema={"answer": "yes", "regions": ["anterior_arm:L"]})
    make_consent(episode.patient)
    gate = needling_gate(episode.patient, episode)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    lung = notes.hazard_warnings(treatment, gate, "upper_trapezius", "L")
    assert any("Lung" in w for w in lung)
    biceps_left = notes.hazard_warnings(treatment, gate, "biceps_brachii", "L")
    biceps_right = notes.hazard_warnings(treatment, gate, "biceps_brachii", "R")
    assert any(w.startswith("Screen:") for w in biceps_left)
    assert not any(w.startswith("Screen:") for w in biceps_right)


def test_a_muscle_in_a_region_the_screen_forbids_cannot_be_recorded(
    episode, clinician, make_screening, make_consent, needle
):
    make_screening(episode, lymphoedema={"answer": "yes", "regions": ["anterior_arm:R"]})
    make_consent(episode.patient)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    fields = {"needle": needle, "technique": "static", "minutes": 5, "twitch": "none"}
    with pytest.raises(notes.NoteError, match="never to needle here: Front of upper arm, right"):
        notes.add_needling(treatment, clinician, muscle="biceps_brachii", side="R", **fields)
    assert notes.add_needling(treatment, clinician, muscle="biceps_brachii", side="L", **fields).pk


def test_a_note_still_holding_the_soap_drafts_placeholder_cannot_be_signed(complete, clinician):
    Treatment.objects.filter(pk=complete.pk).update(plan=PLAN_PLACEHOLDER)
    with pytest.raises(notes.NoteError) as caught:
        notes.sign(complete, clinician)
    assert any(TO_COMPLETE in p and "plan" in p.lower() for p in caught.value.problems)
    complete.refresh_from_db()
    assert not complete.is_signed


def test_the_placeholder_problem_names_the_field_that_holds_it(complete, clinician):
    Treatment.objects.filter(pk=complete.pk).update(assessment=f"Better. {TO_COMPLETE}")
    complete.refresh_from_db()
    problems = notes.signing_problems(complete, clinician)
    assert [p.field for p in problems if TO_COMPLETE in p] == ["assessment"]
