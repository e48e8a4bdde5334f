"""Writing the planned races to the database (bulk inserts, then ranks computed like any
timing upload), and finding or deleting the demo events already there."""
import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count

from .. import models as m
from ..ranking import recompute_race
from ..timing import age_on
from .scenario import DEMO_EVENT_NAMES
from .simulation import FINISHED, crossing_epochs, expected_entries, is_timed, plan_race, race_size

SEED = 20261018
BATCH_SIZE = 2000


def local_time(spec, day, hhmm):
    """A wall-clock time at the venue, stored in UTC."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo(spec.time_zone)).astimezone(
        UTC)


def chunks(items, size):
    """Slices of a list, so that memory and statement sizes stay bounded at any scale."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Progress:
    """Counts work units (one per entry and phase) and reports them to a callback."""

    def __init__(self, total, callback):
        self.total, self.done, self.callback = total, 0, callback

    def advance(self, units, label):
        self.done += units
        if self.callback:
            self.callback(min(self.done, self.total), self.total, label)


def create_event(spec):
    """The event row; its times span its races."""
    starts = [local_time(spec, spec.day, race.start) for race in spec.races]
    ends = [start + timedelta(hours=race.cutoff_hours) for start, race in zip(starts, spec.races)]
    return m.Event.objects.create(
        name=spec.name, description=spec.description, start_time=min(starts), end_time=max(ends),
        site_uri=spec.site_uri, is_published=True, is_test=spec.is_test, organization_name=spec.organization,
        location_city=spec.city, location_region=spec.region, location_country=spec.country,
        location_time_zone=spec.time_zone,
    )


def create_race(event, spec, race, order, plans, waves_start):
    """The race row, with the actual end set to its last finisher."""
    planned_start = local_time(spec, spec.day, race.start)
    finish_times = [
        crossing_epochs(plan, waves_start[plan.wave].timestamp())[-1]
        for plan in plans if plan.status in (FINISHED, m.Entry.Status.DISQUALIFIED)
    ]
    planned_end = planned_start + timedelta(hours=race.cutoff_hours)
    actual_end = datetime.fromtimestamp(int(max(finish_times)) + 1, UTC) if finish_times else planned_end
    return m.Race.objects.create(
        event=event, name=race.name, tag=race.tag, race_type=race.race_type, subtype=race.subtype,
        course_distance=race.course.distance, pref_distance_unit=race.unit,
        planned_start_time=planned_start, planned_end_time=planned_end,
        actual_start_time=waves_start[0], actual_end_time=actual_end,
        age_ref_time=planned_start, order=order, wants_results=True,
    )


def wave_starts(spec, race):
    """The gun of each wave: the race starts 40 seconds late, later waves are staggered."""
    gun = local_time(spec, spec.day, race.start) + timedelta(seconds=40)
    return [gun + timedelta(minutes=wave.offset_minutes) for wave in race.waves]


def create_brackets(race_row, race):
    """Overall, Male/Female and five-year age groups per sex (under 20 … 80+), plus the
    race's explicit brackets; returns the explicit ones in spec order."""
    brackets = [m.Bracket(race=race_row, name="Overall", bracket_type=m.Bracket.Type.OPEN, tag="OA")]
    if race.sex_brackets:
        brackets += [m.Bracket(race=race_row, name=label, bracket_type=m.Bracket.Type.SEX, sex=sex, tag=sex)
                     for sex, label in (("M", "Male"), ("F", "Female"))]
    if race.age_brackets:
        for sex in ("M", "F"):
            brackets.append(m.Bracket(race=race_row, name=f"{sex} Under 20", bracket_type=m.Bracket.Type.AGE,
                                      sex=sex, max_age=19, tag=f"{sex}U20"))
            for low in range(20, 80, 5):
                brackets.append(m.Bracket(race=race_row, name=f"{sex} {low}-{low + 4}",
                                          bracket_type=m.Bracket.Type.AGE, sex=sex, min_age=low, max_age=low + 4,
                                          tag=f"{sex}{low}-{low + 4}"))
            brackets.append(m.Bracket(race=race_row, name=f"{sex} 80+", bracket_type=m.Bracket.Type.AGE,
                                      sex=sex, min_age=80, tag=f"{sex}80+"))
    explicit = [m.Bracket(race=race_row, name=b.name, bracket_type=b.bracket_type, tag=b.tag)
                for b in race.explicit_brackets]
    m.Bracket.objects.bulk_create(brackets + explicit)
    return explicit


