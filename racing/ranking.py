"""Derived results: times with penalty, bracket membership and ranks.

Reading results is a plain indexed query: every member of a bracket has a BracketRank row
per interval with its competition rank and its sort key (unranked last, then time, then
result id), so a page is one range of the ranking index.

Writes keep the rows current without recomputing the race. `refresh_entries` works out
the rows of the entries a write touched, compares them with the stored ones and changes
only those that differ: a rank row leaving a partition lowers by one the rank of every
ranked row slower than it, one arriving raises them, so a write costs a few indexed
statements however large the race. Many entities at once (uploads, bulk POSTs, jobs) are
cheaper recomputed whole, with SQL window functions, once per race (`deferred`).
"""
import contextvars
from contextlib import contextmanager

from django.db import connections, router, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Rank

from .models import Bracket, BracketRank, Entry, Race, Result

UNRANKED_STATUSES = (Entry.Status.DID_NOT_START, Entry.Status.DID_NOT_FINISH, Entry.Status.DISQUALIFIED)
SLOWEST = 1e12  # the sort time of a member without a time: after every timed one
INCREMENTAL_LIMIT = 25  # entries refreshed row by row; more are cheaper as a whole-race recompute
RANK_COLUMNS = ("bracket_id", "interval_id", "result_id", "rank", "unranked", "sort_time", "entry_is_test")

_deferred = contextvars.ContextVar("ranking_deferred", default=None)


def bracket_member_filter(bracket, prefix=""):
    """A filter selecting the members of a bracket; `prefix` is the path to Entry ("entry__").
    `admits` is the same rule for one entry in Python."""
    if bracket.bracket_type == Bracket.Type.OPEN:
        return Q()
    if bracket.bracket_type in (Bracket.Type.ELITE, Bracket.Type.OTHER):
        return Q(**{f"{prefix}explicit_brackets": bracket})
    rule = Q()
    if bracket.sex:
        rule &= Q(**{f"{prefix}athlete__sex": bracket.sex})
    if bracket.bracket_type == Bracket.Type.AGE:
        if bracket.min_age is not None:
            rule &= Q(**{f"{prefix}race_age__gte": bracket.min_age})
        if bracket.max_age is not None:
            rule &= Q(**{f"{prefix}race_age__lte": bracket.max_age})
    return rule


def admits(bracket, entry):
    """Whether `entry` (a dict of its ranking attributes) is a member of `bracket`:
    `bracket_member_filter` evaluated for one entry."""
    if bracket.bracket_type == Bracket.Type.OPEN:
        return True
    if bracket.bracket_type in (Bracket.Type.ELITE, Bracket.Type.OTHER):
        return bracket.pk in entry["explicit"]
    if bracket.sex and entry["athlete__sex"] != bracket.sex:
        return False
    if bracket.bracket_type == Bracket.Type.AGE:
        age = entry["race_age"]
        if bracket.min_age is not None and (age is None or age < bracket.min_age):
            return False
        if bracket.max_age is not None and (age is None or age > bracket.max_age):
            return False
    return True


def race_brackets(race_ids):
    return list(Bracket.objects.filter(race_id__in=race_ids).order_by("pk"))


def primary_bracket_of(brackets, entry):
    """The entry's primary bracket: its (last matching) age bracket, else the race's open one."""
    chosen = next((b.pk for b in brackets if b.bracket_type == Bracket.Type.OPEN), None)
    for bracket in brackets:
        if bracket.bracket_type == Bracket.Type.AGE and admits(bracket, entry):
            chosen = bracket.pk
    return chosen


# --- The whole race ------------------------------------------------------------------------


def update_durations(results):
    """Net (chip) and gun durations, with and without penalty, in one UPDATE."""
    results.update(
        net_seconds=F("end_chip_time") - F("begin_chip_time"),
        gun_seconds=F("end_chip_time") - F("gun_start_time"),
        net_with_penalty=F("end_chip_time") - F("begin_chip_time") + F("penalty_seconds"),
        gun_with_penalty=F("end_chip_time") - F("gun_start_time") + F("penalty_seconds"),
    )


