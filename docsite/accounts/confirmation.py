"""Email confirmation of a sign-up: the link's token and the two messages sign-up sends.

A new account stays inactive (it cannot sign in, get a token or call the API) until the
link mailed to its address is followed. The token is Django's password-reset machinery
with its own salt, bound to the account's state: activating the account, signing in or a
new sign-up for the still unconfirmed address (which replaces its password) changes that
state, so a link works once, and only the latest one sent. It expires after
SIGNUP_CONFIRMATION_TIMEOUT seconds (at most PASSWORD_RESET_TIMEOUT, which Django checks
first).
"""
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


class SignUpConfirmation(PasswordResetTokenGenerator):
    key_salt = "docsite.accounts.confirmation.SignUpConfirmation"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - issued <= settings.SIGNUP_CONFIRMATION_TIMEOUT


tokens = SignUpConfirmation()


def confirmation_path(user):
    return reverse("accounts:confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": tokens.make_token(user)})


def hours_a_link_works():
    return settings.SIGNUP_CONFIRMATION_TIMEOUT // 3600


def _send(request, to, template, context):
    context = {**context, "email": to, "hours": hours_a_link_works()}
    subject = render_to_string(f"accounts/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/{template}_email.txt", context, request=request)
    send_mail(subject, body, None, [to])


def send_confirmation(request, user):
    """The link that activates `user` (inactive) and signs them in."""
    _send(request, user.email, "signup_confirm", {"link": request.build_absolute_uri(confirmation_path(user))})


def send_already_registered(request, email):
    """To the owner of an active account someone tried to sign up again with."""
    _send(request, email, "signup_exists", {
        "sign_in": request.build_absolute_uri(reverse("accounts:login")),
        "reset": request.build_absolute_uri(reverse("accounts:password_reset"))})