def create_course(rng, event, spec, race_row, race):
    """Timing points (with devices and mats) and the intervals between them."""
    points = []
    for point in race.course.points(race.name):
        points.append(m.TimingPoint.objects.create(
            event=event, race=race_row, name=point.name, cp_type=point.cp_type,
            distance_from_start=point.distance))
    create_devices(rng, event, spec, points)
    intervals = [
        m.Interval(race=race_row, name=interval.name, is_full=interval.is_full, distance=interval.distance,
                   order=order, start_point=points[interval.start], end_point=points[interval.end])
        for order, interval in enumerate(race.course.intervals(), start=1)
    ]
    m.Interval.objects.bulk_create(intervals)
    return intervals


def create_devices(rng, event, spec, points):
    """One decoder per timing point, two on start and finish lines, each with 2–4 mats."""
    for point in points:
        count = 1 if point.cp_type == m.TimingPoint.CheckpointType.INTERNAL else 2
        for letter in "AB"[:count]:
            device = m.TimingDevice.objects.create(
                event=event, timing_point=point, name=f"{point.name} {letter}",
                serial=f"{spec.chip_prefix}-{rng.randint(100000, 999999)}", device_type=spec.device_type)
            m.TimingMat.objects.bulk_create(
                [m.TimingMat(device=device, name=f"{point.name} {letter} mat {port}", port=port)
                 for port in range(1, rng.randint(2, 4) + 1)])


def create_waves(race_row, race, starts):
    """Wave rows in spec order, so a plan's wave index picks its row."""
    waves = [m.Wave(race=race_row, name=wave.name, start_time=start) for wave, start in zip(race.waves, starts)]
    m.Wave.objects.bulk_create(waves)
    return waves


def insert_entries(event, spec, race, race_row, plans, groups, waves, explicit, external_start, progress):
    """Athletes, entries and their group and bracket memberships, in batches."""
    entries = []
    label = f"{race_row.name}: entries"
    for batch in chunks(plans, BATCH_SIZE):
        m.Athlete.objects.bulk_create([plan.athlete for plan in batch], batch_size=BATCH_SIZE)
        rows = [
            m.Entry(
                event=event, race=race_row, athlete=plan.athlete, name=plan.name, bib=str(plan.bib),
                tag=f"{spec.chip_prefix}{plan.bib:06d}", status=m.Entry.stored_status(plan.status),
                entry_type=race.entry_type,
                race_age=age_on(plan.athlete.birthdate, race_row.age_ref_time),
                external_id=f"REG-{external_start + len(entries) + offset:06d}", is_test=plan.is_test,
                team=groups[plan.team] if plan.team is not None else None, wave=waves[plan.wave],
            )
            for offset, plan in enumerate(batch)
        ]
        m.Entry.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        entries.extend(rows)
        progress.advance(len(batch), label)
    memberships = [m.Entry.groups.through(entry_id=entry.id, group_id=groups[g].id)
                   for entry, plan in zip(entries, plans) for g in plan.groups]
    m.Entry.groups.through.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    members = [m.Bracket.members.through(bracket_id=explicit[b].id, entry_id=entry.id)
               for entry, plan in zip(entries, plans) for b in plan.explicit]
    m.Bracket.members.through.objects.bulk_create(members, batch_size=BATCH_SIZE)
    return entries


