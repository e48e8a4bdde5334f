from django.contrib import admin
from django.urls import include, path, re_path

from api import views as api_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("docsite.urls")),  # before the API's catch-all: it serves /api/openapi.json and .yaml
    re_path(r"^api(?:/(?P<path>.*))?$", api_views.endpoint, name="api"),
]
