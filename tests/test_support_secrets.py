"""Nothing the support features show or keep holds a secret: every page of My requests, the
support pages, the audit and shared results, and every stored log, audit and share row, are
searched for the demo passwords, their SHA1 form, the client secret and the access tokens."""
import json
from html import unescape

import pytest
from django.conf import settings

from console.credentials import held_token
from support.models import ApiRequest, SharedResult, SupportRun

from .api_client import basic, sha1_hex
from .support_world import CUSTOMER_PASSWORD, customer, stored_text, support_staff
from .test_sharing import shared_link

pytestmark = pytest.mark.django_db


def test_no_page_or_stored_row_holds_a_password_a_secret_or_a_token(client, demo):
    director, director_password = demo["director"]
    user, application = customer()
    token_reply = client.get("/oauth2/token", {"grant_type": "password", "username": director,
                                               "password": director_password},
                             headers=basic(demo["client_id"], settings.DEMO_CLIENT_SECRET)).json()
    access_token, refresh_token = token_reply["access_token"], token_reply["refresh_token"]
    client.get("/oauth2/token", {"grant_type": "refresh_token", "refresh_token": refresh_token},
               headers=basic(demo["client_id"], settings.DEMO_CLIENT_SECRET))
    client.get("/api/event", {"client_id": demo["client_id"]}, HTTP_AUTHORIZATION=f"Bearer {access_token}")
    client.get("/api/event", {"client_id": demo["client_id"], "access_token": access_token})
    for password in (director_password, sha1_hex(director_password)):
        client.get("/api/event", {"client_id": demo["client_id"], "user_id": director, "user_pass": password,
                                  "page": "x"})
    auth = basic(user.username, CUSTOMER_PASSWORD)
    client.get("/api/event", {"client_id": application.client_id, "size": "0"}, headers=auth)
    client.post(f"/api/event/1/race?client_id={application.client_id}&password={CUSTOMER_PASSWORD}",
                json.dumps({"race_name": "x", "password": CUSTOMER_PASSWORD}), content_type="application/json",
                headers=auth)
    for scheme in ("basic", "test"):  # anonymous console calls carry the shared test account's password
        client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": scheme, "q.size": "1"},
                    HTTP_X_CONSOLE_FRAGMENT="1")
    pages = []
    client.force_login(user)
    link = shared_link(client, application).removeprefix("http://testserver")
    console_token = held_token(user, application)
    customer_rows = ApiRequest.objects.filter(application=application)
    staff = support_staff()
    client.force_login(staff)
    for row in customer_rows:
        pages.append(client.post(f"/support/requests/{row.pk}/reproduce",
                                 {"environment": "testing", "run_as": "customer", "reason": "secrets check"}))
    for row in ApiRequest.objects.all():
        pages.append(client.get(f"/support/requests/{row.pk}"))
    pages += [client.get("/support/requests"), client.get("/support/requests", {"email": director}),
              client.get("/support/audit"), client.get(link)]
    client.force_login(user)
    pages += [client.get("/console/requests"), client.get("/console/shared"), client.get(link)]
    pages += [client.get(f"/console/requests/{row.request_id}") for row in ApiRequest.objects.filter(
        application=application)]
    assert SupportRun.objects.exists() and all(page.status_code == 200 for page in pages)
    shown = [unescape(page.content.decode()) for page in pages]
    stored = [stored_text(row) for model in (ApiRequest, SupportRun, SharedResult)
              for row in model.objects.all()]
    secrets = {
        "director password": director_password, "director password SHA1": sha1_hex(director_password),
        "test account password": settings.DEMO_TEST_USER_PASSWORD,
        "test account password SHA1": sha1_hex(settings.DEMO_TEST_USER_PASSWORD),
        "customer password": CUSTOMER_PASSWORD, "client secret": settings.DEMO_CLIENT_SECRET,
        "access token": access_token, "refresh token": refresh_token, "console token": console_token,
    }
    assert len(stored) > 10
    for name, secret in secrets.items():
        for number, text in enumerate(shown + stored):
            assert secret not in text, f"{name} found in {'page' if number < len(shown) else 'stored row'} {number}"
    assert any("user_pass=••••" in row.query for row in ApiRequest.objects.all())  # masked, not dropped
