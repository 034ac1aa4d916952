"""A patient signs the consent on the clinic's tablet; the clinician witnesses it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD
from dryneedle.patients.models import Patient
from dryneedle.screening.models import Consent

pytestmark = pytest.mark.browser


def test_patient_signs_consent_with_a_drawn_signature(
    page: Page, live_server, transactional_db, console_errors
):
    call_command("demo", patients=1)
    patient = Patient.objects.get()
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("demo@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")

    page.goto(f"{live_server.url}/patients/{patient.pk}/consent/")
    page.get_by_label("Patient's full name, typed").fill(patient.full_name)
    pad = page.locator("canvas[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 120)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(box["x"] + 40 + step * 15, box["y"] + 120 - (40 if step % 3 else 0))
    page.mouse.up()
    page.get_by_label("I witnessed the patient read this text and sign.").check()
    page.get_by_role("button", name="Sign consent").click()

    expect(page.get_by_role("status")).to_contain_text("Consent (version 1) signed and witnessed")
    consent = Consent.objects.get(patient=patient)
    assert consent.signature.startswith("M40 120 L")
    assert not console_errors, "\n".join(dict.fromkeys(console_errors))
