"""Paging, filters and their headers (SPEC §4, §7) over real HTTP."""
import time

import pytest

from .api_client import Caller, sha1_hex


@pytest.fixture(scope="module")
def director(served_api, demo):
    return Caller(served_api, demo["client_id"], *demo["director"])


@pytest.fixture(scope="module")
def event_id(director):
    return next(e["event_id"] for e in director.rows("/api/event", "event") if "Marathon" in e["event_name"])


def headers_of(response):
    return {name: response.headers.get(name) for name in (
        "X-Ctlive-Row-Count", "X-Ctlive-Page-Count", "X-Ctlive-Page-Size", "X-Ctlive-Current-Page",
        "X-Ctlive-Current-Rows", "X-Ctlive-Api-Version")}


def test_probe_of_a_real_client_gets_row_count_then_an_empty_page(served_api, demo, event_id):
    login, password = demo["director"]
    params = {"client_id": demo["client_id"], "user_id": login, "user_pass": sha1_hex(password), "size": "1", "page": "1"}
    probe = served_api.get(f"/api/event.json/{event_id}/results", params=params)
    assert probe.status_code == 200
    total = int(probe.headers["X-Ctlive-Row-Count"])
    assert total > 1 and probe.headers["X-Ctlive-Page-Count"] == str(total)
    assert probe.headers["X-Ctlive-Current-Rows"] == "1-1"
    past = served_api.get(f"/api/event.json/{event_id}/results", params={**params, "page": str(total + 1)})
    assert past.status_code == 200
    assert past.json() == {"event_results": []}
    assert past.headers["X-Ctlive-Current-Rows"] == "0-0"
    assert past.headers["X-Ctlive-Row-Count"] == str(total)


