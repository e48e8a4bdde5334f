from django.urls import path

from . import my_requests, sharing, views

app_name = "console"

urlpatterns = [
    path("run", views.run, name="run"),
    path("download/<str:token>", views.download, name="download"),
    path("history", views.history, name="history"),
    path("snippets", views.snippets_page, name="snippets"),
    path("import", views.import_page, name="import"),
    path("import/curl", views.import_curl, name="import-curl"),
    path("requests", my_requests.requests_list, name="requests"),
    path("requests/<str:request_id>", my_requests.request_detail, name="request"),
    path("share", sharing.share, name="share"),
    path("shared", sharing.my_shares, name="shares"),
    path("shared/<str:token>", sharing.shared, name="shared"),
    path("shared/<int:pk>/revoke", sharing.revoke, name="revoke-share"),
]
