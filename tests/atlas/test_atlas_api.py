"""The atlas and pain-drawing API."""

from dryneedle.clinics.models import AuditEvent
from dryneedle.patients.models import PainDrawing


def test_api_lists_regions(clinician_client):
    regions = clinician_client.get("/api/atlas/regions").json()
    assert {"id": "occiput", "label": "Back of head", "view": "back", "paired": True} in regions


def test_api_searches_muscles_by_painful_region(clinician_client):
    muscles = clinician_client.get("/api/atlas/muscles", {"q": "heel"}).json()
    assert "soleus" in {m["id"] for m in muscles}


def test_api_returns_one_muscle_in_full(clinician_client):
    muscle = clinician_client.get("/api/atlas/muscles/supinator").json()
    assert muscle["trigger_points"][0]["sources"]


def test_api_unknown_muscle_is_404(clinician_client):
    assert clinician_client.get("/api/atlas/muscles/no_such_muscle").status_code == 404


def test_api_ranks_a_drawing(clinician_client):
    body = clinician_client.get("/api/atlas/rank", {"regions": "temple:L,occiput:L"}).json()
    assert body["results"][0]["side"] == "L"


def test_api_rank_with_an_unknown_region_says_which_and_suggests(clinician_client):
    response = clinician_client.get("/api/atlas/rank", {"regions": "tempel"})
    assert response.status_code == 400
    assert "Did you mean: temple" in response.json()["detail"]


def test_api_saves_a_pain_drawing_and_audits_it(clinician_client, episode):
    response = clinician_client.post(
        f"/api/episodes/{episode.pk}/pain-drawings",
        {"marks": ["temple:L=2", "occiput"], "note": "after work"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert PainDrawing.objects.get().marks == ["temple:L=2", "occiput"]
    assert AuditEvent.objects.filter(action="create", object_type="paindrawing").exists()


def test_api_refuses_an_empty_drawing(clinician_client, episode):
    response = clinician_client.post(
        f"/api/episodes/{episode.pk}/pain-drawings",
        {"marks": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not PainDrawing.objects.exists()


def test_api_drawing_for_another_clinics_episode_is_404(outsider_client, episode):
    response = outsider_client.post(
        f"/api/episodes/{episode.pk}/pain-drawings",
        {"marks": ["temple"]},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_post_needs_the_csrf_token(clinician, episode):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    response = client.post(
        f"/api/episodes/{episode.pk}/pain-drawings",
        {"marks": ["temple"]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not PainDrawing.objects.exists()
