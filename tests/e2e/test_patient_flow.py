"""A clinician signs in, registers a patient and finds them again with the live search."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

GIVEN, FAMILY = "Rosalind", "Quartermaine"  # no demo patient has this family name


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_clinician_registers_a_patient_and_finds_them_by_search(
    page: Page, live_server, transactional_db, console_errors
):
    call_command("demo", patients=3)  # Hughes, Kowalski, Silva; the clinician is Dana Morgan
    main_nav = page.get_by_role("navigation", name="Main")

    sign_in(page, live_server.url, "demo@clinic.test", DEMO_PASSWORD)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Dana")

    main_nav.get_by_role("link", name="Patients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    page.get_by_role("link", name="Register a patient").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a patient")

    page.get_by_label("First name").fill(GIVEN)
    page.get_by_label("Last name").fill(FAMILY)
    page.get_by_label("Date of birth").fill("1984-03-09")
    page.get_by_label("Sex").select_option(label="Female")
    page.get_by_label("Email").fill("rosalind.q@example.org")
    page.get_by_label("Phone").fill("+1 312 555 0199")
    page.get_by_role("button", name="Register patient").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FAMILY}, {GIVEN}")
    expect(page.get_by_role("status")).to_contain_text(f"{GIVEN} {FAMILY} is registered.")
    expect(page.locator(".facts")).to_contain_text("9 Mar 1984")

    # The live search replaces the results table through htmx; no button is pressed.
    main_nav.get_by_role("link", name="Patients").click()
    results = page.locator("#patient-results")
    expect(results).to_contain_text("Hughes")
    page.get_by_role("searchbox", name="Search patients").press_sequentially("quarter")
    expect(results).to_contain_text(f"{FAMILY}, {GIVEN}", timeout=5_000)
    expect(results).not_to_contain_text("Hughes", timeout=5_000)
    expect(results).to_contain_text("1 patient")
    expect(page).to_have_url(re.compile(r"/patients/\?q=quarter"))

    results.get_by_role("link", name=f"{FAMILY}, {GIVEN}").click()
    expect(page).to_have_url(re.compile(r"/patients/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FAMILY}, {GIVEN}")
    expect(page.get_by_role("heading", name="Episodes of care")).to_be_visible()

    assert not console_errors, (
        "The browser reported errors (CSP violations, failed loads, script errors):\n"
        + "\n".join(dict.fromkeys(console_errors))
    )
