"""The world of endurance racing: events, races, entries and the timing that produces results.

Every model records `modified` (last change) because API clients sync with
`modified_after`/`modified_before`. Derived results (times, ranks) are stored when timing
data is written (see `racing.ranking`), never computed per request.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"


class Timestamped(models.Model):
    modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Event(Timestamped):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    site_uri = models.CharField(max_length=300, blank=True)
    is_published = models.BooleanField(default=True)
    is_test = models.BooleanField(default=False)
    organization_name = models.CharField(max_length=200, blank=True)
    location_city = models.CharField(max_length=100, blank=True)
    location_region = models.CharField(max_length=100, blank=True)
    location_country = models.CharField(max_length=100, blank=True)
    location_time_zone = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.name


class EventGrant(models.Model):
    """A user's access to one event; API callers see only the events granted to them."""

    # The user lives in the shared `default` database, the grant in its environment's (the
    # testing database has no user table): no database constraint (ctlive/routers.py).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_grants",
                             db_constraint=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="grants")
    can_write = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_grant_per_user_and_event")]

    def __str__(self):
        return f"{self.user} → {self.event}"


class Race(Timestamped):
    class Type(models.TextChoices):
        RUNNING = "running"
        BIKING = "biking"
        SWIMMING = "swimming"
        MULTISPORT = "multisport"
        OTHER = "other"

    class DistanceUnit(models.TextChoices):
        KILOMETRES = "km", "kilometres"
        MILES = "mi", "miles"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="races")
    name = models.CharField(max_length=200)
    tag = models.CharField(max_length=50, blank=True)
    race_type = models.CharField(max_length=20, choices=Type.choices, default=Type.RUNNING)
    subtype = models.CharField(max_length=50, blank=True)
    course_distance = models.FloatField(null=True, blank=True, help_text="metres")
    pref_distance_unit = models.CharField(max_length=2, choices=DistanceUnit.choices, default=DistanceUnit.KILOMETRES)
    planned_start_time = models.DateTimeField(null=True, blank=True)
    planned_end_time = models.DateTimeField(null=True, blank=True)
    actual_start_time = models.DateTimeField(null=True, blank=True)
    actual_end_time = models.DateTimeField(null=True, blank=True)
    age_ref_time = models.DateTimeField(null=True, blank=True)
    order = models.IntegerField(default=0)
    wants_results = models.BooleanField(default=True)

    def __str__(self):
        return self.name


