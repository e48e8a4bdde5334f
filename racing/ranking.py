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
BEYOND = 1e300  # above every sort time
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


def lock_races(race_ids):
    """One writer per race: the races' rows locked in id order, first thing in a write's
    transaction, so that two writers of the same races never wait on each other in turn
    (PostgreSQL's deadlock)."""
    list(Race.objects.select_for_update().filter(pk__in=race_ids).order_by("pk").values_list("pk"))


def recompute_race(race_id):
    """Bring every derived result of a race up to date with its timing data."""
    with transaction.atomic(using=router.db_for_write(BracketRank)):
        lock_races([race_id])
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
    lock_races(race_ids)
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
    rows = RankRows()
    for row_id, bracket_id, interval_id, result_id, _rank, unranked, sort_time, is_test, _race in old:
        now = wanted.pop((bracket_id, result_id), None)
        if now == (interval_id, unranked, sort_time, is_test):
            continue  # unchanged
        if now is not None and not unranked and now == (interval_id, False, now[2], is_test):
            rows.move(row_id, bracket_id, interval_id, sort_time, now[2])  # a ranked time changed
            continue
        rows.remove(row_id, bracket_id, interval_id, unranked, sort_time)
        if now is not None:
            wanted[(bracket_id, result_id)] = now
    for (bracket_id, result_id), (interval_id, unranked, sort_time, is_test) in wanted.items():
        rows.add(bracket_id, interval_id, result_id, unranked, sort_time, is_test)


class RankRows:
    """The row operations of a refresh, as plain SQL (the ORM would build each of these small
    statements anew for more than running it costs). A ranked row leaving lowers by one the
    rank of every slower ranked row of its partition, one arriving raises them, and one whose
    time changed moves only the rows between its old and its new time."""

    def __init__(self):
        connection = connections[router.db_for_write(BracketRank)]
        quote = connection.ops.quote_name
        table = quote(BracketRank._meta.db_table)
        rank, time, row_id = quote("rank"), quote("sort_time"), quote("id")
        ranked = (f"{quote('bracket_id')} = %s AND {quote('interval_id')} = %s AND {quote('entry_is_test')} = %s "
                  f"AND {quote('unranked')} = %s")
        self.cursor = connection.cursor()
        self.shift_sql = (f"UPDATE {table} SET {rank} = {rank} + %s WHERE {ranked} AND {time} > %s AND {time} <= %s "
                          f"AND {row_id} <> %s")
        self.faster_sql = f"SELECT COUNT(*) FROM {table} WHERE {ranked} AND {time} < %s AND {row_id} <> %s"
        self.delete_sql = f"DELETE FROM {table} WHERE {row_id} = %s"
        self.place_sql = f"UPDATE {table} SET {rank} = %s, {time} = %s WHERE {row_id} = %s"
        self.insert_sql = (f"INSERT INTO {table} ({', '.join(quote(c) for c in RANK_COLUMNS)}) "
                           f"VALUES ({', '.join(['%s'] * len(RANK_COLUMNS))})")

    def shift(self, bracket_id, interval_id, by, above, up_to=BEYOND, except_id=0):
        self.cursor.execute(self.shift_sql, [by, bracket_id, interval_id, False, False, above, up_to, except_id])

    def rank_at(self, bracket_id, interval_id, sort_time, except_id=0):
        self.cursor.execute(self.faster_sql, [bracket_id, interval_id, False, False, sort_time, except_id])
        return 1 + self.cursor.fetchone()[0]

    def remove(self, row_id, bracket_id, interval_id, unranked, sort_time):
        self.cursor.execute(self.delete_sql, [row_id])
        if not unranked:
            self.shift(bracket_id, interval_id, -1, sort_time)

    def add(self, bracket_id, interval_id, result_id, unranked, sort_time, is_test):
        rank = None
        if not unranked:
            rank = self.rank_at(bracket_id, interval_id, sort_time)
            self.shift(bracket_id, interval_id, 1, sort_time)
        self.cursor.execute(self.insert_sql, [bracket_id, interval_id, result_id, rank, unranked, sort_time, is_test])

    def move(self, row_id, bracket_id, interval_id, old_time, new_time):
        if new_time > old_time:
            self.shift(bracket_id, interval_id, -1, old_time, new_time, except_id=row_id)
        else:
            self.shift(bracket_id, interval_id, 1, new_time, old_time, except_id=row_id)
        self.cursor.execute(self.place_sql, [self.rank_at(bracket_id, interval_id, new_time, row_id), new_time, row_id])


def withdraw_entries(entry_ids):
    """Before entries are deleted: their rank rows leave, and the slower rows move up."""
    races = Entry.objects.filter(pk__in=entry_ids).values("race_id")
    lock_races(races)
    rows = RankRows()
    for row in BracketRank.objects.filter(result__entry_id__in=entry_ids).values_list(
            "id", "bracket_id", "interval_id", "unranked", "sort_time"):
        rows.remove(*row)
