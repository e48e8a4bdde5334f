from django.contrib import admin
from django.urls import path, re_path

from api import views as api_views

urlpatterns = [
    path("admin/", admin.site.urls),
    re_path(r"^api(?:/(?P<path>.*))?$", api_views.endpoint, name="api"),
]
