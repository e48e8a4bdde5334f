"""PUT, POST (create-or-update) and DELETE through the registry (SPEC §2 "Writes")."""
import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from racing.models import (
    Athlete,
    Bracket,
    BracketRank,
    Entry,
    Event,
    EventGrant,
    Group,
    Interval,
    Race,
    Result,
    TimingPoint,
)

from .fresh_data import make_world
from .writes_client import Writer

pytestmark = pytest.mark.django_db


@pytest.fixture()
def director(client, demo):
    return Writer(client, *demo["director"])


@pytest.fixture()
def tester(client, demo):
    return Writer(client, *demo["test_user"])


@pytest.fixture()
def marathon():
    return Event.objects.get(name__contains="Marathon")


@pytest.fixture()
def race(marathon):
    return marathon.races.order_by("order").first()


def test_post_event_creates_it_and_grants_it_to_the_creator(director, demo):
    reply = director.replies("/api/event", {"event_name": "Spring 10K", "event_start_time": "1780000000"}, "event")
    assert reply == [{"status": "created", "event_id": reply[0]["event_id"], "errors": {}}]
    event = Event.objects.get(pk=reply[0]["event_id"])
    assert event.name == "Spring 10K" and int(event.start_time.timestamp()) == 1780000000
    assert EventGrant.objects.filter(event=event, user__username=demo["director"][0], can_write=True).exists()
    assert director.ok("get", f"/api/event/{event.pk}")["event"]["event_name"] == "Spring 10K"


@pytest.mark.parametrize("parent, sub, body, model", [
    ("event", "race", {"race_name": "Kids 1K", "race_type": "running", "race_course_distance": "1000"}, Race),
    ("race", "interval", {"interval_name": "Halfway", "interval_distance": "21097.5"}, Interval),
    ("race", "bracket", {"bracket_name": "Masters", "bracket_type": "AGE", "bracket_min_age": "40"}, Bracket),
    ("race", "wave", {"wave_name": "Wave 9", "wave_start_time": "1792324800"}, None),
    ("event", "timing-point", {"timing_point_name": "Bridge", "timing_point_cp_type": "internal"}, TimingPoint),
    ("event", "groups", {"group_name": "Night Owls", "group_type": "club"}, Group),
])
def test_post_creates_under_each_parent_and_updates_by_id(director, marathon, race, parent, sub, body, model):
    parent_id = marathon.pk if parent == "event" else race.pk
    envelope = director.ok("get", f"/api/{parent}/{parent_id}/{sub}", size="1")
    envelope_key = next(iter(envelope))
    created = director.replies(f"/api/{parent}/{parent_id}/{sub}", body, envelope_key)[0]
    assert created["status"] == "created", created
    id_field = next(name for name in created if name.endswith("_id"))
    name_field = next(name for name in body if name.endswith("_name"))
    updated = director.replies(f"/api/{parent}/{parent_id}/{sub}",
                               {id_field: created[id_field], name_field: "Renamed"}, envelope_key)[0]
    assert updated == {"status": "updated", id_field: created[id_field], "errors": {}}
    single = director.ok("get", f"/api/{sub}/{created[id_field]}")
    assert next(iter(single.values()))[name_field] == "Renamed"


def test_devices_and_mats_under_their_parents(director, marathon):
    point = marathon.timing_points.first()
    device = director.replies(f"/api/timing-point/{point.pk}/timing-device",
                              {"timing_device_name": "Reader 9", "timing_device_serial": "SN-9"},
                              "timing_point_timing_device")[0]
    assert device["status"] == "created"
    mat = director.replies(f"/api/timing-device/{device['timing_device_id']}/timing-mat",
                           {"timing_mat_name": "Mat A", "timing_mat_port": "2"}, "timing_mat")[0]
    assert mat["status"] == "created"
    assert director.ok("get", f"/api/timing-mat/{mat['timing_mat_id']}")["timing_mat"]["timing_mat_port"] == "2"


