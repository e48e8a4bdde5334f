"""On PostgreSQL, racing_bracketrank leaves half of each heap page free (fillfactor 50).

A rank-moving write shifts the rank of every slower row of its brackets (racing/ranking.py:
`UPDATE … SET rank = rank ± 1` over thousands of rows). `rank` is in no index, so such an
update can be HOT (no new index entries, the new version on the same page), but only when
the page has room for it: at the default fillfactor 100 every shifted row was a non-HOT
update into all five indexes, and the table grew 8x in 20 writes. Each shifted row gets one
new version per write and the next write prunes the old ones, so half a page is what HOT
needs. Measured on PostgreSQL 15 with an 8,000-entry race grown through the API (OPEN and
SEX brackets, 14,897 rank rows), status PUTs DNF/CONF in alternating blocks, the table
rewritten by VACUUM FULL before each block:

  fillfactor 100: PUT median 177-304 ms, 0.3-1.5% of row updates HOT, 169 -> ~1,400 pages
  fillfactor 80:  61 ms, 61% HOT;  70: 75 ms, 81% HOT;  60: 118 ms, 94% HOT
  fillfactor 50:  47-58 ms, 98.5-99.3% HOT, the table stays at 354 pages

`python -m bench.writes` (BENCH_WRITE_ENTRIES=8000 BENCH_BIG_RACE_ENTRIES=8000
BENCH_SMALL_WRITES=20), before/after/before/after: rank-moving PUT median 83/27/66/21 ms,
rank-moving result POST 73/24/48/19 ms; 8,916 against 130,573 of 130,968 row updates HOT.
A 50-row results page was no slower (4.58 ms against 4.52 ms freshly packed, 4.12 against
5.00 ms after the writes). SQLite has no such setting.
"""
from django.db import migrations

TABLE = "racing_bracketrank"
FILLFACTOR = 50


def on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement.format(table=schema_editor.quote_name(TABLE)))
    return run


set_fillfactor = on_postgresql(f"ALTER TABLE {{table}} SET (fillfactor = {FILLFACTOR})")
reset_fillfactor = on_postgresql("ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ('racing', '0005_entry_status_conf'),
    ]

    operations = [
        migrations.RunPython(set_fillfactor, reset_fillfactor),
    ]
