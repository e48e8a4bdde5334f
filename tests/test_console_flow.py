"""The console end to end in process: forms from the registry, validation next to the
field, calls as the shared test account or as a signed-in developer, what the result
shows, and that no secret reaches the page, the snippets, the history or a permalink."""
import re
import time
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client, override_settings
from oauth2_provider.models import AccessToken, Application

from api.oauth import token_checksum
from api.operations import all_operations
from console.credentials import held_token
from console.curl_import import parse
from console.display import stylesheet
from console.forms import MAX_PERMALINK_CHARS, FormState, operation_by_id
from console.models import ConsoleCall
from tests.fresh_data import make_world

FRAGMENT = {"HTTP_X_CONSOLE_FRAGMENT": "1"}
TAGS = re.compile(r"<[^>]+>")


def run(client, op, **fields):
    data = {"op": op, "env": "production", "scheme": "bearer", **{k.replace("__", "."): v for k, v in fields.items()}}
    return client.post("/console/run", data, **FRAGMENT)


def text(response):
    return unescape(response.content.decode())


@pytest.mark.django_db
def test_every_operation_has_a_form_on_its_reference_page(client):
    pages = {}
    for operation in all_operations():
        segment = operation.resource.segment
        if segment not in pages:
            pages[segment] = client.get(f"/reference/{segment}").content.decode()
        assert f'id="console-form-{operation.operation_id}"' in pages[segment]


@pytest.mark.django_db
def test_anonymous_call_runs_as_the_test_account_and_shows_three_panels(client):
    page = client.get("/reference/event").content.decode()
    assert "shared test account" in page
    response = run(client, "get-event-list", q__size="2")
    assert response.status_code == 200
    shown = text(response)
    assert "200 OK" in shown and "Request" in shown and "Response headers" in shown and "Response body" in shown
    assert "Authorization: Bearer ••••" in shown
    assert "X-Ctlive-Row-Count" in shown and "Rows in the whole list." in shown
    assert '<span class="nt">"event_id"</span>' in shown  # highlighted


@pytest.mark.django_db
def test_id_chooser_offers_ids_the_caller_can_see(client):
    page = client.get("/reference/race").content.decode()
    datalist = re.search(r'<datalist id="get-event-race-p-event_id-ids">(.*?)</datalist>', page, re.S)
    assert datalist and 'value="' in datalist.group(1)


@pytest.mark.django_db
def test_invalid_input_is_named_next_to_the_field_and_nothing_is_sent(client):
    response = run(client, "get-event", p__event_id="1/../../admin", q__format="pdf", h__accept_language="es\r\nX: 1")
    assert response.status_code == 400
    shown = text(response)
    assert 'id="get-event-p-event_id-error"' in shown and "must be a whole number" in shown
    assert 'id="get-event-q-format-error"' in shown and "Must be one of json" in shown
    assert "control characters" in shown
    assert "Result" not in shown


@pytest.mark.django_db
def test_body_is_checked_against_the_writable_fields(client):
    response = run(client, "post-event-list", ct="json", body='[{"event_name": "X", "event_start_time": "soon", "nope": "1"}]')
    shown = text(response)
    assert response.status_code == 400
    assert "Field event_start_time: must be a number" in shown and "nope: not a field this operation writes" in shown


@pytest.mark.django_db
def test_body_editor_is_prefilled_in_every_format(client):
    page = client.get("/reference/race").content.decode()
    for code in ("json", "xml", "yaml", "csv", "tsv"):
        assert f'data-console-example="{code}"' in page
    response = client.post("/console/run", {"op": "post-event-race", "env": "production", "ct": "csv",
                                            "action": "example", "p.event_id": "1"}, **FRAGMENT)
    body = re.search(r"<textarea[^>]*data-console-body[^>]*>(.*?)</textarea>", text(response), re.S).group(1)
    assert body.splitlines()[0].split(",")[0] == "race_name" and len(body.splitlines()) == 2  # header and one row


@pytest.mark.django_db
def test_csv_response_is_a_table_and_link_gives_page_buttons(client):
    response = run(client, "get-event-list", q__format="csv", q__size="1", q__include_test_events="1")
    shown = text(response)
    assert "<table>" in shown and '<th scope="col">event_id</th>' in shown
    assert 'name="follow"' in shown and "Next page" in shown
    value = unescape(re.search(r'name="follow" value="([^"]*)" class="console-page-next"', response.content.decode()).group(1))
    assert "client_id" not in value and "user_pass" not in value
    second = client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": "bearer",
                                          "q.format": "csv", "q.size": "1", "q.include_test_events": "1",
                                          "follow": value}, **FRAGMENT)
    assert "page=2" in text(second)