def test_entries_create_with_their_athlete_and_update_by_natural_keys(director, race):
    reply = director.replies(f"/api/race/{race.pk}/entry", [
        {"athlete_first_name": "Ana", "athlete_last_name": "Ruiz", "athlete_sex": "F", "entry_bib": "70001",
         "entry_external_id": "EXT-1", "location_city": "Austin"},
    ], "race_entry")
    entry = Entry.objects.get(pk=reply[0]["entry_id"])
    assert (entry.athlete.first_name, entry.athlete.location_city, entry.race_id) == ("Ana", "Austin", race.pk)
    by_bib = director.replies(f"/api/race/{race.pk}/entry", {"entry_bib": "70001", "entry_tag": "CHIP-1"}, "race_entry")
    by_external = director.replies(f"/api/event/{race.event_id}/entry",
                                   {"entry_external_id": "EXT-1", "athlete_last_name": "Ruiz-Diaz"}, "event_entry")
    assert by_bib[0]["status"] == by_external[0]["status"] == "updated"
    entry.refresh_from_db()
    assert entry.tag == "CHIP-1" and entry.athlete.last_name == "Ruiz-Diaz"
    assert Entry.objects.filter(event=race.event, bib="70001").count() == 1


def test_one_bad_entity_does_not_undo_the_others(director, race):
    replies = director.replies(f"/api/race/{race.pk}/entry", [
        {"athlete_first_name": "A", "athlete_last_name": "One", "entry_bib": "80001"},
        {"athlete_first_name": "B", "athlete_last_name": "Two", "entry_status": "LOST", "entry_race_age": "old"},
        {"athlete_first_name": "C", "athlete_last_name": "Three", "entry_bib": "80003"},
    ], "race_entry")
    assert [r["status"] for r in replies] == ["created", "error", "created"]
    assert set(replies[1]["errors"]) == {"entry_status", "entry_race_age"}
    assert "CONF" in replies[1]["errors"]["entry_status"][0]
    assert Entry.objects.filter(bib__in=["80001", "80003"]).count() == 2


@pytest.mark.parametrize("entity, field, words", [
    ({"race_name": "x"}, "race_name", "read-only"),
    ({"shoe_size": "44"}, "shoe_size", "not a field"),
    ({"athlete_first_name": "Solo"}, "athlete_last_name", "required"),
    ({"athlete_first_name": "A", "athlete_last_name": "B", "athlete_birthdate": "31/12/1990"}, "athlete_birthdate",
     "YYYY-MM-DD"),
    ({"athlete_first_name": "A", "athlete_last_name": "B", "entry_is_test": "yes"}, "entry_is_test", '"1" or "0"'),
    ({"athlete_first_name": "A", "athlete_last_name": "B", "entry_name": "two\nlines"}, "entry_name", "single line"),
    ({"athlete_first_name": "A", "athlete_last_name": "B", "wave_id": "999999"}, "wave_id", "no wave"),
])
def test_per_field_errors_name_the_problem(director, race, entity, field, words):
    reply = director.replies(f"/api/race/{race.pk}/entry", entity, "race_entry")[0]
    assert reply["status"] == "error"
    assert words in " ".join(reply["errors"][field])


def test_per_field_and_entity_errors_follow_accept_language(director, race):
    spanish = {**director.headers, "Accept-Language": "es"}
    query = f"?client_id={settings.DEMO_CLIENT_ID}"
    entity = {"athlete_first_name": "A", "athlete_last_name": "B", "entry_is_test": "yes", "shoe_size": "44"}
    reply = director.client.post(f"/api/race/{race.pk}/entry{query}", data=json.dumps(entity),
                                 content_type="application/json", headers=spanish).json()["race_entry"][0]
    assert reply["errors"] == {"entry_is_test": ["debe ser \"1\" o \"0\", no 'yes'"],
                               "shoe_size": ["no es un campo de entry"]}
    entry = race.entries.first()
    refused = director.client.put(f"/api/entry/{entry.pk}{query}", data=json.dumps({"entry_status": "WON"}),
                                  content_type="application/json", headers=spanish)
    assert refused.status_code == 400 and refused["Content-Language"] == "es"
    assert refused.json()["error"]["message"].startswith("La entidad no se guardó: entry_status debe ser uno de")


