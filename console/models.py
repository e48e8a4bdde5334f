"""History of a signed-in developer's console calls: the form, never a credential."""
from django.conf import settings
from django.db import models

HISTORY_LENGTH = 50


class ConsoleCall(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="console_calls")
    created = models.DateTimeField(auto_now_add=True)
    operation_id = models.CharField(max_length=100)
    method = models.CharField(max_length=10)
    url = models.TextField(help_text="The URL without credentials (client_id and secrets removed).")
    form = models.TextField(help_text="The form as a permalink query: no client_id, scheme or secret.")
    status = models.PositiveSmallIntegerField(default=0, help_text="0 when no response came.")
    elapsed_ms = models.FloatField(default=0)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "-created"])]

    @classmethod
    def record(cls, user, state, url, capture):
        """Adds a call and keeps only the user's last HISTORY_LENGTH."""
        cls.objects.create(user=user, operation_id=state.operation.operation_id, method=state.operation.method,
                           url=url, form=state.permalink_query(), status=capture.status,
                           elapsed_ms=round(capture.elapsed_ms, 1))
        stale = cls.objects.filter(user=user).values_list("id", flat=True)[HISTORY_LENGTH:]
        cls.objects.filter(id__in=list(stale)).delete()
