"""Derived results: times with penalty, bracket membership and ranks.

Reading results is a plain indexed query: every member of a bracket has a BracketRank row
per interval with its sort key (unranked last, then time, then result id), so a page is one
range of the ranking index, and its competition rank: `rank_in_block` plus the
`rank_offset` of its RankBlock, a run of about BLOCK consecutive ranked rows.

Writes keep the rows current without recomputing the race. `refresh_entries` works out
the rows of the entries a write touched, compares them with the stored ones and changes
only those that differ. A ranked row leaving a partition lowers by one the rank of every
ranked row slower than it, one arriving raises them: the offset of each block wholly
slower changes, and only the members of the block its time falls into change row by row,
so a write costs a few statements over a few hundred rows however large the race (storing
each row's rank alone, a rank-moving PUT on a 20,000-entry race updated some 15,000 rows:
66 ms on PostgreSQL). Many entities at once (uploads, bulk POSTs, jobs) are cheaper
recomputed whole, with SQL window functions, once per race (`deferred`).
"""
import contextvars
from contextlib import contextmanager

from django.db import connections, router, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Rank

from api.prepared import among, listed_values, statement

from .models import Bracket, BracketRank, Entry, Race, RankBlock, Result

UNRANKED_STATUSES = (Entry.Status.DID_NOT_START, Entry.Status.DID_NOT_FINISH, Entry.Status.DISQUALIFIED)
SLOWEST = 1e12  # the sort time of a member without a time: after every timed one
BEYOND = 1e300  # above every sort time
INCREMENTAL_LIMIT = 25  # entries refreshed row by row; more are cheaper as a whole-race recompute
BLOCK = 128  # ranked rows per RankBlock when a race is recomputed; a block twice as large is split
EXPLICIT_TYPES = (Bracket.Type.ELITE, Bracket.Type.OTHER)  # brackets whose members are listed, not ruled
RANK_COLUMNS = ("bracket_id", "interval_id", "result_id", "rank_in_block", "unranked", "sort_time", "entry_is_test")
ENTRY_COLUMNS = ("id", "race_id", "is_test", "status", "race_age", "athlete__sex", "primary_bracket_id")  # what ranks read
BRACKET_COLUMNS = ("pk", "race_id", "bracket_type", "sex", "min_age", "max_age")

_deferred = contextvars.ContextVar("ranking_deferred", default=None)


def bracket_member_filter(bracket, prefix=""):
    """A filter selecting the members of a bracket; `prefix` is the path to Entry ("entry__").
    `admits` is the same rule for one entry in Python."""
    if bracket.bracket_type == Bracket.Type.OPEN:
        return Q()
    if bracket.bracket_type in EXPLICIT_TYPES:
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
    if bracket.bracket_type in EXPLICIT_TYPES:
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


def run_listed(build, name, ids):
    """The rows of the statement `build(len(ids))` with `ids` as its list `name`, compiled once
    per process and length (api/prepared.py): compiling the small reads of a refresh cost
    more than running them. Rows come as the driver gives them (SQLite's booleans as 0/1)."""
    ids = list(ids)
    if not ids:
        return []
    return statement(("ranking", build.__name__, len(ids)), lambda: build(len(ids))).run(listed_values(name, ids))


def brackets_query(count):
    return Bracket.objects.filter(among("race_id", "race", count)).order_by("pk").values_list(*BRACKET_COLUMNS)


def race_brackets(race_ids):
    """The brackets of these races (with what ranking reads of them), in id order."""
    return [Bracket(**dict(zip(BRACKET_COLUMNS, row))) for row in run_listed(brackets_query, "race", race_ids)]


def primary_bracket_of(brackets, entry):
    """The entry's primary bracket: its (last matching) age bracket, else the race's open one."""
    chosen = next((b.pk for b in brackets if b.bracket_type == Bracket.Type.OPEN), None)
    for bracket in brackets:
        if bracket.bracket_type == Bracket.Type.AGE and admits(bracket, entry):
            chosen = bracket.pk
    return chosen


