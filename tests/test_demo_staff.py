"""The demo staff account: staff, in the `support` group, and able to approve a waiting
application in the admin."""
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from oauth2_provider.models import Application

from api.models import ApplicationPolicy

pytestmark = pytest.mark.django_db


def test_staff_signs_in_with_the_documented_password_and_is_in_the_support_group():
    staff = get_user_model().objects.get(username=settings.DEMO_STAFF_EMAIL)
    assert staff.is_staff and not staff.is_superuser and staff.check_password(settings.DEMO_STAFF_PASSWORD)
    assert list(staff.groups.values_list("name", flat=True)) == ["support"]


def test_staff_approves_a_waiting_application_in_the_admin():
    owner = get_user_model().objects.create_user("waiting@example.com", "waiting@example.com", "waiting-pass-1")
    application = Application.objects.create(
        user=owner, name="Waiting", client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris="https://example.com/cb")
    policy = ApplicationPolicy.objects.create(application=application, is_approved=False)
    client = Client()
    assert client.login(username=settings.DEMO_STAFF_EMAIL, password=settings.DEMO_STAFF_PASSWORD)
    url = f"/admin/api/applicationpolicy/{policy.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"application": application.pk, "is_approved": "on", "daily_quota": ""})
    assert response.status_code == 302, response.content[:500]
    policy.refresh_from_db()
    assert policy.is_approved
