"""Derived results: times with penalty, bracket membership and ranks.

Called once whenever a race's timing data changes (upload, demo data), so that reading
results is a plain indexed query. Ranks come from SQL window functions.
"""
from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Rank, RowNumber

from ctlive import environment

from .models import Bracket, BracketRank, Entry, Result

UNRANKED_STATUSES = (Entry.Status.DID_NOT_START, Entry.Status.DID_NOT_FINISH, Entry.Status.DISQUALIFIED)


def bracket_member_filter(bracket, prefix=""):
    """A filter selecting the members of a bracket; `prefix` is the path to Entry ("entry__")."""
    if bracket.bracket_type == Bracket.Type.OPEN:
        return Q()
    if bracket.bracket_type in (Bracket.Type.ELITE, Bracket.Type.OTHER):
        return Q(**{f"{prefix}explicit_brackets": bracket})
    rule = Q()
    if bracket.sex:
        rule &= Q(**{f"{prefix}athlete__sex": bracket.sex})
    if bracket.bracket_type == Bracket.Type.AGE:
        if bracket.min_age is not None:
            rule &= Q(**{f"{prefix}race_age__gte": bracket.min_age})
        if bracket.max_age is not None:
            rule &= Q(**{f"{prefix}race_age__lte": bracket.max_age})
    return rule


def update_durations(race_id):
    """Net (chip) and gun durations, with and without penalty, in one UPDATE."""
    Result.objects.filter(entry__race_id=race_id).update(
        net_seconds=F("end_chip_time") - F("begin_chip_time"),
        gun_seconds=F("end_chip_time") - F("gun_start_time"),
        net_with_penalty=F("end_chip_time") - F("begin_chip_time") + F("penalty_seconds"),
        gun_with_penalty=F("end_chip_time") - F("gun_start_time") + F("penalty_seconds"),
    )


def assign_primary_brackets(race_id, brackets):
    """Each entry's primary bracket: its age bracket, else the race's open bracket."""
    entries = Entry.objects.filter(race_id=race_id)
    open_brackets = [b for b in brackets if b.bracket_type == Bracket.Type.OPEN]
    entries.update(primary_bracket=open_brackets[0] if open_brackets else None)
    for bracket in brackets:
        if bracket.bracket_type == Bracket.Type.AGE:
            entries.filter(bracket_member_filter(bracket)).update(primary_bracket=bracket)


def bracket_ranks(bracket):
    """BracketRank rows for one bracket over every interval, ranked by chip time with penalty."""
    is_ranked = Q(net_with_penalty__isnull=False, entry__is_test=False) & ~Q(entry__status__in=UNRANKED_STATUSES)
    unranked_last = Case(When(is_ranked, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = (
        Result.objects.filter(entry__race_id=bracket.race_id)
        .filter(bracket_member_filter(bracket, prefix="entry__"))
        .annotate(
            unranked=unranked_last,
            place=Window(RowNumber(), partition_by=[F("interval_id")],
                         order_by=[unranked_last.asc(), F("net_with_penalty").asc(), F("entry_id").asc()]),
            competition_rank=Window(Rank(), partition_by=[F("interval_id"), unranked_last],
                                    order_by=[F("net_with_penalty").asc()]),
        )
        .values_list("id", "interval_id", "unranked", "place", "competition_rank", "entry__is_test")
    )
    return [
        BracketRank(bracket=bracket, interval_id=interval_id, result_id=result_id,
                    rank=None if unranked else competition_rank, position=place, entry_is_test=is_test)
        for result_id, interval_id, unranked, place, competition_rank, is_test in rows
    ]


def recompute_race(race_id):
    """Bring every derived result of a race up to date with its timing data."""
    with environment.atomic():
        brackets = list(Bracket.objects.filter(race_id=race_id))
        update_durations(race_id)
        assign_primary_brackets(race_id, brackets)
        BracketRank.objects.filter(bracket__race_id=race_id).delete()
        for bracket in brackets:
            BracketRank.objects.bulk_create(bracket_ranks(bracket), batch_size=5000)
