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


class Job(models.Model):
    """A bulk write accepted with 202 and run by `manage.py job_worker` (api/jobs.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    # A job lives in its environment's database, its owner in `default` (ctlive/routers.py).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_jobs",
                              db_constraint=False)
    # The environment whose domain data the job writes (and whose database holds it).
    environment = models.CharField(max_length=16, default="production")
    resource = models.CharField(max_length=40)
    parent = models.CharField(max_length=40, blank=True)
    parent_id = models.BigIntegerField(null=True)
    entities = models.JSONField()
    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True)
    # The language of the request that queued the job: its per-entity messages are in it.
    language = models.CharField(max_length=16, default="en")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True)
    finished = models.DateTimeField(null=True)


class JobChunk(models.Model):
    """The replies for one chunk of a job's entities (those from `start` on, in order),
    written in the transaction that applied them. One row a chunk, not one an entity: a
    row per entity cost a quarter of a chunk's time to write and a tenth of the job's to read."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    start = models.PositiveIntegerField()
    replies = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "start"], name="one_reply_chunk_per_job_start")]


class TestingRefresh(models.Model):
    """One replacement of the testing environment's data by a copy of production's
    (`manage.py refresh_testing`, or the job worker at TESTING_REFRESH_AT). A nightly run
    first claims its `night`: the unique date lets one worker of many run it."""

    night = models.DateField(null=True, unique=True, help_text="the night a scheduled run is for; empty when by hand")
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True)
    rows = models.PositiveBigIntegerField(default=0)
    __test__ = False  # not a pytest test class, whatever its name