@pytest.mark.django_db
def test_anonymous_basic_and_test_scheme_mask_the_password(client):
    for scheme in ("basic", "test"):
        response = client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": scheme},
                               **FRAGMENT)
        shown = text(response)
        assert "200 OK" in shown
        assert settings.DEMO_TEST_USER_PASSWORD not in shown and settings.DEMO_TEST_USER_PASSWORD not in response.content.decode()
        assert ("Authorization: Basic ••••" in shown) if scheme == "basic" else ("user_pass=••••" in shown)


def developer(client):
    client_id, login, password, event, race = make_world()
    user = get_user_model().objects.get(username=login)
    application = Application.objects.get(client_id=client_id)
    application.user = user
    application.save()
    client.force_login(user)
    return user, application, password, event, race


@pytest.mark.django_db(transaction=True)
def test_signed_in_developer_calls_as_themself_and_no_secret_is_kept_or_shown(client):
    user, application, password, event, race = developer(client)
    page = client.get("/reference/entry").content.decode()
    assert f'value="{application.client_id}" readonly' in page
    body = '[{"race_id": "%s", "entry_bib": "77", "athlete_first_name": "Kim", "athlete_last_name": "Lee"}]' % race.pk
    unconfirmed = run(client, "post-event-entry", p__event_id=str(event.pk), ct="json", body=body,
                      client_id=application.client_id)
    assert unconfirmed.status_code == 400 and "Tick the box to confirm" in text(unconfirmed)
    response = run(client, "post-event-entry", p__event_id=str(event.pk), ct="json", body=body,
                   client_id=application.client_id, confirm_production="1")
    shown = text(response)
    assert "200 OK" in shown and '"created"' in shown
    assert f"Sent through the application {application.name}" in re.sub(r"<[^>]+>", "", shown)
    token = held_token(user, application)
    listed = text(run(client, "get-event-entry", p__event_id=str(event.pk), client_id=application.client_id))
    assert "Kim" in listed
    history = text(client.get("/console/history"))
    assert "POST" in history and "GET" in history
    permalink = unescape(re.search(r'href="([^"]*)" class="console-permalink"', response.content.decode()).group(1))
    stored = list(ConsoleCall.objects.values_list("url", "form"))
    for secret in (token, password, application.client_secret, settings.DEMO_TEST_USER_PASSWORD):
        for place in (shown, listed, history, permalink, repr(stored)):
            assert secret not in place
    assert "client_id" not in dict(parse_qsl(urlsplit(permalink).query))
    snippets_url = unescape(re.search(r'data-snippets-url="([^"]*)"', response.content.decode()).group(1))
    code = text(client.get(snippets_url, **FRAGMENT))
    snippets = re.findall(r'<code id="[^"]*-snippet-(?!token)[a-z]+">(.*?)</code>', code, re.S)
    assert len(snippets) == 8 and all("CTLIVE_ACCESS_TOKEN" in s and token not in s for s in snippets)
    assert all(application.client_id in TAGS.sub("", s) for s in snippets)
    for secret in (token, password, application.client_secret):
        assert secret not in code
    rerun = client.post("/console/run", {"history": str(ConsoleCall.objects.filter(method="GET").first().pk)}, **FRAGMENT)
    assert "Kim" in text(rerun)
    assert client.post("/console/run", {"history": "x1"}).status_code == 400  # no such entry: no operation


@pytest.mark.django_db(transaction=True)
def test_history_keeps_the_last_fifty(client):
    user, application, *_ = developer(client)
    for _ in range(52):
        run(client, "get-event-list", q__size="1", client_id=application.client_id)
    assert ConsoleCall.objects.filter(user=user).count() == 50


@pytest.mark.django_db
def test_permalink_opens_the_form_prefilled(client):
    page = client.get("/reference/event?op=get-event-list&env=testing&q.size=7&h.accept=text%2Fcsv").content.decode()
    assert 'name="q.size" value="7"' in page
    assert '<option value="text/csv" selected>' in page
    assert '<option value="testing" selected>' in page


def test_curl_import_drops_every_credential():
    command = ("curl -i -u 'director@example.com:director-pass' -H 'Authorization: Bearer abc123' "
               "-H 'Accept: text/csv' 'https://api.example.com/api/event/12/race?client_id=demo-client"
               "&user_id=a@b.c&user_pass=secret1&access_token=tok9&size=3'")
    imported = parse(command)
    operation, data = imported.operation, imported.data
    assert operation.operation_id == "get-event-race"
    assert set(imported.dropped) == {"-u", "Authorization", "client_id", "user_id", "user_pass", "access_token"}
    assert imported.base_url == "https://api.example.com/api"
    assert data["p.event_id"] == "12" and data["q.size"] == "3" and data["h.accept"] == "text/csv"
    flat = repr(data)
    for secret in ("director-pass", "abc123", "secret1", "tok9", "demo-client", "a@b.c"):
        assert secret not in flat


