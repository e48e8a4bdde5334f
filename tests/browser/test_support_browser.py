"""The support flow in headless Chromium against the served site: a customer's call made
outside the console, found by staff by its request id, reproduced as the customer in
testing, and compared with the original. Screenshots: test-artifacts/support-*.png."""
import time

import requests

from tests.browser.conftest import ARTIFACTS
from tests.served import manage

PASSWORD = "browser-pass-1"
PEOPLE = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oauth2_provider.models import Application
from api.models import ApplicationPolicy
User = get_user_model()
customer, _ = User.objects.get_or_create(username="browser-customer@example.com",
                                         defaults={"email": "browser-customer@example.com"})
customer.set_password("%(password)s"); customer.save()
app, _ = Application.objects.get_or_create(client_id="browser-customer-app", defaults=dict(
    name="Browser customer", user=customer, client_type="confidential",
    authorization_grant_type="authorization-code", redirect_uris="https://example.com/cb"))
ApplicationPolicy.objects.get_or_create(application=app, defaults={"is_approved": True})
staff, _ = User.objects.get_or_create(username="browser-staff@example.com",
                                      defaults={"email": "browser-staff@example.com"})
staff.set_password("%(password)s"); staff.save()
staff.groups.add(Group.objects.get(name="support"))
""" % {"password": PASSWORD}


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"support-{name}.png", full_page=True)


def test_customer_call_staff_search_reproduce_as_the_customer_in_testing_and_compare(served_api, open_page):
    manage(served_api.env, "shell", "-c", PEOPLE)
    call = requests.get(f"{served_api.url}/api/event", params={"client_id": "browser-customer-app", "size": "-5"},
                        auth=("browser-customer@example.com", PASSWORD), timeout=30)
    assert call.status_code == 400
    request_id = call.headers["X-Request-Id"]

    page = open_page("/accounts/login?next=/support/requests")
    page.fill("input[name=username]", "browser-staff@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/support/requests")
    deadline = time.monotonic() + 15
    while True:  # the log is written by the server's background thread, a moment later
        page.fill("input[name=q]", request_id)
        page.click("form.request-filters button[type=submit]")
        if page.locator(f"text={request_id}").count():
            break
        assert time.monotonic() < deadline, "the customer's call never reached the log"
        time.sleep(0.5)
    shot(page, "1-search")
    page.click(f"a:has-text('{request_id}')")
    assert page.locator("h1").inner_text().endswith("400")
    assert page.locator("text=invalid_parameter").count()
    shot(page, "2-call")

    page.select_option("select[name=environment]", "testing")
    page.check("input[name=run_as][value=customer]")
    page.fill("textarea[name=reason]", "Ticket 1234: customer says size=-5 gives an error")
    page.click("form.support-run button[type=submit]")
    page.wait_for_selector("h1:has-text('Original and replay')")
    summary = page.locator(".compare-summary").inner_text()
    status_row = page.locator("table.compare tr", has_text="Status").first.inner_text()
    assert "400" in status_row and "differs" not in status_row
    assert "No differences" in summary
    assert page.locator("tr.expected").count() >= 1  # the bodies differ only by their request ids
    shot(page, "3-compare")

    page.goto("/support/audit")
    assert page.locator("text=Ticket 1234").count()
    shot(page, "4-audit")
