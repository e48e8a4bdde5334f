from django.urls import path

from ctlive.urls import urlpatterns as project_urlpatterns

from .console_floor import forward_only
from .floor import floor

urlpatterns = [path("bench-floor/<str:name>", floor), path("bench-console-floor", forward_only), *project_urlpatterns]
