"""Browser fixtures: Debian's Chromium driven by Playwright's sync API (no pytest-playwright).

Playwright never downloads a browser here: it launches /usr/bin/chromium, which
`make test` installs (scripts/install-system-packages.sh). Every test that uses `page` (or
attaches its own page to `console_errors`) fails when a page broke the Content-Security-Policy.
`axe` checks a page for accessibility violations with axe-core, which `make install-test`
installs from npm (package.json).
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; without this, Django refuses
# ORM calls made from that thread (SynchronousOnlyOperation) in fixtures and tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from tests.clinical_records import consent, fill_for_signing, screen

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1024, "height": 768}  # a tablet in landscape, as used in the treatment room
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILING_IMPACTS = {"serious", "critical"}

# Added to every page before its own scripts run (Playwright's init scripts are not subject to
# the page's CSP). It turns each `securitypolicyviolation` event into a console error naming
# the directive and the source line: a second witness beside Chromium's own log line.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("Content Security Policy violation: " + event.violatedDirective + " blocked "
    + (event.blockedURI || "an inline resource") + " in " + event.sourceFile + ":"
    + event.lineNumber + (event.sample ? " (" + event.sample + ")" : ""));
});
"""
CSP_MARK = "Content Security Policy"  # in Chromium's own messages and in CSP_LISTENER's


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item so `page` can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Run `make test` (it installs it), or `sudo apt-get install chromium`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class ConsoleErrors(list):
    """Console messages of type "error" and uncaught page exceptions, as readable lines.

    Content-Security-Policy violations (an inline script or style) are reported as console
    errors, so they land here too, and are also kept apart in `csp_violations`: the
    `console_errors` fixture fails any test during which one was reported."""

    def __init__(self) -> None:
        super().__init__()
        self.csp_violations: list[str] = []

    def attach(self, page: Page) -> None:
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            line = f"console error on {message.location.get('url')}: {message.text}"
            self.append(line)
            if CSP_MARK in message.text:
                self.csp_violations.append(line)

    def _on_page_error(self, error: Error) -> None:
        self.append(f"uncaught exception: {error.message}")


@pytest.fixture
def console_errors() -> ConsoleErrors:
    """Every page attached to it (the `page` fixture's always is) is watched for CSP violations:
    the test fails, in its teardown, when any page broke the policy."""
    errors = ConsoleErrors()
    yield errors
    if errors.csp_violations:
        pytest.fail(
            "A page broke the Content-Security-Policy (an inline script or style?):\n"
            + "\n".join(dict.fromkeys(errors.csp_violations)),
            pytrace=False,
        )


@pytest.fixture
def page(browser: Browser, console_errors: ConsoleErrors, request) -> Page:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console_errors.attach(page)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for line in console_errors:  # shown with the failure, in "Captured stdout teardown"
            print(line)
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Error as error:  # a crashed page cannot be photographed; the failure stands
            print(f"Could not save a screenshot: {error}")
    context.close()


@pytest.fixture(scope="session")
def axe() -> Callable[[Page], list[str]]:
    """A check of the page as it is now: its serious and critical axe-core violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"The accessibility checks need axe-core at {AXE_SCRIPT}, which is missing. "
            "Run `make install-test` (it runs `npm ci`).",
            pytrace=False,
        )
    source = AXE_SCRIPT.read_text()

    def serious_violations(page: Page) -> list[str]:
        # page.evaluate runs through the DevTools protocol, which the page's CSP does not
        # govern; a <script> element added to the page would be refused.
        page.evaluate(source)
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert results["passes"], f"axe-core checked nothing on {page.url}"
        return [
            f"{page.url}: {violation['impact']} {violation['id']} ({violation['help']}) at "
            f"{' '.join(map(str, node['target']))}: {node['failureSummary']}"
            for violation in results["violations"]
            if violation["impact"] in AXE_FAILING_IMPACTS
            for node in violation["nodes"]
        ]

    return serious_violations


def _sign_a_two_muscle_note(episode, clinician) -> None:
    from dryneedle.treatments import notes
    from dryneedle.treatments.models import StockedNeedle, Treatment

    note = Treatment.objects.create(episode=episode, clinician=clinician)
    needle = StockedNeedle.objects.filter(clinic=episode.patient.clinic).first()
    soap = {
        "subjective": "Headaches three times a week.",
        "assessment": "Better after needling.",
        "plan": "Review in a week.",
    }
    notes.sign(fill_for_signing(note, needle, **soap), clinician)


def _record_ndi(episode, *answer_sets: list[int]) -> None:
    from tests.factories import response

    for answers in answer_sets:
        response(episode, "NDI", answers)


@pytest.fixture
def clinic_with_history(removable_signed_notes) -> dict:
    """The demo clinic with one episode as it stands after a first visit (screened, consented,
    a pain drawing, a signed two-muscle note, two NDI questionnaires) and a second note in
    draft, plus a booking request from the public pages."""
    from django.core.management import call_command

    from dryneedle.atlas.loader import load_atlas
    from dryneedle.clinics.models import User
    from dryneedle.patients.models import Episode, PainDrawing
    from dryneedle.public.models import BookingRequest
    from dryneedle.treatments.models import Treatment

    call_command("demo", patients=6)
    clinician = User.objects.get(email="demo@clinic.test")
    episode = Episode.objects.get(icd10_code="G44.209")  # tension-type headache
    screen(episode, clinician)
    consent(episode.patient, clinician)
    PainDrawing.objects.create(
        episode=episode,
        marks=["temple:L=2", "occiput"],
        atlas_version=load_atlas().version,
        note="worse after long days at the desk",
        created_by=clinician,
    )
    _sign_a_two_muscle_note(episode, clinician)
    _record_ndi(episode, [3] * 10, [2] * 10)
    draft = Treatment.objects.create(episode=episode, clinician=clinician)
    clinic = episode.patient.clinic
    BookingRequest.objects.create(clinic=clinic, name="Ines Navarro", phone="+1 312 555 0142")
    return {"episode": episode, "patient": episode.patient, "draft": draft, "clinic": clinic}