@pytest.mark.django_db
def test_curl_import_opens_the_form_or_says_why_not(client):
    response = client.post("/console/import/curl", {"command": "curl -X PUT https://x.example/api/race/4 --data '{\"race_name\": \"Y\"}'"})
    assert response.status_code == 302 and "op=put-race" in response["Location"] and "p.race_id=4" in response["Location"]
    assert client.post("/console/import/curl", {"command": "wget http://x"}).status_code == 400


@pytest.mark.django_db
def test_the_console_is_rate_limited_per_visitor(client):
    caches["default"].clear()
    with override_settings(CONSOLE_RATE_LIMIT=2):
        statuses = [run(client, "get-event-list", q__size="1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_large_response_shows_a_preview_and_a_download(client):
    with override_settings(CONSOLE_PREVIEW_BYTES=200):
        response = run(client, "get-event-list", q__size="100", q__include_test_events="1")
    shown = text(response)
    assert "Preview:" in shown
    link = re.search(r'href="(/console/download/[^"]+)"', shown).group(1)
    whole = client.get(link)
    assert whole.status_code == 200 and len(b"".join(whole.streaming_content)) > 200
    raw = client.get(link + "?view=raw")
    assert raw["Content-Type"] == "text/plain; charset=utf-8" and "sandbox" in raw["Content-Security-Policy"]
    assert raw["X-Content-Type-Options"] == "nosniff"
    assert Client().get(link).status_code == 404  # another visitor's session


def test_a_kept_body_downloads_whole_from_the_served_site_to_its_visitor_only(served_api, demo):
    """Through gunicorn, which sends a file from its descriptor's offset (sendfile)."""
    visitor = requests.Session()
    visitor.get(served_api.url + "/reference/event", timeout=60).raise_for_status()  # the CSRF cookie
    query = {"size": "100", "include_test_events": "1"}
    form = {"op": "get-event-list", "env": "production", "scheme": "bearer", "h.accept_encoding": "identity",
            "csrfmiddlewaretoken": visitor.cookies["csrftoken"], **{f"q.{k}": v for k, v in query.items()}}
    shown = visitor.post(served_api.url + "/console/run", data=form, headers={"X-Console-Fragment": "1"}, timeout=60)
    link = re.search(r'href="(/console/download/[^"?]+)', unescape(shown.text)).group(1)
    direct = requests.get(served_api.url + "/api/event", params={"client_id": demo["client_id"], **query},
                          auth=demo["test_user"], headers={"Accept-Encoding": "identity"}, timeout=60)
    downloaded = visitor.get(served_api.url + link, timeout=60)
    assert downloaded.status_code == 200 and downloaded.content == direct.content
    assert visitor.get(served_api.url + link + "?view=raw", timeout=60).content == direct.content
    assert requests.get(served_api.url + link, timeout=60).status_code == 404  # another visitor
    forged = link.rsplit(".", 1)[0] + "." + "0" * 32
    assert visitor.get(served_api.url + forged, timeout=60).status_code == 404


def test_highlighting_rules_are_in_the_stylesheet():
    assert stylesheet() in (settings.PACKAGE_DIR / "static" / "css" / "console.css").read_text()


@pytest.mark.django_db
def test_held_token_is_reused_then_renewed_before_it_expires():
    user = get_user_model().objects.get(username=settings.DEMO_TEST_USER_EMAIL)
    application = Application.objects.get(client_id=settings.DEMO_CLIENT_ID)
    first = held_token(user, application)
    assert held_token(user, application) == first
    key = f"console-token:{user.pk}:{application.pk}"
    caches["local"].set(key, (first, int(time.time()) + 30), 30)  # inside the last minute
    renewed = held_token(user, application)
    assert renewed != first
    assert AccessToken.objects.filter(token_checksum=token_checksum(renewed), user=user).exists()


def test_permalink_leaves_out_a_body_too_long_for_a_link():
    operation = operation_by_id("post-event-list")
    short = FormState(operation, environment="production", body='[{"event_name": "A"}]')
    assert "body=" in short.permalink_query()
    long = FormState(operation, environment="production", body='[{"event_name": "%s"}]' % ("x" * 4000))
    query = long.permalink_query()
    assert "body=" not in query and "ct=json" in query and len(query) <= MAX_PERMALINK_CHARS


@pytest.mark.django_db
def test_a_reload_of_the_result_page_goes_back_to_the_reference(client):
    response = client.get("/console/run")
    assert response.status_code == 302 and response["Location"] == "/reference/"
    page = client.get("/reference/event").content.decode()
    assert "/accounts/login?next=/reference/event%23get-event-list" in page
