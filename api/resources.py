"""Declarations of every API resource (SPEC §2, §3). One edit here changes the API, the
reference docs, the console and the OpenAPI document together."""
from django.db.models import Exists, OuterRef, Q

from racing import models as m
from racing import timing

from .memberships import add_group_members
from .refinements import refine_entries, refine_events, refine_results
from .registry import Collection, Field, Parameter, Resource, registry
from .results_upload import upload_results

RACE_TYPES = tuple(m.Race.Type.values)
ENTRY_STATUSES = tuple(m.Entry.Status.values)
BRACKET_TYPES = tuple(m.Bracket.Type.values)
CHECKPOINT_TYPES = tuple(m.TimingPoint.CheckpointType.values)
SEXES = tuple(m.Sex.values)
DISTANCE_UNITS = tuple(m.Race.DistanceUnit.values)


def races_of(model):
    """The races whose ranks change when these entities change (brackets)."""
    return lambda ids: set(model.objects.filter(pk__in=ids).values_list("race_id", flat=True))


# What an entry's ranks depend on: its race, status, test flag, age and the athlete's sex.
ENTRY_RANKING = {"race_id", "status", "is_test", "race_age", "athlete__sex"}


def entries_ranked(ids, changed):
    """New entries (their primary bracket) and entries whose ranking attributes changed."""
    return ids if changed is None or changed & ENTRY_RANKING else ()


def entries_of_athletes(ids, changed):
    """An athlete's sex decides their sex and age brackets in every race they entered."""
    if changed is not None and "sex" not in changed:
        return ()
    return m.Entry.objects.filter(athlete_id__in=ids).values_list("pk", flat=True)


def location_fields(prefix=""):
    """The postal address fields shared by athletes and entries."""
    return (
        Field("location_street", "string", "Street address.", f"{prefix}location_street", writable=True),
        Field("location_street2", "string", "Second line of the street address.", f"{prefix}location_street2",
              writable=True),
        Field("location_city", "string", "City.", f"{prefix}location_city", writable=True),
        Field("location_region", "string", "State, province or region code.", f"{prefix}location_region",
              writable=True),
        Field("location_postal_code", "string", "Postal or ZIP code.", f"{prefix}location_postal_code",
              writable=True),
        Field("location_country", "string", "Country code (ISO 3166 alpha-3 or alpha-2).",
              f"{prefix}location_country", writable=True),
    )


def athlete_fields(prefix=""):
    return (
        Field("athlete_id", "resource_id", "The athlete's identifier.", f"{prefix}id" if prefix else "id"),
        Field("athlete_first_name", "string", "Given name.", f"{prefix}first_name", writable=True),
        Field("athlete_last_name", "string", "Family name.", f"{prefix}last_name", writable=True),
        Field("athlete_sex", "enum", "Sex used for ranking: M or F.", f"{prefix}sex", writable=True, choices=SEXES),
        Field("athlete_birthdate", "date", "Date of birth.", f"{prefix}birthdate", writable=True),
        Field("athlete_email", "string", "Email address.", f"{prefix}email", writable=True),
        Field("athlete_home_phone", "string", "Home telephone number.", f"{prefix}home_phone", writable=True),
        Field("athlete_mobile_phone", "string", "Mobile telephone number.", f"{prefix}mobile_phone", writable=True),
    )


def modified_field(name, source="modified"):
    return Field(name, "epoch_time", "When this entity last changed; filter with modified_after/modified_before.",
                 source)


INCLUDE_TEST_EVENTS = Parameter(
    "include_test_events", "boolean",
    "Also list events flagged as tests. Accounts that can only see test events always see them.", "0")
INCLUDE_TEST_ENTRIES = Parameter("include_test_entries", "boolean", "Also return entries flagged as tests.", "0")
INCLUDE_NOT_WANTS_RESULTS = Parameter(
    "include_not_wants_results", "boolean", "Also return results of races that do not publish results.", "0")


