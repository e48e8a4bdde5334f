"""Keeps `LegacySha1Credential` in step with the user's password.

Django calls `password_changed` on every configured password validator whenever a
password is saved (sign-up, reset, admin, createsuperuser), which is exactly when the
plain password is known; so the recorder is registered as a validator that never refuses.
"""
import hashlib

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _


def sha1_hex(password):
    return hashlib.sha1(password.encode("utf-8")).hexdigest()


class LegacySha1PasswordRecorder:
    def validate(self, password, user=None):
        """Accepts every password: this entry only records, other validators judge."""

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from api.models import LegacySha1Credential

        LegacySha1Credential.objects.update_or_create(
            user=user, defaults={"password_hash": make_password(sha1_hex(password))}
        )

    def get_help_text(self):
        return _("For the API's test scheme, the password may also be sent as its SHA1 hex digest.")
