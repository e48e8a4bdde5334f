"""What developers do with their accounts and applications, apart from HTTP.

django-oauth-toolkit hashes an application's client secret when it is saved, so the plain
secret exists only in the return value of `register_developer`, `create_application` and
`rotate_secret`: the caller shows it once and keeps it nowhere.
"""
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application
from oauth2_provider.settings import oauth2_settings

from api import quota
from api.auth.legacy_sha1 import sha1_hex
from api.models import ApplicationPolicy
from racing.test_events import grant_test_events

from . import confirmation, signup_limits


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


def sign_up(request, email, password, application):
    """Whatever the address, the visitor is told the same ("check your inbox") and the work
    takes as long: the three slow hashes of a new account are computed in every branch.

    A free address gets an inactive account with `application`, and the confirmation link.
    An unconfirmed one is taken over by this sign-up (password and application replaced,
    so earlier links stop working) and gets a new link. An active one is left as it is,
    and its owner gets a message saying the account exists."""
    if not signup_limits.mail_allowed(email):  # mailed enough this hour: answered alike, nothing sent or changed
        hash_as_a_sign_up_does(password)
        return
    existing = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
    if existing is None:
        user = get_user_model()(username=email, email=email, is_active=False)
        user.set_password(password)
        try:
            register_developer(user, application)
        except IntegrityError:  # the same address signed up at the same moment
            return sign_up(request, email, password, application)
        confirmation.send_confirmation(request, user)
    elif not existing.is_active:
        renew_pending(existing, password, application)
        confirmation.send_confirmation(request, existing)
    else:
        hash_as_a_sign_up_does(password)
        confirmation.send_already_registered(request, existing.email)


def hash_as_a_sign_up_does(password):
    """The hashes a new account costs (its password, the SHA1 form the test scheme accepts,
    its application's client secret), thrown away: no timing tells a taken address."""
    make_password(password)
    make_password(sha1_hex(password))
    make_password(generate_client_secret(), hasher=oauth2_settings.CLIENT_SECRET_HASHER)


def signup_application(user):
    """The application registered with the sign-up (the account's oldest)."""
    return Application.objects.filter(user=user).order_by("created", "id").first()


def renew_pending(user, password, application):
    """A new sign-up for an unconfirmed account replaces its password and its application."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        pending = signup_application(user)
        if pending is None:
            application.user = user
            create_application(application)
            return
        pending.name, pending.redirect_uris = application.name, application.redirect_uris
        pending.client_secret = generate_client_secret()  # never shown: a new one on confirmation
        pending.save(update_fields=["name", "redirect_uris", "client_secret", "updated"])


def activate(user):
    """Confirms the account; returns its sign-up application and a new secret to show once
    (None, None if staff deleted the application meanwhile)."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    application = signup_application(user)
    if application is None:
        return None, None
    return application, rotate_secret(application)


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
