"""A signed-in clinician reads the API documentation (Swagger UI at /api/docs) in the browser."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dryneedle.demo.management.commands.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in_to_docs(page: Page, base_url: str) -> None:
    page.goto(base_url + "/api/docs")  # the docs need a signed-in user: the sign-in page first
    page.get_by_label("Email").fill("demo@clinic.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base_url + "/api/docs")


def test_signed_in_staff_see_the_api_operations_listed_without_browser_errors(
    page: Page, live_server, transactional_db, console_errors
):
    call_command("demo", patients=1)

    sign_in_to_docs(page, live_server.url)

    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/patients/{patient_pk}/episodes")).to_be_visible()
    expect(operations.filter(has_text="/api/atlas/muscles").first).to_be_visible()
    expect(operations.filter(has_text="/api/treatments/{treatment_pk}/sign")).to_be_visible()
    expect(page.get_by_text("List or search patients")).to_be_visible()
    assert not console_errors, (
        "The browser reported errors (CSP violations, failed loads, script errors):\n"
        + "\n".join(dict.fromkeys(console_errors))
    )


def test_try_it_out_sends_the_session_and_csrf_token_so_a_post_is_answered(
    page: Page, live_server, transactional_db, console_errors
):
    call_command("demo", patients=1)
    sign_in_to_docs(page, live_server.url)

    operation = page.locator(".opblock").filter(has_text="Score answers (nothing is stored)")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("textarea.body-param__text").fill(
        '{"instrument": "ndi", "answers": [1, 2, 3, 4, 5, 0, 1, 2, 3, 4]}'
    )
    with page.expect_response(live_server.url + "/api/outcomes/score") as answer:
        operation.get_by_role("button", name="Execute").click()

    assert answer.value.status == 200  # without the CSRF token the API answers 403
    expect(operation.locator(".live-responses-table")).to_contain_text('"score": 25')
    assert not console_errors, "\n".join(dict.fromkeys(console_errors))
