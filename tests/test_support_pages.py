"""Support pages: who may see them, search by id and email, reproduce as the customer
(audited, read-only in production), and the original beside the replay."""
from html import unescape

import pytest
from django.contrib.auth import get_user_model

from support.models import ApiRequest, SupportRun

from .api_client import basic
from .support_world import CUSTOMER_PASSWORD, customer, support_staff

pytestmark = pytest.mark.django_db


def text(response):
    return unescape(response.content.decode())


@pytest.fixture()
def customer_call(client):
    """A customer's failing read and their write, made with Basic auth outside the console."""
    user, application = customer()
    auth = basic(user.username, CUSTOMER_PASSWORD)
    read = client.get("/api/event", {"client_id": application.client_id, "size": "-3"}, headers=auth)
    event_id = client.get("/api/event", {"client_id": application.client_id}, headers=auth).json()["event"][0]["event_id"]
    write = client.post(f"/api/event/{event_id}/race?client_id={application.client_id}",
                        '{"race_name": "Replay 10K", "race_course_distance": "10000"}',
                        content_type="application/json", headers=auth)
    assert write.status_code == 200, write.content
    return user, ApiRequest.objects.get(request_id=read["X-Request-Id"]), ApiRequest.objects.get(
        request_id=write["X-Request-Id"])


def test_the_support_pages_refuse_anonymous_visitors_and_developers_who_are_not_staff(client, customer_call):
    user, read, _write = customer_call
    pages = ["/support/requests", f"/support/requests/{read.pk}", "/support/audit"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
    client.force_login(user)
    for page in pages:
        assert client.get(page).status_code == 403
    assert client.post(f"/support/requests/{read.pk}/reproduce", {"environment": "testing", "run_as": "own"}
                       ).status_code == 403


def test_staff_find_a_call_by_request_id_and_by_email(client, customer_call):
    user, read, write = customer_call
    client.force_login(support_staff())
    by_id = text(client.get("/support/requests", {"q": read.request_id}))
    assert read.request_id in by_id and write.request_id not in by_id
    by_email = text(client.get("/support/requests", {"email": user.email.upper()}))
    assert read.request_id in by_email and write.request_id in by_email
    assert write.request_id not in text(client.get("/support/requests", {"email": user.email, "status": "4xx"}))
    by_client = text(client.get("/support/requests", {"client_id": "customer-app", "path": "/api/event/"}))
    assert write.request_id in by_client and read.request_id not in by_client
    page = text(client.get(f"/support/requests/{read.pk}"))
    assert "size=-3" in page and "Reproduce in console" in page and "invalid_parameter" in page


def test_running_as_the_customer_in_production_refuses_writes(client, customer_call):
    _user, _read, write = customer_call
    client.force_login(support_staff())
    response = client.post(f"/support/requests/{write.pk}/reproduce",
                           {"environment": "production", "run_as": "customer", "reason": "ticket 17"})
    assert response.status_code == 403 and "may only read" in text(response)
    assert not SupportRun.objects.exists()
    missing_reason = client.post(f"/support/requests/{write.pk}/reproduce",
                                 {"environment": "testing", "run_as": "customer", "reason": " "})
    assert missing_reason.status_code == 400 and not SupportRun.objects.exists()


def test_a_run_as_the_customer_is_audited_shown_to_the_customer_and_compared(client, customer_call):
    user, read, write = customer_call
    staff = support_staff()
    client.force_login(staff)
    compared = text(client.post(f"/support/requests/{read.pk}/reproduce",
                                {"environment": "testing", "run_as": "customer", "reason": "ticket 42: size"}))
    run = SupportRun.objects.get()
    assert (run.staff, run.customer, run.reason, run.original_request_id) == (staff, user, "ticket 42: size",
                                                                             read.request_id)
    assert run.status == 400 and ApiRequest.objects.filter(request_id=run.request_id, user=user).exists()
    assert "Original and replay" in compared and run.request_id in compared
    assert "X-Request-Id" in compared and '"request_id"' in compared
    assert "differs" not in compared.split("<h2>Body</h2>")[0].replace("differ on every call", "")
    assert "the request id" in compared and "No differences" in compared  # only the ids differ
    audit = text(client.get("/support/audit"))
    assert "ticket 42: size" in audit and run.request_id in audit
    replay_of_write = text(client.post(f"/support/requests/{write.pk}/reproduce",
                                       {"environment": "testing", "run_as": "customer", "reason": "ticket 43"}))
    assert "Original and replay" in replay_of_write and SupportRun.objects.count() == 2
    client.force_login(user)
    mine = text(client.get("/console/requests"))
    assert "run by support on" in mine and "ticket 42: size" in mine
    assert "Run by support on" in text(client.get(f"/console/requests/{run.request_id}"))


def test_staff_run_a_call_with_their_own_access(client, customer_call):
    _user, read, _write = customer_call
    staff = support_staff()
    own, application = customer("staffer")
    staff.groups.add(*own.groups.all())
    own.groups.add(get_user_model().objects.get(pk=staff.pk).groups.get(name="support"))
    client.force_login(own)
    compared = text(client.post(f"/support/requests/{read.pk}/reproduce", {"environment": "production",
                                                                           "run_as": "own"}))
    assert "Run with your own access" in compared and not SupportRun.objects.exists()
    replay = ApiRequest.objects.filter(user=own, via_console=True).get()
    assert replay.status == 400 and replay.application == application
