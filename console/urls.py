from django.urls import path

from . import views

app_name = "console"

urlpatterns = [
    path("run", views.run, name="run"),
    path("download/<str:token>", views.download, name="download"),
    path("history", views.history, name="history"),
    path("snippets", views.snippets_page, name="snippets"),
    path("import", views.import_page, name="import"),
    path("import/curl", views.import_curl, name="import-curl"),
]
