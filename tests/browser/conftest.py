"""Headless Chromium (Debian's package, driven by Playwright) against the served site.

`make test` installs Chromium and axe-core (Makefile, `.browser-installed`); nothing is
downloaded here. Screenshots are kept in `test-artifacts/` at the project root.
"""
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.served import PROJECT
from tests.signup_mail import confirmation_path, mailed_files

CHROMIUM = "/usr/bin/chromium"
# As root Chromium needs --no-sandbox; the others stop it calling out on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright's sync API keeps an event loop running in this thread from now on; Django
    # would take every later ORM call in the test process (database set-up, data a test
    # makes, pages rendered with the test client) for async code and refuse it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def page_opener(browser, base_url):
    """A function that opens a path of the site at `base_url` in a fresh context (own
    cookies) and returns the page; the contexts are closed on leaving."""
    contexts = []

    def open_page(path, color_scheme="light", javascript=True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme,
                                      java_script_enabled=javascript, base_url=base_url)
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture()
def open_page(browser, served_api):
    """Opens a path of the served site (read-only demo data) and returns the page."""
    with page_opener(browser, served_api.url) as open_served:
        yield open_served


@pytest.fixture(scope="session")
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def screenshot(page, name):
        page.screenshot(path=ARTIFACTS / f"docs-{name}.png", full_page=False)

    return screenshot


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core with npm")
    return AXE.read_text()


def axe_violations(page, axe_source):
    page.evaluate(axe_source)  # evaluated by the DevTools protocol, not as a page script
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5]) for v in violations]


def confirm_sign_up(page, env, email, on_each_page=None):
    """After the sign-up form: the "check your inbox" page, then the link mailed to `email`
    (read from the served site's mail files) and its Confirm button; ends on the page that
    shows the application's secret. `on_each_page(page, name)` sees the two pages between."""
    page.locator("h1", has_text="Check your inbox").wait_for()
    if on_each_page:
        on_each_page(page, "0-check-your-inbox")
    page.goto(confirmation_path(email, mailed_files(env["EMAIL_FILE_PATH"])))
    if on_each_page:
        on_each_page(page, "0-confirm")
    page.get_by_role("button", name="Confirm and sign in").click()
    page.locator("code.secret").wait_for()
