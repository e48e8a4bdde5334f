"""Shared console results: for the owner and staff only, until revoked or expired."""
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from support.models import SharedResult

from .support_world import customer, support_staff

pytestmark = pytest.mark.django_db


def shared_link(client, application):
    result = client.post("/console/run", {"op": "get-event-list", "env": "production", "scheme": "bearer",
                                          "client_id": application.client_id, "q.size": "1"},
                         HTTP_X_CONSOLE_FRAGMENT="1").content.decode()
    form = re.search(r'<form method="post" action="/console/share">(.*?)</form>', result, re.S).group(1)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    page = client.post("/console/share", {k: unescape(v) for k, v in fields.items()})
    assert page.status_code == 200
    return re.search(r'value="(http://testserver/console/shared/[^"]+)"', page.content.decode()).group(1)


def test_a_shared_result_opens_for_its_owner_and_staff_only_and_stops_when_revoked(client):
    owner, application = customer()
    stranger, _ = customer("stranger")
    client.force_login(owner)
    link = shared_link(client, application)
    path = link.removeprefix("http://testserver")
    token = path.rsplit("/", 1)[1]
    stored = SharedResult.objects.get()
    assert len(token) >= 40 and token not in repr(stored.__dict__)  # only the hash is kept
    page = unescape(client.get(path).content.decode())
    assert "200 OK" in page and "Bearer ••••" in page and stored.request_id in page and '"event"' in page
    client.force_login(stranger)
    assert client.get(path).status_code == 404
    client.force_login(support_staff())
    assert client.get(path).status_code == 200
    client.logout()
    assert client.get(path).status_code == 302  # sign in first
    client.force_login(stranger)
    assert client.post(f"/console/shared/{stored.pk}/revoke").status_code == 404  # not theirs
    client.force_login(owner)
    assert "Revoke" in client.get("/console/shared").content.decode()
    client.post(f"/console/shared/{stored.pk}/revoke")
    assert client.get(path).status_code == 410


def test_a_shared_result_expires(client, settings):
    owner, application = customer()
    client.force_login(owner)
    path = shared_link(client, application).removeprefix("http://testserver")
    stored = SharedResult.objects.get()
    assert stored.expires - stored.created > timedelta(days=settings.CONSOLE_SHARE_DAYS) - timedelta(minutes=1)
    SharedResult.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 410


def test_a_forged_snapshot_is_refused(client):
    owner, _application = customer()
    client.force_login(owner)
    assert client.post("/console/share", {"snapshot": "made-up"}).status_code == 400
    assert not SharedResult.objects.exists()
