"""`manage.py refresh_testing`: the testing environment becomes a copy of production."""
from django.core.management.base import BaseCommand

from racing import refresh
from racing.progress import progress_for


class Command(BaseCommand):
    help = ("Replace the testing environment's events, races, entries, results and timing data with a "
            "consistent copy of production's, while both keep serving (testing's readers see the old copy "
            "until the new one is complete). The job worker runs it nightly at TESTING_REFRESH_AT.")

    def add_arguments(self, parser):
        parser.add_argument("--if-never-refreshed", action="store_true",
                            help="only when testing has never been refreshed (make run: a first copy, kept after)")

    def handle(self, *args, verbosity, if_never_refreshed, **options):
        if if_never_refreshed and refresh.last_refreshed() is not None:
            if verbosity > 0:
                self.stdout.write(f"Testing was refreshed at {refresh.last_refreshed():%Y-%m-%d %H:%M} UTC; left as it is.")
            return
        bar = progress_for(self.stderr, enabled=verbosity > 0, subject="testing copy")
        try:
            record = refresh.refresh(progress=lambda done, total, table: bar(done, total, table))
        finally:
            bar.close()
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(
                f"Testing refreshed from production in {record.seconds:.1f} s: {record.rows:,} rows copied."))
