"""Every GET path of SPEC §2 over real HTTP: envelopes, string values, visibility."""
import pytest

from .api_client import Caller

SINGLE = {
    "event": "event", "race": "event_race", "entry": "entry", "athlete": "athlete", "interval": "interval",
    "bracket": "bracket", "wave": "wave", "timing-point": "timing_point", "timing-device": "timing_device",
    "timing-mat": "timing_mat", "groups": "group",
}
COLLECTIONS = [
    ("event", "race", "event_race"), ("event", "entry", "event_entry"), ("race", "entry", "race_entry"),
    ("groups", "entry", "group_entry"), ("event", "athlete", "event_athlete"),
    ("event", "results", "event_results"), ("race", "results", "race_results"),
    ("bracket", "results", "bracket_results"), ("interval", "results", "interval_results"),
    ("entry", "results", "entry_results"), ("event", "interval", "event_interval"),
    ("race", "interval", "race_interval"), ("event", "bracket", "event_bracket"),
    ("race", "bracket", "race_bracket"), ("event", "wave", "event_wave"), ("race", "wave", "race_wave"),
    ("event", "timing-point", "event_timing_point"), ("race", "timing-point", "race_timing_point"),
    ("interval", "timing-point", "interval_timing_point"), ("event", "timing-device", "event_timing_device"),
    ("race", "timing-device", "race_timing_device"), ("interval", "timing-device", "interval_timing_device"),
    ("timing-point", "timing-device", "timing_point_timing_device"),
    ("timing-device", "timing-mat", "timing_mat"), ("event", "groups", "event_group"),
    ("entry", "groups", "entry_group"),
]


@pytest.fixture(scope="module")
def director(served_api, demo):
    return Caller(served_api, demo["client_id"], *demo["director"])


@pytest.fixture(scope="module")
def marathon(director):
    events = director.rows("/api/event", "event")
    return next(event for event in events if "Marathon" in event["event_name"])


@pytest.fixture(scope="module")
def sample_ids(director, marathon):
    """One visible id of every resource, found through the API itself."""
    event_id = marathon["event_id"]
    race = director.rows(f"/api/event/{event_id}/race", "event_race")[0]
    entry = director.rows(f"/api/race/{race['race_id']}/entry", "race_entry")[0]
    interval = director.rows(f"/api/race/{race['race_id']}/interval", "race_interval")[0]
    point = director.rows(f"/api/event/{event_id}/timing-point", "event_timing_point")[0]
    device = director.rows(f"/api/timing-point/{point['timing_point_id']}/timing-device",
                           "timing_point_timing_device")[0]
    groups = [g for e in director.rows("/api/event", "event")
              for g in director.rows(f"/api/event/{e['event_id']}/groups", "event_group")]
    group_with_entries = next(g for g in groups
                              if director.rows(f"/api/groups/{g['group_id']}/entry", "group_entry"))
    member = director.rows(f"/api/groups/{group_with_entries['group_id']}/entry", "group_entry")[0]
    return {
        "event": event_id, "race": race["race_id"], "entry": member["entry_id"], "athlete": entry["athlete_id"],
        "interval": interval["interval_id"],
        "bracket": director.rows(f"/api/race/{race['race_id']}/bracket", "race_bracket")[0]["bracket_id"],
        "wave": director.rows(f"/api/race/{race['race_id']}/wave", "race_wave")[0]["wave_id"],
        "timing-point": point["timing_point_id"], "timing-device": device["timing_device_id"],
        "timing-mat": director.rows(f"/api/timing-device/{device['timing_device_id']}/timing-mat",
                                    "timing_mat")[0]["timing_mat_id"],
        "groups": group_with_entries["group_id"],
    }


def assert_all_strings(entity):
    assert entity, "an entity must have fields"
    for name, value in entity.items():
        assert isinstance(value, str), f"{name} is {type(value).__name__}, not a string"


def test_event_list_has_its_envelope_and_only_strings(director):
    response = director.get("/api/event")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    events = response.json()["event"]
    assert len(events) >= 3
    for event in events:
        assert_all_strings(event)


@pytest.mark.parametrize("segment, envelope", SINGLE.items())
def test_every_single_entity_path(director, sample_ids, segment, envelope):
    entity_id = sample_ids[segment]
    response = director.get(f"/api/{segment}/{entity_id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == [envelope]
    assert_all_strings(body[envelope])


@pytest.mark.parametrize("parent, sub, envelope", COLLECTIONS)
def test_every_collection_path(director, sample_ids, parent, sub, envelope):
    response = director.get(f"/api/{parent}/{sample_ids[parent]}/{sub}", {"size": "5"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == [envelope]
    assert body[envelope], f"/api/{parent}/{{id}}/{sub} should list something in the demo data"
    for entity in body[envelope]:
        assert_all_strings(entity)
    assert response.headers["X-Ctlive-Row-Count"].isdigit()


def test_required_fields_are_present(director, sample_ids):
    entry = director.get(f"/api/entry/{sample_ids['entry']}").json()["entry"]
    for name in ("entry_id", "event_id", "race_id", "race_name", "entry_name", "entry_bib", "entry_tag",
                 "entry_status", "entry_type", "entry_race_age", "entry_external_id", "entry_is_test",
                 "athlete_id", "athlete_first_name", "athlete_last_name", "athlete_sex", "athlete_birthdate",
                 "athlete_email", "athlete_home_phone", "athlete_mobile_phone", "location_street",
                 "location_street2", "location_city", "location_region", "location_postal_code",
                 "location_country", "team_id", "team_name", "bracket_name", "wave_id", "wave_name"):
        assert name in entry
    assert entry["entry_is_test"] in ("0", "1")
    assert entry["entry_status"] in ("CONF", "DNS", "DNF", "DQ")


def test_format_suffix_on_first_or_last_segment_and_trailing_slash(director, sample_ids):
    event_id = sample_ids["event"]
    expected = director.get(f"/api/event/{event_id}").json()
    assert director.get(f"/api/event.json/{event_id}").json() == expected
    assert director.get(f"/api/event/{event_id}.json").json() == expected
    assert director.get(f"/api/event/{event_id}/").json() == expected
    first = director.get(f"/api/event.json/{event_id}/results", {"size": "3"})
    assert first.status_code == 200 and "event_results" in first.json()


def test_unknown_resource_id_and_sub_resource_are_404(director, sample_ids):
    for path in ("/api/nonsense", "/api/entry/999999999", "/api/event/999999999/entry",
                 f"/api/event/{sample_ids['event']}/nonsense", f"/api/event/{sample_ids['event']}/timing-mat"):
        response = director.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["status"] == "404"


def test_events_not_granted_are_invisible_to_the_test_account(served_api, demo, sample_ids):
    tester = Caller(served_api, demo["client_id"], *demo["test_user"])
    visible = tester.rows("/api/event", "event")
    assert visible and all(event["event_is_test"] == "1" for event in visible)
    assert tester.get(f"/api/event/{sample_ids['event']}").status_code == 404
    assert tester.get(f"/api/entry/{sample_ids['entry']}").status_code == 404
    assert tester.get(f"/api/event/{sample_ids['event']}/entry").status_code == 404


def test_test_events_are_listed_only_on_request_for_accounts_that_see_real_ones(director):
    default = director.rows("/api/event", "event")
    everything = director.rows("/api/event", "event", {"include_test_events": "yes"})
    assert all(event["event_is_test"] == "0" for event in default)
    assert any(event["event_is_test"] == "1" for event in everything)
