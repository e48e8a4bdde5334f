"""Sign-up by emailed confirmation: the same answer whether or not the address has an
account (same page, same hashes computed), an account that cannot be used until its link is
followed, and a link that works once, for a limited time, and only as sent."""
import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model, hashers
from django.test import Client
from oauth2_provider.models import Application

from docsite.accounts.confirmation import SignUpConfirmation
from tests.api_client import basic
from tests.fresh_data import approved_application
from tests.signup_mail import confirmation_path, sent_to
from tests.wire_readers import error

pytestmark = pytest.mark.django_db
PASSWORD = "confirm-me-pass-7"
SIGNED_UP_FIRST = "Confirm your ctlive developer account"
ALREADY = "You already have a ctlive developer account"


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture()
def address():
    return f"signer-{uuid.uuid4().hex[:10]}@example.com"


def sign_up(client, email, password=PASSWORD, app_name="Split times app"):
    return client.post("/accounts/signup", {
        "email": email, "password1": password, "password2": password,
        "app-name": app_name, "app-redirect_uris": "https://example.com/cb"})


def visible(response):
    """The page without what differs on every rendering (CSRF tokens, CSP nonces)."""
    html = response.content.decode()
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', r'\1=""', html)


def answer(email, password=PASSWORD):
    """What a visitor sees for a sign-up: (status, Location, then the page it leads to)."""
    client = Client()
    response = sign_up(client, email, password)
    page = client.get(response["Location"])
    return response.status_code, response["Location"], page.status_code, visible(page)


def user(email):
    return get_user_model().objects.get(username=email)


def test_a_new_and_a_taken_address_get_the_same_answer_and_the_same_hashing(address, hashes, mailoutbox):
    fresh = answer(address)
    work_for_a_new_account = len(hashes)
    assert work_for_a_new_account == 3  # password, its SHA1 form, the client secret
    assert fresh[:3] == (302, "/accounts/signup/sent", 200) and "Check your inbox" in fresh[3]
    assert address in fresh[3]
    assert not user(address).is_active

    hashes.clear()
    pending = answer(address)  # unconfirmed: taken over, the link mailed again
    assert pending == fresh and len(hashes) == work_for_a_new_account

    user_model = get_user_model()
    user_model.objects.filter(username=address).update(is_active=True)
    hashes.clear()
    taken = answer(address.upper(), "someone-elses-pass-1")
    assert taken == fresh
    assert len(hashes) == work_for_a_new_account, "a taken address must cost the same hashes"

    assert [subject for subject, _body in sent_to(address)] == [SIGNED_UP_FIRST, SIGNED_UP_FIRST, ALREADY]
    body = sent_to(address)[-1][1]
    assert "http://testserver/accounts/login" in body and "/accounts/confirm/" not in body
    assert "http://testserver/accounts/password-reset" in body
    assert user_model.objects.filter(email__iexact=address).count() == 1
    assert user(address).check_password(PASSWORD), "the owner's password is left as it was"


def test_the_link_confirms_signs_in_and_shows_the_secret_once(address, mailoutbox):
    client = Client()
    sign_up(client, address)
    path = confirmation_path(address)
    assert client.get("/accounts/applications").status_code == 302  # not signed in yet
    page = client.get(path)
    assert page.status_code == 200 and "Confirm and sign in" in page.content.decode()
    assert not user(address).is_active, "opening the link (as mail scanners do) does not use it up"

    shown = client.post(path)
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    secret = re.search(r'<code class="secret">([^<]+)</code>', shown.content.decode()).group(1)
    application = Application.objects.get(user__username=address)
    assert hashers.check_password(secret, application.client_secret)
    assert user(address).is_active
    assert client.session["_auth_user_id"] == str(application.user_id)
    assert client.get("/accounts/applications").status_code == 200

    for again in (Client().get(path), Client().post(path)):
        assert again.status_code == 400 and "This link does not work" in again.content.decode()
        assert "used already" in again.content.decode()


def test_only_the_latest_link_works(address, mailoutbox):
    sign_up(Client(), address)
    first = confirmation_path(address)
    sign_up(Client(), address, "a-newer-pass-word-2", app_name="Renamed app")
    latest = confirmation_path(address)
    assert Client().post(first).status_code == 400
    assert Client().post(latest).status_code == 200
    assert user(address).check_password("a-newer-pass-word-2")
    assert list(Application.objects.filter(user__username=address).values_list("name", flat=True)) == ["Renamed app"]


