from django.apps import AppConfig


class DocsiteConfig(AppConfig):
    name = "docsite"
    verbose_name = "Documentation site"

    def ready(self):
        from oauth2_provider.signals import app_authorized

        from .checklist_sources import note_token_request

        app_authorized.connect(note_token_request, dispatch_uid="docsite-checklist-outside-call")