class Athlete(Timestamped):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    birthdate = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    home_phone = models.CharField(max_length=40, blank=True)
    mobile_phone = models.CharField(max_length=40, blank=True)
    location_street = models.CharField(max_length=200, blank=True)
    location_street2 = models.CharField(max_length=200, blank=True)
    location_city = models.CharField(max_length=100, blank=True)
    location_region = models.CharField(max_length=100, blank=True)
    location_postal_code = models.CharField(max_length=20, blank=True)
    location_country = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Group(Timestamped):
    """A named set of entries within an event: a team, a club, a corporate challenge."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    group_type = models.CharField(max_length=30, default="team")

    def __str__(self):
        return self.name


class Wave(Timestamped):
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(max_length=100)
    start_time = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class Bracket(Timestamped):
    """A ranking category. OPEN, SEX and AGE brackets select entries by rule; ELITE and
    OTHER ones by explicit membership."""

    class Type(models.TextChoices):
        OPEN = "OPEN"
        SEX = "SEX"
        AGE = "AGE"
        ELITE = "ELITE"
        OTHER = "OTHER"

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="brackets")
    name = models.CharField(max_length=100)
    bracket_type = models.CharField(max_length=10, choices=Type.choices, default=Type.OPEN)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    min_age = models.IntegerField(null=True, blank=True)
    max_age = models.IntegerField(null=True, blank=True)
    wants_leaderboard = models.BooleanField(default=True)
    tag = models.CharField(max_length=50, blank=True)
    members = models.ManyToManyField("Entry", blank=True, related_name="explicit_brackets")

    def __str__(self):
        return self.name


class TimingPoint(Timestamped):
    class CheckpointType(models.TextChoices):
        START = "start"
        INTERNAL = "internal"
        FINISH = "finish"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timing_points")
    race = models.ForeignKey(Race, on_delete=models.CASCADE, null=True, blank=True, related_name="timing_points")
    name = models.CharField(max_length=100)
    cp_type = models.CharField(max_length=10, choices=CheckpointType.choices, default=CheckpointType.INTERNAL)
    distance_from_start = models.FloatField(null=True, blank=True, help_text="metres")

    def __str__(self):
        return self.name


class Interval(Timestamped):
    """A stretch of a race between two timing points; the full course has `is_full`."""

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="intervals")
    name = models.CharField(max_length=100)
    is_full = models.BooleanField(default=False)
    distance = models.FloatField(null=True, blank=True, help_text="metres")
    order = models.IntegerField(default=0)
    start_point = models.ForeignKey(
        TimingPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="intervals_started"
    )
    end_point = models.ForeignKey(
        TimingPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="intervals_ended"
    )

    def __str__(self):
        return self.name


class TimingDevice(Timestamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timing_devices")
    timing_point = models.ForeignKey(
        TimingPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    name = models.CharField(max_length=100)
    serial = models.CharField(max_length=100, blank=True)
    device_type = models.CharField(max_length=50, blank=True)

    def __str__(self):
        return self.name


class TimingMat(Timestamped):
    device = models.ForeignKey(TimingDevice, on_delete=models.CASCADE, related_name="mats")
    name = models.CharField(max_length=100)
    port = models.IntegerField(null=True, blank=True)

    def __str__(self):
        return self.name


class Entry(Timestamped):
    """One athlete's registration in one race."""

    class Status(models.TextChoices):
        # A confirmed entrant, finished or not: the original service's clients fetch
        # results for CONF entries and know no other mark of a finisher.
        CONFIRMED = "CONF"
        DID_NOT_START = "DNS"
        DID_NOT_FINISH = "DNF"
        DISQUALIFIED = "DQ"

    # Statuses clients write that are stored as another: FIN (finished) is a CONF entrant.
    STATUS_ALIASES = (("FIN", Status.CONFIRMED.value),)

    @classmethod
    def stored_status(cls, status):
        """The status kept for one a client wrote (FIN becomes CONF; others stay)."""
        return dict(cls.STATUS_ALIASES).get(status, status)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="entries")
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="entries")
    athlete = models.ForeignKey(Athlete, on_delete=models.PROTECT, related_name="entries")
    name = models.CharField(max_length=200, blank=True)
    bib = models.CharField(max_length=20, blank=True)
    tag = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.CONFIRMED)
    entry_type = models.CharField(max_length=20, default="individual")
    race_age = models.IntegerField(null=True, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    is_test = models.BooleanField(default=False)
    team = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="team_entries")
    groups = models.ManyToManyField(Group, blank=True, related_name="entries", through="GroupMembership")
    wave = models.ForeignKey(Wave, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries")
    primary_bracket = models.ForeignKey(
        Bracket, on_delete=models.SET_NULL, null=True, blank=True, related_name="primary_entries"
    )

    class Meta:
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["event", "bib"], condition=~Q(bib=""), name="unique_bib_per_event"),
            models.UniqueConstraint(
                fields=["event", "external_id"], condition=~Q(external_id=""), name="unique_external_id_per_event"
            ),
        ]
        indexes = [
            # Lists hide test entries by default and go in id order: a page and its count
            # read a range of one of these (PostgreSQL needs the id in the index for the order).
            models.Index(fields=["event", "is_test", "id"], name="entry_event_test_id"),
            models.Index(fields=["race", "is_test", "id"], name="entry_race_test_id"),
            # The athletes of an event, read from its entries alone.
            models.Index(fields=["event", "athlete"], name="entry_event_athlete"),
        ]

    def __str__(self):
        return f"{self.bib} {self.name}".strip()