def test_paging_headers_on_every_page(director, event_id):
    first = director.get(f"/api/event/{event_id}/entry", {"size": "10"})
    total = int(first.headers["X-Ctlive-Row-Count"])
    assert headers_of(first) == {
        "X-Ctlive-Row-Count": str(total), "X-Ctlive-Page-Count": str(-(-total // 10)),
        "X-Ctlive-Page-Size": "10", "X-Ctlive-Current-Page": "1", "X-Ctlive-Current-Rows": "1-10",
        "X-Ctlive-Api-Version": first.headers["X-Ctlive-Api-Version"],
    }
    second = director.get(f"/api/event/{event_id}/entry", {"size": "10", "page": "2"})
    assert second.headers["X-Ctlive-Current-Rows"] == "11-20"
    ids_first = [e["entry_id"] for e in first.json()["event_entry"]]
    ids_second = [e["entry_id"] for e in second.json()["event_entry"]]
    assert len(ids_first) == len(ids_second) == 10 and not set(ids_first) & set(ids_second)


def test_default_size_is_50_and_oversized_pages_are_clamped(director, event_id):
    default = director.get(f"/api/event/{event_id}/entry")
    assert default.headers["X-Ctlive-Page-Size"] == "50"
    assert len(default.json()["event_entry"]) == 50
    clamped = director.get(f"/api/event/{event_id}/entry", {"size": "100000"})
    assert clamped.headers["X-Ctlive-Page-Size"] == "1000"


def test_empty_collection_still_has_one_page(director, event_id):
    response = director.get(f"/api/event/{event_id}/entry", {"modified_after": str(int(time.time()) + 86400)})
    assert response.json() == {"event_entry": []}
    assert response.headers["X-Ctlive-Page-Count"] == "1"
    assert response.headers["X-Ctlive-Current-Rows"] == "0-0"
    assert response.headers["X-Ctlive-Row-Count"] == "0"


def test_last_id_returns_greater_ids_in_id_order(director, event_id):
    first = director.rows(f"/api/event/{event_id}/entry", "event_entry", {"size": "5", "last_id": "0"})
    ids = [int(e["entry_id"]) for e in first]
    assert ids == sorted(ids)
    following = director.rows(f"/api/event/{event_id}/entry", "event_entry", {"size": "5", "last_id": str(ids[-1])})
    assert int(following[0]["entry_id"]) > ids[-1]


def test_ids_past_the_64_bit_range_are_not_found_and_last_id_past_it_is_an_empty_page(director, event_id):
    huge = str(2**64)
    assert director.get(f"/api/event/{huge}").status_code == 404
    assert director.get(f"/api/event/{huge}/entry").status_code == 404
    response = director.get(f"/api/event/{event_id}/entry", {"last_id": huge})
    assert response.status_code == 200 and response.json() == {"event_entry": []}
    assert director.get(f"/api/event/{event_id}/entry", {"page": huge}).json() == {"event_entry": []}


def test_pages_of_the_same_shape_answer_for_their_own_parent(director, event_id):
    """Lists share one compiled statement per shape (api/prepared.py); the values differ."""
    races = director.rows(f"/api/event/{event_id}/race", "event_race")
    for race in races:
        entries = director.rows(f"/api/race/{race['race_id']}/entry", "race_entry", {"size": "20"})
        assert entries and {e["race_id"] for e in entries} == {race["race_id"]}


def test_modified_window_filters_on_last_change(director, event_id):
    all_entries = director.get(f"/api/event/{event_id}/entry", {"modified_before": str(int(time.time()) + 60)})
    assert int(all_entries.headers["X-Ctlive-Row-Count"]) > 0
    none = director.get(f"/api/event/{event_id}/entry", {"modified_before": "1000"})
    assert none.headers["X-Ctlive-Row-Count"] == "0"


def test_columns_choose_fields_and_unknown_names_are_named(director, event_id):
    rows = director.rows(f"/api/event/{event_id}/entry", "event_entry", {"columns": "entry_bib,entry_id", "size": "2"})
    assert [list(row) for row in rows] == [["entry_bib", "entry_id"]] * 2
    bad = director.get(f"/api/event/{event_id}/entry", {"columns": "entry_bib,shoe_size"})
    assert bad.status_code == 400
    assert "shoe_size" in bad.json()["error"]["message"]


@pytest.mark.parametrize("name, value", [("page", "abc"), ("size", "-3"), ("page", "0"), ("last_id", "x"),
                                         ("modified_after", "yesterday"), ("include_test_entries", "maybe")])
def test_malformed_numbers_and_flags_are_400_naming_the_parameter(director, event_id, name, value):
    response = director.get(f"/api/event/{event_id}/entry", {name: value})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and error["details"]["parameter"] == name
    assert name in error["message"]


def test_lenient_flags_and_ignored_parameters(director, event_id):
    response = director.get(f"/api/event/{event_id}/entry",
                            {"elide_json": "false;", "mode": "whatever", "unheard_of": "1", "size": "1"})
    assert response.status_code == 200


def test_link_header_keeps_the_query(director, event_id):
    response = director.get(f"/api/event/{event_id}/entry", {"size": "10", "page": "2", "columns": "entry_id"})
    links = response.headers["Link"]
    for relation in ("first", "prev", "next", "last"):
        assert f'rel="{relation}"' in links
    assert "columns=entry_id" in links and "page=3" in links and "size=10" in links


def test_results_default_to_the_full_course_ranked_overall(director, event_id):
    race_id = director.rows(f"/api/event/{event_id}/race", "event_race")[0]["race_id"]
    rows = director.rows(f"/api/race/{race_id}/results", "race_results", {"size": "1000"})
    assert rows and {row["results_interval_full"] for row in rows} == {"1"}
    ranked = [int(row["results_rank"]) for row in rows if row["results_rank"]]
    assert ranked[:3] == [1, 2, 3]
    assert ranked == sorted(ranked)
    assert rows[0]["results_time"].count(":") == 2
    assert rows[0]["results_pace_unit"] in ("min/km", "min/mi")


def test_results_by_interval_and_bracket(director, event_id):
    race_id = director.rows(f"/api/event/{event_id}/race", "event_race")[0]["race_id"]
    intervals = director.rows(f"/api/race/{race_id}/interval", "race_interval")
    split = next(i for i in intervals if i["interval_is_full"] == "0")
    by_id = director.rows(f"/api/race/{race_id}/results", "race_results", {"interval": split["interval_id"]})
    by_name = director.rows(f"/api/race/{race_id}/results", "race_results", {"interval": split["interval_name"]})
    assert by_id == by_name and {r["results_interval_id"] for r in by_id} == {split["interval_id"]}
    everything = director.get(f"/api/race/{race_id}/results", {"interval": "ALL", "size": "1"})
    full = director.get(f"/api/race/{race_id}/results", {"size": "1"})
    assert int(everything.headers["X-Ctlive-Row-Count"]) > int(full.headers["X-Ctlive-Row-Count"])
    by_sex = director.rows(f"/api/race/{race_id}/results", "race_results", {"bracket": "SEX", "size": "1000"})
    for sex in ("M", "F"):
        ranks = [int(r["results_rank"]) for r in by_sex if r["results_sex"] == sex and r["results_rank"]]
        assert ranks[0] == 1 and ranks == sorted(ranks)
    female = director.rows(f"/api/race/{race_id}/results", "race_results", {"bracket": "Female"})
    assert female and {r["results_sex"] for r in female} == {"F"}


@pytest.mark.parametrize("size", ["7", "50"])
def test_pages_across_brackets_and_intervals_are_the_whole_list_in_order(director, event_id, size):
    """Results are read a bracket and interval at a time (one index range each); pages that
    fall within one, straddle two, or lie deep in one still make up the whole list."""
    params = {"interval": "ALL", "bracket": "SEX"}
    whole = director.rows(f"/api/event/{event_id}/results", "event_results", {**params, "size": "1000"})
    assert len({(row["results_bracket_name"], row["results_interval_id"]) for row in whole}) > 2
    pages, page = [], 1
    while len(pages) < len(whole):
        rows = director.rows(f"/api/event/{event_id}/results", "event_results", {**params, "size": size,
                                                                                "page": str(page)})
        assert rows, (page, len(pages))
        pages += rows
        page += 1
    assert pages == whole


def test_event_athletes_by_page_and_by_last_id_are_the_whole_list_in_id_order(director, event_id):
    """A page of an event's athletes takes its ids from the entries' index; by page number or
    by last_id, the pages make up the one list, each athlete once, in id order."""
    path, envelope = f"/api/event/{event_id}/athlete", "event_athlete"
    whole = [row["athlete_id"] for row in director.rows(path, envelope, {"size": "1000", "columns": "athlete_id"})]
    assert whole and len(set(whole)) == len(whole) and whole == sorted(whole, key=int)
    by_page = [row["athlete_id"] for page in (1, 2, 3)
               for row in director.rows(path, envelope, {"size": "7", "page": str(page), "columns": "athlete_id"})]
    assert by_page == whole[:21]
    after = director.rows(path, envelope, {"size": "7", "last_id": whole[6], "columns": "athlete_id"})
    assert [row["athlete_id"] for row in after] == whole[7:14]
    recent = director.get(path, {"size": "1", "modified_after": "4102444800"})  # 2100: nothing changed since
    assert recent.headers["X-Ctlive-Row-Count"] == "0"
