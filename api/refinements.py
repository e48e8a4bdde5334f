"""Resource-specific list parameters: test flags, and the interval and bracket of results."""
from django.db.models import Exists, Q, Value

from racing.models import Bracket, EventGrant, Interval, Result

from .numerals import parse_id
from .params import flag


def refine_events(queryset, params, context):
    """Test events are hidden unless asked for, except from accounts that see nothing else
    (the shared docs account would otherwise get an empty list)."""
    if flag(params, "include_test_events"):
        return queryset
    sees_real_events = Exists(EventGrant.objects.filter(user_id=context.user, event__is_test=False))
    return queryset.filter(Q(is_test=False) | ~sees_real_events)


def index_false():
    """False as a compared value: `flag = false` lets SQLite use an index on the flag, where
    the `NOT flag` that Django writes for a plain False cannot."""
    return Value(False)


def refine_entries(queryset, params, context):
    if flag(params, "include_test_entries"):
        return queryset
    return queryset.filter(is_test=index_false())


def _chosen_intervals(value):
    if value.upper() == "ALL":
        return Q()
    if parse_id(value) is not None:
        return Q(id=parse_id(value))
    return Q(name__iexact=value)


def _chosen_brackets(value):
    if parse_id(value) is not None:
        return Q(id=parse_id(value))
    if value.upper() in Bracket.Type.values:
        return Q(bracket_type=value.upper())
    return Q(name__iexact=value)


# For each parent of results: (bracket filter, interval filter, row filter) for its id.
RESULTS_SCOPES = {
    "event": lambda pk: (Q(race__event_id=pk), Q(race__event_id=pk), Q()),
    "race": lambda pk: (Q(race_id=pk), Q(race_id=pk), Q()),
    "bracket": lambda pk: (Q(id=pk), Q(race__brackets=pk), Q()),
    "interval": lambda pk: (Q(race__intervals=pk), Q(id=pk), Q()),
    "entry": lambda pk: (Q(race__entries=pk), Q(race__entries=pk),
                         Q(result_id__in=Result.objects.filter(entry_id=pk).values("id"))),
}


def refine_results(queryset, params, context):
    """Results rows of the parent, by default the full course ranked overall.

    `interval` and `bracket` choose otherwise, except where the path fixes one. The parent,
    the choices and the publishing flag fold into one bracket subquery and one interval
    subquery on BracketRank's own columns, so a page is one range of the ranking index.
    """
    brackets, intervals, rows = RESULTS_SCOPES[context.parent_segment](context.parent_id)
    interval = params.get("interval", "").strip()
    bracket = params.get("bracket", "").strip()
    if context.parent_segment != "interval":
        intervals &= _chosen_intervals(interval) if interval else Q(is_full=True)
    if context.parent_segment != "bracket":
        brackets &= _chosen_brackets(bracket) if bracket else Q(bracket_type=Bracket.Type.OPEN)
    if not flag(params, "include_not_wants_results"):
        brackets &= Q(race__wants_results=True)
    queryset = queryset.filter(rows,
                               bracket_id__in=Bracket.objects.filter(brackets).values("id"),
                               interval_id__in=Interval.objects.filter(intervals).values("id"))
    if not flag(params, "include_test_entries"):
        queryset = queryset.filter(entry_is_test=index_false())
    return queryset
