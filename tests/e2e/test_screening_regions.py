"""On a tablet, the clinician marks where a precaution applies by tapping body-part groups and
region checkboxes (a multiple-choice list box needed Ctrl-click, which a tablet does not have).
"""

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect

from dryneedle.screening.models import Screening
from dryneedle.screening.rules import load_rules
from tests.sessions import verified_client

pytestmark = pytest.mark.browser

TABLET_PORTRAIT = {"width": 768, "height": 1024}


@pytest.fixture
def tablet(browser: Browser, live_server, clinician, transactional_db, console_errors):
    """A touch-screen tablet page with the clinician signed in."""
    context = browser.new_context(viewport=TABLET_PORTRAIT, has_touch=True, is_mobile=True)
    session = verified_client(clinician).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    console_errors.attach(page)
    yield page
    context.close()


def test_clinician_taps_regions_grouped_by_body_part_on_a_tablet(
    tablet, live_server, episode, console_errors
):
    page = tablet
    page.goto(f"{live_server.url}/episodes/{episode.pk}/screening/")
    question = load_rules().questions["local_infection"]
    for fieldset in page.locator("fieldset.yes-no").all():
        answer = "Yes" if question.text in fieldset.inner_text() else "No"
        fieldset.get_by_text(answer, exact=True).tap()

    row = page.locator(".question-row", has_text=question.text)
    row.locator("summary", has_text="Leg and foot").tap()
    row.get_by_role("checkbox", name="Calf, right").tap()
    expect(row.get_by_role("checkbox", name="Calf, right")).to_be_checked()
    page.get_by_role("button", name="Save the screen").tap()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Precautions")
    found = page.locator("section", has_text="What the screen found")
    expect(found).to_contain_text("Calf, right")
    expect(found).to_contain_text(question.text)
    assert Screening.objects.get().answers["local_infection"]["regions"] == ["calf:R"]
    assert not console_errors, "\n".join(dict.fromkeys(console_errors))