def insert_results(race_row, race, plans, entries, intervals, starts, progress):
    """Result rows per entry and timed interval; durations and ranks come later."""
    specs = list(zip(race.course.intervals(), intervals))
    label = f"{race_row.name}: results"
    total = 0
    for batch in chunks(list(zip(plans, entries)), BATCH_SIZE):
        rows = []
        for plan, entry in batch:
            gun = starts[plan.wave].timestamp()
            epochs = crossing_epochs(plan, gun)
            for spec, interval in specs:
                if is_timed(plan, spec):
                    rows.append(m.Result(
                        entry=entry, interval=interval, gun_start_time=gun, begin_chip_time=epochs[spec.start],
                        end_chip_time=epochs[spec.end], penalty_seconds=plan.penalty if spec.is_full else 0.0))
        m.Result.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
        progress.advance(len(batch), label)
    return total


def build_event(spec, scale, progress, counters):
    """One demo event with all its races, written and ranked."""
    event = create_event(spec)
    groups = [m.Group(event=event, name=group.name, group_type=group.group_type) for group in spec.groups]
    m.Group.objects.bulk_create(groups)
    bib_start, serial = 1, 1
    for order, race in enumerate(spec.races, start=1):
        rng = random.Random(f"{SEED}:{spec.name}:{race.name}")
        count = race_size(race, scale)
        starts = wave_starts(spec, race)
        plans = plan_race(rng, spec, race, count, spec.day, serial, bib_start)
        race_row = create_race(event, spec, race, order, plans, starts)
        waves = create_waves(race_row, race, starts)
        explicit = create_brackets(race_row, race)
        intervals = create_course(rng, event, spec, race_row, race)
        entries = insert_entries(event, spec, race, race_row, plans, groups, waves, explicit, serial, progress)
        counters["results"] += insert_results(race_row, race, plans, entries, intervals, starts, progress)
        recompute_race(race_row.id)
        progress.advance(count, f"{race_row.name}: ranks")
        counters["entries"] += count
        counters["races"] += 1
        serial += count
        bib_start = ((bib_start + count - 1) // 10000 + 1) * 10000 + 1
    counters["events"] += 1
    return event


# --- Existing demo data ------------------------------------------------------------------


def demo_events():
    """Demo events are recognised by name: the command owns these names."""
    return m.Event.objects.filter(name__in=DEMO_EVENT_NAMES)


def seeded_state(scale):
    """'absent', 'same' (every demo event with the entry count of this scale) or
    'different'; entry counts per event name are the marker, so no extra table is needed."""
    counts = {}
    for name, entries in demo_events().annotate(entry_count=Count("entries")).values_list("name", "entry_count"):
        counts.setdefault(name, []).append(entries)
    if not counts:
        return "absent"
    expected = {name: [entries] for name, entries in expected_entries(scale).items()}
    return "same" if counts == expected else "different"


def delete_demo():
    """Remove the demo events and the athletes only they used. Leaf tables go first with
    plain filtered deletes, so the collector never loads hundreds of thousands of rows."""
    event_ids = list(demo_events().values_list("id", flat=True))
    if not event_ids:
        return 0
    athlete_ids = sorted(set(m.Entry.objects.filter(event_id__in=event_ids).values_list("athlete_id", flat=True)))
    m.BracketRank.objects.filter(bracket__race__event_id__in=event_ids).delete()
    m.Result.objects.filter(entry__event_id__in=event_ids).delete()
    m.Entry.groups.through.objects.filter(entry__event_id__in=event_ids).delete()
    m.Bracket.members.through.objects.filter(bracket__race__event_id__in=event_ids).delete()
    m.Entry.objects.filter(event_id__in=event_ids).delete()
    m.Event.objects.filter(id__in=event_ids).delete()
    for batch in chunks(athlete_ids, 500):
        m.Athlete.objects.filter(id__in=batch, entries__isnull=True).delete()
    return len(event_ids)