registry.register(Resource(
    segment="event", title="Event", model=m.Event, envelope="event", id_field="event_id",
    top_level_envelope="event", event_lookup="id",
    description=(
        "An event is one race day or race weekend: a marathon festival, a triathlon, a trail "
        "series stage. It holds races, entries, timing points and groups. The list at "
        "`/api/event` holds every event your account has been granted."
    ),
    parameters=(INCLUDE_TEST_EVENTS,),
    refine=refine_events,
    required=("event_name",),
    fields=(
        Field("event_id", "resource_id", "The event's identifier.", "id"),
        Field("event_name", "string", "Public name of the event.", "name", writable=True),
        Field("event_description", "text", "Longer description, may span lines.", "description", writable=True),
        Field("event_start_time", "epoch_time", "When the event begins.", "start_time", writable=True),
        Field("event_end_time", "epoch_time", "When the event ends.", "end_time", writable=True),
        Field("event_site_uri", "string", "Web address of the event's own site.", "site_uri", writable=True),
        Field("event_is_published", "boolean", "Whether the event is shown publicly.", "is_published", writable=True),
        Field("event_is_test", "boolean", "Whether the event exists only for testing.", "is_test", writable=True),
        Field("organization_name", "string", "Who organizes the event.", "organization_name", writable=True),
        Field("location_city", "string", "City where the event takes place.", "location_city", writable=True),
        Field("location_region", "string", "State, province or region.", "location_region", writable=True),
        Field("location_country", "string", "Country code.", "location_country", writable=True),
        Field("location_time_zone", "string", "IANA time zone of the venue, e.g. America/Chicago.",
              "location_time_zone", writable=True),
        modified_field("event_modified"),
    ),
))

registry.register(Resource(
    segment="race", title="Race", model=m.Race, envelope="event_race", id_field="race_id", event_lookup="event_id",
    description=(
        "A race is one competition within an event, with its own course and start: the "
        "marathon and the 10K of the same festival are two races. Note the envelope key "
        "`event_race`, kept from the original service."
    ),
    collections=(Collection("event", "event_race", "event_id", binds={"event_id": "id"}),),
    order_by=("order", "id"),
    required=("race_name",),
    fields=(
        Field("race_id", "resource_id", "The race's identifier.", "id"),
        Field("event_id", "resource_id", "The event the race belongs to.", "event_id"),
        Field("race_name", "string", "Name of the race.", "name", writable=True),
        Field("race_tag", "string", "Short code for the race.", "tag", writable=True),
        Field("race_type", "enum", "Sport of the race.", "race_type", writable=True, choices=RACE_TYPES),
        Field("race_subtype", "string", "Finer kind, e.g. marathon, sprint, olympic.", "subtype", writable=True),
        Field("race_course_distance", "float", "Length of the course in metres.", "course_distance", writable=True),
        Field("race_pref_distance_unit", "enum", "Unit paces are given in: km or mi.", "pref_distance_unit",
              writable=True, choices=DISTANCE_UNITS),
        Field("race_planned_start_time", "epoch_time", "Scheduled start.", "planned_start_time", writable=True),
        Field("race_planned_end_time", "epoch_time", "Scheduled end (course closes).", "planned_end_time",
              writable=True),
        Field("race_actual_start_time", "epoch_time", "When the gun actually went off.", "actual_start_time",
              writable=True),
        Field("race_actual_end_time", "epoch_time", "When the race actually ended.", "actual_end_time",
              writable=True),
        Field("race_age_ref_time", "epoch_time", "The date ages are computed on.", "age_ref_time", writable=True),
        Field("race_order", "integer", "Position of the race in the event's list.", "order", writable=True),
        Field("race_wants_results", "boolean", "Whether results of the race are published.", "wants_results",
              writable=True),
        modified_field("race_modified"),
    ),
))

