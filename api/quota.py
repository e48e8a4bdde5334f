"""Daily request quota per application (SPEC §5: an application over its limit gets a 403).

Each authenticated API request adds one to a shared counter (api/counters.py) keyed by
application and UTC day, so every server process adds to the same number and the count
starts again at midnight UTC. The limit is `API_DAILY_QUOTA`, unless the application's
policy sets its own.
"""
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from api import counters
from api.auth.schemes import APPLICATION_MEMO_SECONDS
from api.errors import ApiError
from api.models import ApplicationPolicy

DAY_SECONDS = 86400


def daily_limit(application_id):
    """The application's own quota if its policy sets one, else the site-wide default.
    The override is remembered in this process as long as the application lookup is."""
    key = f"api-quota-override:{application_id}"
    remembered = caches["local"].get(key)
    if remembered is None:
        override = (ApplicationPolicy.objects.filter(application_id=application_id)
                    .values_list("daily_quota", flat=True).first())
        remembered = (override,)
        caches["local"].set(key, remembered, APPLICATION_MEMO_SECONDS)
    override = remembered[0]
    return settings.API_DAILY_QUOTA if override is None else override


def _counter_key(application_id, day):
    return f"api-quota:{application_id}:{day}"


def used_today(application_id):
    """Requests counted so far in the current UTC day."""
    day = int(time.time() // DAY_SECONDS)
    return caches["default"].get(_counter_key(application_id, day), 0)


def over_quota(limit, resets_at, now):
    iso = datetime.fromtimestamp(resets_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ApiError(
        403, "over_quota",
        _("This application has used its quota of %(limit)s requests for today; it resets at %(iso)s "
          "(epoch %(epoch)s).") % {"limit": limit, "iso": iso, "epoch": resets_at},
        details={"limit": limit, "resets_at": resets_at, "resets_at_iso": iso},
        headers={"Retry-After": str(max(1, resets_at - int(now)))},
    )


def count_request(application_id):
    """Counts one request of the application; a 403 once it is over today's limit."""
    now = time.time()
    day = int(now // DAY_SECONDS)
    resets_at = (day + 1) * DAY_SECONDS
    used = counters.increment(_counter_key(application_id, day), resets_at - int(now) + 60)
    limit = daily_limit(application_id)
    if used > limit:
        raise over_quota(limit, resets_at, now)
