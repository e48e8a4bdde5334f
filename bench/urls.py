from django.urls import path

from ctlive.urls import urlpatterns as project_urlpatterns

from .floor import floor

urlpatterns = [path("bench-floor/<str:name>", floor), *project_urlpatterns]
