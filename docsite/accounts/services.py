"""What developers do with their accounts and applications, apart from HTTP.

django-oauth-toolkit hashes an application's client secret when it is saved, so the plain
secret exists only in the return value of `register_developer`, `create_application` and
`rotate_secret`: the caller shows it once and keeps it nowhere.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from api import quota
from api.models import ApplicationPolicy
from racing.test_events import grant_test_events


@dataclass(frozen=True)
class ApplicationStatus:
    """One row of the "My applications" page."""

    application: Application
    is_approved: bool
    daily_limit: int
    used_today: int


def blank_application(user=None):
    """An unsaved application of the kind developers register: a confidential client that
    may use the web flow, the password flow and refresh tokens (see api.oauth)."""
    return Application(user=user, client_type=Application.CLIENT_CONFIDENTIAL,
                       authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE)


def create_application(application):
    """Saves a new application with a fresh secret and its approval policy (approved at once
    only with AUTO_APPROVE_APPLICATIONS); returns the plain secret."""
    secret = generate_client_secret()
    application.client_secret = secret
    with transaction.atomic():
        application.save()
        ApplicationPolicy.objects.create(application=application, is_approved=settings.AUTO_APPROVE_APPLICATIONS)
    return secret


def register_developer(user, application):
    """Saves a new developer (password already set on `user`) with their first application;
    returns the application's plain secret."""
    with transaction.atomic():
        user.save()
        application.user = user
        secret = create_application(application)
    grant_test_events(user)
    return secret


def rotate_secret(application):
    """Replaces the secret at once (the old one stops working); tokens already issued stay
    valid. Returns the new plain secret."""
    secret = generate_client_secret()
    application.client_secret = secret
    application.save(update_fields=["client_secret", "updated"])
    return secret


def applications_of(user):
    """The user's applications, oldest first, with approval and today's usage."""
    rows = Application.objects.filter(user=user).select_related("policy").order_by("created", "id")
    statuses = []
    for application in rows:
        policy = getattr(application, "policy", None)
        statuses.append(ApplicationStatus(
            application=application,
            is_approved=bool(policy and policy.is_approved),
            daily_limit=quota.daily_limit(application.pk),
            used_today=quota.used_today(application.pk),
        ))
    return statuses
