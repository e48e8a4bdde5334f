"""A small world made inside a test, for tests whose database is emptied afterwards."""
import uuid

from django.contrib.auth import get_user_model
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from racing.models import Event, EventGrant, Race


def make_world(password="fresh-pass-1"):
    """(client_id, login, password, event, race): an approved application and a user with a
    write grant on one event with one race."""
    user = get_user_model().objects.create_user("writer@example.com", "writer@example.com", password)
    application = Application.objects.create(
        name="Writer", client_id="writer-app", client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris="https://example.com/cb")
    ApplicationPolicy.objects.create(application=application, is_approved=True)
    event = Event.objects.create(name="Fresh Event")
    EventGrant.objects.create(user=user, event=event, can_write=True)
    race = Race.objects.create(event=event, name="Fresh 5K", course_distance=5000)
    return application.client_id, user.username, password, event, race


def approved_application(name, prefix, client_secret="the-client-secret"):
    """A confidential, approved application of the test's own (a client_id no other run
    has used: throttle counts in the shared cache outlast a run)."""
    application = Application.objects.create(
        name=name, client_id=f"{prefix}-{uuid.uuid4().hex[:8]}", client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://example.com/cb")
    ApplicationPolicy.objects.update_or_create(application=application, defaults={"is_approved": True})
    return application
