"""A results page read within one partition (one bracket and interval) selects its race,
event and interval once for the page, not on every row (api/query.py partition_constants),
and shows them as every row did: after a rename too, on the served site where they are
remembered while the data is unchanged."""
import pytest
import requests

from racing.models import Race

from .api_client import basic
from .test_api_read import director, marathon  # noqa: F401  (fixtures)
from .test_api_statements import statements

CONSTANT_FIELDS = ("results_race_id", "results_race_name", "results_event_name", "results_interval_id",
                   "results_interval_name", "results_interval_full", "results_pace_unit", "results_bracket_name")


@pytest.mark.django_db
def test_the_page_statement_leaves_the_partitions_constants_out(client, demo):
    race = Race.objects.filter(event__name__contains="Marathon").order_by("order").first()
    query = {"client_id": demo["client_id"], "size": "1000"}
    with statements() as seen:
        response = client.get(f"/api/race/{race.pk}/results", query, headers=basic(*demo["director"]))
    rows = response.json()["race_results"]
    page = next(sql for sql in seen if "LIMIT" in sql and "racing_bracketrank" in sql and "racing_entry" in sql)
    assert "racing_event" not in page and "racing_interval" not in page
    assert len(rows) > 1
    assert {row["results_race_name"] for row in rows} == {race.name}
    assert {row["results_event_name"] for row in rows} == {race.event.name}
    assert {tuple(row[name] for name in CONSTANT_FIELDS) for row in rows} == {
        tuple(rows[0][name] for name in CONSTANT_FIELDS)}
    assert rows[0]["results_interval_full"] == "1" and rows[0]["results_pace_unit"].startswith("min/")


def test_a_renamed_race_shows_on_the_next_page(served_api, demo, director, marathon):  # noqa: F811
    race = director.rows(f"/api/event/{marathon['event_id']}/race", "event_race")[0]
    path = f"/api/race/{race['race_id']}/results"

    def names():
        return {row["results_race_name"] for row in director.rows(path, "race_results", {"size": "20"})}

    def rename(name):
        reply = requests.put(f"{served_api.url}/api/race/{race['race_id']}", params={"client_id": demo["client_id"]},
                             json={"race_name": name}, headers=basic(*demo["director"]), timeout=60)
        assert reply.status_code == 200, reply.text

    assert names() == names() == {race["race_name"]}  # the second read from what was remembered
    try:
        rename("Renamed Marathon Race")
        assert names() == {"Renamed Marathon Race"}
    finally:
        rename(race["race_name"])
    assert names() == {race["race_name"]}
