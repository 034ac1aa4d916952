"""The treatment note in the web client: start, autosave, entries, signing, charges."""

import csv
import io
import re

from dryneedle.clinics.models import AuditEvent
from dryneedle.treatments import notes
from dryneedle.treatments.models import Needling, StockedNeedle, Treatment
from dryneedle.treatments.soap import PLAN_PLACEHOLDER
from tests.conftest import needling_data


def test_starting_a_treatment_opens_a_draft_note(clinician_client, ready_episode):
    response = clinician_client.post(f"/episodes/{ready_episode.pk}/treatments/new/")
    treatment = Treatment.objects.get()
    assert response["Location"] == f"/treatments/{treatment.pk}/"


def test_starting_without_screen_and_consent_says_why(clinician_client, episode, needle):
    response = clinician_client.post(f"/episodes/{episode.pk}/treatments/new/", follow=True)
    content = response.content.decode()
    assert "No safety screen" in content and "not signed the consent" in content
    assert not Treatment.objects.exists()


def test_the_note_page_shows_the_screen_precautions_at_the_top(
    clinician_client, episode, clinician, make_screening, make_consent, needle
):
    make_screening(episode, anticoagulants="yes")
    make_consent(episode.patient)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    content = clinician_client.get(f"/treatments/{treatment.pk}/").content.decode()
    assert "Precautions from the safety screen" in content
    assert AuditEvent.objects.filter(object_type="treatment", action="view").exists()


def test_autosave_stores_a_field_and_returns_the_new_version(clinician_client, draft):
    response = clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 1, "pre_nprs": 7},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'value="2"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.pre_nprs == 7


def test_autosave_of_one_section_never_blanks_another(clinician_client, draft, clinician):
    changes = {"post_nprs": 3, "plan": "Review in a week."}
    notes.save_draft(draft, changes, expected_version=1, by=clinician)
    clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 2, "pre_nprs": 6},
        headers={"HX-Request": "true"},
    )
    draft.refresh_from_db()
    assert (draft.pre_nprs, draft.post_nprs, draft.plan) == (6, 3, "Review in a week.")


def test_two_clinicians_editing_one_draft_get_a_clear_conflict(
    clinician_client, draft, make_client, colleague
):
    colleague_client = make_client(colleague)
    colleague_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 1, "pre_nprs": 5},
        headers={"HX-Request": "true"},
    )
    response = clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 1, "pre_nprs": 8},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "saved by someone else" in response.content.decode()
    draft.refresh_from_db()
    assert draft.pre_nprs == 5


def test_an_out_of_range_score_is_refused_with_a_message(clinician_client, draft):
    response = clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 1, "pre_nprs": 12},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Not saved" in response.content.decode()


def test_adding_a_needling_by_muscle_name(clinician_client, draft, needle):
    clinician_client.post(f"/treatments/{draft.pk}/needlings/", needling_data(needle))
    assert Needling.objects.get().muscle == "upper_trapezius"


def test_an_unknown_muscle_is_refused(clinician_client, draft, needle):
    response = clinician_client.post(
        f"/treatments/{draft.pk}/needlings/",
        needling_data(needle, muscle="Upper trapz"),
        headers={"HX-Request": "true"},
    )
    assert "is not a muscle in the atlas" in response.content.decode()
    assert not Needling.objects.exists()


def test_passes_or_minutes_are_required(clinician_client, draft, needle):
    data = needling_data(needle)
    del data["passes"]
    clinician_client.post(f"/treatments/{draft.pk}/needlings/", data)
    assert not Needling.objects.exists()


def test_another_clinics_needle_cannot_be_used(clinician_client, draft, other_clinic):
    foreign = StockedNeedle.objects.create(clinic=other_clinic, diameter_mm="0.30", length_mm=50)
    clinician_client.post(f"/treatments/{draft.pk}/needlings/", needling_data(foreign))
    assert not Needling.objects.exists()


def test_site_warnings_name_the_lung_hazard(clinician_client, draft):
    response = clinician_client.get(
        f"/treatments/{draft.pk}/warnings/", {"muscle": "Upper trapezius", "side": "L"}
    )
    assert "Lung" in response.content.decode()


