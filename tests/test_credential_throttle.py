"""Failed credentials are throttled everywhere they are checked: per account and per client
address, with a growing back-off, refused before any password hash is computed (429 and
Retry-After), reset by a success, counted in the shared cache."""
import threading
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client

from api.auth import throttle
from support.models import ApiRequest

from .api_client import basic
from .fresh_data import approved_application
from .wire_readers import error

pytestmark = pytest.mark.django_db

FREE = 3
BASE = 60


@pytest.fixture(autouse=True)
def small_throttle(settings):
    settings.AUTH_THROTTLE_FREE_FAILURES = FREE
    settings.AUTH_THROTTLE_FREE_FAILURES_PER_ADDRESS = 10
    settings.AUTH_THROTTLE_BASE_SECONDS = BASE
    settings.AUTH_THROTTLE_MAX_SECONDS = 8 * BASE
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture()
def address():
    """A client address of this test alone (the counts outlive a test in the shared cache)."""
    return f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


@pytest.fixture()
def account():
    login = f"guessed-{uuid.uuid4().hex[:10]}@example.com"
    get_user_model().objects.create_user(login, email=login, password="the-right-password")
    return login


def api_get(address, headers=None, **query):
    return Client(REMOTE_ADDR=address).get("/api/event", {"client_id": settings.DEMO_CLIENT_ID, **query},
                                           headers=headers or {})


@pytest.mark.parametrize("scheme", ["basic", "test"])
def test_an_api_account_is_refused_with_429_before_any_hash_once_over_its_free_failures(
        address, account, hashes, scheme):
    def attempt(password, **query):
        if scheme == "basic":
            return api_get(address, basic(account, password), **query)
        return api_get(address, user_id=account, user_pass=password, **query)

    assert [attempt("wrong").status_code for _ in range(FREE)] == [401] * FREE
    hashes.clear()
    refused = attempt("the-right-password", format="xml")
    assert refused.status_code == 429 and hashes == []
    assert 0 < int(refused["Retry-After"]) <= BASE
    assert refused["Content-Type"].startswith("application/xml")
    assert error("xml", refused)["code"] == "too_many_failed_attempts"


def logged(response):
    return ApiRequest.objects.filter(request_id=response["X-Request-Id"]).exists()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_guess_at_a_known_block_gets_the_views_answer_without_the_rest_of_the_work(address, account, fmt):
    for _ in range(FREE):
        api_get(address, basic(account, "wrong"))
    caches["local"].clear()  # this process forgets the block: the view refuses, as in another process
    spanish = {**basic(account, "wrong"), "Accept-Language": "es"}
    by_view, early = api_get(address, spanish, format=fmt), api_get(address, spanish, format=fmt)
    assert by_view.status_code == early.status_code == 429
    for header in ("Content-Type", "Content-Language", "X-Ctlive-Api-Version"):
        assert early[header] == by_view[header], header
    assert abs(int(early["Retry-After"]) - int(by_view["Retry-After"])) <= 1
    assert error(fmt, early)["code"] == error(fmt, by_view)["code"] == "too_many_failed_attempts"
    assert logged(by_view) and not logged(early), "answered before the request log"
    assert caches["default"].get(f"{throttle.address_key(address)}") == FREE, "refused guesses are not counted"


def test_known_blocks_let_pass_what_the_view_would_not_refuse(address, account):
    assert api_get(address, basic(account, "the-right-password")).status_code == 200  # remembered (api/auth/memo.py)
    for _ in range(FREE):
        api_get(address, basic(account, "wrong"))
    assert api_get(address, basic(account, "wrong")).status_code == 429
    assert api_get(address, basic(account, "the-right-password")).status_code == 200, "remembered credentials pass"
    unknown = Client(REMOTE_ADDR=address).get("/api/event", {"client_id": "no-such-client"},
                                              headers=basic(account, "wrong"))
    assert unknown.status_code == 401 and error("json", unknown)["code"] == "invalid_client"
    bearer = api_get(address, {"Authorization": "Bearer not-a-token"}, user_id=account, user_pass="wrong")
    assert bearer.status_code == 401, "a Bearer request is the view's to judge"


def test_the_back_off_doubles_with_each_failure_up_to_the_maximum(address, account):
    key = throttle.account_key("user", account)
    waits = []
    for _failure in range(FREE + 6):
        throttle.failed(address, key, now=1000.0)
        waits.append(throttle.retry_after(address, key, now=1000.0))
    assert waits == [0] * (FREE - 1) + [BASE, 2 * BASE, 4 * BASE, 8 * BASE, 8 * BASE, 8 * BASE, 8 * BASE]


def in_another_thread(function):
    results = []
    thread = threading.Thread(target=lambda: results.append(function()))
    thread.start()
    thread.join()
    return results[0]


def test_when_a_block_ends_one_check_goes_through_at_a_time(address, account):
    key = throttle.account_key("user", account)
    for _failure in range(FREE):
        throttle.failed(address, key, now=1000.0)
    ended = 1000.0 + BASE + 1
    assert throttle.retry_after(address, key, now=ended) == 0  # this thread checks
    assert throttle.retry_after(address, key, now=ended) == 0, "re-entrant: one check may ask twice"
    assert in_another_thread(lambda: throttle.retry_after(address, key, now=ended)) == 1, "the others wait"
    throttle.failed(address, key, now=ended)  # the check reports: a longer block, the probe released
    assert in_another_thread(lambda: throttle.retry_after(address, key, now=ended)) == 2 * BASE
    later = ended + 2 * BASE + 1
    assert in_another_thread(lambda: throttle.retry_after(address, key, now=later)) == 0
    throttle.succeeded(key)
    assert throttle.retry_after(address, key, now=later) == 0, "reset: under the free failures, no probe"
    assert in_another_thread(lambda: throttle.retry_after(address, key, now=later)) == 0


