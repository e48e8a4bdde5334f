""""My requests": a developer's calls from any client, filters, a call's page, and opening a
call in the console with the customer's exact values."""
import re
import time
from html import unescape

import pytest
import requests

from support.models import ApiRequest

from .api_client import basic
from .served import manage
from .support_world import CUSTOMER_PASSWORD, customer


def text(response):
    return unescape(response.content.decode())


@pytest.mark.django_db
def test_calls_of_my_applications_are_listed_newest_first_and_filtered(client):
    user, application = customer()
    other, other_application = customer("other")
    auth = basic(user.username, CUSTOMER_PASSWORD)
    ok = client.get("/api/event", {"client_id": application.client_id}, headers=auth)["X-Request-Id"]
    bad = client.get("/api/event", {"client_id": application.client_id, "size": "-3"}, headers=auth)["X-Request-Id"]
    theirs = client.get("/api/event", {"client_id": other_application.client_id},
                        headers=basic(other.username, CUSTOMER_PASSWORD))["X-Request-Id"]
    client.force_login(user)
    listed = text(client.get("/console/requests"))
    assert ok in listed and bad in listed and theirs not in listed
    assert listed.index(bad) < listed.index(ok)  # newest first
    only_errors = text(client.get("/console/requests", {"status": "4"}))
    assert bad in only_errors and ok not in only_errors
    assert ok in text(client.get("/console/requests", {"method": "GET", "path": "/api/event",
                                                       "application": application.client_id}))
    assert ok not in text(client.get("/console/requests", {"since": "2999-01-01T00:00"}))
    page = text(client.get(f"/console/requests/{bad}"))
    assert "invalid_parameter" in page and "size=-3" in page and "Basic ••••" in page
    assert client.get(f"/console/requests/{theirs}").status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/console/requests")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


@pytest.mark.django_db
def test_paging_of_many_calls(client):
    user, application = customer()
    for _ in range(55):
        client.get("/api/event", {"client_id": application.client_id})
    client.force_login(user)
    first = text(client.get("/console/requests"))
    assert "Page 1 of 2 (55 calls)" in first
    assert "Page 2 of 2" in text(client.get("/console/requests", {"page": "2"}))


@pytest.mark.django_db
def test_open_in_console_keeps_values_the_console_refuses_and_sends_them_as_they_were(client):
    user, application = customer()
    sent = client.get("/api/event.json", {"client_id": application.client_id, "size": "-3", "page": "abc"},
                      headers={**basic(user.username, CUSTOMER_PASSWORD), "Accept": "image/png"})
    client.force_login(user)
    detail = client.get(f"/console/requests/{sent['X-Request-Id']}").content.decode()
    link = unescape(re.search(r'<a class="button" href="([^"]+)">Open in console', detail).group(1))
    form = text(client.get(link))
    assert 'name="q.size" value="-3"' in form and 'name="q.page" value="abc"' in form
    assert '<option value="image/png" selected>image/png</option>' in form
    assert "The console's checks refuse" in form and 'name="as_sent" value="1" checked' in form
    data = {"op": "get-event-list", "env": "production", "scheme": "bearer", "client_id": application.client_id,
            "q.size": "-3", "q.page": "abc", "q.format": "json", "h.accept": "image/png"}
    refused = client.post("/console/run", data, HTTP_X_CONSOLE_FRAGMENT="1")
    assert refused.status_code == 400  # the console's own checks
    replayed = text(client.post("/console/run", {**data, "as_sent": "1"}, HTTP_X_CONSOLE_FRAGMENT="1"))
    assert "400 Bad Request" in replayed and "invalid_parameter" in replayed
    assert ApiRequest.objects.filter(via_console=True, status=400, user=user).exists()


CREATE_CUSTOMER = """
from django.contrib.auth import get_user_model
from oauth2_provider.models import Application
from api.models import ApplicationPolicy
user, _ = get_user_model().objects.get_or_create(username="served-customer@example.com",
                                                 defaults={"email": "served-customer@example.com"})
user.set_password("%s"); user.save()
app, _ = Application.objects.get_or_create(client_id="served-customer-app", defaults=dict(
    name="Served", user=user, client_type="confidential", authorization_grant_type="authorization-code",
    redirect_uris="https://example.com/cb"))
ApplicationPolicy.objects.get_or_create(application=app, defaults={"is_approved": True})
""" % CUSTOMER_PASSWORD


def signed_in(base, login, password):
    session = requests.Session()
    session.get(f"{base}/accounts/login", timeout=30)
    response = session.post(f"{base}/accounts/login", timeout=30, allow_redirects=False, data={
        "username": login, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/accounts/login"})
    assert response.status_code == 302, response.text[:500]
    return session


def test_a_call_made_with_requests_shows_up_in_my_requests_under_its_id(served_api):
    """Served by gunicorn: the log is written by its background thread, off the request's path."""
    manage(served_api.env, "shell", "-c", CREATE_CUSTOMER)
    login = "served-customer@example.com"
    call = requests.get(f"{served_api.url}/api/event", params={"client_id": "served-customer-app", "size": "-1"},
                        auth=(login, CUSTOMER_PASSWORD), timeout=30)
    request_id = call.headers["X-Request-Id"]
    assert call.json()["error"]["request_id"] == request_id
    session = signed_in(served_api.url, login, CUSTOMER_PASSWORD)
    deadline = time.monotonic() + 15
    while request_id not in (listed := session.get(f"{served_api.url}/console/requests", timeout=30).text):
        assert time.monotonic() < deadline, "the call never reached the request log"
        time.sleep(0.3)
    page = session.get(f"{served_api.url}/console/requests/{request_id}", timeout=30).text
    assert "invalid_parameter" in page and CUSTOMER_PASSWORD not in page + listed
