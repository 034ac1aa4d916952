"""On a phone and a tablet no page is wider than the screen: the staff navigation folds into a
menu button and wide tables scroll inside their own box."""

import pytest
from playwright.sync_api import Browser, Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}


def pages(data: dict) -> list[str]:
    episode, patient, slug = data["episode"].pk, data["patient"].pk, data["clinic"].slug
    return [
        "/",
        "/patients/",
        f"/patients/{patient}/",
        f"/episodes/{episode}/",
        f"/treatments/{data['draft'].pk}/",
        f"/episodes/{episode}/pain-drawing/",
        f"/episodes/{episode}/progress/",
        "/atlas/",
        "/clinic/bookings/",
        "/clinic/needles/",
        "/clinic/audit/",
        "/clinic/analytics/",
        "/account/",
        f"/c/{slug}/",
        f"/c/{slug}/dry-needling/",
        f"/c/{slug}/self-check/",
        f"/c/{slug}/book/",
    ]


def signed_in_page(browser: Browser, console_errors, base_url: str, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    console_errors.attach(page)
    page.goto(base_url + "/login/")
    page.get_by_label("Email").fill("admin@clinic.test")  # the admin's menu is the longest
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    return page


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_no_page_is_wider_than_the_screen(
    browser: Browser, live_server, clinic_with_history, console_errors, viewport
):
    screen = signed_in_page(browser, console_errors, live_server.url, viewport)
    too_wide = []
    for url in pages(clinic_with_history):
        response = screen.goto(live_server.url + url)
        assert response is not None and response.status == 200, f"{url}: {response.status}"
        screen.wait_for_load_state("networkidle")
        width = screen.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide.append(f"{url} is {width} px wide")
    screen.context.close()
    assert not too_wide, f"On a {viewport['width']} px screen: " + ", ".join(too_wide)


def test_the_staff_menu_opens_and_closes_from_the_keyboard_on_a_phone(
    browser: Browser, live_server, clinic_with_history, console_errors
):
    phone = signed_in_page(browser, console_errors, live_server.url, PHONE)
    menu = phone.get_by_role("button", name="Menu")
    patients = phone.get_by_role("navigation", name="Main").get_by_role("link", name="Patients")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(patients).to_be_hidden()

    menu.focus()
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(patients).to_be_visible()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    expect(patients).to_be_focused()

    phone.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(patients).to_be_hidden()
    expect(menu).to_be_focused()
    phone.context.close()


def test_the_staff_menu_is_open_and_the_button_gone_on_a_desktop(
    page: Page, live_server, clinic_with_history
):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill("admin@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Audit log")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_a_wide_table_scrolls_in_its_own_box_that_the_keyboard_can_reach(
    browser: Browser, live_server, clinic_with_history, console_errors
):
    phone = signed_in_page(browser, console_errors, live_server.url, PHONE)
    phone.goto(f"{live_server.url}/episodes/{clinic_with_history['episode'].pk}/progress/")
    box = phone.get_by_role("region", name="Outcome measures")
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth"), "the table fits; no test"
    box.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.activeElement.scrollLeft > 0")
    phone.context.close()