class GroupMembership(models.Model):
    """An entry's place in a group: the table of `Entry.groups`, declared so that a group's
    entries can be listed by its index on (group, entry), in entry order (ordered by the
    entry's own id, SQLite sorted every member of the group, fully joined, for each page)."""

    # No index of their own: (entry, group) and (group, entry) below begin with each column,
    # so a single-column index would only be one more to write for every membership.
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="memberships", db_index=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", db_index=False)

    class Meta:
        db_table = "racing_entry_groups"
        unique_together = [("entry", "group")]
        indexes = [models.Index(fields=["group", "entry"], name="membership_group_entry")]

    def __str__(self):
        return f"{self.entry} in {self.group}"


class Result(Timestamped):
    """Timing of one entry over one interval. Times are epoch seconds (with fractions);
    the durations below are derived from them when the result is written."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="results")
    interval = models.ForeignKey(Interval, on_delete=models.CASCADE, related_name="results")
    gun_start_time = models.FloatField(null=True, blank=True)
    begin_chip_time = models.FloatField(null=True, blank=True)
    end_chip_time = models.FloatField(null=True, blank=True)
    penalty_seconds = models.FloatField(default=0)
    net_seconds = models.FloatField(null=True, blank=True, editable=False)
    gun_seconds = models.FloatField(null=True, blank=True, editable=False)
    net_with_penalty = models.FloatField(null=True, blank=True, editable=False)
    gun_with_penalty = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "interval"], name="one_result_per_entry_interval")]

    def __str__(self):
        return f"{self.entry} @ {self.interval}"


class RankBlock(models.Model):
    """A run of consecutive ranked rows of one bracket and interval whose ranks move together.

    A row's competition rank is its `rank_in_block` plus its block's `rank_offset`, so that a
    write moving the ranks of every slower row changes the offset of each block wholly slower
    (one small row per about a hundred rank rows) and row by row only the members of the block
    or two its times fall into (racing/ranking.py). `low_time` and `high_time` bound the sort
    times of the members (they may be wider, never narrower).
    """

    bracket = models.ForeignKey(Bracket, on_delete=models.CASCADE, related_name="rank_blocks")
    interval = models.ForeignKey(Interval, on_delete=models.CASCADE, related_name="rank_blocks")
    rank_offset = models.IntegerField(default=0)
    low_time = models.FloatField()
    high_time = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["bracket", "interval", "low_time"], name="rank_block_order")]


class BracketRankQuerySet(models.QuerySet):
    def with_rank(self):
        """The rows with their competition rank as `rank` (empty for the unranked)."""
        return self.annotate(rank=models.F("rank_in_block") + Coalesce("block__rank_offset", 0))


class BracketRank(models.Model):
    """An entry's place in one bracket over one interval, kept current as results change.

    The sort key (`unranked`, `sort_time`, result id) orders every member, finishers by
    time and then the rest, so that a results page is an index range scan; the competition
    rank is `rank_in_block` plus the offset of the row's block (`with_rank()`), empty for
    non-finishers (racing/ranking.py keeps both current).
    """

    bracket = models.ForeignKey(Bracket, on_delete=models.CASCADE, related_name="ranks")
    interval = models.ForeignKey(Interval, on_delete=models.CASCADE, related_name="ranks")
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="ranks")
    # Ranked rows only; ranking.recompute_race deletes a race's rows before its blocks.
    block = models.ForeignKey(RankBlock, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="members")
    rank_in_block = models.IntegerField(null=True, blank=True)
    # Not ranked: no time, a test entry, or DNS/DNF/DQ. Such rows sort after the ranked ones.
    unranked = models.BooleanField(default=False)
    # The chip time with penalty, or racing.ranking.SLOWEST without one (never NULL, so that
    # both databases order alike).
    sort_time = models.FloatField()
    # A copy of the entry's test flag: lists hide test entries, and the filter must stay
    # inside the ranking index for a page to be a plain index range.
    entry_is_test = models.BooleanField(default=False)

    objects = BracketRankQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bracket", "result"], name="one_rank_per_bracket_result")]
        indexes = [models.Index(fields=["bracket", "interval", "entry_is_test", "unranked", "sort_time", "result"],
                                name="rank_page_order")]
