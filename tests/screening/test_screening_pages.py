"""Recording a safety screen and a signed consent in the clinic."""

from dryneedle.clinics.models import AuditEvent
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import load_rules
from tests.clinical_records import all_no


def _post(answers: dict) -> dict:
    data = {}
    for key, value in answers.items():
        if isinstance(value, dict):
            data[key] = value["answer"]
            data[f"{key}__regions"] = value["regions"]
        else:
            data[key] = value
    return data


def test_clinician_records_a_clear_screen(clinician_client, episode):
    response = clinician_client.post(f"/episodes/{episode.pk}/screening/", _post(all_no()))
    screening = Screening.objects.get()
    assert response["Location"] == f"/screenings/{screening.pk}/"
    assert (screening.result, screening.rules_version) == ("clear", load_rules().version)


def test_screen_with_a_region_answer_keeps_the_regions(clinician_client, episode):
    answers = all_no(local_infection={"answer": "yes", "regions": ["calf:R"]})
    clinician_client.post(f"/episodes/{episode.pk}/screening/", _post(answers))
    screening = Screening.objects.get()
    assert screening.result == "precautions"
    assert screening.triggered[0]["regions"] == ["calf:R"]


def test_a_yes_without_regions_is_explained_and_not_saved(clinician_client, episode):
    data = _post(all_no())
    data["lymphoedema"] = "yes"
    response = clinician_client.post(f"/episodes/{episode.pk}/screening/", data)
    assert "say which regions" in response.content.decode()
    assert not Screening.objects.exists()


def test_an_unanswered_question_is_named(clinician_client, episode):
    data = _post(all_no())
    del data["pregnant"]
    response = clinician_client.post(f"/episodes/{episode.pk}/screening/", data)
    assert response.context["form"].errors["pregnant"]
    assert not Screening.objects.exists()


def test_the_patient_answers_on_a_tablet_in_their_own_words(clinician_client, episode):
    content = clinician_client.get(f"/episodes/{episode.pk}/screening/?for=patient").content
    assert load_rules().questions["needle_phobia"].patient_text in content.decode()
    data = {**_post(all_no()), "for": "patient"}
    response = clinician_client.post(f"/episodes/{episode.pk}/screening/", data)
    assert "hand the tablet back" in response.content.decode()
    assert Screening.objects.get().source == "patient"


def test_screen_result_page_shows_the_gate(clinician_client, episode, make_screening):
    screening = make_screening(episode, needle_phobia="yes")
    content = clinician_client.get(f"/screenings/{screening.pk}/").content.decode()
    assert "Not ready to needle" in content
    assert AuditEvent.objects.filter(object_type="screening", action="view").exists()


def test_front_desk_cannot_screen(front_desk_client, episode):
    assert front_desk_client.get(f"/episodes/{episode.pk}/screening/").status_code == 403


def _consent(patient, **overrides):
    return {
        "typed_name": patient.full_name,
        "signature": "M10 10 L40 60 L80 20",
        "witnessed": "on",
        **overrides,
    }


def test_patient_signs_consent_witnessed_by_the_clinician(clinician_client, clinician, patient):
    clinician_client.post(f"/patients/{patient.pk}/consent/", _consent(patient))
    consent = Consent.objects.get()
    assert (consent.witnessed_by, consent.text_version) == (clinician, 1)
    assert consent.signature == "M10 10 L40 60 L80 20"


def test_consent_without_a_drawn_signature_is_refused(clinician_client, patient):
    response = clinician_client.post(
        f"/patients/{patient.pk}/consent/", _consent(patient, signature="")
    )
    assert "has not signed" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_with_a_different_typed_name_is_refused(clinician_client, patient):
    response = clinician_client.post(
        f"/patients/{patient.pk}/consent/", _consent(patient, typed_name="Someone Else")
    )
    assert "does not match" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_needs_the_witness_box(clinician_client, patient):
    data = _consent(patient)
    del data["witnessed"]
    clinician_client.post(f"/patients/{patient.pk}/consent/", data)
    assert not Consent.objects.exists()


def test_a_forged_signature_payload_is_refused(clinician_client, patient):
    evil = '"/><script>alert(1)</script>'
    clinician_client.post(f"/patients/{patient.pk}/consent/", _consent(patient, signature=evil))
    assert not Consent.objects.exists()


def test_episode_page_shows_what_blocks_needling(clinician_client, episode):
    content = clinician_client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Not ready to needle" in content
    assert "No safety screen" in content


def test_the_screen_result_shows_each_questions_wording_and_never_its_field_name(
    clinician_client, episode, make_screening
):
    screening = make_screening(episode, needle_phobia="yes", cognitive_impairment="yes")
    content = clinician_client.get(f"/screenings/{screening.pk}/").content.decode()
    for question_id in ("needle_phobia", "cognitive_impairment"):
        assert load_rules().questions[question_id].text in content
        assert question_id not in content and question_id.replace("_", "") not in content


def test_each_precaution_card_names_the_question_and_the_answer_that_raised_it(
    clinician_client, episode, make_screening
):
    screening = make_screening(
        episode, local_infection={"answer": "yes", "regions": ["calf:R"]}, anticoagulants="yes"
    )
    content = clinician_client.get(f"/screenings/{screening.pk}/").content.decode()
    cards = content.split("What the screen found", 1)[1].split("</section>", 1)[0]
    questions = load_rules().questions
    assert questions["local_infection"].text in cards and "Calf, right" in cards
    assert questions["anticoagulants"].text in cards
    assert cards.count("Answered yes") == 2


def test_the_gate_precautions_name_the_question_that_raised_them(
    clinician_client, episode, make_screening, make_consent
):
    make_screening(episode, anticoagulants="yes")
    make_consent(episode.patient)
    content = clinician_client.get(f"/episodes/{episode.pk}/").content.decode()
    assert load_rules().questions["anticoagulants"].text in content


def test_regions_are_checkboxes_grouped_by_body_part(clinician_client, episode):
    content = clinician_client.get(f"/episodes/{episode.pk}/screening/").content.decode()
    assert 'type="checkbox" name="local_infection__regions" value="calf:R"' in content
    assert ">Leg and foot</legend>" in content and ">Head and neck</legend>" in content
    assert "Ctrl" not in content and "body chart" not in content


def test_regions_ticked_in_two_body_parts_are_saved(clinician_client, episode):
    data = _post(all_no())
    data["lymphoedema"] = "yes"
    data["lymphoedema__regions"] = ["anterior_arm:L", "calf:L"]
    response = clinician_client.post(f"/episodes/{episode.pk}/screening/", data)
    assert response.status_code == 302
    [rule] = Screening.objects.get().triggered
    assert rule["regions"] == ["anterior_arm:L", "calf:L"]