def test_references_must_stay_inside_the_event(director, race):
    other_race = Race.objects.exclude(event_id=race.event_id).first()
    reply = director.replies(f"/api/event/{race.event_id}/entry",
                             {"race_id": str(other_race.pk), "athlete_first_name": "A", "athlete_last_name": "B"},
                             "event_entry")[0]
    assert reply["errors"] == {"race_id": [f"no race {other_race.pk} in this event"]}


def test_put_changes_only_the_fields_sent(director, race):
    entry = race.entries.first()
    before = director.ok("get", f"/api/entry/{entry.pk}")["entry"]
    after = director.ok("put", f"/api/entry/{entry.pk}", {"entry_tag": "NEW-TAG"})["entry"]
    assert after["entry_tag"] == "NEW-TAG"
    assert {k: v for k, v in after.items() if k not in ("entry_tag", "entry_modified")} == \
           {k: v for k, v in before.items() if k not in ("entry_tag", "entry_modified")}


def test_put_with_bad_values_is_400_and_changes_nothing(director, race):
    entry = race.entries.first()
    response = director.call("put", f"/api/entry/{entry.pk}", {"entry_tag": "OK", "entry_status": "WON"})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["entry_status"].startswith("must be one of")
    entry.refresh_from_db()
    assert entry.tag != "OK"


def test_put_id_in_body_must_match_the_path(director, race):
    entry = race.entries.first()
    response = director.call("put", f"/api/entry/{entry.pk}", {"entry_id": str(entry.pk + 1), "entry_tag": "X"})
    assert response.status_code == 400


def test_delete_removes_the_entity(director, marathon):
    mat = marathon.timing_devices.first().mats.first()
    assert director.ok("delete", f"/api/timing-mat/{mat.pk}") == {
        "timing_mat": {"status": "deleted", "timing_mat_id": str(mat.pk)}}
    assert director.call("get", f"/api/timing-mat/{mat.pk}").status_code == 404


def test_deleting_an_entry_reranks_its_race(director, race):
    winner = BracketRank.objects.with_rank().get(bracket__race=race, bracket__bracket_type="OPEN",
                                                 interval__is_full=True, rank=1)
    second = BracketRank.objects.with_rank().get(bracket__race=race, bracket__bracket_type="OPEN",
                                                 interval__is_full=True, rank=2)
    director.ok("delete", f"/api/entry/{winner.result.entry_id}")
    assert BracketRank.objects.with_rank().get(bracket=second.bracket, result=second.result).rank == 1


def test_method_override_carries_put_and_delete(director, race, client):
    entry = race.entries.first()
    response = director.client.post(
        f"/api/entry/{entry.pk}?client_id=demo-client", data='{"entry_tag": "OVR"}', content_type="application/json",
        headers={**director.headers, "X-Http-Method-Override": "PUT"})
    assert response.status_code == 200 and response.json()["entry"]["entry_tag"] == "OVR"


def test_methods_a_path_does_not_support_are_405_with_allow(director, race):
    athlete_id = race.entries.first().athlete_id
    response = director.call("delete", f"/api/athlete/{athlete_id}")
    assert response.status_code == 405 and "DELETE" not in response["Allow"] and "PUT" in response["Allow"]
    assert director.call("post", f"/api/event/{race.event_id}/interval", {}).status_code == 405
    assert director.call("put", f"/api/race/{race.pk}/entry", {}).status_code == 405


def test_athletes_are_updated_but_not_created_on_their_own(director, race):
    athlete_id = race.entries.first().athlete_id
    replies = director.replies(f"/api/event/{race.event_id}/athlete",
                               [{"athlete_id": str(athlete_id), "athlete_mobile_phone": "+1 555 0100"},
                                {"athlete_first_name": "No", "athlete_last_name": "Entry"}], "event_athlete")
    assert replies[0]["status"] == "updated"
    assert "created with their entries" in replies[1]["errors"]["entity"][0]


