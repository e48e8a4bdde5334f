"""Resource-specific list parameters: test flags, and the interval and bracket of results.

A list statement is compiled once per shape (api/prepared.py), so what enters its SQL is
only the shape of these parameters (a flag's truth, whether `interval` is an id, a name
or ALL); ids and names are Slots that take the request's values, and no client can fill
the statement memory with values.
"""
from django.db.models import CharField, Exists, Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from racing.models import Bracket, EventGrant, Interval, Result

from .numerals import parse_id
from .params import flag
from .prepared import Slot
from .sql_terms import AmongIds, FalseLiteral

INTERVAL_ID, INTERVAL_NAME = Slot("interval_id"), Slot("interval_name", CharField())
BRACKET_ID, BRACKET_NAME = Slot("bracket_id"), Slot("bracket_name", CharField())


def interval_choice(text):
    """(shape, slot values) of an `interval` value."""
    if not text:
        return "full course", {}
    if text.upper() == "ALL":
        return "all", {}
    if parse_id(text) is not None:
        return "id", {"interval_id": parse_id(text)}
    return "name", {"interval_name": text}


def bracket_choice(text):
    """(shape, slot values) of a `bracket` value; a type (five of them) is its own shape."""
    if not text:
        return "open", {}
    if parse_id(text) is not None:
        return "id", {"bracket_id": parse_id(text)}
    if text.upper() in Bracket.Type.values:
        return f"type {text.upper()}", {}
    return "name", {"bracket_name": text}


CHOICES = {"interval": interval_choice, "bracket": bracket_choice}


def shape_of(resource, params):
    """(shape, slot values) of the resource's own parameters present in the request: flags
    by their truth, choices by their kind."""
    shape, values = [], {}
    for parameter in resource.parameters:
        if parameter.name not in params:
            continue
        if parameter.name in CHOICES:
            kind, slot_values = CHOICES[parameter.name](params[parameter.name].strip())
            shape.append((parameter.name, kind))
            values.update(slot_values)
        else:
            shape.append((parameter.name, flag(params, parameter.name)))
    return tuple(shape), values


def refine_events(queryset, params, context):
    """Test events are hidden unless asked for, except from accounts that see nothing else
    (the shared docs account would otherwise get an empty list)."""
    if params.get("include_test_events"):
        return queryset
    sees_real_events = Exists(EventGrant.objects.filter(user_id=context.user, event__is_test=False))
    return queryset.filter(Q(is_test=False) | ~sees_real_events)


def index_false():
    """False as a compared value: `flag = false` lets SQLite use an index on the flag, where
    the `NOT flag` that Django writes for a plain False cannot."""
    return FalseLiteral()


def refine_entries(queryset, params, context):
    if params.get("include_test_entries"):
        return queryset
    return queryset.filter(is_test=index_false())


def same_name(slot):
    """`name` equal to the slot's value, case aside (a Slot compared by `iexact` would be
    prepared as a text before it has its value)."""
    return Q(Exact(Lower("name"), Lower(slot)))


def _chosen_intervals(kind):
    return {"full course": Q(is_full=True), "all": Q(), "id": Q(id=INTERVAL_ID),
            "name": same_name(INTERVAL_NAME)}[kind]


def _chosen_brackets(kind):
    if kind.startswith("type "):
        return Q(bracket_type=kind.removeprefix("type "))
    return {"open": Q(bracket_type=Bracket.Type.OPEN), "id": Q(id=BRACKET_ID),
            "name": same_name(BRACKET_NAME)}[kind]


# For each parent of results: (bracket filter, interval filter, row filter) for its id.
RESULTS_SCOPES = {
    "event": lambda pk: (Q(race__event_id=pk), Q(race__event_id=pk), Q()),
    "race": lambda pk: (Q(race_id=pk), Q(race_id=pk), Q()),
    "bracket": lambda pk: (Q(id=pk), Q(race__brackets=pk), Q()),
    "interval": lambda pk: (Q(race__intervals=pk), Q(id=pk), Q()),
    "entry": lambda pk: (Q(race__entries=pk), Q(race__entries=pk),
                         Q(AmongIds("result_id", Result.objects.filter(entry_id=pk).values("id")))),
}


def refine_results(queryset, params, context):
    """Results rows of the parent, by default the full course ranked overall.

    `interval` and `bracket` choose otherwise, except where the path fixes one. The parent,
    the choices and the publishing flag fold into one bracket subquery and one interval
    subquery on BracketRank's own columns, so a page is one range of the ranking index.
    """
    brackets, intervals, rows = RESULTS_SCOPES[context.parent_segment](context.parent_id)
    if context.parent_segment != "interval":
        intervals &= _chosen_intervals(params.get("interval", "full course"))
    if context.parent_segment != "bracket":
        brackets &= _chosen_brackets(params.get("bracket", "open"))
    if not params.get("include_not_wants_results"):
        brackets &= Q(race__wants_results=True)
    queryset = queryset.filter(rows)
    # An entry's few rows are found by its results; their bracket and interval are then
    # only checked. Read from the ranking index instead (as SQLite chose without fresh
    # statistics), they took the whole range of the entry's race: 46 ms at 100,000 entries.
    indexed = context.parent_segment != "entry"
    if not context.within_partition:  # a partition's bracket and interval were found under these
        queryset = queryset.filter(
            AmongIds("bracket_id", Bracket.objects.filter(brackets).values("id"), indexed=indexed),
            AmongIds("interval_id", Interval.objects.filter(intervals).values("id"), indexed=indexed))
    if not params.get("include_test_entries"):
        queryset = queryset.filter(entry_is_test=index_false())
    return queryset
