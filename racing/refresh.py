"""Replaces the testing environment's domain data with a consistent copy of production's.

Production is read inside one snapshot (a read transaction on SQLite's WAL, REPEATABLE READ
on PostgreSQL), so the copy is of one moment even while production keeps taking writes.
Testing is replaced inside one transaction: its readers see the old copy until the commit
and the new one after it, never a half; its writers wait for the commit (SQLite's write
lock; on PostgreSQL an EXCLUSIVE table lock, which readers do not wait for). PostgreSQL
copies with COPY; SQLite attaches production's file to testing's connection and copies with
INSERT … SELECT, whose reads belong to the same transaction and so see one moment of
production (inside a transaction already, as in tests, rows go through executemany).
Sequences are moved past the copied ids.

Copied: every table of the racing app (M2M tables included). Not copied: testing's jobs,
which stay where they are. In testing, everyone granted a test event may write to it.
"""
import datetime
import time
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from api.models import TestingRefresh
from ctlive import environment

from .models import EventGrant

SOURCE, TARGET = environment.ALIASES[environment.PRODUCTION], environment.ALIASES[environment.TESTING]
CHUNK_ROWS = 5000
# A worker that was down at TESTING_REFRESH_AT still runs the night's refresh this long after.
NIGHTLY_WINDOW = datetime.timedelta(hours=1)


def copied_models():
    """The racing app's concrete models and M2M tables, parents before children."""
    found = []
    for model in apps.get_app_config("racing").get_models(include_auto_created=True):
        if not model._meta.proxy and model._meta.managed:
            found.append(model)
    return found


def columns(model):
    return [field.column for field in model._meta.concrete_fields]


@contextmanager
def snapshot(connection):
    """A read-only transaction on `connection` that sees one moment of its database (inside
    a transaction already, as in a test, that transaction is the snapshot)."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")  # WAL: the first read fixes the snapshot; writers go on
    try:
        yield
    finally:
        raw.execute("ROLLBACK")


def copy_postgresql(source, target, table, names):
    listed = ", ".join(target.ops.quote_name(name) for name in names)
    with source.cursor() as reading, target.cursor() as writing:
        with reading.cursor.copy(f"COPY {table} ({listed}) TO STDOUT (FORMAT BINARY)") as out, \
                writing.cursor.copy(f"COPY {table} ({listed}) FROM STDIN (FORMAT BINARY)") as into:
            for data in out:
                into.write(data)
        writing.execute(f"SELECT COUNT(*) FROM {table}")
        return writing.fetchone()[0]


def copy_rows(source, target, table, names):
    listed = ", ".join(target.ops.quote_name(name) for name in names)
    insert = f"INSERT INTO {table} ({listed}) VALUES ({', '.join(['%s'] * len(names))})"
    count = 0
    with source.cursor() as reading, target.cursor() as writing:
        reading.execute(f"SELECT {listed} FROM {table}")
        while rows := reading.fetchmany(CHUNK_ROWS):
            writing.executemany(insert, rows)
            count += len(rows)
    return count


def copy_attached(source, target, table, names):
    listed = ", ".join(target.ops.quote_name(name) for name in names)
    with target.cursor() as writing:
        writing.execute(f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM {ATTACHED}.{table}")
        return writing.rowcount


ATTACHED = "production_copy"


@contextmanager
def attached(source, target):
    """Production's SQLite file attached to testing's connection (outside any transaction:
    SQLite attaches only there). Foreign keys are not checked meanwhile: the rows come
    whole from one consistent production, and unchecked, SQLite empties a table at once
    instead of row by row."""
    with target.cursor() as cursor:
        cursor.execute(f"ATTACH DATABASE %s AS {ATTACHED}", [str(source.settings_dict["NAME"])])
        cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        with target.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"DETACH DATABASE {ATTACHED}")


def copy_plan(source, target):
    """(how to copy a table, the context that makes production's reads consistent)."""
    if target.vendor == "postgresql" == source.vendor:
        return copy_postgresql, snapshot(source)
    if target.vendor == "sqlite" == source.vendor and not target.in_atomic_block:
        return copy_attached, attached(source, target)
    return copy_rows, snapshot(source)


def replace_testing(progress=None):
    """Copies production's racing tables over testing's; returns the rows copied."""
    source, target = connections[SOURCE], connections[TARGET]
    models = copied_models()
    tables = [target.ops.quote_name(model._meta.db_table) for model in models]
    target.ensure_connection()
    copy, consistent = copy_plan(source, target)
    total = 0
    with consistent, transaction.atomic(using=TARGET):
        with target.cursor() as cursor:
            if target.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {table}")
        for index, (model, table) in enumerate(zip(models, tables)):
            if progress:
                progress(index, len(models), model._meta.db_table)
            total += copy(source, target, table, columns(model))
        with target.cursor() as cursor:
            for statement in target.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        with environment.using(environment.TESTING):
            EventGrant.objects.filter(event__is_test=True, can_write=False).update(can_write=True)
        if progress:
            progress(len(models), len(models), "committing")
    return total


def refresh(progress=None, night=None):
    """One recorded refresh; with `night`, only if no other worker has claimed that night
    (returns None then)."""
    try:
        record = TestingRefresh.objects.create(night=night, started=timezone.now())
    except IntegrityError:
        return None
    began = time.monotonic()
    record.rows = replace_testing(progress)
    record.finished = timezone.now()
    record.save(update_fields=["rows", "finished"])
    record.seconds = time.monotonic() - began
    return record


def last_refreshed():
    """When testing was last replaced by a copy of production (None: never)."""
    return (TestingRefresh.objects.filter(finished__isnull=False).order_by("-finished")
            .values_list("finished", flat=True).first())


def scheduled_at():
    """TESTING_REFRESH_AT as a time of day (UTC), or None when the nightly refresh is off."""
    if not settings.TESTING_REFRESH_AT:
        return None
    hours, minutes = settings.TESTING_REFRESH_AT.split(":")
    return datetime.time(int(hours), int(minutes))


def due_night(now):
    """The date whose nightly refresh should run at `now` (UTC), or None."""
    at = scheduled_at()
    if at is None:
        return None
    start = datetime.datetime.combine(now.date(), at, tzinfo=datetime.UTC)
    if start <= now < start + NIGHTLY_WINDOW and not TestingRefresh.objects.filter(night=now.date()).exists():
        return now.date()
    return None


def run_nightly(now=None):
    """Runs tonight's refresh if it is due and no other worker has taken it."""
    night = due_night(now or timezone.now())
    return refresh(night=night) if night else None
