"""The API request log, the audit of calls staff ran as a customer, and shared console results.

None of these is domain data: they stay in the default database whichever environment a
call worked on, and record that environment by name.
"""
from django.conf import settings
from django.db import models
from oauth2_provider.models import Application


class ApiRequest(models.Model):
    """One API or OAuth request, secrets masked (support/masking.py) before it was written."""

    time = models.DateTimeField()
    request_id = models.CharField(max_length=128)
    environment = models.CharField(max_length=20)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    query = models.TextField(blank=True, help_text="The query string, secret values masked.")
    status = models.PositiveSmallIntegerField()
    error_code = models.CharField(max_length=64, blank=True)
    duration_ms = models.FloatField()
    request_bytes = models.PositiveBigIntegerField(default=0)
    response_bytes = models.PositiveBigIntegerField(default=0)
    # No database constraint: a row written a moment after its application or user was
    # deleted must not fail; deleting them in Django still clears the reference.
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL,
                                    db_constraint=False, related_name="+")
    client_id = models.CharField(max_length=100, blank=True, help_text="As the request named it.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             db_constraint=False, related_name="+")
    client_address = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    via_console = models.BooleanField(default=False, help_text="Sent by the docs console (in process).")
    request_headers = models.JSONField(default=list, help_text="[name, value] pairs, credentials masked.")
    response_headers = models.JSONField(default=list)
    request_body = models.TextField(blank=True, help_text="Writes and errors: the first bytes, masked.")
    response_body = models.TextField(blank=True, help_text="Writes and errors: the first bytes, masked.")

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = "API request"
        indexes = [
            models.Index(fields=["request_id"], name="apireq_request_id"),
            models.Index(fields=["time"], name="apireq_time"),
            models.Index(fields=["application", "time"], name="apireq_application_time"),
            models.Index(fields=["user", "time"], name="apireq_user_time"),
            models.Index(fields=["client_id", "time"], name="apireq_client_id_time"),
            models.Index(fields=["status", "time"], name="apireq_status_time"),
            models.Index(fields=["path", "time"], name="apireq_path_time"),
        ]
        permissions = [("search_requests", "Search every API request and run calls as a customer")]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status} ({self.request_id})"

    @property
    def status_class(self):
        return f"{self.status // 100}xx"

    @property
    def is_write(self):
        return self.method in ("POST", "PUT", "DELETE", "PATCH")


class SupportRun(models.Model):
    """A call staff ran as a customer: who, for whom, why, and the id of the call it made."""

    time = models.DateTimeField(auto_now_add=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_runs")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runs_by_support")
    reason = models.TextField()
    original_request_id = models.CharField(max_length=128)
    request_id = models.CharField(max_length=128, help_text="The id of the call run as the customer.")
    environment = models.CharField(max_length=20)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = "support run (audit)"
        indexes = [models.Index(fields=["customer", "time"], name="supportrun_customer_time"),
                   models.Index(fields=["request_id"], name="supportrun_request_id")]

    def __str__(self):
        return f"{self.staff} as {self.customer}: {self.method} {self.path}"


class SharedResult(models.Model):
    """A copy of one console result behind an unguessable link; only the token's hash is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_results")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)
    revoked = models.DateTimeField(null=True, blank=True)
    operation_id = models.CharField(max_length=100)
    request_id = models.CharField(max_length=128, blank=True)
    request_line = models.TextField(help_text="Method and URL as sent, secrets masked.")
    request_headers = models.JSONField(default=list)
    request_body = models.TextField(blank=True)
    status = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=200, blank=True)
    elapsed_ms = models.FloatField(default=0)
    response_headers = models.JSONField(default=list)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, help_text="Up to the console's preview size.")
    body_cut = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created", "-id"]
