"""Every reference page (from the registry) answers 200 for each kind of visitor: anonymous,
a fresh sign-up who sees no events, the demo director, a staff user, and a developer whose
only application is not approved yet."""
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from api.registry import registry
from racing.models import EventGrant
from tests.signup_mail import confirm_in_process

pytestmark = pytest.mark.django_db
PASSWORD = "fresh-visitor-pass-1"


def signed_up(client):
    """A developer made through the sign-up page, as the README says to."""
    response = client.post("/accounts/signup", {
        "username": "fresh@example.com", "email": "fresh@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "app-name": "Fresh app", "app-redirect_uris": "https://example.com/cb"})
    assert response.status_code == 302, response.content[:2000]
    assert confirm_in_process(client, "fresh@example.com").status_code == 200
    user = get_user_model().objects.get(username="fresh@example.com")
    assert not EventGrant.objects.filter(user=user, event__is_test=False).exists()  # no events of their own
    return client


def unapproved_developer(client):
    user = get_user_model().objects.create_user("waiting@example.com", "waiting@example.com", PASSWORD)
    application = Application.objects.create(
        user=user, name="Waiting", client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris="https://example.com/cb")
    ApplicationPolicy.objects.create(application=application, is_approved=False)
    client.force_login(user)
    return client


def signed_in_as(email):
    def sign_in(client):
        client.force_login(get_user_model().objects.get(username=email))
        return client
    return sign_in


VISITORS = {
    "anonymous": lambda client: client,
    "fresh sign-up": signed_up,
    "director": signed_in_as(settings.DEMO_DIRECTOR_EMAIL),
    "staff": signed_in_as(settings.DEMO_STAFF_EMAIL),
    "unapproved developer": unapproved_developer,
}


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_reference_page_answers_200(visitor, settings):
    settings.AUTO_APPROVE_APPLICATIONS = False
    client = VISITORS[visitor](Client())
    for resource in registry:
        response = client.get(f"/reference/{resource.segment}")
        assert response.status_code == 200, (visitor, resource.segment)


def test_every_reference_page_answers_200_for_an_account_that_sees_nothing_at_all():
    """No grant at all, not even the test events (the id chooser then finds no parent
    entity anywhere and must stop instead of asking parents that list each other)."""
    from django.core.cache import caches

    from ctlive import environment

    client = unapproved_developer(Client())
    client.get("/reference/event")  # the console application is made, with the test events
    user = get_user_model().objects.get(username="waiting@example.com")
    for name in environment.NAMES:
        with environment.using(name):
            EventGrant.objects.filter(user_id=user.pk).delete()
    caches["local"].clear()
    for resource in registry:
        assert client.get(f"/reference/{resource.segment}").status_code == 200, resource.segment
