"""People and stored rows for the support tests: a customer with an approved application, a developer who
is not staff, and a member of the `support` group (the group the data migration makes)."""
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oauth2_provider.models import Application

from api.models import ApplicationPolicy
from racing.models import Event, EventGrant

CUSTOMER_PASSWORD = "customer-pass-1"


def customer(name="customer", event=None):
    """(user, application): a developer owning one approved application, granted an event."""
    user = get_user_model().objects.create_user(f"{name}@example.com", f"{name}@example.com", CUSTOMER_PASSWORD)
    application = Application.objects.create(
        name=f"{name.title()} App", client_id=f"{name}-app", user=user, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris="https://example.com/cb")
    ApplicationPolicy.objects.create(application=application, is_approved=True)
    EventGrant.objects.create(user=user, event=event or Event.objects.create(name=f"{name} event"), can_write=True)
    return user, application


def support_staff(name="helper"):
    user = get_user_model().objects.create_user(f"{name}@example.com", f"{name}@example.com", "helper-pass-1")
    user.groups.add(Group.objects.get(name="support"))
    return user


def stored_text(row):
    """Every column of a stored row, as one JSON text to search."""
    return json.dumps({f.name: getattr(row, f.attname) for f in row._meta.fields}, default=str, ensure_ascii=False)