# --- The whole race ------------------------------------------------------------------------


DURATIONS = {  # net (chip) and gun durations, with and without penalty
    "net_seconds": F("end_chip_time") - F("begin_chip_time"),
    "gun_seconds": F("end_chip_time") - F("gun_start_time"),
    "net_with_penalty": F("end_chip_time") - F("begin_chip_time") + F("penalty_seconds"),
    "gun_with_penalty": F("end_chip_time") - F("gun_start_time") + F("penalty_seconds"),
}


def update_durations(results):
    """The DURATIONS of these results, in one UPDATE."""
    results.update(**DURATIONS)


def durations_query(count):
    names = list(DURATIONS)
    return Result.objects.filter(among("entry_id", "entry", count)).annotate(
        **{f"derived_{name}": expression for name, expression in DURATIONS.items()}).values_list(
        "id", "entry_id", "interval_id", *names, *(f"derived_{name}" for name in names))


def current_durations(entry_ids):
    """(result id, entry id, interval id, net time with penalty) of these entries' results as
    DURATIONS derive them, in one SELECT; the UPDATE of `update_durations` only for those
    whose stored durations differ (none after a status or name change)."""
    count = len(DURATIONS)
    stored, fresh = slice(3, 3 + count), slice(3 + count, None)
    found = [(row[:3], row[stored], row[fresh]) for row in run_listed(durations_query, "entry", entry_ids)]
    stale = [key[0] for key, kept, now in found if kept != now]
    if stale:
        update_durations(Result.objects.filter(pk__in=stale))
    net_with_penalty = list(DURATIONS).index("net_with_penalty")
    return [(*key, now[net_with_penalty]) for key, _kept, now in found]


def assign_primary_brackets(race_id, brackets):
    """Each entry's primary bracket: its age bracket, else the race's open bracket."""
    entries = Entry.objects.filter(race_id=race_id)
    open_brackets = [b for b in brackets if b.bracket_type == Bracket.Type.OPEN]
    entries.update(primary_bracket=open_brackets[0] if open_brackets else None)
    for bracket in brackets:
        if bracket.bracket_type == Bracket.Type.AGE:
            entries.filter(bracket_member_filter(bracket)).update(primary_bracket=bracket)


def insert_bracket_ranks(bracket):
    """Every BracketRank row of one bracket over every interval, and their blocks, in two
    INSERT … SELECT: competition ranks by chip time with penalty from a window function;
    first the blocks, the ranked rows of ranks ((n-1)·BLOCK, n·BLOCK] of an interval each,
    offset 0 (the rows hold their whole rank); then the rows, each joined to its block by
    the block's low time. Tied rows share a rank, so they share a block, and the blocks'
    time ranges are disjoint: a row is in the one block whose low time is the greatest not
    above its own, where a row added later goes (`RankRows.block_for`). Filing the rows
    into blocks afterwards with an UPDATE wrote every row twice (on PostgreSQL a new version
    of each row and of its index entries)."""
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
    ranks, blocks = quote(BracketRank._meta.db_table), quote(RankBlock._meta.db_table)
    block_of = "(m.competition_rank - 1) / %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {blocks} (bracket_id, interval_id, rank_offset, low_time, high_time) "
            f"SELECT %s, m.member_interval, 0, MIN(m.member_time), MAX(m.member_time) FROM ({sql}) m "
            f"WHERE m.unranked_flag = 0 GROUP BY m.member_interval, {block_of}",
            [bracket.pk, *params, BLOCK])
        cursor.execute(
            f"INSERT INTO {ranks} ({', '.join(quote(c) for c in (*RANK_COLUMNS, 'block_id'))}) "
            "SELECT %s, m.member_interval, m.member_result, "
            "CASE WHEN m.unranked_flag = 1 THEN NULL ELSE m.competition_rank END, "
            "m.unranked_flag = 1, COALESCE(m.member_time, %s), m.member_is_test, b.id FROM ("
            "SELECT m.*, MIN(m.member_time) OVER (PARTITION BY m.member_interval, m.unranked_flag, "
            f"{block_of}) AS block_low FROM ({sql}) m) m LEFT JOIN {blocks} b ON m.unranked_flag = 0 "
            "AND b.bracket_id = %s AND b.interval_id = m.member_interval AND b.low_time = m.block_low",
            [bracket.pk, SLOWEST, BLOCK, *params, bracket.pk])


