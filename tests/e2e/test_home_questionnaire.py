"""A patient fills a questionnaire at home from the link the clinic gave them, on a phone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD
from dryneedle.outcomes.models import Response
from dryneedle.patients.models import Episode

pytestmark = pytest.mark.browser


def test_patient_answers_a_home_questionnaire_on_a_phone(
    browser: Browser, page: Page, live_server, transactional_db, console_errors, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    call_command("demo", patients=3)
    episode = Episode.objects.get(icd10_code="M54.2")  # neck pain: NDI is in its protocol

    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("demo@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/episodes/{episode.pk}/")
    ndi_row = page.locator(".instrument-action", has_text="NDI")
    ndi_row.get_by_role("button", name="Link / QR").click()
    expect(page.get_by_role("img", name="QR code of the questionnaire link")).to_be_visible()
    link = re.search(r"http\S+/q/[\w-]+/", page.locator(".link-url").inner_text()).group(0)

    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    console_errors.attach(phone)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Neck Disability Index")
    expect(phone.locator("main")).not_to_contain_text(episode.patient.family_name)
    for item, value in enumerate([1, 2, 1, 0, 2, 1, 0, 1, 2, 1], start=1):
        phone.locator(f"select[name=item_{item}]").select_option(str(value))
    phone.get_by_role("button", name="Send my answers").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert not console_errors, "\n".join(dict.fromkeys(console_errors))

    phone.goto(link)  # a used link answers 404 with a plain explanation
    expect(phone.locator("main")).to_contain_text("already been answered")
    phone_context.close()

    response = Response.objects.get(episode=episode)
    assert (response.instrument, float(response.score), response.source) == ("NDI", 11.0, "home")
