"""`manage.py seed_demo`: the documented demo events, users and OAuth2 application.

The data itself is built by `racing.demo`; this command only reads options and reports.
A run that would change nothing is skipped cheaply (racing/seed_fingerprint.py).
"""
import math

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ctlive import environment
from racing import demo, seed_fingerprint
from racing.progress import progress_for


class Command(BaseCommand):
    help = (
        "Create the demo data: a city marathon, a triathlon, a trail race and two API test events, "
        "the demo users and the demo OAuth2 application. Leaves existing demo events alone (use --reset "
        "to rebuild them); the accounts are brought in line with the settings every time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0,
            help="Multiplies the entry counts of the marathon, triathlon and trail race "
                 "(1 = about 20,000 marathon entries; 0.01 for tests, 5 for benchmarks).",
        )
        parser.add_argument(
            "--reset", action="store_true",
            help="Delete the demo events (and their athletes) first, then build them again.",
        )

    def handle(self, *args, scale, reset, verbosity, **options):
        if not (scale > 0 and math.isfinite(scale)):
            raise CommandError("--scale must be a positive number.")
        entries = None if reset else seed_fingerprint.unchanged(scale)
        if entries is not None:
            if verbosity > 0:
                self.stdout.write(f"Demo data already seeded at scale {scale:g} ({entries:,} entries) and the demo "
                                  "accounts unchanged since they were last checked; nothing to do. Use --reset to rebuild.")
            return
        bar = progress_for(self.stderr, enabled=verbosity > 0, subject="demo data")
        try:
            summary = demo.seed(scale=scale, reset=reset, progress=bar)
        finally:
            bar.close()
        if summary.state != "different":
            seed_fingerprint.remember(scale, summary.entries)
        if summary.state == "built":
            vacuum_after_bulk_load()
        if verbosity == 0:
            return
        if summary.state == "different":
            self.stderr.write(self.style.WARNING(
                f"Demo events exist but do not match scale {scale:g} ({summary.entries:,} entries instead of "
                f"{sum(demo.expected_entries(scale).values()):,}: another --scale, or changed through the API); "
                "left unchanged, accounts checked. Use --reset to rebuild them."
            ))
            return
        if summary.state == "already seeded":
            self.stdout.write(
                f"Demo data already seeded at scale {scale:g} ({summary.entries:,} entries); nothing to do. "
                "Accounts checked. Use --reset to rebuild."
            )
            return
        if summary.deleted_events:
            self.stdout.write(f"Deleted {summary.deleted_events} existing demo events.")
        self.stdout.write(self.style.SUCCESS(
            f"Seeded demo data at scale {scale:g} in {summary.seconds:.1f} s: {summary.events} events, "
            f"{summary.races} races, {summary.entries:,} entries, {summary.results:,} results, "
            f"{summary.ranks:,} bracket ranks."
        ))


def vacuum_after_bulk_load():
    """On PostgreSQL, what autovacuum would do in its own time, done now: the visibility map
    set and the dead index entries of the seed's updates gone, so that a deep page skips
    its rows in the index alone (page 300 of the marathon's entries: 35 ms with 42,000
    heap fetches before, 2-3 ms after), and statistics that know the tables' sizes."""
    connection = connections[environment.domain_alias()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
