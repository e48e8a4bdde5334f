"""Developer accounts over real HTTP: sign-up, applications, secrets, password reset."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from oauth2_provider.models import Application

from racing.demo import TEST_EVENT_NAMES

from .oauth_flow import (
    PASSWORD,
    REDIRECT_URI,
    Browser,
    Developer,
    api_get,
    make_client,
    make_developer,
    post_form,
    site,  # noqa: F401  (fixture)
    token_by_get,
)
from .signup_mail import confirmation_path

pytestmark = pytest.mark.django_db(transaction=True)

SHOWN_CREDENTIALS = re.compile(r"<dd><code>([^<]+)</code></dd>\s*<dt><code>client_secret</code></dt>\s*"
                               r'<dd><code class="secret">([^<]+)</code></dd>')


def shown_credentials(page):
    """(client_id, secret) from the page that shows a secret once."""
    match = SHOWN_CREDENTIALS.search(page.text)
    assert match, page.text
    return match.groups()


def submit_sign_up(base, email="new-dev@example.com", password=PASSWORD, **overrides):
    browser = Browser(base)
    page = browser.get("/accounts/signup")
    fields = {"email": email, "password1": password, "password2": password,
              "app-name": "Split times app", "app-redirect_uris": REDIRECT_URI, **overrides}
    return browser, browser.submit(page, fields, action="/accounts/signup")


def sign_up(base, email="new-dev@example.com", password=PASSWORD):
    """Signs up and follows the emailed link: (browser, the page showing the secret)."""
    browser, sent = submit_sign_up(base, email, password)
    assert "Check your inbox" in sent.text, sent.text
    confirm = browser.get(confirmation_path(email))
    return browser, browser.submit(confirm, {}, css_class="account-form")


def password_grant(base, client_id, secret, email, password=PASSWORD):
    return token_by_get(base, None, basic=(client_id, secret), grant_type="password", username=email,
                        password=password)


def test_sign_up_shows_the_secret_once_and_it_gets_a_token(site, settings):
    settings.AUTO_APPROVE_APPLICATIONS = True
    browser, page = sign_up(site)
    assert page.status_code == 200, page.text
    assert "no-store" in page.headers["Cache-Control"]
    client_id, secret = shown_credentials(page)
    stored = Application.objects.get(client_id=client_id)
    assert stored.client_secret != secret and check_password(secret, stored.client_secret)
    assert stored.user.email == "new-dev@example.com"

    token = password_grant(site, client_id, secret, "new-dev@example.com")
    assert token.status_code == 200, token.text
    events = api_get(site, "/api/event", token.json()["access_token"]).json()["event"]
    assert {event["event_name"] for event in events} <= set(TEST_EVENT_NAMES)  # a new account sees only those

    listing = browser.get("/accounts/applications")
    assert listing.status_code == 200 and client_id in listing.text
    assert secret not in listing.text
    assert "Approved" in listing.text


def test_a_new_application_waits_for_approval_by_default(site):
    _, page = sign_up(site)
    assert "waiting for approval" in page.text
    client_id, secret = shown_credentials(page)
    refused = password_grant(site, client_id, secret, "new-dev@example.com")
    assert refused.status_code == 401
    assert "waiting for approval" in refused.json()["error_description"]


@pytest.mark.parametrize("overrides, message", [
    ({"password2": "something-else-1"}, "didn’t match"),
    ({"app-redirect_uris": "ftp://example.com/cb"}, "redirect"),
    ({"app-redirect_uris": "https://a.example/cb https://b.example/cb"}, "Enter one redirect URI"),
    ({"app-name": ""}, "This field is required"),
    ({"password1": "short", "password2": "short"}, "too short"),
])
def test_sign_up_errors_are_shown_and_nothing_is_created(site, mailoutbox, overrides, message):
    _, page = submit_sign_up(site, **overrides)
    assert page.status_code == 200
    assert message in page.text
    assert not get_user_model().objects.filter(email="new-dev@example.com").exists()
    assert not Application.objects.exists()
    assert mailoutbox == []


def test_an_email_can_sign_up_only_once_and_its_owner_is_told(site, mailoutbox):
    owner = make_developer("taken@example.com")
    _, page = submit_sign_up(site, email="Taken@Example.com", password="another-pass-word-2")
    assert "Check your inbox" in page.text
    assert get_user_model().objects.filter(email__iexact="taken@example.com").count() == 1
    assert not Application.objects.exists()
    assert [message.subject for message in mailoutbox] == ["You already have a ctlive developer account"]
    assert f"{site}/accounts/login" in mailoutbox[0].body
    assert Browser(site).sign_in(owner).url == f"{site}/accounts/applications"  # the password is unchanged


def test_the_sign_up_form_is_csrf_protected(site):
    browser = Browser(site)
    browser.get("/accounts/signup")
    response = browser.session.post(f"{site}/accounts/signup", timeout=30, data={
        "email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "app-name": "X", "app-redirect_uris": REDIRECT_URI})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="x@example.com").exists()


def signed_in(base, developer):
    browser = Browser(base)
    page = browser.sign_in(developer)
    assert page.url == f"{base}/accounts/applications", page.url
    return browser, page


def test_register_rename_rotate_and_delete_an_application(site, settings):
    settings.AUTO_APPROVE_APPLICATIONS = True
    developer = make_developer()
    browser, page = signed_in(site, developer)
    created = browser.submit(page, {"name": "Live tracker", "redirect_uris": REDIRECT_URI},
                             action="/accounts/applications")
    client_id, secret = shown_credentials(created)
    application = Application.objects.get(client_id=client_id)

    page = browser.get("/accounts/applications")
    renamed = browser.submit(page, {"name": "Live tracker 2"},
                             action=f"/accounts/applications/{application.pk}/rename")
    assert "Renamed to “Live tracker 2”" in renamed.text

    token = password_grant(site, client_id, secret, developer.email).json()["access_token"]
    rotated = browser.submit(renamed, {}, action=f"/accounts/applications/{application.pk}/rotate-secret")
    assert "no-store" in rotated.headers["Cache-Control"]
    same_id, new_secret = shown_credentials(rotated)
    assert same_id == client_id and new_secret != secret
    assert password_grant(site, client_id, secret, developer.email).status_code == 401
    assert password_grant(site, client_id, new_secret, developer.email).status_code == 200
    assert api_get(site, "/api/event", token).status_code == 200

    confirm = browser.get(f"/accounts/applications/{application.pk}/delete")
    assert "Live tracker 2" in confirm.text
    deleted = browser.submit(confirm, {}, action=f"/accounts/applications/{application.pk}/delete")
    assert "Deleted “Live tracker 2”" in deleted.text
    assert not Application.objects.filter(pk=application.pk).exists()
    assert api_get(site, "/api/event", token).status_code == 401


def test_applications_of_other_developers_are_out_of_reach(site):
    owner = make_client(make_developer("owner@example.com"))
    browser, page = signed_in(site, make_developer("intruder@example.com"))
    assert owner.client_id not in page.text
    pk = owner.application.pk
    assert browser.get(f"/accounts/applications/{pk}/delete").status_code == 404
    forged = browser.session.post(f"{site}/accounts/applications/{pk}/rotate-secret", timeout=30,
                                  data={"csrfmiddlewaretoken": post_form(page.text)[1]["csrfmiddlewaretoken"]})
    assert forged.status_code == 404
    assert Application.objects.get(pk=pk).name == "Race results board"


def test_signing_out_ends_the_session(site):
    browser, page = signed_in(site, make_developer())
    browser.submit(page, {}, action="/accounts/logout")
    assert browser.get("/accounts/applications").url.startswith(f"{site}/accounts/login")


def test_a_password_is_reset_through_the_emailed_link(site, mailoutbox):
    developer = make_developer()
    browser = Browser(site)
    page = browser.get("/accounts/password-reset")
    sent = browser.submit(page, {"email": developer.email}, action="/accounts/password-reset")
    assert "Check your email" in sent.text
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [developer.email]
    link = re.search(r"http://\S+/accounts/password-reset/\S+", mailoutbox[0].body).group(0)

    form = browser.get(link)
    done = browser.submit(form, {"new_password1": "a-brand-new-pass", "new_password2": "a-brand-new-pass"},
                          css_class="account-form")
    assert "Password changed" in done.text
    assert browser.get(link).status_code == 200 and "does not work" in browser.get(link).text
    page = Browser(site).sign_in(Developer(developer.user, developer.email, "a-brand-new-pass"))
    assert page.url == f"{site}/accounts/applications"