registry.register(Resource(
    segment="entry", title="Entry", model=m.Entry, envelope="entry", id_field="entry_id", event_lookup="event_id",
    description=(
        "An entry is one athlete's registration in one race: bib, chip, status, wave, team. "
        "The athlete's personal details travel with the entry, so one request returns a "
        "complete start list."
    ),
    collections=(
        Collection("event", "event_entry", "event_id", binds={"event_id": "id"}),
        Collection("race", "race_entry", "race_id", binds={"race_id": "id", "event_id": "event_id"}),
        # In the membership index's (group, entry) order: the entry ids themselves.
        Collection("groups", "group_entry", "memberships__group", order_by=("memberships__entry",),
                   post=add_group_members,
                   post_fields=("entry_id", "entry_bib"),
                   post_summary="Add entries of the group's event to the group, named by entry_id or entry_bib"),
    ),
    parameters=(INCLUDE_TEST_ENTRIES,),
    refine=refine_entries,
    required=("race_id", "athlete_first_name", "athlete_last_name"),
    natural_keys=("entry_bib", "entry_external_id"),
    ranked_entries=entries_ranked,
    fields=(
        Field("entry_id", "resource_id", "The entry's identifier.", "id"),
        Field("event_id", "resource_id", "The event of the entry.", "event_id"),
        Field("race_id", "resource_id", "The race entered.", "race_id", writable=True),
        Field("race_name", "string", "Name of the race entered.", "race__name"),
        Field("entry_name", "string", "Name shown for the entry, usually the athlete's full name.", "name",
              writable=True),
        Field("entry_bib", "string", "Bib number; unique within the event.", "bib", writable=True),
        Field("entry_tag", "string", "Timing chip code.", "tag", writable=True),
        Field("entry_status", "enum", "CONF a confirmed entrant (finished or not), DNS did not start, DNF did not "
              "finish, DQ disqualified. A write may send FIN (finished): it is stored and answered as CONF.",
              "status", writable=True, choices=ENTRY_STATUSES, aliases=m.Entry.STATUS_ALIASES),
        Field("entry_type", "string", "Kind of entry, e.g. individual or relay.", "entry_type", writable=True),
        Field("entry_race_age", "integer", "Age on the race's age date.", "race_age", writable=True),
        Field("entry_external_id", "string", "The registration system's own identifier; unique within the event.",
              "external_id", writable=True),
        Field("entry_is_test", "boolean", "Whether the entry exists only for testing.", "is_test", writable=True),
        *athlete_fields("athlete__"),
        *location_fields("athlete__"),
        Field("team_id", "resource_id", "The entry's team (a group), if any.", "team_id", writable=True),
        Field("team_name", "string", "Name of the team.", "team__name"),
        Field("bracket_name", "string", "The entry's primary bracket, usually its age group.",
              "primary_bracket__name"),
        Field("wave_id", "resource_id", "The start wave.", "wave_id", writable=True),
        Field("wave_name", "string", "Name of the start wave.", "wave__name"),
        modified_field("entry_modified"),
    ),
))


def athlete_ids_of_event(event_id):
    """The athletes of an event in id order, from its entries' (event, athlete) index alone:
    a page of them is a range of that index (as `IN (its entries)`, SQLite gathered all the
    event's athletes for every page)."""
    return m.Entry.objects.filter(event_id=event_id).order_by("athlete_id").values("athlete_id").distinct()


def athletes_of_events(queryset, event_ids):
    return queryset.filter(Exists(m.Entry.objects.filter(athlete_id=OuterRef("id"), event_id__in=event_ids)))