def test_a_success_resets_the_account(address, account):
    for _ in range(FREE - 1):
        assert api_get(address, basic(account, "wrong")).status_code == 401
    assert api_get(address, basic(account, "the-right-password")).status_code == 200
    for _ in range(FREE - 1):
        assert api_get(address, basic(account, "wrong")).status_code == 401


def test_one_address_guessing_many_accounts_is_blocked_too(address):
    for number in range(10):
        assert api_get(address, basic(f"nobody-{number}-{address}", "wrong")).status_code == 401
    another = f"another-one-{address}"  # an account of this test alone: counts outlive a run
    assert api_get(address, basic(another, "wrong")).status_code == 429
    assert api_get(address + "0", basic(another, "wrong")).status_code == 401, "other addresses go on"


def test_the_counts_live_in_the_shared_cache(address, account):
    api_get(address, basic(account, "wrong"))
    assert caches["default"].get(throttle.account_key("user", account)) == 1
    assert caches["default"].get(throttle.address_key(address)) == 1


def sign_in(address, login, password):
    client = Client(REMOTE_ADDR=address)
    client.get("/accounts/login")
    return client.post("/accounts/login", {"username": login, "password": password})


def test_the_sign_in_page_is_throttled_with_a_plain_message(address, account, hashes):
    for _ in range(FREE):
        assert sign_in(address, account, "wrong").status_code == 200
    hashes.clear()
    refused = sign_in(address, account, "the-right-password")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= BASE
    assert b"Too many failed sign-ins" in refused.content and hashes == []


@pytest.fixture()
def staff_account(account):
    get_user_model().objects.filter(username=account).update(is_staff=True)
    return account


def admin_sign_in(address, login, password):
    client = Client(REMOTE_ADDR=address)
    client.get("/admin/login/")
    return client.post("/admin/login/?next=/admin/", {"username": login, "password": password, "next": "/admin/"})


def test_the_admin_sign_in_is_throttled_with_429_and_a_plain_message(address, staff_account, hashes):
    for _ in range(FREE):
        assert admin_sign_in(address, staff_account, "wrong").status_code == 200
    hashes.clear()
    refused = admin_sign_in(address, staff_account, "the-right-password")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= BASE
    assert b"Too many failed sign-ins for this account or from this address" in refused.content
    assert b"Please enter the correct" not in refused.content and hashes == []
    assert admin_sign_in(address + "0", staff_account, "the-right-password").status_code == 429, "the account too"


def test_the_admin_sign_in_still_works_and_resets_the_account(address, staff_account):
    for _ in range(FREE - 1):
        assert admin_sign_in(address, staff_account, "wrong").status_code == 200
    signed_in = admin_sign_in(address, staff_account, "the-right-password")
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
    assert admin_sign_in(address, staff_account, "wrong").status_code == 200


def test_a_sign_in_resets_the_account(address, account):
    for _ in range(FREE - 1):
        sign_in(address, account, "wrong")
    assert sign_in(address, account, "the-right-password").status_code == 302
    assert sign_in(address, account, "wrong").status_code == 200


@pytest.fixture()
def client_app():
    """A confidential application of its own (secret hashed with the test's fast hasher)."""
    return approved_application("Throttled", "throttled")


def token(address, client_id, secret, username, password):
    return Client(REMOTE_ADDR=address).get("/oauth2/token", {
        "grant_type": "password", "username": username, "password": password}, headers=basic(client_id, secret))


def test_the_password_grant_is_throttled_per_user(address, account, client_app, hashes):
    for _ in range(FREE):
        assert token(address, client_app.client_id, "the-client-secret", account, "wrong").status_code == 400
    refused = token(address, client_app.client_id, "the-client-secret", account, "the-right-password")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= BASE
    assert refused.json()["error"] == "too_many_failed_attempts"


def test_client_authentication_at_the_token_endpoint_is_throttled(address, account, client_app, hashes):
    for _ in range(FREE):
        assert token(address, client_app.client_id, "wrong-secret", account, "the-right-password").status_code == 401
    hashes.clear()
    refused = token(address, client_app.client_id, "the-client-secret", account, "the-right-password")
    assert refused.status_code == 429 and hashes == []
    assert 0 < int(refused["Retry-After"]) <= BASE


@pytest.mark.parametrize("method", ["get", "post"])
def test_client_guesses_at_a_known_block_get_the_token_endpoints_own_429_early(address, account, client_app, method):
    for _ in range(FREE):
        token(address, client_app.client_id, "wrong-secret", account, "the-right-password")
    caches["local"].clear()  # forgotten here: the view refuses, as in another process

    def attempt():
        return getattr(Client(REMOTE_ADDR=address), method)("/oauth2/token", {
            "grant_type": "password", "username": account, "password": "the-right-password"},
            headers=basic(client_app.client_id, "the-client-secret"))

    by_view, early = attempt(), attempt()
    assert by_view.status_code == early.status_code == 429
    for header in ("Content-Type", "Cache-Control", "Pragma"):
        assert early[header] == by_view[header], header
    assert abs(int(early["Retry-After"]) - int(by_view["Retry-After"])) <= 1
    assert early.json()["error"] == by_view.json()["error"] == "too_many_failed_attempts"
    assert logged(by_view) and not logged(early), "answered before the request log"
