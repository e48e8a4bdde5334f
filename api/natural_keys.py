"""The existing rows a write's natural keys name (an entry's bib or external id within its
event): one statement that stays on the key's partial unique index, whatever the planner's
statistics say."""
from django.db import connections, router


def existing(model, event_id, attname, keys):
    """{key: pk} of the model's rows in the event whose `attname` is one of `keys`.

    `NOT (key = '')`, the partial index's condition word for word, is written into the SQL
    rather than bound: a prepared statement's generic plan cannot match a bound value to
    it, and SQLite uses a partial index only for the condition as the index states it
    (with `key <> ''` it read the event's entries through the event index instead). On
    PostgreSQL the keys are one array, joined by hash: a list `IN ($2, …)` in a generic
    plan is compared with every entry of the event, one element at a time (about 350 ms
    for 500 bibs in a 10,000-entry event, against 4 ms joined)."""
    keys = list(keys)
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.get_field(attname).column)
    pk, event = quote(model._meta.pk.column), quote(model._meta.get_field("event").column)
    if connection.vendor == "postgresql":
        sql = (f"SELECT t.{key}, t.{pk} FROM unnest(%s::text[]) AS wanted(key) JOIN {table} t ON t.{key} = wanted.key "
               f"WHERE t.{event} = %s AND NOT (t.{key} = '')")
        params = [keys, event_id]
    else:
        sql = f"SELECT {key}, {pk} FROM {table} WHERE {event} = %s AND {key} IN ({', '.join(['%s'] * len(keys))}) " \
              f"AND NOT ({key} = '')"
        params = [event_id, *keys]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
