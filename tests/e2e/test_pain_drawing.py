"""A clinician marks painful regions on the body chart and sees the ranking update live."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD
from dryneedle.patients.models import Episode, PainDrawing

pytestmark = pytest.mark.browser


def test_clicking_regions_ranks_trigger_points_and_saves_the_drawing(
    page: Page, live_server, transactional_db, console_errors
):
    call_command("demo", patients=6)
    episode = Episode.objects.get(icd10_code="M72.2")  # the plantar fasciitis demo patient

    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("demo@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")

    page.goto(f"{live_server.url}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Draw where it hurts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pain drawing")
    ranking = page.locator("#ranking")
    expect(ranking).to_contain_text("Mark the painful regions")

    heel = page.get_by_role("button", name="Heel, right").first
    heel.click()  # mild
    expect(ranking).to_contain_text("Soleus")
    heel.click()  # moderate
    expect(heel).to_have_attribute("aria-label", "Heel, right, moderate pain")

    # The keyboard works too: focus a region and press Enter.
    calf = page.get_by_role("button", name="Calf, right").first
    calf.focus()
    page.keyboard.press("Enter")
    expect(calf).to_have_attribute("aria-pressed", "true")
    expect(ranking).to_contain_text("2 regions marked")
    expect(ranking.locator(".result").first).to_contain_text("Explains: Heel, right")
    expect(ranking).to_contain_text("Soleus")
    expect(ranking).to_contain_text("in this episode's protocol")

    page.get_by_label("Note").fill("worse on the first steps")
    page.get_by_role("button", name="Save drawing").click()
    expect(page.get_by_role("status")).to_contain_text("Pain drawing saved (2 regions)")
    drawing = PainDrawing.objects.get(episode=episode)
    assert sorted(drawing.marks) == ["calf:R", "heel:R=2"]
    expect(page.locator("table")).to_contain_text("worse on the first steps")

    assert not console_errors, "\n".join(dict.fromkeys(console_errors))
