"""`manage.py prepare_run`: what `make run` does before it serves, in one process, since
every Django start costs a second or more on a small machine: migrate the database, then
build the demo data or find it already there, then make the testing environment's first
copy of it, each stage announced on a line of its own."""
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, then build (or check) the demo data, saying what each stage does: `make run`'s preparation."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="The demo data's scale (see seed_demo).")

    def handle(self, *args, scale, verbosity, **options):
        self.stdout.write("==> Migrating the database")
        call_command("migrate", interactive=False, verbosity=verbosity)
        self.stdout.write("==> Building the demo data (the first time only: about a minute at scale 1)")
        self.stdout.flush()
        call_command("seed_demo", scale=scale, verbosity=verbosity)
        self.stdout.write("==> Copying the demo data into the testing environment (the first time only)")
        self.stdout.flush()
        call_command("refresh_testing", if_never_refreshed=True, verbosity=verbosity)
