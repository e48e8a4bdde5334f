"""What the documentation site keeps of its own: checklist steps seen as they happened."""
from django.conf import settings
from django.db import models


class ChecklistMark(models.Model):
    """A step of the developer checklist seen when it happened, for facts no other table
    keeps (docsite/checklist_sources.py says which)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checklist_marks")
    step = models.CharField(max_length=40)
    reached = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "step"], name="one_checklist_mark_per_step")]
