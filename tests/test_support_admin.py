"""The admin lists the request log and the audit, read-only."""
import pytest
from django.contrib.auth import get_user_model

from support.models import ApiRequest, SupportRun

from .support_world import customer

pytestmark = pytest.mark.django_db


def test_the_admin_lists_the_log_and_the_audit_but_changes_neither(client, demo):
    user, application = customer()
    response = client.get("/api/event", {"client_id": application.client_id})
    row = ApiRequest.objects.get(request_id=response["X-Request-Id"])
    admin = get_user_model().objects.create_superuser("root@example.com", "root@example.com", "root-pass-1")
    run = SupportRun.objects.create(staff=admin, customer=user, reason="ticket 9", original_request_id=row.request_id,
                                    request_id="r1", environment="testing", method="GET", path="/api/event")
    client.force_login(admin)
    listed = client.get("/admin/support/apirequest/", {"q": row.request_id}).content.decode()
    assert row.request_id in listed
    assert "ticket 9" in client.get("/admin/support/supportrun/").content.decode()
    assert client.get(f"/admin/support/apirequest/{row.pk}/change/").status_code == 200  # view only
    assert client.post(f"/admin/support/apirequest/{row.pk}/change/", {"status": "200"}).status_code == 403
    assert client.get("/admin/support/apirequest/add/").status_code == 403
    assert client.post(f"/admin/support/supportrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SupportRun.objects.filter(pk=run.pk).exists()