def test_group_membership_by_entry_id_or_bib(director):
    group = Group.objects.filter(event__is_test=False).first()
    entry = Entry.objects.filter(event=group.event).exclude(groups=group).exclude(bib="").first()
    replies = director.replies(f"/api/groups/{group.pk}/entry",
                               [{"entry_bib": entry.bib}, {"entry_id": "999999999"}], "group_entry")
    assert replies[0] == {"status": "updated", "entry_id": str(entry.pk), "errors": {}}
    assert replies[1]["status"] == "error"
    assert group.entries.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("body, status", [('"just a string"', 400), ("[1, 2]", 400), ("[]", 400), ("{not json", 400)])
def test_bodies_that_are_not_entities_are_400(director, race, body, status):
    assert director.call("post", f"/api/race/{race.pk}/entry", body).status_code == status


def test_bodies_in_other_formats(director, race):
    csv_body = "athlete_first_name,athlete_last_name,entry_bib\r\nCsv,Runner,81001\r\n"
    response = director.call("post", f"/api/race/{race.pk}/entry", csv_body, content_type="text/csv")
    assert response.status_code == 200, response.content
    assert Entry.objects.filter(bib="81001", athlete__first_name="Csv").exists()


def test_read_only_grants_get_403_saying_so(director, race, demo):
    EventGrant.objects.filter(event=race.event, user__username=demo["director"][0]).update(can_write=False)
    response = director.call("post", f"/api/race/{race.pk}/entry", {"athlete_first_name": "A", "athlete_last_name": "B"})
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    assert director.call("put", f"/api/race/{race.pk}", {"race_name": "X"}).status_code == 403
    assert director.call("delete", f"/api/race/{race.pk}").status_code == 403


def test_an_athlete_of_several_events_is_writable_through_any_it_may_write(client):
    """An athlete entered in two events, one of them writable for the caller, the other
    read-only: the athlete's PUT goes through whichever event the database names first."""
    client_id, login, password, writable, race = make_world()
    athlete = Athlete.objects.create(first_name="Two", last_name="Events")
    other = Event.objects.create(name="Read-only Event")
    other_race = Race.objects.create(event=other, name="Other 10K", course_distance=10000)
    user = get_user_model().objects.get(username=login)
    EventGrant.objects.create(user=user, event=other, can_write=False)
    for event, race_of_event, bib in ((other, other_race, "1"), (writable, race, "2")):
        Entry.objects.create(event=event, race=race_of_event, athlete=athlete, bib=bib)
    writer = Writer(client, login, password)
    path = f"/api/athlete/{athlete.pk}"
    assert writer.call("put", path, {"athlete_last_name": "Renamed"}, client_id=client_id).status_code == 200
    assert Athlete.objects.get(pk=athlete.pk).last_name == "Renamed"
    EventGrant.objects.filter(user=user, event=writable).update(can_write=False)
    refused = writer.call("put", path, {"athlete_last_name": "Again"}, client_id=client_id)
    assert refused.status_code == 403 and "read-only" in refused.json()["error"]["message"]
    assert Athlete.objects.get(pk=athlete.pk).last_name == "Renamed"


def test_the_shared_test_account_writes_only_to_test_events(tester, race):
    test_race = Race.objects.filter(event__is_test=True).first()
    assert tester.call("put", f"/api/race/{test_race.pk}", {"race_tag": "T"}).status_code == 200
    assert tester.call("put", f"/api/race/{race.pk}", {"race_tag": "T"}).status_code == 404


