"""The demo accounts: the race director, the shared test account of the docs console, the
staff member, and the demo OAuth2 application; all brought in line with the settings on
every run, and changed only where they differ."""
import operator
from functools import reduce

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db.models import Q
from oauth2_provider.models import Application

from api.auth.legacy_sha1 import sha1_hex
from api.models import ApplicationPolicy, LegacySha1Credential

from .. import models as m
from .inserts import demo_events
from .scenario import TEST_EVENT_NAMES

DEMO_REDIRECT_URI = "http://127.0.0.1:8000/docs/oauth-callback"


def ensure_user(email, password, first_name, last_name):
    """A demo user whose password (and its SHA1 form) matches the configured value. The
    password is only set when it differs, so re-running changes nothing; setting it saves
    the user, which records the SHA1 credential through the password validator hook."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
    wanted = {"email": email, "first_name": first_name, "last_name": last_name, "is_active": True}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    credential = LegacySha1Credential.objects.filter(user=user).first()
    if (not user.check_password(password) or credential is None
            or not check_password(sha1_hex(password), credential.password_hash)):
        user.set_password(password)
        user.save()
    elif changed:
        user.save(update_fields=changed)
    return user


def ensure_application():
    """The documented demo OAuth2 application, found by client_id and approved. A plain
    secret is handed to the model, whose secret field hashes it on save; it is only set
    again when the stored hash no longer matches the configured secret."""
    wanted = {
        "name": "Demo application",
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": DEMO_REDIRECT_URI,
        "skip_authorization": False,
        "hash_client_secret": True,
    }
    application = Application.objects.filter(client_id=settings.DEMO_CLIENT_ID).first()
    if application is None:
        application = Application(client_id=settings.DEMO_CLIENT_ID, client_secret=settings.DEMO_CLIENT_SECRET,
                                  **wanted)
        application.save()
    else:
        changed = [name for name, value in wanted.items() if getattr(application, name) != value]
        for name in changed:
            setattr(application, name, wanted[name])
        if not check_password(settings.DEMO_CLIENT_SECRET, application.client_secret):
            application.client_secret = settings.DEMO_CLIENT_SECRET
            changed.append("client_secret")
        if changed:
            application.save()
    policy, created = ApplicationPolicy.objects.get_or_create(application=application,
                                                              defaults={"is_approved": True})
    if not created and not policy.is_approved:
        policy.is_approved = True
        policy.save(update_fields=["is_approved"])
    return application


def ensure_grant(user, event):
    """Write access to one event, created or repaired only when needed."""
    grant, created = m.EventGrant.objects.get_or_create(user=user, event=event, defaults={"can_write": True})
    if not created and not grant.can_write:
        grant.can_write = True
        grant.save(update_fields=["can_write"])


# What the staff account may do in the admin: approve applications, grant event access.
STAFF_PERMISSIONS = (
    ("api", "applicationpolicy", ("view", "change")),
    ("oauth2_provider", "application", ("view", "change")),
    ("racing", "eventgrant", ("view", "add", "change", "delete")),
)
SUPPORT_GROUP = "support"


def ensure_staff(email, password):
    """The demo staff member: staff status, the admin permissions above, the support group."""
    user = ensure_user(email, password, "Demo", "Staff")
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    wanted = Permission.objects.filter(
        reduce(operator.or_, (Q(content_type__app_label=app, content_type__model=model,
                                codename__in=[f"{action}_{model}" for action in actions])
                              for app, model, actions in STAFF_PERMISSIONS)))
    user.user_permissions.add(*wanted)
    user.groups.add(AuthGroup.objects.get_or_create(name=SUPPORT_GROUP)[0])
    return user


def ensure_accounts():
    """The director sees every demo event, the shared test account only the test events."""
    director = ensure_user(settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_DIRECTOR_PASSWORD, "Demo", "Director")
    tester = ensure_user(settings.DEMO_TEST_USER_EMAIL, settings.DEMO_TEST_USER_PASSWORD, "Test", "Account")
    ensure_staff(settings.DEMO_STAFF_EMAIL, settings.DEMO_STAFF_PASSWORD)
    ensure_application()
    for event in demo_events():
        ensure_grant(director, event)
        if event.name in TEST_EVENT_NAMES:
            ensure_grant(tester, event)