def test_drafting_the_soap_note_from_entries(clinician_client, complete):
    Treatment.objects.filter(pk=complete.pk).update(
        subjective="", objective="", assessment="", plan=""
    )
    complete.refresh_from_db()
    clinician_client.post(f"/treatments/{complete.pk}/soap/", {"version": complete.version})
    complete.refresh_from_db()
    assert "upper trapezius" in complete.objective.lower()
    assert "NPRS 7→4" in complete.assessment


def test_signing_from_the_page_locks_the_note(clinician_client, complete):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    complete.refresh_from_db()
    assert complete.is_signed and complete.cpt_code == "20560"
    content = clinician_client.get(f"/treatments/{complete.pk}/").content.decode()
    assert "Add addendum" in content and "Sign as" not in content


def test_a_colleague_cannot_sign_and_is_told_why(make_client, colleague, complete):
    response = make_client(colleague).post(f"/treatments/{complete.pk}/sign/", follow=True)
    assert "Only the treating clinician" in response.content.decode()
    complete.refresh_from_db()
    assert not complete.is_signed


def test_entries_of_a_signed_note_cannot_be_added_from_the_web(clinician_client, complete, needle):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    clinician_client.post(f"/treatments/{complete.pk}/needlings/", needling_data(needle))
    assert complete.needlings.count() == 2


def test_charge_lines_of_the_day_as_csv(clinician_client, complete, clinician):
    import zoneinfo

    signed = notes.sign(complete, clinician)
    zone = zoneinfo.ZoneInfo(signed.episode.patient.clinic.timezone)
    day = signed.performed_at.astimezone(zone).date().isoformat()
    response = clinician_client.get("/clinic/charges.csv", {"date": day})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["cpt"], r["icd10"], r["units"]) for r in rows] == [("20560", "M54.50", "1")]


def test_a_record_number_that_looks_like_a_formula_reaches_the_charges_csv_as_text(
    clinician_client, complete, clinician
):
    import zoneinfo

    patient = complete.episode.patient
    patient.record_number = "=1+1"
    patient.given_name = "@SUM(A1)"
    patient.save()
    signed = notes.sign(complete, clinician)
    zone = zoneinfo.ZoneInfo(patient.clinic.timezone)
    day = signed.performed_at.astimezone(zone).date().isoformat()
    response = clinician_client.get("/clinic/charges.csv", {"date": day})
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert (row["patient_record_number"], row["patient"], row["units"]) == (
        "'=1+1",
        f"'@SUM(A1) {patient.family_name}",
        "1",
    )


def test_front_desk_cannot_open_treatment_notes(front_desk_client, draft):
    assert front_desk_client.get(f"/treatments/{draft.pk}/").status_code == 403


def test_clinic_admin_adds_a_needle_size(admin_client_, clinic):
    admin_client_.post("/clinic/needles/", {"diameter_mm": "0.30", "length_mm": 60})
    assert StockedNeedle.objects.filter(clinic=clinic, length_mm=60).exists()


def test_an_impossible_needle_is_refused(admin_client_, clinic):
    response = admin_client_.post("/clinic/needles/", {"diameter_mm": "1.20", "length_mm": 60})
    assert "0.10 to 0.50 mm" in response.content.decode()


def test_the_web_note_refuses_a_forbidden_site_with_the_reason(
    clinician_client, episode, clinician, make_screening, make_consent, needle
):
    make_screening(episode, lymphoedema={"answer": "yes", "regions": ["anterior_arm:R"]})
    make_consent(episode.patient)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    response = clinician_client.post(
        f"/treatments/{treatment.pk}/needlings/",
        needling_data(needle, muscle="Biceps brachii", side="R"),
        headers={"HX-Request": "true"},
    )
    assert "never to needle here" in response.content.decode()
    assert not Needling.objects.exists()


def test_autosave_refreshes_what_is_still_needed_to_sign(clinician_client, draft):
    response = clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 1, "pre_nprs": 7},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert 'id="sign-problems" hx-swap-oob="true"' in content
    assert "pain before" not in content and "pain after" in content