def test_results_upload_changes_ranks_paces_and_modified(director, race):
    full = Interval.objects.get(race=race, is_full=True)
    ranks = BracketRank.objects.with_rank().filter(bracket__race=race, bracket__bracket_type="OPEN", interval=full)
    slowest = ranks.filter(rank__isnull=False).order_by("-rank").first()
    entry = slowest.result.entry
    start = slowest.result.begin_chip_time
    winner_time = ranks.get(rank=1).result.net_with_penalty
    reply = director.replies(f"/api/race/{race.pk}/results", [
        {"results_bib": entry.bib, "results_begin_chip_time": str(start),
         "results_end_chip_time": str(start + winner_time - 60), "results_penalty_time": "0:00:00"},
        {"results_bib": "no-such-bib", "results_end_chip_time": "1"},
    ], "race_results")
    assert reply[0]["status"] == "updated" and reply[1]["status"] == "error"
    rows = director.ok("get", f"/api/race/{race.pk}/results", size="1")["race_results"]
    assert rows[0]["results_bib"] == entry.bib and rows[0]["results_rank"] == "1"
    modified_since = director.ok("get", f"/api/race/{race.pk}/results", modified_after=str(int(start)))
    assert entry.bib in {row["results_bib"] for row in modified_since["race_results"]}


def test_results_upload_creates_results_and_sets_status(director, race):
    entry = race.entries.filter(results__isnull=True).first()
    full = Interval.objects.get(race=race, is_full=True)
    reply = director.replies(f"/api/race/{race.pk}/results", {
        "results_entry_id": str(entry.pk), "results_interval_id": str(full.pk), "results_begin_chip_time": "1792324900",
        "results_end_chip_time": "1792339300.5", "results_status": "FIN", "results_penalty_time": "30"}, "race_results")
    assert reply[0]["status"] == "created"
    result = Result.objects.get(entry=entry, interval=full)
    assert result.net_with_penalty == pytest.approx(14400.5 + 30)
    entry.refresh_from_db()
    assert entry.status == "CONF"  # FIN, as the original's clients send it, is kept as CONF


def test_writes_need_authentication(client, race):
    response = client.post(f"/api/race/{race.pk}/entry?client_id=demo-client", data="{}",
                           content_type="application/json")
    assert response.status_code == 401


def test_user_model_untouched_by_writes(director):
    assert get_user_model().objects.count() >= 2


def test_a_field_the_path_sets_cannot_point_elsewhere(director, race):
    other = Race.objects.filter(event_id=race.event_id).exclude(pk=race.pk).first()
    reply = director.replies(f"/api/race/{race.pk}/entry", {"race_id": str(other.pk), "athlete_first_name": "A",
                                                            "athlete_last_name": "B"}, "race_entry")[0]
    assert reply["errors"] == {"race_id": [f"must be {race.pk} here: the path sets it"]}


def test_a_token_granted_only_the_read_scope_cannot_write(client, race, demo):
    from oauth2_provider.models import AccessToken, Application

    from api.oauth import issue_token, token_checksum

    user = get_user_model().objects.get(username=demo["director"][0])
    token = issue_token(user, Application.objects.get(client_id=demo["client_id"]))["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/race/{race.pk}", headers=bearer).status_code == 200
    AccessToken.objects.filter(token_checksum=token_checksum(token)).update(scope="read")
    response = client.put(f"/api/race/{race.pk}", data='{"race_tag": "R"}', content_type="application/json",
                          headers=bearer)
    assert response.status_code == 403 and response.json()["error"]["code"] == "insufficient_scope"
    assert client.get(f"/api/race/{race.pk}", headers=bearer).status_code == 200


def test_moving_an_entry_to_another_race_reranks_both(director, race):
    other = Race.objects.filter(event_id=race.event_id).exclude(pk=race.pk).first()
    winner = BracketRank.objects.with_rank().get(bracket__race=race, bracket__bracket_type="OPEN",
                                                 interval__is_full=True, rank=1)
    second = BracketRank.objects.with_rank().get(bracket__race=race, bracket__bracket_type="OPEN",
                                                 interval__is_full=True, rank=2)
    director.ok("put", f"/api/entry/{winner.result.entry_id}", {"race_id": str(other.pk)})
    assert BracketRank.objects.with_rank().get(bracket=second.bracket, result=second.result).rank == 1
