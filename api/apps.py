from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Open Platform API"

    def ready(self):
        from . import resources  # noqa: F401  (declaring the resources fills the registry)
        from .auth import login_throttle  # noqa: F401  (its receivers count failed sign-ins)
