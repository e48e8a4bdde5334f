"""The personal console application: a signed-in person without an approved application of
their own still calls the API from the docs at once.

Made on first use, approved, owned by the person (so it is listed in "My applications"),
with a random secret that is never shown: the console calls with a token it issues itself,
so no secret is ever needed. Its client_id names its owner, so it is found again.
"""
from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from racing.test_events import grant_test_events

NAME = "Docs console (personal)"


def client_id_of(user):
    return f"console-{user.pk}"


def console_application(user):
    """The user's console application, made (with access to the test events) the first time."""
    application = Application.objects.filter(client_id=client_id_of(user), user=user).first()
    if application is not None:
        return application
    with transaction.atomic():
        application = Application.objects.create(
            user=user, name=NAME, client_id=client_id_of(user), client_secret=generate_client_secret(),
            client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_PASSWORD)
        ApplicationPolicy.objects.create(application=application, is_approved=True)
    grant_test_events(user)
    return application
