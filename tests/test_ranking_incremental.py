"""Writes keep ranks current row by row (racing/ranking.py): after every kind of write the
ranks, sort keys and primary brackets equal a full recompute of the race, and every ranked
row is in a block of its bracket and interval whose time range holds it. Each test runs with
the blocks of the seeded data and again with blocks of two rows, so that shifts span many
blocks, reach past block ends and split blocks."""
import pytest
from django.db import transaction
from django.db.models import F, Q

from racing import ranking
from racing.models import BracketRank, Entry, Event, Interval, Race, Result

from .writes_client import Writer

pytestmark = pytest.mark.django_db


@pytest.fixture()
def director(client, demo):
    return Writer(client, *demo["director"])


@pytest.fixture(params=["seeded blocks", "blocks of two"])
def race(request, monkeypatch):
    event = Event.objects.get(name__contains="Marathon")
    if request.param == "blocks of two":
        monkeypatch.setattr(ranking, "BLOCK", 2)
        for race_id in event.races.values_list("pk", flat=True):
            ranking.recompute_race(race_id)
    return event.races.order_by("order").first()


def derived(race_ids):
    """Everything the ranking derives for these races, comparable as a set."""
    ranks = set(BracketRank.objects.with_rank().filter(bracket__race_id__in=race_ids).values_list(
        "bracket_id", "interval_id", "result_id", "rank", "unranked", "sort_time", "entry_is_test"))
    primaries = set(Entry.objects.filter(race_id__in=race_ids).values_list("pk", "primary_bracket_id"))
    durations = set(Result.objects.filter(entry__race_id__in=race_ids).values_list(
        "pk", "net_seconds", "gun_seconds", "net_with_penalty", "gun_with_penalty"))
    return ranks, primaries, durations


def recomputed(race_ids):
    """What a full recompute of the races derives, without keeping it."""
    with transaction.atomic():
        for race_id in race_ids:
            ranking.recompute_race(race_id)
        found = derived(race_ids)
        transaction.set_rollback(True)
    return found


def assert_current(race_ids):
    kept = derived(race_ids)
    assert kept == recomputed(race_ids)
    assert kept[0], "the race has ranks to compare"
    assert_in_blocks(race_ids)


def assert_in_blocks(race_ids):
    rows = BracketRank.objects.filter(bracket__race_id__in=race_ids)
    assert not rows.filter(unranked=True, block__isnull=False).exists()
    ranked = rows.filter(unranked=False)
    assert not ranked.filter(block__isnull=True).exists()
    assert not ranked.exclude(block__bracket_id=F("bracket_id"), block__interval_id=F("interval_id")).exists()
    assert not ranked.filter(Q(sort_time__lt=F("block__low_time")) | Q(sort_time__gt=F("block__high_time"))).exists()


def finishers(race):
    full = Interval.objects.get(race=race, is_full=True)
    ranks = BracketRank.objects.with_rank().filter(bracket__race=race, bracket__bracket_type="OPEN", interval=full,
                                       rank__isnull=False).order_by("rank")
    return full, [r.result for r in ranks.select_related("result__entry")]


def test_every_kind_of_write_leaves_ranks_as_a_full_recompute(director, race):
    other = Race.objects.filter(event_id=race.event_id).exclude(pk=race.pk).order_by("pk").first()
    races = [race.pk, other.pk]
    full, ranked = finishers(race)
    winner, second, middle, last = ranked[0], ranked[1], ranked[len(ranked) // 2], ranked[-1]

    director.ok("put", f"/api/entry/{middle.entry_id}", {"entry_status": "DNF"})
    assert_current(races)
    director.ok("put", f"/api/entry/{middle.entry_id}", {"entry_status": "CONF", "entry_race_age": "71"})
    assert_current(races)
    director.ok("put", f"/api/athlete/{winner.entry.athlete_id}",
                {"athlete_sex": "F" if winner.entry.athlete.sex == "M" else "M"})
    assert_current(races)
    director.ok("put", f"/api/entry/{second.entry_id}", {"entry_is_test": "1"})
    assert_current(races)
    # A tie with the winner, then a time slower than everyone's.
    director.replies(f"/api/race/{race.pk}/results", [
        {"results_entry_id": str(last.entry_id), "results_interval_id": str(full.pk),
         "results_begin_chip_time": str(winner.begin_chip_time),
         "results_end_chip_time": str(winner.begin_chip_time + winner.net_with_penalty - winner.penalty_seconds),
         "results_penalty_time": str(winner.penalty_seconds)}], "race_results")
    assert_current(races)
    director.replies(f"/api/race/{race.pk}/results", [
        {"results_entry_id": str(winner.entry_id), "results_interval_id": str(full.pk),
         "results_end_chip_time": str(winner.end_chip_time + 86400)}], "race_results")
    assert_current(races)
    created = director.replies(f"/api/race/{race.pk}/entry", {
        "athlete_first_name": "New", "athlete_last_name": "Runner", "athlete_sex": "F", "entry_bib": "99001",
        "entry_race_age": "35"}, "race_entry")[0]
    assert_current(races)
    director.replies(f"/api/race/{race.pk}/results", [
        {"results_entry_id": created["entry_id"], "results_interval_id": str(full.pk),
         "results_begin_chip_time": str(middle.begin_chip_time), "results_end_chip_time": str(middle.end_chip_time)}],
        "race_results")
    assert_current(races)
    director.ok("put", f"/api/entry/{ranked[3].entry_id}", {"race_id": str(other.pk)})
    assert_current(races)
    director.ok("delete", f"/api/entry/{ranked[4].entry_id}")
    assert_current(races)


def test_rows_arriving_in_one_block_split_it_and_keep_their_ranks(director, race):
    """Finishers moved one by one next to the middle time crowd one block, which splits."""
    full, ranked = finishers(race)
    middle = ranked[len(ranked) // 2]
    for offset, result in enumerate(ranked[:8]):
        director.replies(f"/api/race/{race.pk}/results", [
            {"results_entry_id": str(result.entry_id), "results_interval_id": str(full.pk),
             "results_end_chip_time": str(middle.end_chip_time + (offset % 3) * 0.5)}], "race_results")
        assert_current([race.pk])


def test_a_write_of_fields_ranks_do_not_depend_on_changes_no_rank_row(director, race):
    _full, ranked = finishers(race)
    before = set(BracketRank.objects.with_rank().filter(bracket__race=race).values_list("id", "rank"))
    director.ok("put", f"/api/entry/{ranked[0].entry_id}", {"entry_name": "Renamed", "entry_tag": "T-1"})
    assert set(BracketRank.objects.with_rank().filter(bracket__race=race).values_list("id", "rank")) == before


def test_many_entities_at_once_are_recomputed_whole_and_equal(director, race):
    full, ranked = finishers(race)
    body = [{"results_entry_id": str(result.entry_id), "results_interval_id": str(full.pk),
             "results_penalty_time": str(60 * (index % 3))}
            for index, result in enumerate(ranked[:ranking.INCREMENTAL_LIMIT + 5])]
    director.replies(f"/api/race/{race.pk}/results", body, "race_results")
    assert_current([race.pk])
