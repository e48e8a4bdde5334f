"""The value formats that clients of the original service read (issue 18): paces as
`H:MM:SS`, finishers as CONF, `last_modified` as an epoch or an HTTP date, and
`Last-Modified` on every entity answer and list page."""
import csv
import io
import json
import re
import time

import pytest
from django.test import override_settings
from django.utils.http import http_date, parse_http_date

from api.formats import FORMATS
from api.operations import all_operations
from racing.models import Entry

from .test_api_read import director, marathon, sample_ids  # noqa: F401  (fixtures)
from .writes_client import Writer

H_MM_SS = re.compile(r"^\d+:[0-5]\d:[0-5]\d$")
READS = [operation for operation in all_operations() if operation.method == "GET"]


def path_of(operation, ids):
    owner = operation.parent or operation.resource
    return operation.path.replace("{" + owner.id_field + "}", str(ids[owner.segment]))


@pytest.fixture(scope="module")
def race_id(director, marathon):  # noqa: F811
    return director.rows(f"/api/event/{marathon['event_id']}/race", "event_race")[0]["race_id"]


def test_paces_have_hours_in_every_format(director, race_id):  # noqa: F811
    columns = "results_pace,results_gun_pace"
    for code in FORMATS:
        response = director.get(f"/api/race/{race_id}/results", {"format": code, "columns": columns, "size": "20"})
        assert response.status_code == 200
        text = response.text
        if code == "json":
            rows = response.json()["race_results"]
        elif code == "yaml":
            import yaml
            rows = yaml.safe_load(text)["race_results"]
        elif code in ("csv", "tsv"):
            rows = list(csv.DictReader(io.StringIO(text), delimiter="," if code == "csv" else "\t"))
        else:
            rows = [dict(zip(("results_pace", "results_gun_pace"), pair))
                    for pair in re.findall(r"<results_pace>([^<]*)</results_pace><results_gun_pace>([^<]*)<", text)]
        paces = [row[name] for row in rows for name in ("results_pace", "results_gun_pace") if row[name]]
        assert paces, f"{code}: no paces on the page"
        assert all(H_MM_SS.match(pace) for pace in paces), (code, paces[:5])


def test_finishers_are_conf(director, race_id):  # noqa: F811
    statuses = {row["entry_status"] for row in director.rows(f"/api/race/{race_id}/entry", "race_entry",
                                                               {"size": "1000", "columns": "entry_status"})}
    assert "CONF" in statuses and statuses <= {"CONF", "DNS", "DNF", "DQ"}
    finished = director.rows(f"/api/race/{race_id}/results", "race_results", {"columns": "results_status,results_rank"})
    assert finished[0]["results_rank"] == "1" and finished[0]["results_status"] == "CONF"


@pytest.mark.django_db
def test_a_write_sending_fin_is_stored_as_conf(client, demo):
    writer = Writer(client, *demo["director"])
    entry = Entry.objects.filter(event__name__contains="Marathon", status="DNF").first()
    answer = writer.ok("put", f"/api/entry/{entry.pk}", {"entry_status": "FIN"})
    assert answer["entry"]["entry_status"] == "CONF"
    entry.refresh_from_db()
    assert entry.status == "CONF"
    created = writer.replies(f"/api/race/{entry.race_id}/entry", {
        "athlete_first_name": "Fin", "athlete_last_name": "Isher", "entry_status": "FIN"}, "race_entry")[0]
    assert created["status"] == "created", created
    assert Entry.objects.get(pk=created["entry_id"]).status == "CONF"
    refused = writer.call("put", f"/api/entry/{entry.pk}", {"entry_status": "DONE"})
    assert refused.status_code == 400 and "CONF" in refused.json()["error"]["message"]


@pytest.mark.parametrize("operation", READS, ids=lambda o: o.operation_id)
def test_every_read_sends_last_modified(director, sample_ids, operation):  # noqa: F811
    response = director.get(path_of(operation, sample_ids), {"size": "5"} if operation.many else None)
    assert response.status_code == 200, response.text
    stamp = parse_http_date(response.headers["Last-Modified"])
    assert 0 < stamp <= time.time() + 1


def test_a_list_sends_its_newest_row(director, marathon):  # noqa: F811
    rows = director.rows("/api/event", "event", {"columns": "event_id,event_modified"})
    response = director.get("/api/event", {"columns": "event_id"})
    newest = max(int(float(row["event_modified"])) for row in rows)
    assert response.headers["Last-Modified"] == http_date(newest)


def test_an_empty_page_has_no_last_modified(director):  # noqa: F811
    response = director.get("/api/event", {"modified_after": str(int(time.time()) + 86400)})
    assert response.json() == {"event": []}
    assert "Last-Modified" not in response.headers


def test_a_streamed_page_sends_its_newest_row(director, race_id):  # noqa: F811
    """Pages over API_STREAM_MIN_ROWS go out chunked; the header comes from the page's rows
    all the same."""
    params = {"size": "1000", "columns": "results_entry_id", "interval": "ALL"}
    response = director.get(f"/api/race/{race_id}/results", params)
    assert response.headers.get("Transfer-Encoding") == "chunked"
    stamp = parse_http_date(response.headers["Last-Modified"])
    assert 0 < stamp <= time.time() + 1


@pytest.mark.parametrize("as_text", [str, http_date], ids=["epoch", "http-date"])
def test_last_modified_is_modified_after_as_an_epoch_or_an_http_date(director, marathon, race_id, as_text):  # noqa: F811
    path = f"/api/race/{race_id}/entry"
    first = director.get(path, {"size": "3"})
    since = parse_http_date(first.headers["Last-Modified"]) - 1
    expected = director.rows(path, "race_entry", {"modified_after": str(since), "size": "1000"})
    assert director.rows(path, "race_entry", {"last_modified": as_text(since), "size": "1000"}) == expected
    later = director.get(path, {"last_modified": as_text(int(time.time()) + 3600)})
    assert later.json() == {"race_entry": []}


def test_a_malformed_last_modified_is_a_400_naming_it(director):  # noqa: F811
    response = director.get("/api/event", {"last_modified": "last tuesday"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"] == {"parameter": "last_modified"} and "HTTP date" in error["message"]


@pytest.mark.django_db
def test_a_page_longer_than_one_fetch_gets_its_newest_row_from_the_database(client, demo, monkeypatch):
    """Past STREAM_FETCH_ROWS rows a page is read a chunk at a time after its headers are
    sent; Last-Modified then comes from a MAX over the page window."""
    from api import views
    from racing.models import Race

    from .api_client import basic

    monkeypatch.setattr(views, "STREAM_FETCH_ROWS", 5)
    race = Race.objects.filter(event__name__contains="Marathon").first()
    path = f"/api/race/{race.pk}/entry"
    query = {"client_id": demo["client_id"], "size": "300", "page": "1", "columns": "entry_id,entry_modified"}
    with override_settings(API_STREAM_MIN_ROWS=3):
        response = client.get(path, query, headers=basic(*demo["director"]))
    assert response.streaming
    rows = json.loads(b"".join(response.streaming_content))["race_entry"]
    assert len(rows) > 5
    assert response["Last-Modified"] == http_date(max(int(float(row["entry_modified"])) for row in rows))
