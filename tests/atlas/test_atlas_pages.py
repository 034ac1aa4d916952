"""Atlas pages and pain drawings in the browser-less web client."""

from dryneedle.clinics.models import AuditEvent
from dryneedle.patients.models import PainDrawing
from tests.factories import EpisodeFactory


def test_atlas_lists_muscles_by_area(clinician_client):
    content = clinician_client.get("/atlas/").content.decode()
    assert "Upper trapezius" in content and "Soleus" in content


def test_atlas_search_finds_muscles_referring_to_a_region(clinician_client):
    response = clinician_client.get("/atlas/", {"q": "heel"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Soleus" in content and "Temporalis" not in content


def test_muscle_page_shows_referral_chart_and_hazards(clinician_client):
    content = clinician_client.get("/atlas/muscles/upper_trapezius/").content.decode()
    assert 'class="region essential"' in content
    assert "caution" in content


def test_unknown_muscle_page_is_404(clinician_client):
    assert clinician_client.get("/atlas/muscles/no_such_muscle/").status_code == 404


def test_explore_ranks_without_a_patient(clinician_client):
    response = clinician_client.get("/atlas/rank/", {"marks": "heel,plantar_foot"})
    assert "Soleus" in response.content.decode()


def test_ranking_partial_names_an_unknown_region(clinician_client):
    response = clinician_client.get(
        "/atlas/rank/", {"marks": "tempel"}, headers={"HX-Request": "true"}
    )
    assert "Unknown body region" in response.content.decode()


def test_pain_drawing_page_opens_for_the_episode_and_is_audited(clinician_client, episode):
    response = clinician_client.get(f"/episodes/{episode.pk}/pain-drawing/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(patient=episode.patient, detail="pain drawing").exists()


def test_saving_a_pain_drawing_keeps_it_with_the_atlas_version(clinician_client, episode):
    response = clinician_client.post(
        f"/episodes/{episode.pk}/pain-drawing/save/", {"marks": "heel:R=3,calf:R", "note": "x"}
    )
    drawing = PainDrawing.objects.get()
    assert response["Location"].endswith(f"?drawing={drawing.pk}")
    assert drawing.marks == ["calf:R", "heel:R=3"] or set(drawing.marks) == {"heel:R=3", "calf:R"}
    assert drawing.atlas_version


def test_saved_drawings_are_listed_with_their_date(clinician_client, episode):
    clinician_client.post(f"/episodes/{episode.pk}/pain-drawing/save/", {"marks": "heel"})
    content = clinician_client.get(f"/episodes/{episode.pk}/pain-drawing/").content.decode()
    assert PainDrawing.objects.get().created_at.strftime("%Y") in content


def test_a_bad_drawing_is_not_saved_and_the_user_is_told(clinician_client, episode):
    response = clinician_client.post(
        f"/episodes/{episode.pk}/pain-drawing/save/", {"marks": "tempel"}, follow=True
    )
    assert "not saved" in response.content.decode()
    assert not PainDrawing.objects.exists()


def test_an_empty_drawing_is_not_saved(clinician_client, episode):
    response = clinician_client.post(
        f"/episodes/{episode.pk}/pain-drawing/save/", {"marks": ""}, follow=True
    )
    assert "Mark at least one" in response.content.decode()
    assert not PainDrawing.objects.exists()


def test_admin_can_read_drawings_but_not_save_them(admin_client_, episode):
    assert admin_client_.get(f"/episodes/{episode.pk}/pain-drawing/").status_code == 200
    response = admin_client_.post(f"/episodes/{episode.pk}/pain-drawing/save/", {"marks": "heel"})
    assert response.status_code == 403


def test_a_drawing_of_another_episode_cannot_be_shown_through_this_one(clinician_client, episode):
    other = EpisodeFactory(patient=episode.patient)
    clinician_client.post(f"/episodes/{other.pk}/pain-drawing/save/", {"marks": "heel"})
    drawing = PainDrawing.objects.get()
    response = clinician_client.get(f"/episodes/{episode.pk}/pain-drawing/?drawing={drawing.pk}")
    assert response.status_code == 404


def test_episode_protocol_follows_the_diagnosis(clinician_client, patient):
    episode = EpisodeFactory(patient=patient, icd10_code="M77.11")
    content = clinician_client.get(f"/episodes/{episode.pk}/").content.decode()
    assert "Lateral epicondylitis" in content
    assert "Supinator" in content
    assert "PRTEE" in content


def test_a_one_sided_referral_pattern_is_drawn_on_one_side_only(clinician_client):
    content = clinician_client.get("/atlas/muscles/upper_trapezius/").content.decode()
    assert 'class="region essential" d=' in content
    assert 'data-key="temple:R"' in content
    right = content.split('data-key="temple:R"')[0].rsplit("<path", 1)[1]
    left = content.split('data-key="temple:L"')[0].rsplit("<path", 1)[1]
    assert "essential" in right and "essential" not in left