def assign_primary_brackets(race_id, brackets):
    """Each entry's primary bracket: its age bracket, else the race's open bracket."""
    entries = Entry.objects.filter(race_id=race_id)
    open_brackets = [b for b in brackets if b.bracket_type == Bracket.Type.OPEN]
    entries.update(primary_bracket=open_brackets[0] if open_brackets else None)
    for bracket in brackets:
        if bracket.bracket_type == Bracket.Type.AGE:
            entries.filter(bracket_member_filter(bracket)).update(primary_bracket=bracket)


def insert_bracket_ranks(bracket):
    """Every BracketRank row of one bracket over every interval, in one INSERT … SELECT:
    competition ranks by chip time with penalty from a window function."""
    is_ranked = Q(net_with_penalty__isnull=False, entry__is_test=False) & ~Q(entry__status__in=UNRANKED_STATUSES)
    unranked = Case(When(is_ranked, then=Value(0)), default=Value(1), output_field=IntegerField())
    members = (
        Result.objects.filter(entry__race_id=bracket.race_id)
        .filter(bracket_member_filter(bracket, prefix="entry__"))
        .annotate(member_interval=F("interval_id"), member_result=F("id"), member_time=F("net_with_penalty"),
                  member_is_test=F("entry__is_test"), unranked_flag=unranked,
                  competition_rank=Window(Rank(), partition_by=[F("interval_id"), unranked],
                                          order_by=[F("net_with_penalty").asc()]))
        .values_list("member_interval", "member_result", "competition_rank", "unranked_flag", "member_time",
                     "member_is_test")
    )
    connection = connections[router.db_for_write(BracketRank)]
    sql, params = members.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(BracketRank._meta.db_table)} ({', '.join(quote(c) for c in RANK_COLUMNS)}) "
            "SELECT %s, m.member_interval, m.member_result, "
            "CASE WHEN m.unranked_flag = 1 THEN NULL ELSE m.competition_rank END, "
            f"m.unranked_flag = 1, COALESCE(m.member_time, %s), m.member_is_test FROM ({sql}) m",
            [bracket.pk, SLOWEST, *params])


def recompute_race(race_id):
    """Bring every derived result of a race up to date with its timing data."""
    with transaction.atomic(using=router.db_for_write(BracketRank)):
        list(Race.objects.select_for_update().filter(pk=race_id).values_list("pk"))  # one writer per race
        brackets = race_brackets([race_id])
        update_durations(Result.objects.filter(entry__race_id=race_id))
        assign_primary_brackets(race_id, brackets)
        BracketRank.objects.filter(bracket__race_id=race_id).delete()
        for bracket in brackets:
            insert_bracket_ranks(bracket)


# --- A few entries -------------------------------------------------------------------------


@contextmanager
def deferred():
    """Inside the block, refreshes only note their races; each is recomputed once at the end
    (a bulk write or a job touches many entries of few races)."""
    if _deferred.get() is not None:
        yield
        return
    races = set()
    token = _deferred.set(races)
    try:
        yield
    finally:
        _deferred.reset(token)
    for race_id in sorted(races):
        recompute_race(race_id)


def races_of_entries(entry_ids):
    """The races the entries are in now, and those whose rank rows they still hold."""
    now = set(Entry.objects.filter(pk__in=entry_ids).values_list("race_id", flat=True))
    held = BracketRank.objects.filter(result__entry_id__in=entry_ids).values_list("bracket__race_id", flat=True)
    return now | set(held.distinct())


def refresh_entries(entry_ids):
    """Bring the derived results of these entries (and the ranks they shift) up to date;
    called inside the write's transaction."""
    entry_ids = set(entry_ids)
    if not entry_ids:
        return
    races = _deferred.get()
    if races is not None or len(entry_ids) > INCREMENTAL_LIMIT:
        touched = races_of_entries(entry_ids)
        if races is not None:
            races |= touched
        else:
            for race_id in sorted(touched):
                recompute_race(race_id)
        return
    with transaction.atomic(using=router.db_for_write(BracketRank)):
        _refresh(entry_ids)