def lock_query(count):
    return Race.objects.select_for_update().filter(among("pk", "race", count)).order_by("pk").values_list("pk")


def lock_races(race_ids):
    """One writer per race: the races' rows locked in id order, first thing in a write's
    transaction, so that two writers of the same races never wait on each other in turn
    (PostgreSQL's deadlock)."""
    run_listed(lock_query, "race", race_ids)


def recompute_race(race_id):
    """Bring every derived result of a race up to date with its timing data."""
    with transaction.atomic(using=router.db_for_write(BracketRank)):
        lock_races([race_id])
        brackets = race_brackets([race_id])
        update_durations(Result.objects.filter(entry__race_id=race_id))
        assign_primary_brackets(race_id, brackets)
        BracketRank.objects.filter(bracket__race_id=race_id).delete()
        RankBlock.objects.filter(bracket__race_id=race_id).delete()
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
    # No savepoint: the write's own transaction is undone whole if a refresh fails.
    with transaction.atomic(using=router.db_for_write(BracketRank), savepoint=False):
        _refresh(entry_ids)


def entries_query(count):
    return Entry.objects.filter(among("pk", "entry", count)).values_list(*ENTRY_COLUMNS)


def rank_rows_query(count):
    return BracketRank.objects.filter(among("result__entry_id", "entry", count)).values_list(
        "id", *RANK_COLUMNS, "bracket__race_id")


def memberships_query(count):
    return Bracket.members.through.objects.filter(among("entry_id", "entry", count)).values_list(
        "entry_id", "bracket_id")


def _refresh(entry_ids):
    entries = {row[0]: dict(zip(ENTRY_COLUMNS, row)) for row in run_listed(entries_query, "entry", entry_ids)}
    old = run_listed(rank_rows_query, "entry", entry_ids)
    race_ids = sorted({e["race_id"] for e in entries.values()} | {row[-1] for row in old})
    lock_races(race_ids)
    brackets = race_brackets(race_ids)
    for entry in entries.values():
        entry["explicit"] = set()
    if any(bracket.bracket_type in EXPLICIT_TYPES for bracket in brackets):  # else no bracket asks
        for entry_id, bracket_id in run_listed(memberships_query, "entry", entries):
            entries[entry_id]["explicit"].add(bracket_id)
    by_race = {}
    for bracket in brackets:
        by_race.setdefault(bracket.race_id, []).append(bracket)
    for entry in entries.values():
        primary = primary_bracket_of(by_race.get(entry["race_id"], []), entry)
        if primary != entry["primary_bracket_id"]:
            set_primary_bracket(entry["id"], primary)
    wanted = {}
    for result_id, entry_id, interval_id, time in current_durations(entries):
        entry = entries[entry_id]
        unranked = bool(time is None or entry["is_test"] or entry["status"] in UNRANKED_STATUSES)
        for bracket in by_race.get(entry["race_id"], []):
            if admits(bracket, entry):
                wanted[(bracket.pk, result_id)] = (interval_id, unranked, SLOWEST if time is None else time,
                                                   bool(entry["is_test"]))
    rows = RankRows()
    for row_id, bracket_id, interval_id, result_id, _rank, unranked, sort_time, is_test, _race in old:
        now = wanted.pop((bracket_id, result_id), None)
        if now == (interval_id, unranked, sort_time, is_test):
            continue  # unchanged
        if now is not None and not unranked and now == (interval_id, False, now[2], is_test):
            rows.move(row_id, bracket_id, interval_id, sort_time, now[2])  # a ranked time changed
            continue
        if now is None:
            rows.remove(row_id, bracket_id, interval_id, unranked, sort_time)
        else:  # ranked or unranked now, or in another interval: the row stays, changed
            rows.replace(row_id, bracket_id, interval_id, unranked, sort_time, *now)
    for (bracket_id, result_id), (interval_id, unranked, sort_time, is_test) in wanted.items():
        rows.add(bracket_id, interval_id, result_id, unranked, sort_time, is_test)


