from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support: API request log and audit"
    default_auto_field = "django.db.models.BigAutoField"