registry.register(Resource(
    segment="athlete", title="Athlete", model=m.Athlete, envelope="athlete", id_field="athlete_id",
    event_lookup="entries__event_id", visible=athletes_of_events,
    creatable=False, deletable=False, ranked_entries=entries_of_athletes,
    not_creatable_reason="athletes are created with their entries; send the athlete fields in an entry",
    description=(
        "An athlete is a person who takes part; the same athlete may hold entries in many "
        "events. You can see an athlete when you can see an event they entered."
    ),
    collections=(
        # The event's entries (index on event and athlete) name the athletes: no probe per
        # athlete of the whole table, whatever the planner believes about the event's size.
        Collection("event", "event_athlete",
                   lambda event_id: Q(id__in=m.Entry.objects.filter(event_id=event_id).values("athlete_id")),
                   binds={}, page_ids=athlete_ids_of_event),
    ),
    fields=(*athlete_fields(), *location_fields(), modified_field("athlete_modified")),
))


def competition_rank(rank_in_block, block_offset):
    """A rank row's place: its rank within its block plus the block's offset (racing.ranking)."""
    return "" if rank_in_block is None else str(rank_in_block + (block_offset or 0))


def hometown(city, region, country):
    return ", ".join(filter(None, (city, region, country)))


RANKING_RANGE = ("bracket_id", "interval_id")
RESULTS_UPLOAD_FIELDS = ("results_entry_id", "results_bib", "results_interval_id", "results_interval_name",
                         "results_start_time", "results_begin_chip_time", "results_end_chip_time",
                         "results_penalty_time", "results_status")

