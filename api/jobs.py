"""Bulk writes in the background (SPEC §2: 202 Accepted and `/api/job/{id}`).

The Job table is the queue. A worker (`manage.py job_worker`) claims a job with a lease
it renews as it goes; a job whose worker died is claimed again once the lease runs out.
Entities are applied a chunk at a time, and each chunk's writes, its per-entity replies
(one JobChunk) and the job's progress commit in one transaction, which first checks that the
lease is still this worker's: a chunk is therefore applied exactly once, whatever is
killed when.
"""
import datetime
import logging
import os
import socket

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctlive import environment, health
from racing import ranking

from .errors import not_found
from .models import Job, JobChunk
from .registry import registry

logger = logging.getLogger(__name__)  # "api.jobs": the worker's progress lines
SEGMENT = "job"


def enqueue(user_id, resource, collection, parent_id, entities):
    """Stores the work; the reply is the job as GET /api/job/{id} shows it."""
    job = Job.objects.create(owner_id=user_id, environment=environment.current(), resource=resource.segment,
                             parent=collection.parent if collection else "", parent_id=parent_id,
                             entities=entities, total=len(entities), language=translation.get_language())
    return job


def describe(job, with_results):
    """The job as the API shows it: strings, like every other entity."""
    body = {
        "job_id": str(job.pk),
        "job_status": job.status,
        "job_total": str(job.total),
        "job_done": str(job.done),
        "job_progress": f"{job.done}/{job.total}",
        "job_created": str(int(job.created.timestamp())),
        "job_finished": str(int(job.finished.timestamp())) if job.finished else "",
        "job_error": job.error,
    }
    if with_results and job.status == Job.Status.DONE:
        body["results"] = recorded_replies(job)
    return body


def read(job_id, user_id):
    """GET /api/job/{id}: only the job's owner sees it; anyone else gets the same 404."""
    job = Job.objects.filter(pk=job_id, owner_id=user_id).defer("entities").first()  # the payload is not shown
    if job is None:
        raise not_found(_("No job with id %(id)s is visible to you.") % {"id": job_id})
    return describe(job, with_results=True)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_end():
    return timezone.now() + datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def claim(worker):
    """The next job of either environment (each keeps its jobs beside its own data), leased
    to `worker`; it is then run in its environment (`run`)."""
    for name in environment.NAMES:
        with environment.using(name):
            job = claim_here(worker)
        if job is not None:
            return job
    return None


def claim_here(worker):
    """The next queued job of the current environment, or one whose worker's lease ran out,
    now leased to `worker`."""
    now = timezone.now()
    candidates = Job.objects.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).order_by("pk")
    for pk, status, lease in candidates.values_list("pk", "status", "lease_until"):
        if status == Job.Status.RUNNING and lease and lease > now:
            continue
        claimed = Job.objects.filter(pk=pk, status=status, lease_until=lease).update(
            status=Job.Status.RUNNING, worker=worker, lease_until=lease_end(), started=now)
        if claimed:
            return Job.objects.get(pk=pk)
    return None


def recorded_replies(job):
    """The replies of the entities applied so far, in the order they were sent."""
    return [reply for replies in job.chunks.order_by("start").values_list("replies", flat=True) for reply in replies]


def entries_written(job, replies):
    """The entries whose ranks the recorded replies of a job may have changed."""
    resource = registry.get(job.resource)
    ids = [int(reply[resource.id_field]) for reply in replies if str(reply.get(resource.id_field, "")).isdigit()]
    if resource.segment == "results":
        return ids
    return resource.ranked_entries(ids, None) if resource.ranked_entries and ids else ()


class LeaseLost(Exception):
    """Another worker holds the job now: this one must stop without committing."""


def run_chunk(job, worker, start, entities):
    from .write_handlers import run_post

    resource = registry.get(job.resource)
    collection = resource.collection_under(job.parent) if job.parent else None
    with environment.atomic():
        still_mine = Job.objects.filter(pk=job.pk, worker=worker).update(
            lease_until=lease_end(), done=start + len(entities))
        if not still_mine:
            raise LeaseLost(job.pk)
        replies = run_post(resource, collection, job.parent_id, entities, job.owner_id)
        JobChunk.objects.create(job_id=job.pk, start=start, replies=replies)


def run(job, worker):
    """Applies the entities not yet recorded, chunk by chunk, then marks the job done; the
    replies' messages are in the language of the request that queued the job."""
    with environment.using(job.environment), translation.override(job.language):
        apply_remaining(job, worker)


def apply_remaining(job, worker):
    """Chunk by chunk; the ranks of the races written are recomputed once, at the end (also
    those of chunks a previous worker applied)."""
    start = job.done  # committed with the chunks' replies, so it counts exactly those applied
    size = settings.JOB_CHUNK_ENTITIES
    log_progress("job started", job, worker, start)
    try:
        with ranking.deferred():
            if start:
                ranking.refresh_entries(entries_written(job, recorded_replies(job)))
            while start < job.total:
                run_chunk(job, worker, start, job.entities[start:start + size])
                start += size
                log_progress("job progress", job, worker, min(start, job.total))
    except LeaseLost:
        logger.warning("job %s: lease lost to another worker", job.pk, extra={"job_id": job.pk, "worker": worker})
        return
    except Exception as problem:  # the job fails visibly instead of being retried forever
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk, worker=worker).update(status=Job.Status.FAILED, error=str(problem),
                                                           finished=timezone.now())
        return
    Job.objects.filter(pk=job.pk, worker=worker).update(status=Job.Status.DONE, finished=timezone.now(),
                                                       done=job.total)
    log_progress("job done", job, worker, job.total)


def log_progress(what, job, worker, done):
    """One structured line per chunk (README "Operations"); each also renews the worker's heartbeat."""
    health.beat(worker)
    fields = {"job_id": job.pk, "worker": worker, "resource": job.resource, "done": done, "total": job.total}
    logger.info("%s: job %s %s/%s entities for /api/%s", what, job.pk, done, job.total, job.resource, extra=fields)
