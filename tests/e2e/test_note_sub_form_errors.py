"""Each sub-form of the treatment note shows the server's message beside the form.

htmx does not swap a 4xx answer by default: before the fix, a refused "Add muscle" left the
page as it was and the clinician saw nothing happen.
"""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from dryneedle.treatments import notes
from tests.sessions import verified_client

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in_page(page: Page, live_server, clinician, transactional_db) -> Page:
    """The page with the clinician's session (password and second step passed)."""
    session = verified_client(clinician).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return page


def unexpected(console_errors) -> str:
    """Console errors other than Chromium's own line for the refused request: a 400 answer
    is the point of these tests, and Chromium logs every 4xx it receives."""
    refused = "the server responded with a status of 400"
    return "\n".join(dict.fromkeys(line for line in console_errors if refused not in line))


def open_note(page: Page, live_server, treatment) -> None:
    page.goto(f"{live_server.url}/treatments/{treatment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dry needling")


def test_adding_a_muscle_without_passes_or_minutes_shows_why_beside_the_form(
    signed_in_page: Page, live_server, draft, console_errors
):
    page = signed_in_page
    open_note(page, live_server, draft)
    form = page.locator("form[data-needling-form]")
    form.get_by_label("Muscle", exact=True).fill("Upper trapezius")
    form.locator("fieldset", has_text="Side").get_by_label("Left").check()
    form.get_by_role("button", name="Add muscle").click()

    message = form.get_by_text("Give the number of passes or the minutes left in.")
    expect(message).to_be_visible()
    expect(form.get_by_label("Muscle", exact=True)).to_have_value("Upper trapezius")
    assert not unexpected(console_errors)


def test_the_passes_and_minutes_fields_say_one_of_them_is_needed(
    signed_in_page: Page, live_server, draft
):
    page = signed_in_page
    open_note(page, live_server, draft)
    form = page.locator("form[data-needling-form]")
    expect(form.locator("label[for=id_passes]")).to_contain_text("or minutes")
    expect(form.locator("label[for=id_minutes]")).to_contain_text("or a pass count")
    expect(form.locator("label[for=id_passes]")).not_to_contain_text("optional")


def test_a_measure_out_of_range_shows_why_beside_the_form(
    signed_in_page: Page, live_server, draft, console_errors
):
    page = signed_in_page
    open_note(page, live_server, draft)
    form = page.locator("form", has=page.get_by_role("button", name="Add measure"))
    form.get_by_label("Movement").fill("Cervical rotation")
    form.get_by_label("Before (°)").fill("500")
    form.get_by_role("button", name="Add measure").click()

    expect(
        page.locator("form", has=page.get_by_role("button", name="Add measure")).get_by_text(
            "Degrees between -180 and 360."
        )
    ).to_be_visible()
    assert not unexpected(console_errors)


def test_an_adverse_event_without_an_action_shows_why_beside_the_form(
    signed_in_page: Page, live_server, draft, console_errors
):
    page = signed_in_page
    open_note(page, live_server, draft)
    page.get_by_text("Record an adverse event").click()
    form = page.locator("form", has=page.get_by_role("button", name="Record event"))
    form.get_by_label("Kind").select_option(label="Bruising")
    form.get_by_label("Onset").select_option(label="During needling")
    form.get_by_label("Mild").check()
    form.get_by_label("Action").fill("   ")  # spaces only: the browser lets it through
    form.get_by_role("button", name="Record event").click()

    form = page.locator("form", has=page.get_by_role("button", name="Record event"))
    expect(form.get_by_role("alert").first).to_be_visible()
    expect(form.locator(".field.has-error")).to_contain_text("Action")
    assert not unexpected(console_errors)


def test_an_empty_addendum_shows_why_beside_the_form(
    signed_in_page: Page, live_server, complete, clinician, removable_signed_notes, console_errors
):
    signed = notes.sign(complete, clinician)
    page = signed_in_page
    open_note(page, live_server, signed)
    addenda = page.locator("#addenda")
    addenda.get_by_label("Text").fill("   ")  # spaces only: the browser lets it through
    addenda.get_by_role("button", name="Add addendum").click()

    message = page.locator("#addenda").get_by_text("Write the addendum first.")
    expect(message).to_be_visible()
    expect(message).to_be_in_viewport()
    assert not unexpected(console_errors)
