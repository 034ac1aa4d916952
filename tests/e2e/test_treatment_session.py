"""A clinician documents a typical four-muscle session on a tablet and signs it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dryneedle.clinics.models import User
from dryneedle.demo.management.commands.demo import DEMO_PASSWORD
from dryneedle.patients.models import Episode
from dryneedle.treatments.models import Treatment
from tests.clinical_records import consent, screen

pytestmark = pytest.mark.browser

MUSCLES = ["Upper trapezius", "Levator scapulae", "Splenius capitis", "Suboccipital muscles"]


def test_clinician_documents_a_four_muscle_session_and_signs_it(
    page: Page, live_server, removable_signed_notes, console_errors
):
    call_command("demo", patients=6)
    clinician = User.objects.get(email="demo@clinic.test")
    episode = Episode.objects.get(icd10_code="G44.209")  # tension-type headache
    screen(episode, clinician)
    consent(episode.patient, clinician)

    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("demo@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/episodes/{episode.pk}/")
    expect(page.get_by_role("heading", name="Ready to needle")).to_be_visible()
    page.get_by_role("button", name="Start a treatment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dry needling")

    page.get_by_label("Pain before (NPRS)").fill("7")
    page.get_by_label("Pain before (NPRS)").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Saved")

    # The first muscle is picked on the body chart; the others are typed.
    page.get_by_role("button", name="Top of shoulder (neck-shoulder angle), left").click()
    page.locator("#muscle-picks").get_by_role("button", name="Upper trapezius").click()
    expect(page.get_by_label("Muscle", exact=True)).to_have_value("Upper trapezius")
    expect(page.locator("#site-warnings")).to_contain_text("Lung")

    for muscle in MUSCLES:
        if muscle != "Upper trapezius":
            page.get_by_label("Muscle", exact=True).fill(muscle)
            page.get_by_label("Muscle", exact=True).press("Tab")
            page.locator("fieldset", has_text="Side").get_by_label("Left").check()
        page.get_by_label("Passes").fill("3")
        page.locator("fieldset", has_text="Local twitch responses").get_by_label("Few").check()
        page.get_by_role("button", name="Add muscle").click()
        expect(page.locator(".needling-list")).to_contain_text(f"Left {muscle.lower()}")
    expect(page.locator(".coding-box")).to_contain_text("20561")
    expect(page.locator(".coding-box")).to_contain_text("4 muscles")

    page.get_by_label("Discomfort during needling").fill("4")
    page.get_by_label("Pain after (NPRS)").fill("3")
    page.get_by_label("Needles opened").fill("8")
    page.get_by_label("Needles removed").fill("8")
    page.get_by_label("Discarded intact").fill("0")
    page.get_by_label("Discarded intact").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Saved")

    page.get_by_role("button", name="Draft from my entries").click()
    expect(page.get_by_label("Assessment")).to_have_value(re.compile("NPRS 7→3"))
    # The draft leaves the next session to the clinician; signing waits until it is written.
    page.get_by_role("button", name="Sign as").click()
    expect(page.locator("#id_plan_unfinished")).to_contain_text("[clinician to complete]")
    page.get_by_label("Plan").fill("Review at the 24-hour check-in; next session in one week.")
    page.get_by_role("button", name="Sign as").click()
    expect(page.get_by_role("status")).to_contain_text("Signed")

    treatment = Treatment.objects.get(episode=episode)
    assert (treatment.status, treatment.cpt_code, treatment.needlings.count()) == (
        "signed",
        "20561",
        4,
    )
    assert not console_errors, "\n".join(dict.fromkeys(console_errors))
