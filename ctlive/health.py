"""`/healthz` (the process answers) and `/readyz` (it can serve: database, cache and a job
worker seen lately), for load balancers, container health checks and orchestrators.

Both are JSON and need no authentication; /readyz costs a `SELECT 1` per database and
a write, read and delete in the shared cache.
The job worker proves it is alive by a heartbeat in the shared cache (`beat`), written
while it waits for jobs and after every chunk it applies.
"""
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

HEARTBEAT_KEY = "ctlive:job-worker:heartbeat"
logger = logging.getLogger(__name__)


def beat(worker):
    """Records that `worker` (a job worker) is alive now."""
    cache.set(HEARTBEAT_KEY, {"worker": worker, "at": time.time()}, timeout=settings.JOB_WORKER_HEARTBEAT_SECONDS * 10)


def check_databases():
    """Every configured database (accounts and each environment's domain data) answers."""
    for alias in settings.DATABASES:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    return {"ok": True}


def check_cache():
    probe = f"ctlive:readyz:{time.monotonic_ns()}"
    cache.set(probe, "1", timeout=5)
    found = cache.get(probe) == "1"
    cache.delete(probe)
    return {"ok": found}


def check_job_worker():
    last = cache.get(HEARTBEAT_KEY)
    if last is None:
        return {"ok": False, "detail": "no job worker has been seen"}
    age = round(time.time() - last["at"], 1)
    return {"ok": age <= settings.JOB_WORKER_HEARTBEAT_SECONDS, "seconds_since_heartbeat": age,
            "worker": last["worker"]}


CHECKS = {"database": check_databases, "cache": check_cache, "job_worker": check_job_worker}


def run(check):
    try:
        return check()
    except Exception as problem:  # a readiness probe reports what failed instead of failing itself
        logger.warning("readiness check %s failed", check.__name__, exc_info=True)
        return {"ok": False, "detail": type(problem).__name__}  # the message may name hosts: logged only


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {name: run(check) for name, check in CHECKS.items()}
    ready = all(result["ok"] for result in checks.values())
    return JsonResponse({"status": "ready" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
