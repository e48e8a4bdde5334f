"""`manage.py seed_demo`: the documented demo events, users and OAuth2 application.

The data itself is built by `racing.demo`; this command only reads options and reports.
A run that would change nothing is skipped cheaply (racing/seed_fingerprint.py).
"""
import math

from django.core.management.base import BaseCommand, CommandError

from racing import demo, seed_fingerprint


class ProgressBar:
    """A one-line text bar on stderr, redrawn in place with `\\r` only when it changes, so
    a 100k-entry seed does not flood a log with thousands of lines."""

    width = 30

    def __init__(self, stream, enabled):
        self.stream = stream
        self.enabled = enabled
        self.shown = None
        self.length = 0

    def __call__(self, done, total, label):
        if not self.enabled:
            return
        fraction = done / total if total else 1.0
        filled = int(fraction * self.width)
        state = (filled, int(fraction * 100), label)
        if state == self.shown:
            return
        self.shown = state
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {int(fraction * 100):3d}% {label}"
        self.stream.write("\r" + line.ljust(self.length), style_func=lambda text: text, ending="")
        self.stream.flush()
        self.length = len(line)

    def close(self):
        if self.enabled and self.shown is not None:
            self.stream.write("", style_func=lambda text: text)


class ProgressLines:
    """Progress for a log or a pipe: a whole line at each tenth of the work, never `\\r`."""

    step = 10

    def __init__(self, stream, enabled):
        self.stream = stream
        self.enabled = enabled
        self.next = self.step

    def __call__(self, done, total, label):
        percent = int(done * 100 / total) if total else 100
        if not self.enabled or percent < self.next:
            return
        self.next = (percent // self.step + 1) * self.step
        self.stream.write(f"  demo data {percent:3d}% built ({label})", style_func=lambda text: text)
        self.stream.flush()

    def close(self):
        pass


def progress_for(stream, enabled):
    """A bar redrawn in place on a terminal, whole lines anywhere else."""
    return (ProgressBar if stream.isatty() else ProgressLines)(stream, enabled)


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
        bar = progress_for(self.stderr, enabled=verbosity > 0)
        try:
            summary = demo.seed(scale=scale, reset=reset, progress=bar)
        finally:
            bar.close()
        if summary.state != "different":
            seed_fingerprint.remember(scale, summary.entries)
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
