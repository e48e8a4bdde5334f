"""Demo data: a city marathon, a triathlon, a trail race and two API test events.

Used by `manage.py seed_demo` for the documentation site, the test suite (scale 0.01)
and benchmarks (scale 5). Everything is derived from fixed seeds and fixed dates, so the
same scale always produces the same rows (apart from primary keys and `modified`).

Building happens in three steps per race: plan every entry in plain Python (athlete,
status, crossing times), write the rows with `bulk_create`, then let
`racing.ranking.recompute_race` derive durations and ranks like any timing upload would.

The scenario is data (scenario.json, names.json); `scenario` and `specs` read it, `people`
and `simulation` plan each race in plain Python, `inserts` writes it, `accounts` keeps the
demo accounts in line with the settings. This module is the public surface.
"""
import time
from dataclasses import dataclass

from django.db import transaction

from .. import models as m
from .accounts import DEMO_REDIRECT_URI, ensure_accounts
from .inserts import Progress, build_event, delete_demo, demo_events, seeded_state
from .scenario import DEMO_EVENT_NAMES, EVENTS, TEST_EVENT_NAMES
from .simulation import expected_entries

__all__ = ["DEMO_EVENT_NAMES", "DEMO_REDIRECT_URI", "TEST_EVENT_NAMES", "Summary", "expected_entries", "seed"]


@dataclass
class Summary:
    state: str  # "built", "already seeded" or "different"
    scale: float
    events: int = 0
    races: int = 0
    entries: int = 0
    results: int = 0
    ranks: int = 0
    deleted_events: int = 0
    seconds: float = 0.0


def seed(scale=1.0, reset=False, progress=None):
    """Build the demo data unless demo events already exist; accounts are brought in line
    with the settings every time.

    Existing demo events that do not match this scale (another --scale, or entries added
    and removed through the API by docs visitors) are left alone rather than failing, so
    that a deployment can run the command on every start; `reset` rebuilds them.
    """
    began = time.monotonic()
    summary = Summary(state="built", scale=scale)
    with transaction.atomic():
        state = seeded_state(scale)
        if state != "absent" and not reset:
            summary.state = "already seeded" if state == "same" else "different"
        else:
            summary.deleted_events = delete_demo() if reset else 0
            counters = {"events": 0, "races": 0, "entries": 0, "results": 0}
            tracker = Progress(3 * sum(expected_entries(scale).values()), progress)
            for spec in EVENTS:
                build_event(spec, scale, tracker, counters)
        ensure_accounts()
    events = demo_events()
    summary.events = events.count()
    summary.races = m.Race.objects.filter(event__in=events).count()
    summary.entries = m.Entry.objects.filter(event__in=events).count()
    summary.results = m.Result.objects.filter(entry__event__in=events).count()
    summary.ranks = m.BracketRank.objects.filter(bracket__race__event__in=events).count()
    summary.seconds = time.monotonic() - began
    return summary
