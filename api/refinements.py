"""Resource-specific list parameters: test flags, and the interval and bracket of results."""
from django.db.models import Exists, Q

from racing.models import Bracket, EventGrant

from .params import flag


def refine_events(queryset, params, context):
    """Test events are hidden unless asked for, except from accounts that see nothing else
    (the shared docs account would otherwise get an empty list)."""
    if flag(params, "include_test_events"):
        return queryset
    sees_real_events = Exists(EventGrant.objects.filter(user_id=context.caller.user_id, event__is_test=False))
    return queryset.filter(Q(is_test=False) | ~sees_real_events)


def refine_entries(queryset, params, context):
    if flag(params, "include_test_entries"):
        return queryset
    return queryset.filter(is_test=False)


def _interval_filter(value):
    if value.upper() == "ALL":
        return Q()
    if value.isdigit():
        return Q(interval_id=int(value))
    return Q(interval__name__iexact=value)


def _bracket_filter(value):
    if value.isdigit():
        return Q(bracket_id=int(value))
    if value.upper() in Bracket.Type.values:
        return Q(bracket__bracket_type=value.upper())
    return Q(bracket__name__iexact=value)


def refine_results(queryset, params, context):
    """Default: the full course ranked overall; `interval` and `bracket` choose otherwise.

    On `/api/interval/{id}/results` and `/api/bracket/{id}/results` the path already
    fixes that dimension, so only the other one defaults.
    """
    parent = context.parent_segment
    interval = params.get("interval", "").strip()
    bracket = params.get("bracket", "").strip()
    if parent != "interval":
        queryset = queryset.filter(_interval_filter(interval) if interval else Q(interval__is_full=True))
    if parent != "bracket":
        queryset = queryset.filter(_bracket_filter(bracket) if bracket else Q(bracket__bracket_type=Bracket.Type.OPEN))
    if not flag(params, "include_test_entries"):
        queryset = queryset.filter(result__entry__is_test=False)
    if not flag(params, "include_not_wants_results"):
        queryset = queryset.filter(bracket__race__wants_results=True)
    return queryset
