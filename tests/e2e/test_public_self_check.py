"""A member of the public checks whether dry needling could suit them, on a phone, and asks
for an appointment; the front desk sees the request in the app."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_public_self_check_ends_in_a_booking_the_front_desk_sees(
    browser: Browser, page: Page, live_server, transactional_db, console_errors
):
    call_command("demo", patients=0)
    phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    console_errors.attach(phone)

    phone.goto(f"{live_server.url}/c/demo/dry-needling/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    phone.get_by_role("link", name="Could dry needling help me?").first.click()

    # Step 1: condition and where it hurts (tap the chart)
    phone.get_by_label("What would you like help with?").select_option(label="Neck pain")
    phone.get_by_role("button", name="Back of neck, right").first.tap()
    phone.get_by_role("button", name="Next").click()

    # Step 2: warning signs, all no
    for group in phone.locator("fieldset.yes-no").all():
        group.get_by_label("No").check()
    phone.get_by_role("button", name="Next").click()

    # Step 3: safety questions: blood thinners yes, everything else no
    for group in phone.locator("fieldset.yes-no").all():
        group.get_by_label("No").check()
    phone.locator("fieldset.yes-no", has_text="blood").first.get_by_label("Yes").check()
    phone.get_by_role("button", name="See my result").click()

    expect(phone.get_by_role("heading", level=2).first).to_contain_text("may be an option")
    expect(phone.locator("main")).to_contain_text("not a diagnosis")
    phone.get_by_role("link", name="Request an appointment").last.click()

    phone.get_by_label("Your name").fill("Ava Nakamura")
    phone.get_by_label("Phone").fill("+1 312 555 0142")
    phone.get_by_label("When suits you?").fill("weekday mornings")
    phone.get_by_label("Include my self-check answers").check()
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("your request is sent")
    phone_context.close()

    # The front desk signs in on the clinic's computer and finds the request.
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("frontdesk@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="1 new booking request").click()
    page.get_by_role("link", name="Ava Nakamura").click()
    expect(page.locator("main")).to_contain_text("Neck pain")
    expect(page.locator("main")).to_contain_text("Back of neck, right")
    page.get_by_label("Status").select_option(label="Contacted")
    page.get_by_role("button", name="Update").click()
    expect(page.get_by_role("status")).to_contain_text("Marked as contacted")

    assert not console_errors, "\n".join(dict.fromkeys(console_errors))