def test_an_expired_link_is_refused_with_a_clear_message(address, mailoutbox, monkeypatch):
    sign_up(Client(), address)
    path = confirmation_path(address)
    later = datetime.now() + timedelta(seconds=settings.SIGNUP_CONFIRMATION_TIMEOUT + 5)
    monkeypatch.setattr(SignUpConfirmation, "_now", lambda self: later)
    refused = Client().post(path)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "This link does not work" in text and f"older than {settings.SIGNUP_CONFIRMATION_TIMEOUT // 3600} hours" in text
    assert 'href="/accounts/signup"' in text
    assert not user(address).is_active


@pytest.mark.parametrize("forge", [
    lambda uid, token: (uid, token[:-1] + ("0" if token[-1] != "0" else "1")),  # token altered
    lambda uid, token: ("MTIzNDU2Nzg5", token),  # another (missing) account
    lambda uid, token: ("not-base64!", token),
    lambda uid, token: ("w7w", token),  # decodes to non-ASCII
    lambda uid, token: (uid, "nodash"),
])
def test_a_forged_link_is_refused_with_a_clear_message(address, mailoutbox, forge):
    sign_up(Client(), address)
    _, _, uid, token = confirmation_path(address).strip("/").split("/")
    forged_uid, forged_token = forge(uid, token)
    for method in ("get", "post"):
        refused = getattr(Client(), method)(f"/accounts/confirm/{forged_uid}/{forged_token}")
        assert refused.status_code == 400 and "This link does not work" in refused.content.decode()
    assert not user(address).is_active


@pytest.fixture()
def approved_client():
    return approved_application("Someone's app", "confirm")


def test_an_unconfirmed_account_cannot_sign_in_anywhere(address, mailoutbox, approved_client):
    sign_up(Client(), address)
    site = Client()
    page = site.post("/accounts/login", {"username": address, "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in site.session
    token = Client().get("/oauth2/token", {"grant_type": "password", "username": address, "password": PASSWORD},
                         headers=basic(approved_client.client_id, "the-client-secret"))
    assert token.status_code == 400 and token.json()["error"] == "invalid_grant"
    for credentials in ({"headers": basic(address, PASSWORD)}, {"query": {"user_id": address, "user_pass": PASSWORD}}):
        api = Client().get("/api/event", {"client_id": approved_client.client_id, **credentials.get("query", {})},
                           headers=credentials.get("headers", {}))
        assert api.status_code == 401 and error("json", api)["code"] == "invalid_credentials"

    assert Client().post(confirmation_path(address)).status_code == 200
    signed_in = Client()
    assert signed_in.post("/accounts/login", {"username": address, "password": PASSWORD}).status_code == 302
    api = Client().get("/api/event", {"client_id": approved_client.client_id}, headers=basic(address, PASSWORD))
    assert api.status_code == 200


def test_the_demo_accounts_are_active():
    for email in (settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_TEST_USER_EMAIL, settings.DEMO_STAFF_EMAIL):
        assert get_user_model().objects.get(username=email).is_active


def test_one_address_is_mailed_a_few_times_an_hour_and_answered_alike_after(address, hashes, mailoutbox, settings):
    """Past SIGNUP_MAILS_PER_ADDRESS nothing is mailed or changed, and the answer and the
    hashing stay those of every sign-up: the limit tells nothing about the address."""
    settings.SIGNUP_MAILS_PER_ADDRESS = 2
    first = answer(address)
    assert answer(address) == first
    get_user_model().objects.filter(username=address).update(is_active=True)
    hashes.clear()
    assert answer(address, "another-pass-9") == first and len(hashes) == 3
    assert len(sent_to(address)) == 2
    assert user(address).check_password(PASSWORD)


def test_one_client_address_gets_a_429_after_its_sign_ups_for_the_hour(mailoutbox, settings):
    settings.SIGNUP_ATTEMPTS_PER_CLIENT = 2
    # addresses of this run alone: counts live in the shared cache, which outlasts a run
    client_address, other_address = (f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}" for _ in range(2))
    client = Client(REMOTE_ADDR=client_address)
    for _ in range(2):
        assert sign_up(client, f"many-{uuid.uuid4().hex[:8]}@example.com").status_code == 302
    refused_address = f"many-{uuid.uuid4().hex[:8]}@example.com"
    refused = sign_up(client, refused_address)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= settings.SIGNUP_LIMIT_WINDOW_SECONDS
    assert "Too many sign-ups from your address" in refused.content.decode()
    assert not get_user_model().objects.filter(username=refused_address).exists() and not sent_to(refused_address)
    assert sign_up(Client(REMOTE_ADDR=other_address), refused_address).status_code == 302
