"""`manage.py job_worker`: runs queued bulk-write jobs (api/jobs.py) until stopped, and
every API_LOG_PURGE_SECONDS deletes request-log rows past their retention (support)."""
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from api import jobs
from ctlive import health
from racing import refresh
from support import request_log


class Command(BaseCommand):
    help = ("Run queued API jobs (202 Accepted bulk writes) of both environments, and the nightly refresh of "
            "testing at TESTING_REFRESH_AT. Safe to run several at once and to kill at any time.")

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=float, default=0.5, help="seconds between looks at the queue")
        parser.add_argument("--once", action="store_true", help="run what is queued now, then exit")

    def handle(self, *args, poll, once, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        worker = jobs.worker_name()
        next_purge = beaten = 0.0
        while not stopping:
            if time.monotonic() - beaten > settings.JOB_WORKER_HEARTBEAT_SECONDS / 3:
                health.beat(worker)  # /readyz: a worker is waiting for jobs
                beaten = time.monotonic()
            if time.monotonic() >= next_purge:
                purged = request_log.purge()
                if purged and options["verbosity"] > 0:
                    self.stdout.write(f"request log: {purged} rows past retention deleted")
                next_purge = time.monotonic() + settings.API_LOG_PURGE_SECONDS
            job = jobs.claim(worker)
            if job is not None:
                if options["verbosity"] > 0:
                    self.stdout.write(f"job {job.pk} ({job.environment}): {job.total} entities for {job.resource}")
                jobs.run(job, worker)
                continue
            if once:
                return
            refreshed = refresh.run_nightly()
            if refreshed is not None and options["verbosity"] > 0:
                self.stdout.write(f"testing refreshed from production: {refreshed.rows} rows")
            time.sleep(poll)
