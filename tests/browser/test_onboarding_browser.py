"""Onboarding in headless Chromium, on a server of its own (these tests write): an
anonymous visitor runs each quick-start console in place, and a fresh sign-up follows the
checklist and sees each step tick. At 1366 and 390 px; screenshots in
test-artifacts/onboarding-*.png."""
import re

import pytest
import requests

from tests.conftest import PLAIN_STATIC_FILES
from tests.served import manage, seeded_site

from .conftest import ARTIFACTS, confirm_sign_up, page_opener

WIDTHS = {"wide": (1366, 900), "narrow": (390, 844)}
STEPS = [("1-a-first-call", "get-event-list", "GET"), ("2-reading-the-paging-headers", "get-event-entry", "GET"),
         ("3-a-token-by-the-password-flow", "get-event", "GET"),
         ("4-writing-an-entry-in-the-testing-environment", "post-race-entry", "POST")]
PASSWORD = "first-steps-9"


@pytest.fixture(scope="module")
def site(tmp_path_factory, console_download_dir):
    """The site on its own seeded database; applications wait for approval, as in production."""
    with seeded_site(tmp_path_factory.mktemp("onboarding"), CONSOLE_DOWNLOAD_DIR=str(console_download_dir),
                     API_RATE_LIMIT_REQUESTS="1000000", AUTO_APPROVE_APPLICATIONS="0",
                     STATICFILES_BACKEND=PLAIN_STATIC_FILES) as served:
        yield served.url, served.env


@pytest.fixture()
def open_sized(browser, site):
    with page_opener(browser, site[0]) as open_page:
        def open_at(path, width):
            page = open_page(path)
            page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
            return page
        yield open_at


def shot(page, name, locator=None):
    ARTIFACTS.mkdir(exist_ok=True)
    if locator is not None:
        locator.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"onboarding-{name}.png", full_page=False)


def send_in_place(page, operation_id, method):
    """Presses the console's Send and waits for its result inside the guide."""
    console = page.locator(f"#console-{operation_id}")
    console.get_by_role("button", name=f"Send {method}").click()
    result = page.locator(f"#{operation_id} .console-result")
    result.wait_for(timeout=30000)
    return result


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_anonymous_visitor_runs_each_step_in_place(open_sized, width):
    page = open_sized("/guides/quickstart", width)
    assert page.locator(".sidebar a").first.text_content().strip() == "Quick start"  # folded into the menu at 390 px
    for anchor, operation_id, method in STEPS:
        step = page.locator(f'[id="{anchor}"]')
        assert step.is_visible()
        result = send_in_place(page, operation_id, method)
        status = result.locator(".console-status-line").inner_text()
        assert page.url.endswith("/guides/quickstart"), page.url  # no navigation: the result came in place
        if operation_id != "post-race-entry" or width == "wide":
            assert status.startswith("200 OK"), status
        assert page.locator(f"article.guide #{operation_id} .console-result").count() == 1
        shot(page, f"anonymous-{width}-{anchor.split('-')[0]}", result)
    headers = page.locator("#get-event-entry .console-header-list").inner_text()
    assert "X-Ctlive-Page-Count" in headers and "Link" in headers
    body = page.locator("#post-race-entry .console-response").inner_text()
    assert '"race_entry"' in body
    snippet = page.locator("#get-event-list .guide-snippets").inner_text()
    assert "curl -i" in snippet and "client_id=demo-client" in snippet and "import requests" in snippet
    no_wider = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert no_wider, "the quick start scrolls sideways"


def test_without_javascript_send_comes_back_to_the_step(browser, site):
    with page_opener(browser, site[0]) as open_page:
        page = open_page("/guides/quickstart", javascript=False)
        page.locator("#console-get-event-entry").get_by_role("button", name="Send GET").click()
        page.wait_for_load_state()
        # the guide again, landing (by autofocus, as reference pages do) on the step's result
        assert "<h1" in page.content()
        assert page.evaluate("document.activeElement.closest('#get-event-entry .console-result') !== null")
        assert "200 OK" in page.locator("#get-event-entry .console-status-line").inner_text()
        assert page.locator("h1").inner_text().startswith("Quick start")
        shot(page, "no-javascript-step-2")


def checklist_ticks(page):
    return [("is-done" in (item.get_attribute("class") or "")) for item in page.locator(".checklist-step").all()]


def wait_for_ticks(page, done):
    page.locator(".checklist h2", has_text=f"{done} of 5 done").wait_for(timeout=15000)


def as_staff(env, code):
    """What staff would do in the admin, done on the site's database."""
    manage(env, "shell", "-c", code)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_fresh_sign_up_follows_the_checklist_and_sees_each_step_tick(open_sized, site, width):
    base, env = site
    email = f"first-steps-{width}@example.com"
    page = open_sized("/accounts/signup", width)
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_app-name").fill("My first app")
    page.locator("#id_app-redirect_uris").fill("https://example.com/callback")
    page.get_by_role("button", name="Create account and application").click()
    confirm_sign_up(page, env, email)
    shown = page.locator("main").inner_text()
    client_id = re.search(r"client_id\s+(\S+)", shown).group(1)
    secret = page.locator("code.secret").inner_text()

    page.goto("/accounts/applications")
    assert checklist_ticks(page) == [True, False, False, False, False]
    assert "Waiting for staff" in page.locator(".checklist").inner_text()
    shot(page, f"checklist-{width}-1-waiting", page.locator(".checklist"))

    as_staff(env, f"""
from api.models import ApplicationPolicy
from django.contrib.auth import get_user_model
from racing.demo import TEST_EVENT_NAMES
from racing.models import Event, EventGrant
user = get_user_model().objects.get(username={email!r})
ApplicationPolicy.objects.filter(application__user=user).update(is_approved=True)
for event in Event.objects.filter(name__in=TEST_EVENT_NAMES):
    EventGrant.objects.get_or_create(user=user, event=event, defaults={{"can_write": True}})
""")
    page.goto("/guides/quickstart")
    assert checklist_ticks(page) == [True, True, False, False, False]
    send_in_place(page, "get-event-list", "GET")
    wait_for_ticks(page, 3)  # in place: the checklist is fetched again after the result
    result = send_in_place(page, "post-race-entry", "POST")
    assert result.locator(".console-status-line").inner_text().startswith("200 OK")
    wait_for_ticks(page, 4)
    page.reload()
    assert checklist_ticks(page) == [True, True, True, True, False]
    shot(page, f"checklist-{width}-2-quick-start", page.locator(".checklist"))

    reply = requests.post(f"{base}/oauth2/token", auth=(client_id, secret), timeout=30,  # the developer's own code
                          data={"grant_type": "password", "username": email, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    page.goto("/accounts/applications")
    assert checklist_ticks(page) == [True] * 5
    assert "5 of 5 done" in page.locator(".checklist h2").inner_text()
    shot(page, f"checklist-{width}-3-done", page.locator(".checklist"))