registry.register(Resource(
    segment="results", title="Results", model=m.BracketRank, envelope="results", id_field="results_entry_id",
    has_single=False, event_lookup="bracket__race__event_id",
    order_by=("bracket_id", "interval_id", "unranked", "sort_time", "result_id"), id_source="result__entry_id",
    modified_source="result__modified",
    description=(
        "Results rows: one per entry and interval, ranked within a bracket. Without "
        "parameters you get the full course, ranked overall. Ask for splits with `interval` "
        "and for category ranks with `bracket`. Times are net (chip) times unless named gun "
        "times; ranks use the net time with any penalty added."
    ),
    # Pages of a parent's results are read a bracket and interval at a time (one range of the
    # ranking index each); an entry's few results are found by their entry instead.
    collections=tuple(Collection(parent, f"{parent}_results", scope=None, partitioned_by=RANKING_RANGE)
                      for parent in ("event", "bracket", "interval"))
    + (Collection("entry", "entry_results", scope=None),
       Collection("race", "race_results", scope=None, partitioned_by=RANKING_RANGE, post=upload_results,
                  post_fields=RESULTS_UPLOAD_FIELDS,
                  post_summary="Upload timing results; ranks, paces and times with penalty are recomputed")),
    parameters=(
        Parameter("interval", "string", "An interval id or name, or ALL for every interval. Default: the full course.",
                  example="ALL"),
        Parameter("bracket", "string",
                  "A bracket id or name, or a bracket type (OPEN, SEX, AGE, ELITE, OTHER); ranks are within it. "
                  "Default: the overall (OPEN) bracket.", example="OPEN"),
        INCLUDE_TEST_ENTRIES,
        INCLUDE_NOT_WANTS_RESULTS,
    ),
    refine=refine_results,
    fields=(
        Field("results_entry_id", "resource_id", "The entry the row belongs to.", "result__entry_id"),
        Field("results_bib", "string", "Bib number.", "result__entry__bib"),
        Field("results_first_name", "string", "Athlete's given name.", "result__entry__athlete__first_name"),
        Field("results_last_name", "string", "Athlete's family name.", "result__entry__athlete__last_name"),
        Field("results_sex", "enum", "Athlete's sex.", "result__entry__athlete__sex", choices=SEXES),
        Field("results_age", "integer", "Age on race day.", "result__entry__race_age"),
        Field("results_status", "enum", "Entry status: CONF (finishers too), DNS, DNF or DQ; FIN is accepted on "
              "upload and stored as CONF.", "result__entry__status",
              choices=ENTRY_STATUSES, writable=True, aliases=m.Entry.STATUS_ALIASES),
        Field("results_race_id", "resource_id", "The race.", "bracket__race_id"),
        Field("results_race_name", "string", "Name of the race.", "bracket__race__name"),
        Field("results_event_name", "string", "Name of the event.", "bracket__race__event__name"),
        Field("results_interval_id", "resource_id", "The interval (split) of this row.", "interval_id"),
        Field("results_interval_name", "string", "Name of the interval.", "interval__name"),
        Field("results_interval_full", "boolean", "Whether the interval is the full course.", "interval__is_full"),
        Field("results_time", "string", "Net (chip) time, H:MM:SS with optional tenths.", "result__net_seconds",
              compute=timing.format_duration),
        Field("results_gun_time", "string", "Gun time: from the start gun to the finish.", "result__gun_seconds",
              compute=timing.format_duration),
        Field("results_time_with_penalty", "string", "Net time plus penalty.", "result__net_with_penalty",
              compute=timing.format_duration),
        Field("results_gun_time_with_penalty", "string", "Gun time plus penalty.", "result__gun_with_penalty",
              compute=timing.format_duration),
        Field("results_penalty_time", "string", "Penalty added, H:MM:SS.", "result__penalty_seconds",
              compute=lambda seconds: timing.format_duration(seconds) if seconds else "", writable=True),
        Field("results_start_time", "epoch_time", "When the entry's start gun went off.", "result__gun_start_time", writable=True),
        Field("results_begin_chip_time", "epoch_time", "When the chip crossed the interval's start; empty if not.",
              "result__begin_chip_time", writable=True),
        Field("results_end_chip_time", "epoch_time", "When the chip crossed the interval's end; empty if not.",
              "result__end_chip_time", writable=True),
        Field("results_pace", "string", "Net pace per unit, H:MM:SS (hours always present).",
              ("result__net_seconds", "interval__distance", "bracket__race__pref_distance_unit"), compute=timing.format_pace),
        Field("results_gun_pace", "string", "Gun pace per unit, H:MM:SS (hours always present).",
              ("result__gun_seconds", "interval__distance", "bracket__race__pref_distance_unit"), compute=timing.format_pace),
        Field("results_pace_unit", "string", "Unit of the paces, e.g. min/km.", "bracket__race__pref_distance_unit",
              compute=timing.pace_unit_label),
        Field("results_rank", "integer", "Place within the bracket and interval; empty if not ranked.",
              ("rank_in_block", "block__rank_offset"), compute=competition_rank),
        Field("results_primary_bracket_name", "string", "The entry's primary bracket (age group).",
              "result__entry__primary_bracket__name"),
        Field("results_bracket_name", "string", "The bracket the rank is within.", "bracket__name"),
        Field("results_hometown", "string", "City, Region, Country.",
              ("result__entry__athlete__location_city", "result__entry__athlete__location_region",
               "result__entry__athlete__location_country"), compute=hometown),
        Field("results_state_code", "string", "Region code of the athlete's address.",
              "result__entry__athlete__location_region"),
        Field("results_country_code", "string", "Country code of the athlete's address.",
              "result__entry__athlete__location_country"),
        modified_field("results_modified", "result__modified"),
    ),
))

registry.register(Resource(
    segment="interval", title="Interval", model=m.Interval, envelope="interval", id_field="interval_id",
    event_lookup="race__event_id", order_by=("race_id", "order", "id"),
    description=(
        "An interval is a timed stretch of a race between two timing points: a split such "
        "as 0-10K, a triathlon leg, or the full course (`interval_is_full`)."
    ),
    collections=(Collection("event", "event_interval", "race__event_id"),
                 Collection("race", "race_interval", "race_id", binds={"race_id": "id"})),
    required=("interval_name",),
    fields=(
        Field("interval_id", "resource_id", "The interval's identifier.", "id"),
        Field("race_id", "resource_id", "The race.", "race_id"),
        Field("race_name", "string", "Name of the race.", "race__name"),
        Field("interval_name", "string", "Name of the interval.", "name", writable=True),
        Field("interval_is_full", "boolean", "Whether this interval is the full course.", "is_full", writable=True),
        Field("interval_distance", "float", "Length in metres.", "distance", writable=True),
        Field("interval_order", "integer", "Position among the race's intervals.", "order", writable=True),
        Field("interval_start_timing_point_id", "resource_id", "Timing point where the interval begins.",
              "start_point_id", writable=True),
        Field("interval_end_timing_point_id", "resource_id", "Timing point where the interval ends.",
              "end_point_id", writable=True),
        modified_field("interval_modified"),
    ),
))