def set_primary_bracket(entry_id, bracket_id):
    """As plain SQL, as RankRows writes: the ORM's UPDATE cost more to build than to run."""
    connection = connections[router.db_for_write(Entry)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(Entry._meta.db_table)} SET primary_bracket_id = %s WHERE id = %s",
                       [bracket_id, entry_id])


class RankRows:
    """The row operations of a refresh, as plain SQL (the ORM would build each of these small
    statements anew for more than running it costs). A ranked row leaving lowers by one the
    rank of every slower ranked row of its partition, one arriving raises them, and one whose
    time changed moves only the rows between its old and its new time: blocks wholly in
    that range by their offset, the members of a block reaching past it row by row."""

    def __init__(self):
        connection = connections[router.db_for_write(BracketRank)]
        quote = connection.ops.quote_name
        table, blocks = quote(BracketRank._meta.db_table), quote(RankBlock._meta.db_table)
        ranked = "bracket_id = %s AND interval_id = %s AND entry_is_test = %s AND unranked = %s"
        partition = "bracket_id = %s AND interval_id = %s"
        within = "low_time > %s AND high_time <= %s"
        self.cursor = connection.cursor()
        # PostgreSQL runs statements whose answer is not read as one (`run`); SQLite runs in
        # process, where a statement costs no round trip, and has no data-modifying WITH.
        self.together = connection.vendor == "postgresql"
        self.shift_blocks_sql = f"UPDATE {blocks} SET rank_offset = rank_offset + %s WHERE {partition} AND {within}"
        self.shift_rows_sql = (
            f"UPDATE {table} SET rank_in_block = rank_in_block + %s WHERE block_id IN (SELECT id FROM {blocks} "
            f"WHERE {partition} AND high_time > %s AND low_time <= %s AND NOT ({within})) "
            "AND sort_time > %s AND sort_time <= %s AND id <> %s")
        # The rank of a time: the slowest faster row's own, plus the rows tied with that one.
        self.rank_at_sql = (
            f"SELECT r.rank_in_block + b.rank_offset + (SELECT COUNT(*) FROM {table} t WHERE t.bracket_id = "
            "r.bracket_id AND t.interval_id = r.interval_id AND t.entry_is_test = %s AND t.unranked = %s "
            f"AND t.sort_time = r.sort_time AND t.id <> %s) FROM {table} r JOIN {blocks} b ON b.id = r.block_id "
            f"WHERE r.{ranked.replace(' AND ', ' AND r.')} AND r.sort_time < %s AND r.id <> %s "
            "ORDER BY r.sort_time DESC, r.result_id DESC LIMIT 1")
        # The block a time joins (greatest low time not above it, else the first), widened to hold it.
        self.block_for_sql = (
            f"UPDATE {blocks} SET low_time = CASE WHEN low_time > %s THEN %s ELSE low_time END, "
            "high_time = CASE WHEN high_time < %s THEN %s ELSE high_time END "
            f"WHERE id = (SELECT id FROM {blocks} WHERE {partition} ORDER BY CASE WHEN low_time <= %s THEN 0 ELSE 1 "
            "END, CASE WHEN low_time <= %s THEN -low_time ELSE low_time END LIMIT 1) "
            f"RETURNING id, rank_offset, (SELECT COUNT(*) FROM {table} WHERE block_id = {blocks}.id AND id <> %s)")
        self.new_block_sql = (f"INSERT INTO {blocks} (bracket_id, interval_id, rank_offset, low_time, high_time) "
                              "VALUES (%s, %s, %s, %s, %s) RETURNING id")
        self.members_sql = f"SELECT id, sort_time FROM {table} WHERE block_id = %s ORDER BY sort_time, result_id"
        self.delete_sql = f"DELETE FROM {table} WHERE id = %s"
        self.place_sql = f"UPDATE {table} SET block_id = %s, rank_in_block = %s, sort_time = %s WHERE id = %s"
        self.replace_sql = (f"UPDATE {table} SET interval_id = %s, unranked = %s, sort_time = %s, entry_is_test = %s, "
                            "block_id = %s, rank_in_block = %s WHERE id = %s")
        columns = (*RANK_COLUMNS, "block_id")
        self.insert_sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"

    def run(self, *statements):
        """(sql, params) statements, in one round trip on PostgreSQL: all but the last as
        data-modifying WITH queries; the last one's answer is left on the cursor. They run
        on one snapshot, so none may read what another writes, nor two write one row."""
        if not self.together:
            for sql, params in statements:
                self.cursor.execute(sql, params)
            return
        *first, (last, _params) = statements
        steps = ", ".join(f"step_{n} AS ({sql} RETURNING 1)" for n, (sql, _params) in enumerate(first))
        self.cursor.execute(f"WITH {steps} {last}" if first else last,
                            [value for _sql, params in statements for value in params])

    def shift(self, bracket_id, interval_id, by, above, up_to=BEYOND, except_id=0):
        """The statements adding `by` to the rank of every ranked row with a sort time in
        (above, up_to] but `except_id` (a row that moves is placed again afterwards): the
        offsets of the blocks wholly in the range, and the rows of the blocks reaching past it.
        The rows' UPDATE reads only the blocks' times, which the offsets' UPDATE leaves alone."""
        return [(self.shift_blocks_sql, [by, bracket_id, interval_id, above, up_to]),
                (self.shift_rows_sql, [by, bracket_id, interval_id, above, up_to, above, up_to, above, up_to,
                                       except_id])]

    def rank_at(self, bracket_id, interval_id, sort_time, except_id=0):
        """The statement of the competition rank of a time: one after every ranked row
        faster. The slowest of those holds its own rank, and the rows tied with it come after
        it. `ranked_at` reads its answer."""
        return (self.rank_at_sql, [False, False, except_id, bracket_id, interval_id, False, False, sort_time,
                                   except_id])

    def ranked_at(self):
        found = self.cursor.fetchone()
        return 1 if found is None else found[0]

    def block_for(self, bracket_id, interval_id, sort_time, except_id=0):
        """(id, offset, members but `except_id`) of the block a ranked row of this time joins,
        widened to hold it: the one with the greatest low time not above it, else the first,
        else a new one."""
        self.cursor.execute(self.block_for_sql, [sort_time] * 4 + [bracket_id, interval_id, sort_time, sort_time,
                                                                   except_id])
        found = self.cursor.fetchone()
        if found is None:
            self.cursor.execute(self.new_block_sql, [bracket_id, interval_id, 0, sort_time, sort_time])
            return self.cursor.fetchone()[0], 0, 0
        return found

    def split_if_full(self, block_id, bracket_id, interval_id, offset, members):
        """A block of `members` rows grown to twice BLOCK gives its slower half to a new block of the same offset
        (so no rank changes)."""
        if members < 2 * BLOCK:
            return
        self.cursor.execute(self.members_sql, [block_id])
        members = self.cursor.fetchall()
        kept, moved = members[:BLOCK], members[BLOCK:]
        self.cursor.execute(self.new_block_sql, [bracket_id, interval_id, offset, moved[0][1], moved[-1][1]])
        new_id = self.cursor.fetchone()[0]
        RankBlock.objects.filter(pk=block_id).update(high_time=kept[-1][1])
        BracketRank.objects.filter(pk__in=[row_id for row_id, _time in moved]).update(block_id=new_id)

    def settle(self, bracket_id, interval_id, sort_time, write, except_id=0):
        """After the rank statement of `sort_time` has run: the ranked row written by
        `write(block id, rank in block)`, an (sql, params), into the block its time joins
        (`except_id` not counted among the block's rows), then the block split if full."""
        rank = self.ranked_at()
        block_id, offset, others = self.block_for(bracket_id, interval_id, sort_time, except_id)
        self.cursor.execute(*write(block_id, rank - offset))
        self.split_if_full(block_id, bracket_id, interval_id, offset, others + 1)

    def remove(self, row_id, bracket_id, interval_id, unranked, sort_time):
        delete = (self.delete_sql, [row_id])
        self.run(delete, *([] if unranked else self.shift(bracket_id, interval_id, -1, sort_time)))

    def add(self, bracket_id, interval_id, result_id, unranked, sort_time, is_test):
        if unranked:
            self.cursor.execute(self.insert_sql, [bracket_id, interval_id, result_id, None, True, sort_time, is_test,
                                                  None])
            return
        # The shift moves only slower rows, and the rank of the time reads only faster ones.
        self.run(*self.shift(bracket_id, interval_id, 1, sort_time), self.rank_at(bracket_id, interval_id, sort_time))
        self.settle(bracket_id, interval_id, sort_time, lambda block_id, in_block: (
            self.insert_sql, [bracket_id, interval_id, result_id, in_block, False, sort_time, is_test, block_id]))

    def move(self, row_id, bracket_id, interval_id, old_time, new_time):
        if new_time > old_time:
            self.run(*self.shift(bracket_id, interval_id, -1, old_time, new_time, except_id=row_id))
        else:
            self.run(*self.shift(bracket_id, interval_id, 1, new_time, old_time, except_id=row_id))
        self.run(self.rank_at(bracket_id, interval_id, new_time, row_id))
        self.settle(bracket_id, interval_id, new_time, lambda block_id, in_block: (
            self.place_sql, [block_id, in_block, new_time, row_id]), except_id=row_id)

    def replace(self, row_id, bracket_id, old_interval, old_unranked, old_time, interval_id, unranked, sort_time,
                is_test):
        """A row leaving its place for another than `move`'s (ranked or unranked now, or in
        another interval), changed in place: the slower rows of its old place move up, those
        of its new place down."""
        leaving = [] if old_unranked else self.shift(bracket_id, old_interval, -1, old_time, except_id=row_id)
        if unranked:
            self.run(*leaving, (self.replace_sql, [interval_id, True, sort_time, is_test, None, None, row_id]))
            return
        if leaving:
            self.run(*leaving)
        self.run(*self.shift(bracket_id, interval_id, 1, sort_time, except_id=row_id),
                 self.rank_at(bracket_id, interval_id, sort_time, row_id))
        self.settle(bracket_id, interval_id, sort_time, lambda block_id, in_block: (
            self.replace_sql, [interval_id, False, sort_time, is_test, block_id, in_block, row_id]), except_id=row_id)


def withdraw_entries(entry_ids):
    """Before entries are deleted: their rank rows leave, and the slower rows move up."""
    lock_races(set(Entry.objects.filter(pk__in=entry_ids).values_list("race_id", flat=True)))
    rows = RankRows()
    for row in BracketRank.objects.filter(result__entry_id__in=entry_ids).values_list(
            "id", "bracket_id", "interval_id", "unranked", "sort_time"):
        rows.remove(*row)