def _refresh(entry_ids):
    entries = {e["id"]: e for e in Entry.objects.filter(pk__in=entry_ids).values(
        "id", "race_id", "is_test", "status", "race_age", "athlete__sex", "primary_bracket_id")}
    old = list(BracketRank.objects.filter(result__entry_id__in=entry_ids).values_list(
        "id", *RANK_COLUMNS, "bracket__race_id"))
    race_ids = sorted({e["race_id"] for e in entries.values()} | {row[-1] for row in old})
    list(Race.objects.select_for_update().filter(pk__in=race_ids).order_by("pk").values_list("pk"))  # one writer per race
    for entry in entries.values():
        entry["explicit"] = set()
    for entry_id, bracket_id in Bracket.members.through.objects.filter(entry_id__in=entries).values_list(
            "entry_id", "bracket_id"):
        entries[entry_id]["explicit"].add(bracket_id)
    results = Result.objects.filter(entry_id__in=entries)
    update_durations(results)
    brackets = race_brackets(race_ids)
    by_race = {}
    for bracket in brackets:
        by_race.setdefault(bracket.race_id, []).append(bracket)
    for entry in entries.values():
        primary = primary_bracket_of(by_race.get(entry["race_id"], []), entry)
        if primary != entry["primary_bracket_id"]:
            Entry.objects.filter(pk=entry["id"]).update(primary_bracket_id=primary)
    wanted = {}
    for result_id, entry_id, interval_id, time in results.values_list("id", "entry_id", "interval_id",
                                                                     "net_with_penalty"):
        entry = entries[entry_id]
        unranked = time is None or entry["is_test"] or entry["status"] in UNRANKED_STATUSES
        for bracket in by_race.get(entry["race_id"], []):
            if admits(bracket, entry):
                wanted[(bracket.pk, result_id)] = (interval_id, unranked, SLOWEST if time is None else time,
                                                   entry["is_test"])
    for row_id, bracket_id, interval_id, result_id, _rank, unranked, sort_time, is_test, _race in old:
        if wanted.get((bracket_id, result_id)) == (interval_id, unranked, sort_time, is_test):
            del wanted[(bracket_id, result_id)]  # unchanged
            continue
        BracketRank.objects.filter(pk=row_id).delete()
        if not unranked:
            ranked_slower(bracket_id, interval_id, sort_time).update(rank=F("rank") - 1)
    for (bracket_id, result_id), (interval_id, unranked, sort_time, is_test) in wanted.items():
        rank = None
        if not unranked:
            rank = 1 + ranked_in(bracket_id, interval_id).filter(sort_time__lt=sort_time).count()
            ranked_slower(bracket_id, interval_id, sort_time).update(rank=F("rank") + 1)
        BracketRank.objects.create(bracket_id=bracket_id, interval_id=interval_id, result_id=result_id, rank=rank,
                                   unranked=unranked, sort_time=sort_time, entry_is_test=is_test)


def ranked_in(bracket_id, interval_id):
    """The ranked rows of one partition (ranked rows are never test entries: the filter
    keeps to the ranking index). False is compared as a value: SQLite uses an index for
    `flag = 0`, not for the `NOT flag` Django writes for a plain False."""
    return BracketRank.objects.filter(bracket_id=bracket_id, interval_id=interval_id, entry_is_test=Value(False),
                                      unranked=Value(False))


def ranked_slower(bracket_id, interval_id, sort_time):
    return ranked_in(bracket_id, interval_id).filter(sort_time__gt=sort_time)


def withdraw_entries(entry_ids):
    """Before entries are deleted: their rank rows leave, and the slower rows move up."""
    races = Entry.objects.filter(pk__in=entry_ids).values("race_id")
    list(Race.objects.select_for_update().filter(pk__in=races).order_by("pk").values_list("pk"))
    for row_id, bracket_id, interval_id, unranked, sort_time in BracketRank.objects.filter(
            result__entry_id__in=entry_ids).values_list("id", "bracket_id", "interval_id", "unranked", "sort_time"):
        BracketRank.objects.filter(pk=row_id).delete()
        if not unranked:
            ranked_slower(bracket_id, interval_id, sort_time).update(rank=F("rank") - 1)
