"""The treatment API applies the same rules as the web."""

from dryneedle.treatments.models import Treatment
from dryneedle.treatments.soap import PLAN_PLACEHOLDER, TO_COMPLETE

JSON = "application/json"


def test_api_codes_a_list_of_needled_muscles(clinician_client):
    response = clinician_client.get(
        "/api/treatments/cpt", {"needling": ["upper_trapezius:L", "levator_scapulae:L"]}
    )
    assert response.json()["cpt"] == "20560"


def test_api_coding_names_an_unknown_muscle_and_suggests(clinician_client):
    response = clinician_client.get("/api/treatments/cpt", {"needling": ["upper_trapezus:L"]})
    assert response.status_code == 400
    assert "upper_trapezius" in response.json()["detail"]


def test_api_refuses_to_start_without_screen_and_consent(clinician_client, episode):
    response = clinician_client.post(f"/api/episodes/{episode.pk}/treatments")
    assert response.status_code == 409
    assert "No safety screen" in response.json()["detail"]


def test_api_documents_and_signs_a_session(clinician_client, ready_episode, needle):
    treatment = clinician_client.post(f"/api/episodes/{ready_episode.pk}/treatments").json()
    tid = treatment["id"]
    for muscle in ("upper_trapezius", "levator_scapulae", "splenius_capitis"):
        response = clinician_client.post(
            f"/api/treatments/{tid}/needlings",
            {
                "muscle": muscle,
                "side": "L",
                "needle": needle.pk,
                "technique": "static",
                "minutes": 5,
                "twitch": "none",
            },
            content_type=JSON,
        )
        assert response.status_code == 201, response.content
    draft = clinician_client.patch(
        f"/api/treatments/{tid}",
        {
            "version": 1,
            "pre_nprs": 6,
            "post_nprs": 3,
            "needles_opened": 3,
            "needles_removed": 3,
            "needles_discarded": 0,
            "subjective": "s",
            "objective": "o",
            "assessment": "a",
            "plan": "p",
        },
        content_type=JSON,
    )
    assert draft.json()["version"] == 2
    signed = clinician_client.post(f"/api/treatments/{tid}/sign").json()
    assert (signed["status"], signed["cpt_code"]) == ("signed", "20561")


def test_api_update_with_a_stale_version_is_a_conflict(clinician_client, draft):
    clinician_client.patch(
        f"/api/treatments/{draft.pk}", {"version": 1, "pre_nprs": 4}, content_type=JSON
    )
    response = clinician_client.patch(
        f"/api/treatments/{draft.pk}", {"version": 1, "pre_nprs": 9}, content_type=JSON
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.pre_nprs == 4


def test_api_refuses_an_out_of_range_score(clinician_client, draft):
    response = clinician_client.patch(
        f"/api/treatments/{draft.pk}", {"version": 1, "pre_nprs": 11}, content_type=JSON
    )
    assert response.status_code == 422


def test_api_sign_lists_what_is_missing(clinician_client, draft):
    response = clinician_client.post(f"/api/treatments/{draft.pk}/sign")
    assert response.status_code == 400
    assert "needle count" in response.json()["detail"]


def test_api_cannot_change_a_signed_note(clinician_client, complete, clinician):
    from dryneedle.treatments import notes

    signed = notes.sign(complete, clinician)
    response = clinician_client.patch(
        f"/api/treatments/{signed.pk}",
        {"version": signed.version, "plan": "changed"},
        content_type=JSON,
    )
    assert response.status_code == 409
    assert Treatment.objects.get(pk=signed.pk).plan == "Review."


def test_api_addendum_on_a_signed_note(clinician_client, complete, clinician):
    from dryneedle.treatments import notes

    notes.sign(complete, clinician)
    response = clinician_client.post(
        f"/api/treatments/{complete.pk}/addenda", {"text": "Phoned: better."}, content_type=JSON
    )
    assert response.status_code == 201
    assert clinician_client.get(f"/api/treatments/{complete.pk}").json()["addenda"][0]["text"] == (
        "Phoned: better."
    )


def test_api_needle_list_is_the_clinics_own(clinician_client, needle, other_clinic):
    from dryneedle.treatments.models import StockedNeedle

    StockedNeedle.objects.create(clinic=other_clinic, diameter_mm="0.30", length_mm=90)
    labels = [n["label"] for n in clinician_client.get("/api/treatments/needles").json()]
    assert labels == [str(needle)]


def test_api_refuses_to_sign_a_note_holding_the_soap_placeholder_with_422(
    clinician_client, complete
):
    Treatment.objects.filter(pk=complete.pk).update(plan=PLAN_PLACEHOLDER)
    response = clinician_client.post(f"/api/treatments/{complete.pk}/sign")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "plan"] and TO_COMPLETE in error["msg"]