def test_clicking_a_chart_region_lists_the_muscles_lying_there(clinician_client, draft):
    response = clinician_client.get(
        f"/treatments/{draft.pk}/muscles-at/", {"region": "calf:R"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert 'data-pick-muscle="Soleus"' in content and 'data-pick-side="R"' in content


def test_range_of_motion_offers_the_protocols_movements_first(
    clinician_client, clinician, make_screening, make_consent, patient
):
    from tests.factories import EpisodeFactory

    episode = EpisodeFactory(patient=patient, icd10_code="M54.2")
    make_screening(episode)
    make_consent(patient)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    content = clinician_client.get(f"/treatments/{treatment.pk}/").content.decode()
    datalist = content.split('id="rom-movements"')[1]
    assert datalist.index("Cervical rotation left") < datalist.index("Lumbar flexion")


def test_autosave_audit_rows_name_the_fields_saved(clinician_client, draft):
    from dryneedle.clinics.models import AuditEvent

    clinician_client.post(
        f"/treatments/{draft.pk}/save/",
        {"version": 1, "pre_nprs": 6},
        headers={"HX-Request": "true"},
    )
    assert AuditEvent.objects.filter(detail="draft saved: pre_nprs").exists()


def test_a_measure_or_event_posted_to_a_signed_note_gets_a_message_not_an_error(
    clinician_client, complete
):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    rom = clinician_client.post(
        f"/treatments/{complete.pk}/rom/",
        {"movement": "Cervical flexion", "before_degrees": 40},
        follow=True,
    )
    event = clinician_client.post(
        f"/treatments/{complete.pk}/adverse-events/",
        {"kind": "bruising", "severity": "mild", "onset": "after", "action": "Ice."},
        follow=True,
    )
    for response in (rom, event):
        assert response.status_code == 200
        assert "signed and cannot change" in response.content.decode()
    assert not complete.rom.exists() and not complete.adverse_events.exists()


def test_an_empty_addendum_is_refused_beside_the_addendum_form(clinician_client, complete):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    response = clinician_client.post(f"/treatments/{complete.pk}/addenda/", {"text": "  "})
    assert response.status_code == 400
    addenda = response.content.decode().split('id="addenda"', 1)[1]
    assert "Write the addendum first." in addenda
    assert not complete.addenda.exists()


def test_an_addendum_added_through_htmx_returns_the_addenda_section(clinician_client, complete):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    response = clinician_client.post(
        f"/treatments/{complete.pk}/addenda/",
        {"text": "Patient phoned: soreness gone."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Patient phoned: soreness gone." in response.content.decode()


def test_an_entry_sent_to_a_note_signed_meanwhile_reloads_the_page_through_htmx(
    clinician_client, complete, needle
):
    clinician_client.post(f"/treatments/{complete.pk}/sign/")
    response = clinician_client.post(
        f"/treatments/{complete.pk}/needlings/",
        needling_data(needle),
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == f"/treatments/{complete.pk}/"


def test_signing_with_the_soap_placeholder_left_points_at_the_field_to_complete(
    clinician_client, complete
):
    Treatment.objects.filter(pk=complete.pk).update(plan=PLAN_PLACEHOLDER)
    response = clinician_client.post(f"/treatments/{complete.pk}/sign/", follow=True)
    content = response.content.decode()
    assert '<a href="#id_plan">' in content
    assert 'id="id_plan_unfinished"' in content
    complete.refresh_from_db()
    assert not complete.is_signed


def test_a_charges_day_too_far_ahead_is_refused_with_a_message(clinician_client):
    response = clinician_client.get("/clinic/charges.csv", {"date": "9999-12-31"})
    assert response.status_code == 400
    assert "outside the dates" in response.content.decode()


def test_a_charges_day_that_is_not_a_date_is_refused_with_a_message(clinician_client):
    response = clinician_client.get("/clinic/charges.csv", {"date": "31/12/2026"})
    assert response.status_code == 400
    assert "“31/12/2026” is not a date: write it as YYYY-MM-DD." in response.content.decode()


def test_the_charges_csv_without_a_day_is_todays(clinician_client):
    response = clinician_client.get("/clinic/charges.csv")
    assert response.status_code == 200
    assert re.search(r'filename="charges-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
