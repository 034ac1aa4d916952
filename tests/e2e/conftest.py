"""Browser fixtures: Debian's Chromium driven by Playwright's sync API (no pytest-playwright).

Playwright never downloads a browser here: it launches /usr/bin/chromium, which
`make test` installs (scripts/install-system-packages.sh).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; without this, Django refuses
# ORM calls made from that thread (SynchronousOnlyOperation) in fixtures and tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

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

    Content-Security-Policy violations (an inline script or style) are reported by Chromium
    as console errors, so they land here too."""

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.append(f"console error on {message.location.get('url')}: {message.text}")

    def _on_page_error(self, error: Error) -> None:
        self.append(f"uncaught exception: {error.message}")


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


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
