"""Production and testing: one server, one set of accounts, two databases of domain data.

The testing API lives under /testing/api; what is written there stays there (reads, lists,
streamed lists, jobs), and `refresh_testing` replaces it with a copy of production."""
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from api import jobs
from api.models import Job, TestingRefresh
from ctlive import environment
from racing import refresh
from racing.demo import TEST_EVENT_NAMES
from racing.models import Entry, Event

from .api_client import basic

pytestmark = pytest.mark.django_db(databases="__all__")
BASES = {"production": "/api", "testing": "/testing/api"}


@pytest.fixture()
def tester():
    return settings.DEMO_CLIENT_ID, basic(settings.DEMO_TEST_USER_EMAIL, settings.DEMO_TEST_USER_PASSWORD)


def seeded_test_event_id():
    return Event.objects.using("default").filter(name=TEST_EVENT_NAMES[0]).values_list("pk", flat=True).get()


def call(client, tester, method, env, path, body=None):
    client_id, auth = tester
    url = f"{BASES[env]}{path}{'&' if '?' in path else '?'}client_id={client_id}"
    if body is None:
        return getattr(client, method)(url, headers=auth)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", headers=auth)


def body_of(response):
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def bibs(client, tester, env, event_id, **query):
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    response = call(client, tester, "get", env, f"/event/{event_id}/entry?size=1000&columns=entry_bib{extra}")
    assert response.status_code == 200, response.content
    return {row["entry_bib"] for row in body_of(response)["event_entry"]}


def post_in_testing(client, tester, event_id, bib):
    race_id = Event.objects.using("testing").get(pk=event_id).races.values_list("pk", flat=True).first()
    body = [{"race_id": str(race_id), "entry_bib": bib, "athlete_first_name": "Only", "athlete_last_name": "Testing"}]
    response = call(client, tester, "post", "testing", f"/event/{event_id}/entry", body)
    assert response.status_code == 200, response.content
    assert response.json()["event_entry"][0]["status"] == "created"


def test_both_environments_start_with_the_same_data_and_one_token_works_on_both(client, tester):
    event_id = seeded_test_event_id()
    assert bibs(client, tester, "production", event_id) == bibs(client, tester, "testing", event_id) != set()


def test_a_write_in_testing_never_reaches_production(client, tester):
    event_id = seeded_test_event_id()
    post_in_testing(client, tester, event_id, "T-4242")
    assert "T-4242" in bibs(client, tester, "testing", event_id)
    assert "T-4242" not in bibs(client, tester, "production", event_id)
    assert not Entry.objects.using("default").filter(bib="T-4242").exists()
    assert Entry.objects.using("testing").filter(bib="T-4242").count() == 1


def test_streamed_lists_and_link_headers_stay_in_their_environment(client, tester, settings):
    settings.API_STREAM_MIN_ROWS = 1
    event_id = seeded_test_event_id()
    post_in_testing(client, tester, event_id, "T-STREAM")
    response = call(client, tester, "get", "testing", f"/event/{event_id}/entry?size=2&columns=entry_bib")
    assert response.streaming  # read from the database after the view returned
    assert len(body_of(response)["event_entry"]) == 2
    assert f"http://testserver/testing/api/event/{event_id}/entry?" in response["Link"]
    assert "T-STREAM" in bibs(client, tester, "testing", event_id)
    assert "T-STREAM" not in bibs(client, tester, "production", event_id)


def test_a_job_runs_in_the_environment_its_request_came_from(client, tester, settings):
    settings.API_ASYNC_THRESHOLD = 2
    event_id = seeded_test_event_id()
    race_id = Event.objects.using("testing").get(pk=event_id).races.values_list("pk", flat=True).first()
    body = [{"entry_bib": f"J-{i}", "athlete_first_name": "Job", "athlete_last_name": f"Runner{i}"} for i in range(3)]
    response = call(client, tester, "post", "testing", f"/race/{race_id}/entry", body)
    assert response.status_code == 202, response.content
    assert response["Location"].startswith("http://testserver/testing/api/job/")
    job_id = response.json()["job"]["job_id"]
    assert Job.objects.using("testing").get(pk=job_id).environment == "testing"
    assert not Job.objects.using("default").filter(pk=job_id, environment="testing").exists()
    job = jobs.claim("test-worker")
    assert job is not None and job.environment == "testing"
    jobs.run(job, "test-worker")
    assert Entry.objects.using("testing").filter(bib__startswith="J-").count() == 3
    assert not Entry.objects.using("default").filter(bib__startswith="J-").exists()
    status = call(client, tester, "get", "testing", f"/job/{job_id}").json()["job"]
    assert status["job_status"] == "done"
    assert call(client, tester, "get", "production", f"/job/{job_id}").status_code == 404


def test_refresh_testing_replaces_testing_with_production(client, tester):
    event_id = seeded_test_event_id()
    post_in_testing(client, tester, event_id, "T-GONE")
    with environment.using("testing"):
        assert Entry.objects.filter(bib="T-GONE").exists()
    before = refresh.last_refreshed()
    call_command("refresh_testing", verbosity=0)
    assert "T-GONE" not in bibs(client, tester, "testing", event_id)
    assert bibs(client, tester, "testing", event_id) == bibs(client, tester, "production", event_id)
    assert refresh.last_refreshed() > before
    overview = client.get("/guides/overview").content.decode()
    assert f"Testing was last refreshed from production on\n<time datetime=\"{refresh.last_refreshed().isoformat()}" in overview
    for alias in ("default", "testing"):
        assert connections[alias].vendor == connections["default"].vendor


def test_the_nightly_refresh_runs_once_per_night_however_many_workers_ask(settings):
    import datetime

    settings.TESTING_REFRESH_AT = "03:00"
    night = datetime.datetime(2026, 12, 2, 3, 5, tzinfo=datetime.UTC)
    assert refresh.due_night(night - datetime.timedelta(minutes=10)) is None  # not yet
    first = refresh.run_nightly(night)
    assert first is not None and first.night == night.date()
    assert refresh.run_nightly(night + datetime.timedelta(minutes=1)) is None  # another worker, same night
    assert TestingRefresh.objects.filter(night=night.date()).count() == 1
    assert refresh.due_night(night + datetime.timedelta(hours=2)) is None  # the window has passed
    settings.TESTING_REFRESH_AT = ""
    assert refresh.due_night(night + datetime.timedelta(days=1)) is None  # turned off


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_testing_readers_see_the_old_copy_until_the_refresh_commits():
    """While refresh_testing runs, another connection reading testing sees the old rows (the
    count never drops to a half); after the commit, exactly production's."""
    from tests.fresh_data import make_world

    make_world()  # production gains an event and a race
    with environment.using("testing"):
        Event.objects.bulk_create([Event(name=f"Only in testing {n}") for n in range(3)])
        before = Event.objects.count()
    seen = []

    def read_from_elsewhere(done, total, table):
        reader = connections.create_connection("testing")
        try:
            with reader.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM racing_event")
                seen.append(cursor.fetchone()[0])
        finally:
            reader.close()

    refresh.refresh(progress=read_from_elsewhere)
    assert len(seen) > 10 and set(seen) == {before}  # every table replaced, yet readers see the old copy
    production = sorted(Event.objects.using("default").values_list("name", flat=True))
    with environment.using("testing"):
        assert sorted(Event.objects.values_list("name", flat=True)) == production
    assert "Fresh Event" in production and not any(name.startswith("Only in testing") for name in production)
