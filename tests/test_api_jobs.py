"""202 jobs: a large POST runs in the background worker, survives the worker being killed,
and applies every entity exactly once."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connections

from api import jobs
from api.models import Job, JobChunk
from racing.models import Entry

from .api_client import basic
from .fresh_data import make_world
from .served import PROJECT

pytestmark = pytest.mark.django_db(transaction=True)
ENTITIES = 300


def database_url(alias):
    """The URL of a test database, for a worker process of its own."""
    connection = connections[alias]
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def start_worker(**env):
    return subprocess.Popen([sys.executable, "manage.py", "job_worker", "--poll", "0.05", "-v0"], cwd=PROJECT,
                            env={**os.environ, "DATABASE_URL": database_url("default"),
                                 "TESTING_DATABASE_URL": database_url("testing"), **env})


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def post_entries(client, world, count):
    client_id, login, password, _event, race = world
    body = [{"athlete_first_name": f"Runner{i}", "athlete_last_name": "Job"} for i in range(count)]
    return client.post(f"/api/race/{race.pk}/entry?client_id={client_id}", data=json.dumps(body),
                       content_type="application/json", headers=basic(login, password))


@pytest.fixture()
def world(settings):
    settings.API_ASYNC_THRESHOLD = 100
    return make_world()


def test_a_large_post_is_accepted_then_done_by_the_worker(client, world):
    response = post_entries(client, world, ENTITIES)
    assert response.status_code == 202
    job = response.json()["job"]
    assert job["job_status"] == "queued" and job["job_total"] == str(ENTITIES)
    assert response["Location"].endswith(f"/api/job/{job['job_id']}")
    worker = start_worker(JOB_CHUNK_ENTITIES="50")
    try:
        assert wait_for(lambda: Job.objects.get(pk=job["job_id"]).status == "done", 60)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(10)
    client_id, login, password, _event, race = world
    status = client.get(f"/api/job/{job['job_id']}?client_id={client_id}", headers=basic(login, password)).json()
    assert status["job"]["job_status"] == "done" and status["job"]["job_progress"] == f"{ENTITIES}/{ENTITIES}"
    results = status["job"]["results"]
    assert len(results) == ENTITIES and {r["status"] for r in results} == {"created"}
    assert Entry.objects.filter(race=race).count() == ENTITIES


def test_a_killed_worker_leaves_every_entity_applied_exactly_once(client, world):
    job_id = post_entries(client, world, ENTITIES).json()["job"]["job_id"]
    first = start_worker(JOB_CHUNK_ENTITIES="2", JOB_LEASE_SECONDS="1")
    assert wait_for(lambda: Job.objects.get(pk=job_id).done >= 20, 60), "the worker never started"
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    stopped_at = Job.objects.get(pk=job_id).done
    assert 0 < stopped_at < ENTITIES, "the kill must land mid-way"
    second = start_worker(JOB_CHUNK_ENTITIES="50", JOB_LEASE_SECONDS="1")
    try:
        assert wait_for(lambda: Job.objects.get(pk=job_id).status == "done", 90)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    race = world[4]
    names = list(Entry.objects.filter(race=race).values_list("athlete__first_name", flat=True))
    assert len(names) == ENTITIES and len(set(names)) == ENTITIES
    recorded = [(start, len(replies)) for start, replies in
                JobChunk.objects.filter(job_id=job_id).order_by("start").values_list("start", "replies")]
    assert [start for start, _size in recorded] == [0, *(start + size for start, size in recorded[:-1])]
    assert sum(size for _start, size in recorded) == ENTITIES


def test_only_the_owner_reads_a_job(client, world, demo):
    job_id = post_entries(client, world, 150).json()["job"]["job_id"]
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("other@example.com", "other@example.com", "other-pass-1")
    response = client.get(f"/api/job/{job_id}?client_id={world[0]}", headers=basic("other@example.com", "other-pass-1"))
    assert response.status_code == 404


def test_a_jobs_replies_are_in_the_language_of_the_request_that_queued_it(client, world):
    client_id, login, password, _event, race = world
    body = [{"athlete_first_name": f"Runner{i}", "athlete_last_name": "Job"} for i in range(120)]
    body[7]["entry_is_test"] = "yes"
    response = client.post(f"/api/race/{race.pk}/entry?client_id={client_id}", data=json.dumps(body),
                           content_type="application/json", headers={**basic(login, password), "Accept-Language": "es"})
    assert response.status_code == 202 and response["Content-Language"] == "es"
    job = jobs.claim("this-test")
    jobs.run(job, "this-test")  # in this process, whose own language is English
    reply = jobs.recorded_replies(job)[7]
    assert reply["errors"] == {"entry_is_test": ["debe ser \"1\" o \"0\", no 'yes'"]}


def test_a_status_read_never_loads_the_stored_entities(client, world):
    """GET /api/job/{id} reads the job's progress, not the request it stored."""
    client_id, login, password, _event, _race = world
    location = post_entries(client, world, 150)["Location"]
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(record):  # production jobs: the default database
        reply = client.get(f"{location}?client_id={client_id}", headers=basic(login, password))
    assert reply.status_code == 200 and reply.json()["job"]["job_status"] == "queued"
    job_reads = [sql for sql in seen if '"api_job"' in sql and sql.lstrip().startswith("SELECT")]
    assert job_reads and not any('"entities"' in sql for sql in job_reads), job_reads
