"""Authorization codes are kept as checksums, and a failed PKCE verification uses the code up."""
import base64
import hashlib
from urllib.parse import urlencode

import pytest
from oauth2_provider.models import Grant

from api.oauth import token_checksum

from .oauth_flow import (
    REDIRECT_URI,
    Browser,
    make_client,
    make_developer,
    redirect_query,
    site,  # noqa: F401  (fixture)
    token_by_get,
)
from .test_oauth_web_flow import authorization_code

pytestmark = pytest.mark.django_db(transaction=True)
VERIFIER = "a-code-verifier-long-enough-for-rfc-7636-" + "v" * 20


def exchange(base, client, code, **extra):
    return token_by_get(base, client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI, **extra)


def code_with_pkce(base, developer, client):
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
    query = urlencode({"response_type": "code", "client_id": client.client_id, "redirect_uri": REDIRECT_URI,
                       "state": "s", "code_challenge": challenge, "code_challenge_method": "S256"})
    browser = Browser(base)
    page = browser.sign_in(developer, next_path=f"/oauth2/authorize?{query}")
    return redirect_query(browser.submit(page, {"allow": "on"}, css_class="consent-form"))["code"]


def test_the_code_is_stored_only_as_its_checksum_and_still_works(site):
    developer = make_developer()
    client = make_client(developer)
    code = authorization_code(site, developer, client)
    assert not Grant.objects.filter(code=code).exists()
    assert Grant.objects.filter(code=token_checksum(code)).exists()
    assert exchange(site, client, code).status_code == 200
    assert not Grant.objects.exists()


@pytest.mark.parametrize("verifier", ["a-wrong-verifier-" + "w" * 40, None])
def test_a_failed_pkce_verification_uses_the_code_up(site, verifier):
    developer = make_developer()
    client = make_client(developer)
    code = code_with_pkce(site, developer, client)
    extra = {"code_verifier": verifier} if verifier else {}
    failed = exchange(site, client, code, **extra)
    assert failed.status_code == 400 and failed.json()["error"] in ("invalid_grant", "invalid_request")
    again = exchange(site, client, code, code_verifier=VERIFIER)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_the_right_verifier_gets_a_token(site):
    developer = make_developer()
    client = make_client(developer)
    code = code_with_pkce(site, developer, client)
    assert exchange(site, client, code, code_verifier=VERIFIER).status_code == 200
