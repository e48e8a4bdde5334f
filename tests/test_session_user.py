"""A session's user is read again on every request (through a statement compiled once,
api/auth/login_throttle.py): deactivating or deleting an account, or changing its password,
ends its sessions at their next page."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PAGE = "/accounts/applications"  # signed-in only: a visitor without a session is sent to sign in


def deactivated(user):
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)


def deleted(user):
    user.delete()


def password_changed(user):
    user.set_password("another-password-1")
    user.save()


@pytest.mark.parametrize("change", [deactivated, deleted, password_changed])
def test_a_session_ends_when_its_account_changes(change):
    user = get_user_model().objects.create_user("session-user@example.com", "session-user@example.com",
                                                "a-password-of-theirs-1")
    client = Client()
    client.force_login(user)
    signed_in = client.get(PAGE)
    assert signed_in.status_code == 200 and signed_in.wsgi_request.user == user
    change(user)
    after = client.get(PAGE)
    assert after.status_code == 302 and after["Location"].startswith("/accounts/login")
    assert not after.wsgi_request.user.is_authenticated
