"""A new developer's whole journey in headless Chromium, on the served site: sign up, the
emailed confirmation link, the application's secret page, a reference page, the first
console call (the test events), a POST in testing that shows in testing and not in production, then `refresh_testing` and it
is gone. Then the reference page as each kind of visitor at 1366 and 390 px wide.
Screenshots: test-artifacts/journey-*.png."""
import re

import pytest
from django.conf import settings

from racing.demo import TEST_EVENT_NAMES
from tests.served import manage

from .conftest import ARTIFACTS, axe_violations, confirm_sign_up, page_opener

PASSWORD = "journey-pass-1"
BIB = "J-7001"
WIDTHS = (1366, 390)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"journey-{name}.png", full_page=False)


def panel(page, op):
    """The operation's block: its form and, under it, its result."""
    return page.locator(f"section#{op}")


def send(page, op, method):
    """Presses Send and waits for the result of this call."""
    console = panel(page, op)
    console.locator(".console-result").evaluate_all("nodes => nodes.forEach(n => n.remove())")
    console.get_by_role("button", name=f"Send {method}").click()
    result = console.locator(".console-result")
    result.wait_for()
    return result


def list_entries(page, env, event_id):
    page.goto("/reference/entry#get-event-entry")
    console = panel(page, "get-event-entry")
    console.locator("#get-event-entry-env").select_option(env)
    console.locator("#get-event-entry-p-event_id").fill(event_id)
    console.locator("#get-event-entry-q-size").fill("1000")
    return send(page, "get-event-entry", "GET")


def test_sign_up_then_first_call_then_write_in_testing_then_refresh(browser, served_api, axe_source):
    with page_opener(browser, served_api.url) as open_page:
        page = open_page("/accounts/signup")
        page.fill("input[name=email]", "journey-browser@example.com")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.fill("input[name=app-name]", "Journey app")
        page.fill("textarea[name=app-redirect_uris], input[name=app-redirect_uris]", "https://example.com/callback")
        page.get_by_role("button", name="Create account and application").click()

        def accessible_and_shot(page, name):
            assert axe_violations(page, axe_source) == [], name
            shot(page, name)

        confirm_sign_up(page, served_api.env, "journey-browser@example.com", accessible_and_shot)
        assert "registered" in page.locator("h1").inner_text()
        shot(page, "1-secret")

        page.goto("/reference/event#get-event-list")
        console = panel(page, "get-event-list")
        assert console.locator("#get-event-list-env").input_value() == "testing"
        result = send(page, "get-event-list", "GET")
        text = result.inner_text()
        assert "200 OK" in text and all(name in text for name in TEST_EVENT_NAMES)
        assert f"{served_api.url}/testing/api/event?" in result.locator(".console-request").inner_text()
        result.scroll_into_view_if_needed()
        shot(page, "2-first-call")
        event_id = re.search(r'"event_id":\s*"(\d+)"', text).group(1)
        race_id = send_for_race(page, event_id)

        page.goto("/reference/entry#post-event-entry")
        console = panel(page, "post-event-entry")
        assert console.locator("#post-event-entry-env").input_value() == "testing"
        console.locator("#post-event-entry-p-event_id").fill(event_id)
        console.locator("#post-event-entry-body").fill(
            '[{"race_id": "%s", "entry_bib": "%s", "athlete_first_name": "Jo", "athlete_last_name": "Urney"}]'
            % (race_id, BIB))
        result = send(page, "post-event-entry", "POST")
        assert "200 OK" in result.inner_text() and '"created"' in result.inner_text()
        shot(page, "3-post-in-testing")

        # text_content: every row of the body, also those the preview lays out only when scrolled to
        assert BIB in list_entries(page, "testing", event_id).text_content()
        shot(page, "4-in-testing")
        production = list_entries(page, "production", event_id).text_content()
        assert "200 OK" in production and BIB not in production
        shot(page, "5-not-in-production")

        manage(served_api.env, "refresh_testing", "-v0")
        after = list_entries(page, "testing", event_id).text_content()
        assert "200 OK" in after and BIB not in after
        shot(page, "6-gone-after-refresh")


def send_for_race(page, event_id):
    """The id of a race of the event, as the console lists them."""
    page.goto("/reference/race#get-event-race")
    panel(page, "get-event-race").locator("#get-event-race-p-event_id").fill(event_id)
    text = send(page, "get-event-race", "GET").inner_text()
    found = re.search(r'"race_id":\s*"(\d+)"', text)
    assert found, f"no race of event {event_id} in the console's answer:\n{text[:3000]}"
    return found.group(1)


VISITORS = {
    "anonymous": None,
    "director": (settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_DIRECTOR_PASSWORD),
    "staff": (settings.DEMO_STAFF_EMAIL, settings.DEMO_STAFF_PASSWORD),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("visitor", VISITORS)
def test_the_entry_reference_and_a_call_for_each_visitor_and_width(browser, served_api, visitor, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=served_api.url)
    try:
        page = context.new_page()
        if VISITORS[visitor]:
            page.goto("/accounts/login")
            page.fill("input[name=username]", VISITORS[visitor][0])
            page.fill("input[name=password]", VISITORS[visitor][1])
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/accounts/applications")
        response = page.goto("/reference/entry#get-event-entry")
        assert response.status == 200
        page.goto("/reference/event#get-event-list")
        result = send(page, "get-event-list", "GET")
        assert "200 OK" in result.inner_text()
        identity = panel(page, "get-event-list").locator(".console-identity").inner_text()
        if VISITORS[visitor]:
            assert f"Calls run as you ({VISITORS[visitor][0]})" in identity
            assert "Sent through the application" in result.inner_text()
        else:
            assert "shared test account" in identity
        result.scroll_into_view_if_needed()
        shot(page, f"{visitor}-{width}")
        page.goto("/reference/entry#post-event-entry")
        panel(page, "post-event-entry").scroll_into_view_if_needed()
        shot(page, f"{visitor}-{width}-write-form")
    finally:
        context.close()
