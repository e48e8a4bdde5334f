"""The documentation site: home, guides, reference, search, theme, and the OpenAPI document.

Included at the site root before the API's catch-all, so only the two OpenAPI paths
here live under /api/; nothing else can shadow /api, /admin, /oauth2 or /accounts.
"""
from django.urls import path

from . import views

app_name = "docsite"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/<slug:slug>", views.guide, name="guide"),
    path("reference/", views.reference_index, name="reference-index"),
    path("reference/<slug:segment>", views.reference, name="reference"),
    path("search", views.search, name="search"),
    path("search/results", views.search_results, name="search-results"),
    path("theme", views.set_theme, name="theme"),
    path("checklist", views.checklist, name="checklist"),
    path("docs/oauth-callback", views.oauth_callback, name="oauth-callback"),
    path("api/openapi.json", views.openapi_json, name="openapi-json"),
    path("api/openapi.yaml", views.openapi_yaml, name="openapi-yaml"),
]
