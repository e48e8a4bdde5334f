"""`manage.py migrate` sets up both environments' databases: without `--database` it
migrates `default` (accounts and production's domain data), then `testing` (testing's
domain data only; the router keeps every other table out of it)."""
from django.core.management.commands import migrate

from ctlive import environment


class Command(migrate.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=None)  # None: both; a named database (as tests name it): that one

    def execute(self, *args, **options):
        if options["database"] is not None:
            return super().execute(*args, **options)
        for alias in dict.fromkeys(environment.ALIASES.values()):
            if options["verbosity"] > 0 and alias != "default":
                self.stdout.write(self.style.MIGRATE_HEADING(f"Database {alias!r} (the testing environment):"))
            super().execute(*args, **{**options, "database": alias})