registry.register(Resource(
    segment="bracket", title="Bracket", model=m.Bracket, envelope="bracket", id_field="bracket_id",
    event_lookup="race__event_id", order_by=("race_id", "id"),
    description=(
        "A bracket is a ranking category within a race: everyone (OPEN), by sex (SEX), by "
        "age group (AGE), or a chosen set of entries (ELITE, OTHER)."
    ),
    collections=(Collection("event", "event_bracket", "race__event_id"),
                 Collection("race", "race_bracket", "race_id", binds={"race_id": "id"})),
    required=("bracket_name", "bracket_type"),
    ranked_races=races_of(m.Bracket),
    fields=(
        Field("bracket_id", "resource_id", "The bracket's identifier.", "id"),
        Field("race_id", "resource_id", "The race.", "race_id"),
        Field("bracket_name", "string", "Name, e.g. M 30-34.", "name", writable=True),
        Field("bracket_type", "enum", "How members are chosen.", "bracket_type", writable=True,
              choices=BRACKET_TYPES),
        Field("bracket_sex", "enum", "Sex of the members, if restricted.", "sex", writable=True, choices=SEXES),
        Field("bracket_min_age", "integer", "Youngest age included.", "min_age", writable=True),
        Field("bracket_max_age", "integer", "Oldest age included.", "max_age", writable=True),
        Field("bracket_wants_leaderboard", "boolean", "Whether a leaderboard is shown for it.", "wants_leaderboard",
              writable=True),
        Field("bracket_tag", "string", "Short code.", "tag", writable=True),
        modified_field("bracket_modified"),
    ),
))

registry.register(Resource(
    segment="wave", title="Wave", model=m.Wave, envelope="wave", id_field="wave_id", event_lookup="race__event_id",
    order_by=("race_id", "start_time", "id"),
    description="A wave is a group of entries of one race that start together; gun times count from its start.",
    collections=(Collection("event", "event_wave", "race__event_id"),
                 Collection("race", "race_wave", "race_id", binds={"race_id": "id"})),
    required=("wave_name",),
    fields=(
        Field("wave_id", "resource_id", "The wave's identifier.", "id"),
        Field("race_id", "resource_id", "The race.", "race_id"),
        Field("wave_name", "string", "Name of the wave.", "name", writable=True),
        Field("wave_start_time", "epoch_time", "When the wave starts.", "start_time", writable=True),
        modified_field("wave_modified"),
    ),
))


def at_interval_ends(point_lookup):
    """A collection scope: `point_lookup` is the start or the end timing point of the interval
    (subqueries, not a join, so no row comes twice)."""
    def scope(interval_id):
        ends = m.Interval.objects.filter(id=interval_id)
        return Q(**{f"{point_lookup}__in": ends.values("start_point_id")}) | \
            Q(**{f"{point_lookup}__in": ends.values("end_point_id")})
    return scope


