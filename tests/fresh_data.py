"""A small world made inside a test, for tests whose database is emptied afterwards."""
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
