"""The test events every account may use: what the shared test account of the docs console
sees, readable by every developer in both environments and writable in testing.

Access is a grant per event (EventGrant), made in each environment's database: read-only in
production, read and write in testing (`refresh_testing` keeps it so after each copy).
"""
from ctlive import environment

from .models import Event, EventGrant


def grant_test_events(user):
    """Gives `user` the test events in both environments (nothing changes when they have them)."""
    for name in environment.NAMES:
        with environment.using(name), environment.atomic():
            events = Event.objects.filter(is_test=True).values_list("pk", flat=True)
            held = set(EventGrant.objects.filter(user_id=user.pk, event_id__in=events).values_list("event_id", flat=True))
            EventGrant.objects.bulk_create([EventGrant(user_id=user.pk, event_id=event_id,
                                                       can_write=name == environment.TESTING)
                                            for event_id in events if event_id not in held])
