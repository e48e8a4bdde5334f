from django.apps import AppConfig


class DocsiteConfig(AppConfig):
    name = "docsite"
    verbose_name = "Documentation site"
