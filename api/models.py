"""What the API keeps beside the OAuth2 provider's own tables."""
from django.conf import settings
from django.db import models
from oauth2_provider.models import Application


class ApplicationPolicy(models.Model):
    """Whether staff approved an application, and its daily request quota.

    Kept beside django-oauth-toolkit's Application rather than swapping that model, so the
    provider's migrations stay untouched. An application without a policy is not approved.
    """

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="policy")
    is_approved = models.BooleanField(default=False)
    daily_quota = models.PositiveIntegerField(null=True, blank=True, help_text="empty: the site-wide default")

    class Meta:
        verbose_name_plural = "application policies"

    @classmethod
    def approves(cls, application):
        """Whether staff approved the application (one without a policy is not approved)."""
        return cls.objects.filter(application=application, is_approved=True).exists()

    def __str__(self):
        return f"{self.application.client_id}: {'approved' if self.is_approved else 'waiting for approval'}"


class LegacySha1Credential(models.Model):
    """A slow hash of the SHA1 hex digest of the user's password.

    The test auth scheme lets clients send `user_pass` as lowercase SHA1 hex; Django no
    longer has a SHA1 hasher, so the digest itself is hashed like a password.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legacy_sha1")
    password_hash = models.CharField(max_length=256)
