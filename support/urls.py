from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("requests", views.requests_search, name="requests"),
    path("requests/<int:pk>", views.request_detail, name="request"),
    path("requests/<int:pk>/reproduce", views.request_reproduce, name="reproduce"),
    path("audit", views.audit, name="audit"),
]