registry.register(Resource(
    segment="timing-point", title="Timing point", model=m.TimingPoint, envelope="timing_point",
    id_field="timing_point_id", event_lookup="event_id", order_by=("event_id", "distance_from_start", "id"),
    description="A timing point is a place on the course where chips are read: the start, a split, the finish.",
    collections=(
        Collection("event", "event_timing_point", "event_id", binds={"event_id": "id"}),
        Collection("race", "race_timing_point", "race_id", binds={"race_id": "id", "event_id": "event_id"}),
        Collection("interval", "interval_timing_point", at_interval_ends("id")),
    ),
    required=("timing_point_name",),
    fields=(
        Field("timing_point_id", "resource_id", "The timing point's identifier.", "id"),
        Field("event_id", "resource_id", "The event.", "event_id"),
        Field("race_id", "resource_id", "The race it serves, if only one.", "race_id", writable=True),
        Field("timing_point_name", "string", "Name, e.g. 10K split.", "name", writable=True),
        Field("timing_point_cp_type", "enum", "Kind of checkpoint.", "cp_type", writable=True,
              choices=CHECKPOINT_TYPES),
        Field("timing_point_distance_from_start", "float", "Distance from the start in metres.",
              "distance_from_start", writable=True),
        modified_field("timing_point_modified"),
    ),
))


registry.register(Resource(
    segment="timing-device", title="Timing device", model=m.TimingDevice, envelope="timing_device",
    id_field="timing_device_id", event_lookup="event_id",
    description="A timing device is a chip reader placed at a timing point.",
    collections=(
        Collection("event", "event_timing_device", "event_id", binds={"event_id": "id"}),
        Collection("race", "race_timing_device", "timing_point__race_id"),
        Collection("interval", "interval_timing_device", at_interval_ends("timing_point_id")),
        Collection("timing-point", "timing_point_timing_device", "timing_point_id",
                   binds={"timing_point_id": "id", "event_id": "event_id"}),
    ),
    required=("timing_device_name",),
    fields=(
        Field("timing_device_id", "resource_id", "The device's identifier.", "id"),
        Field("event_id", "resource_id", "The event.", "event_id"),
        Field("timing_point_id", "resource_id", "Where the device is placed.", "timing_point_id", writable=True),
        Field("timing_device_name", "string", "Name of the device.", "name", writable=True),
        Field("timing_device_serial", "string", "Manufacturer's serial number.", "serial", writable=True),
        Field("timing_device_type", "string", "Model or kind of reader.", "device_type", writable=True),
        modified_field("timing_device_modified"),
    ),
))

registry.register(Resource(
    segment="timing-mat", title="Timing mat", model=m.TimingMat, envelope="timing_mat", id_field="timing_mat_id",
    event_lookup="device__event_id", order_by=("device_id", "port", "id"),
    description="A timing mat is an antenna mat plugged into one port of a timing device.",
    collections=(Collection("timing-device", "timing_mat", "device_id", binds={"device_id": "id"}),),
    required=("timing_mat_name",),
    fields=(
        Field("timing_mat_id", "resource_id", "The mat's identifier.", "id"),
        Field("timing_device_id", "resource_id", "The device it is plugged into.", "device_id", writable=True),
        Field("timing_mat_name", "string", "Name of the mat.", "name", writable=True),
        Field("timing_mat_port", "integer", "Port number on the device.", "port", writable=True),
        modified_field("timing_mat_modified"),
    ),
))

registry.register(Resource(
    segment="groups", title="Group", model=m.Group, envelope="group", id_field="group_id", event_lookup="event_id",
    description=(
        "A group gathers entries of an event: a team, a club, a company. The path segment "
        "is plural (`/api/groups`), the envelope key singular."
    ),
    collections=(Collection("event", "event_group", "event_id", binds={"event_id": "id"}),
                 Collection("entry", "entry_group", "entries")),
    required=("group_name",),
    fields=(
        Field("group_id", "resource_id", "The group's identifier.", "id"),
        Field("event_id", "resource_id", "The event.", "event_id"),
        Field("group_name", "string", "Name of the group.", "name", writable=True),
        Field("group_type", "string", "Kind of group, e.g. team or club.", "group_type", writable=True),
        modified_field("group_modified"),
    ),
))
